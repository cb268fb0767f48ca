import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import {
  planCluster,
  policyConfig,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import { DatabaseRotationStore } from '../../database/DatabaseRotationStore';
import { DefaultRotationPolicy } from '../policy/DefaultRotationPolicy';
import { builtinRotationRules } from '../policy/rules';
import { ScheduledRotations } from './ScheduledRotations';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-31T00:00:00Z');

async function setup(
  options: {
    plan?: Partial<RotationPlan>;
    annotation?: string;
    schedules?: Array<{ path: string; every: string; everyMs: number }>;
    approval?: boolean;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseRotationStore.create({
    database: mockServices.database({ knex }),
    now: () => NOW,
  });
  const plan = rotationPlan({
    currentVersionCreatedAt: '2026-11-01T00:00:00Z',
    ...options.plan,
  });
  const runner = { run: jest.fn(async () => undefined) };
  const audits: any[] = [];
  const fails: string[] = [];
  const auditor = {
    createEvent: jest.fn(async (e: any) => {
      audits.push(e);
      return {
        success: async () => undefined,
        fail: async ({ error }: { error: Error }) => {
          fails.push(error.message);
        },
      };
    }),
  };
  const opened = jest.fn(async () => undefined);
  const scheduled = new ScheduledRotations({
    schedules: options.schedules ?? [
      { path: 'secret/payments/*', every: '30d', everyMs: 30 * DAY },
    ],
    catalog: {
      getEntities: async () => ({
        items: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { namespace: 'default', name: 'payments-api' },
          },
        ],
      }),
    } as any,
    secrets: {
      getEntitySecrets: async () =>
        ({
          groups: [
            {
              id: 'g1',
              vault: { mount: 'secret', key: 'payments/db' },
              rows: [{ cluster: 'prod-eu', namespace: 'payments', name: 'db' }],
            },
          ],
        } as any),
    },
    externalSecret: () =>
      options.annotation
        ? ({ rotateEvery: options.annotation } as any)
        : undefined,
    planner: {
      plan: async () => ({
        plan,
        entityOwners: ['group:default/team-payments'],
      }),
    },
    policy: new DefaultRotationPolicy(builtinRotationRules(policyConfig())),
    store,
    runner,
    approval: options.approval
      ? { requiresApproval: () => true, opened }
      : undefined,
    auditor,
    auth: {
      getOwnServiceCredentials: async () =>
        mockCredentials.service('plugin:secrets'),
    },
    logger: mockServices.logger.mock(),
    now: () => NOW,
    newId: () => '00000000-0000-4000-8000-000000000001',
  });
  return { scheduled, store, runner, audits, fails, opened };
}

describe('ScheduledRotations', () => {
  it('starts a due key through the policy, as the plugin, once', async () => {
    const { scheduled, store, runner } = await setup();
    const first = await scheduled.run();
    expect(first.started).toEqual(['00000000-0000-4000-8000-000000000001']);
    const row = (await store.get(first.started[0]))!.rotation;
    expect(row).toMatchObject({
      trigger: 'schedule',
      state: 'planned',
      requestedBy: 'plugin:secrets',
      reason: 'scheduled: every 30d',
    });
    expect(runner.run).toHaveBeenCalledWith(row.id);
    // the key now has an active rotation: the next scan starts nothing
    expect((await scheduled.run()).started).toEqual([]);
  });

  it('a key not yet due, or without a schedule, is left alone', async () => {
    const fresh = await setup({
      plan: { currentVersionCreatedAt: '2026-12-15T00:00:00Z' },
    });
    expect(await fresh.scheduled.run()).toEqual({ started: [], skipped: [] });
    const unscheduled = await setup({ schedules: [] });
    expect((await unscheduled.scheduled.run()).started).toEqual([]);
  });

  it("a reader's rotate-every annotation schedules the key, shorter than config", async () => {
    const { scheduled } = await setup({
      schedules: [],
      annotation: '7d',
      plan: { currentVersionCreatedAt: '2026-12-20T00:00:00Z' },
    });
    expect((await scheduled.run()).started).toHaveLength(1);
  });

  it('a denial creates no rotation and is audited once while it lasts', async () => {
    const plan = rotationPlan();
    const { scheduled, store, audits, fails } = await setup({
      plan: {
        clusters: [
          {
            ...plan.clusters[0],
            externalSecrets: [
              {
                ...plan.clusters[0].externalSecrets[0],
                blockers: ['CreatedOnce'],
              },
            ],
          },
        ],
      },
    });
    const first = await scheduled.run();
    expect(first.started).toEqual([]);
    expect(first.skipped).toEqual([
      expect.stringContaining(
        'component:default/payments-api g1: propagation-possible deny:',
      ),
    ]);
    await scheduled.run();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      eventId: 'secret-rotation-schedule',
      meta: { verdicts: ['propagation-possible=deny'] },
    });
    expect(fails).toHaveLength(1);
    expect(await store.activeForKey(plan.keyId)).toBeUndefined();
  });

  it('into a protected environment it waits for an approver like anyone else', async () => {
    const { scheduled, store, runner, opened } = await setup({
      approval: true,
      plan: { clusters: [planCluster({ environment: 'prod' })] },
    });
    const { started } = await scheduled.run();
    expect((await store.get(started[0]))!.rotation.state).toBe(
      'awaiting-approval',
    );
    expect(opened).toHaveBeenCalled();
    expect(runner.run).not.toHaveBeenCalled();
  });
});
