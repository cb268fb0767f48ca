import type { Backend, BackendRequest, BackendResult } from '../core/backend';
import { newUuid } from '../core/ids';
import { parseDurationSeconds } from '../core/timefmt';
import { errorResponse, VaultCodedError } from '../http/errors';
import { policyList } from '../tokens/policies';
import {
  issueLoginToken,
  tokenParamsFrom,
  type TokenParams,
} from './loginToken';

export interface AppRoleRole {
  name: string;
  roleId: string;
  bindSecretId: boolean;
  secretIdTtl: number;
  secretIdNumUses: number;
  token: TokenParams;
}

interface SecretIdEntry {
  roleName: string;
  accessor: string;
  metadata: Record<string, string>;
  /** Remaining uses; 0 = unlimited. */
  usesLeft: number;
  expiresMs?: number;
}

/** The AppRole auth method (builtin/credential/approle), errors worded as path_login.go. */
export class AppRoleBackend implements Backend {
  readonly type = 'approle';
  readonly roles = new Map<string, AppRoleRole>();
  readonly #secretIds = new Map<string, SecretIdEntry>();

  constructor(private readonly now: () => number) {}

  isLoginPath(path: string): boolean {
    return path === 'login';
  }

  existenceCheck(req: BackendRequest): boolean | undefined {
    const match = /^role\/([^/]+)$/.exec(req.path);
    return match ? this.roles.has(match[1]) : undefined;
  }

  writeRole(
    name: string,
    data: Record<string, unknown>,
    roleId?: string,
  ): AppRoleRole {
    const existing = this.roles.get(name);
    const policies = policyList(
      data.token_policies ?? data.policies ?? existing?.token.policies ?? [],
    );
    const role: AppRoleRole = {
      name,
      roleId: roleId ?? existing?.roleId ?? newUuid(),
      bindSecretId:
        data.bind_secret_id === undefined
          ? existing?.bindSecretId ?? true
          : data.bind_secret_id !== false,
      secretIdTtl:
        parseDurationSeconds(
          data.secret_id_ttl ?? existing?.secretIdTtl ?? 0,
        ) ?? 0,
      secretIdNumUses: Number(
        data.secret_id_num_uses ?? existing?.secretIdNumUses ?? 0,
      ),
      token: tokenParamsFrom(data, policies, existing?.token),
    };
    this.roles.set(name, role);
    return role;
  }

  issueSecretId(
    roleName: string,
    metadata: Record<string, string> = {},
    secretId = newUuid(),
  ) {
    const role = this.roles.get(roleName);
    if (!role) throw errorResponse(`role "${roleName}" does not exist`);
    const entry: SecretIdEntry = {
      roleName,
      accessor: newUuid(),
      metadata,
      usesLeft: role.secretIdNumUses,
      expiresMs:
        role.secretIdTtl > 0 ? this.now() + role.secretIdTtl * 1000 : undefined,
    };
    this.#secretIds.set(secretId, entry);
    return {
      secret_id: secretId,
      secret_id_accessor: entry.accessor,
      secret_id_num_uses: role.secretIdNumUses,
      secret_id_ttl: role.secretIdTtl,
    };
  }

  handle(req: BackendRequest): BackendResult {
    const { path, operation: op, data } = req;
    const writing = op === 'create' || op === 'update';
    if (path === 'login' && writing) return this.#login(req);
    if (path === 'role/' && op === 'list')
      return { data: { keys: [...this.roles.keys()].sort() } };
    const match =
      /^role\/([^/]+)(?:\/(role-id|secret-id|custom-secret-id))?$/.exec(path);
    if (!match) throw new VaultCodedError(404, `unsupported path`);
    const [, name, sub] = match;
    const role = this.roles.get(name);
    if (!sub) {
      if (writing) return void this.writeRole(name, data);
      if (op === 'delete') return void this.roles.delete(name);
      if (op === 'read') return role ? { data: describeRole(role) } : undefined;
    }
    if (sub === 'role-id') {
      if (!role) throw errorResponse(`role "${name}" does not exist`);
      if (op === 'read') return { data: { role_id: role.roleId } };
      if (writing)
        return void this.writeRole(
          name,
          {},
          String(data.role_id ?? role.roleId),
        );
    }
    if ((sub === 'secret-id' || sub === 'custom-secret-id') && writing) {
      const metadata =
        typeof data.metadata === 'string' && data.metadata
          ? JSON.parse(data.metadata)
          : {};
      const custom =
        sub === 'custom-secret-id' ? String(data.secret_id ?? '') : undefined;
      return { data: this.issueSecretId(name, metadata, custom || undefined) };
    }
    throw new VaultCodedError(405, 'unsupported operation');
  }

  #login(req: BackendRequest): BackendResult {
    const roleId = String(req.data.role_id ?? '').trim();
    if (!roleId) throw errorResponse('missing role_id');
    const role = [...this.roles.values()].find(r => r.roleId === roleId);
    if (!role) throw errorResponse('invalid role or secret ID');
    let metadata: Record<string, string> = {};
    if (role.bindSecretId) {
      const secretId = String(req.data.secret_id ?? '').trim();
      if (!secretId) throw errorResponse('missing secret_id');
      const entry = this.#secretIds.get(secretId);
      const expired =
        entry?.expiresMs !== undefined && entry.expiresMs <= this.now();
      if (!entry || entry.roleName !== role.name || expired) {
        if (expired) this.#secretIds.delete(secretId);
        throw errorResponse('invalid role or secret ID');
      }
      if (entry.usesLeft === 1) this.#secretIds.delete(secretId);
      else if (entry.usesLeft > 1) entry.usesLeft--;
      metadata = { ...entry.metadata };
    }
    metadata.role_name = role.name;
    return issueLoginToken(req, role.token, {
      displayName: '',
      metadata,
      aliasName: role.roleId,
    });
  }
}

function describeRole(role: AppRoleRole): Record<string, unknown> {
  return {
    bind_secret_id: role.bindSecretId,
    local_secret_ids: false,
    policies: role.token.policies,
    secret_id_bound_cidrs: null,
    secret_id_num_uses: role.secretIdNumUses,
    secret_id_ttl: role.secretIdTtl,
    token_bound_cidrs: [],
    token_explicit_max_ttl: 0,
    token_max_ttl: role.token.maxTtlSeconds,
    token_no_default_policy: role.token.noDefaultPolicy,
    token_num_uses: role.token.numUses,
    token_period: 0,
    token_policies: role.token.policies,
    token_ttl: role.token.ttlSeconds,
    token_type: 'default',
  };
}
