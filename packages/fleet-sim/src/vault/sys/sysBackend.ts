import type { Backend, BackendRequest, BackendResult } from '../core/backend';
import { VaultCodedError } from '../http/errors';
import { handleCapabilities } from './capabilities';
import { handleAuthMounts, handleMounts, handleUiMount } from './mountRoutes';
import { handleNamespaces } from './namespaceRoutes';
import { handleAclPolicies, handlePasswordPolicies } from './policyRoutes';

type Route = [
  prefix: string,
  handler: (req: BackendRequest, rest: string) => BackendResult,
];

const ROUTES: Route[] = [
  ['capabilities-self', req => handleCapabilities(req, true)],
  ['capabilities', req => handleCapabilities(req, false)],
  ['mounts', handleMounts],
  ['auth', handleAuthMounts],
  ['internal/ui/mounts', handleUiMount],
  ['policy', (req, rest) => handleAclPolicies(req, rest, true)],
  ['policies/acl', (req, rest) => handleAclPolicies(req, rest, false)],
  ['policies/password', handlePasswordPolicies],
  ['namespaces', handleNamespaces],
  [
    'seal',
    req => {
      if (req.operation !== 'update' && req.operation !== 'create')
        throw new VaultCodedError(405, 'unsupported operation');
      req.core.sealed = true;
      return undefined;
    },
  ],
];

/**
 * The system backend mounted at sys/ in every namespace. sys/health and sys/seal-status are
 * served by the router before the seal check (sys/health.ts), as Vault does with raw handlers.
 */
export class SysBackend implements Backend {
  readonly type = 'system';

  isSudoPath(path: string): boolean {
    return (
      path === 'seal' ||
      path.startsWith('auth/') ||
      path === 'step-down' ||
      path.startsWith('raw')
    );
  }

  handle(req: BackendRequest): BackendResult {
    for (const [prefix, handler] of ROUTES) {
      if (req.path === prefix || req.path.startsWith(`${prefix}/`)) {
        return handler(req, req.path.slice(prefix.length).replace(/^\//, ''));
      }
    }
    throw new VaultCodedError(404, 'unsupported path');
  }
}
