import type { WatchSink } from './ListWatcher';
import { sameValue } from './sameValue';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * A map of one kind's projections plus secondary indexes kept in step on every upsert/remove, so
 * lookups by label, store or target never scan the whole collection.
 */
export class IndexedMap<T> implements WatchSink<T> {
  readonly #items = new Map<string, T>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  /** The list `lookup` handed out per index bucket, until the bucket changes. */
  readonly #lists = new WeakMap<Set<string>, readonly T[]>();
  /** Bumped on every change, so callers can tell whether anything moved. */
  version = 0;

  constructor(
    private readonly indexers: Record<string, (value: T) => string[]> = {},
  ) {
    for (const name of Object.keys(indexers))
      this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#items.size;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  values(): IterableIterator<T> {
    return this.#items.values();
  }

  /**
   * Values whose indexer `index` returned `value`. The same array is returned until one of them
   * changes, so callers can compare answers by identity; it must not be mutated.
   */
  lookup(index: string, value: string): readonly T[] {
    const keys = this.#indexes.get(index)?.get(value);
    if (!keys) return EMPTY;
    let list = this.#lists.get(keys);
    if (!list) {
      const values: T[] = [];
      for (const k of keys) values.push(this.#items.get(k)!);
      this.#lists.set(keys, (list = values));
    }
    return list;
  }

  countBy(index: string, value: string): number {
    return this.#indexes.get(index)?.get(value)?.size ?? 0;
  }

  /** Keeps the cached object when `value` is equal to it, so that nothing derived is invalidated. */
  upsert(key: string, value: T): void {
    if (sameValue(this.#items.get(key), value)) return;
    this.#unindex(key);
    this.#items.set(key, value);
    for (const [name, indexer] of Object.entries(this.indexers)) {
      const index = this.#indexes.get(name)!;
      for (const v of indexer(value)) {
        let keys = index.get(v);
        if (!keys) index.set(v, (keys = new Set()));
        keys.add(key);
        this.#lists.delete(keys);
      }
    }
    this.version++;
  }

  remove(key: string): void {
    this.#unindex(key);
    this.#items.delete(key);
    this.version++;
  }

  /** A relist: the new full contents, applied as a diff so unchanged objects stay as they were. */
  replace(entries: Array<[string, T]>): void {
    const keep = new Set(entries.map(([k]) => k));
    for (const k of [...this.#items.keys()]) if (!keep.has(k)) this.remove(k);
    for (const [k, v] of entries) this.upsert(k, v);
  }

  #unindex(key: string) {
    const old = this.#items.get(key);
    if (old === undefined) return;
    for (const [name, indexer] of Object.entries(this.indexers)) {
      const index = this.#indexes.get(name)!;
      for (const v of indexer(old)) {
        const keys = index.get(v);
        if (!keys) continue;
        keys.delete(key);
        this.#lists.delete(keys);
        if (keys.size === 0) index.delete(v);
      }
    }
  }
}
