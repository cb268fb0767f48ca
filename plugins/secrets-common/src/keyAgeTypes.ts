/**
 * Wire types of key age, rotation schedules and version drift: when the Vault version a key
 * serves was written, how old it may get, and which clusters have not picked it up yet. From
 * Vault's KV v2 metadata (versions and times) and ESO's sync times only, never a value.
 */
import type { VaultCoordinates } from './types';

/**
 * How often a key is to be rotated: the shortest of its readers' `secrets.backstage.io/rotate-every`
 * annotations and the `secrets.rotation.schedules` entries whose path holds it (the scheduler's
 * own rule).
 * @public
 */
export interface KeySchedule {
  /** As written, e.g. `30d`. */
  every: string;
  everySeconds: number;
  /** `annotation`: an ExternalSecret that reads the key says so; `config`: a `schedules` path. */
  source: 'annotation' | 'config';
  /** The matching `secrets.rotation.schedules[].path`, for `config`. */
  path?: string;
}

/**
 * The age of a key's current Vault version, and whether it is older than its schedule allows.
 * @public
 */
export interface KeyAge {
  /** Vault's `current_version`; absent when the age is not known (see `error`). */
  currentVersion?: number;
  /** `created_time` of the current version: what the age counts from. */
  versionCreatedAt?: string;
  /** Vault's `updated_time` of the key (metadata writes count too). */
  updatedAt?: string;
  ageSeconds?: number;
  schedule?: KeySchedule;
  /** When the current version reaches its maximum age (`versionCreatedAt` + `every`). */
  dueAt?: string;
  /** Older than its schedule allows: the scheduler starts (or has failed to start) a rotation. */
  overdue: boolean;
  /** When the backend read the metadata from Vault (it serves it from memory for a while). */
  checkedAt?: string;
  /** Why the age is unknown: a KV v1 key (no versions), or Vault's error. Never a value. */
  error?: string;
}

/**
 * Whether one ExternalSecret serves the key's current Vault version: it last synced (ESO's
 * `refreshTime`) after that version was written, or its target Secret is stamped with it.
 * `behind`: it still serves an older one; the row's `takesEffect` says when it will pick it up,
 * or why it will not. `unknown`: the key's current version is not known.
 * @public
 */
export interface VersionDrift {
  state: 'current' | 'behind' | 'unknown';
  /** The key's current Vault version. */
  currentVersion?: number;
  /** The version the target Secret is stamped with, when it is. */
  syncedVersion?: number;
  /** What the answer rests on. */
  basis:
    | 'stamped-version'
    | 'pinned-version'
    | 'sync-time'
    | 'never-synced'
    | 'no-metadata';
}

/** A key with a schedule, as the fleet page lists it. @public */
export interface ScheduledKey {
  /** The key's group id (the same as on the Secrets tabs). */
  id: string;
  vault: VaultCoordinates;
  age: KeyAge;
  /** The ExternalSecrets the caller may see that read it. */
  readers: Array<{ cluster: string; namespace: string; name: string }>;
}
