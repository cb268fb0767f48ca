import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import { ClusterCache } from '../cluster/ClusterCache';
import { readSecretsConfig } from '../config/readSecretsConfig';
import { DefaultSecretsService } from '../service/DefaultSecretsService';
import { StoreRevalidator } from '../service/StoreRevalidator';
import { VaultHealthMonitor } from '../vault/VaultHealthMonitor';

/** Catalog entities for the demo's components, annotated the way the Kubernetes plugin wants. */
export const demoEntities: Entity[] = [
  'payments-api',
  'checkout-web',
  'ledger-worker',
  'search-indexer',
  'platform-canary',
].map(name => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    type: 'service',
    owner: name === 'search-indexer' ? 'team-search' : 'team-payments',
    lifecycle: 'production',
  },
}));

export interface DemoHarness {
  fleet: FleetHandle;
  cache: ClusterCache;
  service: DefaultSecretsService;
  revalidator: StoreRevalidator;
  vaultHealth: VaultHealthMonitor;
  logs: string[];
  stop(): Promise<void>;
}

/** The demo fleet plus the plugin's cache and service on the fleet's simulated clock. */
export async function startDemoHarness(
  options: { revalidateWaitMs?: number; revalidateWatchForMs?: number } = {},
): Promise<DemoHarness> {
  const fleet = await startFleet({ scenario: 'demo', timeScale: 1 });
  const logs: string[] = [];
  const logger = mockServices.logger.mock({
    info: (m: string) => void logs.push(m),
    warn: (m: string) => void logs.push(m),
    error: (m: string) => void logs.push(m),
    debug: (m: string) => void logs.push(m),
  });
  const config = readSecretsConfig(new ConfigReader(fleet.appConfig as any));
  const cache = new ClusterCache(
    config.clusters,
    { ...config.cache, maxBackoffMs: 2000 },
    logger,
    () => fleet.clock.now(),
  );
  cache.start();
  if (!(await cache.waitUntilSynced(15_000)))
    throw new Error('cache did not sync the demo fleet');
  const revalidator = new StoreRevalidator(cache, {
    waitMs: options.revalidateWaitMs ?? 10_000,
    watchForMs: options.revalidateWatchForMs ?? config.revalidate.watchForMs,
  });
  // checked on demand by tests (checkNow), on the plugin's clock
  const vaultHealth = new VaultHealthMonitor(config.vault, {
    logger,
    now: () => fleet.clock.now(),
  });
  await vaultHealth.checkNow();
  const service = new DefaultSecretsService({
    cache,
    catalog: catalogServiceMock({ entities: demoEntities }),
    revalidator,
    staleMarginMs: config.cache.staleMarginMs,
    vaultHealth,
  });
  return {
    fleet,
    cache,
    service,
    revalidator,
    vaultHealth,
    logs,
    async stop() {
      await cache.stop();
      await fleet.stop();
    },
  };
}

/** Polls until `check` holds (cache updates arrive through watches). */
export async function eventually<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 50));
  }
}
