import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { secretsPermissions } from '@secrets-plugin/plugin-secrets-common';
import {
  secretsPolicyExtensionPoint,
  secretsRotatorExtensionPoint,
  type RotationPolicyRule,
  type Rotator,
} from '@secrets-plugin/plugin-secrets-node';
import { registerSecretsActions } from './actions';
import { ClusterCache } from './cluster/ClusterCache';
import { readCanaryConfig } from './config/readCanaryConfig';
import { readRotationConfig } from './config/readRotationConfig';
import { readSecretsConfig } from './config/readSecretsConfig';
import { createCanary } from './canary/createCanary';
import { registerCacheMetrics } from './metrics/cacheMetrics';
import { createRotationMetrics } from './metrics/rotationMetrics';
import { AuthorizedSecretsService } from './service/AuthorizedSecretsService';
import { DefaultSecretsService } from './service/DefaultSecretsService';
import { createRotation } from './rotation/createRotation';
import { createRouter } from './service/router';
import { createApprovalRouter } from './rotation/approval/approvalRoutes';
import { StoreRevalidator } from './service/StoreRevalidator';
import { DefaultVaultKv } from './vault';
import { KvMetadataCache } from './vault/KvMetadataCache';
import { VaultHealthMonitor } from './vault/VaultHealthMonitor';

/**
 * The secrets backend plugin, mounted at `/api/secrets`.
 * @public
 */
export const secretsPlugin = createBackendPlugin({
  pluginId: 'secrets',
  register(env) {
    const extraRules: RotationPolicyRule[] = [];
    const extraRotators: Rotator[] = [];
    env.registerExtensionPoint(secretsPolicyExtensionPoint, {
      addRule: (...rules) => extraRules.push(...rules),
    });
    env.registerExtensionPoint(secretsRotatorExtensionPoint, {
      addRotator: (...rotators) => extraRotators.push(...rotators),
    });
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
        database: coreServices.database,
        userInfo: coreServices.userInfo,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        signals: signalsServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
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
        database,
        userInfo,
        scheduler,
        auth,
        signals,
        notifications,
        actionsRegistry,
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

        const kv = DefaultVaultKv.fromConfig(secretsConfig, { logger });
        // key ages and histories read Vault's metadata through one cache; our writes refresh it
        const keyMetadata = KvMetadataCache.fromConfig(config, kv);
        kv.onWrite(secret => keyMetadata.invalidate(secret));
        const rotationConfig = readRotationConfig(config);
        const rotationMetrics = createRotationMetrics(metrics);
        const canaryConfig = readCanaryConfig(config);
        const canary =
          canaryConfig &&
          (await createCanary({
            config: canaryConfig,
            vaultServers: secretsConfig.vault,
            kv,
            cache,
            database,
            scheduler,
            logger,
            observer: rotationMetrics,
          }));

        const service = new DefaultSecretsService({
          cache,
          catalog,
          revalidator: new StoreRevalidator(cache, {
            waitMs: 20_000,
            watchForMs: secretsConfig.revalidate.watchForMs,
          }),
          staleMarginMs: secretsConfig.cache.staleMarginMs,
          vaultHealth,
          canary: canary?.store,
          keyAge: {
            metadata: keyMetadata,
            schedules: rotationConfig.schedules,
          },
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

        const { rotations, runner, ...four } = await createRotation({
          config: rotationConfig,
          keyMetadata,
          canaryKey: canaryConfig?.vault,
          vaultServers: secretsConfig.vault,
          kv,
          cache,
          secrets: service,
          catalog,
          database,
          permissions,
          userInfo,
          auditor,
          logger,
          extraRules,
          extraRotators,
          metrics: rotationMetrics,
          auth,
          signals,
          notifications,
        });
        // a stopping backend hands its rotations back at once instead of holding their leases
        lifecycle.addShutdownHook(() => runner.stop());
        // rotations a stopped replica left behind continue once their lease expires
        await scheduler.scheduleTask({
          id: 'secrets-rotation-resume',
          frequency: { seconds: 30 },
          timeout: { minutes: 30 },
          scope: 'local',
          fn: async () => {
            await four.settleApprovals(); // expiry, and decisions a crash left unapplied
            await runner.resume();
          },
        });

        await scheduler.scheduleTask({
          id: 'secrets-rotation-schedule',
          frequency: { milliseconds: four.schedules.intervalMs },
          timeout: { minutes: 10 },
          scope: 'global',
          fn: async () => {
            await four.schedules.run();
          },
        });

        // before the plugin's router, whose last handler answers unknown paths
        httpRouter.use(
          createApprovalRouter({
            httpAuth,
            auditor,
            approvals: four.approvals,
          }),
        );
        httpRouter.use(
          await createRouter({ httpAuth, auditor, secrets, rotations }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        registerSecretsActions(actionsRegistry, {
          secrets,
          rotations,
          auditor,
        });
      },
    });
  },
});
