import type {
  MetricsService,
  MetricsServiceObservableResult,
} from '@backstage/backend-plugin-api/alpha';
import type { FleetResponse } from '@secrets-plugin/plugin-secrets-common';

/** What the metrics read: the fleet page's own cached view, and the watchers' request counts. */
export interface CacheMetricsSource {
  fleet(): Promise<FleetResponse>;
  clusters(): ReadonlyArray<{
    config: { name: string };
    lists: number;
    relists: number;
  }>;
}

/** Several instruments are collected in one go: they share one fleet view per collection. */
const SNAPSHOT_MS = 1000;

/**
 * The cache's health as low-cardinality metrics for the platform team's dashboards and alerts:
 * stores stuck after a Vault outage, failing syncs, clusters the cache cannot see. Labels are
 * cluster, status, state and readiness only, never an entity, namespace or object name, and
 * everything is observed when metrics are collected, so no request or watch event pays for it.
 */
export function registerCacheMetrics(
  metrics: MetricsService,
  source: CacheMetricsSource,
): void {
  let snapshot: { at: number; fleet: Promise<FleetResponse> } | undefined;
  const fleet = () => {
    const at = Date.now();
    if (!snapshot || at - snapshot.at > SNAPSHOT_MS)
      snapshot = { at, fleet: source.fleet() };
    return snapshot.fleet;
  };

  const observe = (
    name: string,
    description: string,
    record: (result: MetricsServiceObservableResult, f: FleetResponse) => void,
    unit?: string,
  ) =>
    metrics
      .createObservableGauge(name, { description, unit })
      .addCallback(async result => record(result, await fleet()));

  observe(
    'secrets.cluster.up',
    'Whether the cache has a complete, current view of the cluster (1) or not (0)',
    (result, f) => {
      for (const c of f.clusters)
        result.observe(c.state === 'connected' ? 1 : 0, { cluster: c.name });
    },
  );
  observe(
    'secrets.cluster.data_age',
    'Age of the data served for a cluster that is not connected (0 while connected)',
    (result, f) => {
      for (const c of f.clusters)
        result.observe(c.staleSeconds ?? 0, { cluster: c.name });
    },
    's',
  );
  observe(
    'secrets.externalsecrets',
    'ExternalSecrets by the status the plugin derives (Synced, Error, Stale, StoreNotReady, Missing, Pending)',
    (result, f) => {
      for (const c of f.clusters)
        for (const [status, count] of Object.entries(c.counts))
          result.observe(count, { cluster: c.name, status });
    },
  );
  observe(
    'secrets.stores',
    'SecretStores and ClusterSecretStores by readiness (true, false, unknown)',
    (result, f) => {
      const counts = new Map<string, Record<string, number>>();
      for (const c of f.clusters)
        counts.set(c.name, { true: 0, false: 0, unknown: 0 });
      for (const s of f.stores) {
        const byReady = counts.get(s.cluster);
        if (byReady) byReady[String(s.health.ready)]++;
      }
      for (const [cluster, byReady] of counts)
        for (const [ready, count] of Object.entries(byReady))
          result.observe(count, { cluster, ready });
    },
  );

  const watchCounter = (
    name: string,
    description: string,
    value: (c: ReturnType<CacheMetricsSource['clusters']>[number]) => number,
  ) =>
    metrics
      .createObservableCounter(name, { description })
      .addCallback(result => {
        for (const c of source.clusters())
          result.observe(value(c), { cluster: c.config.name });
      });
  watchCounter(
    'secrets.cluster.watch.lists',
    "LIST requests of the cluster's watchers: first lists, relists and restarts after errors",
    c => c.lists,
  );
  watchCounter(
    'secrets.cluster.watch.relists',
    'Relists forced by 410 Gone (the watch fell behind the API server)',
    c => c.relists,
  );
}
