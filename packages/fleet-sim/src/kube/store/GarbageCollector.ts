import { isKubeApiError } from '../apiErrors';
import type { ClusterObjectRegistry } from './ClusterObjectRegistry';
import { ObjectIndex } from './ObjectIndex';

/**
 * kube-controller-manager's garbage collector, background propagation only: once an owner is gone,
 * a dependent with no remaining owner is deleted; one with other live owners loses the dangling
 * ownerReference. Runs asynchronously (next timer tick) like the real controller.
 */
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

  #collect(ownerUid: string): void {
    for (const ref of this.#index.dependentsOf(ownerUid)) {
      const def = this.#store.catalog.byKey(ref.defKey);
      const entry = def && this.#store.table(def).get(ref.key);
      if (!def || !entry) continue;
      const owners = entry.object.metadata.ownerReferences ?? [];
      const live = owners.filter(o => this.#index.byUid(o.uid));
      const { name, namespace } = entry.object.metadata;
      try {
        if (live.length === 0) {
          this.#store.deleteObject(def, namespace, name, {
            propagationPolicy: 'Background',
          });
        } else if (live.length < owners.length) {
          this.#store.patchObject(
            def,
            namespace,
            name,
            obj => {
              obj.metadata.ownerReferences = live;
              return obj;
            },
            false,
          );
        }
      } catch (error) {
        // the dependent changed or vanished meanwhile; the real GC would simply requeue
        if (!isKubeApiError(error)) throw error;
      }
    }
  }
}
