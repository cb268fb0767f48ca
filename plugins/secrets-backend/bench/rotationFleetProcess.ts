/*
 * Child process of the rotation benchmark: runs rotationScenario.ts, so the simulated clusters'
 * controllers and API servers do not share the event loop of the backend being measured, as with
 * real clusters. Hands the parent the plugin's app-config plus what a person rotating by hand
 * holds: an admin token per cluster and Vault's root token.
 */
import { startFleet } from '@internal/fleet-sim';
import { rotationScenario } from './rotationScenario';

/** Everything, like cluster-admin: the person's kubeconfig in the baseline. */
const ADMIN_RULES = [{ verbs: ['*'], resources: ['*'] }];

async function main(): Promise<void> {
  const clusters = Number(process.env.CLUSTERS ?? 20);
  const fleet = await startFleet({
    scenario: rotationScenario(clusters),
    timeScale: 1,
    rolloutDurationMs: Number(process.env.ROLLOUT_MS ?? 5000),
  });
  process.send!({
    type: 'ready',
    appConfig: fleet.appConfig,
    vault: { url: fleet.vault.url, rootToken: fleet.vault.rootToken },
    clusters: fleet.clusters.map(c => ({
      name: c.name,
      url: c.api.url,
      caData: c.api.caData,
      adminToken: c.api.issueToken(ADMIN_RULES, { user: 'bench-admin' }),
    })),
  });
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    await fleet.stop();
    process.exit(0);
  });
  // the parent going away must not leave simulated clusters running
  process.on('disconnect', () => process.exit(0));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
