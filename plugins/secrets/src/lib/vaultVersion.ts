import type { ExternalSecretRow } from '@secrets-plugin/plugin-secrets-common';

/** A row's known Vault version and where it comes from (for the tooltip). */
export interface KnownVaultVersion {
  /** "pinned v3", "v5 (from the Secret)". */
  label: string;
  /** The version part ("pinned v3", "v5") and where it was read ("from the Secret"), for two lines. */
  version: string;
  from?: string;
  source: string;
}

/**
 * The Vault version a row is known to hold, or undefined. Known only when the ExternalSecret pins
 * one, or its template stamps it on the target Secret; rotation will fill in the rest.
 */
export function knownVaultVersion(
  row: ExternalSecretRow,
): KnownVaultVersion | undefined {
  const pinned = row.vault?.pinnedVersion;
  if (pinned) {
    return {
      label: `pinned v${pinned}`,
      version: `pinned v${pinned}`,
      source:
        'The ExternalSecret pins this version (remoteRef.version): it is what the Secret holds, and a new version is not picked up.',
    };
  }
  const stamped = row.target.vaultVersion;
  if (stamped) {
    return {
      label: `v${stamped} (from the Secret)`,
      version: `v${stamped}`,
      from: 'from the Secret',
      source:
        "Stamped on the target Secret by the ExternalSecret's template metadata when ESO last synced it.",
    };
  }
  return undefined;
}
