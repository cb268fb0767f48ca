/**
 * Wire types of the secrets backend's HTTP API. Metadata only: no type here may ever hold a secret
 * value, a credential or a CA.
 */
import type { KeyAge, ScheduledKey, VersionDrift } from './keyAgeTypes';

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
  /** The name of the configured `secrets.vault[]` server whose URL is `server`, when there is one. */
  serverName?: string;
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

/**
 * Where a cause shown to users comes from and how old it is. ESO's Events carry a count and the
 * first and last time they were seen; a cause older than the latest success is history, not news.
 * @public
 */
export interface CauseInfo {
  /** `event`: ESO's latest Warning Event; `condition`: the Ready condition's message. */
  source: 'event' | 'condition';
  /** The Event's reason (`UpdateFailed`, `InvalidProviderConfig`, ...) or the condition's. */
  reason?: string;
  /** How many times ESO reported it (the Event's `count`, or its series count). */
  count?: number;
  firstSeenAt?: string;
  lastSeenAt?: string;
  /**
   * The cause was last seen before the row's latest successful sync, or before its store's latest
   * successful validation: an earlier failure, shown for context only.
   */
  superseded: boolean;
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
  /** Age and count of `cause`. */
  causeInfo?: CauseInfo;
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

/**
 * Why a change in Vault reaches the target Secret when it does (or never). Decided on the backend
 * by one function; the UI only renders it.
 * @public
 */
export type TakesEffectReason =
  /** Periodic and healthy: at ESO's next scheduled refresh (`at`). */
  | 'next-refresh'
  /**
   * The refresh (or backoff retry, or store validation) is due and ESO has not run it (controller
   * down or overloaded); `at` is when it was due. Applied per request, 30 s after `at`.
   */
  | 'overdue'
  /** Failing: ESO retries with exponential backoff; `at` is the estimated next retry. */
  | 'retry-backoff'
  /**
   * The store is not Ready: ESO will not fetch until the store validates (and is not woken when it
   * does); `at` is the store's estimated next validation (its own backoff retry).
   */
  | 'waits-for-store'
  /** `refreshPolicy: OnChange`: only when the ExternalSecret itself changes (or is force-synced). */
  | 'on-change'
  /** `refreshPolicy: CreatedOnce`: never, once the target Secret exists. */
  | 'created-once'
  /** `refreshInterval: 0`: never on its own. */
  | 'refresh-disabled'
  /** The ExternalSecret reads a pinned Vault version: a new version is never picked up. */
  | 'pinned-version'
  /** Not synced yet and no failure reported: ESO has not reconciled it. */
  | 'not-reconciled';

/** @public */
export interface TakesEffect {
  reason: TakesEffectReason;
  /** The instant the reason names (see each reason); absent when there is none. */
  at?: string;
  /** Whether a force-sync (or a Revalidate of its store) would make it take effect now. */
  forceSyncHelps: boolean;
}

/** Who restarts a workload when its Secret changes. @public */
export type RestartedBy = 'Reloader' | 'VSO' | 'nobody';

/** The apps/v1 kinds whose pod templates are scanned for the Secrets they consume. @public */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** @public */
export interface ConsumerWorkload {
  kind: WorkloadKind;
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
  /** Age and count of `cause`, and whether a later success superseded it. */
  causeInfo?: CauseInfo;
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
  /** When (and whether) a change in Vault reaches the target Secret without anyone acting. */
  takesEffect: TakesEffect;
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
  /**
   * Whether this ExternalSecret serves its group's current Vault version. Set in entity
   * responses when the key's version is known or asked for.
   */
  drift?: VersionDrift;
}

/** Rows that read the same Vault key. @public */
export interface SecretGroup {
  /** Stable id of the Vault coordinates, usable as a React key and in URLs. */
  id: string;
  /** The key's coordinates; `pinnedVersion` is set when any row pins one (see each row's `vault`). */
  vault: VaultCoordinates;
  rows: ExternalSecretRow[];
  /** The age of the key's current Vault version and its schedule (KV v2 metadata, never data). */
  age?: KeyAge;
}

/**
 * A configured Vault server as the backend last saw it (`sys/health`, unauthenticated and
 * value-free). Lets users tell "Vault is down" from "Vault is fine, ESO has not retried yet".
 * @public
 */
export interface VaultServerHealth {
  /** `secrets.vault[].name`. */
  name: string;
  url: string;
  state:
    | 'active'
    | 'standby'
    | 'performance-standby'
    | 'sealed'
    | 'uninitialized'
    | 'unreachable'
    | 'unknown';
  /** When `state` was last read; absent before the first check. */
  checkedAt?: string;
  /** Since when the server has been in `state` (as far as the backend saw). */
  since?: string;
  /** Why it is not healthy (HTTP status or network error), never a response body. */
  message?: string;
}

/** `GET /entities/:namespace/:kind/:name/secrets` @public */
export interface EntitySecretsResponse {
  entityRef: string;
  generatedAt: string;
  groups: SecretGroup[];
  clusters: ClusterSummary[];
  errors: ClusterError[];
  /** The Vault servers the entity's stores point at. */
  vaultServers: VaultServerHealth[];
  /** What to do about each store the entity's rows read through that is not Ready. */
  storeAdvice: StoreAdviceEntry[];
}

/**
 * `GET /entities/:namespace/:kind/:name/secrets/summary`: what the overview card shows, without
 * the rows (an entity with 1,000 ExternalSecrets answers in a few hundred bytes).
 * @public
 */
export interface EntitySecretsSummary {
  entityRef: string;
  generatedAt: string;
  /** How many ExternalSecrets the entity has in all clusters. */
  total: number;
  counts: StatusCounts;
  /** The most severe status with a non-zero count; absent when there are none. */
  worst?: SecretSyncStatus;
  /** The row the card names (worst status first); absent when every row is Synced. */
  headline?: {
    cluster: string;
    namespace: string;
    name: string;
    status: SecretSyncStatus;
    /** The row's cause, else its condition's message. */
    cause?: string;
  };
  /** The clusters that could not be (fully) read, as on the tab. */
  errors: ClusterError[];
}

/** The backend's advice for one store, as on the fleet page. @public */
export interface StoreAdviceEntry extends StoreRef {
  advice: StoreAdvice;
}

/**
 * The latest canary probe of a cluster (`secrets.canary`): a fresh value written to the canary
 * Vault path, the canary ExternalSecret force-synced, and the time until its target Secret's
 * data changed. Never the value.
 * @public
 */
export interface ClusterCanary {
  /** When the probe wrote to Vault. */
  at: string;
  outcome: 'succeeded' | 'failed' | 'timed-out';
  /** End to end: from the Vault write to the changed target Secret in this cluster. */
  propagationSeconds?: number;
  /** Why it did not succeed. */
  reason?: string;
}

/** @public */
export interface FleetCluster extends ClusterSummary {
  counts: StatusCounts;
  /** Absent when no canary is configured or it has not probed the cluster yet. */
  canary?: ClusterCanary;
}

/**
 * What a platform engineer should know about a store that is not Ready, decided on the backend.
 * @public
 */
export interface StoreAdvice {
  /**
   * `revalidate`: Vault is healthy and ESO is only in backoff, a Revalidate fixes it now;
   * `wait-for-vault`: Vault itself is not healthy, a Revalidate would fail;
   * `fix-config`: the store's configuration or credentials are rejected, only a change fixes it;
   * `unknown`: the backend cannot tell (no health for its Vault server).
   */
  action: 'revalidate' | 'wait-for-vault' | 'fix-config' | 'unknown';
  /** One sentence for the store row. */
  message: string;
  /** When ESO's own backoff retries the store (an estimate from its Events). */
  nextRetryAt?: string;
}

/** @public */
export interface StoreSummary extends StoreRef {
  health: StoreHealth;
  /** ExternalSecrets that read through this store. */
  dependents: number;
  vaultServer?: string;
  /** The configured name of `vaultServer`, when it is one of `secrets.vault[]`. */
  vaultServerName?: string;
  /** Set for stores that are not Ready. */
  advice?: StoreAdvice;
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
  vaultServers: VaultServerHealth[];
  /** Every key with a schedule that the caller may see, overdue first, then by age. */
  scheduledKeys?: ScheduledKey[];
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
  /** For `still-not-ready` stores: the provider's error, from the store's latest Warning Event. */
  cause?: string;
  /**
   * For `bumped` ExternalSecrets: what happened in the short while the backend watched it after
   * the bump (`secrets.revalidate.watchFor`, default 10 s).
   */
  after?: {
    status: SecretSyncStatus;
    /** ESO synced it again (a `refreshTime` later than the bump). */
    synced: boolean;
    cause?: string;
    waitedMs: number;
  };
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
