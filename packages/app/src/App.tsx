import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import secretsPlugin from '@secrets-plugin/plugin-secrets/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    // live rotation progress over the backend's signals channel (the Secrets tab polls without it)
    signalsPlugin,
    userSettingsPlugin,
    secretsPlugin,
    navModule,
    signInModule,
  ],
});
