/*
 * Scheduled rotation end to end: the plugin as the backend runs it against the demo fleet, with
 * `secrets.rotation.schedules` naming payments-api's DB key. The key's Vault version is older
 * than `every`, so the scheduler's task (run on demand here) starts a rotation by itself, as
 * plugin:secrets with the schedule as its reason, through the same policy; it lands in every
 * cluster, and neither a scan during it nor right after it starts another.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendModule,
  type SchedulerService,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { secretsPlugin } from '../plugin';
import { demoEntities, eventually } from '../__testUtils__/demoFleet';
import { collectSecretValues } from '../__testUtils__/secretValues';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';

describe('scheduled rotation across the demo fleet', () => {
  let fleet: FleetHandle;
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let stopBackend: () => Promise<void>;
  const bodies: string[] = [];
  // the plugin's own scheduler (the test backend's mock runs a task when triggered)
  let scheduler: SchedulerService;
  const schedulerOfPlugin = createBackendModule({
    pluginId: 'secrets',
    moduleId: 'test-scheduler',
    register(env) {
      env.registerInit({
        deps: { plugin: coreServices.scheduler },
        async init({ plugin }) {
          scheduler = plugin;
        },
      });
    },
  });

  const get = async (path: string) => {
    const res = await request(server)
      .get(`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(ALICE));
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
                  owner: 'group:default/team-payments',
                  vault: [
                    {
                      server: 'vault',
                      namespace: 'team-payments',
                      paths: ['secret/payments-api/'],
                    },
                  ],
                },
              ],
              rotation: {
                verifyTimeout: { seconds: 60 },
                schedules: [{ path: 'secret/payments-api/db', every: '20s' }],
                scheduleInterval: { seconds: 1 },
              },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: demoEntities }),
        mockServices.permissions.factory(),
        schedulerOfPlugin,
      ],
    });
    server = backend.server;
    stopBackend = () => backend.stop();
    await eventually(async () => {
      const res = await get('/fleet');
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 30_000);
  }, 90_000);

  afterAll(async () => {
    await stopBackend?.();
    await fleet?.stop();
  });

  it('starts the due key by itself, once, and the rotation succeeds', async () => {
    const before = fleet.vault.engine.readSecret({
      namespace: 'team-payments',
      mount: 'secret',
      path: 'payments-api/db',
    })!;
    const history = async () =>
      (
        (await get('/entities/default/component/payments-api/rotations')).body
          .items as any[]
      ).filter(r => r.requestedBy === 'plugin:secrets');
    const scan = () => scheduler.triggerTask('secrets-rotation-schedule');

    // the demo's history wrote the key long before now: it is due at the first scan
    const scheduled = await eventually(async () => {
      await scan();
      return (await history())[0];
    }, 40_000);
    expect(scheduled).toMatchObject({
      kind: 'rotation',
      requestedBy: 'plugin:secrets',
      reason: 'scheduled: every 20s',
      versionBefore: before.version,
    });
    // a scan while it runs starts nothing more
    await scan();
    expect(await history()).toHaveLength(1);

    const done = await eventually(async () => {
      const res = await get(`/rotations/${scheduled.id}`);
      return res.body.finishedAt ? res.body : undefined;
    }, 90_000);
    expect({ state: done.state, error: done.error }).toEqual({
      state: 'succeeded',
      error: undefined,
    });
    expect(done.versionAfter).toBe(before.version + 1);
    expect(done.clusters.map((c: any) => c.state)).toEqual([
      'landed',
      'landed',
      'landed',
    ]);
    // just rotated: the next scan finds it not due
    await scan();
    expect(await history()).toHaveLength(1);

    const values = collectSecretValues(fleet);
    expect(values.filter(v => bodies.some(b => b.includes(v)))).toEqual([]);
  });
});
