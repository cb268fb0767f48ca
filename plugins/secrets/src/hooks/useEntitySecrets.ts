import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
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
