import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SecretsClient, secretsApiRef } from './api';
import type { EntitySecretsCardProps } from './components/EntitySecretsCard';
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
export const EntitySecretsContent: () => JSX.Element = secretsPlugin.provide(
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

/** Overview card for the entity page: worst status, counts, link to the tab. @public */
export const EntitySecretsCard: (props: EntitySecretsCardProps) => JSX.Element =
  secretsPlugin.provide(
    createComponentExtension({
      name: 'EntitySecretsCard',
      component: {
        lazy: () =>
          import('./components/EntitySecretsCard').then(
            m => m.EntitySecretsCard,
          ),
      },
    }),
  );

/** The fleet health page (with its own header, as legacy apps expect). @public */
export const SecretsFleetPage: () => JSX.Element = secretsPlugin.provide(
  createRoutableExtension({
    name: 'SecretsFleetPage',
    component: () =>
      import('./components/SecretsFleetPage').then(
        m => m.LegacySecretsFleetPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
