/*
 * The router alone, with a mocked service: what each malformed request answers, and that no
 * write reaches the service unless it is JSON and says what it wants.
 */
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { expandEntitySecrets } from '@secrets-plugin/plugin-secrets-common';
import { createRouter } from './router';
import type { SecretsService } from './types';

const user = mockCredentials.user.header('user:default/alice');

describe('createRouter', () => {
  const secrets: jest.Mocked<SecretsService> = {
    getEntitySecrets: jest.fn(),
    getEntitySecretsSummary: jest.fn(),
    getFleet: jest.fn(),
    revalidateStores: jest.fn(),
  };
  let app: express.Express;

  beforeEach(async () => {
    jest.resetAllMocks();
    secrets.getEntitySecrets.mockResolvedValue({} as any);
    secrets.getFleet.mockResolvedValue({} as any);
    secrets.revalidateStores.mockResolvedValue({ dryRun: true, results: [] });
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      secrets,
    });
    app = express().use(router).use(mockErrorHandler());
  });

  const revalidate = (body: string, contentType?: string) => {
    const req = request(app)
      .post('/stores/revalidate')
      .set('Authorization', user);
    if (contentType) req.set('Content-Type', contentType);
    return req.send(body);
  };

  describe('writes', () => {
    it('415 for a text/plain body, even a valid one, and nothing runs', async () => {
      const res = await revalidate('{"dryRun":false}', 'text/plain');
      expect(res.status).toBe(415);
      expect(res.body).toEqual({
        error: {
          name: 'UnsupportedMediaTypeError',
          message: 'POST needs Content-Type: application/json, got text/plain',
        },
        request: { method: 'POST', url: '/stores/revalidate' },
        response: { statusCode: 415 },
      });
      expect(secrets.revalidateStores).not.toHaveBeenCalled();
    });

    it('415 for a form body', async () => {
      const res = await request(app)
        .post('/stores/revalidate')
        .set('Authorization', user)
        .send('dryRun=false');
      expect(res.status).toBe(415);
      expect(res.body.error.message).toBe(
        'POST needs Content-Type: application/json, got application/x-www-form-urlencoded',
      );
    });

    it('400, not 415, for a POST without any body, whatever its content type', async () => {
      for (const contentType of [undefined, 'application/json', 'text/plain']) {
        const req = request(app)
          .post('/stores/revalidate')
          .set('Authorization', user);
        if (contentType) req.set('Content-Type', contentType);
        const res = await req;
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /^body: must be a JSON object, .*; got nothing$/,
        );
      }
      expect(secrets.revalidateStores).not.toHaveBeenCalled();
    });

    it.each([
      ['an empty body', '', 'got nothing'],
      ['null', 'null', 'got null'],
      ['an array', '[]', 'got array'],
    ])('400 for %s, saying what is expected', async (_, body, got) => {
      const res = await revalidate(body, 'application/json');
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toBe(
        `body: must be a JSON object, e.g. {"dryRun": false, "stores": [{"cluster": "prod-eu", "kind": "ClusterSecretStore", "name": "vault"}]}; ${got}`,
      );
      expect(secrets.revalidateStores).not.toHaveBeenCalled();
    });

    it('400 for malformed JSON', async () => {
      const res = await revalidate('{"dryRun":', 'application/json');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^body: must be JSON \(/);
    });

    it('a body without "dryRun": false is a dry run, with or without stores', async () => {
      await revalidate('{}', 'application/json').expect(200);
      await revalidate(
        '{"stores":[{"cluster":"prod-eu","kind":"ClusterSecretStore","name":"vault"}]}',
        'application/json; charset=utf-8',
      ).expect(200);
      await revalidate('{"dryRun":false}', 'application/json').expect(200);
      expect(secrets.revalidateStores.mock.calls.map(c => c[0])).toEqual([
        { dryRun: true },
        {
          dryRun: true,
          stores: [
            { cluster: 'prod-eu', kind: 'ClusterSecretStore', name: 'vault' },
          ],
        },
        { dryRun: false },
      ]);
    });

    it('400 naming stores[0].namespace for a SecretStore without one', async () => {
      const res = await revalidate(
        '{"stores":[{"cluster":"prod-eu","kind":"SecretStore","name":"vault"}]}',
        'application/json',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'stores[0].namespace: is required for a SecretStore (the namespace it lives in)',
      );
    });
  });

  describe('entity refs', () => {
    const entity = (ns: string, kind: string, name: string) =>
      request(app)
        .get(`/entities/${ns}/${kind}/${name}/secrets`)
        .set('Authorization', user);

    it.each([
      ['a colon in the name', 'default', 'component', 'a:b', 'name'],
      ['an encoded slash', 'default', 'component', 'a%2Fb', 'name'],
      ['a NUL', 'default', 'component', 'a%00b', 'name'],
      ['a 64-character name', 'default', 'component', 'a'.repeat(64), 'name'],
      ['an unknown kind', 'default', 'Foo', 'payments-api', 'kind'],
      ['a namespace with a dot', 'de.fault', 'component', 'x', 'namespace'],
    ])('400 for %s, naming the part', async (_, ns, kind, name, part) => {
      const res = await entity(ns, kind, name);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(
        new RegExp(`^${part}: must be a catalog`),
      );
      expect(secrets.getEntitySecrets).not.toHaveBeenCalled();
    });

    it('names the allowed kinds', async () => {
      const res = await entity('default', 'Foo', 'x');
      expect(res.body.error.message).toBe(
        'kind: must be a catalog kind: one of component, resource, system, api, group, user, domain, location, template',
      );
    });

    it('accepts kinds and namespaces in any case, as the catalog does', async () => {
      await entity('Default', 'Component', 'payments-api').expect(200);
      expect(secrets.getEntitySecrets).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'payments-api' },
        expect.anything(),
      );
    });
  });

  describe('entity answer forms', () => {
    const answer = {
      entityRef: 'component:default/payments-api',
      generatedAt: '2026-12-01T12:00:00.000Z',
      groups: [
        {
          id: 'g',
          vault: { key: 'apps/db' },
          rows: [
            {
              cluster: 'prod-eu',
              namespace: 'payments',
              name: 'db',
              status: 'Synced',
              store: {
                cluster: 'prod-eu',
                kind: 'ClusterSecretStore',
                name: 'vault',
                health: { ready: true },
              },
              refreshPolicy: 'Periodic',
              takesEffect: { reason: 'next-refresh', forceSyncHelps: true },
              forceSync: { supported: true, blockers: [] },
              target: { name: 'db', exists: true },
              consumers: [],
              pushedBy: [],
              vault: { key: 'apps/db' },
            },
          ],
        },
      ],
      clusters: [],
      errors: [],
      vaultServers: [],
      storeAdvice: [],
    } as const;
    const get = (path: string) =>
      request(app)
        .get(`/entities/default/component/payments-api/secrets${path}`)
        .set('Authorization', user);

    it('answers in full by default and compactly when asked, both expanding to the same', async () => {
      secrets.getEntitySecrets.mockResolvedValue(answer as any);
      const full = await get('').expect(200);
      expect(full.body).toEqual(answer);
      const compact = await get('?format=compact').expect(200);
      expect(compact.body.format).toBe('compact');
      expect(compact.body.groups[0].rows[0]).toEqual({
        profile: 0,
        name: 'db',
        target: { exists: true },
      });
      expect(expandEntitySecrets(compact.body)).toEqual(answer);
    });

    it.each([
      ['format=xml', 'format: must be full or compact, given once'],
      [
        'format=full&format=compact',
        'format: must be full or compact, given once',
      ],
      ['fromat=compact', 'query: unknown fromat; allowed: format'],
    ])('400 for %s', async (qs, message) => {
      const res = await get(`?${qs}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ name: 'InputError', message });
      expect(secrets.getEntitySecrets).not.toHaveBeenCalled();
    });

    it('serves the summary from its own service call', async () => {
      const summary = { entityRef: 'component:default/payments-api', total: 1 };
      secrets.getEntitySecretsSummary.mockResolvedValue(summary as any);
      const res = await get('/summary').expect(200);
      expect(res.body).toEqual(summary);
      expect(secrets.getEntitySecretsSummary).toHaveBeenCalledWith(
        { namespace: 'default', kind: 'component', name: 'payments-api' },
        expect.anything(),
      );
      expect(secrets.getEntitySecrets).not.toHaveBeenCalled();
    });
  });

  describe('fleet query', () => {
    const fleet = (qs: string) =>
      request(app).get(`/fleet?${qs}`).set('Authorization', user);

    it.each([
      ['offset=1e309', 'offset: must be an integer from 0 to 10000'],
      ['offset=10001', 'offset: must be an integer from 0 to 10000'],
      [
        'limit=1&limit=2',
        'limit: must be an integer from 1 to 500, given once',
      ],
      ['limit=0', 'limit: must be an integer from 1 to 500'],
      [
        'status=Bogus',
        'status: must be one of Synced, Error, Stale, StoreNotReady, Missing, Pending, given once',
      ],
      [
        'clsuter=prod-eu',
        'query: unknown clsuter; allowed: cluster, namespace, status, offset, limit',
      ],
    ])('400 for %s', async (qs, message) => {
      const res = await fleet(qs);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({ name: 'InputError', message });
    });

    it('defaults offset and limit', async () => {
      await fleet('cluster=prod-eu').expect(200);
      expect(secrets.getFleet).toHaveBeenCalledWith(
        { cluster: 'prod-eu', offset: 0, limit: 50 },
        expect.anything(),
      );
    });
  });

  describe('unknown routes', () => {
    it('405 with Allow for a known path and another method', async () => {
      const res = await request(app)
        .delete('/fleet')
        .set('Authorization', user);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
      expect(res.body.error).toEqual({
        name: 'MethodNotAllowedError',
        message: 'DELETE is not allowed on /fleet; allowed: GET, HEAD',
      });
      const get = await request(app)
        .get('/stores/revalidate')
        .set('Authorization', user);
      expect(get.status).toBe(405);
      expect(get.headers.allow).toBe('POST');
    });

    it('404 with a Backstage error body for an unknown path', async () => {
      const res = await request(app).get('/nope').set('Authorization', user);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: {
          name: 'NotFoundError',
          message:
            'No route GET /nope; routes: GET /health, GET /entities/:namespace/:kind/:name/secrets, GET /entities/:namespace/:kind/:name/secrets/summary, GET /fleet, POST /stores/revalidate',
        },
        request: { method: 'GET', url: '/nope' },
        response: { statusCode: 404 },
      });
    });
  });

  it('401 without user credentials', async () => {
    const res = await request(app)
      .get('/fleet')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
