/**
 * Wire types of the secrets backend's HTTP API. Metadata only: no type here may ever hold a secret
 * value, a credential or a CA.
 */

/** How the backend's watch cache sees one cluster. @public */
export type ClusterConnectionState = 'connected' | 'degraded' | 'unreachable';

/** Which ESO API the cluster serves; `none` when ESO is not installed. @public */
export type EsoApiVersion = 'v1' | 'v1beta1' | 'none' | 'unknown';

/** Status of one ExternalSecret as the plugin derives it. @public */
export const secretSyncStatuses = [
  'Synced',
  'Error',
  'Stale',
  'StoreNotReady',
  'Missing',
  'Pending',
] as const;
/** @public */
export type SecretSyncStatus = (typeof secretSyncStatuses)[number];

/** @public */
export type StatusCounts = Record<SecretSyncStatus, number>;

/** @public */
export interface ClusterSummary {
  name: string;
  title?: string;
  environment?: string;
  dashboardUrl?: string;
  state: ClusterConnectionState;
  esoApiVersion: EsoApiVersion;
  /** When the cache last had a complete, current view of this cluster. */
  lastSyncAt?: string;
  lastError?: string;
  /** Seconds since `lastSyncAt` when the cluster is not connected (its data is served stale). */
  staleSeconds?: number;
}

/** A cluster that could not be (fully) read: data, never a failed page. @public */
export interface ClusterError {
  cluster: string;
  errorType:
    | 'UNREACHABLE'
    /** The API server's TLS certificate is not trusted (wrong or missing CA, expired, wrong host). */
    | 'TLS'
    | 'UNAUTHORIZED'
    | 'FORBIDDEN'
    | 'ESO_NOT_INSTALLED'
    | 'NOT_YET_SYNCED'
    | 'UNKNOWN';
  message: string;
  /** Age of the data still served for this cluster, when there is any. */
  staleSeconds?: number;
}

/** Where in Vault a value comes from. @public */
export interface VaultCoordinates {
  server?: string;
  namespace?: string;
  mount?: string;
  kvVersion?: 'v1' | 'v2';
  key: string;
  property?: string;
  /** Set when the ExternalSecret pins a version: it will not pick up a rotation. */
  pinnedVersion?: string;
  /**
   * Set when the ExternalSecret does not read one secret but finds them (`dataFrom.find`, or no
   * Vault reference at all): what it matches under `key`, a path prefix, e.g. `name ~ ^db-`.
   */
  find?: string;
}

/** @public */
export interface StoreRef {
  cluster: string;
  kind: 'SecretStore' | 'ClusterSecretStore';
  name: string;
  /** Absent for ClusterSecretStores. */
  namespace?: string;
}

/** The store's `Ready` condition as ESO wrote it. @public */
export interface StoreHealth {
  ready: boolean | 'unknown';
  reason?: string;
  message?: string;
  /** When the Ready condition last flipped. */
  since?: string;
  /** The raw error from the store's latest Warning event, when it failed. */
  cause?: string;
}

/** Why a force-sync (annotation bump) cannot make ESO fetch again. @public */
export type ForceSyncBlocker =
  | 'CreatedOnce'
  | 'RefreshIntervalZero'
  | 'PinnedVersion'
  | 'ClusterExternalSecretChild';

/** @public */
export interface ForceSyncSupport {
  supported: boolean;
  blockers: ForceSyncBlocker[];
  /** For children of a ClusterExternalSecret: bump the parent instead. */
  via?: { kind: 'ClusterExternalSecret'; name: string };
}

/** Who restarts a workload when its Secret changes. @public */
export type RestartedBy = 'Reloader' | 'VSO' | 'nobody';

/** @public */
export interface ConsumerWorkload {
  kind: 'Deployment';
  namespace: string;
  name: string;
  restartedBy: RestartedBy;
  rollout?: {
    observedGeneration?: number;
    generation?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    replicas?: number;
    complete: boolean;
  };
}

/** One ExternalSecret in one cluster. @public */
export interface ExternalSecretRow {
  cluster: string;
  namespace: string;
  name: string;
  status: SecretSyncStatus;
  /** The real cause: the latest Warning event's message, else the condition message. */
  cause?: string;
  condition?: {
    status: string;
    reason?: string;
    message?: string;
    since?: string;
  };
  store: StoreRef & { health: StoreHealth };
  refreshPolicy: 'Periodic' | 'OnChange' | 'CreatedOnce';
  refreshInterval?: string;
  /** Last successful sync (ESO's `status.refreshTime`). */
  lastSyncAt?: string;
  /** When ESO will fetch again on its own; absent when it never will. */
  nextRefreshAt?: string;
  forceSync: ForceSyncSupport;
  target: {
    name: string;
    exists: boolean;
    dataHash?: string;
    /** A Vault version stamped on the Secret through template metadata, when present. */
    vaultVersion?: string;
  };
  consumers: ConsumerWorkload[];
  /** PushSecrets in the same cluster that write to the same Vault key (they overwrite rotations). */
  pushedBy: Array<{ namespace: string; name: string }>;
  ownerClusterExternalSecret?: string;
  /**
   * This row's Vault coordinates for its group's key (clusters may differ, e.g. only prod pins a
   * version). Set in entity responses.
   */
  vault?: VaultCoordinates;
}

/** Rows that read the same Vault key. @public */
export interface SecretGroup {
  /** Stable id of the Vault coordinates, usable as a React key and in URLs. */
  id: string;
  /** The key's coordinates; `pinnedVersion` is set when any row pins one (see each row's `vault`). */
  vault: VaultCoordinates;
  rows: ExternalSecretRow[];
}

/** `GET /entities/:namespace/:kind/:name/secrets` @public */
export interface EntitySecretsResponse {
  entityRef: string;
  generatedAt: string;
  groups: SecretGroup[];
  clusters: ClusterSummary[];
  errors: ClusterError[];
}

/** @public */
export interface FleetCluster extends ClusterSummary {
  counts: StatusCounts;
}

/** @public */
export interface StoreSummary extends StoreRef {
  health: StoreHealth;
  /** ExternalSecrets that read through this store. */
  dependents: number;
  vaultServer?: string;
}

/** `GET /fleet` @public */
export interface FleetResponse {
  generatedAt: string;
  clusters: FleetCluster[];
  /** Failing first. */
  stores: StoreSummary[];
  failing: {
    items: ExternalSecretRow[];
    totalCount: number;
    offset: number;
    limit: number;
  };
  errors: ClusterError[];
}

/** @public */
export type RevalidateOutcome =
  | 'planned'
  | 'validated'
  | 'still-not-ready'
  | 'bumped'
  | 'skipped'
  | 'failed';

/** @public */
export interface RevalidateItemResult {
  cluster: string;
  kind:
    | 'SecretStore'
    | 'ClusterSecretStore'
    | 'ExternalSecret'
    | 'ClusterExternalSecret';
  namespace?: string;
  name: string;
  outcome: RevalidateOutcome;
  message?: string;
}

/** `POST /stores/revalidate` @public */
export interface RevalidateResponse {
  dryRun: boolean;
  results: RevalidateItemResult[];
}

/** `GET /health` @public */
export interface HealthResponse {
  status: 'ok';
}
