import type {
  RevalidateItemResult,
  RevalidateRequest,
  RevalidateResponse,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterCache } from '../cluster/ClusterCache';
import { storeKey } from '../cluster/ClusterData';
import type { ClusterWatch } from '../cluster/ClusterWatch';
import {
  objectKey,
  type ExternalSecretProjection,
  type WarningEventProjection,
} from '../cluster/projections';
import { deriveTimelessRow } from '../derive/deriveRow';
import { forceSyncBlockers } from '../derive/forceSyncBlockers';

interface Target {
  watch: ClusterWatch;
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
  namespace?: string;
}

export interface StoreRevalidatorOptions {
  /** How long to wait for a bumped store to turn Ready (or fail again). */
  waitMs: number;
  /** How long to watch the bumped ExternalSecrets for a sync (`secrets.revalidate.watchFor`). */
  watchForMs: number;
}

/**
 * The repair after a provider outage: ESO leaves failed stores, and the ExternalSecrets behind
 * them, in up to 7 minutes of backoff each. Bump the stores, wait (bounded, on the cache's change
 * notifications) for them to turn Ready or fail again, then bump their dependents so they sync
 * now, and watch those for a short while to report whether they did.
 */
export class StoreRevalidator {
  constructor(
    private readonly cache: ClusterCache,
    private readonly options: StoreRevalidatorOptions = {
      waitMs: 20_000,
      watchForMs: 10_000,
    },
  ) {}

  async revalidate(request: RevalidateRequest): Promise<RevalidateResponse> {
    const results: RevalidateItemResult[] = [];
    const seconds = Math.floor(this.cache.now() / 1000);
    const stamp = String(seconds);
    // ESO's timestamps have second resolution: anything it did at or after this second
    const bumpedAt = seconds * 1000;
    await Promise.all(
      this.#targets(request).map(async t => {
        const base = {
          cluster: t.watch.config.name,
          kind: t.kind,
          namespace: t.namespace,
          name: t.name,
        };
        const store = t.watch.data.store(storeKey(t.kind, t.namespace, t.name));
        if (!store) {
          results.push({
            ...base,
            outcome: 'failed',
            message: 'store not found in the cache',
          });
          return;
        }
        if (request.dryRun) {
          results.push({ ...base, outcome: 'planned' });
          results.push(
            ...this.#bumpDependents(t, stamp, true).map(
              r => r as RevalidateItemResult,
            ),
          );
          return;
        }
        const warningBefore = this.#storeWarning(t);
        try {
          await t.watch.writer.bumpStore(store, stamp);
        } catch (e) {
          results.push({
            ...base,
            outcome: 'failed',
            message: (e as Error).message,
          });
          return;
        }
        const ready = await this.#waitValidated(t, warningBefore, bumpedAt);
        results.push(
          ready
            ? { ...base, outcome: 'validated' }
            : {
                ...base,
                outcome: 'still-not-ready',
                message: this.#readyMessage(t),
                cause: this.#storeWarning(t)?.message,
              },
        );
        if (!ready) return;
        // before the bumps: ESO may fail one again before the watch starts
        const warningsBefore = this.#dependentWarnings(t);
        const bumped = await Promise.all(this.#bumpDependents(t, stamp, false));
        results.push(
          ...(await this.#watchSynced(
            t.watch,
            bumped,
            bumpedAt,
            warningsBefore,
          )),
        );
      }),
    );
    return { dryRun: request.dryRun, results };
  }

  /**
   * Each bumped ExternalSecret with `after`: what the cache saw of it within `watchForMs` of the
   * bumps (all watched at once, so the request waits at most that long).
   */
  async #watchSynced(
    watch: ClusterWatch,
    results: RevalidateItemResult[],
    bumpedAt: number,
    warningsBefore: ReadonlyMap<string, WarningEventProjection | undefined>,
  ): Promise<RevalidateItemResult[]> {
    const cluster = watch.config.name;
    const started = this.cache.now();
    return Promise.all(
      results.map(async r => {
        if (r.kind !== 'ExternalSecret' || r.outcome !== 'bumped') return r;
        const key = `${r.namespace}/${r.name}`;
        const warningKey = objectKey('ExternalSecret', r.namespace, r.name);
        const warningBefore = warningsBefore.get(warningKey);
        const seen = await this.cache.waitFor(
          cluster,
          data => {
            const es = data.externalSecrets.get(key);
            if (!es) return undefined;
            if (syncedSince(es, bumpedAt)) return es;
            const warning = data.warnings.latest(warningKey);
            return warning !== warningBefore && seenSince(warning, bumpedAt)
              ? es
              : undefined;
          },
          // all start together: the request waits at most watchForMs
          { timeoutMs: this.options.watchForMs },
        );
        const es = seen ?? watch.data.externalSecrets.get(key);
        if (!es) return r;
        const row = deriveTimelessRow({ cluster, data: watch.data }, es);
        return {
          ...r,
          after: {
            status: row.status,
            synced: syncedSince(es, bumpedAt),
            cause: row.cause,
            waitedMs: Math.max(0, this.cache.now() - started),
          },
        };
      }),
    );
  }

  #targets(request: RevalidateRequest): Target[] {
    if (request.stores) {
      return request.stores.flatMap(s => {
        const watch = this.cache.cluster(s.cluster);
        if (!watch) return [];
        return [
          {
            watch,
            kind: s.kind,
            name: s.name,
            namespace: s.kind === 'SecretStore' ? s.namespace : undefined,
          },
        ];
      });
    }
    return this.cache.clusters().flatMap(watch =>
      watch.data
        .allStores()
        .filter(s => s.ready?.status !== 'True')
        .map(s => ({
          watch,
          kind: s.kind,
          name: s.name,
          namespace: s.namespace,
        })),
    );
  }

  /** Promises (or, for a dry run, plain results) for every dependent ExternalSecret. */
  #bumpDependents(
    t: Target,
    stamp: string,
    dryRun: boolean,
  ): Array<Promise<RevalidateItemResult> | RevalidateItemResult> {
    const cluster = t.watch.config.name;
    const dependents = t.watch.data.externalSecrets.lookup(
      'store',
      storeKey(t.kind, t.namespace, t.name),
    );
    const parents = new Set<string>();
    const out: Array<Promise<RevalidateItemResult> | RevalidateItemResult> = [];
    for (const es of dependents) {
      const base = {
        cluster,
        kind: 'ExternalSecret' as const,
        namespace: es.namespace,
        name: es.name,
      };
      if (es.ownerClusterExternalSecret) {
        parents.add(es.ownerClusterExternalSecret);
        out.push({
          ...base,
          outcome: 'skipped',
          message: `bumped through ClusterExternalSecret ${es.ownerClusterExternalSecret}`,
        });
        continue;
      }
      const blocked = bumpBlocker(es);
      if (blocked) out.push({ ...base, outcome: 'skipped', message: blocked });
      else if (dryRun) out.push({ ...base, outcome: 'planned' });
      else
        out.push(
          asResult(base, () =>
            t.watch.writer.forceSyncExternalSecret(
              { namespace: es.namespace, name: es.name },
              stamp,
            ),
          ),
        );
    }
    for (const name of parents) {
      const base = { cluster, kind: 'ClusterExternalSecret' as const, name };
      if (dryRun) out.push({ ...base, outcome: 'planned' });
      else
        out.push(
          asResult(base, () =>
            t.watch.writer.forceSyncClusterExternalSecret(name, stamp),
          ),
        );
    }
    return out;
  }

  /**
   * True once the store is Ready; false when ESO reported a new failure of it after the bump
   * (no need to wait longer) or after `waitMs`.
   */
  async #waitValidated(
    t: Target,
    warningBefore: WarningEventProjection | undefined,
    bumpedAt: number,
  ): Promise<boolean> {
    const key = storeKey(t.kind, t.namespace, t.name);
    const warningKey = objectKey(t.kind, t.namespace, t.name);
    const verdict = await this.cache.waitFor(
      t.watch.config.name,
      data => {
        if (data.store(key)?.ready?.status === 'True') return true;
        const warning = data.warnings.latest(warningKey);
        return warning !== warningBefore && seenSince(warning, bumpedAt)
          ? false
          : undefined;
      },
      { timeoutMs: this.options.waitMs },
    );
    return verdict === true;
  }

  /** The latest Warning of each ExternalSecret reading through the store, by object key. */
  #dependentWarnings(
    t: Target,
  ): Map<string, WarningEventProjection | undefined> {
    const { data } = t.watch;
    return new Map(
      data.externalSecrets
        .lookup('store', storeKey(t.kind, t.namespace, t.name))
        .map(es => {
          const key = objectKey('ExternalSecret', es.namespace, es.name);
          return [key, data.warnings.latest(key)];
        }),
    );
  }

  #storeWarning(t: Target): WarningEventProjection | undefined {
    return t.watch.data.warnings.latest(objectKey(t.kind, t.namespace, t.name));
  }

  #readyMessage(t: Target): string {
    const ready = t.watch.data.store(
      storeKey(t.kind, t.namespace, t.name),
    )?.ready;
    return `store is still not Ready after revalidation${
      ready?.message ? `: ${ready.message}` : ''
    }`;
  }
}

const BLOCKER_MESSAGES = {
  CreatedOnce: 'refreshPolicy CreatedOnce: a bump does not refetch',
  RefreshIntervalZero: 'refreshInterval 0: a bump does not refetch',
} as const;

/** Why an annotation bump would not make ESO fetch again, if it would not. */
function bumpBlocker(es: ExternalSecretProjection): string | undefined {
  for (const b of forceSyncBlockers(es, 'refetch'))
    if (b === 'CreatedOnce' || b === 'RefreshIntervalZero')
      return BLOCKER_MESSAGES[b];
  return undefined;
}

async function asResult(
  base: Omit<RevalidateItemResult, 'outcome'>,
  write: () => Promise<void>,
): Promise<RevalidateItemResult> {
  try {
    await write();
    return { ...base, outcome: 'bumped' };
  } catch (e) {
    return { ...base, outcome: 'failed', message: (e as Error).message };
  }
}

/** ESO synced it at or after `at` (`refreshTime` is the start of its latest successful sync). */
function syncedSince(es: ExternalSecretProjection, at: number): boolean {
  return (
    es.ready?.status === 'True' &&
    es.refreshTime !== undefined &&
    Date.parse(es.refreshTime) >= at
  );
}

function seenSince(
  warning: WarningEventProjection | undefined,
  at: number,
): boolean {
  return warning?.at !== undefined && Date.parse(warning.at) >= at;
}
