/*
 * A binary min-heap of timers ordered by (due, id), with lazy removal: cleared timers stay in the
 * heap until they surface. The scale scenario keeps ~100k ESO requeue timers alive, so both
 * insertion and "earliest" must be logarithmic.
 */

export interface HeapTimer {
  id: number;
  due: number;
  fn: () => void;
}

const before = (a: HeapTimer, b: HeapTimer) =>
  a.due < b.due || (a.due === b.due && a.id < b.id);

export class TimerHeap {
  readonly #items: HeapTimer[] = [];
  readonly #live = new Set<number>();

  get size(): number {
    return this.#live.size;
  }

  push(timer: HeapTimer): void {
    this.#live.add(timer.id);
    const items = this.#items;
    items.push(timer);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  remove(id: number): boolean {
    return this.#live.delete(id);
  }

  peek(): HeapTimer | undefined {
    this.#dropDead();
    return this.#items[0];
  }

  pop(): HeapTimer | undefined {
    this.#dropDead();
    const top = this.#popRaw();
    if (top) this.#live.delete(top.id);
    return top;
  }

  clear(): void {
    this.#items.length = 0;
    this.#live.clear();
  }

  #dropDead(): void {
    while (this.#items.length && !this.#live.has(this.#items[0].id))
      this.#popRaw();
  }

  #popRaw(): HeapTimer | undefined {
    const items = this.#items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop()!;
    if (items.length) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l], items[m])) m = l;
        if (r < items.length && before(items[r], items[m])) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m], items[i]];
        i = m;
      }
    }
    return top;
  }
}
