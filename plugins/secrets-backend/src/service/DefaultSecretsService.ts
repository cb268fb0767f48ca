import {
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  summarizeEntitySecrets,
  type EntitySecretsResponse,
  type EntitySecretsSummary,
  type FleetQuery,
  type FleetResponse,
  type RevalidateRequest,
  type RevalidateResponse,
  type SecretGroup,
  type StoreAdviceEntry,
  type StoreSummary,
  type VaultServerHealth,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterCache } from '../cluster/ClusterCache';
import type { CanaryStore } from '../canary/CanaryStore';
import { storeKey, type ClusterData } from '../cluster/ClusterData';
import type { ClusterWatch } from '../cluster/ClusterWatch';
import {
  noVaultHealth,
  type VaultHealthSource,
} from '../vault/VaultHealthMonitor';
import { clusterError, clusterSummary } from './clusterSummaries';
import { entityExternalSecrets } from './entityMatcher';
import { unreadableEntityError } from './entityErrors';
import {
  ScopedVisibility,
  visibleRows,
  visibleStores,
  type ClusterVisibility,
} from './fleetScope';
import { EntityRows } from './entityRows';
import { EntityViews } from './entityViews';
import { FleetCounts } from './fleetCounts';
import { FleetRows, type ClusterRows } from './fleetRows';
import { KeyAges, type KeyAgeSources } from './keyAges';
import { byKey, ScheduledReaders } from './scheduledReaders';
import { adviceFor, storeSummaries } from './storeSummaries';
import type { StoreRevalidator } from './StoreRevalidator';
import type { FleetOptions, SecretsService, ServiceOptions } from './types';

/** Answers every read from the watch cache: no cluster call happens on a request. */
export class DefaultSecretsService implements SecretsService {
  readonly #views: EntityViews;
  readonly #fleetRows: {
    cluster(name: string, data: ClusterData, now: number): ClusterRows;
  };
  readonly #vaultHealth: VaultHealthSource;
  readonly #keyAges?: KeyAges;
  readonly #scheduledReaders?: ScheduledReaders;

  constructor(
    private readonly deps: {
      cache: ClusterCache;
      catalog: CatalogService;
      revalidator: StoreRevalidator;
      staleMarginMs: number;
      /** Health of the configured Vault servers; none when absent. */
      vaultHealth?: VaultHealthSource;
      /** The latest canary probe per cluster; absent when no canary is configured. */
      canary?: Pick<CanaryStore, 'latest'>;
      /** Vault metadata and schedules for key age and drift; absent: neither is shown. */
      keyAge?: KeyAgeSources;
      /**
       * How the fleet page counts: by deltas (default), or `recount` every changed cluster, the
       * algorithm it replaced, kept for the benchmark's baseline.
       */
      fleetCounting?: 'incremental' | 'recount';
    },
  ) {
    this.#vaultHealth = deps.vaultHealth ?? noVaultHealth;
    const byUrl = new Map(this.#vaultHealth.all().map(v => [v.url, v.name]));
    // row coordinates are normalised as config URLs are: a lookup, not a URL parse per row
    const rows = new EntityRows(deps.staleMarginMs, url =>
      url === undefined ? undefined : byUrl.get(url),
    );
    this.#views = new EntityViews(rows);
    this.#fleetRows =
      deps.fleetCounting === 'recount'
        ? new FleetRows(rows)
        : new FleetCounts(rows, () => deps.cache.now());
    if (deps.keyAge) {
      this.#keyAges = new KeyAges(deps.keyAge);
      this.#scheduledReaders = new ScheduledReaders(
        rows,
        deps.keyAge.schedules,
      );
    }
  }

  async getEntitySecrets(
    ref: CompoundEntityRef,
    { credentials }: ServiceOptions,
  ): Promise<EntitySecretsResponse> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) throw unreadableEntityError(entityRef);
    const now = this.deps.cache.now();
    const clusters = this.deps.cache.clusters();
    const viewed = this.#views.groups(
      entityRef,
      entityExternalSecrets(entity),
      clusters.map(w => ({ name: w.config.name, data: w.data })),
      now,
    );
    const groups = this.#keyAges
      ? await this.#keyAges.groups(
          viewed,
          row => ({
            cluster: row.cluster,
            namespace: row.namespace,
            name: row.name,
            rotateEvery: clusters
              .find(w => w.config.name === row.cluster)
              ?.data.externalSecrets.get(`${row.namespace}/${row.name}`)
              ?.rotateEvery,
          }),
          now,
        )
      : viewed;
    return {
      entityRef,
      generatedAt: new Date(now).toISOString(),
      groups,
      clusters: clusters.map(w => clusterSummary(w, now)),
      errors: this.#errors(now),
      vaultServers: this.#vaultServersOf(groups),
      storeAdvice: this.#storeAdviceOf(groups, clusters, now),
    };
  }

  /** Counted from the same answer as the tab, so the card and the tab never disagree. */
  async getEntitySecretsSummary(
    ref: CompoundEntityRef,
    options: ServiceOptions,
  ): Promise<EntitySecretsSummary> {
    return summarizeEntitySecrets(await this.getEntitySecrets(ref, options));
  }

  /** Advice once per store the rows read through that is not Ready (rows share store objects). */
  #storeAdviceOf(
    groups: readonly SecretGroup[],
    clusters: readonly ClusterWatch[],
    now: number,
  ): StoreAdviceEntry[] {
    const seen = new Set<string>();
    const entries: StoreAdviceEntry[] = [];
    for (const g of groups)
      for (const { store } of g.rows) {
        if (store.health.ready === true) continue;
        const key = `${store.cluster}|${storeKey(
          store.kind,
          store.namespace,
          store.name,
        )}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const watch = clusters.find(w => w.config.name === store.cluster);
        const projection = watch?.data.store(
          storeKey(store.kind, store.namespace, store.name),
        );
        if (!watch || !projection) continue;
        const advice = adviceFor(
          watch,
          projection,
          store.health,
          this.#vaultHealth,
          now,
        );
        if (advice)
          entries.push({
            cluster: store.cluster,
            kind: store.kind,
            name: store.name,
            namespace: store.namespace,
            advice,
          });
      }
    return entries;
  }

  async getFleet(
    query: FleetQuery,
    options?: FleetOptions,
  ): Promise<FleetResponse> {
    const now = this.deps.cache.now();
    const watches = this.deps.cache.clusters();
    if (
      query.cluster !== undefined &&
      !watches.some(w => w.config.name === query.cluster)
    )
      throw unknownClusterError('cluster', query.cluster, watches);
    const scoped = options?.scope && new ScopedVisibility(options.scope);
    const visibility = new Map<string, ClusterVisibility>();
    const rowsOf = new Map(
      watches.map(w => {
        const rows = this.#fleetRows.cluster(w.config.name, w.data, now);
        if (!scoped) return [w, rows];
        const visible = scoped.cluster(w.data);
        visibility.set(w.config.name, visible);
        return [w, visibleRows(rows, visible)];
      }),
    );
    const canaries = await this.deps.canary?.latest();
    const clusters = watches.map(w => ({
      ...clusterSummary(w, now),
      counts: rowsOf.get(w)!.counts,
      ...(canaries?.has(w.config.name) && {
        canary: canaries.get(w.config.name),
      }),
    }));
    const allStores = watches.flatMap(w =>
      storeSummaries(w, this.#vaultHealth, now),
    );
    const stores = scoped ? visibleStores(allStores, visibility) : allStores;
    const listed = [...watches]
      .sort((a, b) => a.config.name.localeCompare(b.config.name))
      .filter(w => !query.cluster || query.cluster === w.config.name)
      .flatMap(w => {
        const rows = rowsOf.get(w)!;
        const list = query.status
          ? rows.byStatus[query.status]
          : rows.notSynced;
        return query.namespace
          ? list.filter(r => r.namespace === query.namespace)
          : list;
      });
    const rank = (s: StoreSummary) => (s.health.ready === true ? 1 : 0);
    stores.sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name),
    );
    const scheduledKeys = await this.#scheduledKeys(
      watches,
      scoped ? visibility : undefined,
      now,
    );
    return {
      generatedAt: new Date(now).toISOString(),
      clusters,
      stores,
      ...(scheduledKeys && { scheduledKeys }),
      failing: {
        items: listed.slice(query.offset, query.offset + query.limit),
        totalCount: listed.length,
        offset: query.offset,
        limit: query.limit,
      },
      errors: this.#errors(now),
      vaultServers: this.#vaultHealth.all(),
    };
  }

  /** Keys with a schedule, read through ExternalSecrets the caller may see (all without a scope). */
  async #scheduledKeys(
    watches: readonly ClusterWatch[],
    visibility: ReadonlyMap<string, ClusterVisibility> | undefined,
    now: number,
  ) {
    if (!this.#keyAges || !this.#scheduledReaders) return undefined;
    const readers = watches.flatMap(w => {
      const all = this.#scheduledReaders!.cluster(w.config.name, w.data, now);
      const visible = visibility?.get(w.config.name);
      return visible
        ? all.filter(r =>
            visible.externalSecrets.has(`${r.namespace}/${r.name}`),
          )
        : all;
    });
    return this.#keyAges.scheduled(byKey(readers), now);
  }

  /** The configured Vault servers an entity's secrets are read from, in config order. */
  #vaultServersOf(groups: readonly SecretGroup[]): VaultServerHealth[] {
    // an entity may have a thousand groups, reading from a server or two
    const servers = new Set<string | undefined>();
    for (const g of groups) servers.add(g.vault.server);
    const used = new Set<string>();
    for (const server of servers) {
      const health = this.#vaultHealth.forUrl(server);
      if (health) used.add(health.name);
    }
    return this.#vaultHealth.all().filter(v => used.has(v.name));
  }

  async revalidateStores(
    request: RevalidateRequest,
  ): Promise<RevalidateResponse> {
    const watches = this.deps.cache.clusters();
    request.stores?.forEach((store, i) => {
      if (!watches.some(w => w.config.name === store.cluster))
        throw unknownClusterError(
          `stores[${i}].cluster`,
          store.cluster,
          watches,
        );
    });
    return this.deps.revalidator.revalidate(request);
  }

  #errors(now: number) {
    return this.deps.cache
      .clusters()
      .map(w => clusterError(w, now))
      .filter((e): e is NonNullable<typeof e> => Boolean(e));
  }
}

/** 404: the cluster is not configured (like an unknown entity, a missing resource). */
function unknownClusterError(
  field: string,
  name: string,
  watches: readonly ClusterWatch[],
): NotFoundError {
  return new NotFoundError(
    `${field}: unknown cluster ${name}; known: ${watches
      .map(w => w.config.name)
      .join(', ')}`,
  );
}
