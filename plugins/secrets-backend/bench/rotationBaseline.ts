/*
 * The baseline: the same rotation done by hand, the way a person's script does it without the
 * plugin. One Vault write, then cluster after cluster: annotate the ExternalSecret (force-sync),
 * poll GET every POLL_MS until its refreshTime moved, it is Ready and the target Secret's
 * data-hash changed; where Reloader does not restart the consumer, restart it (the pod-template
 * annotation `kubectl rollout restart` sets) and poll until the rollout is complete.
 */
import { rolloutComplete } from '../src/cluster/rolloutComplete';
import {
  dataHash,
  type KubeAdmin,
  type KubeObject,
  paths,
  pause,
  writeVault,
} from './kubeAdmin';
import { BENCH } from './rotationScenario';

const ready = (o: KubeObject) =>
  (o.status?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );

/** `until check; do sleep 1; done`: checks at once, then after every interval. */
export async function pollUntil(
  check: () => Promise<boolean>,
  intervalMs: number,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const t = performance.now();
  while (!(await check())) {
    if (performance.now() - t > timeoutMs)
      throw new Error(`baseline: timed out waiting for ${what}`);
    await pause(intervalMs);
  }
}

/**
 * One cluster's re-sync by hand: note the ExternalSecret's refreshTime and the target Secret's
 * data-hash, annotate it (force-sync), poll until it is Ready with a later refreshTime and the
 * data-hash changed.
 */
export async function syncByHand(
  kube: KubeAdmin,
  namespace: string,
  externalSecret: string,
  pollMs: number,
): Promise<void> {
  const esPath = paths.externalSecret(namespace, externalSecret);
  const secretPath = paths.secret(namespace, externalSecret);
  const es = await kube.get(esPath);
  const hashBefore = dataHash(await kube.get(secretPath));
  await kube.patch(esPath, {
    metadata: { annotations: { 'force-sync': `by-hand-${Date.now()}` } },
  });
  await pollUntil(
    async () => {
      const now = await kube.get(esPath);
      if (!ready(now) || now.status?.refreshTime === es.status?.refreshTime)
        return false;
      return dataHash(await kube.get(secretPath)) !== hashBefore;
    },
    pollMs,
    60_000,
    `${kube.cluster.name} to sync ${namespace}/${externalSecret}`,
  );
}

export interface BaselineResult {
  totalMs: number;
  perCluster: Array<{ cluster: string; syncMs: number; restartMs?: number }>;
}

export async function rotateByHand(opts: {
  kubes: KubeAdmin[];
  restarts: (clusterIndex: number) => boolean;
  vault: { url: string; rootToken: string };
  password: string;
  pollMs: number;
}): Promise<BaselineResult> {
  const t0 = performance.now();
  await writeVault(opts.vault, BENCH.vaultNamespace, BENCH.mount, BENCH.key, {
    username: BENCH.username,
    password: opts.password,
  });
  const perCluster: BaselineResult['perCluster'] = [];
  for (const [i, kube] of opts.kubes.entries()) {
    const t = performance.now();
    await syncByHand(kube, BENCH.namespace, BENCH.externalSecret, opts.pollMs);
    const syncMs = performance.now() - t;
    if (!opts.restarts(i)) {
      perCluster.push({ cluster: kube.cluster.name, syncMs });
      continue;
    }
    const depPath = paths.deployment(BENCH.namespace, BENCH.deployment);
    const patched = await kube.patch(depPath, {
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
    await pollUntil(
      async () => {
        const d = await kube.get(depPath);
        return (
          (d.metadata.generation ?? 0) >= (patched.metadata.generation ?? 0) &&
          rolloutComplete('Deployment', d)
        );
      },
      opts.pollMs,
      120_000,
      `${kube.cluster.name} to roll out`,
    );
    perCluster.push({
      cluster: kube.cluster.name,
      syncMs,
      restartMs: performance.now() - t - syncMs,
    });
  }
  return { totalMs: performance.now() - t0, perCluster };
}
