import type {
  FleetRotation,
  FleetRotationsResponse,
  RotationPlan,
  RotationState,
} from '@secrets-plugin/plugin-secrets-common';
import type {
  RotationRecord,
  RotationStore,
} from '../../database/RotationStore';
import { rotationSummary } from '../DefaultRotationService';
import type { FleetRotationsOptions } from '../types';

/** What the fleet page calls failed: the key may now differ between clusters, or nobody knows. */
export const FLEET_FAILED_STATES: RotationState[] = [
  'failed',
  'partially-failed',
  'interrupted',
];

export const FLEET_FAILED_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Read before the scope is applied: a scoped user sees at most this many of each list's newest,
 * of theirs. Far above what a fleet has in flight at once; failures beyond it are in each
 * entity's history.
 */
export const FLEET_ROTATIONS_LIMIT = 500;

function fleetRotation(record: Omit<RotationRecord, 'events'>): FleetRotation {
  const vault = (record.rotation.plan as Partial<RotationPlan>).vault;
  return {
    ...rotationSummary(record.rotation),
    vault: {
      serverName: vault?.serverName,
      mount: vault?.mount ?? '',
      path: vault?.path ?? '',
    },
    error: record.rotation.error,
    clusters: record.targets.map(t => ({
      cluster: t.cluster,
      state: t.state,
      reason: t.reason,
    })),
  };
}

/** Rotations in flight across the fleet and the last day's failures, as far as the scope allows. */
export async function listFleetRotations(
  store: Pick<RotationStore, 'listFleet'>,
  options: FleetRotationsOptions,
  now: number = Date.now(),
): Promise<FleetRotationsResponse> {
  const since = new Date(now - FLEET_FAILED_WINDOW_MS).toISOString();
  const page = await store.listFleet({
    failedStates: FLEET_FAILED_STATES,
    finishedSince: since,
    limit: FLEET_ROTATIONS_LIMIT,
  });
  const scope = options.scope?.entityRefs;
  const visible = (r: Omit<RotationRecord, 'events'>) =>
    !scope || scope.has(r.rotation.entityRef);
  return {
    inFlight: page.inFlight.filter(visible).map(fleetRotation),
    failed: page.failed.filter(visible).map(fleetRotation),
    since,
  };
}
