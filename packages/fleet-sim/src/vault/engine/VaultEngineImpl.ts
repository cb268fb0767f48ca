import { AppRoleBackend } from '../auth/appRoleBackend';
import { KubernetesAuthBackend } from '../auth/kubernetesBackend';
import { normaliseMountPath } from '../core/mounts';
import type { Namespace } from '../core/namespaces';
import type { VaultCore } from '../core/VaultCore';
import { Kv1Backend } from '../kv/kv1Backend';
import { Kv2Backend } from '../kv/kv2Backend';
import { sanitizePolicies } from '../tokens/policies';
import { SYSTEM_DEFAULT_TTL_SECONDS } from '../tokens/TokenStore';
import { createNamespace } from '../sys/namespaceRoutes';
import { putAclPolicy, putPasswordPolicy } from '../sys/policyRoutes';
import type {
  AppRoleOptions,
  InNamespace,
  KubernetesAuthOptions,
  KubernetesRoleOptions,
  KvMountOptions,
  PutSecretOptions,
  SecretSnapshot,
  TokenOptions,
  VaultEngine,
} from '../types';

/**
 * Scenario-side administration. Every method reuses the stores and validation the HTTP API
 * uses, so seeded state is indistinguishable from state written through Vault's API.
 */
export class VaultEngineImpl implements VaultEngine {
  constructor(private readonly core: VaultCore) {}

  #ns(options: InNamespace): Namespace {
    const ns = this.core.namespaceByPath(options.namespace ?? '');
    if (!ns)
      throw new Error(
        `fleet-sim vault: namespace "${options.namespace}" does not exist`,
      );
    return ns;
  }

  #backend<T>(
    options: InNamespace & { mount?: string },
    fallback: string,
    type: new (...args: never[]) => T,
    kind: string,
  ): T {
    const ns = this.#ns(options);
    const path = `auth/${normaliseMountPath(options.mount ?? fallback)}`;
    const mount = ns.mounts.get(path) ?? this.core.enableMount(ns, path, kind);
    if (!(mount.backend instanceof type))
      throw new Error(`fleet-sim vault: ${path} is not a ${kind} auth mount`);
    return mount.backend;
  }

  createNamespace(path: string, customMetadata?: Record<string, string>) {
    const ns = createNamespace(this.core, this.core.root, path, customMetadata);
    return { id: ns.id, path: ns.path };
  }

  enableKv(options: KvMountOptions): void {
    const ns = this.#ns(options);
    const mount = this.core.enableMount(ns, options.path, 'kv', {
      description: options.description,
      options: { version: String(options.version) },
    });
    if (mount.backend instanceof Kv2Backend) {
      mount.backend.store.config.maxVersions = options.maxVersions ?? 0;
      mount.backend.store.config.casRequired = options.casRequired ?? false;
    }
  }

  enableAuth(
    options: InNamespace & { path: string; type: 'approle' | 'kubernetes' },
  ): void {
    this.core.enableMount(
      this.#ns(options),
      `auth/${normaliseMountPath(options.path)}`,
      options.type,
    );
  }

  writePolicy(options: InNamespace & { name: string; policy: string }): void {
    putAclPolicy(this.#ns(options), options.name, options.policy);
  }

  writePasswordPolicy(
    options: InNamespace & { name: string; policy: string },
  ): void {
    putPasswordPolicy(this.#ns(options), options.name, options.policy);
  }

  createAppRole(options: AppRoleOptions) {
    const backend = this.#backend(
      options,
      'approle',
      AppRoleBackend,
      'approle',
    );
    const role = backend.writeRole(
      options.roleName,
      {
        token_policies: options.policies,
        token_ttl: options.tokenTtlSeconds,
        token_max_ttl: options.tokenMaxTtlSeconds,
        secret_id_ttl: options.secretIdTtlSeconds,
        secret_id_num_uses: options.secretIdNumUses,
      },
      options.roleId,
    );
    const secret = backend.issueSecretId(options.roleName);
    return {
      roleId: role.roleId,
      secretId: secret.secret_id,
      secretIdAccessor: secret.secret_id_accessor,
    };
  }

  createAppRoleSecretId(
    options: InNamespace & { mount?: string; roleName: string },
  ) {
    const secret = this.#backend(
      options,
      'approle',
      AppRoleBackend,
      'approle',
    ).issueSecretId(options.roleName);
    return {
      secretId: secret.secret_id,
      secretIdAccessor: secret.secret_id_accessor,
    };
  }

  configureKubernetesAuth(options: KubernetesAuthOptions): void {
    this.#backend(
      options,
      'kubernetes',
      KubernetesAuthBackend,
      'kubernetes',
    ).writeConfig({
      kubernetes_host: options.kubernetesHost,
      kubernetes_ca_cert: options.kubernetesCaCert,
      token_reviewer_jwt: options.tokenReviewerJwt,
      issuer: options.issuer,
      disable_iss_validation: options.disableIssValidation,
    });
  }

  createKubernetesRole(options: KubernetesRoleOptions): void {
    this.#backend(
      options,
      'kubernetes',
      KubernetesAuthBackend,
      'kubernetes',
    ).writeRole(options.name, {
      bound_service_account_names: options.boundServiceAccountNames,
      bound_service_account_namespaces: options.boundServiceAccountNamespaces,
      token_policies: options.policies,
      token_ttl: options.tokenTtlSeconds,
      token_max_ttl: options.tokenMaxTtlSeconds,
      audience: options.audience,
    });
  }

  createToken(options: TokenOptions) {
    const ns = this.#ns(options);
    const policies = sanitizePolicies(
      options.policies,
      !options.noDefaultPolicy,
    );
    const entry = this.core.tokens.create({
      namespaceId: ns.id,
      policies,
      path: 'auth/token/create',
      displayName: options.displayName
        ? `token-${options.displayName}`
        : 'token',
      meta: options.meta ?? null,
      ttlSeconds:
        options.ttlSeconds ??
        (policies.includes('root') ? 0 : SYSTEM_DEFAULT_TTL_SECONDS),
      renewable: options.renewable,
    });
    return { token: entry.id, accessor: entry.accessor };
  }

  #kv(options: InNamespace & { mount: string }): Kv1Backend | Kv2Backend {
    const mount = this.#ns(options).mounts.get(
      normaliseMountPath(options.mount),
    );
    const backend = mount?.backend;
    if (!(backend instanceof Kv1Backend || backend instanceof Kv2Backend)) {
      throw new Error(`fleet-sim vault: no KV mount at ${options.mount}`);
    }
    return backend;
  }

  putSecret(options: PutSecretOptions): { version: number } {
    const backend = this.#kv(options);
    if (backend instanceof Kv1Backend) {
      backend.entries.set(options.path, structuredClone(options.data));
      return { version: 0 };
    }
    const cas = options.cas === undefined ? undefined : { cas: options.cas };
    const { meta, version } = backend.store.write(
      options.path,
      options.data,
      cas,
    );
    if (options.customMetadata)
      meta.customMetadata = { ...options.customMetadata };
    return { version };
  }

  readSecret(
    options: InNamespace & { mount: string; path: string; version?: number },
  ): SecretSnapshot | undefined {
    const backend = this.#kv(options);
    if (backend instanceof Kv1Backend) {
      const data = backend.entries.get(options.path);
      return data
        ? { data: structuredClone(data), version: 0, customMetadata: null }
        : undefined;
    }
    const result = backend.store.read(options.path, options.version);
    if (result.kind !== 'ok') return undefined;
    return {
      data: result.data,
      version: result.version,
      customMetadata: result.meta.customMetadata,
    };
  }

  revokeToken(token: string): boolean {
    return this.core.tokens.revoke(token);
  }
}
