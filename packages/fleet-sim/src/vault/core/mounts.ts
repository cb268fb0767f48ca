import type { Backend } from './backend';
import { newMountAccessor, newUuid } from './ids';

/** The Vault release whose behaviour the simulator follows (errors of 1.17+, KV plugin pre-attribution). */
export const VAULT_VERSION_NUMBER = '1.18.5';
export const VAULT_VERSION = `${VAULT_VERSION_NUMBER}+ent`;

/** One entry of a namespace's mount table (secret engines and, under `auth/`, auth methods). */
export interface Mount {
  /** `secret/`, `sys/`, `auth/token/`, `auth/kubernetes/`, ... always with a trailing slash. */
  path: string;
  /** `kv`, `system`, `token`, `approle`, `kubernetes`; namespaces have `ns_system` and `ns_token`. */
  type: string;
  accessor: string;
  uuid: string;
  description: string;
  options: Record<string, string> | null;
  backend: Backend;
  /** Internal mounts (sys/, auth/token/) cannot be disabled or re-enabled. */
  builtin: boolean;
}

export function newMount(
  path: string,
  backend: Backend,
  extra: {
    description?: string;
    options?: Record<string, string> | null;
    builtin?: boolean;
    type?: string;
  } = {},
): Mount {
  const isAuth = path.startsWith('auth/');
  return {
    path,
    type: extra.type ?? backend.type,
    accessor: newMountAccessor(isAuth ? `auth_${backend.type}` : backend.type),
    uuid: newUuid(),
    description: extra.description ?? '',
    options: extra.options ?? null,
    backend,
    builtin: extra.builtin ?? false,
  };
}

/** Normalises a user-supplied mount path: no leading slash, exactly one trailing slash. */
export function normaliseMountPath(path: string): string {
  return `${path.replace(/^\/+|\/+$/g, '')}/`;
}

/** The mount serving `path` (longest prefix), or undefined. */
export function findMount(
  mounts: Map<string, Mount>,
  path: string,
): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of mounts.values()) {
    const matches = path.startsWith(mount.path) || `${path}/` === mount.path;
    if (matches && (!best || mount.path.length > best.path.length))
      best = mount;
  }
  return best;
}

/** sys/mounts-style description of a mount (also used by sys/internal/ui/mounts). */
export function describeMount(mount: Mount): Record<string, unknown> {
  return {
    accessor: mount.accessor,
    config: { default_lease_ttl: 0, force_no_cache: false, max_lease_ttl: 0 },
    description: mount.description,
    external_entropy_access: false,
    local: false,
    options: mount.options,
    plugin_version: '',
    running_plugin_version: mount.builtin
      ? `v${VAULT_VERSION_NUMBER}+builtin.vault`
      : 'v0.20.0+builtin',
    running_sha256: '',
    seal_wrap: false,
    type: mount.type,
    uuid: mount.uuid,
  };
}
