import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isSecretsAvailable } from '@secrets-plugin/plugin-secrets-common';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { SecretsClient, secretsApiRef } from './api';

const fleetRouteRef = createRouteRef();

const secretsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: secretsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecretsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity Secrets tab (exported for tests and for apps that override it). Its filter sees the
 * entity, not the user, so the tab cannot be hidden per user: a user without
 * `secrets.entity.read` gets an explanation in it instead, without a request.
 * @alpha
 */
export const entitySecretsContent = EntityContentBlueprint.make({
  name: 'secrets',
  params: {
    path: 'secrets',
    title: 'Secrets',
    filter: isSecretsAvailable,
    loader: () =>
      import('./components/EntitySecretsContent').then(m => (
        <m.EntitySecretsContent />
      )),
  },
});

/** The entity overview card (exported for tests and for apps that override it). @alpha */
export const entitySecretsCard = EntityCardBlueprint.make({
  name: 'secrets',
  params: {
    filter: isSecretsAvailable,
    loader: () =>
      import('./components/EntitySecretsCard').then(m => (
        <m.EntitySecretsCard />
      )),
  },
});

const fleetPage = PageBlueprint.make({
  params: {
    path: '/secrets',
    title: 'Secrets',
    icon: <VpnKeyIcon />,
    routeRef: fleetRouteRef,
    loader: () =>
      import('./components/SecretsFleetPage').then(m => <m.SecretsFleetPage />),
  },
});

/** The secrets plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'secrets',
  title: 'Secrets',
  icon: <VpnKeyIcon />,
  extensions: [secretsApi, entitySecretsContent, entitySecretsCard, fleetPage],
  routes: { root: fleetRouteRef },
});
