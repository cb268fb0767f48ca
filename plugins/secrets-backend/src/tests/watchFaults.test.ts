/*
 * The cache under cluster faults, against the demo fleet: a dead cluster is reported and served
 * stale while the others keep serving; 410 Gone relists; cut watches reconnect.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  eventually,
  startDemoHarness,
  type DemoHarness,
} from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

const ES_REF = { group: 'external-secrets.io', resource: 'externalsecrets' };
const credentials = mockCredentials.user();
const paymentsApi = {
  kind: 'component',
  namespace: 'default',
  name: 'payments-api',
};

describe('watch cache under faults', () => {
  let h: DemoHarness;
  beforeAll(async () => {
    h = await startDemoHarness();
  }, 60_000);
  afterAll(() => h?.stop());

  const labelOf = (cluster: string, name: string) =>
    h.cache.cluster(cluster)!.data.externalSecrets.get(`payments/${name}`)
      ?.labels['test/marker'];
  const mark = (cluster: string, name: string, value: string) =>
    h.fleet.cluster(cluster).store.mergePatch(ES_REF, 'payments', name, {
      metadata: { labels: { 'test/marker': value } },
    });

  it('reports a cluster killed mid-watch as unreachable and serves its data stale while others serve fresh', async () => {
    const prodUs = h.fleet.cluster('prod-us');
    await prodUs.api.faults.down();
    try {
      await eventually(
        () => h.cache.cluster('prod-us')!.status().state === 'unreachable',
      );
      await h.fleet.warp(30_000);
      const started = Date.now();
      const res = await h.service.getEntitySecrets(paymentsApi, {
        credentials,
      });
      expect(Date.now() - started).toBeLessThan(200);
      expect(res.errors).toEqual([
        expect.objectContaining({
          cluster: 'prod-us',
          errorType: 'UNREACHABLE',
          staleSeconds: expect.any(Number),
        }),
      ]);
      expect(res.errors[0].staleSeconds).toBeGreaterThanOrEqual(30);
      expect(res.clusters.find(c => c.name === 'prod-us')).toMatchObject({
        state: 'unreachable',
        lastError: expect.any(String),
      });
      const db = res.groups.find(g => g.vault.key === 'payments-api/db')!;
      expect(db.rows.map(r => r.cluster).sort()).toEqual([
        'dev-eu',
        'prod-eu',
        'prod-us',
      ]);

      // the others still take live updates
      mark('dev-eu', 'payments-api-db', 'while-prod-us-down');
      await eventually(
        () => labelOf('dev-eu', 'payments-api-db') === 'while-prod-us-down',
      );
    } finally {
      await prodUs.api.faults.up();
    }
    await eventually(
      () => h.cache.cluster('prod-us')!.status().state === 'connected',
      15_000,
    );
    mark('prod-us', 'payments-api-db', 'after-up');
    await eventually(
      () => labelOf('prod-us', 'payments-api-db') === 'after-up',
    );
  }, 30_000);

  it('relists after 410 Gone when history was compacted while watches were down', async () => {
    const watch = h.cache.cluster('prod-eu')!;
    const before = watch.relists;
    const api = h.fleet.cluster('prod-eu').api;
    // the change lands between the cut and the resume, so only a relist can see it
    api.faults.cutWatches();
    mark('prod-eu', 'payments-api-stripe', 'during-gap');
    api.faults.compact();
    await eventually(() => watch.relists > before, 10_000);
    await eventually(
      () => labelOf('prod-eu', 'payments-api-stripe') === 'during-gap',
    );
    await eventually(() => watch.status().state === 'connected');
    expect(watch.relists).toBeGreaterThan(before);
  }, 20_000);

  it('reconnects after watches are cut and keeps following changes', async () => {
    const watch = h.cache.cluster('dev-eu')!;
    const relists = watch.relists;
    expect(
      h.fleet.cluster('dev-eu').api.faults.cutWatches(),
    ).toBeGreaterThanOrEqual(8);
    mark('dev-eu', 'checkout-web-session', 'after-cut');
    await eventually(
      () => labelOf('dev-eu', 'checkout-web-session') === 'after-cut',
    );
    await eventually(() => watch.status().state === 'connected');
    expect(watch.relists).toBe(relists);
  }, 20_000);

  it('logs the faults without a single secret value', () => {
    expect(h.logs.some(l => /cluster prod-us/.test(l))).toBe(true);
    const values = collectSecretValues(h.fleet);
    expect(values.filter(v => h.logs.some(l => l.includes(v)))).toEqual([]);
  });
});
