/* eslint-disable no-console */
/*
 * Canary latency (issue 14), in the rotation benchmark's run and fleet: the canary
 * ExternalSecret's own ESO reconcile in each cluster alone (watched, as for the rotation), then
 * probes through the plugin's scheduled task, then the same check by hand, cluster after cluster.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { canaryByHand } from './canaryBaseline';
import { CanaryProbes, type ProbeTiming } from './canaryProbes';
import { reconcileTime, type SyncedKey } from './controllerTime';
import { type KubeAdmin, pause, paths } from './kubeAdmin';
import { CANARY } from './rotationScenario';
import { ms, percentile } from './stats';

export interface CanaryFigures {
  clusters: number;
  /** per cluster, the median of its isolated canary reconciles */
  reconcile: number[];
  samplesPerCluster: number;
  /** the slowest cluster's own time: what no probe can beat */
  controllerMs: number;
  slowestCluster: string;
  warm: ProbeTiming;
  probes: ProbeTiming[];
  rowsRecorded: number;
  baselineMs: number;
  pollMs: number;
}

const value = () => randomBytes(24).toString('base64url');
const median = (s: number[]) => percentile(s, 50);

const canaryKey: SyncedKey = {
  namespace: CANARY.namespace,
  externalSecret: CANARY.externalSecret,
  vault: { mount: CANARY.mount, key: CANARY.key },
  data: () => ({ [CANARY.property]: value() }),
};

/** Every cluster's canary Ready, then a second boundary for ESO's whole-second refreshTime. */
async function settled(kubes: KubeAdmin[]): Promise<void> {
  const t = performance.now();
  const path = paths.externalSecret(CANARY.namespace, CANARY.externalSecret);
  for (;;) {
    const ready = await Promise.all(
      kubes.map(async k =>
        ((await k.get(path)).status?.conditions ?? []).some(
          (c: any) => c.type === 'Ready' && c.status === 'True',
        ),
      ),
    );
    if (ready.every(Boolean)) break;
    if (performance.now() - t > 60_000)
      throw new Error('the canary ExternalSecrets are not Ready');
    await pause(200);
  }
  await pause(1100);
}

export async function measureCanary(deps: {
  kubes: KubeAdmin[];
  vault: { url: string; rootToken: string };
  knex: Knex;
  /** one probe through the plugin's scheduled task, resolved when it finished */
  trigger: () => Promise<void>;
  /** GET /fleet as the platform team sees it */
  fleetPage: () => Promise<{ status: number; text: string; body: any }>;
  probes: number;
  samplesPerCluster: number;
  pollMs: number;
}): Promise<CanaryFigures> {
  const { kubes } = deps;
  if (!(deps.probes >= 1))
    throw new Error(`CANARY_PROBES must be at least 1, not ${deps.probes}`);
  await settled(kubes);
  const reconcile: number[] = [];
  for (const k of kubes) {
    const samples: number[] = [];
    for (let s = 0; s < deps.samplesPerCluster; s++)
      samples.push(await reconcileTime(k, deps.vault, canaryKey));
    reconcile.push(median(samples));
  }
  const slowest = reconcile.indexOf(Math.max(...reconcile));
  console.log(
    `canary controller, isolated: ESO reconcile p50 ${ms(
      median(reconcile),
    )} ms, max ${ms(reconcile[slowest])} ms (${kubes[slowest].cluster.name})`,
  );
  await settled(kubes);

  const names = kubes.map(k => k.cluster.name);
  const probes = new CanaryProbes({
    knex: deps.knex,
    vault: deps.vault,
    clusters: names,
    trigger: deps.trigger,
  });
  const warm = await probes.probe(); // first probe of the process, reported apart
  const timed: ProbeTiming[] = [];
  for (let p = 0; p < deps.probes; p++) {
    timed.push(await probes.probe());
    const t = timed[p];
    console.log(
      `canary probe ${p + 1}/${deps.probes}: trigger to last landed ${ms(
        t.toLastLandedMs,
      )} ms (to the write ${ms(t.toWriteMs)}, clusters p50 ${ms(
        median(t.propagationMs),
      )} / max ${ms(Math.max(...t.propagationMs))} ms after it; task ${ms(
        t.taskMs,
      )} ms)`,
    );
  }
  const { rows } = await probes.check(
    await deps.fleetPage(),
    timed[timed.length - 1] ?? warm,
  );
  if (rows !== (deps.probes + 1) * names.length)
    throw new Error(
      `CanaryStore holds ${rows} rows for ${deps.probes + 1} probes of ${
        names.length
      } clusters`,
    );

  await settled(kubes);
  const baseline = await canaryByHand({
    kubes,
    vault: deps.vault,
    value: value(),
    pollMs: deps.pollMs,
  });
  console.log(`canary by hand: ${ms(baseline.totalMs)} ms`);
  return {
    clusters: kubes.length,
    reconcile,
    samplesPerCluster: deps.samplesPerCluster,
    controllerMs: reconcile[slowest],
    slowestCluster: kubes[slowest].cluster.name,
    warm,
    probes: timed,
    rowsRecorded: rows,
    baselineMs: baseline.totalMs,
    pollMs: deps.pollMs,
  };
}
