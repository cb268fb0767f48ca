import type {
  ExternalSecretRow,
  VaultCoordinates,
  VersionDrift,
} from '@secrets-plugin/plugin-secrets-common';
import type { KeyVersionFacts } from './keyAge';

/**
 * Whether one ExternalSecret serves its key's current Vault version. The surest answer is a
 * version stamped on the target Secret, then a pinned version; otherwise ESO's `refreshTime`
 * (when its last successful sync started) against the version's `created_time`: a sync that
 * started after the write fetched it. The two clocks are ESO's and Vault's, so a skew between
 * them shifts the answer by that much. When a row is behind, its `takesEffect` (the one
 * decision of when a change in Vault reaches the target Secret) says when it catches up, or why
 * it never will.
 */
export function versionDrift(
  row: Pick<ExternalSecretRow, 'lastSyncAt' | 'target'> & {
    vault?: Pick<VaultCoordinates, 'pinnedVersion'>;
  },
  facts: KeyVersionFacts | undefined,
): VersionDrift {
  if (!facts) return { state: 'unknown', basis: 'no-metadata' };
  const currentVersion = facts.currentVersion;
  const stamped = wholeNumber(row.target.vaultVersion);
  if (stamped !== undefined)
    return {
      state: stamped >= currentVersion ? 'current' : 'behind',
      currentVersion,
      syncedVersion: stamped,
      basis: 'stamped-version',
    };
  const pinned = wholeNumber(row.vault?.pinnedVersion);
  if (pinned !== undefined)
    return {
      state: pinned === currentVersion ? 'current' : 'behind',
      currentVersion,
      syncedVersion: pinned,
      basis: 'pinned-version',
    };
  if (!row.lastSyncAt)
    return { state: 'behind', currentVersion, basis: 'never-synced' };
  const created = facts.currentVersionCreatedAt
    ? Date.parse(facts.currentVersionCreatedAt)
    : NaN;
  if (!Number.isFinite(created))
    return { state: 'unknown', currentVersion, basis: 'no-metadata' };
  return {
    state: Date.parse(row.lastSyncAt) >= created ? 'current' : 'behind',
    currentVersion,
    basis: 'sync-time',
  };
}

function wholeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
