import { SimClock } from '../../clock/SimClock';
import {
  alreadyExists,
  badRequest,
  methodNotAllowed,
  notFound,
} from '../apiErrors';
import { EsoVersions } from '../esoResources';
import { deepEqual } from '../objectUtil';
import { ResourceCatalog } from '../ResourceCatalog';
import { fieldTypesFor } from '../managedFields/fieldTypes';
import {
  emptyBody,
  updateManagedFields,
} from '../managedFields/updateManagedFields';
import {
  apiVersionOf,
  ResourceDefinition,
  resourceKey,
} from '../resourceDefinition';
import { KubeObject, StoreEvent } from '../types';
import { admit } from './admission';
import { GarbageCollector } from './GarbageCollector';
import { NamespaceLifecycle } from './NamespaceLifecycle';
import { normalizeObject, specOf } from './objectMeta';
import { ObjectIndex } from './ObjectIndex';
import { ResourceTable } from './ResourceTable';
import { storeEventFor } from './storeEventCopies';
import { StoredObject } from './StoredObject';
import { CommittedEvent, WatchHistory } from './WatchHistory';
import {
  checkDeletePreconditions,
  checkPreconditions,
  decodeIncoming,
  deletionFinalizers,
  markForDeletion,
  mergeForUpdate,
  prepareForCreate,
} from './writeRules';
import { DeleteOptions, WriteOptions } from './writeOptions';

export interface ClusterStoreOptions {
  name: string;
  clock: SimClock;
  esoVersions?: EsoVersions;
  /** shared catalog (built from esoVersions when omitted) */
  catalog?: ResourceCatalog;
  /** events retained for watch resumption; older resourceVersions get 410 (default 50,000) */
  historySize?: number;
}

/**
 * One cluster's objects: the etcd + registry layer of the simulated API server (writes, admission,
 * resourceVersion, history, watch events). Objects are shared StoredObjects here; the ClusterStore
 * facade (InMemoryClusterStore) hands out copies.
 */
export class ClusterObjectRegistry {
  readonly name: string;
  readonly clock: SimClock;
  readonly catalog: ResourceCatalog;
  readonly #tables = new Map<string, ResourceTable>();
  readonly #index = new ObjectIndex();
  readonly #history: WatchHistory;
  readonly #commitListeners = new Set<(event: CommittedEvent) => void>();
  readonly #publicListeners = new Set<(event: StoreEvent) => void>();
  readonly #pending: CommittedEvent[] = [];
  #dispatching = false;
  #rv = 0;
  readonly #gc: GarbageCollector;
  readonly #namespaces: NamespaceLifecycle;

  constructor(options: ClusterStoreOptions) {
    this.name = options.name;
    this.clock = options.clock;
    this.catalog =
      options.catalog ?? new ResourceCatalog(options.esoVersions ?? 'v1');
    for (const def of this.catalog.all())
      if (!def.storage) this.#tables.set(def.key, new ResourceTable());
    this.#history = new WatchHistory(options.historySize ?? 50_000, 0);
    this.#gc = new GarbageCollector(this, this.#index);
    this.#namespaces = new NamespaceLifecycle(this);
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  get history(): WatchHistory {
    return this.#history;
  }

  table(def: ResourceDefinition): ResourceTable {
    return this.#tables.get(def.storage ? resourceKey(def.storage) : def.key)!;
  }

  keyOf(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): string {
    return def.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  /** Committed events as copies, for in-process controllers (ClusterStore.subscribe). */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#publicListeners.add(listener);
    return () => this.#publicListeners.delete(listener);
  }

  /** Raw committed events, in resourceVersion order, for watch fan-out (no copies). */
  onCommit(listener: (event: CommittedEvent) => void): () => void {
    this.#commitListeners.add(listener);
    return () => this.#commitListeners.delete(listener);
  }

  /** Fault: drop the retained history (watches and continue tokens from before now get 410). */
  compact(): void {
    this.#history.compact(this.#rv);
  }

  stored(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const entry = this.table(def).get(this.keyOf(def, namespace, name));
    if (!entry) throw notFound(def.ref, name);
    return entry;
  }

  createObject(
    def: ResourceDefinition,
    input: KubeObject,
    options: WriteOptions = {},
  ): StoredObject {
    if (!def.verbs.includes('create')) throw methodNotAllowed();
    if (def.storage && def.toStorage) {
      // type meta is checked against the view, then the storage kind takes the write
      const viewed = decodeIncoming(def, input, options.adopt);
      return this.createObject(
        this.catalog.require(def.storage),
        def.toStorage(viewed),
        { ...options, adopt: true, view: def },
      );
    }
    const obj = decodeIncoming(def, input, options.adopt);
    prepareForCreate(def, obj, this.clock.nowRfc3339());
    const { name, namespace } = obj.metadata;
    if (def.namespaced && namespace) {
      this.#namespaces.assertAcceptsContent(def, namespace, name);
    }
    admit(def, obj, undefined, options);
    const key = this.keyOf(def, namespace, name);
    if (this.table(def).get(key)) throw alreadyExists(def.ref, name);
    const normalized = normalizeObject(obj, obj.apiVersion, obj.kind);
    this.#recordManagers(def, undefined, normalized, false, options);
    if (options.dryRun) return new StoredObject(key, normalized);
    return this.#commit(def, 'ADDED', key, normalized);
  }

  /** PUT of the main resource (`status` false) or of the /status subresource. */
  replaceObject(
    def: ResourceDefinition,
    input: KubeObject,
    status: boolean,
    options: WriteOptions = {},
  ): StoredObject {
    const incoming = decodeIncoming(def, input, options.adopt);
    const { name, namespace } = incoming.metadata;
    const current = this.stored(def, namespace, name);
    const requireRv = Boolean(options.requireResourceVersion) && !status;
    checkPreconditions(def, current, incoming, requireRv);
    return this.#applyUpdate(def, current, incoming, status, options);
  }

  /** Read-modify-write on the current object (every PATCH flavour ends here). */
  patchObject(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    mutate: (current: KubeObject) => KubeObject,
    status: boolean,
    options: WriteOptions = {},
  ): StoredObject {
    const current = this.stored(def, namespace, name);
    const patched = mutate(current.copy());
    if (!patched || typeof patched !== 'object' || Array.isArray(patched)) {
      throw badRequest('the patched object is not a JSON object');
    }
    const incoming = decodeIncoming(def, patched);
    if (incoming.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${incoming.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    checkPreconditions(def, current, incoming, false);
    return this.#applyUpdate(def, current, incoming, status, options);
  }

  deleteObject(
    def: ResourceDefinition,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): { stored: StoredObject; deleted: boolean } {
    const current = this.stored(def, namespace, name);
    checkDeletePreconditions(def, current, options.preconditions ?? {});
    if (current.object.metadata.deletionTimestamp) {
      return { stored: current, deleted: false };
    }
    const isNamespace = def.key === '/namespaces';
    const finalizers = deletionFinalizers(
      current.object.metadata.finalizers ?? [],
      options.propagationPolicy,
    );
    if (finalizers.length > 0 || isNamespace) {
      const next = markForDeletion(
        def,
        current,
        this.clock.nowRfc3339(),
        finalizers,
      );
      if (options.dryRun) {
        return { stored: new StoredObject(current.key, next), deleted: false };
      }
      const stored = this.#commit(def, 'MODIFIED', current.key, next, current);
      if (isNamespace) this.#namespaces.beginTermination(name);
      this.#gc.ownerDeleting(next);
      return { stored, deleted: false };
    }
    if (options.dryRun) return { stored: current, deleted: true };
    const stored = this.#remove(def, current, options.propagationPolicy);
    return { stored, deleted: true };
  }

  /** Removes an object whose finalizers are all gone (used by update and the namespace controller). */
  finalizeNamespace(name: string): void {
    const def = this.catalog.require({ group: '', resource: 'namespaces' });
    const current = this.table(def).get(name);
    if (current) this.#remove(def, current, 'Background');
  }

  /** Number of objects of any namespaced resource left in a namespace. */
  countInNamespace(namespace: string): number {
    let n = 0;
    for (const def of this.catalog.all())
      if (def.namespaced) n += this.table(def).countIn(namespace);
    return n;
  }

  // ---- write pipeline ----

  #applyUpdate(
    def: ResourceDefinition,
    current: StoredObject,
    incoming: KubeObject,
    status: boolean,
    options: WriteOptions,
  ): StoredObject {
    const old = current.object;
    let next = mergeForUpdate(def, current, incoming, status);
    admit(def, next, old, options, status ? 'status' : '');
    if (
      def.tracksGeneration &&
      !deepEqual(specOf(next, def), specOf(old, def))
    ) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    next = normalizeObject(next, next.apiVersion, next.kind);
    this.#recordManagers(def, old, next, status, options);
    if (deepEqual(next, old)) return current;
    if (options.dryRun) return new StoredObject(current.key, next);
    if (
      next.metadata.deletionTimestamp &&
      (next.metadata.finalizers ?? []).length === 0 &&
      def.key !== '/namespaces'
    ) {
      return this.#remove(
        def,
        new StoredObject(current.key, next),
        'Background',
        current,
      );
    }
    return this.#commit(def, 'MODIFIED', current.key, next, current);
  }

  /** metadata.managedFields of a create or update (server-side apply computes its own). */
  #recordManagers(
    def: ResourceDefinition,
    old: KubeObject | undefined,
    next: KubeObject,
    status: boolean,
    options: WriteOptions,
  ): void {
    if (options.managedFieldsComputed) return;
    // a write through a view owns fields in the view's terms, like the field manager working on
    // the versioned object the client sent (events.k8s.io's note, not core's message)
    const { view } = options;
    const as = view?.fromStorage ? view : def;
    const render = (obj: KubeObject) =>
      view?.fromStorage ? view.fromStorage(obj) : obj;
    const version = options.version ?? as.storageVersion;
    const entries = updateManagedFields(
      fieldTypesFor(as, version),
      old && render(old),
      render(next),
      next.metadata.managedFields,
      {
        manager: options.fieldManager,
        apiVersion: apiVersionOf(as.ref.group, version),
        subresource: status ? 'status' : undefined,
        now: this.clock.nowRfc3339(),
      },
      emptyBody(as.kind, as.custom),
    );
    if (entries) next.metadata.managedFields = entries;
    else delete next.metadata.managedFields;
  }

  #remove(
    def: ResourceDefinition,
    current: StoredObject,
    policy: DeleteOptions['propagationPolicy'],
    previous = current,
  ): StoredObject {
    const finalState = current.copy();
    const stored = this.#commit(
      def,
      'DELETED',
      current.key,
      finalState,
      previous,
    );
    if (policy !== 'Orphan' && finalState.metadata.uid)
      this.#gc.ownerRemoved(finalState.metadata.uid);
    this.#gc.dependentRemoved(finalState);
    return stored;
  }

  #commit(
    def: ResourceDefinition,
    type: CommittedEvent['type'],
    key: string,
    obj: KubeObject,
    old?: StoredObject,
  ): StoredObject {
    const rv = ++this.#rv;
    obj.metadata.resourceVersion = String(rv);
    const stored = new StoredObject(key, obj);
    const table = this.table(def);
    if (type === 'DELETED') table.delete(key);
    else table.set(stored);
    this.#index.update(
      def.key,
      key,
      old?.object,
      type === 'DELETED' ? undefined : obj,
    );
    const event: CommittedEvent = { type, def, rv, object: stored, old };
    this.#history.push(event);
    this.#pending.push(event);
    this.#dispatch();
    return stored;
  }

  /** Delivers events in commit order even when a listener writes while being notified. */
  #dispatch(): void {
    if (this.#dispatching) return;
    this.#dispatching = true;
    try {
      while (this.#pending.length) {
        const event = this.#pending.shift()!;
        for (const listener of this.#commitListeners)
          safely(() => listener(event));
        for (const listener of this.#publicListeners) {
          safely(() => listener(storeEventFor(event)));
        }
        if (
          event.type === 'DELETED' &&
          event.object.object.metadata.namespace
        ) {
          this.#namespaces.contentRemoved(
            event.object.object.metadata.namespace,
          );
        }
      }
    } finally {
      this.#dispatching = false;
    }
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    // a listener's bug must not undo or block a committed write
    console.error('fleet-sim kube store listener failed', error);
  }
}
