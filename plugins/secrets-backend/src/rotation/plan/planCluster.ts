import type {
  PlanCluster,
  PlanExternalSecret,
  PlanWorkload,
  VaultCoordinates,
} from '@secrets-plugin/plugin-secrets-common';
import { esStoreKey, type ClusterData } from '../../cluster/ClusterData';
import { restartedBy } from '../../derive/deriveRow';
import { forceSyncBlockers } from '../../derive/forceSyncBlockers';
import { pushersOf } from '../../derive/pushers';
import { storeHealth } from '../../derive/storeHealth';
import { externalSecretsReading } from '../../derive/vaultReaders';

export interface PlannedCluster {
  cluster: PlanCluster;
  /** The `secrets.backstage.io/rotate` declarations of its readers, as written. */
  declarations: string[];
}

/**
 * Everything in one cluster that a rotation of the key touches, read from the watch cache: every
 * ExternalSecret that reads it (through any store, not only the entity's), its store's health,
 * what stops a force-sync from fetching a new version, PushSecrets writing the same key, and the
 * workloads consuming the target Secrets with who restarts each.
 */
export function planCluster(
  cluster: { name: string; environment?: string; reachable: boolean },
  data: ClusterData,
  key: VaultCoordinates,
): PlannedCluster | undefined {
  const readers = externalSecretsReading(data, key);
  if (readers.length === 0) return undefined;
  const externalSecrets: PlanExternalSecret[] = [];
  const workloads = new Map<string, PlanWorkload>();
  const declarations: string[] = [];
  for (const es of readers) {
    if (es.rotate) declarations.push(es.rotate);
    const store = data.store(esStoreKey(es));
    const health = storeHealth(data, store);
    const secret = data.secrets.get(`${es.namespace}/${es.targetName}`);
    externalSecrets.push({
      namespace: es.namespace,
      name: es.name,
      store: {
        cluster: cluster.name,
        kind: es.storeRef.kind,
        name: es.storeRef.name,
        namespace:
          es.storeRef.kind === 'SecretStore' ? es.namespace : undefined,
        ready: health.ready,
      },
      refreshPolicy: es.refreshPolicy,
      blockers: forceSyncBlockers(es, 'new-version'),
      via: es.ownerClusterExternalSecret
        ? { kind: 'ClusterExternalSecret', name: es.ownerClusterExternalSecret }
        : undefined,
      target: {
        name: es.targetName,
        exists: Boolean(secret),
        dataHash: secret?.dataHash,
      },
      lastSyncAt: es.refreshTime,
      pushedBy: pushersOf(data, es).map(p => ({
        namespace: p.namespace,
        name: p.name,
      })),
      managedBy: es.managedBy,
    });
    for (const w of data.consumersOf(es.namespace, es.targetName)) {
      const id = `${w.kind}/${w.namespace}/${w.name}`;
      const known = workloads.get(id);
      if (known) {
        if (!known.secrets.includes(es.targetName))
          known.secrets.push(es.targetName);
        continue;
      }
      const by = restartedBy(w.annotations, es.targetName);
      workloads.set(id, {
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        restartedBy: by === 'nobody' ? 'us' : by,
        secrets: [es.targetName],
        ...(w.managedBy && { managedBy: w.managedBy }),
      });
    }
  }
  return {
    cluster: {
      cluster: cluster.name,
      environment: cluster.environment,
      reachable: cluster.reachable,
      externalSecrets,
      workloads: [...workloads.values()],
    },
    declarations,
  };
}
