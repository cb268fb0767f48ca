import type { Backend, BackendRequest, BackendResult } from '../core/backend';
import {
  errorResponse,
  PERMISSION_DENIED,
  VaultCodedError,
} from '../http/errors';
import { policyList } from '../tokens/policies';
import {
  issueLoginToken,
  tokenParamsFrom,
  type TokenParams,
} from './loginToken';
import { matchesGlobList, parseServiceAccountJwt } from './serviceAccountJwt';
import { reviewToken, type TokenReviewConfig } from './tokenReviewClient';

export interface KubernetesAuthConfig extends TokenReviewConfig {
  issuer?: string;
  disableIssValidation: boolean;
}

export interface KubernetesRole {
  name: string;
  boundServiceAccountNames: string[];
  boundServiceAccountNamespaces: string[];
  audience?: string;
  token: TokenParams;
}

/** The Kubernetes auth method (vault-plugin-auth-kubernetes path_login.go / path_config.go / path_role.go). */
export class KubernetesAuthBackend implements Backend {
  readonly type = 'kubernetes';
  config?: KubernetesAuthConfig;
  readonly roles = new Map<string, KubernetesRole>();

  isLoginPath(path: string): boolean {
    return path === 'login';
  }

  existenceCheck(req: BackendRequest): boolean | undefined {
    const match = /^role\/([^/]+)$/.exec(req.path);
    return match ? this.roles.has(match[1]) : undefined;
  }

  writeConfig(data: Record<string, unknown>): void {
    const host = String(data.kubernetes_host ?? '');
    if (!host) throw errorResponse('no host provided');
    this.config = {
      kubernetesHost: host,
      kubernetesCaCert: data.kubernetes_ca_cert
        ? String(data.kubernetes_ca_cert)
        : undefined,
      tokenReviewerJwt: data.token_reviewer_jwt
        ? String(data.token_reviewer_jwt)
        : undefined,
      issuer: data.issuer ? String(data.issuer) : undefined,
      disableIssValidation:
        data.disable_iss_validation === undefined
          ? true
          : data.disable_iss_validation === true,
    };
  }

  writeRole(name: string, data: Record<string, unknown>): void {
    const existing = this.roles.get(name);
    const names = policyList(
      data.bound_service_account_names ??
        existing?.boundServiceAccountNames ??
        [],
    );
    const namespaces = policyList(
      data.bound_service_account_namespaces ??
        existing?.boundServiceAccountNamespaces ??
        [],
    );
    if (names.length === 0)
      throw errorResponse('"bound_service_account_names" can not be empty');
    if (namespaces.length === 0)
      throw errorResponse(
        '"bound_service_account_namespaces" can not be empty',
      );
    const policies = policyList(
      data.token_policies ?? data.policies ?? existing?.token.policies ?? [],
    );
    this.roles.set(name, {
      name,
      boundServiceAccountNames: names,
      boundServiceAccountNamespaces: namespaces,
      audience:
        data.audience === undefined
          ? existing?.audience
          : String(data.audience) || undefined,
      token: tokenParamsFrom(data, policies, existing?.token),
    });
  }

  async handle(req: BackendRequest): Promise<BackendResult> {
    const { path, operation: op, data } = req;
    const writing = op === 'create' || op === 'update';
    if (path === 'login' && writing) return this.#login(req);
    if (path === 'config') {
      if (writing) return void this.writeConfig(data);
      if (op === 'read')
        return this.config ? { data: describeConfig(this.config) } : undefined;
    }
    if (path === 'role/' && op === 'list')
      return { data: { keys: [...this.roles.keys()].sort() } };
    const match = /^role\/([^/]+)$/.exec(path);
    if (match) {
      const role = this.roles.get(match[1]);
      if (writing) return void this.writeRole(match[1], data);
      if (op === 'delete') return void this.roles.delete(match[1]);
      if (op === 'read') return role ? { data: describeRole(role) } : undefined;
    }
    throw new VaultCodedError(404, 'unsupported path');
  }

  async #login(req: BackendRequest): Promise<BackendResult> {
    const roleName = String(req.data.role ?? '');
    if (!roleName) throw errorResponse('missing role');
    const jwt = String(req.data.jwt ?? '');
    if (!jwt) throw errorResponse('missing jwt');
    const role = this.roles.get(roleName);
    if (!role) throw errorResponse(`invalid role name "${roleName}"`);
    if (!this.config)
      throw new VaultCodedError(500, 'could not load backend configuration');
    const claims = parseServiceAccountJwt(jwt, req.core.clock.now());
    if (
      !this.config.disableIssValidation &&
      this.config.issuer &&
      claims.issuer !== this.config.issuer
    ) {
      throw new VaultCodedError(403, 'invalid issuer (iss) claim');
    }
    if (role.audience && !claims.audiences.includes(role.audience)) {
      throw new VaultCodedError(
        403,
        'invalid audience (aud) claim: audience claim does not match any expected audience',
      );
    }
    const names = role.boundServiceAccountNames;
    if (
      (names.length > 1 || names[0] !== '*') &&
      !matchesGlobList(names, claims.name)
    ) {
      throw new VaultCodedError(403, 'service account name not authorized');
    }
    if (
      !matchesGlobList(role.boundServiceAccountNamespaces, claims.namespace)
    ) {
      throw new VaultCodedError(403, 'namespace not authorized');
    }
    try {
      const reviewed = await reviewToken(
        this.config,
        jwt,
        role.audience ? [role.audience] : claims.audiences,
        req.core.clock,
      );
      if (reviewed.name !== claims.name)
        throw new Error('JWT names did not match');
      if (reviewed.uid !== claims.uid)
        throw new Error('JWT UIDs did not match');
      if (reviewed.namespace !== claims.namespace)
        throw new Error('JWT namepaces did not match');
    } catch {
      // the plugin logs the reason at debug level and answers with the bare ErrPermissionDenied
      throw new VaultCodedError(403, PERMISSION_DENIED);
    }
    const metadata = {
      role: roleName,
      service_account_name: claims.name,
      service_account_namespace: claims.namespace,
      service_account_secret_name: claims.secretName,
      service_account_uid: claims.uid,
    };
    return issueLoginToken(req, role.token, {
      displayName: `${claims.namespace}-${claims.name}`,
      metadata,
      aliasName: claims.uid,
    });
  }
}

function describeConfig(config: KubernetesAuthConfig): Record<string, unknown> {
  return {
    disable_iss_validation: config.disableIssValidation,
    disable_local_ca_jwt: false,
    issuer: config.issuer ?? '',
    kubernetes_ca_cert: config.kubernetesCaCert ?? '',
    kubernetes_host: config.kubernetesHost,
    pem_keys: [],
    token_reviewer_jwt_set: Boolean(config.tokenReviewerJwt),
    use_annotations_as_alias_metadata: false,
  };
}

function describeRole(role: KubernetesRole): Record<string, unknown> {
  return {
    alias_name_source: 'serviceaccount_uid',
    audience: role.audience ?? '',
    bound_service_account_names: role.boundServiceAccountNames,
    bound_service_account_namespace_selector: '',
    bound_service_account_namespaces: role.boundServiceAccountNamespaces,
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
