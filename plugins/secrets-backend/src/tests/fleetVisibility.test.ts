/*
 * Who sees what on the fleet page, on the demo fleet through startTestBackend. Permissions are
 * decided like the demo policy: `secrets.fleet.read` for the platform team only, and
 * `secrets.entity.read` by ownership as a conditional decision (applied per entity ref).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';

/** The demo catalog's components (platform-canary has no entity: only the platform sees it). */
const entities = demoEntities.filter(
  e => e.metadata.name !== 'platform-canary',
);
const GROUP_OF: Record<string, string> = {
  'user:default/alice': 'team-payments',
  'user:default/sam': 'team-search',
  'user:default/pat': 'platform-team',
};
const ALICE = 'user:default/alice';
const SAM = 'user:default/sam';
const PAT = 'user:default/pat';

const userOf = (credentials: any): string =>
  credentials.principal.userEntityRef;
const owns = (user: string, resourceRef: string) =>
  entities.some(
    e =>
      stringifyEntityRef(e) === resourceRef && e.spec?.owner === GROUP_OF[user],
  );

const authorizeCalls: Array<{ user: string; refs: number }> = [];
const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) => {
    const user = userOf(credentials);
    authorizeCalls.push({
      user,
      refs: requests.filter((r: any) => r.resourceRef).length,
    });
    return requests.map((r: any) => {
      const allowed = r.resourceRef ? owns(user, r.resourceRef) : user === PAT;
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

describe('fleet visibility', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const get = (path: string, user: string) =>
    request(server)
      .get(`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  /** Every row of the user's entity tabs, as `cluster/namespace/name`. */
  async function rowsOfEntityTabs(user: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (const e of entities) {
      const res = await get(
        `/entities/default/component/${e.metadata.name}/secrets`,
        user,
      );
      if (res.status !== 200) continue;
      for (const g of res.body.groups)
        for (const r of g.rows)
          ids.add(`${r.cluster}/${r.namespace}/${r.name}`);
    }
    return ids;
  }
  const idOf = (r: any) => `${r.cluster}/${r.namespace}/${r.name}`;
  const total = (body: any) =>
    body.clusters.reduce(
      (n: number, c: any) =>
        n +
        Object.values(c.counts as Record<string, number>).reduce(
          (a, b) => a + b,
          0,
        ),
      0,
    );

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({ data: fleet.appConfig as any }),
        catalogServiceMock.factory({ entities }),
        permissions.factory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await get('/fleet', PAT);
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 20_000);
  }, 60_000);
  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it('pat (secrets.fleet.read) sees the whole fleet, rows no entity claims included', async () => {
    const res = await get('/fleet?limit=500', PAT);
    expect(res.status).toBe(200);
    const claimed = new Set([
      ...(await rowsOfEntityTabs(ALICE)),
      ...(await rowsOfEntityTabs(SAM)),
    ]);
    const synced = await get('/fleet?status=Synced&limit=500', PAT);
    const seen = [...res.body.failing.items, ...synced.body.failing.items].map(
      idOf,
    );
    expect(total(res.body)).toBe(seen.length);
    expect(seen.filter(id => !claimed.has(id)).length).toBeGreaterThan(0);
    expect([...claimed].every(id => seen.includes(id))).toBe(true);
    expect(res.body.stores.length).toBeGreaterThan(0);
  });

  it('alice sees only the payments rows, counts and stores, and what her tabs show', async () => {
    const tabs = await rowsOfEntityTabs(ALICE);
    expect(tabs.size).toBeGreaterThan(0);
    const failing = await get('/fleet?limit=500', ALICE);
    expect(failing.status).toBe(200);
    const synced = await get('/fleet?status=Synced&limit=500', ALICE);
    const seen = [...failing.body.failing.items, ...synced.body.failing.items];
    // exactly the rows of her entity tabs, each once, failing or synced
    expect(new Set(seen.map(idOf))).toEqual(tabs);
    expect(seen).toHaveLength(tabs.size);
    expect(total(failing.body)).toBe(tabs.size);
    expect(failing.body.failing.totalCount).toBeGreaterThan(0);
    // stores: only those her rows read through, counting only her dependents
    const storeIds = new Set(
      seen.map(
        r =>
          `${r.cluster}/${r.store.kind}/${r.store.namespace ?? ''}/${
            r.store.name
          }`,
      ),
    );
    for (const s of failing.body.stores) {
      expect(storeIds).toContain(
        `${s.cluster}/${s.kind}/${s.namespace ?? ''}/${s.name}`,
      );
      expect(s.dependents).toBe(
        seen.filter(
          r =>
            r.cluster === s.cluster &&
            r.store.kind === s.kind &&
            r.store.name === s.name &&
            (r.store.namespace ?? '') === (s.namespace ?? ''),
        ).length,
      );
    }
    expect(failing.body.stores.length).toBe(storeIds.size);
    // every cluster is listed, as on the entity tab
    expect(failing.body.clusters.map((c: any) => c.name)).toEqual([
      'dev-eu',
      'prod-eu',
      'prod-us',
    ]);
  });

  it("sam sees search-indexer's rows and none of payments'", async () => {
    const sam = await rowsOfEntityTabs(SAM);
    const alice = await rowsOfEntityTabs(ALICE);
    const res = await get('/fleet?status=Synced&limit=500', SAM);
    const failing = await get('/fleet?limit=500', SAM);
    const seen = [...res.body.failing.items, ...failing.body.failing.items].map(
      idOf,
    );
    expect(new Set(seen)).toEqual(sam);
    expect(seen.filter(id => alice.has(id))).toEqual([]);
  });

  it('asks the permission framework once per request for all entities, not per row', async () => {
    authorizeCalls.length = 0;
    await get('/fleet', ALICE).expect(200);
    expect(authorizeCalls).toEqual([
      { user: ALICE, refs: 0 }, // secrets.fleet.read
      { user: ALICE, refs: entities.length }, // secrets.entity.read, batched
    ]);
  });
});
