import { createBackendModule } from '@backstage/backend-plugin-api';
import { secretsPolicyExtensionPoint } from '@secrets-plugin/plugin-secrets-node';
import { changeTicketRule } from './changeTicketRule';

/** The demo's own rotation policy rule, registered through the plugin's extension point. */
export default createBackendModule({
  pluginId: 'secrets',
  moduleId: 'policy-example',
  register(reg) {
    reg.registerInit({
      deps: { policy: secretsPolicyExtensionPoint },
      async init({ policy }) {
        policy.addRule(changeTicketRule);
      },
    });
  },
});
