/** A cluster the plugin watches, as read from config once at startup. */
export interface ClusterConfig {
  name: string;
  title?: string;
  url: string;
  environment?: string;
  dashboardUrl?: string;
  auth:
    | { type: 'serviceAccount'; token?: string; tokenFile?: string }
    | { type: 'kubeconfig'; path?: string; context?: string };
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  /** Where the entry came from, for error messages. */
  source: 'secrets.clusters' | 'kubernetes.clusterLocatorMethods';
}

/** The plugin's own credentials for a Vault server or namespace. */
export type VaultAuthConfig =
  | { type: 'token'; token: string }
  | { type: 'approle'; mountPath: string; roleId: string; secretId: string }
  | {
      type: 'kubernetes';
      mountPath: string;
      role: string;
      serviceAccountTokenFile: string;
    };

export interface VaultServerConfig {
  name: string;
  /** As SecretStores reference it (`spec.provider.vault.server`), normalised. */
  url: string;
  backendUrl: string;
  caData?: string;
  skipTLSVerify: boolean;
  auth: VaultAuthConfig;
  namespaces: Array<{ namespace: string; auth: VaultAuthConfig }>;
  /** How often `sys/health` is read (unauthenticated). */
  healthCheckIntervalMs: number;
}

export interface CacheConfig {
  maxBackoffMs: number;
  /** How often each cluster's served ESO API is looked up again (ESO installed, upgraded, removed). */
  discoveryIntervalMs: number;
  staleMarginMs: number;
}

export interface RevalidateConfig {
  /** How long a revalidation watches the ExternalSecrets it bumped before it answers. */
  watchForMs: number;
}

export interface SecretsConfig {
  clusters: ClusterConfig[];
  vault: VaultServerConfig[];
  cache: CacheConfig;
  revalidate: RevalidateConfig;
}
