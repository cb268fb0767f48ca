import type { Backend, BackendRequest, BackendResult } from '../core/backend';
import { parseDurationSeconds } from '../core/timefmt';
import { errorResponse, VaultCodedError } from '../http/errors';
import { authBlock } from './authBlock';
import { tokenLookupData } from './lookupData';
import { policyList, sanitizePolicies } from './policies';
import { SYSTEM_DEFAULT_TTL_SECONDS, type TokenEntry } from './TokenStore';

/** The token auth method mounted at auth/token/ in every namespace (vault/token_store.go). */
export class TokenBackend implements Backend {
  readonly type = 'token';

  isSudoPath(path: string): boolean {
    return (
      path === 'create-orphan' ||
      path.startsWith('revoke-orphan') ||
      path.startsWith('accessors')
    );
  }

  handle(req: BackendRequest): BackendResult {
    const token = req.token!;
    const { core, operation } = req;
    switch (req.path) {
      case 'lookup-self':
        if (operation === 'read' || operation === 'update')
          return { data: tokenLookupData(core, token) };
        break;
      case 'lookup':
        if (operation === 'update' || operation === 'create') {
          const target = core.tokens.lookup(String(req.data.token ?? ''));
          if (!target) throw errorResponse('bad token', 403);
          return { data: tokenLookupData(core, target) };
        }
        break;
      case 'create':
      case 'create-orphan':
        if (operation === 'update' || operation === 'create')
          return this.#create(req, token, req.path === 'create-orphan');
        break;
      case 'renew-self':
        if (operation === 'update' || operation === 'create')
          return this.#renew(req, token);
        break;
      case 'revoke-self':
        if (operation === 'update' || operation === 'create') {
          core.tokens.revoke(token.id);
          return undefined;
        }
        break;
      case 'revoke':
        if (operation === 'update' || operation === 'create') {
          core.tokens.revoke(String(req.data.token ?? ''));
          return undefined;
        }
        break;
      default:
        // unknown paths get the same 405 as known paths with an unsupported operation
        break;
    }
    throw new VaultCodedError(405, 'unsupported operation');
  }

  #create(
    req: BackendRequest,
    parent: TokenEntry,
    orphan: boolean,
  ): BackendResult {
    const { data, core } = req;
    const parentIsRoot = parent.policies.includes('root');
    const requested =
      data.policies === undefined ? parent.policies : policyList(data.policies);
    const policies = sanitizePolicies(
      requested,
      data.no_default_policy !== true,
    );
    if (
      !parentIsRoot &&
      !policies.every(p => p === 'default' || parent.policies.includes(p))
    ) {
      throw errorResponse('child policies must be subset of parent');
    }
    if (policies.includes('root') && !parentIsRoot) {
      throw errorResponse(
        'root tokens may not be created without parent token being root',
      );
    }
    const ttlRaw = data.ttl ?? data.lease;
    const ttl = ttlRaw === undefined ? undefined : parseDurationSeconds(ttlRaw);
    if (ttlRaw !== undefined && ttl === undefined)
      throw errorResponse('invalid ttl');
    const period = parseDurationSeconds(data.period ?? 0) ?? 0;
    const defaultTtl = policies.includes('root')
      ? 0
      : SYSTEM_DEFAULT_TTL_SECONDS;
    const entry = core.tokens.create({
      namespaceId: req.namespace.id,
      policies,
      path: orphan ? 'auth/token/create-orphan' : 'auth/token/create',
      displayName: data.display_name
        ? `token-${String(data.display_name)}`
        : 'token',
      meta: (data.meta as Record<string, string> | undefined) ?? null,
      ttlSeconds: period || (ttl ?? defaultTtl),
      explicitMaxTtlSeconds:
        parseDurationSeconds(data.explicit_max_ttl ?? 0) ?? 0,
      periodSeconds: period,
      renewable:
        data.renewable === undefined
          ? true
          : data.renewable !== false && data.renewable !== 'false',
      parentId: orphan || data.no_parent === true ? undefined : parent.id,
      numUses: Number(data.num_uses ?? 0),
      id: typeof data.id === 'string' && parentIsRoot ? data.id : undefined,
    });
    return { auth: authBlock(entry) };
  }

  #renew(req: BackendRequest, token: TokenEntry): BackendResult {
    if (!token.renewable) throw errorResponse('lease is not renewable');
    const increment =
      req.data.increment === undefined
        ? undefined
        : parseDurationSeconds(req.data.increment);
    const { ttl, warnings } = req.core.tokens.renew(token, increment);
    return {
      auth: authBlock(token, ttl),
      warnings: warnings.length ? warnings : undefined,
    };
  }
}
