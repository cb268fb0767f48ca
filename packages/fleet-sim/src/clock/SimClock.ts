/**
 * The simulator's notion of time. Real time by default; `scale` > 1 makes simulated time run faster
 * (60 = one simulated minute per real second) so demos show refresh intervals and backoff without
 * waiting. Everything time-dependent in the simulator (intervals, backoff, rollout delays,
 * timestamps) goes through one clock so that a scale change keeps them consistent.
 */
export interface SimTimer {
  readonly id: number;
}

export class SimClock {
  readonly #scale: number;
  readonly #realStart: number;
  readonly #simStart: number;
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #nextId = 1;
  #rfc3339Second = NaN;
  #rfc3339 = '';

  constructor(options: { scale?: number; start?: Date } = {}) {
    const scale = options.scale ?? 1;
    if (!(scale > 0)) throw new Error(`clock scale must be > 0, got ${scale}`);
    this.#scale = scale;
    this.#realStart = Date.now();
    this.#simStart = options.start?.getTime() ?? this.#realStart;
  }

  get scale(): number {
    return this.#scale;
  }

  /** Simulated epoch milliseconds. */
  now(): number {
    return this.#simStart + (Date.now() - this.#realStart) * this.#scale;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  /** RFC 3339 with second precision, as Kubernetes serialises metav1.Time. */
  nowRfc3339(): string {
    // every write stamps a time; a seed writes thousands within one second
    const second = Math.floor(this.now() / 1000);
    if (second !== this.#rfc3339Second) {
      this.#rfc3339Second = second;
      this.#rfc3339 = new Date(second * 1000)
        .toISOString()
        .replace('.000Z', 'Z');
    }
    return this.#rfc3339;
  }

  /** Runs `fn` after `simMs` of simulated time. */
  setTimer(simMs: number, fn: () => void): SimTimer {
    const id = this.#nextId++;
    const realMs = Math.max(0, simMs / this.#scale);
    const handle = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, Math.min(realMs, 2 ** 31 - 1));
    handle.unref?.();
    this.#timers.set(id, handle);
    return { id };
  }

  clearTimer(timer: SimTimer | undefined): void {
    if (!timer) return;
    const handle = this.#timers.get(timer.id);
    if (handle) clearTimeout(handle);
    this.#timers.delete(timer.id);
  }

  /** Resolves after `simMs` of simulated time. */
  sleep(simMs: number): Promise<void> {
    return new Promise(resolve => this.setTimer(simMs, resolve));
  }

  /** Cancels every pending timer (used when a fleet stops). */
  dispose(): void {
    for (const handle of this.#timers.values()) clearTimeout(handle);
    this.#timers.clear();
  }
}
