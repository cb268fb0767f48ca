import { randomUUID } from 'node:crypto';
import { badRequest, conflict, internalError, invalid } from '../apiErrors';
import { jsonCopy } from '../objectUtil';
import { apiVersionOf, ResourceDefinition } from '../resourceDefinition';
import { KubeObject } from '../types';
import {
  generateNameSuffix,
  normalizeObject,
  setGracePeriod,
} from './objectMeta';
import { StoredObject } from './StoredObject';
import { DeleteOptions } from './writeOptions';

/**
 * The registry rules around a write (k8s.io/apiserver rest.BeforeCreate/BeforeUpdate/BeforeDelete
 * and the status strategies), as pure functions of the current and incoming objects.
 */

function splitApiVersion(apiVersion: string): [string, string] {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? ['', apiVersion]
    : [apiVersion.slice(0, i), apiVersion.slice(i + 1)];
}

/**
 * A private, normalised copy of a written object at the storage version; checks type meta. An
 * adopted input (a seed handing its objects over) is taken as it is instead of copied.
 */
export function decodeIncoming(
  def: ResourceDefinition,
  input: KubeObject,
  adopt = false,
): KubeObject {
  if (
    !input ||
    typeof input !== 'object' ||
    !input.metadata ||
    typeof input.metadata !== 'object'
  ) {
    throw invalid(def.kind, def.ref.group, '', [
      {
        reason: 'FieldValueRequired',
        field: 'metadata.name',
        message: 'Required value: name or generateName is required',
      },
    ]);
  }
  const obj = adopt ? input : jsonCopy(input);
  const storage = apiVersionOf(def.ref.group, def.storageVersion);
  const [group, version] = splitApiVersion(String(obj.apiVersion ?? ''));
  if (
    obj.apiVersion !== undefined &&
    (group !== def.ref.group || !def.versions.includes(version))
  ) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${storage})`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${def.kind})`,
    );
  }
  return normalizeObject(obj, storage, def.kind);
}

/** System fields of a new object; status is dropped for kinds with a status subresource. */
export function prepareForCreate(
  def: ResourceDefinition,
  obj: KubeObject,
  now: string,
): void {
  const meta = obj.metadata as KubeObject['metadata'] & {
    generateName?: string;
  };
  if (!meta.name && meta.generateName)
    meta.name = `${meta.generateName}${generateNameSuffix()}`;
  if (meta.resourceVersion) {
    throw internalError(
      'resourceVersion should not be set on objects to be created',
    );
  }
  if (!def.namespaced) delete meta.namespace;
  meta.uid = randomUUID();
  meta.creationTimestamp = now;
  delete meta.deletionTimestamp;
  setGracePeriod(meta, undefined);
  if (def.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  if (def.hasStatusSubresource) delete obj.status;
}

function uidMismatch(
  def: ResourceDefinition,
  name: string,
  expected: string,
  actual?: string,
) {
  return conflict(
    def.ref,
    name,
    `Precondition failed: UID in precondition: ${expected}, UID in object meta: ${actual}`,
  );
}

/** Optimistic concurrency: a given resourceVersion or uid must match the current object. */
export function checkPreconditions(
  def: ResourceDefinition,
  current: StoredObject,
  incoming: KubeObject,
  requireResourceVersion: boolean,
): void {
  const { name, resourceVersion, uid } = incoming.metadata;
  if (!resourceVersion && requireResourceVersion) {
    throw invalid(def.kind, def.ref.group, name, [
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.resourceVersion',
        message: 'Invalid value: 0x0: must be specified for an update',
      },
    ]);
  }
  if (
    resourceVersion &&
    resourceVersion !== current.object.metadata.resourceVersion
  ) {
    throw conflict(def.ref, name);
  }
  if (uid && uid !== current.object.metadata.uid) {
    throw uidMismatch(def, name, uid, current.object.metadata.uid);
  }
}

export function checkDeletePreconditions(
  def: ResourceDefinition,
  current: StoredObject,
  pre: NonNullable<DeleteOptions['preconditions']>,
): void {
  const meta = current.object.metadata;
  if (pre.uid && pre.uid !== meta.uid)
    throw uidMismatch(def, meta.name, pre.uid, meta.uid);
  if (pre.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
    throw conflict(
      def.ref,
      meta.name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`,
    );
  }
}

/**
 * The object an update would store before admission: a status write takes only `.status`; a main
 * write keeps the server-owned metadata and, with a status subresource, the current status.
 */
export function mergeForUpdate(
  def: ResourceDefinition,
  current: StoredObject,
  incoming: KubeObject,
  status: boolean,
): KubeObject {
  const old = current.object;
  let next: KubeObject;
  if (status) {
    next = current.copy();
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
  } else {
    next = incoming;
    const meta = next.metadata;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.namespace = old.metadata.namespace;
    meta.deletionTimestamp = old.metadata.deletionTimestamp;
    if (!meta.deletionTimestamp) delete meta.deletionTimestamp;
    setGracePeriod(meta, old.metadata.deletionTimestamp ? 0 : undefined);
    if (def.hasStatusSubresource) {
      if (old.status === undefined) delete next.status;
      else next.status = jsonCopy(old.status);
    }
    if (old.metadata.deletionTimestamp) assertNoNewFinalizers(def, old, next);
  }
  next.metadata.generation = old.metadata.generation;
  if (next.metadata.generation === undefined) delete next.metadata.generation;
  next.metadata.resourceVersion = old.metadata.resourceVersion;
  return next;
}

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

/**
 * The finalizers a delete leaves (registry/generic/registry/store.go
 * deletionFinalizersForGarbageCollection): `orphan` for propagationPolicy Orphan,
 * `foregroundDeletion` for Foreground, neither for Background; with no policy an existing one of
 * them stands and the default (delete dependents in the background) applies.
 */
export function deletionFinalizers(
  current: string[],
  policy: DeleteOptions['propagationPolicy'],
): string[] {
  if (!policy) return current;
  const kept = current.filter(
    f => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND,
  );
  if (policy === 'Orphan') kept.push(FINALIZER_ORPHAN);
  if (policy === 'Foreground') kept.push(FINALIZER_FOREGROUND);
  return kept;
}

/** Graceful deletion: deletionTimestamp set, generation bumped, namespaces go Terminating. */
export function markForDeletion(
  def: ResourceDefinition,
  current: StoredObject,
  now: string,
  finalizers = current.object.metadata.finalizers ?? [],
): KubeObject {
  const next = current.copy();
  if (finalizers.length) next.metadata.finalizers = finalizers;
  else delete next.metadata.finalizers;
  next.metadata.deletionTimestamp = now;
  setGracePeriod(next.metadata, 0);
  if (def.tracksGeneration)
    next.metadata.generation = (next.metadata.generation ?? 0) + 1;
  if (def.key === '/namespaces')
    next.status = { ...(next.status as object), phase: 'Terminating' };
  return normalizeObject(next, next.apiVersion, next.kind);
}

function assertNoNewFinalizers(
  def: ResourceDefinition,
  old: KubeObject,
  next: KubeObject,
): void {
  const before = new Set(old.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter(f => !before.has(f));
  if (added.length) {
    throw invalid(def.kind, def.ref.group, old.metadata.name, [
      {
        reason: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
          .map(f => JSON.stringify(f))
          .join(', ')}}`,
      },
    ]);
  }
}
