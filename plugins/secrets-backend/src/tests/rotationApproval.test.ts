/*
 * Four-eyes approval end to end: the plugin as the backend runs it against the demo fleet, with
 * prod protected (approvers: group:default/platform). Alice (team-payments) asks; her rotation
 * waits and writes nothing; she cannot approve it herself; Bob (platform) sees it and approves,
 * and it runs to success; a second one Bob denies. The approvers are notified when a rotation
 * starts waiting. No value in any response or notification.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { eventually } from '../__testUtils__/demoFleet';
import {
  startRotationBackend,
  type RotationBackend,
} from '../__testUtils__/rotationBackend';
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

describe('four-eyes approval across the demo fleet', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;

  const call = (
    user: string,
    method: 'get' | 'post',
    path: string,
    body?: unknown,
  ) => b.call(method, path, body, user);

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
    b = await startRotationBackend({
      fleet,
      tenants: TENANTS,
      groups: GROUPS,
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
    });
    groupId = await b.groupOf('payments-api', 'payments-api/db');
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
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

    // the approvers are told, once, and the requester is not among those told
    expect(b.notifications).toEqual([
      {
        recipients: {
          type: 'entity',
          entityRef: ['group:default/platform'],
          excludeEntityRef: ALICE,
        },
        payload: expect.objectContaining({
          title: 'Rotation of a secret of payments-api awaits your approval',
          link: '/catalog/default/component/payments-api/secrets',
          topic: 'secrets-rotation-approval',
        }),
      },
    ]);
    expect(b.notifications[0].payload.description).toContain(
      `${ALICE} asks to rotate a secret read by component:default/payments-api in prod`,
    );

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

    // whom it waits for, for anyone who may read the entity; only another approver may decide
    const mine = await call(ALICE, 'get', `/rotations/${id}/approval`);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      rotationId: id,
      state: 'awaiting-approval',
      requestedBy: ALICE,
      environments: ['prod'],
      approvers: ['group:default/platform'],
      canDecide: false,
      cannotDecideReason: `You requested rotation ${id}; four-eyes approval needs another approver`,
    });
    expect(
      (await call(BOB, 'get', `/rotations/${id}/approval`)).body,
    ).toMatchObject({ canDecide: true });
    // the fleet page lists it in flight, naming its key
    const inFlight = await call(ALICE, 'get', '/fleet/rotations');
    expect(inFlight.status).toBe(200);
    expect(inFlight.body.inFlight).toEqual([
      expect.objectContaining({
        id,
        state: 'awaiting-approval',
        vault: expect.objectContaining({
          mount: 'secret',
          path: 'payments-api/db',
        }),
        clusters: [],
      }),
    ]);

    const text = await request(b.server)
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
    expect(
      (await call(ALICE, 'get', `/rotations/${id}/approval`)).body,
    ).toMatchObject({
      state: 'succeeded',
      canDecide: false,
      decision: {
        decision: 'approved',
        decidedBy: BOB,
        reason: 'checked the change ticket',
      },
    });
    expect(
      (await call(ALICE, 'get', '/fleet/rotations')).body.inFlight,
    ).toEqual([]);
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

  it('no secret value reached any response or notification', () => {
    const values = collectSecretValues(fleet);
    const seen = [...b.bodies, JSON.stringify(b.notifications)];
    expect(values.filter(v => seen.some(text => text.includes(v)))).toEqual([]);
  });
});
