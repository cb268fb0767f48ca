/*
 * ESO's Vault path building (providers/v1/vault/client_get.go buildPath / buildMetadataPath),
 * including its quirks: a key that already starts with the mount is not prefixed twice, and KV v2
 * inserts `data/` (or `metadata/`) right after the mount.
 */

export interface VaultPathConfig {
  path?: string;
  version?: 'v1' | 'v2';
}

function isV2(store: VaultPathConfig): boolean {
  return (store.version ?? 'v2') === 'v2';
}

export function buildDataPath(store: VaultPathConfig, key: string): string {
  let out = key;
  const mount = store.path;
  if (mount !== undefined) {
    const cut = `${mount}/`;
    if (out.startsWith(cut)) {
      out = out.slice(cut.length);
      if (out.startsWith('data/') && isV2(store))
        out = out.slice('data/'.length);
    }
    const parts = mount.split('/');
    if (isV2(store)) parts.push('data');
    return [...parts, ...out.split('/')].join('/');
  }
  if (!out.includes('/data/') && isV2(store)) {
    const parts = out.split('/');
    return [parts[0], 'data', ...parts.slice(1)].join('/');
  }
  return out;
}

export function buildMetadataPath(store: VaultPathConfig, key: string): string {
  if (!isV2(store)) return `${store.path}/${key}`;
  if (store.path === undefined) {
    if (!key.includes('data'))
      throw new Error("provided Path isn't a valid kv v2 path");
    return key.replace('/data/', '/metadata/');
  }
  return `${store.path}/metadata/${key}`;
}
