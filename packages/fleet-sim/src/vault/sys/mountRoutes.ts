import type { BackendRequest, BackendResult } from '../core/backend';
import { describeMount, findMount, normaliseMountPath } from '../core/mounts';
import { errorResponse, VaultCodedError } from '../http/errors';

const SECRET_ENGINE_TYPES = new Set(['kv', 'kv-v2']);
const AUTH_TYPES = new Set(['approle', 'kubernetes']);
const RESERVED = ['sys/', 'auth/', 'cubbyhole/', 'identity/'];

function mountOptions(
  data: Record<string, unknown>,
  type: string,
): Record<string, string> | null {
  const options = {
    ...((data.options as Record<string, unknown> | undefined) ?? {}),
  };
  if (type === 'kv-v2') options.version = '2';
  const entries = Object.entries(options).map(([k, v]) => [k, String(v)]);
  return entries.length ? Object.fromEntries(entries) : null;
}

/** sys/mounts and sys/mounts/<path>: list, enable (`kv`, `kv-v2`) and disable secret engines. */
export function handleMounts(req: BackendRequest, rest: string): BackendResult {
  const ns = req.namespace;
  if (rest === '' && req.operation === 'read') {
    const data: Record<string, unknown> = {};
    for (const mount of ns.mounts.values()) {
      if (!mount.path.startsWith('auth/'))
        data[mount.path] = describeMount(mount);
    }
    return { data, echoDataAtTopLevel: true };
  }
  const path = normaliseMountPath(rest);
  if (req.operation === 'create' || req.operation === 'update') {
    const type = String(req.data.type ?? '');
    if (!SECRET_ENGINE_TYPES.has(type))
      throw errorResponse(`plugin not found in the catalog: ${type}`);
    if (ns.mounts.has(path) || RESERVED.some(r => path.startsWith(r))) {
      throw errorResponse(`path is already in use at ${path}`);
    }
    req.core.enableMount(ns, path, 'kv', {
      description: String(req.data.description ?? ''),
      options: mountOptions(req.data, type),
    });
    return undefined;
  }
  if (req.operation === 'delete') {
    if (ns.mounts.get(path)?.builtin)
      throw errorResponse(`cannot unmount "${path}"`);
    ns.mounts.delete(path);
    return undefined;
  }
  if (req.operation === 'read') {
    const mount = ns.mounts.get(path);
    if (!mount) throw errorResponse(`No secret engine mount at ${path}`);
    return { data: describeMount(mount) };
  }
  throw new VaultCodedError(405, 'unsupported operation');
}

/** sys/auth and sys/auth/<path>: list, enable (`approle`, `kubernetes`) and disable auth methods. */
export function handleAuthMounts(
  req: BackendRequest,
  rest: string,
): BackendResult {
  const ns = req.namespace;
  if (rest === '' && req.operation === 'read') {
    const data: Record<string, unknown> = {};
    for (const mount of ns.mounts.values()) {
      if (mount.path.startsWith('auth/'))
        data[mount.path.slice('auth/'.length)] = describeMount(mount);
    }
    return { data, echoDataAtTopLevel: true };
  }
  const path = `auth/${normaliseMountPath(rest)}`;
  if (req.operation === 'create' || req.operation === 'update') {
    const type = String(req.data.type ?? '');
    if (!AUTH_TYPES.has(type))
      throw errorResponse(`plugin not found in the catalog: ${type}`);
    if (ns.mounts.has(path))
      throw errorResponse(`path is already in use at ${path}`);
    req.core.enableMount(ns, path, type, {
      description: String(req.data.description ?? ''),
    });
    return undefined;
  }
  if (req.operation === 'delete') {
    if (ns.mounts.get(path)?.builtin)
      throw errorResponse(`cannot unmount "${path}"`);
    ns.mounts.delete(path);
    return undefined;
  }
  throw new VaultCodedError(405, 'unsupported operation');
}

/**
 * sys/internal/ui/mounts/<path>: how the Vault CLI detects a mount's KV version. Unknown mounts
 * and mounts the token has no rule under both get the same 403, so the path cannot enumerate mounts.
 */
export function handleUiMount(
  req: BackendRequest,
  rest: string,
): BackendResult {
  const mount = findMount(req.namespace.mounts, rest);
  const acl = req.core.aclFor(req.token!);
  const prefix = req.namespace.pathRelativeTo(
    req.core.namespaceById(req.token!.namespaceId)!,
  );
  if (!mount || !acl.hasAnyRuleUnder(`${prefix}${mount.path}`)) {
    throw errorResponse(
      `preflight capability check returned 403, please ensure client's policies grant access to path "${rest}"`,
      403,
    );
  }
  return { data: { ...describeMount(mount), path: mount.path } };
}
