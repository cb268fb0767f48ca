import { SortedKeys } from './SortedKeys';
import { StoredObject } from './StoredObject';

/**
 * The objects of one resource, keyed `namespace/name` (or `name` when cluster-scoped) and kept in
 * key order like etcd's keyspace, so lists are ordered, namespaces are contiguous ranges and
 * pagination can resume after a key.
 */
export class ResourceTable {
  readonly #objects = new Map<string, StoredObject>();
  readonly #keys = new SortedKeys();

  get size(): number {
    return this.#objects.size;
  }

  get(key: string): StoredObject | undefined {
    return this.#objects.get(key);
  }

  set(entry: StoredObject): void {
    if (!this.#objects.has(entry.key)) this.#keys.insert(entry.key);
    this.#objects.set(entry.key, entry);
  }

  delete(key: string): void {
    if (this.#objects.delete(key)) this.#keys.remove(key);
  }

  /** Entries in key order, optionally within a namespace and strictly after `startAfter`. */
  *entries(
    namespace?: string,
    startAfter?: string,
  ): IterableIterator<StoredObject> {
    for (const key of this.keys(namespace, startAfter))
      yield this.#objects.get(key)!;
  }

  *keys(namespace?: string, startAfter?: string): IterableIterator<string> {
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    const resume = startAfter !== undefined && startAfter >= prefix;
    for (const key of this.#keys.from(resume ? startAfter! : prefix, resume)) {
      if (prefix && !key.startsWith(prefix)) return;
      yield key;
    }
  }

  /** Keys in the namespace (or all) strictly after `startAfter`, counted without scanning. */
  countAfter(namespace: string | undefined, startAfter: string): number {
    const end =
      namespace === undefined
        ? this.#keys.size
        : this.#keys.rank(`${namespace}0`);
    return Math.max(0, end - this.#keys.rank(`${startAfter}\u0000`));
  }

  /** Number of objects in a namespace. */
  countIn(namespace: string): number {
    // '0' is the character after '/', so [ns/, ns0) is exactly the namespace's key range
    return this.#keys.rank(`${namespace}0`) - this.#keys.rank(`${namespace}/`);
  }
}
