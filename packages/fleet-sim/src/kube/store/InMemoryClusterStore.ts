import { applyJsonMergePatch } from '../patch/jsonMergePatch';
import {
  ClusterStore,
  KubeObject,
  ResourceRef,
  StoreWriteOptions,
} from '../types';
import {
  ClusterObjectRegistry,
  ClusterStoreOptions,
} from './ClusterObjectRegistry';
import { EventRecorder } from './EventRecorder';

export type { ClusterStoreOptions } from './ClusterObjectRegistry';

export const DEFAULT_NAMESPACES = [
  'default',
  'kube-node-lease',
  'kube-public',
  'kube-system',
];

/**
 * The ClusterStore of one simulated cluster (DESIGN.md): what in-process controllers use, with
 * deep copies in and out. The HTTP layer works on the same registry, so both paths share
 * validation, resourceVersion, generation and watch events. Starts with the namespaces every
 * cluster has.
 */
export class InMemoryClusterStore
  extends ClusterObjectRegistry
  implements ClusterStore
{
  readonly #events: EventRecorder;

  constructor(options: ClusterStoreOptions) {
    super(options);
    this.#events = new EventRecorder(this);
    for (const name of DEFAULT_NAMESPACES) {
      this.create(
        { group: '', resource: 'namespaces' },
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      );
    }
  }

  get(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const def = this.catalog.require(ref);
    return this.table(def).get(this.keyOf(def, namespace, name))?.copy();
  }

  list(ref: ResourceRef, namespace?: string): KubeObject[] {
    const def = this.catalog.require(ref);
    const ns = def.namespaced ? namespace : undefined;
    return [...this.table(def).entries(ns)].map(e => e.copy());
  }

  listShared(
    ref: ResourceRef,
    namespace?: string,
  ): ReadonlyArray<Readonly<KubeObject>> {
    const def = this.catalog.require(ref);
    const ns = def.namespaced ? namespace : undefined;
    return [...this.table(def).entries(ns)].map(e => e.object);
  }

  create(
    ref: ResourceRef,
    obj: KubeObject,
    options: StoreWriteOptions = {},
  ): KubeObject {
    return this.createObject(this.catalog.require(ref), obj, {
      fieldManager: options.fieldManager,
    }).copy();
  }

  update(
    ref: ResourceRef,
    obj: KubeObject,
    options: StoreWriteOptions = {},
  ): KubeObject {
    return this.replaceObject(this.catalog.require(ref), obj, false, {
      fieldManager: options.fieldManager,
    }).copy();
  }

  updateStatus(
    ref: ResourceRef,
    obj: KubeObject,
    options: StoreWriteOptions = {},
  ): KubeObject {
    return this.replaceObject(this.catalog.require(ref), obj, true, {
      fieldManager: options.fieldManager,
    }).copy();
  }

  adopt(
    ref: ResourceRef,
    obj: KubeObject,
    options: StoreWriteOptions = {},
  ): Readonly<KubeObject> {
    return this.createObject(this.catalog.require(ref), obj, {
      fieldManager: options.fieldManager,
      adopt: true,
    }).object;
  }

  adoptStatus(ref: ResourceRef, obj: KubeObject): Readonly<KubeObject> {
    return this.replaceObject(this.catalog.require(ref), obj, true, {
      adopt: true,
    }).object;
  }

  mergePatch(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    options: StoreWriteOptions = {},
  ): KubeObject {
    const def = this.catalog.require(ref);
    return this.patchObject(
      def,
      namespace,
      name,
      current => applyJsonMergePatch(current, patch) as KubeObject,
      false,
      { fieldManager: options.fieldManager },
    ).copy();
  }

  delete(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    return this.deleteObject(
      this.catalog.require(ref),
      namespace,
      name,
    ).stored.copy();
  }

  recordEvent(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    component?: string,
  ): void {
    this.#events.record(involved, type, reason, message, component);
  }
}
