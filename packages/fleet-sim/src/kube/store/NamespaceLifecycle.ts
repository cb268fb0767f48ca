import { forbidden, isKubeApiError, notFound } from '../apiErrors';
import { ResourceDefinition } from '../resourceDefinition';
import type { ClusterObjectRegistry } from './ClusterObjectRegistry';

const NAMESPACES = { group: '', resource: 'namespaces' };

/**
 * The NamespaceLifecycle admission plugin plus the namespace controller: content can only be created
 * in an existing, non-terminating namespace; deleting a namespace marks it Terminating, deletes its
 * content (finalizers still apply) and removes it once it is empty.
 */
export class NamespaceLifecycle {
  readonly #store: ClusterObjectRegistry;
  readonly #finalizing = new Set<string>();

  constructor(store: ClusterObjectRegistry) {
    this.#store = store;
  }

  assertAcceptsContent(
    def: ResourceDefinition,
    namespace: string,
    name: string,
  ): void {
    const ns = this.#store
      .table(this.#store.catalog.require(NAMESPACES))
      .get(namespace);
    if (!ns) throw notFound(NAMESPACES, namespace);
    if (ns.object.metadata.deletionTimestamp) {
      throw forbidden(
        def.ref,
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
    }
  }

  beginTermination(namespace: string): void {
    this.#store.clock.setTimer(0, () => {
      for (const def of this.#store.catalog.all()) {
        if (!def.namespaced) continue;
        for (const key of [...this.#store.table(def).keys(namespace)]) {
          try {
            this.#store.deleteObject(
              def,
              namespace,
              key.slice(namespace.length + 1),
              {},
            );
          } catch (error) {
            if (!isKubeApiError(error)) throw error;
          }
        }
      }
      this.contentRemoved(namespace);
    });
  }

  /** Called after every deletion in a namespace; finalizes a terminating namespace once empty. */
  contentRemoved(namespace: string): void {
    const ns = this.#store
      .table(this.#store.catalog.require(NAMESPACES))
      .get(namespace);
    if (
      !ns?.object.metadata.deletionTimestamp ||
      this.#finalizing.has(namespace)
    )
      return;
    if (this.#store.countInNamespace(namespace) > 0) return;
    this.#finalizing.add(namespace);
    this.#store.clock.setTimer(0, () => {
      this.#finalizing.delete(namespace);
      if (this.#store.countInNamespace(namespace) === 0)
        this.#store.finalizeNamespace(namespace);
    });
  }
}
