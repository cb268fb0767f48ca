import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  planCluster,
  planExternalSecret,
  policyConfig,
  rotationPlan,
} from '../__testUtils__/rotationFixtures';
import { DatabaseRotationStore } from '../database/DatabaseRotationStore';
import {
  DefaultRotationService,
  RotationDeniedError,
} from './DefaultRotationService';
import { DefaultRotationPolicy } from './policy/DefaultRotationPolicy';
import { builtinRotationRules } from './policy/rules';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import type { PlanRequest, RotationPlanner } from './types';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const credentials = mockCredentials.user('user:default/alice');
const request = {
  entityRef: 'component:default/payments-api',
  groupId: 'g1',
  reason: 'quarterly rotation of the DB password',
  dryRun: false,
  acknowledgeWarnings: false,
};

async function setup(
  plan = rotationPlan(),
  externalChanges?: ConstructorParameters<
    typeof DefaultRotationService
  >[0]['externalChanges'],
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseRotationStore.create({
    database: mockServices.database({ knex }),
  });
  const planner = {
    plan: jest.fn<
      ReturnType<RotationPlanner['plan']>,
      Parameters<RotationPlanner['plan']>
    >(async (req: PlanRequest) => ({
      plan: {
        ...plan,
        kind: req.kind as RotationPlan['kind'],
        rollbackTo: req.rollbackTo
          ? { version: req.rollbackTo, state: 'available' as const }
          : undefined,
      },
      entityOwners: ['group:default/team-payments'],
    })),
  };
  const runner = { run: jest.fn(async () => undefined) };
  let ids = 0;
  const service = new DefaultRotationService({
    planner,
    policy: new DefaultRotationPolicy(builtinRotationRules(policyConfig())),
    store,
    runner,
    userInfo: {
      getUserInfo: async () => ({
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: [
          'user:default/alice',
          'group:default/team-payments',
        ],
      }),
    },
    newId: () => `00000000-0000-4000-8000-00000000000${++ids}`,
    externalChanges,
  });
  return { service, store, planner, runner };
}

describe('DefaultRotationService', () => {
  it('a dry run returns the plan and every verdict and writes nothing', async () => {
    const { service, store, runner } = await setup();
    const proposal = await service.propose(
      { ...request, dryRun: true },
      { credentials },
    );
    expect(proposal.allowed).toBe(true);
    expect(proposal.verdicts).toHaveLength(11);
    expect(proposal.plan.keyId).toBe(rotationPlan().keyId);
    expect(await store.activeForKey(rotationPlan().keyId)).toBeUndefined();
    expect(runner.run).not.toHaveBeenCalled();
  });

  it('starts an allowed rotation: recorded, then handed to the runner', async () => {
    const { service, store, runner } = await setup();
    const summary = await service.start(request, { credentials });
    expect(summary).toMatchObject({
      state: 'planned',
      requestedBy: 'user:default/alice',
      versionBefore: 3,
    });
    expect(runner.run).toHaveBeenCalledWith(summary.id);
    const record = await store.get(summary.id);
    expect(record?.events[0].message).toBe(
      'requested by user:default/alice: 11 allow',
    );
  });

  it('plans and checks again on the server: a denied rotation throws the verdicts and stores nothing', async () => {
    const { service, store } = await setup(
      rotationPlan({ vault: { ...rotationPlan().vault, path: 'search/es' } }),
    );
    const start = service.start(request, { credentials });
    await expect(start).rejects.toBeInstanceOf(RotationDeniedError);
    await expect(start).rejects.toMatchObject({
      verdicts: expect.arrayContaining([
        expect.objectContaining({ ruleId: 'tenant-boundary', outcome: 'deny' }),
      ]),
    });
    expect(await store.activeForKey(rotationPlan().keyId)).toBeUndefined();
  });

  it('needs warnings acknowledged', async () => {
    const plan = rotationPlan({
      clusters: [
        planCluster({
          environment: 'dev',
          externalSecrets: [
            planExternalSecret({
              store: {
                cluster: 'prod-eu',
                kind: 'ClusterSecretStore',
                name: 'vault',
                ready: false,
              },
            }),
          ],
        }),
      ],
      environments: ['dev'],
    });
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRotationStore.create({
      database: mockServices.database({ knex }),
    });
    const service = new DefaultRotationService({
      planner: {
        plan: async () => ({
          plan,
          entityOwners: ['group:default/team-payments'],
        }),
      },
      policy: new DefaultRotationPolicy(
        builtinRotationRules(
          policyConfig({ environments: { dev: { storeHealthGate: 'warn' } } }),
        ),
      ),
      store,
      runner: { run: async () => undefined },
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/alice',
          ownershipEntityRefs: [],
        }),
      },
    });
    await expect(service.start(request, { credentials })).rejects.toThrow(
      InputError,
    );
    await expect(service.start(request, { credentials })).rejects.toThrow(
      /acknowledgeWarnings: must be true to rotate despite store-health: prod-eu: ClusterSecretStore vault is not Ready/,
    );
    await expect(
      service.start({ ...request, acknowledgeWarnings: true }, { credentials }),
    ).resolves.toMatchObject({ state: 'planned' });
  });

  it('a double submit with one idempotency key is one rotation; another submit is a 409', async () => {
    const { service, runner } = await setup();
    const first = await service.start(
      { ...request, idempotencyKey: 'click-0001' },
      { credentials },
    );
    const again = await service.start(
      { ...request, idempotencyKey: 'click-0001' },
      { credentials },
    );
    expect(again.id).toBe(first.id);
    expect(runner.run).toHaveBeenCalledTimes(1);
    await expect(
      service.start(
        { ...request, idempotencyKey: 'click-0002' },
        { credentials },
      ),
    ).rejects.toThrow(ConflictError);
  });

  it('answers a retried submit with its rotation even after it finished, before a cooldown could refuse it', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseRotationStore.create({
      database: mockServices.database({ knex }),
    });
    const service = new DefaultRotationService({
      planner: {
        plan: async () => ({
          plan: rotationPlan(),
          entityOwners: ['group:default/team-payments'],
        }),
      },
      policy: new DefaultRotationPolicy(
        builtinRotationRules(
          policyConfig({ environments: { prod: { cooldownMs: 3_600_000 } } }),
        ),
      ),
      store,
      runner: { run: async () => undefined },
      userInfo: {
        getUserInfo: async () => ({
          userEntityRef: 'user:default/alice',
          ownershipEntityRefs: [],
        }),
      },
    });
    const first = await service.start(
      { ...request, idempotencyKey: 'click-0003' },
      { credentials },
    );
    await store.transition(first.id, 'planned', 'succeeded', {
      versionAfter: 4,
    });
    await expect(
      service.start(
        { ...request, idempotencyKey: 'click-0003' },
        { credentials },
      ),
    ).resolves.toMatchObject({ id: first.id, state: 'succeeded' });
    // a new click within the cooldown is refused by the policy
    await expect(
      service.start(
        { ...request, idempotencyKey: 'click-0004' },
        { credentials },
      ),
    ).rejects.toThrow(/cooldown: last rotated at/);
  });

  it('cancels only before the Vault write', async () => {
    const { service, store } = await setup();
    const started = await service.start(request, { credentials });
    await expect(service.cancel(started.id)).resolves.toMatchObject({
      state: 'cancelled',
    });
    const second = await service.start(request, { credentials });
    await store.transition(second.id, 'planned', 'writing');
    await expect(service.cancel(second.id)).rejects.toThrow(
      `Rotation ${second.id} is writing; only a rotation that has not written to Vault yet can be cancelled`,
    );
    await expect(
      service.cancel('00000000-0000-4000-8000-999999999999'),
    ).rejects.toThrow(NotFoundError);
  });

  it('a rollback plans the earlier version through the same policy and runner', async () => {
    const { service, store, planner, runner } = await setup();
    const first = await service.start(request, { credentials });
    await store.transition(first.id, 'planned', 'succeeded', {
      versionAfter: 4,
    });
    const rollback = await service.startRollback(
      first.id,
      {
        version: 2,
        reason: 'the new password broke the job',
        dryRun: false,
        acknowledgeWarnings: false,
      },
      { credentials },
    );
    expect(planner.plan).toHaveBeenLastCalledWith(
      {
        kind: 'rollback',
        entityRef: request.entityRef,
        groupId: 'g1',
        rollbackTo: 2,
      },
      expect.anything(),
    );
    expect(rollback).toMatchObject({ kind: 'rollback', state: 'planned' });
    expect((await store.get(rollback.id))?.rotation.rollbackOf).toBe(first.id);
    expect(runner.run).toHaveBeenLastCalledWith(rollback.id);
  });

  it('shows a rotation with per-cluster progress and its history per entity', async () => {
    const { service, store } = await setup();
    const started = await service.start(request, { credentials });
    await store.upsertTarget(started.id, {
      cluster: 'prod-eu',
      state: 'landed',
      detail: { propagationMs: 2500 },
    });
    const detail = await service.get(started.id);
    expect(detail.clusters).toEqual([
      expect.objectContaining({
        cluster: 'prod-eu',
        state: 'landed',
        propagationSeconds: 2.5,
      }),
    ]);
    const history = await service.listForEntity(
      { kind: 'component', namespace: 'default', name: 'payments-api' },
      { offset: 0, limit: 20 },
    );
    expect(history).toMatchObject({
      totalCount: 1,
      items: [{ id: started.id }],
    });
  });

  it("merges the keys' external Vault versions into the entity history, paged over both", async () => {
    const of = jest.fn(async () => [
      {
        source: 'external' as const,
        id: 'g1@9',
        groupId: 'g1',
        version: 9,
        createdAt: '2999-01-01T00:00:00Z',
        destroyed: false,
      },
      {
        source: 'external' as const,
        id: 'g1@1',
        groupId: 'g1',
        version: 1,
        createdAt: '2000-01-01T00:00:00Z',
        destroyed: false,
      },
    ]);
    const { service } = await setup(rotationPlan(), { of });
    const started = await service.start(request, { credentials });
    const ref = {
      kind: 'component',
      namespace: 'default',
      name: 'payments-api',
    };
    const all = await service.listForEntity(
      ref,
      { groupId: 'g1', offset: 0, limit: 20 },
      { credentials },
    );
    expect(of).toHaveBeenCalledWith('component:default/payments-api', 'g1', {
      credentials,
    });
    expect(all.totalCount).toBe(3);
    expect(all.items.map(i => i.id)).toEqual(['g1@9', started.id, 'g1@1']);
    const second = await service.listForEntity(
      ref,
      { offset: 1, limit: 1 },
      { credentials },
    );
    expect(second).toMatchObject({ totalCount: 3, offset: 1, limit: 1 });
    expect(second.items.map(i => i.id)).toEqual([started.id]);
  });
});
