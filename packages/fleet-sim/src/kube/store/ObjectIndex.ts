import { KubeObject } from '../types';

export interface IndexedRef {
  defKey: string;
  key: string;
}

/**
 * uid -> object and owner uid -> dependents, so the garbage collector never scans the world.
 */
export class ObjectIndex {
  readonly #byUid = new Map<string, IndexedRef>();
  readonly #dependents = new Map<string, Map<string, IndexedRef>>();

  byUid(uid: string): IndexedRef | undefined {
    return this.#byUid.get(uid);
  }

  dependentsOf(ownerUid: string): IndexedRef[] {
    return [...(this.#dependents.get(ownerUid)?.values() ?? [])];
  }

  /** Re-indexes one object after a write; `next` undefined means it was removed. */
  update(
    defKey: string,
    key: string,
    previous: KubeObject | undefined,
    next: KubeObject | undefined,
  ): void {
    const ref = { defKey, key };
    const id = `${defKey}|${key}`;
    if (previous?.metadata.uid) {
      if (!next) this.#byUid.delete(previous.metadata.uid);
      for (const owner of previous.metadata.ownerReferences ?? []) {
        const set = this.#dependents.get(owner.uid);
        set?.delete(id);
        if (set?.size === 0) this.#dependents.delete(owner.uid);
      }
    }
    if (next?.metadata.uid) {
      this.#byUid.set(next.metadata.uid, ref);
      for (const owner of next.metadata.ownerReferences ?? []) {
        let set = this.#dependents.get(owner.uid);
        if (!set) this.#dependents.set(owner.uid, (set = new Map()));
        set.set(id, ref);
      }
    }
  }
}
