import { useApi } from '@backstage/core-plugin-api';
import {
  isExternalChange,
  isTerminalRotationState,
  type RotationHistoryResponse,
} from '@secrets-plugin/plugin-secrets-common';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** The newest rotations of the entity, all keys (each group filters its own: one request). */
export const HISTORY_LIMIT = 100;

/** The entity's rotation history; polled faster while one of them runs. */
export function useRotationHistory(entityRef: string, enabled = true) {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.rotationHistory(entityRef),
    queryFn: () =>
      secretsApi.listRotations(entityRef, { limit: HISTORY_LIMIT }),
    enabled,
    refetchInterval: q => {
      if (q.state.error) return false;
      const data = q.state.data as RotationHistoryResponse | undefined;
      return data?.items.some(
        i => !isExternalChange(i) && !isTerminalRotationState(i.state),
      )
        ? 5_000
        : 15_000;
    },
  });
}
