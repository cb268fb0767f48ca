import type {
  PlanCluster,
  RotationPlan,
  RotationState,
} from '@secrets-plugin/plugin-secrets-common';

/*
 * What the runner needs from the outside, each a narrow interface: the Vault module implements
 * `RotationVault`, the cluster module `RotationClusters`, and the events module `RotationEventSink`.
 * The runner never builds a URL or a query itself.
 */

/** What Vault says about the key's versions (metadata only). */
export interface KeyVersionState {
  currentVersion: number;
  /** When `currentVersion` was written. */
  currentVersionCreatedAt?: string;
  /** The rotation that announced it would write `pendingVersion` (KV v2 custom_metadata). */
  pendingRotationId?: string;
  pendingVersion?: number;
}

/**
 * Thrown by `RotationVault.announce`, `write` and `writeEarlierVersion` when Vault's answer proves
 * the request did nothing (sealed, rate limited, a standby without the required state, refused),
 * so the runner can say "nothing was written" without asking Vault again (a sealed Vault cannot
 * answer that question).
 */
export class VaultWriteNotApplied extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultWriteNotApplied';
  }
}

export interface RotationVault {
  /**
   * Announces the write in the key's custom_metadata (rotation id and the version it will create),
   * so that after a crash the runner can tell its own version from someone else's.
   */
  announce(plan: RotationPlan, rotationId: string): Promise<void>;
  /**
   * Writes the new values as one new version, check-and-set on `plan.currentVersion` (KV v2
   * PATCH, so keys not rotated never enter the backend). ConflictError when the key changed;
   * NotAllowedError or VaultWriteNotApplied when Vault refused before writing anything.
   */
  write(
    plan: RotationPlan,
    values: Record<string, string>,
    options: { signal?: AbortSignal },
  ): Promise<{ version: number }>;
  /**
   * A rollback: writes the data of `plan.rollbackTo.version` again as a new version, check-and-set
   * on `plan.currentVersion`. The values stay inside the Vault module.
   */
  writeEarlierVersion(
    plan: RotationPlan,
    options: { signal?: AbortSignal },
  ): Promise<{ version: number }>;
  versions(plan: RotationPlan): Promise<KeyVersionState>;
}

/** The outcome of waiting for one cluster. */
export type ClusterOutcome =
  | { outcome: 'done'; detail?: Record<string, unknown> }
  | {
      outcome: 'failed' | 'timed-out';
      reason: string;
      detail?: Record<string, unknown>;
    };

export interface RotationClusters {
  /**
   * Force-sync every ExternalSecret of the cluster that reads the key (value = rotation id); a
   * cluster that does not answer is tried again until the verify timeout.
   */
  forceSync(
    cluster: PlanCluster,
    rotationId: string,
    options?: { signal?: AbortSignal },
  ): Promise<ClusterOutcome>;
  /**
   * Waits (watch-driven, bounded by the verify timeout) until every ExternalSecret of the cluster
   * proves the new version landed: refreshTime after `writtenAt`, Ready, and its target Secret's
   * data-hash changed from the one in the plan.
   */
  verify(
    cluster: PlanCluster,
    writtenAt: string,
    options: { signal?: AbortSignal },
  ): Promise<ClusterOutcome>;
  /** Restarts the workloads nothing else restarts and waits for their rollouts. */
  restart(
    cluster: PlanCluster,
    rotationId: string,
    options: { signal?: AbortSignal },
  ): Promise<ClusterOutcome>;
}

/** Audit, signals and notifications: ids, states and plan metadata only, never values. */
export interface RotationEventSink {
  stateChanged(rotationId: string, state: RotationState): Promise<void>;
  clusterChanged(
    rotationId: string,
    cluster: string,
    state: string,
  ): Promise<void>;
}
