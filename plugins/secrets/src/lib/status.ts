import type {
  ExternalSecretRow,
  ForceSyncBlocker,
  SecretSyncStatus,
} from '@secrets-plugin/plugin-secrets-common';

/** The ranking and counting rules the backend's summary uses too. */
export {
  statusSeverity,
  emptyStatusCounts as emptyCounts,
  countByStatus,
  worstStatus,
} from '@secrets-plugin/plugin-secrets-common';

export const statusLabel: Record<SecretSyncStatus, string> = {
  Synced: 'Synced',
  Error: 'Error',
  Stale: 'Stale',
  StoreNotReady: 'Store not ready',
  Missing: 'Missing',
  Pending: 'Pending',
};

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
