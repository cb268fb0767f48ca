import { MockFetchApi } from '@backstage/test-utils';
import { SecretsClient } from '../api';

/** Where msw answers the plugin's requests in component tests. */
export const MSW_BASE_URL = 'http://backstage.test/api/secrets';

/** The real client, talking to msw: component tests then prove the URLs and bodies too. */
export function mswSecretsClient(): SecretsClient {
  return new SecretsClient({
    discoveryApi: { getBaseUrl: async () => MSW_BASE_URL },
    fetchApi: new MockFetchApi(),
  });
}
