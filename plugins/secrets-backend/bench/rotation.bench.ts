/* eslint-disable no-console */
/*
 * Benchmark of one-click rotation (issue 11): 20 fleet-sim clusters (child process) reading one
 * Vault key, the plugin as the backend runs it (startTestBackend, SQLite, the plugin's own Vault
 * policy and ClusterRole), timed from POST /rotations to the rotation's recorded finish. In the
 * same run and fleet: the simulated controllers' own time (watched, one cluster at a time) and a
 * baseline of the same steps done by hand, cluster after cluster, polling. Then, same run and
 * fleet, canary latency (issue 14): probes through the plugin's scheduled canary task against
 * the canary ExternalSecret's own reconcile and the same check by hand (canaryBench.ts).
 * Run: npm run bench (plugins/secrets-backend). ROTATION_CLUSTERS (20), ROTATIONS (5), ROLLOUT_MS (5000),
 * POLL_MS (1000), CANARY_PROBES (5), OUT=path writes the markdown report, BENCH_ENFORCE=1 exits
 * non-zero when a target is missed. CI size (~50 s): ROTATION_CLUSTERS=6 ROTATIONS=3
 * CANARY_PROBES=3 ROLLOUT_MS=500 BENCH_ENFORCE=1 (500 ms rollouts keep the speed-up clear of 5x:
 * with few clusters a long rollout is most of both the rotation and the baseline).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { knex as createKnex } from 'knex';
import request from 'supertest';
import { rolloutComplete } from '../src/cluster/rolloutComplete';
import { secretsPlugin } from '../src/plugin';
import { measureCanary } from './canaryBench';
import { CANARY_TASK, canaryConfig } from './canaryConfig';
import { canaryRows } from './canaryRows';
import { reconcileTime, rolloutTime, rotationKey } from './controllerTime';
import { KubeAdmin, pause, paths } from './kubeAdmin';
import { rotateByHand } from './rotationBaseline';
import { startRotationFleet } from './rotationFleetChild';
import { BENCH, usesReloader } from './rotationScenario';
import { markdownTable, ms, percentile } from './stats';
import { Targets } from './targets';

// not CLUSTERS: that one sizes the cache benchmark, which `npm run bench` runs first
const CLUSTERS = Number(process.env.ROTATION_CLUSTERS ?? 20);
const ROTATIONS = Number(process.env.ROTATIONS ?? 5);
const ROLLOUT_MS = Number(process.env.ROLLOUT_MS ?? 5000);
const POLL_MS = Number(process.env.POLL_MS ?? 1000);
const CANARY_PROBES = Number(process.env.CANARY_PROBES ?? 5);
/** isolated reconcile samples per cluster (the cluster's own time is their median) */
const RECONCILE_SAMPLES = 3;
/** isolated rollout samples, each in a different cluster the rotation restarts */
const ROLLOUT_SAMPLES = 3;
const TARGET_OVERHEAD_MS = 500;
const TARGET_RATIO = 5;

const ALICE = 'user:default/alice';
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: BENCH.component,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': BENCH.component },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};
const newPassword = () => randomBytes(18).toString('base64url');
const median = (s: number[]) => percentile(s, 50);

async function main(): Promise<void> {
  console.log(
    `starting fleet-sim: ${CLUSTERS} clusters reading ${BENCH.vaultNamespace}/${BENCH.mount}/${BENCH.key}, rollouts ${ROLLOUT_MS} ms (child process)`,
  );
  const fleet = await startRotationFleet({
    clusters: CLUSTERS,
    rolloutMs: ROLLOUT_MS,
  });
  const kubes = fleet.clusters.map(c => new KubeAdmin(c));
  const restartedByUs = (i: number) => !usesReloader(i);
  let stopBackend: (() => Promise<void>) | undefined;
  // the plugin's own database, so the benchmark can read what CanaryStore recorded
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  // tasks run when the benchmark triggers them, never by themselves
  const scheduler = mockServices.scheduler();
  try {
    const backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
              tenants: [
                {
                  owner: BENCH.owner,
                  vault: [
                    {
                      server: 'vault',
                      namespace: BENCH.vaultNamespace,
                      paths: [`${BENCH.mount}/bench/`],
                    },
                  ],
                },
              ],
              rotation: {
                verifyTimeout: { seconds: 60 },
                restartTimeout: { seconds: 120 },
              },
              canary: canaryConfig(60),
            },
          } as any,
        }),
        mockServices.database.factory({ knex }),
        (scheduler as any).factory({ skipTaskRunOnStartup: true }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.permissions.factory(),
      ],
    });
    stopBackend = () => backend.stop();
    const call = async (
      method: 'get' | 'post',
      path: string,
      body?: unknown,
    ) => {
      const req = request(backend.server)
        [method](`/api/secrets${path}`)
        .set('Authorization', mockCredentials.user.header(ALICE));
      return body === undefined ? req : req.send(body as object);
    };

    // everything synced once, every consumer rolled out, the cache connected everywhere
    const settle = async () => {
      const t = performance.now();
      for (;;) {
        const states = await Promise.all(
          kubes.map(async k => {
            const es = await k.get(
              paths.externalSecret(BENCH.namespace, BENCH.externalSecret),
            );
            const d = await k.get(
              paths.deployment(BENCH.namespace, BENCH.deployment),
            );
            return (
              (es.status?.conditions ?? []).some(
                (c: any) => c.type === 'Ready' && c.status === 'True',
              ) && rolloutComplete('Deployment', d)
            );
          }),
        );
        const f = await call('get', '/fleet');
        if (
          states.every(Boolean) &&
          f.body.clusters?.length === CLUSTERS &&
          f.body.clusters.every((c: any) => c.state === 'connected')
        )
          break;
        if (performance.now() - t > 120_000)
          throw new Error('fleet did not settle');
        await pause(200);
      }
      // ESO's refreshTime has whole seconds: the next sync must land in a later second
      await pause(1100);
    };
    await settle();

    // 1: the controllers' own time, one cluster at a time
    const reconcile: number[] = [];
    for (const k of kubes) {
      const samples: number[] = [];
      for (let s = 0; s < RECONCILE_SAMPLES; s++)
        samples.push(
          await reconcileTime(k, fleet.vault, rotationKey(newPassword)),
        );
      reconcile.push(median(samples));
    }
    const rollouts: number[] = [];
    const restartIdx = kubes.map((_, i) => i).filter(restartedByUs);
    for (const i of restartIdx.slice(0, ROLLOUT_SAMPLES))
      rollouts.push(await rolloutTime(kubes[i]));
    const rollout = median(rollouts);
    const ownTime = kubes.map(
      (_, i) => reconcile[i] + (restartedByUs(i) ? rollout : 0),
    );
    const slowest = ownTime.indexOf(Math.max(...ownTime));
    const controllerMs = ownTime[slowest];
    console.log(
      `controller, isolated: ESO reconcile p50 ${ms(
        median(reconcile),
      )} ms, max ${ms(
        Math.max(...reconcile),
      )} ms (${CLUSTERS} clusters x ${RECONCILE_SAMPLES}); rollout ${rollouts
        .map(ms)
        .join(', ')} ms; slowest cluster ${fleet.clusters[slowest].name}: ${ms(
        controllerMs,
      )} ms`,
    );
    await settle();

    // 2: the subject: rotations through the plugin's HTTP API
    const entitySecrets = await call(
      'get',
      `/entities/default/component/${BENCH.component}/secrets`,
    );
    const group = entitySecrets.body.groups?.find(
      (g: any) => g.vault?.key === BENCH.key,
    );
    if (!group)
      throw new Error(
        `no group for ${BENCH.key}: ${JSON.stringify(entitySecrets.body)}`,
      );
    const body = (dryRun: boolean) => ({
      entityRef: `component:default/${BENCH.component}`,
      groupId: group.id,
      reason: 'benchmark rotation of the shared DB password',
      dryRun,
    });
    const dry = await call('post', '/rotations', body(true));
    if (dry.status !== 200 || !dry.body.allowed)
      throw new Error(`dry run: ${dry.status} ${JSON.stringify(dry.body)}`);
    const planned = dry.body.plan.clusters;
    const ours = planned.flatMap((c: any) =>
      c.workloads.filter((w: any) => w.restartedBy === 'us'),
    ).length;
    if (planned.length !== CLUSTERS || ours !== restartIdx.length)
      throw new Error(
        `plan covers ${planned.length} clusters and ${ours} restarts by us`,
      );
    console.log(
      `plan: ${planned.length} clusters, ${ours} restarts by the rotation, the rest by Reloader`,
    );

    const rotateOnce = async () => {
      const t0 = Date.now();
      const started = await call('post', '/rotations', body(false));
      if (started.status !== 202)
        throw new Error(
          `rotation: ${started.status} ${JSON.stringify(started.body)}`,
        );
      // the recorded finish is the measurement; this poll only learns that it happened
      for (;;) {
        await pause(100);
        const r = await call('get', `/rotations/${started.body.id}`);
        if (!r.body.finishedAt) continue;
        if (
          r.body.state !== 'succeeded' ||
          r.body.clusters.length !== CLUSTERS ||
          r.body.clusters.some((c: any) => c.state !== 'landed') ||
          r.body.versionAfter !== r.body.versionBefore + 1
        )
          throw new Error(
            `rotation ${r.body.state}: ${r.body.error ?? ''} ${JSON.stringify(
              r.body.clusters.filter((c: any) => c.state !== 'landed'),
            )}`,
          );
        // where the time went, from the rotation's own record (same clock as t0)
        const writtenAt = Date.parse(
          r.body.events.find((e: any) => e.type === 'written').at,
        );
        const lastLanded = Math.max(
          ...r.body.clusters.map((c: any) => Date.parse(c.finishedAt)),
        );
        const finishedAt = Date.parse(r.body.finishedAt);
        return {
          wallMs: finishedAt - t0,
          toWrittenMs: writtenAt - t0,
          clustersMs: lastLanded - writtenAt,
          tailMs: finishedAt - lastLanded,
          maxPropagationMs:
            1000 *
            Math.max(...r.body.clusters.map((c: any) => c.propagationSeconds)),
        };
      }
    };
    const warm = await rotateOnce(); // JIT and first-use paths, reported apart
    await settle();
    const subject: Array<Awaited<ReturnType<typeof rotateOnce>>> = [];
    for (let r = 0; r < ROTATIONS; r++) {
      subject.push(await rotateOnce());
      console.log(
        `rotation ${r + 1}/${ROTATIONS}: ${ms(
          subject[r].wallMs,
        )} ms (to the write ${ms(subject[r].toWrittenMs)}, clusters ${ms(
          subject[r].clustersMs,
        )}, tail ${ms(subject[r].tailMs)}; slowest proof ${ms(
          subject[r].maxPropagationMs,
        )} ms after the write)`,
      );
      await settle();
    }
    const wall = subject.map(s => s.wallMs);
    const phase = (f: (s: (typeof subject)[number]) => number) =>
      `${ms(median(subject.map(f)))} / ${ms(Math.max(...subject.map(f)))}`;
    const wallP50 = median(wall);
    const wallMax = Math.max(...wall);

    // 3: the baseline, same fleet, same key
    const baseline = await rotateByHand({
      kubes,
      restarts: restartedByUs,
      vault: fleet.vault,
      password: newPassword(),
      pollMs: POLL_MS,
    });
    console.log(`baseline by hand: ${ms(baseline.totalMs)} ms`);

    // 4: canary latency, same fleet, the rotation's keys at rest
    await settle();
    const canary = await measureCanary({
      kubes,
      vault: fleet.vault,
      knex,
      trigger: () => scheduler.triggerTask(CANARY_TASK),
      fleetPage: async () => {
        const f = await call('get', '/fleet');
        return { status: f.status, text: f.text, body: f.body };
      },
      probes: CANARY_PROBES,
      samplesPerCluster: RECONCILE_SAMPLES,
      pollMs: POLL_MS,
    });

    const overheadP50 = wallP50 - controllerMs;
    const overheadMax = wallMax - controllerMs;
    const ratio = baseline.totalMs / wallP50;
    const ratioWorst = baseline.totalMs / wallMax;
    const sequentialOwn = ownTime.reduce((a, b) => a + b, 0);
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    const targets = new Targets();
    const table = markdownTable(
      ['metric', 'value', 'target'],
      [
        [
          'fleet',
          `${CLUSTERS} clusters, 1 ExternalSecret each on one Vault key; ${
            restartIdx.length
          } consumers restarted by the rotation, ${
            CLUSTERS - restartIdx.length
          } by Reloader; rollout ${ROLLOUT_MS / 1000} s`,
          '',
        ],
        [
          `ESO reconcile, isolated, watched (per-cluster median of ${RECONCILE_SAMPLES}): p50 / max over clusters`,
          `${ms(median(reconcile))} / ${ms(Math.max(...reconcile))} ms`,
          '',
        ],
        [
          `Deployment rollout, isolated, watched (${rollouts.length} samples): median`,
          `${ms(rollout)} ms`,
          '',
        ],
        [
          'controller time subtracted: slowest cluster, its reconcile + rollout',
          `${ms(controllerMs)} ms (${fleet.clusters[slowest].name})`,
          '',
        ],
        [
          `rotation wall time, POST /rotations to finishedAt (${ROTATIONS} runs) p50 / max`,
          `${ms(wallP50)} / ${ms(wallMax)} ms`,
          '',
        ],
        [
          'of which: POST to the Vault write recorded (request, plan, policy with pre-flight, write) p50 / max',
          `${phase(s => s.toWrittenMs)} ms`,
          '',
        ],
        [
          'of which: Vault write to the last cluster landed (re-sync, proof, restarts, rollouts) p50 / max',
          `${phase(s => s.clustersMs)} ms`,
          '',
        ],
        [
          'of which: last cluster landed to the rotation finished p50 / max',
          `${phase(s => s.tailMs)} ms`,
          '',
        ],
        [
          'in-cluster overhead (write to last landed - controller time) p50 / max',
          `${phase(s => s.clustersMs - controllerMs)} ms`,
          '',
        ],
        [
          'first rotation of the process (warm-up, not counted)',
          `${ms(warm.wallMs)} ms`,
          '',
        ],
        [
          'overhead beyond the controllers (wall - controller time) p50 / max',
          `${ms(overheadP50)} / ${ms(overheadMax)} ms`,
          `${targets.check(
            'rotation overhead p50',
            Math.round(overheadP50),
            TARGET_OVERHEAD_MS,
            ' ms',
          )}: p50 ${verdict(overheadP50 <= TARGET_OVERHEAD_MS)}, max ${verdict(
            overheadMax <= TARGET_OVERHEAD_MS,
          )}`,
        ],
        [
          `baseline by hand, sequential, poll every ${POLL_MS} ms (1 run)`,
          `${ms(baseline.totalMs)} ms`,
          '',
        ],
        [
          'sequential lower bound (sum of the clusters’ own times, no poll delay)',
          `${ms(sequentialOwn)} ms`,
          '',
        ],
        [
          'speed-up baseline / rotation, p50 / max',
          `${ratio.toFixed(1)}x / ${ratioWorst.toFixed(1)}x`,
          `${targets.check(
            'rotation speed-up p50',
            ratio,
            TARGET_RATIO,
            'x',
            'min',
          )}: p50 ${verdict(ratio >= TARGET_RATIO)}, max ${verdict(
            ratioWorst >= TARGET_RATIO,
          )}`,
        ],
        ...canaryRows(canary, targets),
      ],
    );
    const machine = `${os.cpus().length} cores (${os
      .cpus()[0]
      ?.model.trim()}), ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB RAM, load ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}, Node ${process.version}, ${new Date()
      .toISOString()
      .slice(0, 16)}Z`;
    console.log(`\n${machine}\n\n${table}\n`);
    if (process.env.OUT)
      writeFileSync(process.env.OUT, `${machine}\n\n${table}\n`);
    targets.finish();
  } finally {
    for (const k of kubes) k.close();
    await stopBackend?.();
    await fleet.stop();
    await knex.destroy();
  }
}

// after stop() some handle keeps the event loop alive (the backend's, not investigated): exit once
// the report is out, with the code targets.finish() set (BENCH_ENFORCE=1 and a missed target: 1)
main().then(
  () => process.exit(process.exitCode ?? 0),
  error => {
    console.error(error);
    process.exit(1);
  },
);
