import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  type EntitySecretsResponse,
  type ExternalSecretRow,
  type FleetQuery,
  type FleetResponse,
  type RevalidateRequest,
  type RevalidateResponse,
  type StoreSummary,
} from '@internal/plugin-secrets-common';
import type { ClusterCache } from '../cluster/ClusterCache';
import { storeKey } from '../cluster/ClusterData';
import { storeHealth } from '../derive/storeHealth';
import { clusterError, clusterSummary } from './clusterSummaries';
import { entityExternalSecrets } from './entityMatcher';
import { EntityRows } from './entityRows';
import { EntityViews } from './entityViews';
import { FleetRows } from './fleetRows';
import type { StoreRevalidator } from './StoreRevalidator';
import type { SecretsService, ServiceOptions } from './types';

/** Answers every read from the watch cache: no cluster call happens on a request. */
export class DefaultSecretsService implements SecretsService {
  readonly #views: EntityViews;
  readonly #fleetRows: FleetRows;

  constructor(
    private readonly deps: {
      cache: ClusterCache;
      catalog: CatalogService;
      revalidator: StoreRevalidator;
      staleMarginMs: number;
    },
  ) {
    const rows = new EntityRows(deps.staleMarginMs);
    this.#views = new EntityViews(rows);
    this.#fleetRows = new FleetRows(rows);
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
    const failing: ExternalSecretRow[][] = [];
    const watches = [...this.deps.cache.clusters()].sort((a, b) =>
      a.config.name.localeCompare(b.config.name),
    );
    for (const watch of this.deps.cache.clusters()) {
      const { data } = watch;
      const name = watch.config.name;
      const rows = this.#fleetRows.cluster(name, data, now);
      clusters.push({ ...clusterSummary(watch, now), counts: rows.counts });
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
    for (const watch of watches) {
      if (query.cluster && query.cluster !== watch.config.name) continue;
      const rows = this.#fleetRows.cluster(watch.config.name, watch.data, now);
      const listed = query.status
        ? rows.byStatus[query.status]
        : rows.notSynced;
      failing.push(
        query.namespace
          ? listed.filter(r => r.namespace === query.namespace)
          : listed,
      );
    }
    const rank = (s: StoreSummary) => (s.health.ready === true ? 1 : 0);
    stores.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    );
    const listed = failing.flat();
    return {
      generatedAt: new Date(now).toISOString(),
      clusters,
      stores,
      failing: {
        items: listed.slice(query.offset, query.offset + query.limit),
        totalCount: listed.length,
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

  #errors(now: number) {
    return this.deps.cache
      .clusters()
      .map(w => clusterError(w, now))
      .filter((e): e is NonNullable<typeof e> => Boolean(e));
  }
}
