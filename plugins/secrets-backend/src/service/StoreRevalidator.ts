import type {
  RevalidateItemResult,
  RevalidateRequest,
  RevalidateResponse,
} from '@internal/plugin-secrets-common';
import { ESO_FORCE_SYNC_ANNOTATION } from '@internal/plugin-secrets-common';
import type { ClusterCache } from '../cluster/ClusterCache';
import { storeKey } from '../cluster/ClusterData';
import type { ClusterWatch } from '../cluster/ClusterWatch';
import type {
  ExternalSecretProjection,
  StoreProjection,
} from '../cluster/projections';
import { parseGoDuration } from '../derive/goDuration';

/** Any metadata edit makes ESO revalidate a store at once; the key says who did it. */
export const REVALIDATE_ANNOTATION = 'secrets.backstage.io/revalidate';
/** The key ESO's docs use for a manual refresh of an ExternalSecret. */
export const ES_FORCE_SYNC_ANNOTATION = 'force-sync';

interface Target {
  watch: ClusterWatch;
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
  namespace?: string;
}

/**
 * The repair after a provider outage: ESO leaves failed stores, and the ExternalSecrets behind
 * them, in up to 7 minutes of backoff each. Bump the stores, wait (bounded) for them to turn
 * Ready in the cache, then bump their dependents so they sync now.
 */
export class StoreRevalidator {
  constructor(
    private readonly cache: ClusterCache,
    private readonly options: { waitMs: number; pollMs?: number } = {
      waitMs: 20_000,
    },
  ) {}

  async revalidate(request: RevalidateRequest): Promise<RevalidateResponse> {
    const results: RevalidateItemResult[] = [];
    const stamp = String(Math.floor(this.cache.now() / 1000));
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
        try {
          await t.watch.annotate(this.#path(t.watch, store), {
            [REVALIDATE_ANNOTATION]: stamp,
          });
        } catch (e) {
          results.push({
            ...base,
            outcome: 'failed',
            message: (e as Error).message,
          });
          return;
        }
        const ready = await this.#waitReady(t);
        results.push({
          ...base,
          outcome: ready ? 'validated' : 'still-not-ready',
          message: ready ? undefined : this.#readyMessage(t),
        });
        if (ready)
          results.push(
            ...(await Promise.all(this.#bumpDependents(t, stamp, false))),
          );
      }),
    );
    return { dryRun: request.dryRun, results };
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
          this.#annotate(
            t.watch,
            base,
            this.#esPath(t.watch, 'externalsecrets', es.namespace, es.name),
            ES_FORCE_SYNC_ANNOTATION,
            stamp,
          ),
        );
    }
    for (const name of parents) {
      const base = { cluster, kind: 'ClusterExternalSecret' as const, name };
      if (dryRun) out.push({ ...base, outcome: 'planned' });
      else
        out.push(
          this.#annotate(
            t.watch,
            base,
            this.#esPath(t.watch, 'clusterexternalsecrets', undefined, name),
            ESO_FORCE_SYNC_ANNOTATION,
            stamp,
          ),
        );
    }
    return out;
  }

  async #annotate(
    watch: ClusterWatch,
    base: Omit<RevalidateItemResult, 'outcome'>,
    path: string,
    key: string,
    stamp: string,
  ): Promise<RevalidateItemResult> {
    try {
      await watch.annotate(path, { [key]: stamp });
      return { ...base, outcome: 'bumped' };
    } catch (e) {
      return { ...base, outcome: 'failed', message: (e as Error).message };
    }
  }

  async #waitReady(t: Target): Promise<boolean> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const store = t.watch.data.store(storeKey(t.kind, t.namespace, t.name));
      if (store?.ready?.status === 'True') return true;
      if (Date.now() >= deadline) return false;
      await new Promise(r => setTimeout(r, this.options.pollMs ?? 100));
    }
  }

  #readyMessage(t: Target): string {
    const ready = t.watch.data.store(
      storeKey(t.kind, t.namespace, t.name),
    )?.ready;
    return `store is still not Ready after ${this.options.waitMs / 1000}s${
      ready?.message ? `: ${ready.message}` : ''
    }`;
  }

  #path(watch: ClusterWatch, store: StoreProjection): string {
    const plural =
      store.kind === 'ClusterSecretStore'
        ? 'clustersecretstores'
        : 'secretstores';
    return this.#esPath(watch, plural, store.namespace, store.name);
  }

  #esPath(
    watch: ClusterWatch,
    plural: string,
    namespace: string | undefined,
    name: string,
  ): string {
    return watch.esoPath(watch.esoApiVersion, plural, namespace, name);
  }
}

/** Why an annotation bump would not make ESO fetch again, if it would not. */
function bumpBlocker(es: ExternalSecretProjection): string | undefined {
  // a never-synced ExternalSecret refetches on any bump, whatever its policy
  if (!es.refreshTime) return undefined;
  if (es.refreshPolicy === 'CreatedOnce')
    return 'refreshPolicy CreatedOnce: a bump does not refetch';
  if (
    es.refreshPolicy === 'Periodic' &&
    parseGoDuration(es.refreshInterval) === 0
  ) {
    return 'refreshInterval 0: a bump does not refetch';
  }
  return undefined;
}
