import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { DemoSignInPage } from './DemoSignInPage';

/**
 * Guest sign-in through the backend's guest provider, which maps the guest to a catalog user, so
 * ownership-based permissions apply in the demo; the demo's page picks which user (see
 * ./demoUsers).
 */
const demoSignInPage = SignInPageBlueprint.make({
  params: {
    // not lazy: the sign-in page is the demo's first paint
    loader: async () => DemoSignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [demoSignInPage],
});
