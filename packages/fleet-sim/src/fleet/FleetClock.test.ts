import { FleetClock } from './FleetClock';

describe('FleetClock', () => {
  // Date.now and setTimeout are faked: at scale 1000 every real millisecond a busy CI machine
  // spends between two statements would otherwise add a simulated second to the times asserted.
  beforeEach(() =>
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'],
    }),
  );
  afterEach(() => jest.useRealTimers());

  it('warps through due timers in order, then flows in real time at its scale', async () => {
    const clock = new FleetClock({
      scale: 1000,
      start: new Date('2026-08-08T10:00:00Z'),
    });
    const fired: Array<[string, number]> = [];
    const t0 = clock.now();
    clock.setTimer(60_000, () => fired.push(['b', clock.now() - t0]));
    clock.setTimer(1_000, () => {
      fired.push(['a', clock.now() - t0]);
      clock.setTimer(30_000, () => fired.push(['a2', clock.now() - t0]));
    });
    const cancelled = clock.setTimer(5_000, () => fired.push(['x', 0]));
    clock.clearTimer(cancelled);
    await clock.warp(45_000, async () => undefined);
    expect(fired).toEqual([
      ['a', 1_000],
      ['a2', 31_000],
    ]);
    expect(clock.now() - t0).toBe(45_000);
    jest.advanceTimersByTime(40); // 40 ms real = 40 s simulated
    expect(fired).toEqual([
      ['a', 1_000],
      ['a2', 31_000],
      ['b', 60_000],
    ]);
    expect(clock.now() - t0).toBe(85_000);
    clock.dispose();
  });
});
