import { InputError } from '@backstage/errors';
import type { VaultSecretRef } from './types';

/** Splits a mount or key into segments, refusing what would make the URL point elsewhere. */
function segmentsOf(value: string, what: string): string[] {
  const segments = value.replace(/^\/+|\/+$/g, '').split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..')
      throw new InputError(
        `Invalid Vault ${what} '${value}': empty, '.' and '..' segments are not allowed`,
      );
  }
  return segments;
}

/** node-vault concatenates paths raw: `#`, `?` or `%` in a name would change the request. */
export function encodeVaultPath(value: string, what: string): string {
  return segmentsOf(value, what).map(encodeURIComponent).join('/');
}

export interface KvApiPaths {
  /** URL paths (after /v1/), every segment encoded. */
  data: string;
  metadata?: string;
  /** KV v2's key tree without values (`<mount>/subkeys/<key>`). */
  subkeys?: string;
  /** The same paths unencoded, as ACL policies and sys/capabilities-self name them. */
  aclData: string;
  aclMetadata?: string;
  aclSubkeys?: string;
}

export function kvApiPaths(secret: VaultSecretRef): KvApiPaths {
  const mount = encodeVaultPath(secret.mount, 'mount');
  const key = encodeVaultPath(secret.key, 'key');
  const aclMount = segmentsOf(secret.mount, 'mount').join('/');
  const aclKey = segmentsOf(secret.key, 'key').join('/');
  if (secret.kvVersion === 'v1')
    return { data: `${mount}/${key}`, aclData: `${aclMount}/${aclKey}` };
  return {
    data: `${mount}/data/${key}`,
    metadata: `${mount}/metadata/${key}`,
    subkeys: `${mount}/subkeys/${key}`,
    aclData: `${aclMount}/data/${aclKey}`,
    aclMetadata: `${aclMount}/metadata/${aclKey}`,
    aclSubkeys: `${aclMount}/subkeys/${aclKey}`,
  };
}

/** Empty means root; Vault accepts `a/b`, `a/b/` and `/a/b` alike. */
export function normaliseNamespace(namespace: string | undefined): string {
  return (namespace ?? '').replace(/^\/+|\/+$/g, '');
}

/** For error messages: where the secret is, never what it holds. */
export function describeSecret(secret: VaultSecretRef): string {
  const ns = normaliseNamespace(secret.namespace);
  return `${secret.mount}/${secret.key}${ns ? ` in namespace ${ns}` : ''}`;
}
