/*
 * The demo and development backend: the catalog with the example organisation, guest sign-in,
 * the permission framework with our secrets policy, signals, notifications and the secrets plugin.
 */
import { createBackend } from '@backstage/backend-defaults';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { answerClientErrorsAsJson } from './http/jsonClientErrors';

const backend = createBackend();

// the default factory, plus JSON bodies for requests Node rejects before Express (e.g. 431)
backend.add(
  rootHttpRouterServiceFactory({
    configure({ server, applyDefaults }) {
      answerClientErrorsAsJson(server);
      applyDefaults();
    },
  }),
);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// guest sign-in as the user the demo's sign-in page chose (in place of the plain guest provider)
backend.add(import('./modules/demoUserSwitch'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./modules/permissionPolicy'));

// live rotation progress (signals) and owners' notifications when a rotation ends
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@secrets-plugin/plugin-secrets-backend'));
// an example rotation policy rule from outside the plugin (change tickets in production)
backend.add(import('./modules/secretsPolicyExample'));

backend.start();
