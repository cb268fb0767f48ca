import { errorResponse } from '../http/errors';
import { isPlainObject, mergePatch } from './mergePatch';

/** Vault keeps 10 versions unless max_versions says otherwise (vault-plugin-secrets-kv backend.go). */
export const DEFAULT_MAX_VERSIONS = 10;

export interface Kv2Config {
  maxVersions: number;
  casRequired: boolean;
  /** Seconds; 0 = unset, -1 = disabled. */
  deleteVersionAfter: number;
}

export interface VersionRecord {
  createdMs: number;
  deletionMs?: number;
  destroyed: boolean;
  /** Dropped when destroyed or pruned. */
  data?: Record<string, unknown>;
}

export interface KeyMetadata {
  versions: Map<number, VersionRecord>;
  currentVersion: number;
  oldestVersion: number;
  createdMs: number;
  updatedMs: number;
  maxVersions: number;
  casRequired: boolean;
  deleteVersionAfter: number;
  /** null until custom_metadata is first written (Go nil map). */
  customMetadata: Record<string, string> | null;
}

export type VersionRead =
  | { kind: 'absent' }
  | {
      kind: 'unavailable';
      meta: KeyMetadata;
      version: number;
      record: VersionRecord;
    }
  | {
      kind: 'ok';
      meta: KeyMetadata;
      version: number;
      record: VersionRecord;
      data: Record<string, unknown>;
    };

/**
 * One KV v2 mount's data model, following vault-plugin-secrets-kv (path_data.go, path_delete.go,
 * path_destroy.go, path_metadata.go): versions, soft delete, destroy, CAS, max_versions pruning
 * and delete_version_after. HTTP shapes are produced by kv2Backend.ts.
 */
export class Kv2Store {
  readonly keys = new Map<string, KeyMetadata>();
  config: Kv2Config = {
    maxVersions: 0,
    casRequired: false,
    deleteVersionAfter: 0,
  };

  constructor(private readonly now: () => number) {}

  isVersionLive(record: VersionRecord): boolean {
    return (
      !record.destroyed &&
      (record.deletionMs === undefined || record.deletionMs > this.now())
    );
  }

  read(key: string, version?: number): VersionRead {
    const meta = this.keys.get(key);
    if (!meta) return { kind: 'absent' };
    const number = version && version > 0 ? version : meta.currentVersion;
    const record = meta.versions.get(number);
    if (!record) return { kind: 'absent' };
    if (!this.isVersionLive(record) || !record.data)
      return { kind: 'unavailable', meta, version: number, record };
    return {
      kind: 'ok',
      meta,
      version: number,
      record,
      data: structuredClone(record.data),
    };
  }

  /** validateCheckAndSetOption. */
  checkCas(meta: KeyMetadata | undefined, options: unknown): void {
    const cas = isPlainObject(options) ? options.cas : undefined;
    if (cas !== undefined) {
      const parsed =
        typeof cas === 'string' && /^-?\d+$/.test(cas.trim())
          ? Number(cas)
          : cas;
      if (typeof parsed !== 'number' || !Number.isInteger(parsed)) {
        throw errorResponse('error parsing check-and-set parameter');
      }
      if (parsed !== (meta?.currentVersion ?? 0)) {
        throw errorResponse(
          'check-and-set parameter did not match the current version',
        );
      }
    } else if (this.config.casRequired || meta?.casRequired) {
      throw errorResponse('check-and-set parameter required for this call');
    }
  }

  write(
    key: string,
    data: Record<string, unknown>,
    options?: unknown,
  ): { meta: KeyMetadata; version: number } {
    const existing = this.keys.get(key);
    this.checkCas(existing, options);
    const meta = existing ?? this.#newMeta();
    this.keys.set(key, meta);
    return { meta, version: this.#addVersion(meta, structuredClone(data)) };
  }

  /** Merge-patch of the current version; undefined when the key or its current version is gone. */
  patch(
    key: string,
    patch: Record<string, unknown>,
    options?: unknown,
  ): PatchResult {
    const meta = this.keys.get(key);
    if (!meta) return { kind: 'absent' };
    this.checkCas(meta, options);
    const current = meta.versions.get(meta.currentVersion);
    if (!current) return { kind: 'absent' };
    if (!this.isVersionLive(current) || !current.data) {
      return {
        kind: 'unavailable',
        meta,
        version: meta.currentVersion,
        record: current,
      };
    }
    const merged = mergePatch(current.data, patch) as Record<string, unknown>;
    return { kind: 'ok', meta, version: this.#addVersion(meta, merged) };
  }

  #newMeta(): KeyMetadata {
    const now = this.now();
    return {
      versions: new Map(),
      currentVersion: 0,
      oldestVersion: 0,
      createdMs: now,
      updatedMs: now,
      maxVersions: 0,
      casRequired: false,
      deleteVersionAfter: 0,
      customMetadata: null,
    };
  }

  /** KeyMetadata.AddVersion + cleanupOldVersions. */
  #addVersion(meta: KeyMetadata, data: Record<string, unknown>): number {
    const now = this.now();
    const record: VersionRecord = { createdMs: now, destroyed: false, data };
    const after = this.#effectiveDeleteAfter(meta);
    if (after > 0) record.deletionMs = now + after * 1000;
    meta.currentVersion++;
    meta.versions.set(meta.currentVersion, record);
    meta.updatedMs = now;
    if (meta.currentVersion === 1) meta.createdMs = now;
    const max =
      Math.max(meta.maxVersions, this.config.maxVersions) ||
      DEFAULT_MAX_VERSIONS;
    if (meta.currentVersion - meta.oldestVersion >= max) {
      const versionToDelete = meta.currentVersion - max;
      for (let v = meta.oldestVersion; v <= versionToDelete; v++)
        meta.versions.delete(v);
      meta.oldestVersion = versionToDelete + 1;
    }
    return meta.currentVersion;
  }

  /** deletionTime(): the smaller non-zero of key and mount settings, unless disabled on the mount. */
  #effectiveDeleteAfter(meta: KeyMetadata): number {
    if (this.config.deleteVersionAfter < 0) return 0;
    const candidates = [
      meta.deleteVersionAfter,
      this.config.deleteVersionAfter,
    ].filter(v => v > 0);
    return candidates.length ? Math.min(...candidates) : 0;
  }

  /** DELETE data/<key>: soft-deletes the latest version if it is live. */
  deleteLatest(key: string): void {
    const meta = this.keys.get(key);
    const latest = meta?.versions.get(meta.currentVersion);
    if (latest && this.isVersionLive(latest)) latest.deletionMs = this.now();
  }

  deleteVersions(key: string, versions: number[]): void {
    const meta = this.keys.get(key);
    for (const v of versions) {
      const record = meta?.versions.get(v);
      if (record && this.isVersionLive(record)) record.deletionMs = this.now();
    }
  }

  undeleteVersions(key: string, versions: number[]): void {
    const meta = this.keys.get(key);
    if (!meta) return;
    const after = this.#effectiveDeleteAfter(meta);
    for (const v of versions) {
      const record = meta.versions.get(v);
      if (!record || record.destroyed) continue;
      record.deletionMs = after > 0 ? this.now() + after * 1000 : undefined;
    }
  }

  destroyVersions(key: string, versions: number[]): void {
    const meta = this.keys.get(key);
    for (const v of versions) {
      const record = meta?.versions.get(v);
      if (!record) continue;
      record.destroyed = true;
      delete record.data;
    }
  }

  /** Immediate children of `prefix` (a directory path ending in "/" or ""), directories with "/". */
  list(prefix: string): string[] {
    const names = new Set<string>();
    for (const key of this.keys.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      names.add(slash >= 0 ? rest.slice(0, slash + 1) : rest);
    }
    return [...names].sort();
  }
}

export type PatchResult =
  | { kind: 'absent' }
  | {
      kind: 'unavailable';
      meta: KeyMetadata;
      version: number;
      record: VersionRecord;
    }
  | { kind: 'ok'; meta: KeyMetadata; version: number };
