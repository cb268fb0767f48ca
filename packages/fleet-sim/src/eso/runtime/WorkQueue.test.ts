import { SimClock } from '../../clock/SimClock';
import { ManualClock } from '../testing/ManualClock';
import { WorkQueue } from './WorkQueue';

describe('WorkQueue', () => {
  let clock: SimClock;
  beforeEach(() => {
    clock = new SimClock({ scale: 1000 });
  });
  afterEach(() => clock.dispose());

  it('de-duplicates keys and re-runs a key added while it is processing', async () => {
    const runs: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const queue = new WorkQueue({
      name: 't',
      clock,
      reconcile: async key => {
        runs.push(key);
        if (runs.length === 1) await gate;
      },
    });
    queue.add('a');
    queue.add('b');
    queue.add('b');
    await Promise.resolve();
    queue.add('a'); // while 'a' runs
    release();
    await queue.whenIdle();
    await queue.whenIdle();
    expect(runs).toEqual(['a', 'b', 'a']);
    queue.stop();
  });

  it('processes serially with concurrency 1 and waits the reconcile latency', async () => {
    const manual = new ManualClock();
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const queue = new WorkQueue({
      name: 't',
      clock: manual,
      reconcileLatencyMs: 2000,
      reconcile: async () => {
        starts.push(manual.now());
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await manual.sleep(100);
        inFlight--;
      },
    });
    const t0 = manual.now();
    ['a', 'b', 'c'].forEach(k => queue.add(k));
    await manual.advance(10_000);
    expect(maxInFlight).toBe(1);
    expect(starts.map(t => t - t0)).toEqual([2000, 4100, 6200]);
    queue.stop();
  });

  it('requeues failures with growing backoff and resets it after a success', async () => {
    const manual = new ManualClock();
    const times: number[] = [];
    let fail = 4;
    const queue = new WorkQueue({
      name: 't',
      clock: manual,
      reconcile: async () => {
        times.push(manual.now());
        if (fail-- > 0) throw new Error('boom');
        return {};
      },
    });
    queue.add('k');
    await manual.advance(60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps).toEqual([1000, 2000, 4000, 8000]);
    expect(queue.rateLimiter.failures('k')).toBe(0);
    queue.stop();
  });

  it('forgets failures on requeueAfter and schedules the next run exactly', async () => {
    const manual = new ManualClock();
    const times: number[] = [];
    const queue = new WorkQueue({
      name: 't',
      clock: manual,
      reconcile: async () => {
        times.push(manual.now());
        return { requeueAfterMs: 30_000 };
      },
    });
    const start = manual.now();
    queue.add('k');
    await manual.advance(95_000);
    expect(times.map(t => t - start)).toEqual([0, 30_000, 60_000, 90_000]);
    queue.stop();
  });

  it('keeps the earliest of two delayed adds', async () => {
    // a manual clock: at scale 1000 a 1 ms stall between the adds already moves due times by 1 s
    const manual = new ManualClock();
    const now = manual.now();
    const runs: number[] = [];
    const queue = new WorkQueue({
      name: 't',
      clock: manual,
      reconcile: async () => {
        runs.push(manual.now() - now);
        return {};
      },
    });
    queue.addAfter('k', 60_000);
    queue.addAfter('k', 5_000);
    queue.addAfter('k', 30_000);
    expect(queue.dueAt('k')! - now).toBe(5_000);
    await manual.advance(90_000);
    expect(runs).toEqual([5_000]); // the replaced 60 s timer never fires
    queue.stop();
  });
});
