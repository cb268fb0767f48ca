import { KubeObject } from '../types';
import { FieldSet, fieldElement } from './fieldSet';
import { FieldTypes } from './fieldTypes';
import { compareObjects, isSame } from './fieldWalk';
import {
  encodeManagedFields,
  isResetManagedFields,
  ManagedFieldsEntry,
  managerIdentifier,
  Managers,
  tryDecodeManagedFields,
} from './managedFieldsEntries';

/**
 * The Update operation of the API server's field manager (FieldManager.UpdateNoErrors with the
 * managedFieldsUpdater and stripMeta managers, structured-merge-diff Updater.Update): managed
 * fields sent by the client are taken as the new truth when they decode and are not empty (a
 * client that does not know them leaves them as read), `[{}]` resets them, status writes always
 * start from the stored ones; then every field the write added or changed moves to the writing
 * manager, and removed fields leave every manager. A write that changes nothing keeps them as
 * they were (IgnoreManagedFieldsTimestampsTransformer).
 */
export interface FieldManagerRequest {
  /** undefined for in-process writes that name no manager: removals are tracked, nothing is claimed */
  manager?: string;
  /** group/version the client wrote */
  apiVersion: string;
  subresource?: string;
  now: string;
}

/** stripMetaManager: type meta and server-owned metadata are never owned. */
const STRIPPED_META = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
];

export function strippedBody(
  obj: KubeObject | undefined,
): Record<string, unknown> {
  if (!obj) return { metadata: {} };
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const key of STRIPPED_META) delete meta[key];
  return { metadata: meta, ...rest };
}

/** `metadata` itself is stripped; its fields are not. */
export function withoutMetadataMember(set: FieldSet): FieldSet {
  const meta = set.children.get(fieldElement('metadata'));
  if (meta) meta.member = false;
  return set;
}

/**
 * The zero value a typed (built-in) registry decodes a new object into: non-pointer structs are
 * present and slices without omitempty are null, so creating one does not make their paths
 * "added" (`f:spec` has no `.` entry for a Deployment, `f:containers` none for a Pod).
 */
const podTemplate = () => ({ metadata: {}, spec: { containers: null } });
const BUILTIN_SKELETONS: Record<string, () => Record<string, unknown>> = {
  Deployment: () => ({
    spec: { template: podTemplate(), strategy: {} },
    status: {},
  }),
  StatefulSet: () => ({
    spec: { template: podTemplate(), updateStrategy: {} },
    status: {},
  }),
  DaemonSet: () => ({
    spec: { template: podTemplate(), updateStrategy: {} },
    status: {},
  }),
  Namespace: () => ({ spec: {}, status: {} }),
  Pod: () => ({ spec: { containers: null }, status: {} }),
};

export function emptyBody(
  kind: string,
  custom: boolean,
): Record<string, unknown> {
  const skeleton = custom ? undefined : BUILTIN_SKELETONS[kind];
  return { metadata: {}, ...(skeleton?.() ?? {}) };
}

export function startingManagers(
  live: KubeObject | undefined,
  incoming: unknown,
  subresource: string | undefined,
): Managers {
  if (!subresource && isResetManagedFields(incoming)) return new Map();
  const sent = subresource ? undefined : tryDecodeManagedFields(incoming);
  if (sent && sent.size) return sent;
  return tryDecodeManagedFields(live?.metadata.managedFields) ?? new Map();
}

export function updateManagedFields(
  types: FieldTypes,
  live: KubeObject | undefined,
  next: KubeObject,
  incomingManagedFields: unknown,
  request: FieldManagerRequest,
  emptyObject: Record<string, unknown>,
): ManagedFieldsEntry[] | undefined {
  const managers = startingManagers(
    live,
    incomingManagedFields,
    request.subresource,
  );
  // an in-process write that names no manager, to an object nobody manages, moves no field
  // (the comparison below would only subtract from managers there are none of): skipping it
  // keeps controller status writes cheap on large fleets
  if (!request.manager && managers.size === 0)
    return encodeManagedFields(managers);
  const comparison = compareObjects(
    types,
    live ? strippedBody(live) : emptyObject,
    strippedBody(next),
  );
  if (!isSame(comparison)) {
    const changed = withoutMetadataMember(
      comparison.modified.union(comparison.added),
    );
    const self = request.manager
      ? managerIdentifier({
          manager: request.manager,
          operation: 'Update',
          apiVersion: request.apiVersion,
          subresource: request.subresource,
        })
      : undefined;
    for (const [id, entry] of managers) {
      if (id !== self && self) entry.set = entry.set.difference(changed);
      entry.set = entry.set.difference(comparison.removed);
    }
    if (self && !changed.empty) {
      const previous = managers.get(self);
      managers.set(self, {
        manager: request.manager!,
        operation: 'Update',
        apiVersion: request.apiVersion,
        subresource: request.subresource,
        time: request.now,
        set: previous ? previous.set.union(changed) : changed,
      });
    }
  }
  return encodeManagedFields(managers);
}
