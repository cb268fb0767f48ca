import type { VaultCoordinates } from '@secrets-plugin/plugin-secrets-common';

/** The key as users name it: "payments/db#password", or what a find matches under its path. */
export function describeKey(vault: VaultCoordinates): string {
  return vault.find
    ? `${vault.key || '/'} (find: ${vault.find})`
    : `${vault.key}${vault.property ? `#${vault.property}` : ''}`;
}

/** Where the key lives, least specific first: server URL, Vault namespace, mount and KV version. */
export function describeLocation(vault: VaultCoordinates): string[] {
  return [
    vault.server,
    vault.namespace && `namespace ${vault.namespace}`,
    vault.mount &&
      `mount ${vault.mount}${
        vault.kvVersion ? ` (KV ${vault.kvVersion})` : ''
      }`,
  ].filter((part): part is string => Boolean(part));
}

/** "vault.example:8200 / namespace team-a / mount secret (KV v2) / payments/db#password" */
export function describeVaultKey(vault: VaultCoordinates): string {
  return [...describeLocation(vault), describeKey(vault)].join(' / ');
}
