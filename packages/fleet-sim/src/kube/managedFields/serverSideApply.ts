import { badRequest } from '../apiErrors';
import { deepEqual } from '../objectUtil';
import { KubeApiError, KubeObject } from '../types';
import { FieldSet, pathString } from './fieldSet';
import { FieldTypes } from './fieldTypes';
import {
  compareObjects,
  isAssociative,
  isMap,
  itemElement,
  itemsByElement,
  toFieldSet,
} from './fieldWalk';
import {
  describeManager,
  encodeManagedFields,
  ManagedFieldsEntry,
  ManagerEntry,
  managerIdentifier,
  Managers,
  tryDecodeManagedFields,
} from './managedFieldsEntries';
import {
  FieldManagerRequest,
  strippedBody,
  withoutMetadataMember,
} from './updateManagedFields';

/**
 * Server-side apply (`application/apply-patch+yaml`): structured-merge-diff Updater.Apply behind
 * the API server's field manager chain. The configuration is merged into the live object by the
 * kind's schema (associative lists by key, atomic values whole); fields this applier set last time
 * and no longer sets are pruned unless another manager owns them; a changed field owned by another
 * manager is a conflict (409 with the managers and paths, internal/conflict.go) unless `force`,
 * which transfers it. The applier's set becomes exactly what it applied. kubectl's own manager
 * (`kubectl`) may take over fields its client-side apply recorded in the last-applied annotation
 * (lastAppliedManager) and keeps that annotation in step (lastAppliedUpdater). An object without
 * managed fields is first attributed to `before-first-apply`.
 */
type Obj = Record<string, unknown>;

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyRequest extends FieldManagerRequest {
  manager: string;
  force: boolean;
  /** status subresource: only .status of the configuration counts */
  statusOnly?: boolean;
  /** main resource of a kind with a status subresource: .status is reset */
  resetsStatus?: boolean;
}

export interface ApplyResult {
  object: KubeObject;
  managedFields: ManagedFieldsEntry[] | undefined;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export function mergeApplied(types: FieldTypes, live: Obj, config: Obj): Obj {
  return mergeMap(types, live, config, []);
}

function mergeMap(types: FieldTypes, l: Obj, r: Obj, names: string[]): Obj {
  const out: Obj = { ...l };
  for (const [key, value] of Object.entries(r)) {
    if (value === null) delete out[key];
    else out[key] = mergeValue(types, l[key], value, [...names, key]);
  }
  return out;
}

function mergeValue(
  types: FieldTypes,
  l: unknown,
  r: unknown,
  names: string[],
): unknown {
  const rel = types.at(names);
  if (rel.kind === 'atomic') return clone(r);
  if (isMap(r) && (l === undefined || isMap(l)))
    return mergeMap(types, (l as Obj) ?? {}, r, names);
  if (
    Array.isArray(r) &&
    isAssociative(rel) &&
    (l === undefined || Array.isArray(l))
  ) {
    const right = itemsByElement(r, rel);
    const rightOrder = [...right.keys()];
    const left = Array.isArray(l) ? l : [];
    const out: unknown[] = [];
    const emitted = new Set<string>();
    const mergeItem = (element: string, lv: unknown) => {
      const rv = right.get(element);
      out.push(
        rel.kind === 'listMap' && !rel.atomicItems && isMap(lv) && isMap(rv)
          ? mergeMap(types, lv, rv, names)
          : clone(rv),
      );
      emitted.add(element);
    };
    left.forEach((item, i) => {
      const element = itemElement(item, rel, i);
      if (!right.has(element)) {
        out.push(item);
        return;
      }
      // rhs order wins for shared items; rhs-only items before it come first
      for (const pending of rightOrder) {
        if (emitted.has(pending)) continue;
        if (pending === element) break;
        mergeItem(pending, undefined);
      }
      if (!emitted.has(element)) mergeItem(element, item);
    });
    for (const pending of rightOrder)
      if (!emitted.has(pending)) mergeItem(pending, undefined);
    return out;
  }
  return clone(r);
}

function nodeAt(set: FieldSet, path: readonly string[]): FieldSet | undefined {
  let node: FieldSet | undefined = set;
  for (const element of path) node = node?.children.get(element);
  return node;
}

/** Removes one path (a field, map entry or list item) from an object, if present. */
function removePath(
  types: FieldTypes,
  root: Obj,
  path: readonly string[],
): void {
  let node: unknown = root;
  const names: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const element = path[i];
    const last = i === path.length - 1;
    if (element.startsWith('f:')) {
      if (!isMap(node)) return;
      const name = element.slice(2);
      if (last) {
        delete node[name];
        return;
      }
      names.push(name);
      node = node[name];
      continue;
    }
    if (!Array.isArray(node)) return;
    const rel = types.at(names);
    const index = node.findIndex(
      (item, j) => itemElement(item, rel, j) === element,
    );
    if (index < 0) return;
    if (last) {
      node.splice(index, 1);
      return;
    }
    node = node[index];
  }
}

function conflictError(
  conflicts: Array<{ entry: ManagerEntry; path: string[] }>,
): KubeApiError {
  const causes = conflicts.map(c => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${describeManager(c.entry)}`,
    field: pathString(c.path),
  }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(
      conflicts[0].entry,
    )}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const who = describeManager(c.entry);
      byManager.set(who, [...(byManager.get(who) ?? []), pathString(c.path)]);
    }
    const lines: string[] = [];
    for (const who of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${who}:`);
      for (const p of byManager.get(who)!) lines.push(`- ${p}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join(
      '\n',
    )}`;
  }
  return new KubeApiError(409, 'Conflict', message, { causes });
}

function lastAppliedSet(
  types: FieldTypes,
  live: KubeObject | undefined,
): FieldSet {
  const text = live?.metadata.annotations?.[LAST_APPLIED];
  if (!text) return new FieldSet();
  try {
    const parsed = JSON.parse(text);
    return isMap(parsed)
      ? withoutMetadataMember(
          toFieldSet(types, strippedBody(parsed as KubeObject)),
        )
      : new FieldSet();
  } catch {
    return new FieldSet();
  }
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    isMap(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

/** What the applier claims: the configuration less stripped metadata and reset fields. */
function configurationSet(
  types: FieldTypes,
  config: KubeObject,
  request: ApplyRequest,
): FieldSet {
  const body = strippedBody(config);
  if (request.statusOnly) {
    return toFieldSet(
      types,
      body.status === undefined ? {} : { status: body.status },
    );
  }
  if (request.resetsStatus) delete body.status;
  return withoutMetadataMember(toFieldSet(types, body));
}

export function applyConfiguration(
  types: FieldTypes,
  live: KubeObject | undefined,
  config: KubeObject,
  request: ApplyRequest,
  emptyObject: Obj,
): ApplyResult {
  if (config.metadata?.managedFields !== undefined) {
    throw badRequest('metadata.managedFields must be nil');
  }
  const managers: Managers =
    tryDecodeManagedFields(live?.metadata.managedFields) ?? new Map();
  if (live && managers.size === 0) {
    const set = withoutMetadataMember(toFieldSet(types, strippedBody(live)));
    managers.set(
      managerIdentifier({
        manager: 'before-first-apply',
        operation: 'Update',
        apiVersion: request.apiVersion,
      }),
      {
        manager: 'before-first-apply',
        operation: 'Update',
        apiVersion: request.apiVersion,
        set,
      },
    );
  }
  const self = managerIdentifier({
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    subresource: request.subresource,
  });
  const lastSet = managers.get(self)?.set;
  const configSet = configurationSet(types, config, request);

  const base: Obj = live ? clone(live) : {};
  let applied: Obj = clone(config) as Obj;
  if (request.statusOnly) applied = { status: applied.status ?? {} };
  else if (request.resetsStatus) delete applied.status;
  const merged = mergeApplied(types, base, applied);

  let othersUnion = new FieldSet();
  for (const [id, entry] of managers)
    if (id !== self) othersUnion = othersUnion.union(entry.set);
  if (lastSet) {
    for (const path of lastSet.difference(configSet).paths()) {
      const owned = nodeAt(othersUnion, path);
      if (owned && !owned.empty) continue;
      removePath(types, merged, path);
    }
  }

  const comparison = compareObjects(
    types,
    live ? strippedBody(live) : emptyObject,
    strippedBody(merged as KubeObject),
  );
  const changed = withoutMetadataMember(
    comparison.modified.union(comparison.added),
  );
  const allowed =
    request.manager === 'kubectl'
      ? lastAppliedSet(types, live)
      : new FieldSet();
  const conflicts: Array<{ entry: ManagerEntry; path: string[] }> = [];
  let anyConflict = false;
  for (const [id, entry] of managers) {
    if (id === self) continue;
    const clash = entry.set.intersection(changed);
    if (clash.empty) continue;
    anyConflict = true;
    for (const path of clash.difference(allowed).paths())
      conflicts.push({ entry, path });
  }
  if (!request.force && conflicts.length) throw conflictError(conflicts);
  if (anyConflict) {
    for (const [id, entry] of managers)
      if (id !== self) entry.set = entry.set.difference(changed);
  }
  for (const entry of managers.values())
    entry.set = entry.set.difference(comparison.removed);
  managers.set(self, {
    manager: request.manager,
    operation: 'Apply',
    apiVersion: request.apiVersion,
    subresource: request.subresource,
    time: request.now,
    set: configSet,
  });

  const object = merged as KubeObject;
  if (
    request.manager === 'kubectl' &&
    live?.metadata.annotations?.[LAST_APPLIED] !== undefined
  ) {
    const lastApplied = clone(config);
    const annotations = { ...(lastApplied.metadata?.annotations ?? {}) };
    delete annotations[LAST_APPLIED];
    lastApplied.metadata = { ...lastApplied.metadata, annotations };
    object.metadata = {
      ...object.metadata,
      annotations: {
        ...(object.metadata.annotations ?? {}),
        [LAST_APPLIED]: `${sortedJson(lastApplied)}\n`,
      },
    };
  }

  let managedFields = encodeManagedFields(managers);
  if (live && sameApartFromTimes(live, object, managedFields)) {
    managedFields = live.metadata.managedFields as ManagedFieldsEntry[];
  }
  return { object, managedFields };
}

function sameApartFromTimes(
  live: KubeObject,
  next: KubeObject,
  managedFields: ManagedFieldsEntry[] | undefined,
): boolean {
  const untimed = (list: unknown) =>
    ((list as ManagedFieldsEntry[] | undefined) ?? []).map(e => ({
      ...e,
      time: undefined,
    }));
  return (
    deepEqual(strippedBody(live), strippedBody(next)) &&
    deepEqual(untimed(live.metadata.managedFields), untimed(managedFields))
  );
}
