import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { SecretsPermissionPolicy } from './SecretsPermissionPolicy';

/**
 * Installs {@link SecretsPermissionPolicy}. The platform team's refs come from
 * `permission.secrets.platformRefs` (defaults to group:default/platform-team).
 */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'secrets-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const platformRefs = config.getOptionalStringArray(
          'permission.secrets.platformRefs',
        ) ?? ['group:default/platform-team'];
        policy.setPolicy(
          new SecretsPermissionPolicy({ platformRefs, userInfo }),
        );
      },
    });
  },
});
export { SecretsPermissionPolicy } from './SecretsPermissionPolicy';
