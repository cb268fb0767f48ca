import type {
  PlanCluster,
  PlanExternalSecret,
} from '@secrets-plugin/plugin-secrets-common';
import type { ClusterData } from '../cluster/ClusterData';
import type { ExternalSecretProjection } from '../cluster/projections';
import type { CanaryTarget } from '../config/readCanaryConfig';

/**
 * The canary's ExternalSecrets in one cluster as a rotation plan would list them, taken before the
 * Vault write: their target Secrets' data-hash and last sync are what the proof must differ from,
 * so the rotation's force-sync and verify apply unchanged. A string says why there is none.
 */
export function canaryCluster(
  cluster: string,
  data: ClusterData,
  target: CanaryTarget,
): PlanCluster | string {
  const found =
    target.kind === 'ExternalSecret'
      ? [data.externalSecrets.get(`${target.namespace}/${target.name}`)].filter(
          (es): es is ExternalSecretProjection => es !== undefined,
        )
      : [...data.externalSecrets.values()].filter(
          es => es.ownerClusterExternalSecret === target.name,
        );
  if (!found.length)
    return target.kind === 'ExternalSecret'
      ? `the canary ExternalSecret ${target.namespace}/${target.name} is not in cluster ${cluster}`
      : `the canary ClusterExternalSecret ${target.name} has no ExternalSecret in cluster ${cluster}`;
  return {
    cluster,
    reachable: true,
    workloads: [],
    externalSecrets: found.map(es => planned(cluster, data, es, target)),
  };
}

/**
 * True while the canary ClusterExternalSecret is in the cluster but ESO has not created its
 * ExternalSecrets yet (it does so asynchronously, e.g. right after the cluster or the backend
 * started): worth waiting for, unlike a cluster that has no canary at all.
 */
export function canaryPending(
  data: ClusterData,
  target: CanaryTarget,
): boolean {
  if (target.kind !== 'ClusterExternalSecret') return false;
  const present = [...data.clusterExternalSecrets.values()].some(
    ces => ces.name === target.name,
  );
  return (
    present &&
    ![...data.externalSecrets.values()].some(
      es => es.ownerClusterExternalSecret === target.name,
    )
  );
}

function planned(
  cluster: string,
  data: ClusterData,
  es: ExternalSecretProjection,
  target: CanaryTarget,
): PlanExternalSecret {
  const secret = data.secrets.get(`${es.namespace}/${es.targetName}`);
  return {
    namespace: es.namespace,
    name: es.name,
    store: {
      cluster,
      kind: es.storeRef.kind,
      name: es.storeRef.name,
      ready: 'unknown',
    },
    refreshPolicy: es.refreshPolicy,
    blockers: [],
    ...(target.kind === 'ClusterExternalSecret' && {
      via: { kind: 'ClusterExternalSecret', name: target.name },
    }),
    target: {
      name: es.targetName,
      exists: secret !== undefined,
      dataHash: secret?.dataHash,
    },
    lastSyncAt: es.refreshTime,
    pushedBy: [],
  };
}
