import { mockServices } from '@backstage/backend-test-utils';
import type { ClusterConfig } from '../config/types';
import { ClusterCache } from './ClusterCache';

const cluster: ClusterConfig = {
  name: 'c1',
  url: 'https://127.0.0.1:1',
  auth: { type: 'serviceAccount', token: 't' },
  skipTLSVerify: true,
  source: 'secrets.clusters',
};

function setup() {
  // never started: the test writes the cluster's data as its watchers would
  const cache = new ClusterCache(
    [cluster],
    { maxBackoffMs: 1000, discoveryIntervalMs: 60_000, staleMarginMs: 0 },
    mockServices.logger.mock(),
  );
  const data = cache.cluster('c1')!.data;
  const store = (status: string) =>
    data.clusterStores.upsert('vault', {
      kind: 'ClusterSecretStore',
      name: 'vault',
      ready: { status },
    });
  const readyProbe = () =>
    data.clusterStores.get('vault')?.ready?.status === 'True' || undefined;
  return { cache, store, readyProbe };
}

describe('ClusterCache.waitFor', () => {
  it('answers at once when the probe already holds', async () => {
    const { cache, store, readyProbe } = setup();
    store('True');
    await expect(
      cache.waitFor('c1', readyProbe, { timeoutMs: 10 }),
    ).resolves.toBe(true);
  });

  it('resolves on the change that makes the probe hold, not before', async () => {
    const { cache, store, readyProbe } = setup();
    store('False');
    let calls = 0;
    const waiting = cache.waitFor(
      'c1',
      () => {
        calls++;
        return readyProbe();
      },
      { timeoutMs: 5000 },
    );
    store('Unknown');
    await Promise.resolve();
    await Promise.resolve();
    const before = calls;
    store('True');
    await expect(waiting).resolves.toBe(true);
    // once at the start, once per batch of changes: no polling
    expect(before).toBe(2);
    expect(calls).toBe(3);
  });

  it('resolves undefined after the timeout, on abort and for an unknown cluster', async () => {
    const { cache, store, readyProbe } = setup();
    store('False');
    await expect(
      cache.waitFor('c1', readyProbe, { timeoutMs: 20 }),
    ).resolves.toBeUndefined();
    const abort = new AbortController();
    const waiting = cache.waitFor('c1', readyProbe, {
      timeoutMs: 60_000,
      signal: abort.signal,
    });
    abort.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(
      cache.waitFor('nope', () => true, { timeoutMs: 60_000 }),
    ).resolves.toBeUndefined();
  });

  it('stops listening once resolved', async () => {
    const { cache, store, readyProbe } = setup();
    let calls = 0;
    const waiting = cache.waitFor(
      'c1',
      () => {
        calls++;
        return readyProbe();
      },
      { timeoutMs: 5000 },
    );
    store('True');
    await waiting;
    const after = calls;
    store('False');
    await new Promise(r => setTimeout(r, 5));
    expect(calls).toBe(after);
  });
});
