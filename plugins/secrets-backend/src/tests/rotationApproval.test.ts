/*
 * Four-eyes approval end to end: the plugin as the backend runs it against the demo fleet, with
 * prod protected (approvers: group:default/platform). Alice (team-payments) asks; her rotation
 * waits and writes nothing; she cannot approve it herself; Bob (platform) sees it and approves,
 * and it runs to success; a second one Bob denies. No value in any response.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const GROUPS: Record<string, string[]> = {
  [ALICE]: ['group:default/team-payments'],
  [BOB]: ['group:default/platform'],
};
const TENANTS = [
  {
    owner: 'group:default/team-payments',
    vault: [
      {
        server: 'vault',
        namespace: 'team-payments',
        paths: ['secret/payments-api/'],
      },
    ],
  },
];

// every user's groups, as the catalog would resolve them at sign-in
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const ref = credentials.principal.userEntityRef as string;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(GROUPS[ref] ?? [])],
      };
    },
  }),
});

describe('four-eyes approval across the demo fleet', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const bodies: string[] = [];

  const call = async (
    user: string,
    method: 'get' | 'post',
    path: string,
    body?: unknown,
  ) => {
    const req = request(server)
      [method](`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(user));
    const res =
      body === undefined
        ? await req
        : await req
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
    bodies.push(res.text);
    return res;
  };

  const vaultVersion = () =>
    fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    })!.version;

  let groupId: string;
  const ask = (dryRun: boolean) =>
    call(ALICE, 'post', '/rotations', {
      entityRef: 'component:default/payments-api',
      groupId,
      reason: 'quarterly rotation of the DB password',
      dryRun,
    });

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
              tenants: TENANTS,
              rotation: {
                verifyTimeout: { seconds: 60 },
                environments: {
                  prod: {
                    approval: {
                      approvers: ['group:default/platform'],
                      expiresAfter: { hours: 1 },
                    },
                  },
                },
              },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.permissions.factory(),
        userInfoFactory,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await call(ALICE, 'get', '/fleet');
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 30_000);
    const res = await call(
      ALICE,
      'get',
      '/entities/default/component/payments-api/secrets',
    );
    groupId = res.body.groups.find(
      (g: any) => g.vault.key === 'payments-api/db',
    ).id;
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it('a prod rotation waits for approval; the requester cannot approve; another approver does and it succeeds', async () => {
    const dry = await ask(true);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ allowed: true, requiresApproval: true });

    const before = vaultVersion();
    const started = await ask(false);
    expect(started.status).toBe(202);
    expect(started.body.state).toBe('awaiting-approval');
    const id = started.body.id;

    const self = await call(ALICE, 'post', `/rotations/${id}/approve`, {
      reason: 'looks fine to me',
    });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe(
      `You requested rotation ${id}; four-eyes approval needs another approver`,
    );
    expect((await call(ALICE, 'get', '/approvals')).body.items).toEqual([]);
    const pending = await call(BOB, 'get', '/approvals');
    expect(pending.body.items).toEqual([
      expect.objectContaining({
        id,
        requestedBy: ALICE,
        environments: ['prod'],
        approvers: ['group:default/platform'],
        clusters: ['dev-eu', 'prod-eu', 'prod-us'],
      }),
    ]);
    // waiting writes nothing
    expect(vaultVersion()).toBe(before);

    const text = await request(server)
      .post(`/api/secrets/rotations/${id}/approve`)
      .set('Authorization', mockCredentials.user.header(BOB))
      .set('Content-Type', 'text/plain')
      .send('{"reason":"ok"}');
    expect(text.status).toBe(415);

    const approved = await call(BOB, 'post', `/rotations/${id}/approve`, {
      reason: 'checked the change ticket',
    });
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('planned');
    const again = await call(BOB, 'post', `/rotations/${id}/approve`, {});
    expect(again.status).toBe(409);

    const done = await eventually(async () => {
      const res = await call(ALICE, 'get', `/rotations/${id}`);
      return res.body.finishedAt ? res.body : undefined;
    }, 90_000);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.events.map((e: any) => e.message)).toContain(
      `approved by ${BOB}: checked the change ticket`,
    );
    expect(vaultVersion()).toBe(before + 1);
  });

  it('a denial rejects the rotation and nothing is written', async () => {
    const before = vaultVersion();
    const started = await ask(false);
    expect(started.body.state).toBe('awaiting-approval');
    const denied = await call(
      BOB,
      'post',
      `/rotations/${started.body.id}/deny`,
      {
        reason: 'not during the sale',
      },
    );
    expect(denied.status).toBe(200);
    expect(denied.body.state).toBe('rejected');
    const detail = await call(ALICE, 'get', `/rotations/${started.body.id}`);
    expect(detail.body.error).toBe(`denied by ${BOB}: not during the sale`);
    expect(vaultVersion()).toBe(before);
    const late = await call(
      BOB,
      'post',
      `/rotations/${started.body.id}/approve`,
      {},
    );
    expect(late.status).toBe(409);
  });

  it('no secret value reached any response', () => {
    const values = collectSecretValues(fleet);
    expect(values.filter(v => bodies.some(b => b.includes(v)))).toEqual([]);
  });
});
