import { randomBytes, randomUUID } from 'node:crypto';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Unbiased random string over [A-Za-z0-9] (Vault's token and accessor alphabet). */
export function base62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: bytes above it would bias the first characters
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/**
 * Service tokens look like Vault >= 1.10 ones: `hvs.` + 24 characters, with the namespace id
 * appended after a dot for tokens issued inside a namespace.
 */
export function newServiceToken(namespaceId: string): string {
  const id = `hvs.${base62(24)}`;
  return namespaceId === 'root' ? id : `${id}.${namespaceId}`;
}

export function newAccessor(namespaceId: string): string {
  const id = base62(24);
  return namespaceId === 'root' ? id : `${id}.${namespaceId}`;
}

export function newUuid(): string {
  return randomUUID();
}

/** Namespace ids are 5 characters in Vault Enterprise; `root` is reserved for the root namespace. */
export function newNamespaceId(): string {
  return base62(5);
}

/** Mount accessors look like `kv_1a2b3c4d` / `auth_approle_1a2b3c4d`. */
export function newMountAccessor(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}
