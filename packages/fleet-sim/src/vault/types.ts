import type { VaultFault } from './server/vaultFaults';
import type { SimClock } from '../clock/SimClock';

/** What sys/health reports (besides sealed / uninitialised); requests are still served. */
export type VaultHealthMode =
  | 'active'
  | 'standby'
  | 'perfstandby'
  | 'drsecondary';

export interface StartVaultServerOptions {
  clock: SimClock;
  /** Serve HTTPS with a per-run self-signed certificate for 127.0.0.1 (see `caCertPem`). */
  tls?: boolean;
  /** Simulated milliseconds added before every response (changeable with `setLatency`). */
  latencyMs?: number;
}

export interface VaultServerHandle {
  readonly url: string; // http(s)://127.0.0.1:<port>
  readonly rootToken: string; // generated per run
  /** PEM of the self-signed certificate when started with `tls: true`. */
  readonly caCertPem?: string;
  seal(): void;
  unseal(): void;
  stop(): Promise<void>; // connection refused until start()
  start(): Promise<void>; // listens again on the same port
  revokeToken(token: string): void;
  /** Per-request latency in simulated milliseconds. */
  setLatency(ms: number): void;
  /** HA / replication state reported by sys/health; `setInitialized(false)` simulates a fresh server. */
  setMode(mode: VaultHealthMode): void;
  setInitialized(initialized: boolean): void;
  /** Requests received, keyed "METHOD path" (path after /v1/, as sent; no query, no bodies). */
  requestCounts(): Record<string, number>;
  /** Answers the next matching API request(s) with a 412, 429, 5xx or a seal (see vaultFaults.ts). */
  injectFault(fault: VaultFault): void;
  /** Drops the faults not yet used up; returns how many. */
  clearFaults(): number;
  engine: VaultEngine; // in-process admin used by scenarios to seed mounts/policies/roles/secrets
}

/** `namespace` is a Vault Enterprise namespace path like `team-payments` or `a/b`; omitted = root. */
export interface InNamespace {
  namespace?: string;
}

export interface KvMountOptions extends InNamespace {
  path: string;
  version: 1 | 2;
  description?: string;
  /** KV v2 engine config (`<mount>/config`). */
  maxVersions?: number;
  casRequired?: boolean;
}

export interface AppRoleOptions extends InNamespace {
  /** Auth mount path; default `approle` (enabled on first use). */
  mount?: string;
  roleName: string;
  policies: string[];
  tokenTtlSeconds?: number;
  tokenMaxTtlSeconds?: number;
  /** Fixed role_id; random UUID otherwise. */
  roleId?: string;
  secretIdTtlSeconds?: number;
  secretIdNumUses?: number;
}

export interface KubernetesAuthOptions extends InNamespace {
  /** Auth mount path; default `kubernetes` (enabled on first use). */
  mount?: string;
  kubernetesHost: string;
  kubernetesCaCert?: string;
  tokenReviewerJwt?: string;
  issuer?: string;
  disableIssValidation?: boolean;
}

export interface KubernetesRoleOptions extends InNamespace {
  mount?: string;
  name: string;
  boundServiceAccountNames: string[];
  boundServiceAccountNamespaces: string[];
  policies: string[];
  tokenTtlSeconds?: number;
  tokenMaxTtlSeconds?: number;
  audience?: string;
}

export interface TokenOptions extends InNamespace {
  policies: string[];
  ttlSeconds?: number;
  renewable?: boolean;
  displayName?: string;
  noDefaultPolicy?: boolean;
  meta?: Record<string, string>;
}

export interface PutSecretOptions extends InNamespace {
  mount: string;
  path: string;
  data: Record<string, unknown>;
  /** KV v2 only: replaces the key's custom_metadata. */
  customMetadata?: Record<string, string>;
  /** KV v2 only: check-and-set, as `options.cas`. */
  cas?: number;
}

export interface SecretSnapshot {
  data: Record<string, unknown>;
  /** 0 for KV v1. */
  version: number;
  customMetadata: Record<string, string> | null;
}

/** In-process administration of the simulated Vault (no HTTP, no ACL); same logic as the API. */
export interface VaultEngine {
  createNamespace(
    path: string,
    customMetadata?: Record<string, string>,
  ): { id: string; path: string };
  enableKv(options: KvMountOptions): void;
  enableAuth(
    options: InNamespace & { path: string; type: 'approle' | 'kubernetes' },
  ): void;
  /** HCL or JSON ACL policy text. */
  writePolicy(options: InNamespace & { name: string; policy: string }): void;
  writePasswordPolicy(
    options: InNamespace & { name: string; policy: string },
  ): void;
  createAppRole(options: AppRoleOptions): {
    roleId: string;
    secretId: string;
    secretIdAccessor: string;
  };
  /** Another secret_id for an existing role. */
  createAppRoleSecretId(
    options: InNamespace & { mount?: string; roleName: string },
  ): { secretId: string; secretIdAccessor: string };
  configureKubernetesAuth(options: KubernetesAuthOptions): void;
  createKubernetesRole(options: KubernetesRoleOptions): void;
  createToken(options: TokenOptions): { token: string; accessor: string };
  putSecret(options: PutSecretOptions): { version: number };
  /** Latest (or given) live version; undefined when absent, deleted or destroyed. */
  readSecret(
    options: InNamespace & { mount: string; path: string; version?: number },
  ): SecretSnapshot | undefined;
  revokeToken(token: string): boolean;
}
