import {
  isDatabaseConflictError,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { ApprovalDecisionRow } from './types';

const APPROVALS = 'secrets_rotation_approvals';
const ROTATIONS = 'secrets_rotations';

/**
 * Four-eyes decisions, in their own table (migration 20261201210000). The rotation's state moves
 * through the RotationStore as every other transition does; this store holds who decided.
 * It expects the rotation store to have run the plugin's migrations.
 */
export class DatabaseApprovalStore {
  static async create(options: {
    database: DatabaseService;
    now?: () => number;
  }): Promise<DatabaseApprovalStore> {
    return new DatabaseApprovalStore(
      await options.database.getClient(),
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => number,
  ) {}

  /** Records the one decision of a rotation; ConflictError when another person decided first. */
  async decide(
    row: Omit<ApprovalDecisionRow, 'decidedAt'>,
  ): Promise<ApprovalDecisionRow> {
    const decided = { ...row, decidedAt: new Date(this.now()).toISOString() };
    try {
      await this.db(APPROVALS).insert({
        rotation_id: row.rotationId,
        decision: row.decision,
        decided_by: row.decidedBy,
        reason: row.reason,
        decided_at: decided.decidedAt,
      });
    } catch (error) {
      if (!isDatabaseConflictError(error)) throw error;
      const first = await this.get(row.rotationId);
      throw new ConflictError(
        `Rotation ${row.rotationId} was already ${
          first?.decision ?? 'decided'
        }${first ? ` by ${first.decidedBy}` : ''}`,
      );
    }
    return decided;
  }

  async get(rotationId: string): Promise<ApprovalDecisionRow | undefined> {
    const r = await this.db(APPROVALS)
      .where({ rotation_id: rotationId })
      .first();
    return r
      ? {
          rotationId: r.rotation_id,
          decision: r.decision,
          decidedBy: r.decided_by,
          reason: r.reason,
          decidedAt: r.decided_at,
        }
      : undefined;
  }

  /** Ids of the rotations waiting for approval, oldest first (a read of the rotations table). */
  async awaiting(limit = 500): Promise<string[]> {
    const rows = await this.db(ROTATIONS)
      .select('id')
      .where({ state: 'awaiting-approval' })
      .orderBy('created_at', 'asc')
      .limit(limit);
    return rows.map(r => r.id);
  }
}
