import type { ForceSyncBlocker } from '@secrets-plugin/plugin-secrets-common';
import type { ExternalSecretProjection } from '../cluster/projections';
import { parseGoDuration } from './goDuration';

/**
 * What a bump is for: `refetch` only needs ESO to fetch again (a revalidation after an outage:
 * a pinned version is fetched again as well); `new-version` needs a new Vault version to reach
 * the target Secret (the row's promise, a rotation), which a pinned version never does.
 */
export type ForceSyncPurpose = 'refetch' | 'new-version';

/**
 * The one rule set for "would an annotation bump make ESO fetch again" (ESO v2.9
 * `shouldRefresh`): CreatedOnce and `refreshInterval: 0` skip the fetch once synced; a child of a
 * ClusterExternalSecret must be bumped through its parent, whose controller reverts its annotations.
 */
export function forceSyncBlockers(
  es: ExternalSecretProjection,
  purpose: ForceSyncPurpose,
): ForceSyncBlocker[] {
  const blockers: ForceSyncBlocker[] = [];
  // never synced: ESO fetches on any bump, whatever its policy
  const synced = Boolean(es.refreshTime);
  if (synced && es.refreshPolicy === 'CreatedOnce')
    blockers.push('CreatedOnce');
  if (
    synced &&
    es.refreshPolicy === 'Periodic' &&
    parseGoDuration(es.refreshInterval) === 0
  )
    blockers.push('RefreshIntervalZero');
  if (purpose === 'new-version' && es.vaultRefs.some(r => r.version))
    blockers.push('PinnedVersion');
  if (es.ownerClusterExternalSecret)
    blockers.push('ClusterExternalSecretChild');
  return blockers;
}

/** Whether a bump (through the parent for a ClusterExternalSecret's child) makes ESO fetch. */
export function bumpHelps(blockers: readonly ForceSyncBlocker[]): boolean {
  return blockers.every(b => b === 'ClusterExternalSecretChild');
}
