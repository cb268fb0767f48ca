/*
 * The canary's baseline: what a person checks by hand without the plugin. One Vault write of the
 * canary key, then cluster after cluster the rotation baseline's re-sync (force-sync, poll until
 * Ready with a later refreshTime and a changed data-hash). No restarts: nothing consumes the canary.
 */
import { type KubeAdmin, writeVault } from './kubeAdmin';
import { syncByHand } from './rotationBaseline';
import { CANARY } from './rotationScenario';

export async function canaryByHand(opts: {
  kubes: KubeAdmin[];
  vault: { url: string; rootToken: string };
  value: string;
  pollMs: number;
}): Promise<{ totalMs: number }> {
  const t0 = performance.now();
  await writeVault(opts.vault, undefined, CANARY.mount, CANARY.key, {
    [CANARY.property]: opts.value,
  });
  for (const kube of opts.kubes)
    await syncByHand(
      kube,
      CANARY.namespace,
      CANARY.externalSecret,
      opts.pollMs,
    );
  return { totalMs: performance.now() - t0 };
}
