/*
 * The fleet's SimClock. Time flows at `scale` like SimClock, and can also be warped: `warp(ms)`
 * jumps forward through every timer due on the way, in order, letting I/O settle after each, so a
 * scenario can play minutes of history (a Vault outage, ESO backoff) in a moment and hand over a
 * fleet whose state has that history. One heap of timers serves both modes.
 */
import { SimClock, type SimTimer } from '../clock/SimClock';
import { TimerHeap } from './timerHeap';

export class FleetClock extends SimClock {
  readonly #timers = new TimerHeap();
  #scheduledDue: number | undefined;
  #offset = 0;
  #next = 1;
  #handle: NodeJS.Timeout | undefined;
  #warping = false;

  override now(): number {
    return super.now() + this.#offset;
  }

  override setTimer(simMs: number, fn: () => void): SimTimer {
    const timer = {
      id: this.#next++,
      due: this.now() + Math.max(0, simMs),
      fn,
    };
    this.#timers.push(timer);
    if (this.#scheduledDue === undefined || timer.due < this.#scheduledDue)
      this.#schedule();
    return { id: timer.id };
  }

  override clearTimer(timer: SimTimer | undefined): void {
    if (timer) this.#timers.remove(timer.id);
  }

  override sleep(simMs: number): Promise<void> {
    return new Promise(resolve => this.setTimer(simMs, resolve));
  }

  override dispose(): void {
    this.#timers.clear();
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#scheduledDue = undefined;
  }

  get pendingTimers(): number {
    return this.#timers.size;
  }

  /**
   * Jumps `ms` of simulated time ahead, firing due timers in order and awaiting `settle` after
   * each (e.g. until no HTTP request is in flight). Real-time firing pauses meanwhile.
   */
  async warp(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.now() + ms;
    this.#warping = true;
    if (this.#handle) clearTimeout(this.#handle);
    try {
      await settle();
      for (;;) {
        const first = this.#timers.peek();
        if (!first || first.due > target) break;
        this.#timers.pop();
        const now = this.now();
        if (first.due > now) this.#offset += first.due - now;
        runSafely(first.fn);
        await settle();
      }
      const now = this.now();
      if (target > now) this.#offset += target - now;
      await settle();
    } finally {
      this.#warping = false;
      this.#schedule();
    }
  }

  #schedule(): void {
    if (this.#warping) return;
    if (this.#handle) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#scheduledDue = undefined;
    const first = this.#timers.peek();
    if (!first) return;
    this.#scheduledDue = first.due;
    const realMs = Math.min(
      Math.max(0, (first.due - this.now()) / this.scale),
      2 ** 31 - 1,
    );
    this.#handle = setTimeout(() => this.#fireDue(), realMs);
    this.#handle.unref?.();
  }

  #fireDue(): void {
    this.#handle = undefined;
    this.#scheduledDue = undefined;
    const now = this.now();
    // timers created while firing (e.g. zero delays) wait for the next turn of the event loop
    const createdBefore = this.#next;
    for (
      let t = this.#timers.peek();
      t && t.due <= now && t.id < createdBefore;
      t = this.#timers.peek()
    ) {
      this.#timers.pop();
      runSafely(t.fn);
    }
    this.#schedule();
  }
}

function runSafely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    console.error('fleet-sim timer failed', error);
  }
}
