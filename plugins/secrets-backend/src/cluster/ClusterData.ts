import {
  ANNOTATION_KUBERNETES_ID,
  type WorkloadKind,
} from '@secrets-plugin/plugin-secrets-common';
import { ChangeSignal } from './ChangeSignal';
import { IndexedMap } from './IndexedMap';
import type {
  ClusterExternalSecretProjection,
  ExternalSecretProjection,
  PushSecretProjection,
  SecretMetaProjection,
  StoreProjection,
  WarningEventProjection,
  WorkloadProjection,
} from './projections';
import type { WatchSink } from './ListWatcher';

/** `SecretStore/<ns>/<name>` or `ClusterSecretStore//<name>`: how ExternalSecrets name a store. */
export function storeKey(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return kind === 'ClusterSecretStore'
    ? `ClusterSecretStore//${name}`
    : `SecretStore/${namespace ?? ''}/${name}`;
}

export function esStoreKey(es: ExternalSecretProjection): string {
  return storeKey(es.storeRef.kind, es.namespace, es.storeRef.name);
}

/**
 * The last segment of a remote key: the name of the Vault secret whatever mount prefix or store
 * path the key is written with. PushSecrets are indexed by it, to be matched by coordinates.
 */
export function keyLeaf(key: string): string {
  const segments = key.split('/').filter(Boolean);
  return segments[segments.length - 1] ?? '';
}

/** Keeps, per involved object, only the newest Warning event. */
export class LatestWarnings {
  readonly #events: IndexedMap<WarningEventProjection>;

  constructor(onChange?: () => void) {
    this.#events = new IndexedMap<WarningEventProjection>(
      { object: e => [e.objectKey] },
      onChange,
    );
  }

  /** Bumped on every change, like `IndexedMap.version`. */
  get version(): number {
    return this.#events.version;
  }

  /** Calls `listener` synchronously with the involved object of every Warning that changed. */
  onObjectChange(listener: (objectKey: string) => void): () => void {
    return this.#events.onEntryChange((_key, before, after) => {
      if (before) listener(before.objectKey);
      if (after && after.objectKey !== before?.objectKey)
        listener(after.objectKey);
    });
  }

  latest(objectKey: string): WarningEventProjection | undefined {
    let best: WarningEventProjection | undefined;
    for (const e of this.#events.lookup('object', objectKey)) {
      if (!best || (e.at ?? '') >= (best.at ?? '')) best = e;
    }
    return best;
  }

  readonly sink = {
    replace: (entries: Array<[string, WarningEventProjection]>) =>
      this.#events.replace(entries),
    upsert: (key: string, value: WarningEventProjection) =>
      this.#events.upsert(key, value),
    remove: (key: string) => this.#events.remove(key),
  };
}

/** One cluster's cached, indexed objects. Written only by its watchers. */
export class ClusterData {
  /** Fires (once per microtask) after any of the maps below changed. */
  readonly changes = new ChangeSignal();
  readonly externalSecrets = new IndexedMap<ExternalSecretProjection>(
    {
      entityId: es =>
        es.labels[ANNOTATION_KUBERNETES_ID]
          ? [es.labels[ANNOTATION_KUBERNETES_ID]]
          : [],
      store: es => [esStoreKey(es)],
      target: es => [`${es.namespace}/${es.targetName}`],
      namespace: es => [es.namespace],
      // Vault coordinates depend on the store too: confirmed at lookup (derive/vaultReaders)
      keyLeaf: es =>
        es.vaultRefs.length === 1 && !es.vaultRefs[0].find
          ? [keyLeaf(es.vaultRefs[0].key)]
          : [
              ...new Set(
                es.vaultRefs.filter(r => !r.find).map(r => keyLeaf(r.key)),
              ),
            ],
    },
    this.changes.notify,
  );
  readonly stores = new IndexedMap<StoreProjection>({}, this.changes.notify);
  readonly clusterStores = new IndexedMap<StoreProjection>(
    {},
    this.changes.notify,
  );
  readonly clusterExternalSecrets =
    new IndexedMap<ClusterExternalSecretProjection>({}, this.changes.notify);
  readonly pushSecrets = new IndexedMap<PushSecretProjection>(
    { keyLeaf: ps => ps.remoteKeys.map(keyLeaf) },
    this.changes.notify,
  );
  readonly secrets = new IndexedMap<SecretMetaProjection>(
    {},
    this.changes.notify,
  );
  /** Deployments, StatefulSets and DaemonSets, keyed `<kind>/<namespace>/<name>`. */
  readonly workloads = new IndexedMap<WorkloadProjection>(
    { secret: w => w.secretNames.map(s => `${w.namespace}/${s}`) },
    this.changes.notify,
  );
  /** Latest Warning event per ESO object (key from `objectKey`). */
  readonly warnings = new LatestWarnings(this.changes.notify);

  /**
   * Forgets everything, e.g. when the cluster's served ESO API changed and new watchers relist.
   * Versions only grow, so views derived from this data see the change.
   */
  clear(): void {
    for (const map of [
      this.externalSecrets,
      this.stores,
      this.clusterStores,
      this.clusterExternalSecrets,
      this.pushSecrets,
      this.secrets,
      this.workloads,
    ] as Array<IndexedMap<unknown>>)
      map.replace([]);
    this.warnings.sink.replace([]);
  }

  /** @deprecated the same map as `workloads` (every kind); use `consumersOf`. */
  get deployments(): IndexedMap<WorkloadProjection> {
    return this.workloads;
  }

  /** The workloads whose pod templates read Secret `namespace/name`, every kind. */
  consumersOf(
    namespace: string,
    secretName: string,
  ): readonly WorkloadProjection[] {
    return this.workloads.lookup('secret', `${namespace}/${secretName}`);
  }

  workload(
    kind: WorkloadKind,
    namespace: string,
    name: string,
  ): WorkloadProjection | undefined {
    return this.workloads.get(`${kind}/${namespace}/${name}`);
  }

  /**
   * One kind's watcher writes into the shared map: its keys get the kind in front, and its
   * relists replace only that kind's objects.
   */
  workloadSink(kind: WorkloadKind): WatchSink<WorkloadProjection> {
    const map = this.workloads;
    const prefix = `${kind}/`;
    return {
      replace: entries => {
        const keep = new Set(entries.map(([k]) => prefix + k));
        for (const w of [...map.values()]) {
          const key = `${w.kind}/${w.namespace}/${w.name}`;
          if (w.kind === kind && !keep.has(key)) map.remove(key);
        }
        for (const [k, v] of entries) map.upsert(prefix + k, v);
      },
      upsert: (key, value) => map.upsert(prefix + key, value),
      remove: key => map.remove(prefix + key),
    };
  }

  store(key: string): StoreProjection | undefined {
    if (key.startsWith('ClusterSecretStore/'))
      return this.clusterStores.get(key.slice('ClusterSecretStore/'.length));
    return this.stores.get(key.slice('SecretStore/'.length));
  }

  /**
   * Grows whenever anything an ExternalSecret's row is derived from (besides the ExternalSecret
   * itself) changes: a sum of counters that only ever increase.
   */
  dependenciesVersion(): number {
    return (
      this.stores.version +
      this.clusterStores.version +
      this.secrets.version +
      this.workloads.version +
      this.pushSecrets.version +
      this.warnings.version
    );
  }

  allStores(): StoreProjection[] {
    return [...this.stores.values(), ...this.clusterStores.values()];
  }
}
