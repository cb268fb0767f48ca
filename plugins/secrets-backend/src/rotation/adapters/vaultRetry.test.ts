import { ServiceUnavailableError } from '@backstage/errors';
import {
  provesNotApplied,
  retryableRead,
  retryableWrite,
  withVaultRetry,
} from './vaultRetry';

/** Messages as the Vault client maps them (vault/vaultErrors.ts). */
const answered = (status: number, said: string) =>
  new ServiceUnavailableError(
    `Vault server vault: patching (check-and-set 3) secret/app/db: Vault answered ${status}: ${said}`,
  );
const standby = answered(412, 'required index state not present');
const limited = answered(
  429,
  'request path "secret/data/app/db": rate limit quota exceeded',
);
const sealed = answered(503, 'Vault is sealed');
const upstream = answered(502, 'upstream error');
const silent = new ServiceUnavailableError(
  'Vault server vault: reading secret/app/db: Vault did not answer (ECONNRESET: socket hang up)',
);

describe('which Vault failures are retried', () => {
  it('retries writes only on answers that prove nothing was done, and never a sealed Vault', () => {
    expect(
      [standby, limited, sealed, upstream, silent].map(retryableWrite),
    ).toEqual([true, true, false, false, false]);
    expect(
      [standby, limited, sealed, upstream, silent].map(provesNotApplied),
    ).toEqual([true, true, true, false, false]);
  });

  it('retries reads on every transient answer, but not a sealed Vault or a refusal', () => {
    expect(
      [
        standby,
        limited,
        sealed,
        upstream,
        silent,
        answered(403, 'permission denied'),
      ].map(retryableRead),
    ).toEqual([true, true, false, true, true, false]);
  });
});

describe('withVaultRetry', () => {
  it('tries again with backoff until the call succeeds', async () => {
    const call = jest
      .fn()
      .mockRejectedValueOnce(standby)
      .mockRejectedValueOnce(limited)
      .mockResolvedValue({ version: 4 });
    await expect(
      withVaultRetry(call, retryableWrite, { baseDelayMs: 1 }),
    ).resolves.toEqual({ version: 4 });
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('gives up after the retries with the last answer, and at once on one not to retry', async () => {
    const always = jest.fn().mockRejectedValue(limited);
    await expect(
      withVaultRetry(always, retryableWrite, { baseDelayMs: 1, retries: 2 }),
    ).rejects.toBe(limited);
    expect(always).toHaveBeenCalledTimes(3);
    const once = jest.fn().mockRejectedValue(upstream);
    await expect(
      withVaultRetry(once, retryableWrite, { baseDelayMs: 1 }),
    ).rejects.toBe(upstream);
    expect(once).toHaveBeenCalledTimes(1);
  });

  it('stops waiting when the rotation is stopped', async () => {
    const abort = new AbortController();
    const call = jest.fn(async () => {
      abort.abort();
      throw standby;
    });
    await expect(
      withVaultRetry(call, retryableWrite, { signal: abort.signal }),
    ).rejects.toThrow();
    expect(call).toHaveBeenCalledTimes(1);
  });
});
