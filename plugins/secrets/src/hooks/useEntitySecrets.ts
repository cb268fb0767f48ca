import { useApi } from '@backstage/core-plugin-api';
import {
  summarizeEntitySecrets,
  type EntitySecretsResponse,
} from '@secrets-plugin/plugin-secrets-common';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** The entity's ExternalSecrets, polled by the plugin's QueryClient defaults. */
export function useEntitySecrets(entityRef: string, enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.entity(entityRef),
    queryFn: () => secretsApi.getEntitySecrets(entityRef),
    enabled,
  });
}

/**
 * The entity's summary for the overview card, polled like the tab. Coming back from the tab, the
 * card shows the summary of the rows already in the cache while its own answer is on its way.
 */
export function useEntitySecretsSummary(entityRef: string, enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: secretsQueryKeys.entitySummary(entityRef),
    queryFn: () => secretsApi.getEntitySecretsSummary(entityRef),
    enabled,
    placeholderData: () => {
      const rows = queryClient.getQueryData<EntitySecretsResponse>(
        secretsQueryKeys.entity(entityRef),
      );
      return rows && summarizeEntitySecrets(rows);
    },
  });
}
