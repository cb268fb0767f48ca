import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';

/** The entity's ExternalSecrets, polled by the plugin's QueryClient defaults. */
export function useEntitySecrets(entityRef: string, enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: ['secrets', 'entity', entityRef],
    queryFn: () => secretsApi.getEntitySecrets(entityRef),
    enabled,
  });
}
