/**
 * Strings in sorted order with O(sqrt n) insert/remove and O(log n + chunks) rank, as a list of
 * bounded sorted chunks. A single sorted array costs O(n) per insert, which dominates seeding
 * 100k objects.
 */
const MAX_CHUNK = 1024;

export class SortedKeys {
  readonly #chunks: string[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  insert(key: string): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([key]);
      this.#size = 1;
      return;
    }
    const c = this.#chunkFor(key);
    const chunk = this.#chunks[c];
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return;
    chunk.splice(i, 0, key);
    this.#size++;
    if (chunk.length > MAX_CHUNK)
      this.#chunks.splice(c + 1, 0, chunk.splice(MAX_CHUNK / 2));
  }

  remove(key: string): boolean {
    if (this.#chunks.length === 0) return false;
    const c = this.#chunkFor(key);
    const chunk = this.#chunks[c];
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(c, 1);
    return true;
  }

  /** Number of keys strictly less than `key`. */
  rank(key: string): number {
    let n = 0;
    for (const chunk of this.#chunks) {
      if (chunk[chunk.length - 1] < key) n += chunk.length;
      else return n + lowerBound(chunk, key);
    }
    return n;
  }

  /** Keys >= `key` (or > `key` when exclusive), in order. */
  *from(key: string, exclusive = false): IterableIterator<string> {
    if (this.#chunks.length === 0) return;
    let c = this.#chunkFor(key);
    let i = lowerBound(this.#chunks[c], key);
    if (exclusive && this.#chunks[c][i] === key) i++;
    for (; c < this.#chunks.length; c++, i = 0) {
      const chunk = this.#chunks[c];
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }

  /** Index of the chunk whose range should hold `key` (the first whose last key >= key). */
  #chunkFor(key: string): number {
    let lo = 0;
    let hi = this.#chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid];
      if (chunk[chunk.length - 1] < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(arr: string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
