import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TimerHeap } from './timerHeap';

function collectGarbage() {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
}

describe('TimerHeap', () => {
  it('lets go of a cleared timer before it would have surfaced', async () => {
    const heap = new TimerHeap();
    heap.push({ id: 1, due: 10, fn: () => {} });
    // built in a function of its own, so only the timer's callback refers to the watch
    const held = (() => {
      const watch = { name: 'a closed watch' };
      heap.push({ id: 2, due: 3_600_000, fn: () => watch.name });
      return new WeakRef(watch);
    })();
    heap.remove(2);
    // the WeakRef is only cleared after the job that created it
    await new Promise(resolve => setImmediate(resolve));
    collectGarbage();
    expect(held.deref()).toBeUndefined();
    expect(heap.size).toBe(1);
  });

  it('drops dead entries once they outnumber the live ones, keeping the order', () => {
    const heap = new TimerHeap();
    const dues = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    dues.forEach((due, i) => heap.push({ id: i + 1, due, fn: () => {} }));
    // a watch closes long before its timeout, again and again
    for (let id = 1; id <= 10_000; id++) if (id % 100 !== 0) heap.remove(id);
    expect(heap.size).toBe(100);
    expect(heap.stored).toBeLessThanOrEqual(2 * 100 + 64 + 1);
    const popped: number[] = [];
    for (let t = heap.pop(); t; t = heap.pop()) popped.push(t.due);
    const expected = dues.filter((_, i) => (i + 1) % 100 === 0);
    expect(popped).toEqual([...expected].sort((a, b) => a - b));
  });

  it('pops ties in insertion order and ignores clearing a timer twice or after it fired', () => {
    const heap = new TimerHeap();
    heap.push({ id: 1, due: 5, fn: () => {} });
    heap.push({ id: 2, due: 5, fn: () => {} });
    heap.push({ id: 3, due: 1, fn: () => {} });
    expect(heap.pop()?.id).toBe(3);
    expect(heap.remove(3)).toBe(false);
    expect(heap.remove(2)).toBe(true);
    expect(heap.remove(2)).toBe(false);
    expect(heap.pop()?.id).toBe(1);
    expect(heap.pop()).toBeUndefined();
  });
});
