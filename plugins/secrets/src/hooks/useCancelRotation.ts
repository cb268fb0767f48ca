import { useApi } from '@backstage/core-plugin-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** Cancels a rotation that has not written to Vault yet (planned, or waiting for approval). */
export function useCancelRotation(id: string) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => secretsApi.cancelRotation(id),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({
          queryKey: secretsQueryKeys.rotation(id),
        }),
        queryClient.invalidateQueries({
          queryKey: secretsQueryKeys.rotationHistoryAll,
        }),
      ]),
  });
}
