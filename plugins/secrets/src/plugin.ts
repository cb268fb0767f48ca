import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SecretsClient, secretsApiRef } from './api';
import { rootRouteRef } from './routes';

/** The secrets plugin for the legacy frontend system. @public */
export const secretsPlugin = createPlugin({
  id: 'secrets',
  apis: [
    createApiFactory({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecretsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The entity Secrets tab, for `EntityLayout.Route`. @public */
export const EntitySecretsContent = secretsPlugin.provide(
  createComponentExtension({
    name: 'EntitySecretsContent',
    component: {
      lazy: () =>
        import('./components/EntitySecretsContent').then(
          m => m.EntitySecretsContent,
        ),
    },
  }),
);

/** The fleet health page. @public */
export const SecretsFleetPage = secretsPlugin.provide(
  createRoutableExtension({
    name: 'SecretsFleetPage',
    component: () =>
      import('./components/SecretsFleetPage').then(m => m.SecretsFleetPage),
    mountPoint: rootRouteRef,
  }),
);
