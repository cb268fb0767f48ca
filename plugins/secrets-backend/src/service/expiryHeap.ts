/** A binary min-heap of (instant, key): which ExternalSecret's row turns over first with time. */
export class ExpiryHeap {
  #at: number[] = [];
  #keys: string[] = [];

  get size(): number {
    return this.#at.length;
  }

  /** The earliest instant held, Infinity when empty. */
  peek(): number {
    return this.#at.length ? this.#at[0] : Infinity;
  }

  push(at: number, key: string): void {
    const a = this.#at;
    const k = this.#keys;
    let i = a.length;
    a.push(at);
    k.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= at) break;
      a[i] = a[parent];
      k[i] = k[parent];
      i = parent;
    }
    a[i] = at;
    k[i] = key;
  }

  /** Removes the earliest entry; its key, or undefined when empty. */
  pop(): string | undefined {
    const a = this.#at;
    const k = this.#keys;
    if (!a.length) return undefined;
    const top = k[0];
    const lastAt = a.pop()!;
    const lastKey = k.pop()!;
    const n = a.length;
    if (n) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && a[child + 1] < a[child]) child++;
        if (a[child] >= lastAt) break;
        a[i] = a[child];
        k[i] = k[child];
        i = child;
      }
      a[i] = lastAt;
      k[i] = lastKey;
    }
    return top;
  }

  clear(): void {
    this.#at = [];
    this.#keys = [];
  }
}
