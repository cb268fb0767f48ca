/*
 * The simulated controllers' own time, measured one cluster at a time while nothing else runs:
 * ESO from the force-sync annotation to the synced status (the ExternalSecret synced at its new
 * resourceVersion, Ready, and the target Secret's data-hash changed, after a fresh Vault version),
 * and a Deployment's rollout from the pod-template patch to what `kubectl rollout status` calls
 * complete. Both are watched, not polled, so the figures carry no poll interval.
 */
import { rolloutComplete } from '../src/cluster/rolloutComplete';
import {
  dataHash,
  type KubeAdmin,
  type KubeObject,
  paths,
  writeVault,
} from './kubeAdmin';
import { BENCH } from './rotationScenario';

const ready = (o: KubeObject) =>
  (o.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );

/** An ExternalSecret and the Vault key it reads: the rotation's key or the canary's. */
export interface SyncedKey {
  namespace: string;
  externalSecret: string;
  vault: { namespace?: string; mount: string; key: string };
  /** The data of a fresh version (what the rotation or the canary would write). */
  data: () => Record<string, string>;
}

export const rotationKey = (password: () => string): SyncedKey => ({
  namespace: BENCH.namespace,
  externalSecret: BENCH.externalSecret,
  vault: {
    namespace: BENCH.vaultNamespace,
    mount: BENCH.mount,
    key: BENCH.key,
  },
  data: () => ({ username: BENCH.username, password: password() }),
});

export async function reconcileTime(
  kube: KubeAdmin,
  vault: { url: string; rootToken: string },
  key: SyncedKey,
): Promise<number> {
  await writeVault(
    vault,
    key.vault.namespace,
    key.vault.mount,
    key.vault.key,
    key.data(),
  );
  const esPath = paths.externalSecret(key.namespace, key.externalSecret);
  const secretPath = paths.secret(key.namespace, key.externalSecret);
  const es = await kube.get(esPath);
  const secret = await kube.get(secretPath);
  const synced = kube.watchUntil(
    esPath,
    es.metadata.resourceVersion!,
    o =>
      ready(o) &&
      o.status?.syncedResourceVersion !== es.status?.syncedResourceVersion,
  );
  const hashed = kube.watchUntil(
    secretPath,
    secret.metadata.resourceVersion!,
    o => dataHash(o) !== dataHash(secret),
  );
  await Promise.all([synced.ready, hashed.ready]);
  const t0 = performance.now();
  await kube.patch(esPath, {
    metadata: { annotations: { 'force-sync': `bench-${Date.now()}` } },
  });
  const [a, b] = await Promise.all([synced.result, hashed.result]);
  return Math.max(a.at, b.at) - t0;
}

export async function rolloutTime(kube: KubeAdmin): Promise<number> {
  const path = paths.deployment(BENCH.namespace, BENCH.deployment);
  const before = await kube.get(path);
  const done = kube.watchUntil(
    path,
    before.metadata.resourceVersion!,
    o =>
      (o.metadata.generation ?? 0) > (before.metadata.generation ?? 0) &&
      rolloutComplete('Deployment', o),
  );
  await done.ready;
  const t0 = performance.now();
  await kube.patch(path, {
    spec: {
      template: {
        metadata: {
          annotations: {
            'kubectl.kubernetes.io/restartedAt': new Date().toISOString(),
          },
        },
      },
    },
  });
  return (await done.result).at - t0;
}
