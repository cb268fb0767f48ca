/*
 * Canary probes end to end: the plugin as the backend runs it (startTestBackend, SQLite, the
 * scheduler, the plugin's least-privilege Vault token from deploy/vault-policy.hcl and its
 * ClusterRole) against the demo fleet's three clusters and its platform-canary
 * ClusterExternalSecret. Each probe writes a fresh canary value, force-syncs the canary in every
 * cluster and records its propagation time; GET /fleet shows the latest per cluster; a cluster
 * that is down fails alone, with its reason; the value appears in no response, log line or row.
 */
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import type { Knex } from 'knex';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(180_000);

const ALICE = 'user:default/alice';
const CLUSTERS = ['dev-eu', 'prod-eu', 'prod-us'];

const logs: string[] = [];
function capturingLogger(): LoggerService {
  const line = (level: string) => (message: string, meta?: Error | object) =>
    logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    child: () => capturingLogger(),
  };
}

describe('canary probes across the demo fleet', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let fleet: FleetHandle;
  let knex: Knex;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  /** Every canary value Vault held while the test watched. */
  const canaryValues = new Set<string>();

  const vaultCanary = () =>
    fleet.vault.engine.readSecret({ mount: 'platform', path: 'canary' })!;

  // probes run when the test says so: one trigger is one probe, awaited
  const scheduler = mockServices.scheduler();
  let lastProbe = 0;
  const probe = async () => {
    // ESO's refreshTime has whole seconds (on the fleet's clock, not ours), and a sync counts only
    // when it is later than the one before, as for a rotation: probes are minutes apart in
    // practice, here more than a second does
    const wait = lastProbe + 1100 - Date.now();
    if (wait > 0) await new Promise(r => setTimeout(r, wait));
    await scheduler.triggerTask('secrets-canary');
    lastProbe = Date.now();
    canaryValues.add(String(vaultCanary().data.token));
  };
  const bodies: string[] = [];

  const fleetCanaries = async () => {
    canaryValues.add(String(vaultCanary().data.token));
    const res = await request(server)
      .get('/api/secrets/fleet')
      .set('Authorization', mockCredentials.user.header(ALICE));
    bodies.push(res.text);
    expect(res.status).toBe(200);
    return Object.fromEntries(
      (res.body.clusters as any[]).map(c => [c.name, c]),
    );
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    knex = await databases.init('SQLITE_3');
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
              canary: {
                timeout: { seconds: 20 },
                vault: {
                  server: 'vault',
                  mount: 'platform',
                  path: 'canary',
                  key: 'token',
                },
                clusterExternalSecret: 'platform-canary',
              },
            },
          } as any,
        }),
        mockServices.database.factory({ knex }),
        (scheduler as any).factory({ skipTaskRunOnStartup: true }),
        createServiceFactory({
          service: coreServices.rootLogger,
          deps: {},
          factory: () => capturingLogger(),
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.permissions.factory(),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const byName = await fleetCanaries();
      return CLUSTERS.every(c => byName[c]?.state === 'connected');
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it('writes a fresh value, proves it in every cluster and shows the propagation time per cluster', async () => {
    const before = vaultCanary();
    expect(
      Object.values(await fleetCanaries()).map((c: any) => c.canary),
    ).toEqual([undefined, undefined, undefined]);
    await probe();
    const canaries = await fleetCanaries();
    for (const name of CLUSTERS)
      expect(canaries[name].canary).toEqual({
        at: expect.any(String),
        outcome: 'succeeded',
        propagationSeconds: expect.any(Number),
      });
    // one probe writes once for all clusters
    const ats = new Set(CLUSTERS.map(c => canaries[c].canary.at));
    expect(ats.size).toBe(1);
    for (const name of CLUSTERS) {
      const seconds = canaries[name].canary.propagationSeconds;
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(20);
    }
    // Vault has new versions, and the clusters' canary Secrets hold what Vault holds
    const current = vaultCanary();
    expect(current.version).toBe(before.version + 1);
    expect(current.data.token).not.toBe(before.data.token);
    for (const c of fleet.clusters)
      for (const ns of ['payments', 'search']) {
        const secret = c.store.get(
          { group: '', resource: 'secrets' },
          ns,
          'platform-canary',
        ) as any;
        expect(Buffer.from(secret.data.token, 'base64').toString()).toBe(
          current.data.token,
        );
      }
    // a second probe: a new value, proven again
    await probe();
    expect(vaultCanary().version).toBe(before.version + 2);
    const again = await fleetCanaries();
    for (const name of CLUSTERS)
      expect(again[name].canary).toEqual(
        expect.objectContaining({ outcome: 'succeeded' }),
      );
    expect(again['dev-eu'].canary.at > canaries['dev-eu'].canary.at).toBe(true);

    const rows = await knex('secrets_canary_probes').select();
    expect(new Set(rows.map(r => r.cluster))).toEqual(new Set(CLUSTERS));
    expect(
      rows
        .filter(r => r.outcome === 'succeeded')
        .every(r => typeof r.propagation_ms === 'number'),
    ).toBe(true);
  });

  it('records a down cluster as failed with its reason, while the others still succeed', async () => {
    const prodUs = fleet.cluster('prod-us');
    await prodUs.api.faults.down();
    try {
      await eventually(async () => {
        const byName = await fleetCanaries();
        return byName['prod-us'].state === 'unreachable';
      }, 30_000);
      await probe();
      const canaries = await fleetCanaries();
      expect(canaries['prod-us'].state).toBe('unreachable');
      expect(canaries['prod-us'].canary).toEqual({
        at: expect.any(String),
        outcome: 'failed',
        reason: expect.stringMatching(/^cluster prod-us is unreachable/),
      });
      for (const name of ['dev-eu', 'prod-eu'])
        expect(canaries[name].canary).toMatchObject({
          at: canaries['prod-us'].canary.at,
          outcome: 'succeeded',
          propagationSeconds: expect.any(Number),
        });
    } finally {
      await prodUs.api.faults.up();
    }
  });

  it('never lets a canary value into a response, a log line or a database row', async () => {
    canaryValues.add(String(vaultCanary().data.token));
    const rows = JSON.stringify(await knex('secrets_canary_probes').select());
    const values = [...collectSecretValues(fleet), ...canaryValues];
    expect(canaryValues.size).toBeGreaterThan(2);
    expect(values.filter(v => bodies.some(b => b.includes(v)))).toEqual([]);
    expect(values.filter(v => logs.some(l => l.includes(v)))).toEqual([]);
    expect(values.filter(v => rows.includes(v))).toEqual([]);
  });
});
