import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { demoUserEntityRef, demoUserFromCookies } from './demoUser';

const devOnly =
  'The demo guest provider cannot be used outside of a development environment unless ' +
  "'auth.providers.guest.dangerouslyAllowOutsideDevelopment' is enabled";

const demoGuestAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async () => ({ profile: {} }),
  initialize({ config }) {
    return {
      enabled:
        process.env.NODE_ENV === 'development' ||
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
          true,
    };
  },
  async authenticate({ req }, { enabled }) {
    if (!enabled)
      throw Object.assign(new Error(devOnly), { name: 'NotAllowedError' });
    return { result: { user: demoUserFromCookies(req.headers.cookie) } };
  },
});

/**
 * The `guest` provider of the demo, in place of @backstage/plugin-auth-backend-module-guest-provider:
 * the same guest sign-in, but as the user the sign-in page chose (see ./demoUser), so that the
 * demo switches users without a restart. Users must exist in the catalog.
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-guest-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const defaultRef = config.getOptionalString(
          'auth.providers.guest.userEntityRef',
        );
        providers.registerProvider({
          providerId: 'guest',
          factory: createProxyAuthProviderFactory({
            authenticator: demoGuestAuthenticator,
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: demoUserEntityRef(result.user, defaultRef),
              });
            },
          }),
        });
      },
    });
  },
});
