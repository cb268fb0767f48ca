import type {
  Backend,
  BackendRequest,
  BackendResult,
  Operation,
} from '../core/backend';
import { errorResponse } from '../http/errors';
import { Kv2Store } from './Kv2Store';
import {
  configBody,
  intField,
  metadataBody,
  patchMetadata,
  versionMetadata,
  writeConfig,
  writeMetadata,
} from './kv2Metadata';
import { isPlainObject } from './mergePatch';
import { subkeysOf } from './subkeys';

const SUBCOMMAND: Record<Operation, string> = {
  create: 'put',
  update: 'put',
  patch: 'patch',
  read: 'get',
  list: 'list',
  delete: 'delete',
};

/** `data/<key>`-style paths: the key must be non-empty and must not end in "/" (matchAllNoTrailingSlashRegex). */
function keyAfter(
  prefix: string,
  path: string,
  allowDirectory = false,
): string | undefined {
  if (!path.startsWith(prefix)) return undefined;
  const key = path.slice(prefix.length);
  if (!allowDirectory && (key === '' || key.endsWith('/'))) return undefined;
  return key;
}

/** The raw `versions` field as a list: arrays as is, strings comma-separated, scalars as one item. */
function versionsList(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (typeof raw === 'string') return raw.split(',');
  if (raw === undefined) return [];
  return [raw];
}

function versionsField(
  data: Record<string, unknown>,
  emptyMessage: string,
): number[] {
  const raw = data.versions;
  const list = versionsList(raw);
  const versions = list.map(v => Number(typeof v === 'string' ? v.trim() : v));
  if (versions.some(v => !Number.isInteger(v)))
    throw errorResponse(
      `error converting input ${String(raw)} for field "versions"`,
    );
  if (versions.length === 0) throw errorResponse(emptyMessage);
  return versions;
}

/** The KV version 2 secrets engine's HTTP surface (vault-plugin-secrets-kv paths). */
export class Kv2Backend implements Backend {
  readonly type = 'kv';
  readonly store: Kv2Store;

  constructor(private readonly now: () => number) {
    this.store = new Kv2Store(now);
  }

  existenceCheck(req: BackendRequest): boolean | undefined {
    const key = keyAfter('data/', req.path) ?? keyAfter('metadata/', req.path);
    return key === undefined ? undefined : this.store.keys.has(key);
  }

  handle(req: BackendRequest): BackendResult {
    const { path, operation: op, data } = req;
    if (path === 'config') {
      if (op === 'read') return { data: configBody(this.store) };
      if (op === 'create' || op === 'update')
        return void writeConfig(this.store, data);
    }
    const dataKey = keyAfter('data/', path);
    if (dataKey !== undefined && op !== 'list')
      return this.#data(op, dataKey, data);
    const metaKey = keyAfter('metadata/', path, true);
    if (metaKey !== undefined) {
      if (op === 'list') return { data: { keys: this.store.list(metaKey) } };
      if (metaKey !== '' && !metaKey.endsWith('/'))
        return this.#metadata(op, metaKey, data);
    }
    for (const [prefix, action] of [
      ['delete/', 'delete'],
      ['undelete/', 'undelete'],
      ['destroy/', 'destroy'],
    ] as const) {
      const key = keyAfter(prefix, path);
      if (key !== undefined && (op === 'create' || op === 'update'))
        return this.#versions(action, key, data);
    }
    const subkeysKey = keyAfter('subkeys/', path);
    if (subkeysKey !== undefined && op === 'read')
      return this.#subkeys(subkeysKey, data);
    return this.#invalidPath(path, op);
  }

  #data(
    op: Operation,
    key: string,
    data: Record<string, unknown>,
  ): BackendResult {
    switch (op) {
      case 'read': {
        const result = this.store.read(key, intField(data, 'version'));
        if (result.kind === 'absent') return undefined;
        const metadata = versionMetadata(
          result.meta,
          result.version,
          result.record,
        );
        if (result.kind === 'unavailable')
          return { statusCode: 404, data: { data: null, metadata } };
        return { data: { data: result.data, metadata } };
      }
      case 'create':
      case 'update': {
        if (!isPlainObject(data.data)) throw errorResponse('no data provided');
        const { meta, version } = this.store.write(
          key,
          data.data,
          data.options,
        );
        return {
          data: versionMetadata(meta, version, meta.versions.get(version)!),
        };
      }
      case 'patch': {
        if (!isPlainObject(data.data)) throw errorResponse('no data provided');
        const result = this.store.patch(key, data.data, data.options);
        if (result.kind === 'absent')
          return { statusCode: 404, bodyless: true };
        if (result.kind === 'unavailable') {
          return {
            statusCode: 404,
            data: versionMetadata(result.meta, result.version, result.record),
          };
        }
        return {
          data: versionMetadata(
            result.meta,
            result.version,
            result.meta.versions.get(result.version)!,
          ),
        };
      }
      case 'delete':
        this.store.deleteLatest(key);
        return undefined;
      default:
        return this.#invalidPath(`data/${key}`, op);
    }
  }

  #metadata(
    op: Operation,
    key: string,
    data: Record<string, unknown>,
  ): BackendResult {
    switch (op) {
      case 'read': {
        const meta = this.store.keys.get(key);
        return meta ? { data: metadataBody(meta) } : undefined;
      }
      case 'create':
      case 'update': {
        const warnings = writeMetadata(this.store, key, data, this.now());
        return warnings.length ? { warnings } : undefined;
      }
      case 'patch': {
        const warnings = patchMetadata(this.store, key, data);
        if (!warnings) return { statusCode: 404, bodyless: true };
        return warnings.length ? { warnings } : undefined;
      }
      case 'delete':
        this.store.keys.delete(key);
        return undefined;
      default:
        return this.#invalidPath(`metadata/${key}`, op);
    }
  }

  #versions(
    action: 'delete' | 'undelete' | 'destroy',
    key: string,
    data: Record<string, unknown>,
  ): BackendResult {
    const versions = versionsField(
      data,
      action === 'destroy'
        ? 'no version number provided'
        : 'No version number provided',
    );
    if (action === 'delete') this.store.deleteVersions(key, versions);
    else if (action === 'undelete') this.store.undeleteVersions(key, versions);
    else this.store.destroyVersions(key, versions);
    return undefined;
  }

  #subkeys(key: string, data: Record<string, unknown>): BackendResult {
    const result = this.store.read(key, intField(data, 'version'));
    if (result.kind === 'absent') return undefined;
    const metadata = versionMetadata(
      result.meta,
      result.version,
      result.record,
    );
    if (result.kind === 'unavailable')
      return { statusCode: 404, data: { subkeys: null, metadata } };
    return {
      data: {
        subkeys: subkeysOf(result.data, intField(data, 'depth') ?? 0),
        metadata,
      },
    };
  }

  /** pathInvalid: a 404 carrying a warning that points at the right `vault kv` subcommand. */
  #invalidPath(path: string, op: Operation): BackendResult {
    const warning = [
      'metadata',
      'data',
      'delete',
      'undelete',
      'destroy',
    ].includes(path)
      ? 'Non-listing operations on the root of a K/V v2 mount are not supported.'
      : `Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv ${SUBCOMMAND[op]}' for this operation.`;
    return { statusCode: 404, data: null, warnings: [warning] };
  }
}
