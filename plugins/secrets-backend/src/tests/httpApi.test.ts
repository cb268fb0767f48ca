/*
 * The plugin as the backend runs it (startTestBackend) against the demo fleet: authorization,
 * input validation and error bodies, and proof that no response ever carries a secret value.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

const SEARCH_DEV = 'user:default/search-dev';
const NOBODY = 'user:default/nobody';

/** team-search may not read payments entities; `nobody` has no fleet permissions. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, { credentials }) => {
    const user = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    return requests.map((r: any) => {
      const deny =
        (user === SEARCH_DEV &&
          r.resourceRef &&
          r.resourceRef !== 'component:default/search-indexer') ||
        (user === NOBODY && r.permission.name !== 'secrets.entity.read');
      return { result: deny ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    });
  },
});

describe('secrets HTTP API on the demo fleet', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const bodies: string[] = [];
  const get = async (path: string, user = 'user:default/admin') => {
    const res = await request(server)
      .get(`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user));
    bodies.push(res.text);
    return res;
  };
  const post = async (
    path: string,
    body: unknown,
    user = 'user:default/admin',
  ) => {
    const res = await request(server)
      .post(`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(body as object);
    bodies.push(res.text);
    return res;
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({ data: fleet.appConfig as any }),
        catalogServiceMock.factory({ entities: demoEntities }),
        permissions.factory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await get('/fleet');
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 20_000);
  }, 60_000);
  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it("200 with the entity's secrets grouped by Vault key", async () => {
    const res = await get('/entities/default/component/payments-api/secrets');
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/payments-api');
    expect(res.body.groups.map((g: any) => g.vault.key)).toEqual(
      expect.arrayContaining(['payments-api/db', 'payments-api/stripe']),
    );
    expect(res.body.errors).toEqual([]);
  });

  it("404 when team-search reads payments-api's secrets, the same as for an entity that does not exist", async () => {
    const refused = await get(
      '/entities/default/component/payments-api/secrets',
      SEARCH_DEV,
    );
    const missing = await get('/entities/default/component/ghost/secrets');
    expect(refused.status).toBe(404);
    expect(refused.body.error).toEqual({
      name: 'NotFoundError',
      message:
        'No entity component:default/payments-api, or you may not read its secrets',
    });
    expect(refused.body.response).toEqual({ statusCode: 404 });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toEqual({
      name: 'NotFoundError',
      message:
        'No entity component:default/ghost, or you may not read its secrets',
    });
    expect(
      (
        await get(
          '/entities/default/component/search-indexer/secrets',
          SEARCH_DEV,
        )
      ).status,
    ).toBe(200);
  });

  it('403 on revalidation without its permission', async () => {
    const res = await post('/stores/revalidate', { dryRun: true }, NOBODY);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'Missing permission secrets.store.revalidate',
    );
  });

  it('400 on a malformed entity ref, before any permission check', async () => {
    for (const path of [
      '/entities/default/component/a:b/secrets',
      '/entities/default/component/a%00b/secrets',
      '/entities/default/foo/payments-api/secrets',
      `/entities/default/component/${'a'.repeat(300)}/secrets`,
    ]) {
      const res = await get(path, SEARCH_DEV);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
    }
  });

  it('415 on a revalidation that is not JSON; 400 on an empty one', async () => {
    const text = await request(server)
      .post('/api/secrets/stores/revalidate')
      .set('Authorization', mockCredentials.user.header('user:default/admin'))
      .set('Content-Type', 'text/plain')
      .send('{"dryRun":true}');
    expect(text.status).toBe(415);
    expect(text.body.error.name).toBe('UnsupportedMediaTypeError');
    const empty = await request(server)
      .post('/api/secrets/stores/revalidate')
      .set('Authorization', mockCredentials.user.header('user:default/admin'))
      .set('Content-Type', 'application/json');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^body: must be a JSON object/);
  });

  it('200 with a plan, not a run, for a revalidation without "dryRun": false', async () => {
    const res = await post('/stores/revalidate', {});
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(res.body.results.length).toBeGreaterThan(0);
    expect(
      res.body.results.every((r: any) =>
        ['planned', 'skipped'].includes(r.outcome),
      ),
    ).toBe(true);
  });

  it('404 naming the field for an unknown cluster', async () => {
    const res = await post('/stores/revalidate', {
      stores: [{ cluster: 'nope', kind: 'ClusterSecretStore', name: 'vault' }],
    });
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      name: 'NotFoundError',
      message:
        'stores[0].cluster: unknown cluster nope; known: dev-eu, prod-eu, prod-us',
    });
    const fleetRes = await get('/fleet?cluster=nope');
    expect(fleetRes.status).toBe(404);
    expect(fleetRes.body.error.message).toBe(
      'cluster: unknown cluster nope; known: dev-eu, prod-eu, prod-us',
    );
  });

  it('404 and 405 error bodies for unknown routes; the permission routes still answer', async () => {
    const unknown = await get('/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.name).toBe('NotFoundError');
    const wrongMethod = await request(server)
      .put('/api/secrets/fleet')
      .set('Authorization', mockCredentials.user.header('user:default/admin'))
      .send({});
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.body.response).toEqual({ statusCode: 405 });
    const metadata = await request(server).get(
      '/api/secrets/.well-known/backstage/permissions/metadata',
    );
    expect(metadata.status).toBe(200);
    expect(metadata.body.permissions.map((p: any) => p.name)).toContain(
      'secrets.fleet.read',
    );
  });

  it('400 on invalid fleet query and revalidate body', async () => {
    const query = await get('/fleet?limit=0&status=Bogus');
    expect(query.status).toBe(400);
    expect(query.body.error.name).toBe('InputError');
    expect(query.body.error.message).toMatch(/limit/);
    const body = await post('/stores/revalidate', {
      dryRun: 'yes',
      stores: [{ cluster: 'x', kind: 'Vault', name: 'Bad Name' }],
    });
    expect(body.status).toBe(400);
    expect(body.body.error.message).toMatch(/dryRun/);
  });

  it('401 without user credentials', async () => {
    const res = await request(server)
      .get('/api/secrets/fleet')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('200 on the fleet view with failing stores first and paged failures', async () => {
    const res = await get('/fleet?cluster=prod-eu&limit=1');
    expect(res.status).toBe(200);
    expect(res.body.stores[0].health.ready).toBe(false);
    expect(res.body.failing).toMatchObject({
      totalCount: 2,
      offset: 0,
      limit: 1,
    });
    expect(res.body.failing.items).toHaveLength(1);
  });

  it('200 on a revalidate dry run listing what it would bump', async () => {
    const res = await post('/stores/revalidate', { dryRun: true });
    expect(res.status).toBe(200);
    expect(res.body.dryRun).toBe(true);
    expect(
      res.body.results.every((r: any) =>
        ['planned', 'skipped'].includes(r.outcome),
      ),
    ).toBe(true);
  });

  it('never returns a secret value from any endpoint', async () => {
    for (const e of demoEntities)
      await get(`/entities/default/component/${e.metadata.name}/secrets`);
    for (const status of ['Synced', 'Error', 'StoreNotReady', 'Pending'])
      await get(`/fleet?status=${status}&limit=500`);
    await post('/stores/revalidate', { dryRun: true });
    const values = collectSecretValues(fleet);
    expect(values.length).toBeGreaterThan(10);
    const leaks = values.filter(v =>
      bodies.some(
        b => b.includes(v) || b.includes(JSON.stringify(v).slice(1, -1)),
      ),
    );
    expect(leaks).toEqual([]);
  });
});
