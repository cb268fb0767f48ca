/*
 * The cache and the derived statuses against the demo fleet over real HTTPS: every trouble case
 * of the demo comes out as the status an operator needs to see.
 */
import type { ExternalSecretRow } from '@secrets-plugin/plugin-secrets-common';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { registerCacheMetrics } from '../metrics/cacheMetrics';

const credentials = mockCredentials.user();
const ref = (name: string) => ({
  kind: 'component',
  namespace: 'default',
  name,
});

describe('demo fleet through the cache', () => {
  let h: DemoHarness;
  let rows: ExternalSecretRow[];
  const row = (cluster: string, name: string) => {
    const found = rows.find(r => r.cluster === cluster && r.name === name);
    if (!found) throw new Error(`no row ${cluster}/${name}`);
    return found;
  };

  let total = 0;
  beforeAll(async () => {
    h = await startDemoHarness();
    const fleet = await h.service.getFleet({
      offset: 0,
      limit: 500,
      status: undefined,
    });
    total = fleet.clusters.reduce(
      (n, c) => n + Object.values(c.counts).reduce((a, b) => a + b, 0),
      0,
    );
    rows = [];
    for (const status of [
      'Synced',
      'Error',
      'Stale',
      'StoreNotReady',
      'Missing',
      'Pending',
    ] as const) {
      rows.push(
        ...(await h.service.getFleet({ offset: 0, limit: 500, status })).failing
          .items,
      );
    }
  }, 60_000);
  afterAll(() => h?.stop());

  it('counts every ExternalSecret of the demo once, by status', () => {
    // 34, and payments-api's team-search token in dev-eu (a shared key the tenant rule guards)
    expect(total).toBe(35);
    expect(rows).toHaveLength(total);
  });

  it('discovers the ESO API per cluster, v1beta1 on the old prod-us', async () => {
    const fleet = await h.service.getFleet({ offset: 0, limit: 50 });
    expect(fleet.clusters.map(c => [c.name, c.state, c.esoApiVersion])).toEqual(
      [
        ['dev-eu', 'connected', 'v1'],
        ['prod-eu', 'connected', 'v1'],
        ['prod-us', 'connected', 'v1beta1'],
      ],
    );
    expect(fleet.errors).toEqual([]);
    expect(
      rows
        .filter(r => r.cluster === 'prod-us')
        .every(r => r.status === 'Synced'),
    ).toBe(true);
  });

  it('shows the broken store as StoreNotReady with the Vault error as its cause', () => {
    const r = row('prod-eu', 'checkout-web-legacy-config');
    expect(r.status).toBe('StoreNotReady');
    expect(r.cause).toMatch(/SecretStore "vault-legacy" is not ready/);
    expect(r.store).toMatchObject({
      kind: 'SecretStore',
      namespace: 'payments',
      name: 'vault-legacy',
    });
    expect(r.store.health).toMatchObject({
      ready: false,
      reason: 'InvalidProviderConfig',
    });
    expect(r.store.health.cause).toMatch(/invalid vault credentials/);
  });

  it('shows the stuck store and its 1-minute ExternalSecret held by the flood gate', async () => {
    const r = row('prod-eu', 'search-indexer-api');
    expect(r.status).toBe('StoreNotReady');
    expect(r.cause).toMatch(/ClusterSecretStore "vault-search" is not ready/);
    const fleet = await h.service.getFleet({ offset: 0, limit: 50 });
    expect(
      fleet.stores
        .slice(0, 2)
        .map(s => `${s.cluster}/${s.name}:${s.health.ready}`)
        .sort(),
    ).toEqual(['prod-eu/vault-legacy:false', 'prod-eu/vault-search:false']);
    expect(
      fleet.stores.find(
        s => s.cluster === 'prod-eu' && s.name === 'vault-search',
      )?.dependents,
    ).toBe(2);
  });

  it('reports the missing Vault key as Error with the Warning event text', () => {
    const r = row('dev-eu', 'payments-api-feature-flags');
    expect(r.status).toBe('Error');
    expect(r.cause).toMatch(
      /error processing spec\.data\[0\] \(key: payments-api\/feature-flags\)/,
    );
    expect(r.condition).toMatchObject({
      status: 'False',
      reason: 'SecretSyncedError',
    });
  });

  it('knows which ExternalSecrets a force-sync cannot refresh, and why', () => {
    expect(row('prod-eu', 'checkout-web-oauth')).toMatchObject({
      refreshPolicy: 'CreatedOnce',
      forceSync: { supported: false, blockers: ['CreatedOnce'] },
    });
    // CreatedOnce never fetches again: no promised instant, and a bump does not help
    expect(row('prod-eu', 'checkout-web-oauth').takesEffect).toEqual({
      reason: 'created-once',
      forceSyncHelps: false,
    });
    expect(row('prod-eu', 'ledger-worker-signing').forceSync.blockers).toEqual([
      'PinnedVersion',
    ]);
    expect(row('dev-eu', 'ledger-worker-signing').forceSync).toEqual({
      supported: true,
      blockers: [],
    });
    expect(row('dev-eu', 'ledger-worker-bootstrap').forceSync.blockers).toEqual(
      ['RefreshIntervalZero'],
    );
    const canary = rows.filter(
      r => r.name === 'platform-canary' && r.cluster === 'dev-eu',
    );
    expect(canary.map(r => r.namespace).sort()).toEqual(['payments', 'search']);
    expect(canary[0].forceSync).toEqual({
      supported: true,
      blockers: ['ClusterExternalSecretChild'],
      via: { kind: 'ClusterExternalSecret', name: 'platform-canary' },
    });
  });

  it('derives the next refresh, the target hash and Vault version, and consumers with their restarter', () => {
    const r = row('dev-eu', 'payments-api-db');
    expect(r.status).toBe('Synced');
    expect(r.takesEffect).toEqual({
      reason: 'next-refresh',
      at: new Date(Date.parse(r.lastSyncAt!) + 3_600_000).toISOString(),
      forceSyncHelps: true,
    });
    expect(r.target).toMatchObject({
      name: 'payments-api-db',
      exists: true,
      vaultVersion: '1',
    });
    expect(r.target.dataHash).toMatch(/^[0-9a-f]{56}$/);
    expect(r.consumers).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        namespace: 'payments',
        name: 'payments-api',
        restartedBy: 'Reloader',
      }),
    ]);
    const session = row('dev-eu', 'checkout-web-session').consumers[0];
    expect(session).toMatchObject({
      name: 'checkout-web',
      restartedBy: 'Reloader',
    });
    expect(row('dev-eu', 'checkout-web-oauth').consumers[0]).toMatchObject({
      name: 'checkout-web',
      restartedBy: 'nobody',
    });
    expect(row('dev-eu', 'ledger-worker-kafka').consumers[0].restartedBy).toBe(
      'nobody',
    );
  });

  it("syncs payments-api's team-search token through the search store, consumed by payments-api", () => {
    const r = row('dev-eu', 'payments-api-search-token');
    expect(r.status).toBe('Synced');
    expect(r.store).toMatchObject({
      kind: 'ClusterSecretStore',
      name: 'vault-search',
    });
    expect(r.consumers).toEqual([
      expect.objectContaining({
        kind: 'Deployment',
        name: 'payments-api',
        restartedBy: 'Reloader',
      }),
    ]);
    expect(
      rows
        .filter(x => x.name === 'payments-api-search-token')
        .map(x => x.cluster),
    ).toEqual(['dev-eu']);
  });

  it("groups an entity's secrets by Vault key with a row per cluster", async () => {
    const res = await h.service.getEntitySecrets(ref('payments-api'), {
      credentials,
    });
    expect(res.entityRef).toBe('component:default/payments-api');
    const db = res.groups.find(g => g.vault.key === 'payments-api/db')!;
    expect(db.vault).toMatchObject({
      server: h.fleet.vault.url.replace(/\/$/, ''),
      namespace: 'team-payments',
      mount: 'secret',
      kvVersion: 'v2',
    });
    expect(db.rows.map(r => r.cluster).sort()).toEqual([
      'dev-eu',
      'prod-eu',
      'prod-us',
    ]);
    const stripe = res.groups.find(g => g.vault.key === 'payments-api/stripe')!;
    expect(stripe.vault.property).toBeUndefined();
    expect(res.groups.map(g => g.vault.key)).toContain(
      'payments-api/feature-flags',
    );

    const ledger = await h.service.getEntitySecrets(ref('ledger-worker'), {
      credentials,
    });
    const signing = ledger.groups.find(
      g => g.vault.key === 'ledger-worker/signing',
    )!;
    expect(signing.vault.pinnedVersion).toBe('1');
    const pinned = Object.fromEntries(
      signing.rows.map(r => [r.cluster, r.vault?.pinnedVersion]),
    );
    expect(pinned).toEqual({
      'dev-eu': undefined,
      'prod-eu': '1',
      'prod-us': '1',
    });
  });

  it('names the PushSecret that writes the Vault key an ExternalSecret reads', () => {
    expect(row('prod-eu', 'checkout-web-ledger-key')).toMatchObject({
      status: 'Synced',
      pushedBy: [{ namespace: 'payments', name: 'ledger-worker-public-key' }],
    });
    expect(row('prod-eu', 'checkout-web-session').pushedBy).toEqual([]);
  });

  it('reports the demo through low-cardinality metrics', async () => {
    const observed = new Map<string, Array<[number, any]>>();
    const instrument = (name: string) => ({
      addCallback: async (cb: (r: any) => unknown) => {
        const seen: Array<[number, any]> = [];
        await cb({ observe: (v: number, a: any) => seen.push([v, a]) });
        observed.set(name, seen);
      },
      removeCallback: () => {},
    });
    registerCacheMetrics(
      {
        createObservableGauge: instrument,
        createObservableCounter: instrument,
      } as any,
      {
        fleet: () => h.service.getFleet({ offset: 0, limit: 1 }),
        clusters: () => h.cache.clusters(),
      },
    );
    await eventually(() => observed.size === 6);
    expect(observed.get('secrets.cluster.up')).toEqual([
      [1, { cluster: 'dev-eu' }],
      [1, { cluster: 'prod-eu' }],
      [1, { cluster: 'prod-us' }],
    ]);
    const statuses = observed.get('secrets.externalsecrets')!;
    expect(statuses.reduce((n, [v]) => n + v, 0)).toBe(total);
    expect(statuses).toContainEqual([
      2,
      { cluster: 'prod-eu', status: 'StoreNotReady' },
    ]);
    expect(observed.get('secrets.stores')).toContainEqual([
      2,
      { cluster: 'prod-eu', ready: 'false' },
    ]);
    for (const [, { cluster }] of observed.get('secrets.cluster.watch.lists')!)
      expect(['dev-eu', 'prod-eu', 'prod-us']).toContain(cluster);
  });

  it('404 for an entity the catalog does not know', async () => {
    await expect(
      h.service.getEntitySecrets(ref('nope'), { credentials }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('keeps Secrets as metadata only: no data, no other annotations', () => {
    for (const watch of h.cache.clusters()) {
      for (const s of watch.data.secrets.values()) {
        expect(Object.keys(s).sort()).toEqual(
          expect.arrayContaining(['name', 'namespace']),
        );
        expect(
          Object.keys(s).every(k =>
            ['name', 'namespace', 'dataHash', 'vaultVersion'].includes(k),
          ),
        ).toBe(true);
      }
      expect(watch.data.secrets.size).toBeGreaterThan(5);
    }
  });
});
