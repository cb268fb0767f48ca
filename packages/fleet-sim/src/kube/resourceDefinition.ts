import { KubeObject, ResourceRef } from './types';

/** A column of the server-side `Table` rendering (`kubectl get` asks for `as=Table`). */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
  cell(obj: KubeObject, nowMs: number): unknown;
}

export interface SubresourceDefinition {
  name: string;
  verbs: string[];
  /** response kind of the subresource when it differs from the parent (e.g. Scale) */
  kind?: string;
  group?: string;
  version?: string;
}

/** Everything the server knows about one resource, whichever version it is served at. */
export interface ResourceDefinition {
  readonly ref: ResourceRef;
  /** `group/resource`, the store's index key */
  readonly key: string;
  readonly kind: string;
  readonly listKind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: string[];
  readonly categories: string[];
  readonly verbs: string[];
  /** served versions, highest priority first */
  readonly versions: string[];
  readonly storageVersion: string;
  readonly subresources: SubresourceDefinition[];
  /** main-resource writes ignore .status; status writes change only .status */
  readonly hasStatusSubresource: boolean;
  /** served by a CRD: unstructured semantics (list items carry kind/apiVersion, delete returns the object) */
  readonly custom: boolean;
  /** sets and bumps metadata.generation (core/v1 kinds do not) */
  readonly tracksGeneration: boolean;
  /** field selector label -> value extractor (metadata.name / metadata.namespace included) */
  readonly fieldSelectors: Record<
    string,
    (obj: KubeObject) => string | undefined
  >;
  readonly tableColumns: TableColumn[];
  /**
   * Set when the resource is another view of `storage`'s objects (events.k8s.io/v1 Events of the
   * core Events): it reads and watches that resource's table, rendered at its own apiVersion.
   */
  readonly storage?: ResourceRef;
  /** a view's object as `storage` stores it (a create through the view) */
  readonly toStorage?: (obj: KubeObject) => KubeObject;
  /** a stored object as the view shows it */
  readonly fromStorage?: (obj: KubeObject) => KubeObject;
}

export function resourceKey(ref: ResourceRef): string {
  return `${ref.group}/${ref.resource}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export const METADATA_FIELD_SELECTORS: Record<
  string,
  (obj: KubeObject) => string | undefined
> = {
  'metadata.name': obj => obj.metadata.name,
  'metadata.namespace': obj => obj.metadata.namespace ?? '',
};

export const NAME_COLUMN_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';

export const AGE_COLUMN_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';
