/*
 * Soak: SOAK_ROTATIONS rotations of one Vault key read in SOAK_CLUSTERS clusters (the rotation
 * benchmark's scenario: half the Deployments restarted by Reloader, half by the rotation), with a
 * fault injected at random into each (seeded, the seed printed): Vault 503 / 429 / 412, a cluster
 * down or slow for a while, watches cut, API server 5xx. Every rotation must end in a terminal
 * state, the history must hold each exactly once, no database row may stay active or leased, the
 * heap must stay bounded (less than 128 KB per rotation), and nothing emitted may carry a value
 * (the leak scanner).
 *
 * CI: 50 rotations across 5 clusters. The long run (plugins/secrets-backend):
 *   npm run soak            (SOAK_ROTATIONS=500 SOAK_CLUSTERS=20; SOAK_SEED=n to replay;
 *                            SOAK_PROGRESS=file to follow it)
 */
import { appendFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { terminalRotationStates } from '@secrets-plugin/plugin-secrets-common';
import { startFleet, type FleetHandle } from '@internal/fleet-sim';
import request from 'supertest';
import { BENCH, rotationScenario } from '../../../bench/rotationScenario';
import { secretsPlugin } from '../../plugin';
import { eventually } from '../../__testUtils__/demoFleet';
import { fleetAdmin } from '../../__testUtils__/fleetAdmin';
import { Captured, RECORDING_ROTATOR } from './__testUtils__/captures';
import { fleetLeakScanner } from './__testUtils__/fleetScanner';

const ROTATIONS = Number(process.env.SOAK_ROTATIONS ?? 50);
const CLUSTERS = Number(process.env.SOAK_CLUSTERS ?? 5);
const SEED = Number(process.env.SOAK_SEED ?? 1416);
jest.setTimeout(Math.max(600_000, ROTATIONS * 30_000));

/** mulberry32: small, seeded, good enough to pick faults reproducibly. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS = [
  'none',
  'vault-503',
  'vault-429',
  'vault-412',
  'cluster-down',
  'cluster-slow',
  'cut-watches',
  'cluster-5xx',
] as const;
type Fault = (typeof FAULTS)[number];

/**
 * The heap after a full collection. The simulated API servers keep a window of 50,000 watch
 * events (whole objects, for resuming watches) that grows with every rotation; it is compacted
 * first, so what is measured is the backend (and the test's own captures).
 */
async function heapMb(fleet: FleetHandle): Promise<number> {
  for (const c of fleet.clusters)
    await fleetAdmin(fleet, `/clusters/${c.name}/compact`);
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

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

describe(`soak: ${ROTATIONS} rotations across ${CLUSTERS} clusters with random faults`, () => {
  let fleet: FleetHandle;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  const captured = new Captured();
  const bodies: string[] = [];

  const call = async (
    method: 'get' | 'post',
    path: string,
    body?: unknown,
    keep = true,
  ) => {
    const req = request(backend.server)
      [method](`/api/secrets${path}`)
      .set('Authorization', mockCredentials.user.header(ALICE));
    const res = await (body === undefined
      ? req
      : req.set('Content-Type', 'application/json').send(JSON.stringify(body)));
    if (keep) bodies.push(`${JSON.stringify(res.headers)}\n${res.text}`);
    return res;
  };

  /** What the test itself holds to scan at the end (one byte per character, as V8 keeps it). */
  const capturedMb = () =>
    [
      ...bodies,
      ...captured.logs,
      ...captured.audits,
      JSON.stringify(captured.signals),
      JSON.stringify(captured.notifications),
    ].reduce((n, t) => n + t.length, 0) /
    2 ** 20;

  const allConnected = () =>
    eventually(async () => {
      const res = await call('get', '/fleet', undefined, false);
      return res.body.clusters?.every((c: any) => c.state === 'connected');
    }, 60_000);

  beforeAll(async () => {
    fleet = await startFleet({
      scenario: rotationScenario(CLUSTERS),
      timeScale: 1,
      rolloutDurationMs: 500,
    });
    backend = await startTestBackend({
      features: [
        secretsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...fleet.appConfig,
            secrets: {
              ...fleet.appConfig.secrets,
              cache: { maxBackoff: { seconds: 2 } },
              tenants: [
                {
                  owner: 'group:default/team-payments',
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
                verifyTimeout: { seconds: 20 },
                restartTimeout: { seconds: 20 },
                defaultRotator: RECORDING_ROTATOR,
              },
            },
          } as any,
        }),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.permissions.factory(),
        ...captured.features(),
      ],
    });
    // within the hook: the cache's first credential load imports client-node, which Jest
    // allows only while a hook or test runs
    await allConnected();
  }, 180_000);
  afterAll(async () => {
    await backend?.stop();
    await fleet?.stop();
    await captured.knex.destroy();
  });

  /** Injects `fault` while a rotation runs; returns how to undo it. */
  async function inject(
    fault: Fault,
    cluster: string,
  ): Promise<() => Promise<void>> {
    const nothing = async () => {};
    switch (fault) {
      case 'vault-503':
        await fleetAdmin(fleet, '/vault/faults', { status: 503, times: 1 });
        return async () => void (await fleetAdmin(fleet, '/vault/faults', {}));
      case 'vault-429':
        await fleetAdmin(fleet, '/vault/faults', { status: 429, times: 2 });
        return async () => void (await fleetAdmin(fleet, '/vault/faults', {}));
      case 'vault-412':
        await fleetAdmin(fleet, '/vault/faults', { status: 412, times: 1 });
        return async () => void (await fleetAdmin(fleet, '/vault/faults', {}));
      case 'cluster-down':
        await fleetAdmin(fleet, `/clusters/${cluster}/down`);
        return async () =>
          void (await fleetAdmin(fleet, `/clusters/${cluster}/up`));
      case 'cluster-slow':
        await fleetAdmin(fleet, `/clusters/${cluster}/latency`, { ms: 400 });
        return async () =>
          void (await fleetAdmin(fleet, `/clusters/${cluster}/latency`, {
            ms: 0,
          }));
      case 'cut-watches':
        await fleetAdmin(fleet, `/clusters/${cluster}/cut-watches`);
        return nothing;
      case 'cluster-5xx':
        await fleetAdmin(fleet, `/clusters/${cluster}/fail5xx`, {
          next: 2,
          code: 503,
        });
        return async () =>
          void (await fleetAdmin(fleet, `/clusters/${cluster}/fail5xx`, {}));
      default:
        return nothing;
    }
  }

  it('every rotation ends, the history is complete, no row is stuck, the heap stays bounded, nothing leaks', async () => {
    // eslint-disable-next-line no-console
    console.log(
      `soak: seed ${SEED} (SOAK_SEED), ${ROTATIONS} rotations, ${CLUSTERS} clusters`,
    );
    const next = random(SEED);
    await allConnected();
    const view = await call(
      'get',
      `/entities/default/component/${BENCH.component}/secrets`,
    );
    const groupId = view.body.groups.find(
      (g: any) => g.vault.key === BENCH.key,
    ).id;

    const started: string[] = [];
    const outcomes = new Map<string, number>();
    const faults = new Map<string, number>();
    const byFault = new Map<string, number>();
    const stuck: string[] = [];
    const heap: Array<[number, number]> = [];
    const t0 = Date.now();
    for (let i = 0; i < ROTATIONS; i++) {
      if (
        i % Math.max(1, Math.floor(ROTATIONS / 10)) === 0 ||
        i === ROTATIONS - 1
      )
        heap.push([i, (await heapMb(fleet)) - capturedMb()]);
      await allConnected();
      const fault = FAULTS[Math.floor(next() * FAULTS.length)];
      const cluster =
        fleet.clusters[Math.floor(next() * fleet.clusters.length)].name;
      faults.set(fault, (faults.get(fault) ?? 0) + 1);
      const res = await call('post', '/rotations', {
        entityRef: `component:default/${BENCH.component}`,
        groupId,
        reason: `soak rotation ${i} with ${fault}`,
        dryRun: false,
        idempotencyKey: `soak-${SEED}-${i}`,
      });
      if (res.status !== 202) {
        const k = `refused ${res.status} ${res.body.error?.message?.slice(
          0,
          60,
        )}`;
        outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
        continue;
      }
      started.push(res.body.id);
      const undo = await inject(fault, cluster);
      await new Promise(r => setTimeout(r, 300 + next() * 700));
      await undo();
      let state = 'stuck';
      try {
        state = await eventually(async () => {
          const r = await call(
            'get',
            `/rotations/${res.body.id}`,
            undefined,
            false,
          );
          return r.body.finishedAt ? (r.body.state as string) : undefined;
        }, 90_000);
      } catch {
        stuck.push(res.body.id);
      }
      outcomes.set(state, (outcomes.get(state) ?? 0) + 1);
      // a long run can be followed while Jest holds the console back
      if (process.env.SOAK_PROGRESS)
        appendFileSync(
          process.env.SOAK_PROGRESS,
          `${new Date().toISOString()} ${
            i + 1
          }/${ROTATIONS} ${fault} ${state}\n`,
        );
      const k = `${fault}->${state}`;
      byFault.set(k, (byFault.get(k) ?? 0) + 1);
    }
    const elapsed = (Date.now() - t0) / 1000;

    // the history holds every rotation exactly once, each terminal
    const history: any[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await call(
        'get',
        `/entities/default/component/${BENCH.component}/rotations?limit=100&offset=${offset}`,
      );
      expect(page.status).toBe(200);
      history.push(...page.body.items);
      if (page.body.items.length < 100) break;
    }
    // no row active, leased or unfinished
    const rows = await captured.knex('secrets_rotations').select();
    const openRows = rows.filter(
      r =>
        !terminalRotationStates.includes(r.state) ||
        r.active_key !== null ||
        r.finished_at === null,
    );
    const targets = await captured.knex('secrets_rotation_targets').select();
    const openTargets = targets.filter(t => t.finished_at === null);

    // the second half's slope: the first rotations still fill caches and Jest's module registry
    const half = heap.slice(Math.floor(heap.length / 2));
    const [from, to] = [half[0], half[half.length - 1]];
    const growthPerRotation =
      to[0] > from[0] ? ((to[1] - from[1]) * 1024) / (to[0] - from[0]) : 0;
    const events = fleet.clusters.reduce(
      (n, c) => n + c.store.list({ group: '', resource: 'events' }).length,
      0,
    );
    // eslint-disable-next-line no-console
    console.log(
      [
        `soak: seed ${SEED}: ${
          started.length
        } rotations started of ${ROTATIONS} in ${elapsed.toFixed(0)} s`,
        `faults: ${[...faults].map(([k, n]) => `${k} ${n}`).join(', ')}`,
        `outcomes: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}`,
        `by fault: ${[...byFault]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
        `heap less the test's captures: ${heap
          .map(([i, mb]) => `${mb.toFixed(1)} MB at ${i}`)
          .join(', ')}; ${growthPerRotation.toFixed(1)} KB per rotation`,
        `rows: ${rows.length} rotations, ${targets.length} targets, ${events} Events`,
      ].join('\n'),
    );

    expect(stuck).toEqual([]);
    expect(started.length).toBeGreaterThanOrEqual(ROTATIONS * 0.8);
    // the plugin's rotations, each once; besides them only the seeded version 1, written
    // outside the plugin: every version a rotation wrote is recognised as the plugin's
    const ours = history.filter(h => h.source !== 'external');
    expect(ours.map(h => h.id).sort()).toEqual([...started].sort());
    expect(
      history
        .filter(h => h.source === 'external')
        .map(h => h.id.split('@')[1])
        .filter(v => v !== '1'),
    ).toEqual([]);
    expect(ours.filter(h => !terminalRotationStates.includes(h.state))).toEqual(
      [],
    );
    expect(openRows.map(r => `${r.id} ${r.state}`)).toEqual([]);
    expect(
      openTargets.map(t => `${t.rotation_id} ${t.cluster} ${t.state}`),
    ).toEqual([]);
    // bounded, not yet flat: the heap less what the test keeps to scan still grows by about
    // 85-92 KB per rotation at 5 and at 20 clusters (not attributed yet: the simulator runs in
    // this process too); this bound catches anything worse
    expect(growthPerRotation).toBeLessThan(128);

    const { scanner } = await fleetLeakScanner(fleet, captured.generated);
    const hits = scanner.scan([
      ...bodies.map((text, i) => ({ kind: 'http', where: `#${i}`, text })),
      ...(await captured.texts()),
    ]);
    expect(hits.map(h => `${h.kind} ${h.where}: ${h.origin}`)).toEqual([]);
  });
});
