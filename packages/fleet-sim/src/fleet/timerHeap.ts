/*
 * A binary min-heap of timers ordered by (due, id), with lazy removal: cleared timers stay in the
 * heap until they surface. The scale scenario keeps ~100k ESO requeue timers alive, so both
 * insertion and "earliest" must be logarithmic.
 *
 * A cleared timer lets go of its callback at once, and the heap drops its dead entries when they
 * outnumber the live ones: a closed watch's timeout (1800 s away unless the client asks for
 * less) used to keep the watch, its response and its socket alive until it surfaced, about 3
 * closed watches per rotation in the soak.
 */

export interface HeapTimer {
  id: number;
  due: number;
  fn: () => void;
}

const released = () => {};

/** Dead entries tolerated before a rebuild, so a few clears do not cost a rebuild each. */
const SLACK = 64;

const before = (a: HeapTimer, b: HeapTimer) =>
  a.due < b.due || (a.due === b.due && a.id < b.id);

export class TimerHeap {
  readonly #items: HeapTimer[] = [];
  readonly #live = new Map<number, HeapTimer>();

  get size(): number {
    return this.#live.size;
  }

  push(timer: HeapTimer): void {
    this.#live.set(timer.id, timer);
    const items = this.#items;
    items.push(timer);
    this.#siftUp(items.length - 1);
  }

  remove(id: number): boolean {
    const timer = this.#live.get(id);
    if (!timer) return false;
    this.#live.delete(id);
    timer.fn = released;
    if (this.#items.length - this.#live.size > this.#live.size + SLACK)
      this.#rebuild();
    return true;
  }

  /** Entries held, dead ones included (what the heap costs in memory). */
  get stored(): number {
    return this.#items.length;
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
      this.#siftDown(0);
    }
    return top;
  }

  /** Keeps the live entries only and restores the heap order bottom-up (linear). */
  #rebuild(): void {
    const items = this.#items;
    let kept = 0;
    for (const t of items) if (this.#live.has(t.id)) items[kept++] = t;
    items.length = kept;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }

  #siftUp(index: number): void {
    const items = this.#items;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  #siftDown(index: number): void {
    const items = this.#items;
    let i = index;
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
}
