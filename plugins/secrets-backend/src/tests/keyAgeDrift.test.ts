/*
 * Key age, schedules, version drift and external changes through the HTTP API, against the demo
 * fleet over real HTTP: a version written in Vault outside the plugin (through fleet-sim's Vault
 * API, as an operator with the CLI would) shows as the key's new age, as clusters behind it with
 * when they will pick it up, and as an external change in the history; a force-synced cluster
 * catches up; overdue keys reach the fleet page. No value in any response.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { kubeWriter } from '../__testUtils__/fleetKube';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const PAT = 'user:default/pat';
const STRIPE = 'payments-api/stripe';
const GROUP_OF: Record<string, string> = {
  [ALICE]: 'team-payments',
  'user:default/sam': 'team-search',
  [PAT]: 'platform-team',
};

/** Owners read their entities' secrets; only pat has the fleet-wide permissions. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) => {
    const user = (credentials.principal as any).userEntityRef as string;
    return requests.map((r: any) => {
      const allowed = r.resourceRef
        ? demoEntities.some(
            e =>
              stringifyEntityRef(e) === r.resourceRef &&
              e.spec?.owner === GROUP_OF[user],
          )
        : user === PAT;
      return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
  authorizeConditional: async requests =>
    requests.map((r: any) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: { rule: 'IS_ENTITY_OWNER', params: {} },
      permission: r.permission,
    })) as any,
});

describe('key age, version drift and external changes', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const bodies: string[] = [];
  const written: string[] = [];

  const get = async (path: string, user = ALICE) => {
    const res = await request(server)
      .get(`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user));
    bodies.push(res.text);
    expect(res.status).toBe(200);
    return res.body;
  };
  const stripeGroup = async () =>
    (await get('/entities/default/component/payments-api/secrets')).groups.find(
      (g: any) => g.vault.key === STRIPE,
    );

  /** A new version written straight into fleet-sim's Vault, as root: not through the plugin. */
  const writeOutside = async (path: string, data: Record<string, string>) => {
    written.push(...Object.values(data));
    const res = await fetch(`${fleet.vault.url}/v1/secret/data/${path}`, {
      method: 'POST',
      headers: {
        'X-Vault-Token': fleet.vault.rootToken,
        'X-Vault-Namespace': 'team-payments',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ data }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as any).data.version as number;
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
              keyAge: { metadataMaxAge: { seconds: 1 } },
              // no tenants: the scheduler may find keys due but can never rotate one
              rotation: {
                schedules: [
                  { path: 'secret/payments-api/*', every: '3650d' },
                  { path: 'secret/checkout-web/*', every: '1s' },
                ],
              },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        permissions.factory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await request(server)
        .get('/api/secrets/fleet')
        .set('Authorization', mockCredentials.user.header(PAT));
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it("shows each key's age and schedule from Vault's metadata, and every cluster on its current version", async () => {
    const group = await eventually(async () => {
      const g = await stripeGroup();
      return g?.age?.currentVersion !== undefined && g;
    });
    const current = fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: STRIPE,
    })!.version;
    // the demo's stripe readers annotate rotate-every 10m, shorter than the config's 3650d for
    // secret/payments-api/*: the shortest rule wins, and the version seeded before the demo's
    // 11 minutes of history is past it
    expect(group.age).toMatchObject({
      currentVersion: current,
      overdue: true,
      schedule: { every: '10m', source: 'annotation' },
    });
    expect(group.age.ageSeconds).toBeGreaterThanOrEqual(600);
    expect(Date.parse(group.age.dueAt)).toBeLessThan(Date.now());
    expect(group.rows.length).toBeGreaterThan(1);
    for (const row of group.rows)
      expect(row.drift).toMatchObject({
        state: 'current',
        currentVersion: current,
      });
    // the key whose readers stamp the version on their Secret: the surest answer
    const db = (
      await get('/entities/default/component/payments-api/secrets')
    ).groups.find((g: any) => g.vault.key === 'payments-api/db');
    expect(db.rows[0].drift).toMatchObject({
      state: 'current',
      basis: 'stamped-version',
    });
  });

  it('a version written outside the plugin: the new age, every cluster behind until it syncs, when each will, and the external change in the history', async () => {
    const before = (await stripeGroup()).age.currentVersion as number;
    const version = await writeOutside(STRIPE, {
      'publishable-key': `pk_outside_${Date.now()}`,
      'secret-key': `sk_outside_${Date.now()}`,
    });
    expect(version).toBe(before + 1);

    // within metadataMaxAge the tab shows the new version, and nobody has synced it yet
    const behind = await eventually(async () => {
      const g = await stripeGroup();
      return g.age.currentVersion === version && g;
    });
    expect(behind.age.ageSeconds).toBeLessThan(60);
    for (const row of behind.rows) {
      expect(row.drift).toMatchObject({
        state: 'behind',
        currentVersion: version,
        basis: 'sync-time',
      });
      // when it will pick the version up: the row's one takes-effect decision
      expect(row.takesEffect.reason).toBe('next-refresh');
      expect(Date.parse(row.takesEffect.at)).toBeGreaterThan(Date.now());
    }

    // one cluster is made to re-sync (a metadata change re-syncs, as ESO's force-sync does)
    await kubeWriter(fleet, 'dev-eu').patchExternalSecretLabels(
      'payments',
      'payments-api-stripe',
      { 'example.com/nudged': 'yes' },
    );
    const caughtUp = await eventually(async () => {
      const g = await stripeGroup();
      return (
        g.rows.find((r: any) => r.cluster === 'dev-eu')?.drift.state ===
          'current' && g
      );
    }, 20_000);
    expect(
      caughtUp.rows
        .filter((r: any) => r.cluster !== 'dev-eu')
        .map((r: any) => r.drift.state),
    ).toEqual(caughtUp.rows.slice(1).map(() => 'behind'));

    // the history: no rotation of this key, so every Vault version is an external change
    const history = await get(
      `/entities/default/component/payments-api/rotations?groupId=${behind.id}`,
    );
    expect(history.totalCount).toBe(version);
    expect(history.items[0]).toEqual({
      source: 'external',
      id: `${behind.id}@${version}`,
      groupId: behind.id,
      version,
      createdAt: behind.age.versionCreatedAt,
      destroyed: false,
    });
    // paged over the merged list
    const second = await get(
      `/entities/default/component/payments-api/rotations?groupId=${behind.id}&offset=1&limit=1`,
    );
    expect(second).toMatchObject({ totalCount: version, offset: 1, limit: 1 });
    expect(second.items.map((i: any) => i.version)).toEqual([version - 1]);
  });

  it('the fleet lists the scheduled keys the caller may see, overdue first', async () => {
    const fleetKeys = async (user: string) =>
      (await get('/fleet', user)).scheduledKeys as any[];
    const all = await eventually(async () => {
      const keys = await fleetKeys(PAT);
      return keys?.some(k => k.age.overdue) && keys;
    });
    const overdue = all.filter(k => k.age.overdue);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every(k => k.vault.key.startsWith('checkout-web/'))).toBe(
      true,
    );
    expect(all.findIndex(k => !k.age.overdue)).toBe(overdue.length);
    expect(all.map(k => k.vault.key)).toContain(STRIPE);
    expect(overdue[0].readers[0]).toEqual({
      cluster: expect.any(String),
      namespace: 'payments',
      name: expect.stringMatching(/^checkout-web-/),
    });
    // without the fleet permission: the keys of the entities one may read, and no others
    const alice = await fleetKeys(ALICE);
    expect(alice.filter(k => k.age.overdue).map(k => k.id)).toEqual(
      overdue.map(k => k.id),
    );
    const sam = await fleetKeys('user:default/sam');
    expect(
      sam.filter(
        k =>
          k.vault.key.startsWith('payments-api/') ||
          k.vault.key.startsWith('checkout-web/'),
      ),
    ).toEqual([]);
  });

  it('no value reached any response', () => {
    const values = [...collectSecretValues(fleet), ...written];
    expect(values.length).toBeGreaterThan(10);
    for (const body of bodies)
      for (const value of values) expect(body).not.toContain(value);
  });
});
