/* eslint-disable no-console */
/*
 * Benchmark of the secrets backend's watch cache against fleet-sim's `scale` scenario
 * (default 50 clusters x 2,000 ExternalSecrets, over real HTTPS, in a child process):
 * cold fill, heap per cached ExternalSecret, entity endpoint latency from the cache versus the
 * Kubernetes plugin's per-request fan-out, and both with 10% of the clusters down.
 * Run: npm run bench (plugins/secrets-backend). CLUSTERS, PER_CLUSTER, CACHE_REQUESTS,
 * BASELINE_REQUESTS, BASELINE_TIMEOUT_MS override the sizes; OUT=path writes the markdown report.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ConfigReader } from '@backstage/config';
import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import { compactEntitySecrets } from '@secrets-plugin/plugin-secrets-common';
import { ClusterCache } from '../src/cluster/ClusterCache';
import { readSecretsConfig } from '../src/config/readSecretsConfig';
import { DefaultSecretsService } from '../src/service/DefaultSecretsService';
import { StoreRevalidator } from '../src/service/StoreRevalidator';
import { BaselineFanout } from './baselineFanout';
import { ExternalSecretTouch } from './externalSecretTouch';
import { startFleetChild } from './fleetChild';
import { startHttpClient } from './httpClient';
import type { ClientResult } from './httpClientProcess';
import { startEntityEndpoint } from './httpEntityEndpoint';
import { quietLogger } from './quietLogger';
import { markdownTable, ms, percentile, timeEach } from './stats';
import { Targets } from './targets';

const CLUSTERS = Number(process.env.CLUSTERS ?? 50);
const PER_CLUSTER = Number(process.env.PER_CLUSTER ?? 2000);
const CACHE_REQUESTS = Number(process.env.CACHE_REQUESTS ?? 2000);
const BASELINE_REQUESTS = Number(process.env.BASELINE_REQUESTS ?? 100);
const BASELINE_TIMEOUT_MS = Number(process.env.BASELINE_TIMEOUT_MS ?? 10_000);
/** baseline requests while the same clusters hang instead of refusing (each costs the timeout) */
const HTTP_REQUESTS = Number(process.env.HTTP_REQUESTS ?? 500);
const HANG_REQUESTS = Number(process.env.HANG_REQUESTS ?? 3);
/** entity views each timed right after one of the entity's ExternalSecrets changed */
const CHURN_REQUESTS = Number(process.env.CHURN_REQUESTS ?? 200);
const FLEET_REQUESTS = Number(process.env.FLEET_REQUESTS ?? 200);
/** scale.ts labels ExternalSecret i with component-(i % 100) */
const COMPONENTS = Math.min(100, PER_CLUSTER);

const kib = (bytes: number) => (bytes / 1024).toFixed(bytes < 10240 ? 1 : 0);

const componentId = (i: number) =>
  `component-${String(i % COMPONENTS).padStart(3, '0')}`;
const entities: Entity[] = Array.from({ length: COMPONENTS }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: componentId(i),
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': componentId(i) },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
}));

async function settledHeap(): Promise<number> {
  // Jest's sandbox does not pass --expose-gc's global through; v8 can expose it late
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 3; i++) {
    await new Promise(r => setImmediate(r));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

async function waitFor(
  check: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const t = performance.now();
  while (!check()) {
    if (performance.now() - t > timeoutMs)
      throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
  return performance.now() - t;
}

async function main(): Promise<void> {
  console.log(
    `starting fleet-sim scale scenario: ${CLUSTERS} clusters x ${PER_CLUSTER} ExternalSecrets (child process)`,
  );
  const fleet = await startFleetChild({
    clusters: CLUSTERS,
    perCluster: PER_CLUSTER,
  });
  console.log(`fleet seeded in ${(fleet.seedMs / 1000).toFixed(1)} s`);
  const config = readSecretsConfig(new ConfigReader(fleet.appConfig as any));
  const credentials = mockCredentials.user();
  const baseline = new BaselineFanout(fleet.appConfig, BASELINE_TIMEOUT_MS);
  let cache: ClusterCache | undefined;
  try {
    // 1 + 2: cold fill and heap. The cache loads client-node lazily; load it first so module code
    // is not counted as cache contents nor as fill time.
    await import('@kubernetes/client-node');
    const heapBefore = await settledHeap();
    cache = new ClusterCache(config.clusters, config.cache, quietLogger);
    const c = cache;
    const t0 = performance.now();
    c.start();
    if (!(await c.waitUntilSynced(30 * 60_000)))
      throw new Error('cache did not sync');
    const fillMs = performance.now() - t0;
    const sum = (
      f: (w: ReturnType<ClusterCache['clusters']>[number]) => number,
    ) => c.clusters().reduce((n, w) => n + f(w), 0);
    const cachedEs = sum(w => w.data.externalSecrets.size);
    const heapAfter = await settledHeap();
    const bytesPerEs = (heapAfter - heapBefore) / cachedEs;
    const held = {
      externalSecrets: cachedEs,
      secretsMeta: sum(w => w.data.secrets.size),
      deployments: sum(w => w.data.deployments.size),
      stores: sum(w => w.data.allStores().length),
      pushSecrets: sum(w => w.data.pushSecrets.size),
    };
    console.log(
      `cold fill: ${cachedEs} ExternalSecrets in ${(fillMs / 1000).toFixed(
        2,
      )} s; heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(
        1,
      )} MiB = ${bytesPerEs.toFixed(0)} B/ES; cache holds ${JSON.stringify(
        held,
      )}`,
    );

    // 3: entity endpoint from the cache (service call, no HTTP)
    const service = new DefaultSecretsService({
      cache: c,
      catalog: catalogServiceMock({ entities }),
      revalidator: new StoreRevalidator(c),
      staleMarginMs: config.cache.staleMarginMs,
    });
    const entityCall = (i: number) =>
      service.getEntitySecrets(
        { kind: 'Component', namespace: 'default', name: componentId(i) },
        { credentials },
      );
    const rowsOf = (r: Awaited<ReturnType<typeof entityCall>>) =>
      r.groups.reduce((n, g) => n + g.rows.length, 0);
    const expectedRows = CLUSTERS * Math.ceil(PER_CLUSTER / COMPONENTS);
    await timeEach(100, entityCall); // warm-up (JIT)
    const cacheOk = await timeEach(CACHE_REQUESTS, entityCall, r => {
      if (rowsOf(r) !== expectedRows || r.errors.length)
        throw new Error(
          `cache answer: ${rowsOf(r)} rows, ${r.errors.length} errors`,
        );
    });
    console.log(
      `cache: ${CACHE_REQUESTS} requests (${expectedRows} rows each) p50 ${ms(
        percentile(cacheOk, 50),
      )} ms p99 ${ms(percentile(cacheOk, 99))} ms`,
    );

    // 3d: what the compact form costs the server on top of the answer (the frontend's request)
    const compactCost: number[] = [];
    for (let i = 0; i < 50 + CACHE_REQUESTS; i++) {
      const answer = await entityCall(i);
      const t = performance.now();
      compactEntitySecrets(answer);
      if (i >= 50) compactCost.push(performance.now() - t);
    }
    console.log(
      `compact form of the answer: p50 ${ms(
        percentile(compactCost, 50),
      )} ms p99 ${ms(percentile(compactCost, 99))} ms`,
    );

    // 2b: heap again, now that every entity was viewed: derived rows and views are cached too
    const heapViewed = await settledHeap();
    const bytesPerEsViewed = (heapViewed - heapBefore) / cachedEs;
    console.log(
      `heap with every entity viewed: +${(
        (heapViewed - heapBefore) /
        2 ** 20
      ).toFixed(1)} MiB = ${bytesPerEsViewed.toFixed(0)} B/ES`,
    );

    // 3a: a view right after one of the entity's ExternalSecrets changed (through the API server
    // and the watch, like an ESO status update): its rows are regrouped, the unchanged ones reused
    const touch = new ExternalSecretTouch(fleet.appConfig);
    const churn: number[] = [];
    try {
      for (let i = 0; i < CHURN_REQUESTS; i++) {
        const watch = c.clusters()[i % c.clusters().length];
        const [es] = watch.data.externalSecrets.lookup(
          'entityId',
          componentId(i),
        );
        const key = `${es.namespace}/${es.name}`;
        await touch.touch(watch.config.name, es.namespace, es.name);
        await waitFor(
          () => watch.data.externalSecrets.get(key) !== es,
          10_000,
          'the watch to deliver a change',
        );
        const t = performance.now();
        const r = await entityCall(i);
        churn.push(performance.now() - t);
        if (rowsOf(r) !== expectedRows)
          throw new Error(`churn answer: ${rowsOf(r)} rows`);
      }
    } finally {
      touch.close();
    }
    console.log(
      `cache after a change: ${CHURN_REQUESTS} requests p50 ${ms(
        percentile(churn, 50),
      )} ms p99 ${ms(percentile(churn, 99))} ms`,
    );

    // 3c: the fleet page of the platform team: counts and failing rows of every cluster
    const fleetCall = () =>
      service.getFleet({ offset: 0, limit: 50 }, { credentials });
    const checkFleet = (r: Awaited<ReturnType<typeof fleetCall>>) => {
      const counted = r.clusters.reduce(
        (n, cl) => n + Object.values(cl.counts).reduce((a, b) => a + b, 0),
        0,
      );
      if (counted !== cachedEs)
        throw new Error(`fleet counts ${counted} ExternalSecrets`);
    };
    const fleetStart = performance.now();
    checkFleet(await fleetCall());
    const firstFleetMs = performance.now() - fleetStart;
    const fleetOk = await timeEach(FLEET_REQUESTS, fleetCall, checkFleet);
    console.log(
      `fleet: first ${ms(
        firstFleetMs,
      )} ms, then ${FLEET_REQUESTS} requests p50 ${ms(
        percentile(fleetOk, 50),
      )} ms p99 ${ms(percentile(fleetOk, 99))} ms`,
    );

    // 3b: the same through the real router over HTTP, behind Backstage's compression, to a
    // browser-like client in its own process (decode, parse, expand): each form the API answers
    const endpoint = await startEntityEndpoint(service);
    const client = startHttpClient();
    const paths = (suffix: string) =>
      entities.map(
        e =>
          `/api/secrets/entities/default/component/${e.metadata.name}${suffix}`,
      );
    const httpForms = {
      full: { suffix: '/secrets', acceptEncoding: 'identity' },
      fullCompressed: { suffix: '/secrets', acceptEncoding: 'browser' },
      compact: { suffix: '/secrets?format=compact', acceptEncoding: 'browser' },
      summary: { suffix: '/secrets/summary', acceptEncoding: 'browser' },
    } as const;
    const http: Record<keyof typeof httpForms, ClientResult> = {} as any;
    try {
      for (const [form, { suffix, acceptEncoding }] of Object.entries(
        httpForms,
      ) as Array<
        [keyof typeof httpForms, (typeof httpForms)[keyof typeof httpForms]]
      >) {
        const result = await client.run({
          port: endpoint.port,
          paths: paths(suffix),
          count: HTTP_REQUESTS,
          warmup: 20,
          acceptEncoding,
        });
        if (form !== 'summary' && result.rows !== expectedRows)
          throw new Error(`HTTP ${form}: ${result.rows} rows`);
        http[form] = result;
        console.log(
          `HTTP ${form}: ${HTTP_REQUESTS} requests, ${kib(
            result.wireBytes,
          )} KiB on the wire (${result.encoding}), ${kib(
            result.jsonBytes,
          )} KiB of JSON; p50 ${ms(percentile(result.samples, 50))} ms p99 ${ms(
            percentile(result.samples, 99),
          )} ms`,
        );
      }
    } finally {
      client.stop();
      await endpoint.stop();
    }

    // 4: baseline, the Kubernetes plugin's fan-out LIST per request
    await timeEach(5, i => baseline.entity(componentId(i)));
    const baseOk = await timeEach(
      BASELINE_REQUESTS,
      i => baseline.entity(componentId(i)),
      r => {
        if (r.items !== expectedRows || r.errors.length)
          throw new Error(
            `baseline answer: ${r.items} items, ${r.errors.join('; ')}`,
          );
      },
    );
    console.log(
      `baseline: ${BASELINE_REQUESTS} requests p50 ${ms(
        percentile(baseOk, 50),
      )} ms p99 ${ms(percentile(baseOk, 99))} ms`,
    );

    // 5: 10% of clusters down
    const down = c
      .clusters()
      .filter((_, i) => i % 10 === 0)
      .map(w => w.config.name);
    for (const name of down) await fleet.fault(name, 'down');
    const detectMs = await waitFor(
      () => down.every(n => c.cluster(n)!.status().state !== 'connected'),
      120_000,
      'cache to notice clusters down',
    );
    const states = down.map(n => c.cluster(n)!.status().state);
    const upRows =
      (CLUSTERS - down.length) * Math.ceil(PER_CLUSTER / COMPONENTS);
    const cacheDown = await timeEach(CACHE_REQUESTS, entityCall, r => {
      const errored = new Set(r.errors.map(e => e.cluster));
      if (!down.every(n => errored.has(n)))
        throw new Error(
          `errors[] lacks a down cluster: ${JSON.stringify(r.errors)}`,
        );
      // stale rows of down clusters are still served, flagged by their cluster's state
      if (rowsOf(r) < upRows)
        throw new Error(`only ${rowsOf(r)} rows with clusters down`);
    });
    const sampleDown = await entityCall(0);
    console.log(
      `clusters down: ${down.join(', ')} noticed in ${detectMs.toFixed(
        0,
      )} ms as ${states.join('/')}; errors[0] = ${JSON.stringify(
        sampleDown.errors[0],
      )}`,
    );
    console.log(
      `cache with ${down.length} down: p50 ${ms(
        percentile(cacheDown, 50),
      )} ms p99 ${ms(percentile(cacheDown, 99))} ms`,
    );
    const baseDown = await timeEach(
      BASELINE_REQUESTS,
      i => baseline.entity(componentId(i)),
      r => {
        if (r.errors.length !== down.length)
          throw new Error(
            `baseline with clusters down: ${r.errors.length} errors`,
          );
      },
    );
    const sampleBase = await baseline.entity(componentId(0));
    console.log(
      `baseline with ${down.length} down: p50 ${ms(
        percentile(baseDown, 50),
      )} ms p99 ${ms(percentile(baseDown, 99))} ms; error: ${
        sampleBase.errors[0]
      }`,
    );

    // a hung cluster (accepts, never answers) instead of a refusing one: the `latency` fault
    for (const name of down) await fleet.fault(name, 'up');
    for (const name of down)
      await fleet.fault(name, 'latency', { ms: BASELINE_TIMEOUT_MS * 6 });
    const baseHang = await timeEach(
      HANG_REQUESTS,
      i => baseline.entity(componentId(i)),
      r => {
        if (r.errors.length !== down.length)
          throw new Error(
            `baseline with clusters hanging: ${r.errors.join('; ')}`,
          );
      },
    );
    const cacheHang = await timeEach(Math.min(CACHE_REQUESTS, 500), entityCall);
    for (const name of down) await fleet.fault(name, 'latency', { ms: 0 });
    console.log(
      `baseline with ${down.length} hanging: ${baseHang
        .map(v => ms(v))
        .join(', ')} ms; cache meanwhile p99 ${ms(
        percentile(cacheHang, 99),
      )} ms`,
    );

    const p = (s: number[], q: number) => percentile(s, q);
    const targets = new Targets();
    const table = markdownTable(
      ['metric', 'value', 'target'],
      [
        [
          'clusters x ExternalSecrets',
          `${CLUSTERS} x ${PER_CLUSTER} = ${cachedEs}`,
          '',
        ],
        [
          'cold fill (start to every cluster synced)',
          `${(fillMs / 1000).toFixed(2)} s`,
          '',
        ],
        [
          'fill rate',
          `${Math.round(cachedEs / (fillMs / 1000))} ExternalSecrets/s`,
          '',
        ],
        [
          'heap per cached ExternalSecret after the fill (all cached kinds / ES count)',
          `${bytesPerEs.toFixed(0)} B`,
          targets.check('heap per ES after the fill', bytesPerEs, 2048, ' B'),
        ],
        [
          'heap per cached ExternalSecret once every entity was viewed (rows + views)',
          `${bytesPerEsViewed.toFixed(0)} B`,
          targets.check(
            'heap per ES with every entity viewed',
            bytesPerEsViewed,
            2048,
            ' B',
          ),
        ],
        [
          `cache getEntitySecrets p50 / p99 (${CACHE_REQUESTS} req, ${expectedRows} rows each)`,
          `${ms(p(cacheOk, 50))} / ${ms(p(cacheOk, 99))} ms`,
          `p99 ${targets.check('cache view p99', p(cacheOk, 99), 5, ' ms')}`,
        ],
        [
          `compact form of that answer (compactEntitySecrets, on top of it) p50 / p99`,
          `${ms(p(compactCost, 50))} / ${ms(p(compactCost, 99))} ms`,
          '',
        ],
        [
          `same, right after one of the entity's ExternalSecrets changed (${CHURN_REQUESTS} req)`,
          `${ms(p(churn, 50))} / ${ms(p(churn, 99))} ms`,
          `p99 ${targets.check(
            'cache view after a change p99',
            p(churn, 99),
            5,
            ' ms',
          )}`,
        ],
        [
          `fleet page (getFleet, every cluster counted): first call, then p50 / p99 (${FLEET_REQUESTS} req)`,
          `${ms(firstFleetMs)} ms, then ${ms(p(fleetOk, 50))} / ${ms(
            p(fleetOk, 99),
          )} ms`,
          '',
        ],
        ...(
          [
            ['full', "today's full answer, uncompressed (baseline)", ''],
            ['fullCompressed', 'the full answer, compressed', ''],
            [
              'compact',
              "the compact answer, compressed (the frontend's request)",
              `p99 ${targets.check(
                'entity over HTTP, compact and compressed, p99',
                p(http.compact.samples, 99),
                25,
                ' ms',
              )}`,
            ],
            ['summary', "the summary (the overview card's request)", ''],
          ] as const
        ).map(([form, what, target]) => [
          `entity over HTTP, ${what}: ${kib(
            http[form].wireBytes,
          )} KiB on the wire (${http[form].encoding}), ${kib(
            http[form].jsonBytes,
          )} KiB JSON; p50 / p99 (${HTTP_REQUESTS} req)`,
          `${ms(p(http[form].samples, 50))} / ${ms(
            p(http[form].samples, 99),
          )} ms${
            form === 'full'
              ? ''
              : ` (${(
                  p(http.full.samples, 50) / p(http[form].samples, 50)
                ).toFixed(1)}x / ${(
                  p(http.full.samples, 99) / p(http[form].samples, 99)
                ).toFixed(1)}x faster)`
          }`,
          target,
        ]),
        [
          `baseline fan-out LIST p50 / p99 (${BASELINE_REQUESTS} req x ${CLUSTERS} clusters)`,
          `${ms(p(baseOk, 50))} / ${ms(p(baseOk, 99))} ms`,
          '',
        ],
        [
          'speed-up baseline / cache service, p50 / p99',
          `${(p(baseOk, 50) / p(cacheOk, 50)).toFixed(0)}x / ${(
            p(baseOk, 99) / p(cacheOk, 99)
          ).toFixed(0)}x`,
          // the baseline's cost grows with the clusters: the ratio is a target of the full size only
          CLUSTERS >= 50
            ? targets.check(
                'speed-up baseline / cache p50',
                p(baseOk, 50) / p(cacheOk, 50),
                200,
                'x',
                'min',
              )
            : '>= 200x at 50 clusters',
        ],
        [
          'speed-up baseline / cache right after a change, p50 / p99',
          `${(p(baseOk, 50) / p(churn, 50)).toFixed(0)}x / ${(
            p(baseOk, 99) / p(churn, 99)
          ).toFixed(0)}x`,
          '',
        ],
        [
          'speed-up baseline fan-out / compact answer over HTTP, p50 / p99',
          `${(p(baseOk, 50) / p(http.compact.samples, 50)).toFixed(0)}x / ${(
            p(baseOk, 99) / p(http.compact.samples, 99)
          ).toFixed(0)}x`,
          '',
        ],
        [
          `cache p50 / p99, ${down.length} clusters down (errors[] lists them)`,
          `${ms(p(cacheDown, 50))} / ${ms(p(cacheDown, 99))} ms`,
          `p99 ${targets.check(
            'cache view with clusters down p99',
            p(cacheDown, 99),
            5,
            ' ms',
          )}`,
        ],
        [
          `baseline p50 / p99, ${down.length} clusters down (timeout ${
            BASELINE_TIMEOUT_MS / 1000
          } s)`,
          `${ms(p(baseDown, 50))} / ${ms(p(baseDown, 99))} ms`,
          '',
        ],
        [
          `baseline max, ${down.length} clusters hanging (latency fault; ${HANG_REQUESTS} req)`,
          `${ms(Math.max(...baseHang))} ms`,
          '',
        ],
        [
          `cache p99 meanwhile (${cacheHang.length} req)`,
          `${ms(p(cacheHang, 99))} ms`,
          '',
        ],
        [
          'speed-up with clusters down, p50 / p99',
          `${(p(baseDown, 50) / p(cacheDown, 50)).toFixed(0)}x / ${(
            p(baseDown, 99) / p(cacheDown, 99)
          ).toFixed(0)}x`,
          '',
        ],
        [
          'time for the cache to mark down clusters',
          `${(detectMs / 1000).toFixed(2)} s (${[...new Set(states)].join(
            ', ',
          )})`,
          '',
        ],
      ],
    );
    const machine = `${os.cpus().length} cores (${os
      .cpus()[0]
      ?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${
      process.version
    }, ${new Date().toISOString().slice(0, 16)}Z`;
    const heldLine = `Cache contents in the measured heap: ${Object.entries(
      held,
    )
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}, plus Warning events (none in this scenario).`;
    console.log(`\n${machine}\n${heldLine}\n\n${table}\n`);
    if (process.env.OUT)
      writeFileSync(process.env.OUT, `${machine}\n\n${heldLine}\n\n${table}\n`);
    targets.finish();
  } finally {
    baseline.close();
    await cache?.stop();
    await fleet.stop();
  }
}

// A plain Node script: npm run bench.
main().catch(error => {
  console.error(error);
  process.exit(1);
});
