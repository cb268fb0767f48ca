import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { secretsPermissions } from '@internal/plugin-secrets-common';
import { readSecretsConfig } from './config/readSecretsConfig';
import { createRouter } from './service/router';

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
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({ config, logger, httpRouter, permissionsRegistry }) {
        const secretsConfig = readSecretsConfig(config);
        logger.info(
          `secrets: ${secretsConfig.clusters.length} cluster(s), ${secretsConfig.vault.length} Vault server(s) configured`,
        );

        permissionsRegistry.addPermissions(secretsPermissions);

        httpRouter.use(await createRouter());
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
