import { useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys, type RotationPlanRequest } from '../lib/queryKeys';

/**
 * Starts the rotation or rollback the dialog planned. One idempotency key per dialog: a double
 * click, or a retry after a lost answer, names the same rotation and the backend starts it once.
 */
export function useStartRotation() {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  const idempotencyKey = useRef(crypto.randomUUID()).current;
  const mutation = useMutation({
    mutationFn: (args: {
      request: RotationPlanRequest;
      acknowledgeWarnings: boolean;
    }) => {
      const { request, acknowledgeWarnings } = args;
      const options = { idempotencyKey, acknowledgeWarnings };
      return request.kind === 'rotation'
        ? secretsApi.startRotation(
            {
              entityRef: request.entityRef,
              groupId: request.groupId,
              reason: request.reason,
            },
            options,
          )
        : secretsApi.startRollback(
            {
              rotationId: request.rotationId,
              version: request.version,
              reason: request.reason,
            },
            options,
          );
    },
    onSuccess: () =>
      queryClient.invalidateQueries({
        queryKey: secretsQueryKeys.rotationHistoryAll,
      }),
  });
  // The mutation's own pending flag updates on the next render; a second click in the same tick
  // must already see it.
  const inFlight = useRef(false);
  const start = (args: Parameters<typeof mutation.mutate>[0]) => {
    if (inFlight.current || mutation.isSuccess) return;
    inFlight.current = true;
    mutation.mutate(args, {
      onSettled: () => {
        inFlight.current = false;
      },
    });
  };
  return { ...mutation, start };
}
