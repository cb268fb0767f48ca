import type { WatchSink } from './ListWatcher';
import { sameValue } from './sameValue';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The keys one indexer put under one value. Most buckets of the per-object indexes (target
 * Secret, involved object) hold a single key, kept as a string: a Set costs ~130 bytes.
 */
type Bucket = string | Set<string>;

export type EntryListener<T> = (
  key: string,
  before: T | undefined,
  after: T | undefined,
) => void;

/**
 * A map of one kind's projections plus secondary indexes kept in step on every upsert/remove, so
 * lookups by label, store or target never scan the whole collection.
 */
export class IndexedMap<T> implements WatchSink<T> {
  readonly #items = new Map<string, T>();
  readonly #indexes = new Map<string, Map<string, Bucket>>();
  /** The list `lookup` handed out per multi-key bucket, until the bucket changes. */
  readonly #lists = new WeakMap<Set<string>, readonly T[]>();
  /** Bumped on every change, so callers can tell whether anything moved. */
  version = 0;
  readonly #entryListeners = new Set<EntryListener<T>>();

  constructor(
    private readonly indexers: Record<string, (value: T) => string[]> = {},
    /** Called after every change (what `version` counts). */
    private readonly onChange?: () => void,
  ) {
    for (const name of Object.keys(indexers))
      this.#indexes.set(name, new Map());
  }

  /**
   * Calls `listener` synchronously with the key of every entry that changed, its value before and
   * after (undefined: absent), so a view can apply the delta instead of rescanning the map.
   * Returns the unsubscribe.
   */
  onEntryChange(listener: EntryListener<T>): () => void {
    this.#entryListeners.add(listener);
    return () => this.#entryListeners.delete(listener);
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
   * Values whose indexer `index` returned `value`; must not be mutated. A bucket of several values
   * hands out the same array until one of them changes, so callers can compare by identity.
   */
  lookup(index: string, value: string): readonly T[] {
    const bucket = this.#indexes.get(index)?.get(value);
    if (bucket === undefined) return EMPTY;
    if (typeof bucket === 'string') return [this.#items.get(bucket)!];
    let list = this.#lists.get(bucket);
    if (!list) {
      const values: T[] = [];
      for (const k of bucket) values.push(this.#items.get(k)!);
      this.#lists.set(bucket, (list = values));
    }
    return list;
  }

  countBy(index: string, value: string): number {
    const bucket = this.#indexes.get(index)?.get(value);
    if (bucket === undefined) return 0;
    return typeof bucket === 'string' ? 1 : bucket.size;
  }

  /** Keeps the cached object when `value` is equal to it, so that nothing derived is invalidated. */
  upsert(key: string, value: T): void {
    const old = this.#items.get(key);
    if (sameValue(old, value)) return;
    this.#unindex(key);
    this.#items.set(key, value);
    for (const [name, indexer] of Object.entries(this.indexers)) {
      const index = this.#indexes.get(name)!;
      for (const v of indexer(value)) {
        const bucket = index.get(v);
        if (bucket === undefined || bucket === key) index.set(v, key);
        else if (typeof bucket === 'string')
          index.set(v, new Set([bucket, key]));
        else {
          bucket.add(key);
          this.#lists.delete(bucket);
        }
      }
    }
    this.version++;
    for (const listener of this.#entryListeners) listener(key, old, value);
    this.onChange?.();
  }

  remove(key: string): void {
    const old = this.#items.get(key);
    this.#unindex(key);
    this.#items.delete(key);
    this.version++;
    if (old !== undefined)
      for (const listener of this.#entryListeners)
        listener(key, old, undefined);
    this.onChange?.();
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
        const bucket = index.get(v);
        if (bucket === key) index.delete(v);
        else if (bucket instanceof Set) {
          bucket.delete(key);
          this.#lists.delete(bucket);
          if (bucket.size === 0) index.delete(v);
        }
      }
    }
  }
}
