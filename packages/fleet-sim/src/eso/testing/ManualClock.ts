/*
 * A SimClock whose time only moves when a test says so, for exact assertions on backoff and
 * requeue timing. Timers fire in due order as `advance` passes them; between timers the test's
 * pending promise work is flushed so async reconcilers run to their next wait.
 */
import { SimClock, type SimTimer } from '../../clock/SimClock';

interface Pending {
  id: number;
  due: number;
  fn: () => void;
}

export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++)
    await new Promise<void>(resolve => setImmediate(resolve));
}

export class ManualClock extends SimClock {
  #now: number;
  #next = 1;
  readonly #pending: Pending[] = [];

  constructor(start = Date.parse('2026-08-08T10:00:00.250Z')) {
    super({ scale: 1, start: new Date(start) });
    this.#now = start;
  }

  override now(): number {
    return this.#now;
  }

  override setTimer(simMs: number, fn: () => void): SimTimer {
    const timer = { id: this.#next++, due: this.#now + Math.max(0, simMs), fn };
    this.#pending.push(timer);
    return { id: timer.id };
  }

  override clearTimer(timer: SimTimer | undefined): void {
    if (!timer) return;
    const at = this.#pending.findIndex(p => p.id === timer.id);
    if (at >= 0) this.#pending.splice(at, 1);
  }

  override sleep(simMs: number): Promise<void> {
    return new Promise(resolve => this.setTimer(simMs, resolve));
  }

  override dispose(): void {
    this.#pending.length = 0;
  }

  /** Due time of the earliest timer, if any. */
  nextDue(): number | undefined {
    return this.#pending.reduce<number | undefined>(
      (m, p) => (m === undefined || p.due < m ? p.due : m),
      undefined,
    );
  }

  /**
   * Moves time forward by `ms`, firing every timer due on the way (in order) and letting work
   * settle after each (`settle` defaults to flushing pending promise callbacks).
   */
  async advance(
    ms: number,
    settle: () => Promise<void> = () => flushMicrotasks(),
  ): Promise<void> {
    const target = this.#now + ms;
    await settle();
    for (;;) {
      this.#pending.sort((a, b) => a.due - b.due || a.id - b.id);
      const first = this.#pending[0];
      if (!first || first.due > target) break;
      this.#pending.shift();
      this.#now = Math.max(this.#now, first.due);
      first.fn();
      await settle();
    }
    this.#now = target;
    await settle();
  }
}
