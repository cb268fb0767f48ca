import { useEffect, useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalRotationState,
  type RotationDetail,
} from '@secrets-plugin/plugin-secrets-common';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** How often a running rotation is polled; signals, when wired, invalidate the same key sooner. */
export const ROTATION_POLL_MS = 1500;

/**
 * One rotation, polled while it runs. Its query key is `secretsQueryKeys.rotation(id)`, so
 * anything that learns of progress (a signal) can invalidate it. When it reaches a terminal state,
 * the entity's secrets and the rotation history are refreshed once: versions and sync states
 * changed.
 */
export function useRotation(id: string | undefined) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: secretsQueryKeys.rotation(id ?? ''),
    queryFn: () => secretsApi.getRotation(id!),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: q => {
      const data = q.state.data as RotationDetail | undefined;
      if (q.state.error) return false;
      return data && isTerminalRotationState(data.state)
        ? false
        : ROTATION_POLL_MS;
    },
  });
  const terminal = query.data && isTerminalRotationState(query.data.state);
  const refreshed = useRef<string>();
  useEffect(() => {
    if (!terminal || !query.data || refreshed.current === query.data.id) return;
    refreshed.current = query.data.id;
    queryClient.invalidateQueries({
      queryKey: secretsQueryKeys.entity(query.data.entityRef),
    });
    queryClient.invalidateQueries({
      queryKey: secretsQueryKeys.rotationHistoryAll,
    });
  }, [terminal, query.data, queryClient]);
  return query;
}
