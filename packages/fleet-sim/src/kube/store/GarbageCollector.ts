import { isKubeApiError } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import { KubeObject } from '../types';
import type { ClusterObjectRegistry } from './ClusterObjectRegistry';
import { ObjectIndex } from './ObjectIndex';
import { StoredObject } from './StoredObject';
import { FINALIZER_FOREGROUND, FINALIZER_ORPHAN } from './writeRules';

/**
 * kube-controller-manager's garbage collector (pkg/controller/garbagecollector):
 * - background: once an owner is gone, a dependent with no remaining owner is deleted; one with
 *   other live owners loses the dangling ownerReference;
 * - orphan: an owner being deleted with the `orphan` finalizer has its ownerReference removed from
 *   every dependent (orphanDependents), then the finalizer removed, so the dependents survive;
 * - foreground: an owner being deleted with `foregroundDeletion` has its dependents deleted
 *   (foreground for those that block it, background otherwise) and keeps the finalizer until no
 *   dependent with blockOwnerDeletion is left.
 * Runs asynchronously (next timer tick) like the real controller; writes as kube-controller-manager.
 */
const MANAGER = 'kube-controller-manager';

interface Located {
  def: ResourceDefinition;
  entry: StoredObject;
}

export class GarbageCollector {
  readonly #store: ClusterObjectRegistry;
  readonly #index: ObjectIndex;

  constructor(store: ClusterObjectRegistry, index: ObjectIndex) {
    this.#store = store;
    this.#index = index;
  }

  ownerRemoved(ownerUid: string): void {
    if (this.#index.dependentsOf(ownerUid).length === 0) return;
    this.#store.clock.setTimer(0, () => this.#collect(ownerUid));
  }

  /** An object just got its deletionTimestamp. */
  ownerDeleting(owner: KubeObject): void {
    const finalizers = owner.metadata.finalizers ?? [];
    const uid = owner.metadata.uid;
    if (!uid) return;
    if (
      finalizers.includes(FINALIZER_ORPHAN) ||
      finalizers.includes(FINALIZER_FOREGROUND)
    ) {
      this.#store.clock.setTimer(0, () => this.#processDeleting(uid));
    }
  }

  /** A removed dependent may be the last one a foreground deletion waits for. */
  dependentRemoved(dependent: KubeObject): void {
    for (const ref of dependent.metadata.ownerReferences ?? []) {
      const owner = this.#lookup(ref.uid);
      if (owner?.object.metadata.finalizers?.includes(FINALIZER_FOREGROUND)) {
        this.#store.clock.setTimer(0, () => this.#processDeleting(ref.uid));
      }
    }
  }

  #lookup(uid: string) {
    const ref = this.#index.byUid(uid);
    const def = ref && this.#store.catalog.byKey(ref.defKey);
    const entry = def && this.#store.table(def).get(ref.key);
    return def && entry ? { def, entry, object: entry.object } : undefined;
  }

  #dependents(ownerUid: string) {
    return this.#index
      .dependentsOf(ownerUid)
      .map(ref => {
        const def = this.#store.catalog.byKey(ref.defKey);
        const entry = def && this.#store.table(def).get(ref.key);
        return def && entry ? { def, entry } : undefined;
      })
      .filter((x): x is Located => x !== undefined);
  }

  #guarded(write: () => void): void {
    try {
      write();
    } catch (error) {
      // the object changed or vanished meanwhile; the real GC would simply requeue
      if (!isKubeApiError(error)) throw error;
    }
  }

  #setOwnerReferences(target: Located, keep: (uid: string) => boolean): void {
    const { name, namespace } = target.entry.object.metadata;
    this.#guarded(() =>
      this.#store.patchObject(
        target.def,
        namespace,
        name,
        obj => {
          const refs = (obj.metadata.ownerReferences ?? []).filter(r =>
            keep(r.uid),
          );
          if (refs.length) obj.metadata.ownerReferences = refs;
          else delete obj.metadata.ownerReferences;
          return obj;
        },
        false,
        { fieldManager: MANAGER },
      ),
    );
  }

  #removeFinalizer(ownerUid: string, finalizer: string): void {
    const owner = this.#lookup(ownerUid);
    if (!owner) return;
    const { name, namespace } = owner.object.metadata;
    this.#guarded(() =>
      this.#store.patchObject(
        owner.def,
        namespace,
        name,
        obj => {
          const rest = (obj.metadata.finalizers ?? []).filter(
            f => f !== finalizer,
          );
          if (rest.length) obj.metadata.finalizers = rest;
          else delete obj.metadata.finalizers;
          return obj;
        },
        false,
        { fieldManager: MANAGER },
      ),
    );
  }

  #processDeleting(ownerUid: string): void {
    const owner = this.#lookup(ownerUid);
    if (!owner?.object.metadata.deletionTimestamp) return;
    const finalizers = owner.object.metadata.finalizers ?? [];
    if (finalizers.includes(FINALIZER_ORPHAN)) {
      for (const dependent of this.#dependents(ownerUid))
        this.#setOwnerReferences(dependent, uid => uid !== ownerUid);
      this.#removeFinalizer(ownerUid, FINALIZER_ORPHAN);
      return;
    }
    if (!finalizers.includes(FINALIZER_FOREGROUND)) return;
    for (const { def, entry } of this.#dependents(ownerUid)) {
      const meta = entry.object.metadata;
      const blocks = (meta.ownerReferences ?? []).some(
        r => r.uid === ownerUid && r.blockOwnerDeletion,
      );
      if (meta.deletionTimestamp) continue;
      this.#guarded(() =>
        this.#store.deleteObject(def, meta.namespace, meta.name, {
          propagationPolicy: blocks ? 'Foreground' : 'Background',
        }),
      );
    }
    // dependents deleted at once are gone now; the others report back through dependentRemoved
    const stillBlocking = this.#dependents(ownerUid).some(({ entry }) =>
      (entry.object.metadata.ownerReferences ?? []).some(
        r => r.uid === ownerUid && r.blockOwnerDeletion,
      ),
    );
    if (!stillBlocking) this.#removeFinalizer(ownerUid, FINALIZER_FOREGROUND);
  }

  #collect(ownerUid: string): void {
    for (const dependent of this.#dependents(ownerUid)) {
      const { def, entry } = dependent;
      const owners = entry.object.metadata.ownerReferences ?? [];
      const live = owners.filter(o => this.#index.byUid(o.uid));
      const { name, namespace } = entry.object.metadata;
      if (live.length === 0) {
        this.#guarded(() =>
          this.#store.deleteObject(def, namespace, name, {
            propagationPolicy: 'Background',
          }),
        );
      } else if (live.length < owners.length) {
        this.#setOwnerReferences(dependent, uid =>
          Boolean(this.#index.byUid(uid)),
        );
      }
    }
  }
}
