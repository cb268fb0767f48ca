/**
 * Wire types of rotation: the plan a dry run shows, the policy's verdicts on it, and the rotation
 * as it runs. One `RotationPlan` flows through plan → policy → execution → history → UI, so no layer
 * re-derives what another decided. Metadata only: key NAMES, never values.
 */
import type { ForceSyncBlocker, RestartedBy, StoreRef } from './types';
import type {
  RotationKind,
  RotationState,
  RotationTargetState,
} from './rotationStates';

/** What happens to one key (property) of the rotated Vault secret. @public */
export interface PlanKey {
  name: string;
  /** `regenerate`: a rotator makes a new value; `carry-over`: the current value is kept as is. */
  action: 'regenerate' | 'carry-over';
  /** The rotator that makes the new value (`random`, `vault-password-policy:<name>`, ...). */
  rotator?: string;
  /** Why the key cannot be regenerated as declared (unknown rotator, bad argument). */
  problem?: string;
}

/** An ExternalSecret that reads the key, in one cluster. @public */
export interface PlanExternalSecret {
  namespace: string;
  name: string;
  store: StoreRef & { ready: boolean | 'unknown' };
  refreshPolicy: 'Periodic' | 'OnChange' | 'CreatedOnce';
  /** Why a force-sync cannot make it fetch the new version (empty: it can). */
  blockers: ForceSyncBlocker[];
  /** Children of a ClusterExternalSecret are re-synced through their parent. */
  via?: { kind: 'ClusterExternalSecret'; name: string };
  target: { name: string; exists: boolean; dataHash?: string };
  /** ESO's `refreshTime` when the plan was made: proof of the new version needs a later sync. */
  lastSyncAt?: string;
  /** PushSecrets writing the same Vault key: they would overwrite the rotation. */
  pushedBy: Array<{ namespace: string; name: string }>;
  /** A GitOps tool that manages the object (from its tracking label/annotation). */
  managedBy?: 'argocd' | 'flux';
}

/** A workload that consumes a target Secret, and who restarts it after the rotation. @public */
export interface PlanWorkload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  /** `us`: nothing else restarts it, so the rotation does (pod-template annotation). */
  restartedBy: RestartedBy | 'us';
  /** The target Secrets it consumes. */
  secrets: string[];
  /** A GitOps tool that manages the workload (from its tracking label/annotation). */
  managedBy?: 'argocd' | 'flux';
}

/**
 * An object of the plan that a GitOps tool manages, and what that tool does with the annotation
 * the rotation sets on it. @public
 */
export interface PlanGitOpsNote {
  cluster: string;
  kind: 'ExternalSecret' | PlanWorkload['kind'];
  namespace?: string;
  name: string;
  tool: 'argocd' | 'flux';
  /** The annotation the rotation sets (never a field Git sets). */
  annotation: string;
  effect: string;
}

/** @public */
export interface PlanCluster {
  cluster: string;
  environment?: string;
  /** The cache has a complete, current view of the cluster. */
  reachable: boolean;
  externalSecrets: PlanExternalSecret[];
  workloads: PlanWorkload[];
}

/** A right the plugin needs for the rotation, checked before anything is written. @public */
export interface PlanPermissionCheck {
  system: 'vault' | 'kubernetes';
  cluster?: string;
  /** e.g. `update secret/data/payments/db`, `patch externalsecrets payments/db-creds`. */
  action: string;
  allowed: boolean;
  reason?: string;
}

/** Everything a rotation of one Vault key will touch, computed on the server. @public */
export interface RotationPlan {
  kind: RotationKind;
  entityRef: string;
  groupId: string;
  /** One id per Vault key (server, namespace, mount, path), shared by every reader. */
  keyId: string;
  vault: {
    server: string;
    serverName?: string;
    namespace?: string;
    mount: string;
    kvVersion: 'v1' | 'v2';
    path: string;
  };
  /** The key's current version (KV v2) and when it was written; the write uses it as `cas`. */
  currentVersion?: number;
  currentVersionCreatedAt?: string;
  maxVersions?: number;
  /** For a rollback: the version whose data is written back as a new version, as Vault has it. */
  rollbackTo?: {
    version: number;
    state: 'available' | 'deleted' | 'destroyed' | 'pruned';
  };
  keys: PlanKey[];
  /** Every cluster with an ExternalSecret that reads the key, not only the entity's. */
  clusters: PlanCluster[];
  /** The environments of those clusters (policy is configured per environment). */
  environments: string[];
  permissions: PlanPermissionCheck[];
  /** Objects a GitOps tool manages, and what it does with the rotation's annotations. */
  gitops?: PlanGitOpsNote[];
}

/** @public */
export type PolicyOutcome = 'allow' | 'deny' | 'warn';

/** One rule's decision on a plan. @public */
export interface PolicyVerdict {
  ruleId: string;
  title: string;
  outcome: PolicyOutcome;
  message: string;
}

/** `POST /rotations` with `dryRun: true`. @public */
export interface RotationProposal {
  plan: RotationPlan;
  verdicts: PolicyVerdict[];
  /** No verdict denies. Warnings must be acknowledged (`acknowledgeWarnings`). */
  allowed: boolean;
  /** The rotation would wait for a second person's approval first. */
  requiresApproval: boolean;
}

/** `POST /rotations` (202) and the head of `GET /rotations/:id`. @public */
export interface RotationSummary {
  id: string;
  kind: RotationKind;
  state: RotationState;
  entityRef: string;
  groupId: string;
  requestedBy: string;
  reason: string;
  createdAt: string;
  finishedAt?: string;
  versionBefore?: number;
  versionAfter?: number;
}

/** One cluster of a running or finished rotation. @public */
export interface RotationClusterProgress {
  cluster: string;
  state: RotationTargetState;
  /** Why it failed or timed out. */
  reason?: string;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
  /** From the Vault write to the proof that the cluster has the new version. */
  propagationSeconds?: number;
}

/** `GET /rotations/:id` @public */
export interface RotationDetail extends RotationSummary {
  plan: RotationPlan;
  error?: string;
  clusters: RotationClusterProgress[];
  events: Array<{
    at: string;
    type: string;
    cluster?: string;
    message: string;
  }>;
}

/**
 * A version of a key that no rotation of the plugin wrote (someone wrote it in Vault directly,
 * or it predates the plugin), from the key's Vault metadata: its number and times, never data.
 * @public
 */
export interface ExternalVaultChange {
  source: 'external';
  /** Stable across pages: `<groupId>@<version>`. */
  id: string;
  groupId: string;
  version: number;
  /** Vault's `created_time` of the version. */
  createdAt: string;
  /** Set once the version was soft-deleted. */
  deletedAt?: string;
  destroyed: boolean;
}

/** One entry of a history: a rotation or rollback of the plugin, or an external change. @public */
export type RotationHistoryItem = RotationSummary | ExternalVaultChange;

/** @public */
export function isExternalChange(
  item: RotationHistoryItem,
): item is ExternalVaultChange {
  return (item as ExternalVaultChange).source === 'external';
}

/**
 * `GET /entities/:namespace/:kind/:name/rotations`: the plugin's rotations merged with the
 * versions of the same keys written outside it, newest first; paged over both.
 * @public
 */
export interface RotationHistoryResponse {
  items: RotationHistoryItem[];
  totalCount: number;
  offset: number;
  limit: number;
}
