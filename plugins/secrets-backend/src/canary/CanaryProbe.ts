import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { PlanCluster } from '@secrets-plugin/plugin-secrets-common';
import { randomBytes, randomUUID } from 'node:crypto';
import type { ClusterCache } from '../cluster/ClusterCache';
import type { CanaryConfig } from '../config/readCanaryConfig';
import type { RotationClusters } from '../rotation/engine/ports';
import type { VaultKv } from '../vault';
import { canaryCluster, canaryPending } from './canaryCluster';
import type { CanaryResult, CanaryStore } from './CanaryStore';

/** Where each probe's results go besides the store (metrics). */
export interface CanaryObserver {
  probed(result: CanaryResult): void;
}

export interface CanaryProbeDeps {
  config: CanaryConfig;
  kv: Pick<VaultKv, 'readMetadata' | 'writeVersion'>;
  cache: Pick<ClusterCache, 'clusters' | 'cluster' | 'now' | 'waitFor'>;
  /** The rotation's own force-sync and proof (ClusterRotationOps), so a canary proves what a rotation proves. */
  clusters: Pick<RotationClusters, 'forceSync' | 'verify'>;
  store: CanaryStore;
  observer?: CanaryObserver;
  logger: LoggerService;
}

const message = (e: unknown) => (e as Error)?.message ?? String(e);

/**
 * One canary probe: a fresh random value written to the canary key, the canary ExternalSecret
 * force-synced in every cluster at once, and per cluster the time until its target Secret's data
 * changed. A cluster that fails is recorded with its reason and never holds up the others. The
 * value lives in this function's memory only: it is not logged, stored or returned.
 */
export class CanaryProbe {
  constructor(private readonly deps: CanaryProbeDeps) {}

  async run(): Promise<CanaryResult[]> {
    const { config, cache, logger } = this.deps;
    const probeId = `probe-${randomUUID()}`;
    const names = config.clusters ?? cache.clusters().map(w => w.config.name);
    if (!names.length) return [];
    // right after start-up the caches may not have listed yet, nor ESO have made the canary's
    // ExternalSecrets: a canary they cannot see yet is no verdict
    await Promise.all(
      names.map(name =>
        cache.waitFor(
          name,
          () => {
            const watch = cache.cluster(name);
            const status = watch?.status();
            if (status?.state === 'unreachable') return true;
            if (!status?.synced) return undefined;
            return canaryPending(watch!.data, config.target) ? undefined : true;
          },
          { timeoutMs: config.timeoutMs },
        ),
      ),
    );
    // before the write: the proof is a change from what the cluster shows now
    const planned = new Map<string, PlanCluster | string>(
      names.map(name => [name, this.#snapshot(name)]),
    );

    let writtenAt: string;
    try {
      writtenAt = await this.#write();
    } catch (e) {
      const at = new Date(cache.now()).toISOString();
      const reason = `writing the canary to Vault failed: ${message(e)}`;
      logger.warn(`canary ${probeId}: ${reason}`);
      return this.#record(
        probeId,
        at,
        names.map(cluster => ({ cluster, outcome: 'failed', reason })),
      );
    }

    const results = await Promise.all(
      names.map(async (cluster): Promise<CanaryResult> => {
        const plan = planned.get(cluster)!;
        if (typeof plan === 'string')
          return { cluster, outcome: 'failed', reason: plan };
        try {
          const synced = await this.deps.clusters.forceSync(plan, probeId);
          if (synced.outcome !== 'done')
            return { cluster, outcome: synced.outcome, reason: synced.reason };
          const proven = await this.deps.clusters.verify(plan, writtenAt, {});
          if (proven.outcome !== 'done')
            return { cluster, outcome: proven.outcome, reason: proven.reason };
          const ms = proven.detail?.propagationMs;
          return {
            cluster,
            outcome: 'succeeded',
            propagationMs: typeof ms === 'number' ? ms : undefined,
          };
        } catch (e) {
          return { cluster, outcome: 'failed', reason: message(e) };
        }
      }),
    );
    for (const r of results)
      if (r.outcome !== 'succeeded')
        logger.warn(
          `canary ${probeId}: ${r.cluster} ${r.outcome}: ${r.reason}`,
        );
    return this.#record(probeId, writtenAt, results);
  }

  #snapshot(name: string): PlanCluster | string {
    const watch = this.deps.cache.cluster(name);
    if (!watch) return `cluster ${name} is not configured`;
    const status = watch.status();
    if (status.state === 'unreachable')
      return `cluster ${name} is unreachable${
        status.lastError ? `: ${status.lastError.message}` : ''
      }`;
    return canaryCluster(name, watch.data, this.deps.config.target);
  }

  /** Writes a new version (check-and-set on the current one) and says when, by our clock. */
  async #write(): Promise<string> {
    const { vault } = this.deps.config;
    const { property, ...secret } = vault;
    let cas = 0;
    try {
      cas = (await this.deps.kv.readMetadata(secret)).currentVersion;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    const at = this.deps.cache.now();
    await this.deps.kv.writeVersion(
      secret,
      { [property]: randomBytes(24).toString('base64url') },
      { cas },
    );
    return new Date(at).toISOString();
  }

  async #record(
    probeId: string,
    at: string,
    results: CanaryResult[],
  ): Promise<CanaryResult[]> {
    await this.deps.store.record(probeId, at, results);
    for (const r of results) this.deps.observer?.probed(r);
    return results;
  }
}
