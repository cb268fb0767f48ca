import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import type {
  PlanCluster,
  RotationPlan,
  RotationState,
  RotationTargetState,
} from '@secrets-plugin/plugin-secrets-common';
import type {
  RotationRecord,
  RotationStore,
  RotationTargetRow,
} from '../../database/RotationStore';
import type { Rotator } from '../rotators/types';
import {
  VaultWriteNotApplied,
  type ClusterOutcome,
  type RotationClusters,
  type RotationEventSink,
  type RotationVault,
} from './ports';
import { nextSteps, phaseOf, type RotationStep } from './rotationMachine';

export interface RotationRunnerOptions {
  store: RotationStore;
  vault: RotationVault;
  clusters: RotationClusters;
  rotators: Map<string, Rotator>;
  events: RotationEventSink;
  logger: LoggerService;
  /** This replica's lease owner id. */
  owner: string;
  leaseMs?: number;
  now?: () => number;
}

const PHASES: ReadonlySet<RotationState> = new Set([
  'syncing',
  'verifying',
  'restarting',
]);

/**
 * Executes rotations step by step from what the store holds: claim the lease, ask the state
 * machine what may run, run it, persist, repeat. A crash at any point leaves a record another
 * replica (or this one after a restart) continues from; the lease, renewed while steps run, keeps
 * two replicas from running the same rotation.
 */
export class RotationRunner {
  readonly #o: Required<RotationRunnerOptions>;
  readonly #running = new Map<string, Promise<void>>();
  readonly #aborts = new Set<AbortController>();
  #stopped = false;

  constructor(options: RotationRunnerOptions) {
    this.#o = { leaseMs: 30_000, now: Date.now, ...options };
  }

  /** Runs (or joins the run of) one rotation until it is terminal, waits or loses its lease. */
  run(id: string): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    let run = this.#running.get(id);
    if (!run) {
      run = this.#run(id).finally(() => this.#running.delete(id));
      this.#running.set(id, run);
    }
    return run;
  }

  /**
   * Continues every rotation no live replica holds, and those whose run here stopped without
   * giving its lease back (a lost database connection): called at start-up and on a schedule.
   * A rotation this runner is running is joined, never started twice.
   */
  async resume(): Promise<void> {
    const ids = await this.#o.store.claimable(this.#o.owner);
    await Promise.all(ids.map(id => this.run(id)));
  }

  /**
   * Shutdown: every run stops where it is (a step in flight is not recorded as failed) and gives
   * up its lease, so another replica, or this backend after its restart, continues at once.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const abort of this.#aborts) abort.abort();
    await Promise.allSettled([...this.#running.values()]);
  }

  async #run(id: string): Promise<void> {
    const { store, owner, leaseMs } = this.#o;
    if (!(await store.claim(id, owner, leaseMs))) return;
    const abort = new AbortController();
    this.#aborts.add(abort);
    if (this.#stopped) abort.abort();
    const renew = setInterval(async () => {
      try {
        if (!(await store.claim(id, owner, leaseMs))) abort.abort();
      } catch {
        abort.abort();
      }
    }, Math.max(10, Math.floor(leaseMs / 3)));
    try {
      // every pass moves a state forward, so a rotation ends in a few passes per cluster; the
      // bound only stops a bug from spinning
      for (let pass = 0; pass < 1000 && !abort.signal.aborted; pass++) {
        const record = await store.get(id);
        if (!record) return;
        const steps = nextSteps({
          state: record.rotation.state,
          targets: record.targets,
        });
        if (steps.length === 0) return;
        const clusterSteps = steps.filter(
          (st): st is Extract<RotationStep, { cluster: string }> =>
            'cluster' in st,
        );
        await Promise.all([
          ...steps
            .filter(st => !('cluster' in st))
            .map(step => this.#execute(record, step, abort.signal)),
          // each cluster goes on to its next step as soon as its own step is done: a cluster
          // whose new version landed restarts its workloads without waiting for the slowest one
          ...clusterSteps.map(step =>
            this.#clusterChain(record, step.cluster, abort.signal),
          ),
        ]);
        await this.#updatePhase(id);
      }
    } catch (error) {
      this.#o.logger.error(
        `rotation ${id} stopped on an unexpected error; it resumes on the next run`,
        error as Error,
      );
    } finally {
      this.#aborts.delete(abort);
      clearInterval(renew);
      await store.release(id, owner).catch(() => undefined);
    }
  }

  /** Runs one cluster's steps back to back until it is landed, failed or timed out. */
  async #clusterChain(
    record: RotationRecord,
    cluster: string,
    signal: AbortSignal,
  ): Promise<void> {
    for (;;) {
      if (signal.aborted) return;
      const target = record.targets.find(t => t.cluster === cluster);
      const step = target && nextClusterStep(target.state, cluster);
      if (!step) return;
      await this.#execute(record, step, signal);
      await this.#updatePhase(record.rotation.id);
    }
  }

  async #execute(
    record: RotationRecord,
    step: RotationStep,
    signal: AbortSignal,
  ): Promise<void> {
    switch (step.kind) {
      case 'write':
        return this.#write(record, signal);
      case 'confirm-write':
        return this.#confirmWrite(record);
      case 'sync':
        return this.#cluster(record, step.cluster, 'syncing', signal, c =>
          this.#o.clusters.forceSync(c, record.rotation.id, { signal }),
        );
      case 'verify':
        return this.#cluster(record, step.cluster, 'verifying', signal, c =>
          this.#o.clusters.verify(c, writtenAt(record), { signal }),
        );
      case 'restart':
        return this.#cluster(record, step.cluster, 'restarting', signal, c =>
          this.#o.clusters.restart(c, record.rotation.id, { signal }),
        );
      case 'finish':
        await this.#transition(
          record.rotation.id,
          record.rotation.state,
          step.state,
        );
        return undefined;
      default:
        return undefined;
    }
  }

  async #write(record: RotationRecord, signal: AbortSignal): Promise<void> {
    const { id } = record.rotation;
    const plan = record.rotation.plan as RotationPlan;
    if (!(await this.#transition(id, 'planned', 'writing'))) return;
    try {
      if (plan.vault.kvVersion === 'v2') await this.#o.vault.announce(plan, id);
    } catch (error) {
      if (signal.aborted) return;
      // the announcement only touches custom_metadata: whatever its fate, no version was written
      await this.#fail(
        id,
        'writing',
        `the Vault write was not attempted: announcing it failed (${
          (error as Error).message
        }); nothing was written`,
      );
      return;
    }
    try {
      const { version } =
        plan.kind === 'rollback'
          ? await this.#o.vault.writeEarlierVersion(plan, { signal })
          : await this.#o.vault.write(
              plan,
              await this.#generate(plan, signal),
              {
                signal,
              },
            );
      await this.#written(record, version);
    } catch (error) {
      // stopped mid-write: left in `writing`, so the next run confirms from Vault what landed
      if (signal.aborted) return;
      // a refusal (403: a revoked token, a missing right) is Vault deciding before it acts
      if (
        error instanceof VaultWriteNotApplied ||
        error instanceof NotAllowedError
      ) {
        await this.#fail(
          id,
          'writing',
          `the Vault write failed: ${error.message}; nothing was written`,
        );
        return;
      }
      if (error instanceof ConflictError) {
        const state = await this.#o.vault.versions(plan).catch(() => undefined);
        await this.#fail(
          id,
          'writing',
          `the key changed since it was planned (planned on version ${
            plan.currentVersion
          }, Vault now has version ${
            state?.currentVersion ?? 'unknown'
          }); nothing was written. Plan the rotation again.`,
        );
        return;
      }
      // a failure after the request left may still have written: find out before anything else
      await this.#confirmWrite(record, (error as Error).message);
    }
  }

  /** Values are made here and handed straight to the Vault write; they exist nowhere else. */
  async #generate(
    plan: RotationPlan,
    signal: AbortSignal,
  ): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const key of plan.keys) {
      if (key.action !== 'regenerate' || !key.rotator) continue;
      const [rotatorId, ...rest] = key.rotator.split(':');
      const rotator = this.#o.rotators.get(rotatorId);
      if (!rotator) throw new Error(`no rotator '${rotatorId}' is installed`);
      values[key.name] = await rotator.generate(
        {
          spec: {
            key: key.name,
            rotator: rotatorId,
            argument: rest.length ? rest.join(':') : undefined,
          },
          vault: plan.vault,
        },
        { signal },
      );
    }
    return values;
  }

  /**
   * Decides, from Vault's metadata, whether this rotation's write landed: ours if the version the
   * announcement named exists; not written if the version is still the planned one (then writing
   * again is safe, the check-and-set guarantees one version); otherwise a person must look.
   */
  async #confirmWrite(record: RotationRecord, failure?: string): Promise<void> {
    const { id } = record.rotation;
    const plan = record.rotation.plan as RotationPlan;
    const state = await this.#o.vault.versions(plan).catch(() => undefined);
    if (
      state &&
      state.pendingRotationId === id &&
      state.pendingVersion !== undefined &&
      state.currentVersion === state.pendingVersion
    ) {
      await this.#written(record, state.currentVersion);
      return;
    }
    if (
      state &&
      plan.vault.kvVersion === 'v2' &&
      state.currentVersion === plan.currentVersion
    ) {
      if (failure)
        await this.#fail(
          id,
          'writing',
          `the Vault write failed: ${failure}; nothing was written`,
        );
      else await this.#transition(id, 'writing', 'planned');
      return;
    }
    await this.#fail(
      id,
      'writing',
      state
        ? `cannot tell whether this rotation's write landed: planned on version ${
            plan.currentVersion
          }, Vault has version ${state.currentVersion}${
            state.pendingRotationId && state.pendingRotationId !== id
              ? ` announced by rotation ${state.pendingRotationId}`
              : ''
          }. Check the key's history before rotating again.`
        : `cannot tell whether this rotation's write landed: Vault's metadata cannot be read${
            failure ? ` (${failure})` : ''
          }`,
      'interrupted',
    );
  }

  async #written(record: RotationRecord, version: number): Promise<void> {
    const { id } = record.rotation;
    const plan = record.rotation.plan as RotationPlan;
    const at = new Date(this.#o.now()).toISOString();
    // targets before the state: a crash in between is found in `writing` and confirmed again
    for (const c of plan.clusters) {
      await this.#o.store.upsertTarget(id, {
        cluster: c.cluster,
        state: 'pending',
        detail: { writtenAt: at },
      });
    }
    await this.#o.store.appendEvent(id, {
      type: 'written',
      message: `Vault version ${version} written`,
    });
    await this.#transition(id, 'writing', 'syncing', { versionAfter: version });
  }

  async #cluster(
    record: RotationRecord,
    cluster: string,
    running: RotationTargetState,
    signal: AbortSignal,
    step: (c: PlanCluster) => Promise<ClusterOutcome>,
  ): Promise<void> {
    const { id } = record.rotation;
    const plan = record.rotation.plan as RotationPlan;
    const planCluster = plan.clusters.find(c => c.cluster === cluster);
    const target = record.targets.find(t => t.cluster === cluster);
    if (!planCluster || !target) return;
    await this.#target(id, target, running);
    let outcome: ClusterOutcome;
    try {
      outcome = await step(planCluster);
    } catch (error) {
      outcome = { outcome: 'failed', reason: (error as Error).message };
    }
    // stopped or lost the lease: the step's end is no verdict on the cluster, and the state it
    // is in says where whoever runs the rotation next continues
    if (signal.aborted) return;
    if (outcome.outcome !== 'done') {
      await this.#target(
        id,
        target,
        outcome.outcome,
        outcome.reason,
        outcome.detail,
        true,
      );
      return;
    }
    const next = nextTargetState(running, planCluster);
    await this.#target(
      id,
      target,
      next,
      undefined,
      outcome.detail,
      next === 'landed',
    );
  }

  async #target(
    id: string,
    target: RotationTargetRow,
    state: RotationTargetState,
    reason?: string,
    detail?: Record<string, unknown>,
    finished = false,
  ): Promise<void> {
    Object.assign(target.detail, detail ?? {});
    target.state = state;
    await this.#o.store.upsertTarget(id, {
      cluster: target.cluster,
      state,
      reason,
      detail: target.detail,
      startedAt: target.startedAt,
      finishedAt: finished ? new Date(this.#o.now()).toISOString() : undefined,
    });
    if (finished || reason)
      await this.#o.store.appendEvent(id, {
        type: `cluster-${state}`,
        cluster: target.cluster,
        message: reason ?? state,
      });
    await this.#o.events.clusterChanged(id, target.cluster, state);
  }

  async #updatePhase(id: string): Promise<void> {
    const record = await this.#o.store.get(id);
    if (!record || !PHASES.has(record.rotation.state)) return;
    const phase = phaseOf(record.targets);
    if (phase && phase !== record.rotation.state)
      await this.#transition(id, record.rotation.state, phase);
  }

  async #fail(
    id: string,
    from: RotationState,
    error: string,
    to: RotationState = 'failed',
  ): Promise<void> {
    await this.#o.store.appendEvent(id, { type: to, message: error });
    await this.#transition(id, from, to, { error });
  }

  async #transition(
    id: string,
    from: RotationState,
    to: RotationState,
    patch?: Parameters<RotationStore['transition']>[3],
  ): Promise<boolean> {
    const moved = await this.#o.store.transition(id, from, to, patch);
    if (moved) await this.#o.events.stateChanged(id, to);
    return moved;
  }
}

/** The next step of one cluster, from its stored state (the rotation machine's per-cluster rule). */
function nextClusterStep(
  state: RotationTargetState,
  cluster: string,
): Extract<RotationStep, { cluster: string }> | undefined {
  const [step] = nextSteps({
    state: 'syncing',
    targets: [{ cluster, state }],
  });
  return step && 'cluster' in step ? step : undefined;
}

/** After a step succeeded: sync → verify → restart (only where nothing else restarts) → landed. */
function nextTargetState(
  done: RotationTargetState,
  cluster: PlanCluster,
): RotationTargetState {
  if (done === 'syncing') return 'verifying';
  if (
    done === 'verifying' &&
    cluster.workloads.some(w => w.restartedBy === 'us')
  )
    return 'restarting';
  return 'landed';
}

function writtenAt(record: RotationRecord): string {
  const detail = record.targets.find(t => t.detail.writtenAt)?.detail;
  return String(detail?.writtenAt ?? record.rotation.updatedAt);
}
