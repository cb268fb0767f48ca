import { useEffect, useRef } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  isTerminalRotationState,
  type RotationDetail,
} from '@secrets-plugin/plugin-secrets-common';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';
import { useRotationSignal } from './useRotationSignal';

/** How often a running rotation is polled when the app has no signals. */
export const ROTATION_POLL_MS = 1500;
/**
 * With signals each change refetches at once; the slow poll only covers a message lost while the
 * connection was down (signals do not replay).
 */
export const ROTATION_SIGNALLED_POLL_MS = 15_000;

/**
 * One rotation, live while it runs: refetched on each of its signals where the app has signals
 * (then polled slowly), polled every 1.5 s otherwise. When it reaches a terminal state, the
 * entity's secrets and the rotation history are refreshed once: versions and sync states changed.
 */
export function useRotation(id: string) {
  const secretsApi = useApi(secretsApiRef);
  const queryClient = useQueryClient();
  const { live } = useRotationSignal(id);
  const query = useQuery({
    queryKey: secretsQueryKeys.rotation(id),
    queryFn: () => secretsApi.getRotation(id),
    staleTime: 0,
    refetchInterval: q => {
      const data = q.state.data as RotationDetail | undefined;
      if (q.state.error) return false;
      if (data && isTerminalRotationState(data.state)) return false;
      return live ? ROTATION_SIGNALLED_POLL_MS : ROTATION_POLL_MS;
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
  return { ...query, live };
}
