import { useApi } from '@backstage/core-plugin-api';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys, type RotationPlanRequest } from '../lib/queryKeys';

/**
 * The dry run of a rotation or rollback. Never cached (the fleet, Vault and policy move on) and
 * not polled; it re-runs when the reason changes, since the reason is one of the rules. The last
 * answer stays on screen while the next one loads.
 */
export function useRotationPlan(request: RotationPlanRequest, enabled = true) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.rotationPlan(request),
    queryFn: () =>
      request.kind === 'rotation'
        ? secretsApi.proposeRotation({
            entityRef: request.entityRef,
            groupId: request.groupId,
            reason: request.reason,
          })
        : secretsApi.proposeRollback({
            rotationId: request.rotationId,
            version: request.version,
            reason: request.reason,
          }),
    enabled,
    gcTime: 0,
    staleTime: Infinity,
    refetchInterval: false,
    refetchOnWindowFocus: false,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
