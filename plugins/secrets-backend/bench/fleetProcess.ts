/*
 * Child process of the cache benchmark: runs fleet-sim's `scale` scenario, so the simulated API
 * servers (and their own heap and CPU) are not inside the process whose heap and latency are
 * measured, as with real clusters. Talks to the parent over the fork IPC channel.
 */
import { startFleet } from '@internal/fleet-sim';

async function main(): Promise<void> {
  const clusters = Number(process.env.CLUSTERS ?? 50);
  const perCluster = Number(process.env.PER_CLUSTER ?? 2000);
  const t0 = performance.now();
  const fleet = await startFleet({
    scenario: 'scale',
    clusters,
    perCluster,
    timeScale: 1,
  });
  process.send!({
    type: 'ready',
    seedMs: performance.now() - t0,
    appConfig: fleet.appConfig,
    admin: fleet.admin,
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
