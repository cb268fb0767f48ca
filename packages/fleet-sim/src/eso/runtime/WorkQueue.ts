/*
 * A controller-runtime style work queue driven by the SimClock: keys are de-duplicated, a key
 * added while it is being processed runs again afterwards, delayed adds keep the earliest due
 * time, and a fixed number of workers (ESO's --concurrent, default 1) process keys in order.
 * Result handling follows controller-runtime's reconcileHandler:
 *   error → rate-limited requeue (failures grow); requeueAfter > 0 → forget + delayed add;
 *   requeue → rate-limited requeue; otherwise (incl. requeueAfter ≤ 0) forget.
 */
import type { SimClock, SimTimer } from '../../clock/SimClock';
import { ControllerRateLimiter } from './RateLimiter';

export interface ReconcileResult {
  requeue?: boolean;
  requeueAfterMs?: number;
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

export interface WorkQueueOptions {
  name: string;
  clock: SimClock;
  reconcile: Reconciler;
  concurrency?: number;
  /** Simulated time each reconcile takes before it runs (API round trips, CPU). */
  reconcileLatencyMs?: number;
  rateLimiter?: ControllerRateLimiter;
  onError?: (key: string, error: unknown) => void;
}

export class WorkQueue {
  readonly name: string;
  readonly rateLimiter: ControllerRateLimiter;
  readonly #options: WorkQueueOptions;
  readonly #queue: string[] = [];
  readonly #queued = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #dirtyWhileProcessing = new Set<string>();
  readonly #waiting = new Map<string, { dueMs: number; timer: SimTimer }>();
  #active = 0;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  constructor(options: WorkQueueOptions) {
    this.#options = options;
    this.name = options.name;
    this.rateLimiter = options.rateLimiter ?? new ControllerRateLimiter();
  }

  add(key: string): void {
    if (this.#stopped) return;
    if (this.#processing.has(key)) {
      this.#dirtyWhileProcessing.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#queue.push(key);
    this.#pump();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.#stopped) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const clock = this.#options.clock;
    const dueMs = clock.now() + delayMs;
    const existing = this.#waiting.get(key);
    if (existing && existing.dueMs <= dueMs) return;
    if (existing) clock.clearTimer(existing.timer);
    const timer = clock.setTimer(delayMs, () => {
      this.#waiting.delete(key);
      this.add(key);
    });
    this.#waiting.set(key, { dueMs, timer });
  }

  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key, this.#options.clock.now()));
  }

  /** When the key is next due from a delayed add, if any (for tests and diagnostics). */
  dueAt(key: string): number | undefined {
    return this.#waiting.get(key)?.dueMs;
  }

  get length(): number {
    return this.#queue.length;
  }

  /** Resolves once nothing is queued or processing (delayed adds do not count). */
  whenIdle(): Promise<void> {
    if (this.#queue.length === 0 && this.#active === 0)
      return Promise.resolve();
    return new Promise(resolve => this.#idleWaiters.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    for (const { timer } of this.#waiting.values())
      this.#options.clock.clearTimer(timer);
    this.#waiting.clear();
    this.#queue.length = 0;
    this.#queued.clear();
    this.#notifyIdle();
  }

  #pump(): void {
    const concurrency = this.#options.concurrency ?? 1;
    while (
      !this.#stopped &&
      this.#active < concurrency &&
      this.#queue.length > 0
    ) {
      const key = this.#queue.shift()!;
      this.#queued.delete(key);
      this.#processing.add(key);
      this.#active++;
      void this.#process(key);
    }
  }

  async #process(key: string): Promise<void> {
    try {
      const latency = this.#options.reconcileLatencyMs ?? 0;
      if (latency > 0) await this.#options.clock.sleep(latency);
      if (this.#stopped) return;
      const result = await this.#options.reconcile(key);
      if (this.#stopped) return;
      if (result?.requeueAfterMs !== undefined && result.requeueAfterMs > 0) {
        this.rateLimiter.forget(key);
        this.addAfter(key, result.requeueAfterMs);
      } else if (result?.requeue) {
        this.addRateLimited(key);
      } else {
        this.rateLimiter.forget(key);
      }
    } catch (error) {
      if (!this.#stopped) {
        this.#options.onError?.(key, error);
        this.addRateLimited(key);
      }
    } finally {
      this.#processing.delete(key);
      this.#active--;
      if (this.#dirtyWhileProcessing.delete(key)) this.add(key);
      this.#pump();
      this.#notifyIdle();
    }
  }

  #notifyIdle(): void {
    if (this.#queue.length === 0 && this.#active === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
