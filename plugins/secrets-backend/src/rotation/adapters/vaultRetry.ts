import { ServiceUnavailableError } from '@backstage/errors';

/*
 * Which Vault failures a rotation may retry, from the answer the Vault client reports
 * ("...: Vault answered <status>: <Vault's words>", or "Vault did not answer" below HTTP):
 *   412  a performance standby lacks the state the request requires: nothing was done, and
 *        Vault's own client retries it with backoff (X-Vault-Index semantics);
 *   429  a rate-limit quota refused the request before it ran;
 *   503 sealed: nothing was done, but only an operator unseals: not retried;
 *   other 5xx, or no answer: a read may be retried; a write may have landed, so it is not
 *        retried and the runner confirms from Vault's metadata what happened.
 */

export interface VaultAnswer {
  status?: number;
  sealed: boolean;
  /** No HTTP answer at all (refused, reset, timed out). */
  unanswered: boolean;
}

export function vaultAnswerOf(error: unknown): VaultAnswer {
  const text = (error as Error | undefined)?.message ?? '';
  const status = /Vault answered (\d{3})/.exec(text)?.[1];
  return {
    status: status ? Number(status) : undefined,
    sealed: /Vault is sealed/.test(text),
    unanswered:
      error instanceof ServiceUnavailableError &&
      /Vault did not answer/.test(text),
  };
}

/** Vault refused before doing anything: a write that got this answer did not land. */
export function provesNotApplied(error: unknown): boolean {
  const { status, sealed } = vaultAnswerOf(error);
  return sealed || status === 412 || status === 429;
}

export function retryableRead(error: unknown): boolean {
  const { status, sealed, unanswered } = vaultAnswerOf(error);
  if (sealed) return false;
  return (
    unanswered ||
    status === 412 ||
    status === 429 ||
    (status !== undefined && status >= 500)
  );
}

export function retryableWrite(error: unknown): boolean {
  const { status, sealed } = vaultAnswerOf(error);
  return !sealed && (status === 412 || status === 429);
}

export interface RetryOptions {
  /** Attempts after the first; default 4. */
  retries?: number;
  /** First delay, doubled per attempt up to 2 s; default 250 ms. */
  baseDelayMs?: number;
  signal?: AbortSignal;
}

/** Runs `call` again while `retryable` says so, with exponential backoff. */
export async function withVaultRetry<T>(
  call: () => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: RetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 4;
  let delay = options.baseDelayMs ?? 250;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retries || !retryable(error)) throw error;
      options.signal?.throwIfAborted();
      await sleep(delay);
      options.signal?.throwIfAborted();
      delay = Math.min(delay * 2, 2_000);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
