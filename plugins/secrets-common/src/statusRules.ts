import type {
  EntitySecretsResponse,
  EntitySecretsSummary,
  ExternalSecretRow,
  SecretGroup,
  SecretSyncStatus,
  StatusCounts,
} from './types';
import { secretSyncStatuses } from './types';

/**
 * Worst first: the order rows sort in and the order the overview picks its headline from. The
 * backend's summary and the frontend's tab both rank by it.
 * @public
 */
export const statusSeverity: Record<SecretSyncStatus, number> = {
  Error: 0,
  StoreNotReady: 1,
  Missing: 2,
  Stale: 3,
  Pending: 4,
  Synced: 5,
};

/** @public */
export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(
    secretSyncStatuses.map(s => [s, 0]),
  ) as StatusCounts;
}

/** @public */
export function countByStatus(
  rows: Iterable<Pick<ExternalSecretRow, 'status'>>,
): StatusCounts {
  const counts = emptyStatusCounts();
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** The most severe status with a non-zero count, or undefined when there is nothing. @public */
export function worstStatus(
  counts: StatusCounts,
): SecretSyncStatus | undefined {
  return [...secretSyncStatuses]
    .sort((a, b) => statusSeverity[a] - statusSeverity[b])
    .find(s => counts[s] > 0);
}

/** The row the overview names: the worst status first, then the first the backend listed. @public */
export function headlineRow(
  groups: SecretGroup[],
): ExternalSecretRow | undefined {
  let worst: ExternalSecretRow | undefined;
  for (const group of groups) {
    for (const row of group.rows) {
      if (row.status === 'Synced') continue;
      if (!worst || statusSeverity[row.status] < statusSeverity[worst.status])
        worst = row;
    }
  }
  return worst;
}

/** What the overview card shows of an entity answer. @public */
export function summarizeEntitySecrets(
  response: EntitySecretsResponse,
): EntitySecretsSummary {
  const counts = countByStatus(
    (function* rows() {
      for (const group of response.groups) yield* group.rows;
    })(),
  );
  const row = headlineRow(response.groups);
  const cause = row && (row.cause ?? row.condition?.message);
  return {
    entityRef: response.entityRef,
    generatedAt: response.generatedAt,
    total: Object.values(counts).reduce((n, c) => n + c, 0),
    counts,
    worst: worstStatus(counts),
    headline: row && {
      cluster: row.cluster,
      namespace: row.namespace,
      name: row.name,
      status: row.status,
      ...(cause !== undefined && { cause }),
    },
    errors: response.errors,
  };
}
