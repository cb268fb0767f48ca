import type { RotationSummary } from './rotationTypes';
import type { RotationTargetState } from './rotationStates';

/** One rotation as the fleet page lists it: its head and each cluster's state. @public */
export interface FleetRotation extends RotationSummary {
  /** The rotated Vault key, as the plan names it. */
  vault: { serverName?: string; mount: string; path: string };
  error?: string;
  clusters: Array<{
    cluster: string;
    state: RotationTargetState;
    reason?: string;
  }>;
}

/**
 * `GET /fleet/rotations`: rotations in flight across the fleet, and those that failed (failed,
 * partially failed, interrupted) since `since` (a day ago). Scoped like `GET /fleet`: everything
 * with `secrets.fleet.read`, otherwise the rotations of the entities the caller may read.
 * @public
 */
export interface FleetRotationsResponse {
  inFlight: FleetRotation[];
  failed: FleetRotation[];
  since: string;
}
