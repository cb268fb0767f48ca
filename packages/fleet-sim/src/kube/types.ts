/*
 * Contract between the simulated API server and the in-process controllers
 * (ESO, Reloader, rollout). See DESIGN.md: other parts code against exactly this.
 */

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  /** written by the server's field manager (src/kube/managedFields) */
  managedFields?: ManagedFieldsEntry[];
}

/** One field manager's entry in metadata.managedFields (meta/v1 ManagedFieldsEntry). */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: 'FieldsV1';
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** What an in-process controller says about its write, as its client would on the wire. */
export interface StoreWriteOptions {
  /** the controller's field manager (ESO: `externalsecrets.external-secrets.io/<name>`) */
  fieldManager?: string;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** 'secrets', 'externalsecrets', ... : resources are keyed by group + plural, never by version */
export interface ResourceRef {
  group: string;
  resource: string;
}

export type StoreEvent = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  ref: ResourceRef;
  object: KubeObject;
  old?: KubeObject;
};

export interface ClusterStore {
  readonly name: string;
  get(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(ref: ResourceRef, namespace?: string): KubeObject[];
  /**
   * The committed objects themselves, shared as an informer's lister hands them out (list()
   * copies each one): for controllers that only look, which must never mutate them.
   */
  listShared(
    ref: ResourceRef,
    namespace?: string,
  ): ReadonlyArray<Readonly<KubeObject>>;
  /** throws KubeApiError AlreadyExists / Invalid */
  create(
    ref: ResourceRef,
    obj: KubeObject,
    options?: StoreWriteOptions,
  ): KubeObject;
  /** 409 on stale resourceVersion when one is given */
  update(
    ref: ResourceRef,
    obj: KubeObject,
    options?: StoreWriteOptions,
  ): KubeObject;
  /** only .status changes; no generation bump */
  updateStatus(
    ref: ResourceRef,
    obj: KubeObject,
    options?: StoreWriteOptions,
  ): KubeObject;
  /**
   * Seeding: `create` through the same admission, validation and managedFields, except that the
   * store takes `obj` (and everything in it) as its own instead of copying it, and returns the
   * committed object itself. The caller never touches `obj` again and never mutates the result.
   */
  adopt(
    ref: ResourceRef,
    obj: KubeObject,
    options?: StoreWriteOptions,
  ): Readonly<KubeObject>;
  /** `updateStatus` with `adopt`'s hand-over: `obj`'s status becomes the store's */
  adoptStatus(ref: ResourceRef, obj: KubeObject): Readonly<KubeObject>;
  mergePatch(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options?: StoreWriteOptions,
  ): KubeObject;
  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): KubeObject;
  /** synchronous, after each committed write */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  recordEvent(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component?: string,
  ): void;
}

/** Rendered on the wire as a `kind: Status` body with this code and reason. */
export class KubeApiError extends Error {
  code: number;
  reason: string;
  details?: unknown;

  constructor(
    code: number,
    reason: string,
    message: string,
    details?: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}
