import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { FleetResponse } from '@secrets-plugin/plugin-secrets-common';
import { registerCacheMetrics } from './cacheMetrics';

type Observation = [number, Record<string, unknown> | undefined];

/** Records every observable instrument's callbacks, and collects them on demand. */
function recordingMetrics() {
  const callbacks = new Map<string, Array<(r: any) => unknown>>();
  const instrument = (name: string) => ({
    addCallback: (cb: (r: any) => unknown) =>
      callbacks.set(name, [...(callbacks.get(name) ?? []), cb]),
    removeCallback: () => {},
  });
  const metrics = {
    createObservableGauge: instrument,
    createObservableCounter: instrument,
  } as unknown as MetricsService;
  const collect = async (name: string) => {
    const seen: Observation[] = [];
    for (const cb of callbacks.get(name) ?? [])
      await cb({
        observe: (v: number, a?: Record<string, unknown>) => seen.push([v, a]),
      });
    return seen;
  };
  return { metrics, collect, names: () => [...callbacks.keys()] };
}

const counts = (over: Partial<Record<string, number>>) => ({
  Synced: 0,
  Error: 0,
  Stale: 0,
  StoreNotReady: 0,
  Missing: 0,
  Pending: 0,
  ...over,
});

const fleet: FleetResponse = {
  generatedAt: '2026-01-01T00:00:00Z',
  vaultServers: [],
  clusters: [
    {
      name: 'prod-eu',
      state: 'connected',
      esoApiVersion: 'v1',
      counts: counts({ Synced: 10, StoreNotReady: 2 }),
    },
    {
      name: 'dev-eu',
      state: 'unreachable',
      esoApiVersion: 'v1',
      staleSeconds: 42,
      counts: counts({ Synced: 5 }),
    },
  ],
  stores: [
    {
      cluster: 'prod-eu',
      kind: 'ClusterSecretStore',
      name: 'a',
      health: { ready: false },
      dependents: 2,
    },
    {
      cluster: 'prod-eu',
      kind: 'ClusterSecretStore',
      name: 'b',
      health: { ready: true },
      dependents: 10,
    },
    {
      cluster: 'dev-eu',
      kind: 'SecretStore',
      namespace: 'x',
      name: 'c',
      health: { ready: 'unknown' },
      dependents: 5,
    },
  ],
  failing: { items: [], totalCount: 2, offset: 0, limit: 1 },
  errors: [],
};

describe('registerCacheMetrics', () => {
  function setup() {
    const m = recordingMetrics();
    const source = {
      fleet: jest.fn(async () => fleet),
      clusters: () => [
        { config: { name: 'prod-eu' }, lists: 9, relists: 1 },
        { config: { name: 'dev-eu' }, lists: 12, relists: 0 },
      ],
    };
    registerCacheMetrics(m.metrics, source);
    return { ...m, source };
  }

  it('reports cluster health, statuses and store readiness by cluster only', async () => {
    const { collect } = setup();
    expect(await collect('secrets.cluster.up')).toEqual([
      [1, { cluster: 'prod-eu' }],
      [0, { cluster: 'dev-eu' }],
    ]);
    expect(await collect('secrets.cluster.data_age')).toEqual([
      [0, { cluster: 'prod-eu' }],
      [42, { cluster: 'dev-eu' }],
    ]);
    const statuses = await collect('secrets.externalsecrets');
    expect(statuses).toContainEqual([
      2,
      { cluster: 'prod-eu', status: 'StoreNotReady' },
    ]);
    expect(statuses).toContainEqual([
      5,
      { cluster: 'dev-eu', status: 'Synced' },
    ]);
    expect(statuses).toHaveLength(12);
    expect(await collect('secrets.stores')).toEqual([
      [1, { cluster: 'prod-eu', ready: 'true' }],
      [1, { cluster: 'prod-eu', ready: 'false' }],
      [0, { cluster: 'prod-eu', ready: 'unknown' }],
      [0, { cluster: 'dev-eu', ready: 'true' }],
      [0, { cluster: 'dev-eu', ready: 'false' }],
      [1, { cluster: 'dev-eu', ready: 'unknown' }],
    ]);
    expect(await collect('secrets.cluster.watch.relists')).toEqual([
      [1, { cluster: 'prod-eu' }],
      [0, { cluster: 'dev-eu' }],
    ]);
  });

  it('reads the fleet once per collection, whatever the number of instruments', async () => {
    const { collect, names, source } = setup();
    for (const name of names()) await collect(name);
    expect(source.fleet).toHaveBeenCalledTimes(1);
  });

  it('never labels by entity, namespace or object name', async () => {
    const { collect, names } = setup();
    for (const name of names())
      for (const [, attributes] of await collect(name))
        for (const key of Object.keys(attributes ?? {}))
          expect(['cluster', 'status', 'ready']).toContain(key);
  });
});
