import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { RotationPlan } from '@secrets-plugin/plugin-secrets-common';
import {
  planCluster,
  rotationPlan,
} from '../../__testUtils__/rotationFixtures';
import { DatabaseRotationStore } from '../../database/DatabaseRotationStore';
import { RandomRotator } from '../rotators/RandomRotator';
import {
  VaultWriteNotApplied,
  type ClusterOutcome,
  type KeyVersionState,
  type RotationClusters,
  type RotationVault,
} from './ports';
import { RotationRunner } from './RotationRunner';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A Vault that keeps versions and the announcement like KV v2 does, and can misbehave. */
class FakeVault implements RotationVault {
  version = 3;
  announced?: { id: string; version: number };
  writes: Array<Record<string, string>> = [];
  /** 'conflict': someone wrote first; 'lost': the write lands, the answer is lost; 'sealed'. */
  fault?: 'conflict' | 'lost' | 'sealed' | 'refused' | 'forbidden' | 'announce';
  /** Vault cannot answer metadata reads (sealed for real). */
  metadataDown = false;

  async announce(plan: RotationPlan, id: string) {
    if (this.fault === 'announce')
      throw new ServiceUnavailableError('Vault answered 503: Vault is sealed');
    this.announced = { id, version: (plan.currentVersion ?? 0) + 1 };
  }
  async write(plan: RotationPlan, values: Record<string, string>) {
    if (this.fault === 'sealed')
      throw new ServiceUnavailableError('Vault is sealed');
    if (this.fault === 'refused')
      throw new VaultWriteNotApplied('Vault answered 503: Vault is sealed');
    if (this.fault === 'forbidden')
      throw new NotAllowedError('Vault answered 403: permission denied');
    if (this.fault === 'conflict' || plan.currentVersion !== this.version) {
      this.version += 1;
      throw new ConflictError(
        'check-and-set parameter did not match the current version',
      );
    }
    this.writes.push(values);
    this.version += 1;
    if (this.fault === 'lost') throw new Error('socket hang up');
    return { version: this.version };
  }
  async writeEarlierVersion(plan: RotationPlan) {
    return this.write(plan, { rollbackOf: String(plan.rollbackTo?.version) });
  }
  async versions(): Promise<KeyVersionState> {
    if (this.metadataDown) throw new ServiceUnavailableError('Vault is sealed');
    return {
      currentVersion: this.version,
      pendingRotationId: this.announced?.id,
      pendingVersion: this.announced?.version,
    };
  }
}

class FakeClusters implements RotationClusters {
  calls: string[] = [];
  outcome: Record<string, ClusterOutcome> = {};
  /** A cluster whose verify waits until this promise settles. */
  slow: Record<string, Promise<void>> = {};
  async forceSync(c: { cluster: string }) {
    this.calls.push(`sync ${c.cluster}`);
    return { outcome: 'done' } as const;
  }
  async verify(
    c: { cluster: string },
    _at: string,
    o?: { signal?: AbortSignal },
  ) {
    this.calls.push(`verify ${c.cluster}`);
    await this.slow[c.cluster];
    // as ClusterRotationOps: a cancelled wait throws
    if (o?.signal?.aborted)
      throw new Error('aborted while waiting on the cluster');
    return (
      this.outcome[c.cluster] ?? {
        outcome: 'done',
        detail: { propagationMs: 1200 },
      }
    );
  }
  async restart(c: { cluster: string }) {
    this.calls.push(`restart ${c.cluster}`);
    return { outcome: 'done' } as const;
  }
}

const plan = rotationPlan({
  clusters: [
    planCluster({ cluster: 'dev-eu' }),
    planCluster({
      cluster: 'prod-eu',
      workloads: [
        {
          kind: 'Deployment',
          namespace: 'payments',
          name: 'api',
          restartedBy: 'us',
          secrets: ['payments-db'],
        },
      ],
    }),
  ],
});

async function setup(options: { replicas?: number } = {}) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseRotationStore.create({
    database: mockServices.database({ knex }),
  });
  const vault = new FakeVault();
  const clusters = new FakeClusters();
  const states: string[] = [];
  const runners = Array.from(
    { length: options.replicas ?? 1 },
    (_, i) =>
      new RotationRunner({
        store,
        vault,
        clusters,
        rotators: new Map([['random', new RandomRotator()]]),
        events: {
          stateChanged: async (_id, state) => {
            states.push(state);
          },
          clusterChanged: async () => undefined,
        },
        logger: mockServices.logger.mock(),
        owner: `replica-${i}`,
        leaseMs: 5_000,
      }),
  );
  await store.create({
    id: 'r1',
    kind: 'rotation',
    trigger: 'user',
    state: 'planned',
    entityRef: plan.entityRef,
    groupId: plan.groupId,
    keyId: plan.keyId,
    requestedBy: 'user:default/alice',
    reason: 'quarterly',
    versionBefore: 3,
    plan,
  });
  return { store, vault, clusters, states, runner: runners[0], runners };
}

describe('RotationRunner', () => {
  it('writes once, syncs and verifies every cluster, restarts only where nobody else does', async () => {
    const { store, vault, clusters, states, runner } = await setup();
    await runner.run('r1');
    const record = await store.get('r1');
    expect(record?.rotation).toMatchObject({
      state: 'succeeded',
      versionAfter: 4,
    });
    expect(vault.writes).toHaveLength(1);
    // only the key declared rotatable is in the write: username is carried over by Vault's PATCH
    expect(Object.keys(vault.writes[0])).toEqual(['password']);
    expect(vault.writes[0].password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(record?.targets.map(t => [t.cluster, t.state])).toEqual([
      ['dev-eu', 'landed'],
      ['prod-eu', 'landed'],
    ]);
    expect(clusters.calls.sort()).toEqual([
      'restart prod-eu',
      'sync dev-eu',
      'sync prod-eu',
      'verify dev-eu',
      'verify prod-eu',
    ]);
    expect(states).toEqual([
      'writing',
      'syncing',
      'verifying',
      'restarting',
      'succeeded',
    ]);
    expect(record?.targets[0].detail).toMatchObject({ propagationMs: 1200 });
  });

  it('moves each cluster on by itself: a landed cluster restarts while another still verifies', async () => {
    const { store, clusters, runner } = await setup();
    let release!: () => void;
    clusters.slow['dev-eu'] = new Promise<void>(r => {
      release = r;
    });
    const run = runner.run('r1');
    // prod-eu's restart happens while dev-eu's verify is still waiting
    for (let i = 0; i < 200 && !clusters.calls.includes('restart prod-eu'); i++)
      await new Promise(r => setTimeout(r, 10));
    expect(clusters.calls).toContain('restart prod-eu');
    release();
    await run;
    expect((await store.get('r1'))?.rotation.state).toBe('succeeded');
  });

  it('stops on shutdown without failing the cluster it waited on, and hands the rotation to the next runner', async () => {
    const { store, vault, clusters, runners } = await setup({ replicas: 2 });
    let release!: () => void;
    clusters.slow['dev-eu'] = new Promise<void>(r => {
      release = r;
    });
    const run = runners[0].run('r1');
    for (let i = 0; i < 200 && !clusters.calls.includes('verify dev-eu'); i++)
      await new Promise(r => setTimeout(r, 10));
    const stopped = runners[0].stop();
    release();
    await Promise.all([stopped, run]);
    const left = await store.get('r1');
    expect(left?.targets.find(t => t.cluster === 'dev-eu')?.state).toBe(
      'verifying',
    );
    expect(left?.rotation.state).not.toBe('partially-failed');
    // a stopped runner starts nothing new
    await runners[0].run('r1');
    expect((await store.get('r1'))?.targets[0].state).toBe('verifying');
    // the lease was given back: the other replica continues at once, without a second write
    await runners[1].run('r1');
    expect((await store.get('r1'))?.rotation.state).toBe('succeeded');
    expect(vault.writes).toHaveLength(1);
  });

  it('never stores a generated value: not in the rotation, its targets or its events', async () => {
    const { store, vault, runner } = await setup();
    await runner.run('r1');
    const stored = JSON.stringify(await store.get('r1'));
    expect(stored).not.toContain(vault.writes[0].password);
  });

  it('fails cleanly on a check-and-set conflict, naming the version someone else wrote', async () => {
    const { store, vault, clusters, runner } = await setup();
    vault.fault = 'conflict';
    await runner.run('r1');
    const record = await store.get('r1');
    expect(record?.rotation.state).toBe('failed');
    expect(record?.rotation.error).toBe(
      'the key changed since it was planned (planned on version 3, Vault now has version 4); nothing was written. Plan the rotation again.',
    );
    expect(record?.targets).toEqual([]);
    expect(clusters.calls).toEqual([]);
  });

  it('fails with nothing written when Vault is sealed during the write', async () => {
    const { store, vault, runner } = await setup();
    vault.fault = 'sealed';
    await runner.run('r1');
    const record = await store.get('r1');
    expect(record?.rotation).toMatchObject({
      state: 'failed',
      error: 'the Vault write failed: Vault is sealed; nothing was written',
    });
    expect(vault.version).toBe(3);
  });

  it('fails with nothing written when Vault says it did nothing, even if its metadata cannot be read then', async () => {
    const { store, vault, runner } = await setup();
    vault.fault = 'refused';
    vault.metadataDown = true;
    await runner.run('r1');
    expect((await store.get('r1'))?.rotation).toMatchObject({
      state: 'failed',
      error:
        'the Vault write failed: Vault answered 503: Vault is sealed; nothing was written',
    });
    expect(vault.writes).toHaveLength(0);
  });

  it('fails with nothing written when Vault refuses the write (403), even if its metadata cannot be read then', async () => {
    const { store, vault, runner } = await setup();
    vault.fault = 'forbidden';
    vault.metadataDown = true;
    await runner.run('r1');
    expect((await store.get('r1'))?.rotation).toMatchObject({
      state: 'failed',
      error:
        'the Vault write failed: Vault answered 403: permission denied; nothing was written',
    });
  });

  it('fails with nothing written when the announcement fails, without trying the write', async () => {
    const { store, vault, runner } = await setup();
    vault.fault = 'announce';
    vault.metadataDown = true;
    await runner.run('r1');
    expect((await store.get('r1'))?.rotation).toMatchObject({
      state: 'failed',
      error:
        'the Vault write was not attempted: announcing it failed (Vault answered 503: Vault is sealed); nothing was written',
    });
    expect(vault.writes).toHaveLength(0);
    expect(vault.version).toBe(3);
  });

  it('recognises its own write when the answer was lost, and carries on without writing again', async () => {
    const { store, vault, runner } = await setup();
    vault.fault = 'lost';
    await runner.run('r1');
    expect(vault.writes).toHaveLength(1);
    expect((await store.get('r1'))?.rotation).toMatchObject({
      state: 'succeeded',
      versionAfter: 4,
    });
  });

  it('resumes a rotation a crashed backend left in writing: ours landed → continue, one write', async () => {
    const { store, vault, runner } = await setup();
    await store.transition('r1', 'planned', 'writing');
    vault.announced = { id: 'r1', version: 4 };
    vault.version = 4; // the write landed before the crash
    await runner.resume();
    expect(vault.writes).toHaveLength(0);
    expect((await store.get('r1'))?.rotation).toMatchObject({
      state: 'succeeded',
      versionAfter: 4,
    });
  });

  it('resumes a rotation left in writing whose write never left: writes it exactly once', async () => {
    const { store, vault, runner } = await setup();
    await store.transition('r1', 'planned', 'writing');
    await runner.resume();
    expect(vault.writes).toHaveLength(1);
    expect((await store.get('r1'))?.rotation.state).toBe('succeeded');
  });

  it('marks the rotation interrupted, with the evidence, when it cannot tell whose version is there', async () => {
    const { store, vault, runner } = await setup();
    await store.transition('r1', 'planned', 'writing');
    vault.version = 5;
    vault.announced = { id: 'r9', version: 5 };
    await runner.resume();
    const record = await store.get('r1');
    expect(record?.rotation.state).toBe('interrupted');
    expect(record?.rotation.error).toBe(
      "cannot tell whether this rotation's write landed: planned on version 3, Vault has version 5 announced by rotation r9. Check the key's history before rotating again.",
    );
    expect(vault.writes).toHaveLength(0);
  });

  it('ends partially failed, naming the cluster that timed out', async () => {
    const { store, clusters, runner } = await setup();
    clusters.outcome['prod-eu'] = {
      outcome: 'timed-out',
      reason:
        'payments/payments-db did not sync within 5m (ESO: store not ready)',
    };
    await runner.run('r1');
    const record = await store.get('r1');
    expect(record?.rotation.state).toBe('partially-failed');
    expect(record?.targets.find(t => t.cluster === 'prod-eu')).toMatchObject({
      state: 'timed-out',
      reason:
        'payments/payments-db did not sync within 5m (ESO: store not ready)',
    });
    expect(clusters.calls).not.toContain('restart prod-eu');
  });

  it('resumes after a crash mid-verification without a second force-sync or restart where done', async () => {
    const { store, clusters, runner } = await setup();
    await store.transition('r1', 'planned', 'verifying', { versionAfter: 4 });
    await store.upsertTarget('r1', {
      cluster: 'dev-eu',
      state: 'landed',
      detail: { writtenAt: '2026-12-01T10:00:00.000Z' },
    });
    await store.upsertTarget('r1', {
      cluster: 'prod-eu',
      state: 'verifying',
      detail: { writtenAt: '2026-12-01T10:00:00.000Z' },
    });
    await runner.resume();
    expect(clusters.calls).toEqual(['verify prod-eu', 'restart prod-eu']);
    expect((await store.get('r1'))?.rotation.state).toBe('succeeded');
  });

  it('runs once when two replicas start the same rotation', async () => {
    const { store, vault, clusters, runners } = await setup({ replicas: 2 });
    await Promise.all(runners.map(r => r.run('r1')));
    expect(vault.writes).toHaveLength(1);
    expect(clusters.calls.filter(c => c.startsWith('sync'))).toHaveLength(2);
    expect((await store.get('r1'))?.rotation.state).toBe('succeeded');
  });

  it('does nothing for a cancelled rotation', async () => {
    const { store, vault, runner } = await setup();
    await store.transition('r1', 'planned', 'cancelled');
    await runner.run('r1');
    expect(vault.writes).toHaveLength(0);
  });
});
