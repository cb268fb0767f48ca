import { ManagedFieldsEntry } from '../types';
import { FieldSet } from './fieldSet';

/**
 * metadata.managedFields on the wire and the managers map behind it
 * (apiserver/pkg/util/managedfields/internal/managedfields.go): one entry per manager identity
 * (manager, operation, subresource and, for Update only, apiVersion), its field set in FieldsV1,
 * and the time of its last change; entries sorted by operation, time, manager, apiVersion,
 * subresource. The special value `[{}]` resets them (isResetManagedFields).
 */
export type { ManagedFieldsEntry };

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Keyed by managerIdentifier. */
export type Managers = Map<string, ManagerEntry>;

export function managerIdentifier(
  e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  return JSON.stringify({
    manager: e.manager || undefined,
    operation: e.operation,
    apiVersion: e.operation === 'Apply' ? undefined : e.apiVersion || undefined,
    subresource: e.subresource || undefined,
  });
}

export function isResetManagedFields(raw: unknown): boolean {
  return (
    Array.isArray(raw) &&
    raw.length === 1 &&
    typeof raw[0] === 'object' &&
    raw[0] !== null &&
    !Array.isArray(raw[0]) &&
    Object.keys(raw[0]).length === 0
  );
}

/** Throws on entries the server would not decode (bad operation, fieldsType or fieldsV1). */
export function decodeManagedFields(raw: unknown): Managers {
  const managers: Managers = new Map();
  if (raw === undefined || raw === null) return managers;
  if (!Array.isArray(raw)) throw new Error('managedFields must be a list');
  for (const item of raw as ManagedFieldsEntry[]) {
    if (item.operation !== 'Apply' && item.operation !== 'Update') {
      throw new Error('operation must be `Apply` or `Update`');
    }
    if (item.fieldsType !== 'FieldsV1') {
      throw new Error(`invalid fieldsType "${item.fieldsType ?? ''}"`);
    }
    const entry: ManagerEntry = {
      manager: item.manager ?? '',
      operation: item.operation,
      apiVersion: item.apiVersion ?? '',
      subresource: item.subresource || undefined,
      time: item.time,
      set: FieldSet.fromFieldsV1(item.fieldsV1 ?? {}),
    };
    managers.set(managerIdentifier(entry), entry);
  }
  return managers;
}

/** Like DecodeManagedFields, but a failure yields undefined (the caller falls back). */
export function tryDecodeManagedFields(raw: unknown): Managers | undefined {
  try {
    return decodeManagedFields(raw);
  } catch {
    return undefined;
  }
}

function timeSeconds(time?: string): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

function compareStrings(a = '', b = ''): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function encodeManagedFields(
  managers: Managers,
): ManagedFieldsEntry[] | undefined {
  const entries = [...managers.values()].filter(e => !e.set.empty);
  if (!entries.length) return undefined;
  entries.sort(
    (p, q) =>
      compareStrings(p.operation, q.operation) ||
      timeSeconds(p.time) - timeSeconds(q.time) ||
      compareStrings(p.manager, q.manager) ||
      compareStrings(p.apiVersion, q.apiVersion) ||
      compareStrings(p.subresource, q.subresource),
  );
  return entries.map(e => {
    const out: ManagedFieldsEntry = {};
    if (e.manager) out.manager = e.manager;
    out.operation = e.operation;
    if (e.apiVersion) out.apiVersion = e.apiVersion;
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = e.set.toFieldsV1();
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

/** printManager of internal/conflict.go: `"name"`, `"name" with subresource "status"`, `... using v1`. */
export function describeManager(e: ManagerEntry): string {
  let text = JSON.stringify(e.manager);
  if (e.subresource)
    text += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') text += ` using ${e.apiVersion}`;
  return text;
}

export function copyManagers(managers: Managers): Managers {
  return new Map(
    [...managers].map(([k, v]) => [k, { ...v, set: v.set.copy() }]),
  );
}
