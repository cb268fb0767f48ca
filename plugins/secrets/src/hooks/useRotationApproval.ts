import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** Whom a rotation waiting for approval waits for, and whether the user may decide it. */
export function useRotationApproval(id: string, enabled = true) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.rotationApproval(id),
    queryFn: () => secretsApi.getRotationApproval(id),
    enabled,
  });
}
