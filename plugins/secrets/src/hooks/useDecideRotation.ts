import { useApi } from '@backstage/core-plugin-api';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef, type ApprovalDecision } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** Approves or denies a rotation; every view of it (detail, history, approvals, fleet) refreshes. */
export function useDecideRotation(id: string) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (args: { decision: ApprovalDecision; reason: string }) =>
      secretsApi.decideRotation(id, args.decision, args.reason),
    onSettled: () =>
      Promise.all(
        [
          secretsQueryKeys.rotation(id),
          secretsQueryKeys.approvalsAll,
          secretsQueryKeys.rotationHistoryAll,
          secretsQueryKeys.fleetRotations,
        ].map(queryKey => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}
