/*
 * Signals, notifications and the MCP action of a rotation, end to end: the plugin as the backend
 * runs it against the demo fleet, with the signals and notifications services captured. A
 * rotation requested through `request-secret-rotation` publishes ids and states on its own channel
 * to the requester and the entity's owners, and ends with one notification; none of it carries a
 * value.
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
const OWNERS = 'group:default/team-payments';

describe('rotation signals, notifications and MCP actions', () => {
  let fleet: FleetHandle;
  let b: RotationBackend;
  const bodies: string[] = [];

  const invoke = async (action: string, input: unknown) => {
    const res = await request(b.server)
      .post(
        `/api/secrets/.backstage/actions/v1/actions/secrets:${action}/invoke`,
      )
      .set('Authorization', mockCredentials.user.header(ALICE))
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(input));
    bodies.push(res.text);
    return res;
  };

  beforeAll(async () => {
    fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
    b = await startRotationBackend({
      fleet,
      tenants: [
        {
          owner: OWNERS,
          vault: [
            {
              server: 'vault',
              namespace: 'team-payments',
              paths: ['secret/payments-api/'],
            },
          ],
        },
      ],
    });
  }, 90_000);

  afterAll(async () => {
    await b?.stop();
    await fleet?.stop();
  });

  it('get-entity-secrets, then a dry run by default, then a rotation that signals its progress and notifies at the end', async () => {
    const status = await invoke('get-entity-secrets', {
      entityRef: 'component:default/payments-api',
    });
    expect(status.status).toBe(200);
    const group = status.body.output.groups.find(
      (g: any) => g.vault.key === 'payments-api/db',
    );
    expect(
      group.externalSecrets.map((e: any) => [e.cluster, e.status]).sort(),
    ).toEqual([
      ['dev-eu', 'Synced'],
      ['prod-eu', 'Synced'],
      ['prod-us', 'Synced'],
    ]);

    const before = fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    })!;
    const dry = await invoke('request-secret-rotation', {
      entityRef: 'component:default/payments-api',
      groupId: group.groupId,
      reason: 'rotated by an agent in a test',
    });
    expect(dry.status).toBe(200);
    expect(dry.body.output).toMatchObject({ dryRun: true, allowed: true });
    expect(dry.body.output.plan.clusters).toHaveLength(3);
    expect(
      fleet.vault.engine.readSecret({
        namespace: 'team-payments',
        mount: 'secret',
        path: 'payments-api/db',
      })!.data,
    ).toEqual(before.data);
    expect(b.signals).toEqual([]);

    const started = await invoke('request-secret-rotation', {
      entityRef: 'component:default/payments-api',
      groupId: group.groupId,
      reason: 'rotated by an agent in a test',
      dryRun: false,
    });
    expect(started.status).toBe(200);
    const id = started.body.output.rotation.id;
    await eventually(async () => b.notifications.length > 0, 90_000);

    const channel = `secrets-rotation:${id}`;
    expect(new Set(b.signals.map(s => s.channel))).toEqual(new Set([channel]));
    for (const s of b.signals) {
      expect(s.recipients).toEqual({
        type: 'user',
        entityRef: [OWNERS, ALICE],
      });
      expect(
        Object.keys(s.message).every(k =>
          ['rotationId', 'state', 'cluster', 'clusterState'].includes(k),
        ),
      ).toBe(true);
    }
    const states = b.signals
      .filter(s => s.message.cluster === undefined)
      .map(s => s.message.state);
    expect(states).toEqual(
      expect.arrayContaining(['writing', 'syncing', 'verifying', 'succeeded']),
    );
    expect(states[states.length - 1]).toBe('succeeded');
    const landed = b.signals
      .filter(s => s.message.clusterState === 'landed')
      .map(s => s.message.cluster)
      .sort();
    expect(landed).toEqual(['dev-eu', 'prod-eu', 'prod-us']);

    expect(b.notifications).toEqual([
      {
        recipients: { type: 'entity', entityRef: [OWNERS, ALICE] },
        payload: expect.objectContaining({
          title: 'Rotation of a secret of payments-api succeeded',
          link: '/catalog/default/component/payments-api/secrets',
          severity: 'normal',
        }),
      },
    ]);

    // no value anywhere: the old and the new password, and every value the fleet holds
    const after = fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    })!;
    expect(after.data.password).not.toEqual(before.data.password);
    const values = [
      ...collectSecretValues(fleet),
      String(before.data.password),
      String(after.data.password),
    ];
    const out = [
      JSON.stringify(b.signals),
      JSON.stringify(b.notifications),
      ...bodies,
      ...b.bodies,
    ];
    expect(values.filter(v => out.some(o => o.includes(v)))).toEqual([]);
  });
});
