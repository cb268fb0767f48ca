import { errorResponse, multiErrorText } from '../http/errors';
import {
  goDurationString,
  parseDurationSeconds,
  rfc3339Nano,
} from '../core/timefmt';
import type { KeyMetadata, Kv2Store, VersionRecord } from './Kv2Store';
import { isPlainObject, mergePatch } from './mergePatch';

const CAS_IGNORED_WARNING =
  '"cas_required" set to false, but is mandated by backend config. This value will be ignored.';

/** The per-version metadata object of data reads/writes (path_data.go). */
export function versionMetadata(
  meta: KeyMetadata,
  version: number,
  record: VersionRecord,
) {
  return {
    created_time: rfc3339Nano(record.createdMs),
    custom_metadata: meta.customMetadata,
    deletion_time:
      record.deletionMs === undefined ? '' : rfc3339Nano(record.deletionMs),
    destroyed: record.destroyed,
    version,
  };
}

/** GET metadata/<key> (pathMetadataRead). */
export function metadataBody(meta: KeyMetadata): Record<string, unknown> {
  const versions: Record<string, unknown> = {};
  for (const [number, record] of meta.versions) {
    versions[String(number)] = {
      created_time: rfc3339Nano(record.createdMs),
      deletion_time:
        record.deletionMs === undefined ? '' : rfc3339Nano(record.deletionMs),
      destroyed: record.destroyed,
    };
  }
  return {
    cas_required: meta.casRequired,
    created_time: rfc3339Nano(meta.createdMs),
    current_version: meta.currentVersion,
    custom_metadata: meta.customMetadata,
    delete_version_after: goDurationString(meta.deleteVersionAfter),
    max_versions: meta.maxVersions,
    oldest_version: meta.oldestVersion,
    updated_time: rfc3339Nano(meta.updatedMs),
    versions,
  };
}

/** validateCustomMetadata: at most 64 keys, key length 1..128, value length 1..512. */
function parseCustomMetadata(
  raw: unknown,
  dropNulls: boolean,
): Record<string, string> {
  if (!isPlainObject(raw))
    throw errorResponse('custom_metadata validation failed: expected a map');
  const entries = Object.entries(raw).filter(
    ([, v]) => !(dropNulls && v === null),
  );
  if (entries.length > 64) {
    throw errorResponse(
      multiErrorText([
        `custom_metadata validation failed: payload must contain at most 64 keys, provided ${entries.length}`,
      ]),
    );
  }
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    const text = value === null || value === undefined ? '' : String(value);
    if (key.length === 0 || key.length > 128) {
      problems.push(
        `custom_metadata validation failed: length of key ${JSON.stringify(
          key,
        )} is ${key.length} but must be 0 < len(key) <= 128`,
      );
    }
    if (text.length === 0 || text.length > 512) {
      problems.push(
        `custom_metadata validation failed: length of value for key ${JSON.stringify(
          key,
        )} is ${text.length} but must be 0 < len(value) <= 512`,
      );
    }
    out[key] = text;
  }
  if (problems.length) throw errorResponse(multiErrorText(problems));
  return out;
}

function intField(
  data: Record<string, unknown>,
  name: string,
): number | undefined {
  const raw = data[name];
  if (raw === undefined) return undefined;
  const value =
    typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw errorResponse(
      `error converting input ${String(raw)} for field "${name}"`,
    );
  }
  return value;
}

function boolField(
  data: Record<string, unknown>,
  name: string,
): boolean | undefined {
  const raw = data[name];
  if (raw === undefined) return undefined;
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw errorResponse(
    `error converting input ${String(raw)} for field "${name}"`,
  );
}

function durationField(
  data: Record<string, unknown>,
  name: string,
): number | undefined {
  if (data[name] === undefined) return undefined;
  const seconds = parseDurationSeconds(data[name]);
  if (seconds === undefined)
    throw errorResponse(
      `error converting input ${String(data[name])} for field "${name}"`,
    );
  return seconds;
}

/** POST metadata/<key> (pathMetadataWrite): creates metadata without a version when absent. */
export function writeMetadata(
  store: Kv2Store,
  key: string,
  data: Record<string, unknown>,
  now: number,
): string[] {
  const maxVersions = intField(data, 'max_versions');
  const casRequired = boolField(data, 'cas_required');
  const deleteAfter = durationField(data, 'delete_version_after');
  const custom =
    data.custom_metadata === undefined
      ? undefined
      : parseCustomMetadata(data.custom_metadata, false);
  if (
    maxVersions === undefined &&
    casRequired === undefined &&
    deleteAfter === undefined &&
    !custom
  )
    return [];
  const warnings =
    casRequired === false && store.config.casRequired
      ? [CAS_IGNORED_WARNING]
      : [];
  let meta = store.keys.get(key);
  if (!meta) {
    meta = {
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
    store.keys.set(key, meta);
  }
  if (maxVersions !== undefined) meta.maxVersions = maxVersions;
  if (casRequired !== undefined) meta.casRequired = casRequired;
  if (deleteAfter !== undefined) meta.deleteVersionAfter = deleteAfter;
  if (custom) meta.customMetadata = custom;
  return warnings;
}

/** PATCH metadata/<key> (pathMetadataPatch); undefined when the key does not exist. */
export function patchMetadata(
  store: Kv2Store,
  key: string,
  data: Record<string, unknown>,
): string[] | undefined {
  if (data.custom_metadata !== undefined)
    parseCustomMetadata(data.custom_metadata, true);
  const meta = store.keys.get(key);
  if (!meta) return undefined;
  const maxVersions = intField(data, 'max_versions');
  const casRequired = boolField(data, 'cas_required');
  const deleteAfter = durationField(data, 'delete_version_after');
  const warnings =
    casRequired === false && store.config.casRequired
      ? [CAS_IGNORED_WARNING]
      : [];
  if (maxVersions !== undefined) meta.maxVersions = maxVersions;
  if (casRequired !== undefined) meta.casRequired = casRequired;
  if (deleteAfter !== undefined) meta.deleteVersionAfter = deleteAfter;
  if (data.custom_metadata !== undefined) {
    const merged = mergePatch(
      meta.customMetadata ?? {},
      data.custom_metadata,
    ) as Record<string, unknown>;
    meta.customMetadata = Object.fromEntries(
      Object.entries(merged).map(([k, v]) => [k, String(v)]),
    );
  }
  return warnings;
}

export function configBody(store: Kv2Store): Record<string, unknown> {
  return {
    cas_required: store.config.casRequired,
    delete_version_after: goDurationString(store.config.deleteVersionAfter),
    max_versions: store.config.maxVersions,
  };
}

/** POST config (pathConfigWrite): delete_version_after < 0 disables, 0 resets. */
export function writeConfig(
  store: Kv2Store,
  data: Record<string, unknown>,
): void {
  const maxVersions = intField(data, 'max_versions');
  const casRequired = boolField(data, 'cas_required');
  const deleteAfter = durationField(data, 'delete_version_after');
  if (maxVersions !== undefined) store.config.maxVersions = maxVersions;
  if (casRequired !== undefined) store.config.casRequired = casRequired;
  if (deleteAfter !== undefined)
    store.config.deleteVersionAfter = deleteAfter < 0 ? -1 : deleteAfter;
}

export { intField };
