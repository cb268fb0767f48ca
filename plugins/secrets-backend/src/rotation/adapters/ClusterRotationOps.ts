import type {
  PlanCluster,
  PlanExternalSecret,
  PlanWorkload,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterCache } from '../../cluster/ClusterCache';
import type { ClusterData } from '../../cluster/ClusterData';
import { KubeApiError } from '../../cluster/KubeHttp';
import { deriveTimelessRow } from '../../derive/deriveRow';
import type { ClusterOutcome, RotationClusters } from '../engine/ports';

export interface ClusterRotationOpsOptions {
  /** How long verify waits for every ExternalSecret of a cluster to prove the new version. */
  verifyTimeoutMs: number;
  /** How long restart waits for the restarted workloads' rollouts. */
  restartTimeoutMs: number;
}

/** How many laggards a reason names; the rest are counted. */
const NAMED = 5;

const failed = (
  reason: string,
  detail?: Record<string, unknown>,
): ClusterOutcome => ({ outcome: 'failed', reason, detail });

const message = (e: unknown) => (e as Error)?.message ?? String(e);

/** Between force-sync attempts to a cluster that did not answer. */
const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5_000;

/** No answer from the API server (refused, reset, timed out): the write may be sent again. */
function unanswered(error: unknown): boolean {
  return error instanceof KubeApiError && error.network !== undefined;
}

function listed(items: string[]): string {
  const more = items.length - NAMED;
  return `${items.slice(0, NAMED).join('; ')}${
    more > 0 ? `; and ${more} more` : ''
  }`;
}

/**
 * The cluster half of a rotation: writes go through the cluster's ClusterWriter (values derived
 * from the rotation id, so a resumed step repeats the same patch), and every wait is on the
 * cache's watches (`ClusterCache.waitFor`), never a polling loop.
 */
export class ClusterRotationOps implements RotationClusters {
  constructor(
    private readonly cache: ClusterCache,
    private readonly options: ClusterRotationOpsOptions,
  ) {}

  /**
   * Annotates every ExternalSecret (or CES parent) of the cluster. A write that got no answer
   * (the API server is down or unreachable) is sent again once the cluster answers, within the
   * verify timeout: a cluster that comes back in time still gets its new version. A refusal from
   * the API server (404, 403, ...) fails at once.
   */
  async forceSync(
    cluster: PlanCluster,
    rotationId: string,
    { signal }: { signal?: AbortSignal } = {},
  ): Promise<ClusterOutcome> {
    const writer = this.cache.writer(cluster.cluster);
    if (!writer) return failed(`cluster ${cluster.cluster} is not configured`);
    const writes = new Map<string, () => Promise<void>>();
    for (const es of cluster.externalSecrets) {
      // a child is re-synced by its parent (ESO mirrors the annotation); once per parent
      if (es.via)
        writes.set(`ClusterExternalSecret ${es.via.name}`, () =>
          writer.forceSyncClusterExternalSecret(es.via!.name, rotationId),
        );
      else
        writes.set(`ExternalSecret ${es.namespace}/${es.name}`, () =>
          writer.forceSyncExternalSecret(es, rotationId),
        );
    }
    const total = writes.size;
    const deadline = Date.now() + this.options.verifyTimeoutMs;
    let backoffMs = RETRY_MIN_MS;
    for (;;) {
      const results = await Promise.all(
        [...writes].map(async ([what, write]) => {
          try {
            await write();
            writes.delete(what);
            return undefined;
          } catch (e) {
            return { what, error: e };
          }
        }),
      );
      const failures = results.filter(
        (f): f is { what: string; error: unknown } => f !== undefined,
      );
      if (!failures.length)
        return { outcome: 'done', detail: { forceSynced: total } };
      const texts = failures.map(f => `${f.what}: ${message(f.error)}`);
      const remaining = deadline - Date.now();
      if (!failures.every(f => unanswered(f.error)) || remaining <= 0)
        return failed(`force-sync failed for ${listed(texts)}`, {
          forceSyncFailed: failures.length,
        });
      await this.#reachableAgain(
        cluster.cluster,
        Math.min(backoffMs, remaining),
        remaining,
        signal,
      );
      throwIfAborted(signal);
      backoffMs = Math.min(backoffMs * 2, RETRY_MAX_MS);
    }
  }

  /** Waits at least `minMs`, then until the cache sees the cluster connected (at most `maxMs`). */
  async #reachableAgain(
    name: string,
    minMs: number,
    maxMs: number,
    signal?: AbortSignal,
  ): Promise<void> {
    const started = Date.now();
    await new Promise<void>(resolve => {
      const timer = setTimeout(done, minMs);
      signal?.addEventListener('abort', done);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
    await this.cache.waitFor(
      name,
      () => (this.#unreachable(name) ? undefined : true),
      { timeoutMs: Math.max(0, maxMs - (Date.now() - started)), signal },
    );
  }

  async verify(
    cluster: PlanCluster,
    writtenAt: string,
    { signal }: { signal?: AbortSignal },
  ): Promise<ClusterOutcome> {
    // an unreachable cluster is waited for like a slow one: it may come back within the timeout
    const writtenMs = Date.parse(writtenAt);
    // ESO's refreshTime is the start of the sync in whole seconds: a sync that began in the
    // write's second but after it reads as earlier. The changed data-hash is what proves it.
    const since = Math.floor(writtenMs / 1000) * 1000;
    const observedAt = await this.cache.waitFor(
      cluster.cluster,
      data =>
        cluster.externalSecrets.every(es => !behind(data, es, since))
          ? this.cache.now()
          : undefined,
      { timeoutMs: this.options.verifyTimeoutMs, signal },
    );
    if (observedAt !== undefined)
      return {
        outcome: 'done',
        detail: { propagationMs: Math.max(0, observedAt - writtenMs) },
      };
    throwIfAborted(signal);
    const late = this.#unreachable(cluster.cluster);
    if (late) return failed(late);
    const data = this.cache.cluster(cluster.cluster)!.data;
    const laggards = cluster.externalSecrets.flatMap(es => {
      const why = behind(data, es, since);
      if (!why) return [];
      const cached = data.externalSecrets.get(`${es.namespace}/${es.name}`);
      const cause =
        cached &&
        deriveTimelessRow({ cluster: cluster.cluster, data }, cached).cause;
      return [`${es.namespace}/${es.name} ${why}${cause ? ` (${cause})` : ''}`];
    });
    return {
      outcome: 'timed-out',
      reason: `${
        laggards.length
      } ExternalSecret(s) without the new version after ${Math.round(
        this.options.verifyTimeoutMs / 1000,
      )}s: ${listed(laggards)}`,
      detail: { behind: laggards.length },
    };
  }

  async restart(
    cluster: PlanCluster,
    rotationId: string,
    { signal }: { signal?: AbortSignal },
  ): Promise<ClusterOutcome> {
    const ours = cluster.workloads.filter(w => w.restartedBy === 'us');
    if (!ours.length) return { outcome: 'done', detail: { restarted: 0 } };
    const writer = this.cache.writer(cluster.cluster);
    if (!writer) return failed(`cluster ${cluster.cluster} is not configured`);
    // as kubectl rollout restart: a paused Deployment would take the patch and never roll
    const data = this.cache.cluster(cluster.cluster)!.data;
    const paused = ours.filter(
      w => data.workload(w.kind, w.namespace, w.name)?.paused,
    );
    if (paused.length)
      return failed(
        `${listed(paused.map(label))}: paused, resume the rollout first`,
      );
    const startedAt = this.cache.now();
    const patched = await Promise.all(
      ours.map(async w => {
        try {
          const { generation } = await writer.restartWorkload(w, rotationId);
          return { w, generation };
        } catch (e) {
          return { w, error: `${label(w)}: ${message(e)}` };
        }
      }),
    );
    const errors = patched.flatMap(p => (p.error ? [p.error] : []));
    if (errors.length)
      return failed(`restart failed for ${listed(errors)}`, {
        restartFailed: errors.length,
      });
    // the cache must have seen each patch (its generation) before a complete rollout counts
    const pending = (seen: ClusterData) =>
      patched.filter(p => !rolledOut(seen, p.w, p.generation));
    const doneAt = await this.cache.waitFor(
      cluster.cluster,
      seen => (pending(seen).length ? undefined : this.cache.now()),
      { timeoutMs: this.options.restartTimeoutMs, signal },
    );
    if (doneAt !== undefined)
      return {
        outcome: 'done',
        detail: { restarted: ours.length, rolloutMs: doneAt - startedAt },
      };
    throwIfAborted(signal);
    const late = pending(data).map(p => {
      const cached = data.workload(p.w.kind, p.w.namespace, p.w.name);
      return cached
        ? `${label(p.w)} (updated ${cached.updatedReplicas ?? 0}/${
            cached.replicas ?? 0
          }, available ${cached.availableReplicas ?? 0}/${
            cached.replicas ?? 0
          })`
        : `${label(p.w)} (not in the cache)`;
    });
    return {
      outcome: 'timed-out',
      reason: `rollout not complete after ${Math.round(
        this.options.restartTimeoutMs / 1000,
      )}s: ${listed(late)}`,
      detail: { restarted: ours.length, rolloutPending: late.length },
    };
  }

  #unreachable(name: string): string | undefined {
    const watch = this.cache.cluster(name);
    if (!watch) return `cluster ${name} is not configured`;
    const status = watch.status();
    if (status.state !== 'unreachable') return undefined;
    return `cluster ${name} is unreachable${
      status.lastError ? `: ${status.lastError.message}` : ''
    }`;
  }
}

function label(w: PlanWorkload): string {
  return `${w.kind} ${w.namespace}/${w.name}`;
}

/** Why `es` has not yet proven the new version since `since`; undefined once it has. */
function behind(
  data: ClusterData,
  es: PlanExternalSecret,
  since: number,
): string | undefined {
  const cached = data.externalSecrets.get(`${es.namespace}/${es.name}`);
  if (!cached) return 'is not in the cache';
  if (cached.ready?.status !== 'True') return 'is not Ready';
  // ESO stamps refreshTime with the cluster's clock, which need not agree with ours, and in whole
  // seconds: a sync counts when it is not older than the one the plan saw AND (below) it changed
  // the data (the same Vault data hashes the same, so only a sync after the write can). Our own
  // clock is only trusted when the plan saw no sync at all.
  const synced = cached.refreshTime ? Date.parse(cached.refreshTime) : NaN;
  const before = es.lastSyncAt ? Date.parse(es.lastSyncAt) : NaN;
  if (isNaN(synced) || (isNaN(before) ? synced < since : synced < before))
    return 'has not synced since the write';
  const hash = data.secrets.get(
    `${es.namespace}/${cached.targetName}`,
  )?.dataHash;
  if (!hash) return 'has no target Secret data-hash';
  if (es.target.dataHash !== undefined && hash === es.target.dataHash)
    return 'synced, but its target Secret data is unchanged';
  return undefined;
}

function rolledOut(
  data: ClusterData,
  w: PlanWorkload,
  generation: number | undefined,
): boolean {
  const cached = data.workload(w.kind, w.namespace, w.name);
  return (
    cached !== undefined &&
    (generation === undefined || (cached.generation ?? 0) >= generation) &&
    cached.rolloutComplete
  );
}

/** A cancelled wait is no verdict on the cluster: the runner decides what a lost lease means. */
function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw new Error('aborted while waiting on the cluster');
}
