/*
 * Signals, notifications and the MCP action of a rotation, end to end: the plugin as the backend
 * runs it against the demo fleet, with the signals and notifications services captured. A
 * rotation requested through `request-secret-rotation` publishes ids and states on its own channel
 * to the requester and the entity's owners, and ends with one notification; none of it carries a
 * value.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  notificationService,
  type NotificationSendOptions,
} from '@backstage/plugin-notifications-node';
import {
  signalsServiceRef,
  type SignalPayload,
} from '@backstage/plugin-signals-node';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const OWNERS = 'group:default/team-payments';

describe('rotation signals, notifications and MCP actions', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const signals: SignalPayload[] = [];
  const notifications: NotificationSendOptions[] = [];
  const bodies: string[] = [];

  const invoke = async (action: string, input: unknown) => {
    const res = await request(server)
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
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
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
              rotation: { verifyTimeout: { seconds: 60 } },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.permissions.factory(),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({
            publish: async (signal: SignalPayload<any>) => {
              signals.push(signal);
            },
          }),
        }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({
            send: async (options: NotificationSendOptions) => {
              notifications.push(options);
            },
          }),
        }),
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await request(server)
        .get('/api/secrets/fleet')
        .set('Authorization', mockCredentials.user.header(ALICE));
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
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
    expect(signals).toEqual([]);

    const started = await invoke('request-secret-rotation', {
      entityRef: 'component:default/payments-api',
      groupId: group.groupId,
      reason: 'rotated by an agent in a test',
      dryRun: false,
    });
    expect(started.status).toBe(200);
    const id = started.body.output.rotation.id;
    await eventually(async () => notifications.length > 0, 90_000);

    const channel = `secrets-rotation:${id}`;
    expect(new Set(signals.map(s => s.channel))).toEqual(new Set([channel]));
    for (const s of signals) {
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
    const states = signals
      .filter(s => s.message.cluster === undefined)
      .map(s => s.message.state);
    expect(states).toEqual(
      expect.arrayContaining(['writing', 'syncing', 'verifying', 'succeeded']),
    );
    expect(states[states.length - 1]).toBe('succeeded');
    const landed = signals
      .filter(s => s.message.clusterState === 'landed')
      .map(s => s.message.cluster)
      .sort();
    expect(landed).toEqual(['dev-eu', 'prod-eu', 'prod-us']);

    expect(notifications).toEqual([
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
      JSON.stringify(signals),
      JSON.stringify(notifications),
      ...bodies,
    ];
    expect(values.filter(v => out.some(o => o.includes(v)))).toEqual([]);
  });
});
