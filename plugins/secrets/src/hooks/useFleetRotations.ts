import { useApi } from '@backstage/core-plugin-api';
import { useQuery } from '@tanstack/react-query';
import { secretsApiRef } from '../api';
import { secretsQueryKeys } from '../lib/queryKeys';

/** Rotations in flight across the fleet and the last day's failures; polled faster while any run. */
export function useFleetRotations() {
  const secretsApi = useApi(secretsApiRef);
  return useQuery({
    queryKey: secretsQueryKeys.fleetRotations,
    queryFn: () => secretsApi.getFleetRotations(),
    refetchInterval: q => {
      if (q.state.error) return false;
      return q.state.data?.inFlight.length ? 5_000 : 30_000;
    },
  });
}
