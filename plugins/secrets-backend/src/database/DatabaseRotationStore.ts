import {
  isDatabaseConflictError,
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  isTerminalRotationState,
  terminalRotationStates,
  type RotationState,
} from '@secrets-plugin/plugin-secrets-common';
import type { Knex } from 'knex';
import type {
  NewRotationRow,
  RotationEventRow,
  RotationPatch,
  RotationRecord,
  RotationRow,
  RotationStore,
  RotationTargetRow,
} from './RotationStore';

const ROTATIONS = 'secrets_rotations';
const TARGETS = 'secrets_rotation_targets';
const EVENTS = 'secrets_rotation_events';

const migrationsDir = resolvePackagePath(
  '@secrets-plugin/plugin-secrets-backend',
  'migrations',
);

type DbRotation = {
  id: string;
  kind: string;
  trigger: string;
  state: string;
  entity_ref: string;
  group_id: string;
  key_id: string;
  active_key: string | null;
  requested_by: string;
  reason: string;
  idempotency_key: string | null;
  rollback_to: number | null;
  rollback_of: string | null;
  version_before: number | null;
  version_after: number | null;
  plan: string;
  error: string | null;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
};

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- knex rows of the targets table are untyped
function toTargetRow(t: any): RotationTargetRow {
  return {
    cluster: t.cluster,
    state: t.state,
    reason: opt(t.reason),
    detail: JSON.parse(t.detail),
    startedAt: t.started_at,
    updatedAt: t.updated_at,
    finishedAt: opt(t.finished_at),
  };
}

function toRow(r: DbRotation): RotationRow {
  return {
    id: r.id,
    kind: r.kind as RotationRow['kind'],
    trigger: r.trigger as RotationRow['trigger'],
    state: r.state as RotationState,
    entityRef: r.entity_ref,
    groupId: r.group_id,
    keyId: r.key_id,
    requestedBy: r.requested_by,
    reason: r.reason,
    idempotencyKey: opt(r.idempotency_key),
    rollbackTo: opt(r.rollback_to),
    rollbackOf: opt(r.rollback_of),
    versionBefore: opt(r.version_before),
    versionAfter: opt(r.version_after),
    plan: JSON.parse(r.plan),
    error: opt(r.error),
    leaseOwner: opt(r.lease_owner),
    leaseExpiresAt: opt(r.lease_expires_at),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    finishedAt: opt(r.finished_at),
  };
}

/** The knex implementation of {@link RotationStore}, for SQLite and PostgreSQL alike. */
export class DatabaseRotationStore implements RotationStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    now?: () => number;
  }): Promise<DatabaseRotationStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseRotationStore(client, options.now ?? Date.now);
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => number,
  ) {}

  #iso(offsetMs = 0): string {
    return new Date(this.now() + offsetMs).toISOString();
  }

  async create(
    row: NewRotationRow,
  ): Promise<{ row: RotationRow; created: boolean }> {
    if (row.idempotencyKey) {
      const earlier = await this.db<DbRotation>(ROTATIONS)
        .where({
          requested_by: row.requestedBy,
          idempotency_key: row.idempotencyKey,
        })
        .first();
      if (earlier) return { row: toRow(earlier), created: false };
    }
    const at = this.#iso();
    const record: DbRotation = {
      id: row.id,
      kind: row.kind,
      trigger: row.trigger,
      state: row.state,
      entity_ref: row.entityRef,
      group_id: row.groupId,
      key_id: row.keyId,
      active_key: isTerminalRotationState(row.state) ? null : row.keyId,
      requested_by: row.requestedBy,
      reason: row.reason,
      idempotency_key: row.idempotencyKey ?? null,
      rollback_to: row.rollbackTo ?? null,
      rollback_of: row.rollbackOf ?? null,
      version_before: row.versionBefore ?? null,
      version_after: null,
      plan: JSON.stringify(row.plan ?? null),
      error: null,
      lease_owner: null,
      lease_expires_at: null,
      created_at: at,
      updated_at: at,
      finished_at: isTerminalRotationState(row.state) ? at : null,
    };
    try {
      await this.db(ROTATIONS).insert(record);
    } catch (error) {
      if (!isDatabaseConflictError(error)) throw error;
      // a concurrent submit with the same idempotency key won the insert: answer with its row
      if (row.idempotencyKey) {
        const twin = await this.db<DbRotation>(ROTATIONS)
          .where({
            requested_by: row.requestedBy,
            idempotency_key: row.idempotencyKey,
          })
          .first();
        if (twin) return { row: toRow(twin), created: false };
      }
      const active = await this.activeForKey(row.keyId);
      throw new ConflictError(
        active
          ? `Rotation ${active.id} of this key is still ${active.state}; wait for it to finish or cancel it`
          : 'Another rotation of this key is active',
      );
    }
    return { row: toRow(record), created: true };
  }

  async claim(id: string, owner: string, leaseMs: number): Promise<boolean> {
    const now = this.#iso();
    const updated = await this.db(ROTATIONS)
      .where({ id })
      .whereNotIn('state', terminalRotationStates as RotationState[])
      .andWhere(q =>
        q
          .whereNull('lease_owner')
          .orWhere('lease_owner', owner)
          .orWhere('lease_expires_at', '<', now),
      )
      .update({
        lease_owner: owner,
        lease_expires_at: this.#iso(leaseMs),
      });
    return updated === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db(ROTATIONS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_expires_at: null });
  }

  async claimable(owner?: string): Promise<string[]> {
    const now = this.#iso();
    const rows = await this.db<DbRotation>(ROTATIONS)
      .select('id')
      .whereNotIn('state', terminalRotationStates as RotationState[])
      .andWhere(q => {
        q.whereNull('lease_owner').orWhere('lease_expires_at', '<', now);
        if (owner) q.orWhere('lease_owner', owner);
      })
      .orderBy('created_at', 'asc');
    return rows.map(r => r.id);
  }

  async transition(
    id: string,
    from: RotationState,
    to: RotationState,
    patch: RotationPatch = {},
  ): Promise<boolean> {
    const at = this.#iso();
    const terminal = isTerminalRotationState(to);
    const changes: Partial<DbRotation> = { state: to, updated_at: at };
    if (terminal) {
      changes.active_key = null;
      changes.finished_at = at;
    }
    if (patch.versionAfter !== undefined)
      changes.version_after = patch.versionAfter;
    if (patch.versionBefore !== undefined)
      changes.version_before = patch.versionBefore;
    if (patch.error !== undefined) changes.error = patch.error;
    if (patch.reason !== undefined) changes.reason = patch.reason;
    if (patch.plan !== undefined) changes.plan = JSON.stringify(patch.plan);
    const updated = await this.db(ROTATIONS)
      .where({ id, state: from })
      .update(changes);
    return updated === 1;
  }

  async upsertTarget(
    id: string,
    target: Omit<RotationTargetRow, 'startedAt' | 'updatedAt'> & {
      startedAt?: string;
    },
  ): Promise<void> {
    const at = this.#iso();
    await this.db(TARGETS)
      .insert({
        rotation_id: id,
        cluster: target.cluster,
        state: target.state,
        reason: target.reason ?? null,
        detail: JSON.stringify(target.detail),
        started_at: target.startedAt ?? at,
        updated_at: at,
        finished_at: target.finishedAt ?? null,
      })
      .onConflict(['rotation_id', 'cluster'])
      .merge(['state', 'reason', 'detail', 'updated_at', 'finished_at']);
  }

  async appendEvent(
    id: string,
    event: { type: string; message: string; cluster?: string },
  ): Promise<void> {
    await this.db(EVENTS).insert({
      rotation_id: id,
      at: this.#iso(),
      type: event.type,
      cluster: event.cluster ?? null,
      message: event.message,
    });
  }

  async findSubmitted(
    requestedBy: string,
    idempotencyKey: string,
  ): Promise<RotationRow | undefined> {
    const row = await this.db<DbRotation>(ROTATIONS)
      .where({ requested_by: requestedBy, idempotency_key: idempotencyKey })
      .first();
    return row ? toRow(row) : undefined;
  }

  async get(id: string): Promise<RotationRecord | undefined> {
    const row = await this.db<DbRotation>(ROTATIONS).where({ id }).first();
    if (!row) return undefined;
    const [targets, events] = await Promise.all([
      this.db(TARGETS).where({ rotation_id: id }).orderBy('cluster', 'asc'),
      this.db(EVENTS).where({ rotation_id: id }).orderBy('id', 'asc'),
    ]);
    return {
      rotation: toRow(row),
      targets: targets.map(toTargetRow),
      events: events.map(
        (e): RotationEventRow => ({
          id: Number(e.id),
          at: e.at,
          type: e.type,
          cluster: opt(e.cluster),
          message: e.message,
        }),
      ),
    };
  }

  async listByEntity(
    entityRef: string,
    query: { groupId?: string; limit: number; offset: number },
  ): Promise<{ items: RotationRow[]; totalCount: number }> {
    const base = () => {
      const q = this.db<DbRotation>(ROTATIONS).where({ entity_ref: entityRef });
      return query.groupId ? q.andWhere({ group_id: query.groupId }) : q;
    };
    const [rows, [{ count }]] = await Promise.all([
      base()
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(query.limit)
        .offset(query.offset),
      base().count({ count: '*' }),
    ]);
    return { items: rows.map(toRow), totalCount: Number(count) };
  }

  async writtenVersions(
    keyIds: readonly string[],
  ): Promise<Array<{ keyId: string; version: number }>> {
    if (keyIds.length === 0) return [];
    const rows = await this.db<DbRotation>(ROTATIONS)
      .whereIn('key_id', [...keyIds])
      .whereNotNull('version_after')
      .select('key_id', 'version_after');
    return rows.map(r => ({
      keyId: r.key_id,
      version: Number(r.version_after),
    }));
  }

  async activeForKey(keyId: string): Promise<RotationRow | undefined> {
    const row = await this.db<DbRotation>(ROTATIONS)
      .where({ active_key: keyId })
      .first();
    return row ? toRow(row) : undefined;
  }

  async listFleet(query: {
    failedStates: RotationState[];
    finishedSince: string;
    limit: number;
  }): Promise<{
    inFlight: Array<Omit<RotationRecord, 'events'>>;
    failed: Array<Omit<RotationRecord, 'events'>>;
  }> {
    const newestFirst = [
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ];
    const [inFlight, failed] = await Promise.all([
      this.db<DbRotation>(ROTATIONS)
        .whereNotIn('state', [...terminalRotationStates])
        .orderBy(newestFirst)
        .limit(query.limit),
      this.db<DbRotation>(ROTATIONS)
        .whereIn('state', query.failedStates)
        .andWhere('finished_at', '>=', query.finishedSince)
        .orderBy(newestFirst)
        .limit(query.limit),
    ]);
    const ids = [...inFlight, ...failed].map(r => r.id);
    const targets = ids.length
      ? await this.db(TARGETS)
          .whereIn('rotation_id', ids)
          .orderBy('cluster', 'asc')
      : [];
    const withTargets = (r: DbRotation) => ({
      rotation: toRow(r),
      targets: targets.filter(t => t.rotation_id === r.id).map(toTargetRow),
    });
    return {
      inFlight: inFlight.map(withTargets),
      failed: failed.map(withTargets),
    };
  }

  async lastFinished(keyId: string): Promise<RotationRow | undefined> {
    const row = await this.db<DbRotation>(ROTATIONS)
      .where({ key_id: keyId })
      .whereNotNull('finished_at')
      .orderBy('finished_at', 'desc')
      .first();
    return row ? toRow(row) : undefined;
  }
}
