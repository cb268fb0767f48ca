/*
 * The outage repair against the demo fleet: prod-eu's vault-search is stuck in ESO's backoff
 * after the Vault outage; revalidation bumps it, waits for Ready, then bumps its dependents.
 */
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';

describe('store revalidation', () => {
  let h: DemoHarness;
  beforeAll(async () => {
    h = await startDemoHarness({ revalidateWaitMs: 3000 });
  }, 60_000);
  afterAll(() => h?.stop());

  const esAnnotations = (name: string) =>
    h.fleet
      .cluster('prod-eu')
      .store.list(
        { group: 'external-secrets.io', resource: 'externalsecrets' },
        'search',
      )
      .find(o => o.metadata.name === name)?.metadata.annotations ?? {};

  it('plans every NotReady store and its dependents on a dry run, writing nothing', async () => {
    const res = await h.revalidator.revalidate({ dryRun: true });
    expect(res.dryRun).toBe(true);
    const summary = res.results
      .map(
        r =>
          `${r.cluster} ${r.kind} ${r.namespace ?? ''}/${r.name} ${r.outcome}`,
      )
      .sort();
    expect(summary).toEqual([
      'prod-eu ClusterSecretStore /vault-search planned',
      'prod-eu ExternalSecret payments/checkout-web-legacy-config planned',
      'prod-eu ExternalSecret search/search-indexer-api planned',
      'prod-eu ExternalSecret search/search-indexer-elastic planned',
      'prod-eu SecretStore payments/vault-legacy planned',
    ]);
    expect(esAnnotations('search-indexer-api')['force-sync']).toBeUndefined();
  });

  it('un-sticks the stuck store and its ExternalSecrets sync again', async () => {
    const stuck = () =>
      h.cache
        .cluster('prod-eu')!
        .data.externalSecrets.get('search/search-indexer-api')!;
    expect(stuck().ready?.status).toBe('False');
    const res = await h.revalidator.revalidate({
      dryRun: false,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'ClusterSecretStore',
          name: 'vault-search',
        },
      ],
    });
    expect(
      res.results.map(r => `${r.kind} ${r.name} ${r.outcome}`).sort(),
    ).toEqual([
      'ClusterSecretStore vault-search validated',
      'ExternalSecret search-indexer-api bumped',
      'ExternalSecret search-indexer-elastic bumped',
    ]);
    expect(esAnnotations('search-indexer-api')['force-sync']).toMatch(/^\d+$/);
    // watched after the bump: ESO synced both within secrets.revalidate.watchFor
    for (const r of res.results.filter(x => x.kind === 'ExternalSecret'))
      expect(r.after).toMatchObject({ status: 'Synced', synced: true });
    await eventually(() => stuck().ready?.status === 'True');
    const fleet = await h.service.getFleet({
      offset: 0,
      limit: 50,
      cluster: 'prod-eu',
    });
    expect(fleet.failing.items.map(r => `${r.name} ${r.status}`)).toEqual([
      'checkout-web-legacy-config StoreNotReady',
    ]);
  }, 20_000);

  it('reports a store whose credentials are really broken as still-not-ready and bumps nothing behind it', async () => {
    const res = await h.revalidator.revalidate({
      dryRun: false,
      stores: [
        {
          cluster: 'prod-eu',
          kind: 'SecretStore',
          namespace: 'payments',
          name: 'vault-legacy',
        },
      ],
    });
    expect(res.results).toEqual([
      expect.objectContaining({
        kind: 'SecretStore',
        name: 'vault-legacy',
        outcome: 'still-not-ready',
        message: expect.stringMatching(/still not Ready/),
        // Vault's own words, from the store's latest Warning Event
        cause: expect.stringMatching(/permission denied/),
      }),
    ]);
  }, 20_000);

  it('bumps ClusterExternalSecret children through their parent', async () => {
    const res = await h.revalidator.revalidate({
      dryRun: false,
      stores: [
        {
          cluster: 'dev-eu',
          kind: 'ClusterSecretStore',
          name: 'vault-platform',
        },
      ],
    });
    expect(
      res.results
        .map(r => `${r.kind} ${r.namespace ?? ''}/${r.name} ${r.outcome}`)
        .sort(),
    ).toEqual([
      'ClusterExternalSecret /platform-canary bumped',
      'ClusterSecretStore /vault-platform validated',
      'ExternalSecret payments/platform-canary skipped',
      'ExternalSecret search/platform-canary skipped',
    ]);
    const ces = h.fleet.cluster('dev-eu').store.list({
      group: 'external-secrets.io',
      resource: 'clusterexternalsecrets',
    })[0];
    expect(
      ces.metadata.annotations?.['external-secrets.io/force-sync'],
    ).toMatch(/^\d+$/);
  }, 20_000);
});
