import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** The rotations waiting for the user's approval; only asked for when the user is an approver. */
export function usePendingApprovals(enabled: boolean) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.pendingApprovals,
    queryFn: () => secretsApi.listPendingApprovals(),
    enabled,
  });
}
