/*
 * The `demo` scenario: dev-eu, prod-eu and prod-us (prod-us runs an old ESO serving v1beta1 only),
 * Vault namespaces team-payments and team-search plus a platform canary path, ~30 ExternalSecrets,
 * a ClusterExternalSecret, a PushSecret and Deployments (some with Reloader annotations).
 * ESO runs with --store-requeue-interval=10m. History: everything syncs, then Vault is down for
 * ten minutes. Stores on the 10 min default fail at minute 10 and are back within seconds of
 * Vault's return, but prod-eu's `vault-search` (refreshInterval 1m) has been failing since
 * minute 1, so its backoff reached the 7 min cap: it stays NotReady for minutes after Vault is
 * back, taking its 1-minute ExternalSecret with it (flood gate, no wake-up), until bumped.
 * Two keys are there for the rotation policy: payments-api reads team-search's API token in dev-eu
 * (the tenant rule refuses team-payments a rotation of it), and payments-api/stripe's
 * `rotate-every` is shorter than the history, so it is overdue.
 * SECRETS_DEMO_BULK=N adds the benchmark's `bulk-secrets` component (demoBulk.ts); unset, nothing.
 */
import type { Scenario } from '../types';
import { seedDemoStores } from './demoStores';
import { bulkCount, seedBulk } from './demoBulk';
import { createPluginVaultToken } from './demoPluginVault';
import { configureDemoKubernetesAuth, seedDemoVault } from './demoVault';
import { seedDemoWorkloads } from './demoWorkloads';

export const demoScenario: Scenario = {
  name: 'demo',
  eso: { storeRequeueIntervalMs: 10 * 60_000 },
  plan: () => [
    { name: 'dev-eu', environment: 'dev', eso: 'v1' },
    { name: 'prod-eu', environment: 'prod', eso: 'v1' },
    { name: 'prod-us', environment: 'prod', eso: 'v1beta1-only' },
  ],
  async seed(ctx) {
    const creds = seedDemoVault(ctx);
    for (const cluster of ctx.clusters)
      seedDemoStores(cluster, ctx.vault.url, creds);
    await configureDemoKubernetesAuth(ctx);
    for (const cluster of ctx.clusters) seedDemoWorkloads(cluster);
    // read here, not through the CLI: start-demo.sh's environment reaches fleet-sim as it is
    seedBulk(ctx, bulkCount(process.env.SECRETS_DEMO_BULK));
    return { pluginVaultToken: createPluginVaultToken(ctx) };
  },
  historyDurationMs: 11 * 60_000,
  async history({ warp, vaultDown, vaultUp }) {
    await warp(30_000);
    await vaultDown();
    await warp(10 * 60_000);
    await vaultUp();
    await warp(30_000);
  },
};
