import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  secretSyncStatuses,
  type EntitySecretsResponse,
  type ExternalSecretRow,
  type FleetQuery,
  type FleetResponse,
  type RevalidateRequest,
  type RevalidateResponse,
  type StatusCounts,
  type StoreSummary,
} from '@internal/plugin-secrets-common';
import type { ClusterCache } from '../cluster/ClusterCache';
import { storeKey } from '../cluster/ClusterData';
import { deriveRow, type DeriveContext } from '../derive/deriveRow';
import { storeHealth } from '../derive/storeHealth';
import { clusterError, clusterSummary } from './clusterSummaries';
import { entityExternalSecrets } from './entityMatcher';
import { EntityRows } from './entityRows';
import { EntityViews } from './entityViews';
import type { StoreRevalidator } from './StoreRevalidator';
import type { SecretsService, ServiceOptions } from './types';

/** Answers every read from the watch cache: no cluster call happens on a request. */
export class DefaultSecretsService implements SecretsService {
  readonly #views: EntityViews;

  constructor(
    private readonly deps: {
      cache: ClusterCache;
      catalog: CatalogService;
      revalidator: StoreRevalidator;
      staleMarginMs: number;
    },
  ) {
    this.#views = new EntityViews(new EntityRows(deps.staleMarginMs));
  }

  async getEntitySecrets(
    ref: CompoundEntityRef,
    { credentials }: ServiceOptions,
  ): Promise<EntitySecretsResponse> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const now = this.deps.cache.now();
    const clusters = this.deps.cache.clusters();
    const groups = this.#views.groups(
      entityRef,
      entityExternalSecrets(entity),
      clusters.map(w => ({ name: w.config.name, data: w.data })),
      now,
    );
    return {
      entityRef,
      generatedAt: new Date(now).toISOString(),
      groups,
      clusters: clusters.map(w => clusterSummary(w, now)),
      errors: this.#errors(now),
    };
  }

  async getFleet(query: FleetQuery): Promise<FleetResponse> {
    const now = this.deps.cache.now();
    const clusters: FleetResponse['clusters'] = [];
    const stores: StoreSummary[] = [];
    const failing: ExternalSecretRow[] = [];
    for (const watch of this.deps.cache.clusters()) {
      const { data } = watch;
      const name = watch.config.name;
      const counts = Object.fromEntries(
        secretSyncStatuses.map(s => [s, 0]),
      ) as StatusCounts;
      const ctx = this.#context(name, data, now);
      const inScope = !query.cluster || query.cluster === name;
      for (const es of data.externalSecrets.values()) {
        const row = deriveRow(ctx, es);
        counts[row.status]++;
        if (!inScope || (query.namespace && es.namespace !== query.namespace))
          continue;
        if (
          query.status ? row.status === query.status : row.status !== 'Synced'
        )
          failing.push(row);
      }
      clusters.push({ ...clusterSummary(watch, now), counts });
      for (const store of data.allStores()) {
        stores.push({
          cluster: name,
          kind: store.kind,
          name: store.name,
          namespace: store.namespace,
          health: storeHealth(data, store),
          dependents: data.externalSecrets.countBy(
            'store',
            storeKey(store.kind, store.namespace, store.name),
          ),
          vaultServer: store.vault?.server,
        });
      }
    }
    const rank = (s: StoreSummary) => (s.health.ready === true ? 1 : 0);
    stores.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    );
    failing.sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name),
    );
    return {
      generatedAt: new Date(now).toISOString(),
      clusters,
      stores,
      failing: {
        items: failing.slice(query.offset, query.offset + query.limit),
        totalCount: failing.length,
        offset: query.offset,
        limit: query.limit,
      },
      errors: this.#errors(now),
    };
  }

  async revalidateStores(
    request: RevalidateRequest,
  ): Promise<RevalidateResponse> {
    return this.deps.revalidator.revalidate(request);
  }

  #context(
    cluster: string,
    data: DeriveContext['data'],
    now: number,
  ): DeriveContext {
    return { cluster, data, now, staleMarginMs: this.deps.staleMarginMs };
  }

  #errors(now: number) {
    return this.deps.cache
      .clusters()
      .map(w => clusterError(w, now))
      .filter((e): e is NonNullable<typeof e> => Boolean(e));
  }
}
