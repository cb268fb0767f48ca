/*
 * ESO installed, upgraded and removed while the backend runs, against fleet-sim over real HTTP:
 * the cache re-discovers the served ESO API (on its interval, or at once when every ESO watch gets
 * 404), rewatches the new version and forgets what the old one cached, without disturbing the
 * clusters where nothing changed.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { ClusterCache } from '../cluster/ClusterCache';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { eventually } from '../__testUtils__/demoFleet';
import { fleetAdmin } from '../__testUtils__/fleetAdmin';
import { clusterError } from '../service/clusterSummaries';

const ES_REF = { group: 'external-secrets.io', resource: 'externalsecrets' };

describe('cluster lifecycle: ESO changes under a running cache', () => {
  let fleet: FleetHandle;
  const caches: ClusterCache[] = [];
  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', history: false });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(caches.map(c => c.stop()));
    await fleet?.stop();
  });

  /** A cache of some of the fleet's clusters, re-discovering every `discoveryIntervalMs`. */
  function startCache(names: string[], discoveryIntervalMs: number) {
    const config = readSecretsConfig(new ConfigReader(fleet.appConfig as any));
    const cache = new ClusterCache(
      config.clusters.filter(c => names.includes(c.name)),
      { ...config.cache, maxBackoffMs: 500, discoveryIntervalMs },
      mockServices.logger.mock(),
      () => fleet.clock.now(),
    );
    caches.push(cache);
    cache.start();
    return cache;
  }

  const newExternalSecret = (name: string) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: 'payments' },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-payments' },
      target: { name, creationPolicy: 'Owner' },
      data: [
        {
          secretKey: 'password',
          remoteRef: { key: 'payments-api/db', property: 'password' },
        },
      ],
    },
  });

  it('reports a cluster without ESO as such, then follows ESO installed later without touching healthy clusters', async () => {
    await fleetAdmin(fleet, '/clusters/dev-eu/eso', { flavour: 'none' });
    const cache = startCache(['dev-eu', 'prod-eu'], 200);
    expect(await cache.waitUntilSynced(15_000)).toBe(true);
    const devEu = cache.cluster('dev-eu')!;
    const prodEu = cache.cluster('prod-eu')!;
    expect(devEu.status()).toMatchObject({
      state: 'connected',
      esoApiVersion: 'none',
    });
    expect(clusterError(devEu, fleet.clock.now())).toMatchObject({
      errorType: 'ESO_NOT_INSTALLED',
    });
    const prodEuLists = prodEu.lists;

    await fleetAdmin(fleet, '/clusters/dev-eu/eso', { flavour: 'v1' });
    fleet
      .cluster('dev-eu')
      .store.create(ES_REF, newExternalSecret('installed-later'));
    // the store went away with the old install: the new ESO reports that on the ExternalSecret
    const installedLater = await eventually(() => {
      const es = devEu.data.externalSecrets.get('payments/installed-later');
      return (
        devEu.esoApiVersion === 'v1' &&
        devEu.status().state === 'connected' &&
        es?.ready &&
        es
      );
    });
    expect(installedLater.ready).toMatchObject({ status: 'False' });
    expect(clusterError(devEu, fleet.clock.now())).toBeUndefined();

    // several discovery rounds later the unchanged cluster was never relisted or rewatched
    await new Promise(r => setTimeout(r, 1000));
    expect(prodEu.watcherGenerations).toBe(0);
    expect(prodEu.lists).toBe(prodEuLists);
    expect(prodEu.status().state).toBe('connected');
  }, 30_000);

  it('switches watchers at once when every ESO watch gets 404 after an upgrade, and forgets everything when ESO is removed', async () => {
    // an interval far beyond the test: only the 404s can trigger re-discovery
    const cache = startCache(['prod-us'], 10 * 60_000);
    expect(await cache.waitUntilSynced(15_000)).toBe(true);
    const prodUs = cache.cluster('prod-us')!;
    const store = fleet.cluster('prod-us').store;
    expect(prodUs.esoApiVersion).toBe('v1beta1');
    const esCount = store.list(ES_REF).length;
    expect(esCount).toBeGreaterThan(0);
    expect(prodUs.data.externalSecrets.size).toBe(esCount);

    await fleetAdmin(fleet, '/clusters/prod-us/eso', { flavour: 'v1' });
    store.create(ES_REF, newExternalSecret('after-upgrade'));
    // the upgraded ESO syncs it from the migrated ClusterSecretStore
    await eventually(
      () =>
        prodUs.esoApiVersion === 'v1' &&
        prodUs.status().state === 'connected' &&
        prodUs.data.externalSecrets.get('payments/after-upgrade')?.ready
          ?.status === 'True',
    );
    expect(prodUs.data.externalSecrets.size).toBe(esCount + 1);
    expect(prodUs.watcherGenerations).toBe(1);

    // removed while the cache could not see the deletions: only forgetting the old view helps
    await fleetAdmin(fleet, '/clusters/prod-us/down');
    await eventually(() => prodUs.status().state === 'unreachable');
    await fleetAdmin(fleet, '/clusters/prod-us/eso', { flavour: 'none' });
    await fleetAdmin(fleet, '/clusters/prod-us/up');
    await eventually(() => prodUs.esoApiVersion === 'none');
    expect(prodUs.data.externalSecrets.size).toBe(0);
    expect(prodUs.data.allStores()).toEqual([]);
    expect(prodUs.data.secrets.size).toBe(0);
    expect(clusterError(prodUs, fleet.clock.now())).toMatchObject({
      errorType: 'ESO_NOT_INSTALLED',
    });
  }, 30_000);

  it('reports a cluster without ESO as unreachable when re-discovery fails, and connected again after', async () => {
    await fleetAdmin(fleet, '/clusters/dev-eu/eso', { flavour: 'none' });
    const cache = startCache(['dev-eu'], 200);
    expect(await cache.waitUntilSynced(15_000)).toBe(true);
    const devEu = cache.cluster('dev-eu')!;
    await eventually(() => devEu.esoApiVersion === 'none');
    await fleetAdmin(fleet, '/clusters/dev-eu/down');
    try {
      await eventually(() => devEu.status().state === 'unreachable');
      expect(clusterError(devEu, fleet.clock.now())).toMatchObject({
        errorType: 'UNREACHABLE',
        message: expect.stringMatching(/connection refused/),
      });
    } finally {
      await fleetAdmin(fleet, '/clusters/dev-eu/up');
    }
    await eventually(() => devEu.status().state === 'connected');
  }, 30_000);
});
