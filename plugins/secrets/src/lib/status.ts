import type {
  ExternalSecretRow,
  ForceSyncBlocker,
  SecretSyncStatus,
  StatusCounts,
} from '@secrets-plugin/plugin-secrets-common';
import { secretSyncStatuses } from '@secrets-plugin/plugin-secrets-common';

/** Worst first: the order rows sort in and the order a card picks its headline from. */
export const statusSeverity: Record<SecretSyncStatus, number> = {
  Error: 0,
  StoreNotReady: 1,
  Missing: 2,
  Stale: 3,
  Pending: 4,
  Synced: 5,
};

export const statusLabel: Record<SecretSyncStatus, string> = {
  Synced: 'Synced',
  Error: 'Error',
  Stale: 'Stale',
  StoreNotReady: 'Store not ready',
  Missing: 'Missing',
  Pending: 'Pending',
};

export function emptyCounts(): StatusCounts {
  return Object.fromEntries(
    secretSyncStatuses.map(s => [s, 0]),
  ) as StatusCounts;
}

export function countByStatus(rows: Iterable<ExternalSecretRow>): StatusCounts {
  const counts = emptyCounts();
  for (const row of rows) counts[row.status] += 1;
  return counts;
}

/** The most severe status with a non-zero count, or undefined when there is nothing. */
export function worstStatus(
  counts: StatusCounts,
): SecretSyncStatus | undefined {
  return [...secretSyncStatuses]
    .sort((a, b) => statusSeverity[a] - statusSeverity[b])
    .find(s => counts[s] > 0);
}

const blockerText: Record<ForceSyncBlocker, string> = {
  CreatedOnce:
    'refreshPolicy CreatedOnce: ESO never fetches again after creation',
  RefreshIntervalZero:
    'refreshInterval is 0: ESO does not refresh on its own or on a bump',
  PinnedVersion: 'a pinned Vault version: a re-fetch returns the same value',
  ClusterExternalSecretChild:
    'owned by a ClusterExternalSecret, which overwrites annotations',
};

/** Why a force-sync cannot work, in words; for a ClusterExternalSecret child, what to do instead. */
export function describeForceSync(row: ExternalSecretRow): string {
  const { forceSync } = row;
  if (forceSync.supported) return 'Force-sync possible';
  const reasons = forceSync.blockers.map(b => blockerText[b]);
  const parent = forceSync.via?.name ?? row.ownerClusterExternalSecret;
  if (forceSync.blockers.includes('ClusterExternalSecretChild') && parent) {
    reasons.push(`bump the ClusterExternalSecret ${parent}`);
  }
  return `No force-sync: ${reasons.join('; ')}`;
}
