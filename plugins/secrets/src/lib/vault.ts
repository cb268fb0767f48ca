import type { VaultCoordinates } from '@internal/plugin-secrets-common';

/** "vault.example:8200 / ns team-a / secret / payments/db#password" */
export function describeVaultKey(vault: VaultCoordinates): string {
  const parts = [
    vault.server,
    vault.namespace && `namespace ${vault.namespace}`,
    vault.mount &&
      `mount ${vault.mount}${
        vault.kvVersion ? ` (KV ${vault.kvVersion})` : ''
      }`,
  ].filter(Boolean);
  const key = vault.find
    ? `${vault.key || '/'} (find: ${vault.find})`
    : `${vault.key}${vault.property ? `#${vault.property}` : ''}`;
  return [...parts, key].join(' / ');
}
