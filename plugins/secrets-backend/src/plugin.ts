import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { secretsPermissions } from '@internal/plugin-secrets-common';
import { ClusterCache } from './cluster/ClusterCache';
import { readSecretsConfig } from './config/readSecretsConfig';
import { registerCacheMetrics } from './metrics/cacheMetrics';
import { AuthorizedSecretsService } from './service/AuthorizedSecretsService';
import { DefaultSecretsService } from './service/DefaultSecretsService';
import { createRouter } from './service/router';
import { StoreRevalidator } from './service/StoreRevalidator';
import { VaultHealthMonitor } from './vault/VaultHealthMonitor';

/**
 * The secrets backend plugin, mounted at `/api/secrets`.
 * @public
 */
export const secretsPlugin = createBackendPlugin({
  pluginId: 'secrets',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        lifecycle: coreServices.lifecycle,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        metrics: metricsServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auditor,
        lifecycle,
        permissions,
        permissionsRegistry,
        catalog,
        metrics,
      }) {
        const secretsConfig = readSecretsConfig(config);
        logger.info(
          `secrets: ${secretsConfig.clusters.length} cluster(s), ${secretsConfig.vault.length} Vault server(s) configured`,
        );

        permissionsRegistry.addPermissions(secretsPermissions);

        const cache = new ClusterCache(
          secretsConfig.clusters,
          secretsConfig.cache,
          logger,
        );
        lifecycle.addStartupHook(() => cache.start());
        lifecycle.addShutdownHook(() => cache.stop());

        const vaultHealth = new VaultHealthMonitor(secretsConfig.vault, {
          logger,
        });
        lifecycle.addStartupHook(() => vaultHealth.start());
        lifecycle.addShutdownHook(() => vaultHealth.stop());

        const service = new DefaultSecretsService({
          cache,
          catalog,
          revalidator: new StoreRevalidator(cache, {
            waitMs: 20_000,
            watchForMs: secretsConfig.revalidate.watchForMs,
          }),
          staleMarginMs: secretsConfig.cache.staleMarginMs,
          vaultHealth,
        });
        const secrets = new AuthorizedSecretsService(
          service,
          permissions,
          catalog,
        );
        registerCacheMetrics(metrics, {
          fleet: () => service.getFleet({ offset: 0, limit: 1 }),
          clusters: () => cache.clusters(),
        });

        httpRouter.use(await createRouter({ httpAuth, auditor, secrets }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
