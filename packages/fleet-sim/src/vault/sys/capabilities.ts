import type { BackendRequest, BackendResult } from '../core/backend';
import { errorResponse, VaultCodedError } from '../http/errors';
import type { TokenEntry } from '../tokens/TokenStore';

function pathsOf(data: Record<string, unknown>): string[] {
  const raw = data.paths ?? data.path;
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string')
    return raw
      .split(',')
      .map(p => p.trim())
      .filter(Boolean);
  return [];
}

/**
 * sys/capabilities-self and sys/capabilities (handleCapabilities): one entry per requested path,
 * plus the legacy `capabilities` field when exactly one path was asked. Paths are relative to
 * the request namespace and evaluated against the token's policies.
 */
export function handleCapabilities(
  req: BackendRequest,
  self: boolean,
): BackendResult {
  let token: TokenEntry | undefined = req.token;
  if (!self) {
    token = req.core.tokens.lookup(String(req.data.token ?? ''));
    if (!token) throw new VaultCodedError(400, 'invalid token');
  }
  const paths = pathsOf(req.data);
  if (paths.length === 0) throw errorResponse('paths must be supplied');
  const tokenNs = req.core.namespaceById(token!.namespaceId);
  const data: Record<string, unknown> = {};
  if (!tokenNs || !req.namespace.isWithin(tokenNs)) {
    for (const path of paths) data[path] = ['deny'];
  } else {
    const acl = req.core.aclFor(token!);
    const prefix = req.namespace.pathRelativeTo(tokenNs);
    for (const path of paths)
      data[path] = acl.capabilityNames(`${prefix}${path.replace(/^\//, '')}`);
  }
  if (paths.length === 1) data.capabilities = data[paths[0]];
  return { data };
}
