import type { VaultServerHealth } from '@secrets-plugin/plugin-secrets-common';

const stateWords: Record<VaultServerHealth['state'], string> = {
  active: 'active',
  standby: 'standby',
  'performance-standby': 'performance standby',
  sealed: 'sealed',
  uninitialized: 'not initialised',
  unreachable: 'unreachable',
  unknown: 'not checked yet',
};

/** The state in words ("performance standby", "not checked yet"). */
export function vaultStateLabel(state: VaultServerHealth['state']): string {
  return stateWords[state];
}

/** Whether the server can serve reads (any node that answers `sys/health` as unsealed). */
export function isVaultServing(state: VaultServerHealth['state']): boolean {
  return (
    state === 'active' || state === 'standby' || state === 'performance-standby'
  );
}

/** The health of the server a store or row points at: by configured name, else by URL. */
export function findVaultServer(
  servers: VaultServerHealth[] | undefined,
  ref: { name?: string; url?: string },
): VaultServerHealth | undefined {
  if (!servers) return undefined;
  return (
    (ref.name && servers.find(s => s.name === ref.name)) ||
    (ref.url &&
      servers.find(
        s => s.url.replace(/\/+$/, '') === ref.url!.replace(/\/+$/, ''),
      )) ||
    undefined
  );
}
