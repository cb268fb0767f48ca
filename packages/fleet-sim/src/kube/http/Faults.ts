import { internalError, serviceUnavailable } from '../apiErrors';
import { KubeApiError } from '../types';

export interface Fail5xxOptions {
  /** fail exactly the next N requests */
  next?: number;
  /** fail this fraction of requests, deterministically (every 1/rate-th request) */
  rate?: number;
  code?: 500 | 503;
}

/**
 * Injected server errors and latency. Deterministic: a rate of 0.25 fails every fourth request,
 * not a random quarter, so tests reproduce.
 */
export class RequestFaults {
  latencyMs = 0;
  #next = 0;
  #rate = 0;
  #accumulated = 0;
  #code: 500 | 503 = 500;

  fail5xx(options: Fail5xxOptions): void {
    this.#next = options.next ?? 0;
    this.#rate = Math.min(1, Math.max(0, options.rate ?? 0));
    this.#accumulated = 0;
    this.#code = options.code ?? 500;
  }

  clear5xx(): void {
    this.fail5xx({});
  }

  /** The error this request must get, if any. */
  take(): KubeApiError | undefined {
    if (this.#next > 0) {
      this.#next--;
      return this.#error();
    }
    if (this.#rate > 0) {
      this.#accumulated += this.#rate;
      if (this.#accumulated >= 1 - 1e-9) {
        this.#accumulated -= 1;
        return this.#error();
      }
    }
    return undefined;
  }

  #error(): KubeApiError {
    return this.#code === 503
      ? serviceUnavailable()
      : internalError('fleet-sim injected fault');
  }
}
