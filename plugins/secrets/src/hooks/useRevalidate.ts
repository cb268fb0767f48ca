import { useApi } from '@backstage/core-plugin-api';
import type { StoreRef } from '@secrets-plugin/plugin-secrets-common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

function toRequestStores(stores: StoreRef[]) {
  return stores.map(({ cluster, kind, name, namespace }) => ({
    cluster,
    kind,
    name,
    namespace,
  }));
}

/** The dry-run preview of a revalidation; never cached, since the fleet moves on. */
export function useRevalidatePreview(stores: StoreRef[], enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.revalidatePreview(stores),
    queryFn: () =>
      secretsApi.revalidateStores({
        dryRun: true,
        stores: toRequestStores(stores),
      }),
    enabled,
    gcTime: 0,
    staleTime: 0,
    refetchInterval: false,
  });
}

/** Runs the revalidation, then refreshes the fleet view. */
export function useRevalidateRun(stores: StoreRef[]) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      secretsApi.revalidateStores({
        dryRun: false,
        stores: toRequestStores(stores),
      }),
    // A revalidation changes store and row states: the fleet and every entity view (not the
    // preview, which would re-run the dry run under the results).
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: secretsQueryKeys.fleetAll }),
        queryClient.invalidateQueries({ queryKey: secretsQueryKeys.entityAll }),
      ]),
  });
}
