import { useApi } from '@backstage/core-plugin-api';
import type { FleetQuery } from '@secrets-plugin/plugin-secrets-common';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** One page of the fleet view; keeps the previous page on screen while the next loads. */
export function useFleet(query: Partial<FleetQuery>, enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.fleet(query),
    queryFn: () => secretsApi.getFleet(query),
    placeholderData: keepPreviousData,
    enabled,
  });
}
