import { ControllerRateLimiter } from './RateLimiter';

describe('ControllerRateLimiter', () => {
  it('backs off 1s·2^n per item, capped at 7 minutes', () => {
    const limiter = new ControllerRateLimiter();
    let now = 0;
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      delays.push(limiter.when('payments/db', now));
      now += 600_000; // keep the token bucket full
    }
    expect(delays).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 420000,
      420000, 420000,
    ]);
  });

  it('counts failures per item and forgets them only on success', () => {
    const limiter = new ControllerRateLimiter();
    limiter.when('a', 0);
    limiter.when('a', 10_000);
    expect(limiter.when('b', 20_000)).toBe(1000);
    expect(limiter.failures('a')).toBe(2);
    limiter.forget('a');
    expect(limiter.when('a', 30_000)).toBe(1000);
  });

  it('applies the global 10/s bucket (burst 100) when many items fail at once', () => {
    const limiter = new ControllerRateLimiter();
    const delays = Array.from({ length: 120 }, (_, i) =>
      limiter.when(`es-${i}`, 0),
    );
    expect(delays.slice(0, 100).every(d => d === 1000)).toBe(true);
    // the 120th reservation waits 2s for its token: bucket beats the 1s exponential delay
    expect(delays[119]).toBe(2000);
  });
});
