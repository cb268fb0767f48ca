import { ConfigReader } from '@backstage/config';
import { KvMetadataCache } from './KvMetadataCache';
import type { KvMetadata, VaultSecretRef } from './types';

const secret: VaultSecretRef = {
  server: 'https://vault.example.com',
  namespace: 'team-payments',
  mount: 'secret',
  key: 'payments-api/db',
};
const other: VaultSecretRef = { ...secret, key: 'payments-api/api-key' };

const metadata = (currentVersion: number): KvMetadata => ({
  currentVersion,
  oldestVersion: 1,
  maxVersions: 0,
  casRequired: false,
  customMetadata: {},
  versions: [],
});

function setup(options: { maxAgeMs?: number; concurrency?: number } = {}) {
  let now = 1_000_000;
  let version = 1;
  const readMetadata = jest.fn(async (_s: VaultSecretRef) => metadata(version));
  const cache = new KvMetadataCache(
    { readMetadata },
    { maxAgeMs: 60_000, ...options, now: () => now },
  );
  return {
    cache,
    readMetadata,
    advance: (ms: number) => (now += ms),
    setVersion: (v: number) => (version = v),
  };
}

const versionOf = async (cache: KvMetadataCache, s = secret) =>
  (await cache.lookup([s])).get(KvMetadataCache.keyOf(s))?.metadata
    ?.currentVersion;

describe('KvMetadataCache', () => {
  it('reads a key once, then answers from memory until it expires', async () => {
    const { cache, readMetadata, advance, setVersion } = setup();
    expect(await versionOf(cache)).toBe(1);
    setVersion(2);
    advance(59_000);
    expect(await versionOf(cache)).toBe(1);
    expect(readMetadata).toHaveBeenCalledTimes(1);
    // expired: the old answer is served while the key is read again behind it
    advance(1_000);
    expect(await versionOf(cache)).toBe(1);
    await new Promise(r => setImmediate(r));
    expect(await versionOf(cache)).toBe(2);
    expect(readMetadata).toHaveBeenCalledTimes(2);
  });

  it("drops a key on the plugin's own write, so the next view reads it again", async () => {
    const { cache, readMetadata, setVersion } = setup();
    await versionOf(cache);
    await versionOf(cache, other);
    setVersion(5);
    cache.invalidate({ ...secret, namespace: '/team-payments/' });
    expect(await versionOf(cache)).toBe(5);
    expect(await versionOf(cache, other)).toBe(1);
    expect(readMetadata).toHaveBeenCalledTimes(3);
  });

  it('does not keep a read that started before a write', async () => {
    let release!: () => void;
    const readMetadata = jest
      .fn()
      .mockImplementationOnce(
        () =>
          new Promise<KvMetadata>(resolve => {
            release = () => resolve(metadata(1));
          }),
      )
      .mockResolvedValue(metadata(2));
    const cache = new KvMetadataCache({ readMetadata });
    const early = cache.lookup([secret], { waitMs: 5_000 });
    cache.invalidate(secret);
    release();
    await early;
    expect(await versionOf(cache)).toBe(2);
  });

  it("keeps Vault's error as an answer rather than failing, and never reads a KV v1 key", async () => {
    const readMetadata = jest.fn(async () => {
      throw new Error(
        'Vault server vault: reading metadata of secret/x: permission denied',
      );
    });
    const cache = new KvMetadataCache({ readMetadata });
    const found = await cache.lookup([secret, { ...other, kvVersion: 'v1' }]);
    expect(found.get(KvMetadataCache.keyOf(secret))).toMatchObject({
      error:
        'Vault server vault: reading metadata of secret/x: permission denied',
    });
    expect(found.get(KvMetadataCache.keyOf(other))?.error).toMatch(/KV v1/);
    expect(readMetadata).toHaveBeenCalledTimes(1);
  });

  it('waits a bounded time for a slow Vault and reads at most `concurrency` keys at once', async () => {
    let inFlight = 0;
    let most = 0;
    const readMetadata = jest.fn(async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise(r => setTimeout(r, 30));
      inFlight -= 1;
      return metadata(1);
    });
    const cache = new KvMetadataCache({ readMetadata }, { concurrency: 2 });
    const keys = [1, 2, 3, 4, 5].map(i => ({ ...secret, key: `k${i}` }));
    const hurried = await cache.lookup(keys, { waitMs: 5 });
    expect(hurried.size).toBe(0);
    const patient = await cache.lookup(keys, { waitMs: 2_000 });
    expect(patient.size).toBe(5);
    expect(readMetadata).toHaveBeenCalledTimes(5);
    expect(most).toBe(2);
  });

  it('takes its maximum age from secrets.keyAge.metadataMaxAge', async () => {
    const readMetadata = jest.fn(async () => metadata(1));
    let now = 0;
    const cache = KvMetadataCache.fromConfig(
      new ConfigReader({ secrets: { keyAge: { metadataMaxAge: '2s' } } }),
      { readMetadata },
      { now: () => now },
    );
    await cache.lookup([secret]);
    now = 2_000;
    await cache.lookup([secret]);
    expect(readMetadata).toHaveBeenCalledTimes(2);
    expect(() =>
      KvMetadataCache.fromConfig(
        new ConfigReader({ secrets: { keyAge: { metadataMaxAge: 'soon' } } }),
        { readMetadata },
      ),
    ).toThrow(/metadataMaxAge/);
  });
});
