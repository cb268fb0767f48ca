import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { compactEntitySecrets } from '@secrets-plugin/plugin-secrets-common';
import { RotationDeniedError } from './RotationDeniedError';
import { SecretsClient } from './SecretsClient';

const server = setupServer();
registerMswTestHooks(server);

const baseUrl = 'http://backstage.test/api/secrets';
const client = new SecretsClient({
  discoveryApi: { getBaseUrl: async () => baseUrl },
  fetchApi: new MockFetchApi(),
});

describe('SecretsClient', () => {
  it('encodes the entity ref into the path', async () => {
    let seen = '';
    server.use(
      http.get(`${baseUrl}/entities/:ns/:kind/:name/secrets`, ({ request }) => {
        seen = new URL(request.url).pathname;
        return HttpResponse.json({
          entityRef: 'x',
          groups: [],
          clusters: [],
          errors: [],
        });
      }),
    );
    await client.getEntitySecrets('component:my-ns/a b');
    expect(seen).toBe('/api/secrets/entities/my-ns/component/a%20b/secrets');
  });

  it('asks for the compact form and expands it; a full answer is used as is', async () => {
    const row = {
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'db',
      status: 'Synced' as const,
      store: {
        cluster: 'prod-eu',
        kind: 'ClusterSecretStore' as const,
        name: 'vault',
        health: { ready: true as const },
      },
      refreshPolicy: 'Periodic' as const,
      takesEffect: { reason: 'next-refresh' as const, forceSyncHelps: true },
      forceSync: { supported: true, blockers: [] },
      target: { name: 'db', exists: true },
      consumers: [],
      pushedBy: [],
      vault: { key: 'apps/db' },
    };
    const full = {
      entityRef: 'component:default/payments-api',
      generatedAt: '2026-12-01T12:00:00.000Z',
      groups: [
        {
          id: 'g',
          vault: { key: 'apps/db' },
          rows: [row, { ...row, name: 'b' }],
        },
      ],
      clusters: [],
      errors: [],
      vaultServers: [],
      storeAdvice: [],
    };
    let search = '';
    let compact = true;
    server.use(
      http.get(`${baseUrl}/entities/:ns/:kind/:name/secrets`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(compact ? compactEntitySecrets(full) : full);
      }),
    );
    const expanded = await client.getEntitySecrets('component:payments-api');
    expect(search).toBe('?format=compact');
    expect(expanded).toEqual(full);
    expect(expanded.groups[0].rows[0].store).toBe(
      expanded.groups[0].rows[1].store,
    );
    compact = false;
    expect(await client.getEntitySecrets('component:payments-api')).toEqual(
      full,
    );
  });

  it('reads the summary from its own route', async () => {
    let seen = '';
    server.use(
      http.get(
        `${baseUrl}/entities/:ns/:kind/:name/secrets/summary`,
        ({ request }) => {
          seen = new URL(request.url).pathname;
          return HttpResponse.json({ total: 3 });
        },
      ),
    );
    expect(
      await client.getEntitySecretsSummary('component:default/payments-api'),
    ).toEqual({ total: 3 });
    expect(seen).toBe(
      '/api/secrets/entities/default/component/payments-api/secrets/summary',
    );
  });

  it('sends fleet filters as query parameters', async () => {
    let query = '';
    server.use(
      http.get(`${baseUrl}/fleet`, ({ request }) => {
        query = new URL(request.url).search;
        return HttpResponse.json({ clusters: [] });
      }),
    );
    await client.getFleet({ cluster: 'prod-eu', status: 'Error', offset: 50 });
    expect(query).toBe('?cluster=prod-eu&status=Error&offset=50');
  });

  it('posts revalidation requests as JSON', async () => {
    let body: unknown;
    server.use(
      http.post(`${baseUrl}/stores/revalidate`, async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({ dryRun: true, results: [] });
      }),
    );
    await client.revalidateStores({ dryRun: true });
    expect(body).toEqual({ dryRun: true });
  });

  it('throws ResponseError with the server error', async () => {
    server.use(
      http.get(`${baseUrl}/fleet`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
            request: { method: 'GET', url: '/fleet' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    const error = await client.getFleet().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.name).toBe('NotAllowedError');
  });

  describe('rotation', () => {
    const target = {
      entityRef: 'component:default/payments-api',
      groupId: 'g1',
      reason: 'quarterly rotation',
    };
    const id = '0b7c3f5e-2d1a-4c8e-9f00-123456789abc';

    it('dry-runs a rotation unless asked to start one', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.post(`${baseUrl}/rotations`, async ({ request }) => {
          const body = (await request.json()) as { dryRun: boolean };
          bodies.push(body);
          return body.dryRun
            ? HttpResponse.json({ plan: {}, verdicts: [], allowed: true })
            : HttpResponse.json({ id, state: 'planned' }, { status: 202 });
        }),
      );
      await client.proposeRotation(target);
      const started = await client.startRotation(target, {
        idempotencyKey: 'key-12345678',
        acknowledgeWarnings: true,
      });
      expect(started.id).toBe(id);
      expect(bodies).toEqual([
        { ...target, dryRun: true },
        {
          ...target,
          dryRun: false,
          idempotencyKey: 'key-12345678',
          acknowledgeWarnings: true,
        },
      ]);
    });

    it('turns a 403 with verdicts into a RotationDeniedError that carries them', async () => {
      const verdicts = [
        {
          ruleId: 'reason',
          title: 'Reason',
          outcome: 'deny',
          message: 'too short',
        },
        {
          ruleId: 'cooldown',
          title: 'Cooldown',
          outcome: 'allow',
          message: 'ok',
        },
      ];
      server.use(
        http.post(`${baseUrl}/rotations`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message: 'denied by policy: reason',
              },
              request: { method: 'POST', url: '/rotations' },
              response: { statusCode: 403 },
              verdicts,
            },
            { status: 403 },
          ),
        ),
      );
      const error = await client
        .startRotation(target, { idempotencyKey: 'key-12345678' })
        .catch(e => e);
      expect(error).toBeInstanceOf(RotationDeniedError);
      expect(error.verdicts).toEqual(verdicts);
      expect(error.message).toBe('denied by policy: reason');
    });

    it('keeps a 403 without verdicts a plain ResponseError', async () => {
      server.use(
        http.post(`${baseUrl}/rotations`, () =>
          HttpResponse.json(
            {
              error: { name: 'NotAllowedError', message: 'no' },
              request: { method: 'POST', url: '/rotations' },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
        ),
      );
      const error = await client.proposeRotation(target).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error).not.toBeInstanceOf(RotationDeniedError);
    });

    it('reads a rotation, the entity history with filters, and cancels', async () => {
      const seen: string[] = [];
      server.use(
        http.get(`${baseUrl}/rotations/:id`, ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({ id, state: 'syncing', clusters: [] });
        }),
        http.get(
          `${baseUrl}/entities/:ns/:kind/:name/rotations`,
          ({ request }) => {
            const url = new URL(request.url);
            seen.push(url.pathname + url.search);
            return HttpResponse.json({
              items: [],
              totalCount: 0,
              offset: 0,
              limit: 20,
            });
          },
        ),
        http.post(`${baseUrl}/rotations/:id/cancel`, ({ request }) => {
          seen.push(`POST ${new URL(request.url).pathname}`);
          return HttpResponse.json({ id, state: 'cancelled' });
        }),
      );
      expect((await client.getRotation(id)).state).toBe('syncing');
      await client.listRotations(target.entityRef, {
        groupId: 'g1',
        limit: 50,
      });
      expect((await client.cancelRotation(id)).state).toBe('cancelled');
      expect(seen).toEqual([
        `/api/secrets/rotations/${id}`,
        '/api/secrets/entities/default/component/payments-api/rotations?groupId=g1&limit=50',
        `POST /api/secrets/rotations/${id}/cancel`,
      ]);
    });

    it('posts rollbacks to the rotation they undo, dry run first', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.post(`${baseUrl}/rotations/:id/rollback`, async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ plan: {}, verdicts: [], allowed: true });
        }),
      );
      const rollback = { rotationId: id, version: 3, reason: 'bad password' };
      await client.proposeRollback(rollback);
      await client.startRollback(rollback, { idempotencyKey: 'key-12345678' });
      expect(bodies).toEqual([
        { version: 3, reason: 'bad password', dryRun: true },
        {
          version: 3,
          reason: 'bad password',
          dryRun: false,
          idempotencyKey: 'key-12345678',
          acknowledgeWarnings: false,
        },
      ]);
    });
    it('reads fleet rotations, approvals, and posts a decision with its reason as JSON', async () => {
      const seen: string[] = [];
      let decided: unknown;
      server.use(
        http.get(`${baseUrl}/fleet/rotations`, ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({ inFlight: [], failed: [], since: 'x' });
        }),
        http.get(`${baseUrl}/approvals`, ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({ items: [] });
        }),
        http.get(`${baseUrl}/rotations/:id/approval`, ({ request }) => {
          seen.push(new URL(request.url).pathname);
          return HttpResponse.json({ rotationId: id, canDecide: false });
        }),
        http.post(`${baseUrl}/rotations/:id/deny`, async ({ request }) => {
          seen.push(`POST ${new URL(request.url).pathname}`);
          expect(request.headers.get('content-type')).toBe('application/json');
          decided = await request.json();
          return HttpResponse.json({ id, state: 'rejected' });
        }),
      );
      await client.getFleetRotations();
      await client.listPendingApprovals();
      expect((await client.getRotationApproval(id)).canDecide).toBe(false);
      expect((await client.decideRotation(id, 'deny', 'not now')).state).toBe(
        'rejected',
      );
      expect(decided).toEqual({ reason: 'not now' });
      expect(seen).toEqual([
        '/api/secrets/fleet/rotations',
        '/api/secrets/approvals',
        `/api/secrets/rotations/${id}/approval`,
        `POST /api/secrets/rotations/${id}/deny`,
      ]);
    });
  });
});
