/*
 * ESO's controller rate limiter (pkg/controllers/common/common.go BuildRateLimiter, v0.14.0+):
 * the max of a per-item exponential failure limiter (1s * 2^failures, capped at 7 minutes) and a
 * global token bucket (10 events/s, burst 100). Failures are only forgotten after a success.
 * Time comes from the SimClock so backoff scales with the simulation.
 */

export interface RateLimiterOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  eventsPerSecond?: number;
  burst?: number;
}

export class ControllerRateLimiter {
  readonly #failures = new Map<string, number>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #eventsPerSecond: number;
  readonly #burst: number;
  #tokens: number;
  #lastRefillMs: number | undefined;

  constructor(options: RateLimiterOptions = {}) {
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 7 * 60_000;
    this.#eventsPerSecond = options.eventsPerSecond ?? 10;
    this.#burst = options.burst ?? 100;
    this.#tokens = this.#burst;
  }

  /** Delay for the next rate-limited add of `key`; counts one more failure for it. */
  when(key: string, nowMs: number): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const exponential = Math.min(
      this.#baseDelayMs * 2 ** failures,
      this.#maxDelayMs,
    );
    return Math.max(exponential, this.#bucketDelay(nowMs));
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  failures(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** golang.org/x/time/rate Reserve(): tokens may go negative; the deficit is the wait. */
  #bucketDelay(nowMs: number): number {
    if (this.#lastRefillMs !== undefined) {
      const refill =
        ((nowMs - this.#lastRefillMs) / 1000) * this.#eventsPerSecond;
      this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, refill));
    }
    this.#lastRefillMs = nowMs;
    this.#tokens -= 1;
    return this.#tokens >= 0
      ? 0
      : (-this.#tokens / this.#eventsPerSecond) * 1000;
  }
}
