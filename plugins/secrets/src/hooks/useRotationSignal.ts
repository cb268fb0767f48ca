import { useEffect } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  rotationSignalChannel,
  type RotationSignalMessage,
} from '@secrets-plugin/plugin-secrets-common';
import { useQueryClient } from '@tanstack/react-query';
import { secretsQueryKeys } from '../lib/queryKeys';

/**
 * Follows a rotation's signals channel and refetches the rotation on every message: a message
 * carries ids and states only, `GET /rotations/:id` (which checks permission again) the rest.
 * Answers whether the app has signals at all, so polling can fall back or slow down.
 */
export function useRotationSignal(id: string): { live: boolean } {
  const queryClient = useQueryClient();
  const { lastSignal, isSignalsAvailable } = useSignal<RotationSignalMessage>(
    rotationSignalChannel(id),
  );
  useEffect(() => {
    if (!lastSignal || lastSignal.rotationId !== id) return;
    queryClient.invalidateQueries({
      queryKey: secretsQueryKeys.rotation(id),
    });
  }, [lastSignal, id, queryClient]);
  return { live: isSignalsAvailable };
}
