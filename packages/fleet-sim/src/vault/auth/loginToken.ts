import type { BackendRequest, BackendResponse } from '../core/backend';
import { parseDurationSeconds } from '../core/timefmt';
import { authBlock } from '../tokens/authBlock';
import { sanitizePolicies } from '../tokens/policies';
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../tokens/TokenStore';

/** Token settings shared by AppRole and Kubernetes roles (tokenutil.TokenParams). */
export interface TokenParams {
  policies: string[];
  ttlSeconds: number;
  maxTtlSeconds: number;
  noDefaultPolicy: boolean;
  numUses: number;
}

/** Reads token_* fields (and their legacy names), keeping `previous` values for absent ones. */
export function tokenParamsFrom(
  data: Record<string, unknown>,
  policies: string[],
  previous?: TokenParams,
): TokenParams {
  const duration = (value: unknown, fallback: number) =>
    value === undefined ? fallback : parseDurationSeconds(value) ?? fallback;
  return {
    policies,
    ttlSeconds: duration(data.token_ttl ?? data.ttl, previous?.ttlSeconds ?? 0),
    maxTtlSeconds: duration(
      data.token_max_ttl ?? data.max_ttl,
      previous?.maxTtlSeconds ?? 0,
    ),
    noDefaultPolicy:
      data.token_no_default_policy === undefined
        ? previous?.noDefaultPolicy ?? false
        : data.token_no_default_policy === true,
    numUses: Number(data.token_num_uses ?? previous?.numUses ?? 0),
  };
}

/**
 * Creates the token of a successful login (core LoginCreateToken): orphan, in the login's
 * namespace, display name `<mount>-<name>`, TTL = role TTL or the system default, capped by the
 * role's max TTL.
 */
export function issueLoginToken(
  req: BackendRequest,
  params: TokenParams,
  login: {
    displayName: string;
    metadata: Record<string, string>;
    aliasName: string;
  },
): BackendResponse {
  const { core, mount } = req;
  const source = mount.path
    .replace(/^auth\//, '')
    .replace(/\/$/, '')
    .replaceAll('/', '-');
  const maxTtl = params.maxTtlSeconds || SYSTEM_DEFAULT_TTL_SECONDS;
  const ttl = Math.min(params.ttlSeconds || SYSTEM_DEFAULT_TTL_SECONDS, maxTtl);
  const entry = core.tokens.create({
    namespaceId: req.namespace.id,
    policies: sanitizePolicies(params.policies, !params.noDefaultPolicy),
    path: `${mount.path}login`,
    displayName: login.displayName ? `${source}-${login.displayName}` : source,
    meta: login.metadata,
    ttlSeconds: ttl,
    maxTtlSeconds: maxTtl,
    numUses: params.numUses,
    entityId: core.entityIdFor(mount.accessor, login.aliasName),
  });
  return { auth: authBlock(entry) };
}
