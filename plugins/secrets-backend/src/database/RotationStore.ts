import type {
  RotationKind,
  RotationState,
  RotationTargetState,
  RotationTrigger,
} from '@secrets-plugin/plugin-secrets-common';

/*
 * The rotation wing's only door to the database. Row types are its own (they import only the
 * shared state enums), so the store sits below the rotation engine and never imports it.
 * Nothing stored here is a secret value: plans and details are metadata the dry run shows anyway.
 */

/** A rotation as requested, before anything ran. */
export interface NewRotationRow {
  id: string;
  kind: RotationKind;
  trigger: RotationTrigger;
  state: RotationState;
  entityRef: string;
  groupId: string;
  /** One id per Vault key (server, namespace, mount, path): at most one active rotation per key. */
  keyId: string;
  requestedBy: string;
  reason: string;
  /** Lets a retried submit find its first rotation instead of starting a second. */
  idempotencyKey?: string;
  rollbackTo?: number;
  rollbackOf?: string;
  versionBefore?: number;
  /** Metadata only (JSON-serialisable). */
  plan: unknown;
}

export interface RotationRow extends NewRotationRow {
  versionAfter?: number;
  error?: string;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  createdAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface RotationTargetRow {
  cluster: string;
  state: RotationTargetState;
  reason?: string;
  /** Per-step timestamps and counts, metadata only. */
  detail: Record<string, unknown>;
  startedAt: string;
  updatedAt: string;
  finishedAt?: string;
}

export interface RotationEventRow {
  id: number;
  at: string;
  type: string;
  cluster?: string;
  message: string;
}

export interface RotationRecord {
  rotation: RotationRow;
  targets: RotationTargetRow[];
  events: RotationEventRow[];
}

/** The fields a state transition may change besides `state`. */
export type RotationPatch = Partial<
  Pick<
    RotationRow,
    'versionAfter' | 'versionBefore' | 'error' | 'plan' | 'reason'
  >
>;

export interface RotationStore {
  /**
   * Stores a new rotation. Throws ConflictError naming the active rotation when the key already
   * has one; returns the existing rotation when the same requester repeats an idempotency key.
   */
  create(row: NewRotationRow): Promise<{ row: RotationRow; created: boolean }>;

  /**
   * Takes (or renews) the lease on a rotation for `owner` until `now + leaseMs`; false when another
   * owner holds an unexpired lease. The one guard that makes two replicas run a rotation once.
   */
  claim(id: string, owner: string, leaseMs: number): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;

  /**
   * Non-terminal rotations whose lease is free or expired: what a (re)started backend resumes;
   * with `owner`, also those that owner still holds (its run stopped, e.g. on a lost database
   * connection, before it could give the lease back).
   */
  claimable(owner?: string): Promise<string[]>;

  /** Moves `from` → `to` only if the row is still in `from` (compare-and-set); false otherwise. */
  transition(
    id: string,
    from: RotationState,
    to: RotationState,
    patch?: RotationPatch,
  ): Promise<boolean>;

  upsertTarget(
    id: string,
    target: Omit<RotationTargetRow, 'startedAt' | 'updatedAt'> & {
      startedAt?: string;
    },
  ): Promise<void>;

  appendEvent(
    id: string,
    event: { type: string; message: string; cluster?: string },
  ): Promise<void>;

  get(id: string): Promise<RotationRecord | undefined>;

  /** The rotation a requester already submitted with this idempotency key, if any. */
  findSubmitted(
    requestedBy: string,
    idempotencyKey: string,
  ): Promise<RotationRow | undefined>;

  /** Newest first. */
  listByEntity(
    entityRef: string,
    query: { groupId?: string; limit: number; offset: number },
  ): Promise<{ items: RotationRow[]; totalCount: number }>;

  /**
   * The Vault versions rotations of these keys wrote (`versionAfter`), so a history can tell
   * them from versions written outside the plugin.
   */
  writtenVersions(
    keyIds: readonly string[],
  ): Promise<Array<{ keyId: string; version: number }>>;

  /** The active rotation of a key, if any. */
  activeForKey(keyId: string): Promise<RotationRow | undefined>;

  /** The key's most recently finished rotation (for cooldowns). */
  lastFinished(keyId: string): Promise<RotationRow | undefined>;

  /**
   * Across every entity, newest first, at most `limit` of each: rotations not finished yet, and
   * rotations that finished in one of `failedStates` at or after `finishedSince`; with targets.
   */
  listFleet(query: {
    failedStates: RotationState[];
    finishedSince: string;
    limit: number;
  }): Promise<{
    inFlight: Array<Omit<RotationRecord, 'events'>>;
    failed: Array<Omit<RotationRecord, 'events'>>;
  }>;
}
