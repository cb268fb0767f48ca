import {
  mockCredentials,
  mockServices,
  TestDatabases,
  type TestDatabaseId,
} from '@backstage/backend-test-utils';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import {
  planCluster,
  policyConfig,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import { DatabaseRotationStore } from '../../database/DatabaseRotationStore';
import { DefaultRotationService } from '../DefaultRotationService';
import { DefaultRotationPolicy } from '../policy/DefaultRotationPolicy';
import { builtinRotationRules } from '../policy/rules';
import type { RotationPlanner } from '../types';
import { ApprovalService } from './ApprovalService';
import { DatabaseApprovalStore } from './DatabaseApprovalStore';

jest.setTimeout(60_000);

// SQLite always; PostgreSQL wherever a connection string is given (.ci/run starts Debian's).
const postgresIds = Object.keys(process.env).flatMap(name => {
  const major =
    /^BACKSTAGE_TEST_DATABASE_POSTGRES(\d+)_CONNECTION_STRING$/.exec(name)?.[1];
  return major ? [`POSTGRES_${major}` as TestDatabaseId] : [];
});
const databases = TestDatabases.create({ ids: ['SQLITE_3', ...postgresIds] });

const HOUR = 3_600_000;
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const groups: Record<string, string[]> = {
  [ALICE]: ['group:default/team-payments'],
  [BOB]: ['group:default/platform'],
  [CAROL]: ['group:default/team-payments'],
};
const as = (user: string) => ({ credentials: mockCredentials.user(user) });
const request = {
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  reason: 'quarterly rotation of the DB password',
  dryRun: false,
  acknowledgeWarnings: false,
};

async function setup(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const database = mockServices.database({ knex });
  let now = Date.parse('2026-12-01T10:00:00Z');
  const clock = () => now;
  const store = await DatabaseRotationStore.create({ database, now: clock });
  const approvals = await DatabaseApprovalStore.create({
    database,
    now: clock,
  });
  let plan: RotationPlan = rotationPlan({
    clusters: [planCluster({ cluster: 'prod-eu', environment: 'prod' })],
  });
  const planner: RotationPlanner = {
    plan: jest.fn(async () => ({
      plan,
      entityOwners: ['group:default/team-payments'],
    })),
  };
  const policy = new DefaultRotationPolicy(
    builtinRotationRules(policyConfig()),
  );
  const runner = { run: jest.fn(async () => undefined) };
  const userInfo = {
    getUserInfo: async (credentials: any) => {
      const ref = credentials.principal.userEntityRef as string;
      return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups[ref]] };
    },
  };
  const onAwaitingApproval = jest.fn();
  const approval = new ApprovalService({
    config: {
      environments: {
        prod: {
          approvers: ['group:default/platform'],
          expiresAfterMs: 24 * HOUR,
        },
      },
    },
    planner,
    policy,
    store,
    approvals,
    runner,
    userInfo,
    serviceCredentials: async () => mockCredentials.service('plugin:secrets'),
    logger: mockServices.logger.mock(),
    onAwaitingApproval,
    now: clock,
  });
  let ids = 0;
  const service = new DefaultRotationService({
    planner,
    policy,
    store,
    runner,
    userInfo,
    approval,
    now: clock,
    newId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
  });
  return {
    service,
    approval,
    approvals,
    store,
    runner,
    planner,
    onAwaitingApproval,
    tick: (ms: number) => {
      now += ms;
    },
    replan: (p: RotationPlan) => {
      plan = p;
    },
  };
}

describe.each(databases.eachSupportedId())('four-eyes approval on %s', id => {
  it('a prod rotation by an outsider waits; the dry run says so; the hook hears of it', async () => {
    const { service, runner, onAwaitingApproval } = await setup(id);
    const proposal = await service.propose(
      { ...request, dryRun: true },
      as(ALICE),
    );
    expect(proposal.requiresApproval).toBe(true);
    const started = await service.start(request, as(ALICE));
    expect(started.state).toBe('awaiting-approval');
    expect(runner.run).not.toHaveBeenCalled();
    expect(onAwaitingApproval).toHaveBeenCalledWith(
      expect.objectContaining({
        id: started.id,
        approvers: ['group:default/platform'],
        environments: ['prod'],
        expiresAt: '2026-12-02T10:00:00.000Z',
      }),
    );
    // an approver's own rotation needs nobody else
    expect(
      (await service.propose({ ...request, dryRun: true }, as(BOB)))
        .requiresApproval,
    ).toBe(false);
  });

  it('another approver approves: planned, the runner starts, who and when are stored', async () => {
    const { service, approval, approvals, runner, tick } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    tick(60_000);
    expect((await approval.listPending(as(BOB))).items.map(i => i.id)).toEqual([
      rid,
    ]);
    // the requester and non-approvers see nothing to approve
    expect((await approval.listPending(as(ALICE))).items).toEqual([]);
    expect((await approval.listPending(as(CAROL))).items).toEqual([]);

    const approved = await approval.approve(rid, 'checked with alice', as(BOB));
    expect(approved.state).toBe('planned');
    expect(runner.run).toHaveBeenCalledWith(rid);
    expect(await approvals.get(rid)).toEqual({
      rotationId: rid,
      decision: 'approved',
      decidedBy: BOB,
      reason: 'checked with alice',
      decidedAt: '2026-12-01T10:01:00.000Z',
    });
    const detail = await service.get(rid);
    expect(detail.events.map(e => [e.type, e.message])).toContainEqual([
      'approved',
      `approved by ${BOB}: checked with alice`,
    ]);
    await expect(approval.approve(rid, '', as(BOB))).rejects.toThrow(
      ConflictError,
    );
  });

  it('the requester cannot approve; a non-approver cannot; nothing changes', async () => {
    const { service, approval, approvals } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    await expect(approval.approve(rid, '', as(ALICE))).rejects.toThrow(
      /You requested rotation/,
    );
    await expect(approval.approve(rid, '', as(CAROL))).rejects.toThrow(
      NotAllowedError,
    );
    expect((await service.get(rid)).state).toBe('awaiting-approval');
    expect(await approvals.get(rid)).toBeUndefined();
  });

  it('says whom a rotation waits for, and lets only another approver decide it', async () => {
    const { service, approval } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    const waiting = {
      rotationId: rid,
      state: 'awaiting-approval',
      requestedBy: ALICE,
      environments: ['prod'],
      approvers: ['group:default/platform'],
      expiresAt: '2026-12-02T10:00:00.000Z',
    };
    expect(await approval.approvalOf(rid, as(ALICE))).toEqual({
      ...waiting,
      canDecide: false,
      cannotDecideReason: `You requested rotation ${rid}; four-eyes approval needs another approver`,
      decision: undefined,
    });
    expect(await approval.approvalOf(rid, as(CAROL))).toMatchObject({
      canDecide: false,
      cannotDecideReason: expect.stringMatching(
        /^Only members of group:default\/platform \(prod\)/,
      ),
    });
    expect(await approval.approvalOf(rid, as(BOB))).toEqual({
      ...waiting,
      canDecide: true,
      cannotDecideReason: undefined,
      decision: undefined,
    });
    await approval.deny(rid, 'not during the sale', as(BOB));
    expect(await approval.approvalOf(rid, as(BOB))).toMatchObject({
      state: 'rejected',
      canDecide: false,
      decision: {
        decision: 'denied',
        decidedBy: BOB,
        reason: 'not during the sale',
      },
    });
  });

  it('answers 404 for a rotation that needs no approval', async () => {
    const { service, approval, replan } = await setup(id);
    replan(
      rotationPlan({
        clusters: [planCluster({ cluster: 'dev-eu', environment: 'dev' })],
      }),
    );
    const { id: rid } = await service.start(request, as(ALICE));
    await expect(approval.approvalOf(rid, as(BOB))).rejects.toThrow(
      `Rotation ${rid} needs no approval`,
    );
  });

  it('a denial rejects with who and why', async () => {
    const { service, approval } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    expect(
      (await approval.deny(rid, 'not during the sale', as(BOB))).state,
    ).toBe('rejected');
    const detail = await service.get(rid);
    expect(detail.error).toBe(`denied by ${BOB}: not during the sale`);
    // the key is free again
    expect((await service.start(request, as(ALICE))).state).toBe(
      'awaiting-approval',
    );
  });

  it('expires past expiresAfter: when read, and when the resume task settles', async () => {
    const { service, approval, tick } = await setup(id);
    const { id: first } = await service.start(request, as(ALICE));
    tick(24 * HOUR - 1);
    expect((await service.get(first)).state).toBe('awaiting-approval');
    tick(1);
    const read = await service.get(first);
    expect(read.state).toBe('expired');
    expect(read.error).toBe(
      'nobody approved it before 2026-12-02T10:00:00.000Z',
    );
    await expect(approval.approve(first, '', as(BOB))).rejects.toThrow(
      ConflictError,
    );

    const { id: second } = await service.start(request, as(ALICE));
    tick(25 * HOUR);
    await approval.settleAll();
    expect((await service.get(second)).state).toBe('expired');
  });

  it('re-checks the policy at approval: a denial now rejects with the verdicts', async () => {
    const { service, approval, runner, replan } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    // meanwhile a reader became CreatedOnce: the rotation could no longer propagate
    const plan = rotationPlan();
    replan({
      ...plan,
      clusters: [
        {
          ...plan.clusters[0],
          externalSecrets: [
            {
              ...plan.clusters[0].externalSecrets[0],
              refreshPolicy: 'CreatedOnce',
              blockers: ['CreatedOnce'],
            },
          ],
        },
      ],
    });
    expect((await approval.approve(rid, 'ok', as(BOB))).state).toBe('rejected');
    expect((await service.get(rid)).error).toMatch(
      /^approved by user:default\/bob: ok, but the rotation policy now denies it: propagation-possible: /,
    );
    expect(runner.run).not.toHaveBeenCalled();
  });

  it('applies a decision a crash left unapplied', async () => {
    const { service, approval, approvals } = await setup(id);
    const { id: rid } = await service.start(request, as(ALICE));
    await approvals.decide({
      rotationId: rid,
      decision: 'denied',
      decidedBy: BOB,
      reason: 'no',
    });
    await approval.settleAll();
    expect((await service.get(rid)).state).toBe('rejected');
  });
});
