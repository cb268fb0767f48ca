import type { VaultCoordinates } from '@secrets-plugin/plugin-secrets-common';
import type {
  StoreProjection,
  VaultRefProjection,
} from '../cluster/projections';
import { normalisedOrRaw } from '../vault/vaultUrl';

/**
 * Where in Vault one remote reference reads from. With `provider.vault.path` set, keys are
 * relative to that mount; without it, the key's first segment is the mount (ESO's rule).
 */
export function vaultCoordinates(
  store: StoreProjection | undefined,
  ref: VaultRefProjection,
): VaultCoordinates {
  const vault = store?.vault;
  const key = ref.key.replace(/^\/+/, '');
  let mount = vault?.path?.replace(/^\/+|\/+$/g, '');
  let path = key;
  if (!mount && key.includes('/')) {
    mount = key.slice(0, key.indexOf('/'));
    path = key.slice(key.indexOf('/') + 1);
  }
  // KV v2 keys may be written with the API's data/ segment; it is not part of the secret's name
  if (vault?.version !== 'v1' && mount && path.startsWith('data/'))
    path = path.slice(5);
  return {
    server: vault?.server ? normaliseServer(vault.server) : undefined,
    namespace: vault?.namespace,
    mount,
    kvVersion: vault ? vault.version ?? 'v2' : undefined,
    key: path,
    property: ref.extract || ref.find ? undefined : ref.property,
    pinnedVersion: ref.version,
    find: ref.find,
  };
}

/** A stable id of the secret (not the property), shared by every row that reads it. */
export function vaultGroupId(c: VaultCoordinates): string {
  const parts = [c.server ?? '', c.namespace ?? '', c.mount ?? '', c.key];
  // a find under a path is not the secret at that path
  if (c.find !== undefined) parts.push(`find:${c.find}`);
  const raw = parts.join('|');
  return Buffer.from(raw, 'utf8').toString('base64url');
}

/** A fleet names few Vault servers; parsing each once spares a URL parse per row. */
const normalisedServers = new Map<string, string>();
const MAX_REMEMBERED_SERVERS = 1000;

function normaliseServer(server: string): string {
  let normalised = normalisedServers.get(server);
  if (normalised === undefined) {
    normalised = normalisedOrRaw(server);
    if (normalisedServers.size >= MAX_REMEMBERED_SERVERS)
      normalisedServers.clear();
    normalisedServers.set(server, normalised);
  }
  return normalised;
}
