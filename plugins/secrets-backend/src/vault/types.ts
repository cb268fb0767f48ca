/**
 * What the rotation flow asks of Vault. Values read or written pass through memory only: they
 * are never logged, cached or put in an error message.
 */

/** One KV secret on one configured Vault server. */
export interface VaultSecretRef {
  /** The server URL as SecretStores reference it (`spec.provider.vault.server`). */
  server: string;
  /** Vault Enterprise namespace, e.g. `team-payments`; absent = root. */
  namespace?: string;
  /** The KV mount, e.g. `secret` (may be nested, e.g. `kv/team`). */
  mount: string;
  /** The secret's path inside the mount, without KV v2's `data/` segment. */
  key: string;
  /** Defaults to v2, as in ESO's SecretStore. */
  kvVersion?: 'v1' | 'v2';
}

export interface KvVersionInfo {
  version: number;
  createdTime: string;
  /** Set once the version was soft-deleted. */
  deletionTime?: string;
  destroyed: boolean;
}

/** KV v2 key metadata (`<mount>/metadata/<key>`). */
export interface KvMetadata {
  currentVersion: number;
  oldestVersion: number;
  /** 0 means Vault's default of 10: older versions are destroyed on write, bounding rollback. */
  maxVersions: number;
  /** On the key only; the mount's config may require check-and-set as well. */
  casRequired: boolean;
  createdTime?: string;
  updatedTime?: string;
  deleteVersionAfter?: string;
  customMetadata: Record<string, string>;
  /** Ascending by version. */
  versions: KvVersionInfo[];
}

export interface KvSecretVersion {
  /** Absent on KV v1, which has no versions. */
  version?: number;
  data: Record<string, unknown>;
  createdTime?: string;
  customMetadata?: Record<string, string>;
}

export interface KvWriteResult {
  version: number;
  createdTime?: string;
}

/** A configured Vault server and namespace, for calls that address no secret. */
export interface VaultServerRef {
  /** The server URL as SecretStores reference it. */
  server: string;
  namespace?: string;
}

/** What the plugin's own identity may do with a secret (`sys/capabilities-self`). */
export interface KvCapabilities {
  /** The ACL paths asked about, relative to the namespace. */
  dataPath: string;
  metadataPath?: string;
  subkeysPath?: string;
  data: string[];
  metadata: string[];
  subkeys: string[];
  canRead: boolean;
  /** `update` on an existing key (a rotation writes a new version of an existing key). */
  canUpdate: boolean;
  /** `patch` on the data path: a KV v2 merge patch of some keys only. */
  canPatch: boolean;
  canReadMetadata: boolean;
  /** `patch` on the metadata path: custom_metadata merged without replacing others' keys. */
  canPatchMetadata: boolean;
  /** The key names without their values. */
  canReadSubkeys: boolean;
}

export interface VaultKv {
  /** KV v2 only: versions, check-and-set requirement, retention. */
  readMetadata(secret: VaultSecretRef): Promise<KvMetadata>;
  /** The latest or a given version, with its values (for rollback and comparison). */
  readVersion(
    secret: VaultSecretRef,
    version?: number,
  ): Promise<KvSecretVersion>;
  /**
   * KV v2 only: writes a new version if the key's current version is still `cas` (0 = only if the
   * key does not exist). A stale `cas` is a ConflictError and writes nothing.
   */
  writeVersion(
    secret: VaultSecretRef,
    data: Record<string, unknown>,
    options: { cas: number },
  ): Promise<KvWriteResult>;
  /**
   * KV v2 only: a JSON merge patch of the current version into a new one, check-and-set on
   * `cas` (the key must exist, so `cas` > 0). Keys absent from `data` are kept by Vault and never
   * pass through the backend. A stale `cas` is a ConflictError; a Vault that refuses PATCH (no
   * `patch` capability, or a Vault before 1.9 answering 405) is a NotAllowedError.
   */
  patchVersion(
    secret: VaultSecretRef,
    data: Record<string, string>,
    options: { cas: number },
  ): Promise<KvWriteResult>;
  /**
   * KV v1 only: replaces the whole secret. KV v1 has no versions and no check-and-set, so a
   * concurrent writer's change is silently lost; callers say so to the user.
   */
  overwriteUnversioned(
    secret: VaultSecretRef,
    data: Record<string, unknown>,
  ): Promise<void>;
  /** The secret's top-level key names, never their values. */
  readSubkeys(secret: VaultSecretRef): Promise<string[]>;
  /** KV v2 only: sets these custom_metadata keys, keeping every other key. */
  writeCustomMetadata(
    secret: VaultSecretRef,
    custom: Record<string, string>,
  ): Promise<void>;
  /** A value from a Vault password policy (`sys/policies/password/<name>/generate`). */
  generatePassword(server: VaultServerRef, policy: string): Promise<string>;
  /** The policy pre-flight, before offering or starting a rotation. */
  checkCapabilities(secret: VaultSecretRef): Promise<KvCapabilities>;
}
