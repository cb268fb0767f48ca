/*
 * Child process of the busy fleet benchmark: fleet-sim's `scale` scenario, plus, on the parent's
 * word, a steady stream of ExternalSecret status writes in every cluster, written into each API
 * server's store the way the simulated ESO writes status, so the plugin sees them as watch events
 * over the wire like any ESO refresh. The writer shares this process with the API servers, not
 * with the backend being measured.
 */
import { startFleet } from '@internal/fleet-sim';

const EXTERNAL_SECRETS = {
  group: 'external-secrets.io',
  resource: 'externalsecrets',
};
/** Timer period of the writer; each tick writes the changes due since the last one. */
const TICK_MS = 25;

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
  });
  let timer: NodeJS.Timeout | undefined;
  let written = 0;
  process.on(
    'message',
    async (m: { type: string; perSecond?: number; failEvery?: number }) => {
      if (m.type === 'busy') {
        clearInterval(timer);
        // each cluster walks its ExternalSecrets round-robin: ESO's refresh of one of them
        // every `failEvery`-th one fails from now on (written first, so the failing list fills
        // within seconds): the fleet page then has failing rows to count, sort and page
        const lists = fleet.clusters.map(c => {
          const all = c.api.store.listShared(EXTERNAL_SECRETS).map((o, i) => ({
            namespace: o.metadata.namespace!,
            name: o.metadata.name,
            fails: m.failEvery! > 0 && i % m.failEvery! === 0,
          }));
          return [...all.filter(e => e.fails), ...all.filter(e => !e.fails)];
        });
        const cursor = lists.map(() => 0);
        const started = performance.now();
        written = 0;
        timer = setInterval(() => {
          const due = Math.floor(
            ((performance.now() - started) / 1000) * m.perSecond! * clusters,
          );
          while (written < due) {
            const c = written % clusters;
            const list = lists[c];
            const { namespace, name, fails } = list[cursor[c]++ % list.length];
            const store = fleet.clusters[c].api.store;
            const obj = store.get(EXTERNAL_SECRETS, namespace, name);
            written++;
            if (!obj) continue;
            // what a refresh writes: the refresh time (whole seconds, like ESO's metav1.Time)
            const refreshTime = new Date(Math.floor(Date.now() / 1000) * 1000)
              .toISOString()
              .replace('.000Z', 'Z');
            delete obj.metadata.resourceVersion;
            const status = { ...obj.status, refreshTime };
            if (fails)
              status.conditions = [
                {
                  type: 'Ready',
                  status: 'False',
                  reason: 'SecretSyncedError',
                  message: 'could not get secret data from provider',
                  lastTransitionTime: refreshTime,
                },
              ];
            store.updateStatus(
              EXTERNAL_SECRETS,
              { ...obj, status },
              { fieldManager: 'external-secrets' },
            );
          }
        }, TICK_MS);
      } else if (m.type === 'quiet') {
        clearInterval(timer);
        timer = undefined;
        process.send!({ type: 'quiet', written });
      } else if (m.type === 'stop') {
        clearInterval(timer);
        await fleet.stop();
        process.exit(0);
      }
    },
  );
  // the parent going away must not leave simulated clusters running
  process.on('disconnect', () => process.exit(0));
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
