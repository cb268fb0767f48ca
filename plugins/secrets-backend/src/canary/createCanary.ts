import type {
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { ClusterCache } from '../cluster/ClusterCache';
import type { CanaryConfig } from '../config/readCanaryConfig';
import type { VaultServerConfig } from '../config/types';
import { ClusterRotationOps } from '../rotation/adapters/ClusterRotationOps';
import type { VaultKv } from '../vault';
import { CanaryProbe, type CanaryObserver } from './CanaryProbe';
import { DatabaseCanaryStore, type CanaryStore } from './CanaryStore';

/**
 * Builds the canary from the plugin's services and schedules it on one replica at a time
 * (`scope: 'global'`), so two backends never write the canary at once.
 */
export async function createCanary(deps: {
  config: CanaryConfig;
  vaultServers: VaultServerConfig[];
  kv: VaultKv;
  cache: ClusterCache;
  database: DatabaseService;
  scheduler: SchedulerService;
  logger: LoggerService;
  observer?: CanaryObserver;
}): Promise<{ store: CanaryStore; probe: CanaryProbe }> {
  const { config } = deps;
  const store = await DatabaseCanaryStore.create({ database: deps.database });
  const server =
    deps.vaultServers.find(v => v.name === config.vault.server)?.url ??
    config.vault.server;
  const probe = new CanaryProbe({
    config: { ...config, vault: { ...config.vault, server } },
    kv: deps.kv,
    cache: deps.cache,
    clusters: new ClusterRotationOps(deps.cache, {
      verifyTimeoutMs: config.timeoutMs,
      restartTimeoutMs: config.timeoutMs,
    }),
    store,
    observer: deps.observer,
    logger: deps.logger,
  });
  await deps.scheduler.scheduleTask({
    id: 'secrets-canary',
    frequency: { milliseconds: config.frequencyMs },
    // the probe waits at most timeoutMs for the caches, then timeoutMs for the clusters
    timeout: { milliseconds: 2 * config.timeoutMs + 60_000 },
    scope: 'global',
    fn: async () => {
      await probe.run();
    },
  });
  return { store, probe };
}
