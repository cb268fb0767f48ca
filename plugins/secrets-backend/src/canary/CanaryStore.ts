import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type { ClusterCanary } from '@secrets-plugin/plugin-secrets-common';
import type { Knex } from 'knex';

const PROBES = 'secrets_canary_probes';

const migrationsDir = resolvePackagePath(
  '@secrets-plugin/plugin-secrets-backend',
  'migrations',
);

/** One cluster's result of one probe. */
export interface CanaryResult {
  cluster: string;
  outcome: ClusterCanary['outcome'];
  propagationMs?: number;
  reason?: string;
}

export interface CanaryStore {
  record(probeId: string, at: string, results: CanaryResult[]): Promise<void>;
  /** The latest probe of each cluster that has one. */
  latest(): Promise<Map<string, ClusterCanary>>;
}

type DbProbe = {
  id: number;
  probe_id: string;
  cluster: string;
  at: string;
  outcome: string;
  propagation_ms: number | null;
  reason: string | null;
};

/** Probes older than this are pruned when a new one is recorded. */
const RETENTION_MS = 7 * 24 * 60 * 60_000;

export class DatabaseCanaryStore implements CanaryStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
    now?: () => number;
  }): Promise<DatabaseCanaryStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations)
      await client.migrate.latest({ directory: migrationsDir });
    return new DatabaseCanaryStore(client, options.now ?? Date.now);
  }

  private constructor(
    private readonly db: Knex,
    private readonly now: () => number,
  ) {}

  async record(
    probeId: string,
    at: string,
    results: CanaryResult[],
  ): Promise<void> {
    if (results.length)
      await this.db<DbProbe>(PROBES).insert(
        results.map(r => ({
          probe_id: probeId,
          cluster: r.cluster,
          at,
          outcome: r.outcome,
          propagation_ms:
            r.propagationMs === undefined ? null : Math.round(r.propagationMs),
          reason: r.reason ?? null,
        })),
      );
    await this.db<DbProbe>(PROBES)
      .where('at', '<', new Date(this.now() - RETENTION_MS).toISOString())
      .delete();
  }

  async latest(): Promise<Map<string, ClusterCanary>> {
    const rows: DbProbe[] = await this.db<DbProbe>(PROBES).whereIn(
      'id',
      this.db(PROBES).max('id').groupBy('cluster'),
    );
    return new Map(
      rows.map(r => [
        r.cluster,
        {
          at: r.at,
          outcome: r.outcome as ClusterCanary['outcome'],
          ...(r.propagation_ms !== null && {
            propagationSeconds: r.propagation_ms / 1000,
          }),
          ...(r.reason !== null && { reason: r.reason }),
        },
      ]),
    );
  }
}
