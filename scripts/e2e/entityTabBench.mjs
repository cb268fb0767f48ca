// Issue 14's entity-tab benchmark in headless Chromium (1440x900), signed in as alice, against the
// real demo: fleet-sim seeds `bulk-secrets` with BULK ExternalSecrets (SECRETS_DEMO_BULK), the
// demo backend serves them and `npm start` serves the app's production build.
//
//   node scripts/e2e/entityTabBench.mjs                      # starts the demo itself, stops it
//   BASE_URL=http://localhost:7117 node scripts/e2e/...      # a demo started with SECRETS_DEMO_BULK
//
// Environment: BULK (rows, default 500), RUNS (K page loads per entity, default 5), BASELINE
// (the small entity measured in the same run, default payments-api), OUT (also write the table
// there), ASSERT=1 (exit 1 when a target is missed: CI), BASE_URL, SECRETS_DEMO_PORT/_DIR.
//
// What is measured, per entity, K times, each in a new page of one signed-in browser context
// (so the app's bundles come from the HTTP cache, as on any visit after the first):
// - Opening the tab (the target): on the entity's overview page, settled, a click on its Secrets
//   tab, from the click's timeStamp to interactive as below (long tasks counted from the click).
//   That is how users reach the tab; a page load also starts the whole Backstage app, which the
//   8-row baseline shows costs about as much as the tab itself.
// - Time to interactive (TTI) of a page load: from navigation start (performance.timeOrigin) to the first paint
//   after every row of the tab is in the DOM (`tr[data-row]` count = the entity's rows, counted
//   once beforehand) and the filter's search input is there and enabled, or to the end of the
//   last long task before that, whichever is later, provided 50 ms without a long task follow
//   (PerformanceObserver 'longtask', observed from before the app's first script). "First paint
//   after" is a rAF callback's setTimeout(0): it runs once the frame has been produced.
// - The entity endpoint (GET /api/secrets/entities/...): its Resource Timing entry's duration
//   (request start to response end, as the browser saw it) and bytes: transferSize (on the
//   wire, headers included), encodedBodySize (compressed body) and decodedBodySize.
// - Filter keystroke-to-paint: KEYS typed into the tab's Search field and then deleted one by one
//   (Backspace), each after the page has settled from the previous one. Per keystroke two
//   figures: the Event Timing API's duration of the keydown interaction (PerformanceObserver
//   'event', durationThreshold 16, buffered: input to the next paint, in 8 ms steps; a
//   keystroke with no entry took under 16 ms and counts as 16), and "rows painted": from the
//   keydown's timeStamp to the first paint after the last change of the table's rows it caused
//   (a MutationObserver on the rows, then rAF + setTimeout(0)), checked against the rows the
//   filter should leave (the settled count after that keystroke, the full count once emptied).
// The baseline entity gets the same measurements; ratios are bulk / baseline.
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { launchChromium } from './chromium.mjs';
import { repoRoot, startDemo } from './demoProcess.mjs';

const env = process.env;
const BULK = Number(env.BULK ?? 500);
const RUNS = Number(env.RUNS ?? 5);
const BULK_ENTITY = 'bulk-secrets';
const BASELINE = env.BASELINE ?? 'payments-api';
const USER = env.BENCH_USER ?? 'alice';
const KEYS = env.KEYS ?? 'prod-eu';
const TARGETS = { ttiMs: 1500, keystrokeMs: 100 };
const T = 120_000;

const log = msg => console.error(`[tab-bench] ${msg}`);

/** Installed before the app's first script: long tasks, keydown times, row changes and paints. */
function instrument() {
  const w = window;
  w.__bench = { longTasks: [], keydowns: [], rowPaints: [] };
  new PerformanceObserver(list => {
    for (const e of list.getEntries())
      w.__bench.longTasks.push({
        start: e.startTime,
        end: e.startTime + e.duration,
      });
  }).observe({ type: 'longtask' });
  document.addEventListener(
    'keydown',
    e => w.__bench.keydowns.push({ key: e.key, at: e.timeStamp }),
    true,
  );
  // rows mounted or unmounted, or shown or hidden (the tab keeps filtered-out rows mounted
  // without `data-row`)
  const rowsChanged = records =>
    records.some(r =>
      r.type === 'attributes'
        ? r.target.matches?.('tr')
        : [...r.addedNodes, ...r.removedNodes].some(
            n =>
              n.nodeType === 1 &&
              (n.matches?.('tr[data-row]') ||
                n.querySelector?.('tr[data-row]')),
          ),
    );
  const start = () =>
    new MutationObserver(records => {
      if (!rowsChanged(records)) return;
      const changedAt = performance.now();
      const rows = document.querySelectorAll('tr[data-row]').length;
      requestAnimationFrame(() =>
        setTimeout(() =>
          w.__bench.rowPaints.push({
            changedAt,
            paintedAt: performance.now(),
            rows,
          }),
        ),
      );
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['data-row'],
    });
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start);
}

/** In the page: resolves with the TTI (see the header) once `rows` rows and the input are there. */
function waitForInteractive(rows) {
  const quietMs = 50;
  const ready = () => {
    const input = document.getElementById('secrets-search');
    return (
      document.querySelectorAll('tr[data-row]').length >= rows &&
      input &&
      !input.disabled
    );
  };
  const afterPaint = () =>
    new Promise(ok =>
      requestAnimationFrame(() => setTimeout(() => ok(performance.now()))),
    );
  return new Promise(ok => {
    const frame = async () => {
      if (!ready()) return requestAnimationFrame(frame);
      const paintedAt = await afterPaint();
      for (;;) {
        const tasks = window.__bench.longTasks;
        const lastEnd = Math.max(paintedAt, ...tasks.map(t => t.end));
        // long-task entries arrive after their task: wait past the window before trusting it
        await new Promise(r => setTimeout(r, quietMs + 30));
        const later = window.__bench.longTasks.some(t => t.end > lastEnd);
        if (!later && performance.now() >= lastEnd + quietMs) {
          ok({ ttiMs: lastEnd, paintedAt, longTasks: tasks.length });
          return;
        }
      }
    };
    requestAnimationFrame(frame);
  });
}

const rowCount = page => page.locator('tr[data-row]').count();

/** Waits until the row count has not changed for `quietMs`; returns it. */
async function settledRows(page, quietMs = 400, timeoutMs = T) {
  const t0 = Date.now();
  let last = -1;
  let since = Date.now();
  for (;;) {
    const n = await rowCount(page);
    if (n !== last) {
      last = n;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return n;
    if (Date.now() - t0 > timeoutMs) throw new Error('the rows never settled');
    await page.waitForTimeout(50);
  }
}

async function signIn(context, baseUrl) {
  const page = await context.newPage();
  await page.goto(baseUrl);
  const button = page.getByRole('button', { name: `Sign in as ${USER}` });
  await button.waitFor({ timeout: T });
  // a click before the app is interactive is lost: click until the sign-in page is gone
  for (let i = 0; i < 10 && (await button.count()) > 0; i++) {
    await button.click({ timeout: 10_000 }).catch(() => {});
    await button
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
  }
  await page.goto(`${baseUrl}/settings`);
  await page.getByText(`user:default/${USER}`).first().waitFor({ timeout: T });
  await page.close();
}

const tabUrl = (baseUrl, name) =>
  `${baseUrl}/catalog/default/component/${name}/secrets`;

/** The entity's full row count, once the backend's cache has all of them (`expected` if known). */
async function countRows(context, baseUrl, name, expected) {
  const page = await context.newPage();
  try {
    const deadline = Date.now() + 5 * 60_000;
    for (;;) {
      await page.goto(tabUrl(baseUrl, name));
      await page.locator('tr[data-row]').first().waitFor({ timeout: T });
      const n = await settledRows(page, 1500);
      if (expected === undefined || n === expected) return n;
      if (Date.now() > deadline)
        throw new Error(`${name} shows ${n} rows, not ${expected}`);
      log(`${name}: ${n} of ${expected} rows so far, reloading`);
      await page.waitForTimeout(3000);
    }
  } finally {
    await page.close();
  }
}

async function measureLoad(page, baseUrl, name, rows) {
  await page.goto(tabUrl(baseUrl, name), { waitUntil: 'commit' });
  const tti = await page.evaluate(waitForInteractive, rows);
  const endpoint = await page.evaluate(() => {
    const e = performance
      .getEntriesByType('resource')
      .find(r => /\/api\/secrets\/entities\/[^?]+\/secrets(\?|$)/.test(r.name));
    return (
      e && {
        ms: e.responseEnd - e.startTime,
        transferSize: e.transferSize,
        encodedBodySize: e.encodedBodySize,
        decodedBodySize: e.decodedBodySize,
      }
    );
  });
  if (!endpoint) throw new Error(`${name}: no entity endpoint request seen`);
  return { ...tti, endpoint };
}

/**
 * Opening the tab inside the app, as users do: the entity's overview page (its Secrets card
 * reads the summary, not the rows) settles, then a click on the Secrets tab; from the click's
 * timeStamp to interactive as defined above, long tasks counted from the click.
 */
async function measureTabOpen(page, baseUrl, name, rows) {
  await page.goto(`${baseUrl}/catalog/default/component/${name}`);
  // the entity's tab, not the sidebar's Secrets (the fleet page): both are links named Secrets
  const tab = page
    .locator(`a[href$="/component/${name}/secrets"]`)
    .filter({ visible: true })
    .first();
  await tab.waitFor({ timeout: T });
  await page
    .getByText(/Worst status|No ExternalSecrets/)
    .first()
    .waitFor({ timeout: T });
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__bench.longTasks = [];
    document.addEventListener(
      'click',
      e => {
        window.__bench.clickAt = e.timeStamp;
      },
      { capture: true, once: true },
    );
  });
  await tab.click();
  const tti = await page.evaluate(waitForInteractive, rows);
  const clickAt = await page.evaluate(() => window.__bench.clickAt);
  return { tabMs: tti.ttiMs - clickAt, longTasks: tti.longTasks };
}

/** Types KEYS then deletes them, one keystroke at a time, each measured as the header says. */
async function measureKeystrokes(page, fullRows) {
  await page.evaluate(() => {
    window.__bench.events = [];
    new PerformanceObserver(list =>
      window.__bench.events.push(
        ...list.getEntries().map(e => ({
          name: e.name,
          interactionId: e.interactionId,
          start: e.startTime,
          duration: e.duration,
        })),
      ),
    ).observe({ type: 'event', durationThreshold: 16, buffered: true });
  });
  const input = page.locator('#secrets-search');
  await input.click();
  const strokes = [
    ...[...KEYS].map(k => ({ key: k })),
    ...[...KEYS].map(() => ({ key: 'Backspace' })),
  ];
  const results = [];
  for (const [i, s] of strokes.entries()) {
    const before = await page.evaluate(() => ({
      keydowns: window.__bench.keydowns.length,
      rowPaints: window.__bench.rowPaints.length,
    }));
    await page.keyboard.press(s.key);
    const rows = await settledRows(page, 300);
    await page.waitForTimeout(100); // the last paint's setTimeout and the Event Timing entry
    const last = i === strokes.length - 1;
    if (last && rows !== fullRows)
      throw new Error(`the emptied filter shows ${rows} rows, not ${fullRows}`);
    const m = await page.evaluate(
      ({ before, rows }) => {
        const b = window.__bench;
        const kd = b.keydowns[before.keydowns];
        const paints = b.rowPaints
          .slice(before.rowPaints)
          .filter(p => p.changedAt >= kd.at);
        const done = paints.filter(p => p.rows === rows).at(-1);
        const entry = b.events
          .filter(e => e.name === 'keydown' && Math.abs(e.start - kd.at) < 1)
          .at(0);
        return {
          eventMs: entry ? entry.duration : 16,
          rowsMs: done ? done.paintedAt - kd.at : null,
          rows,
          changed: paints.length > 0,
        };
      },
      { before, rows },
    );
    results.push({ key: s.key, ...m });
  }
  // a keystroke that left the rows as they were was painted when its input was
  return results.map(r => ({ ...r, rowsMs: r.rowsMs ?? r.eventMs }));
}

async function measureEntity(context, baseUrl, name, rows) {
  const loads = [];
  const strokes = [];
  const opens = [];
  for (let run = 1; run <= RUNS; run++) {
    const tabPage = await context.newPage();
    try {
      opens.push(await measureTabOpen(tabPage, baseUrl, name, rows));
    } finally {
      await tabPage.close();
    }
    const page = await context.newPage();
    try {
      const load = await measureLoad(page, baseUrl, name, rows);
      const keys = await measureKeystrokes(page, rows);
      loads.push(load);
      strokes.push(...keys);
      log(
        `${name} run ${run}: tab opened in ${opens
          .at(-1)
          .tabMs.toFixed(0)} ms; page load TTI ${load.ttiMs.toFixed(0)} ms (${
          load.longTasks
        } long tasks), endpoint ${load.endpoint.ms.toFixed(0)} ms ${
          load.endpoint.transferSize
        } B; keystrokes rows ${keys
          .map(k => k.rowsMs.toFixed(0))
          .join('/')} ms`,
      );
    } finally {
      await page.close();
    }
  }
  return { rows, loads, strokes, opens };
}

const quantile = (values, q) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};

function summarise(m) {
  const tti = m.loads.map(l => l.ttiMs);
  const ep = m.loads.map(l => l.endpoint);
  const tab = m.opens.map(o => o.tabMs);
  return {
    rows: m.rows,
    tabP50: quantile(tab, 0.5),
    tabMax: Math.max(...tab),
    ttiP50: quantile(tti, 0.5),
    ttiMax: Math.max(...tti),
    endpointP50: quantile(
      ep.map(e => e.ms),
      0.5,
    ),
    transfer: quantile(
      ep.map(e => e.transferSize),
      0.5,
    ),
    encoded: quantile(
      ep.map(e => e.encodedBodySize),
      0.5,
    ),
    decoded: quantile(
      ep.map(e => e.decodedBodySize),
      0.5,
    ),
    eventP50: quantile(
      m.strokes.map(s => s.eventMs),
      0.5,
    ),
    eventP99: quantile(
      m.strokes.map(s => s.eventMs),
      0.99,
    ),
    eventMax: Math.max(...m.strokes.map(s => s.eventMs)),
    rowsP50: quantile(
      m.strokes.map(s => s.rowsMs),
      0.5,
    ),
    rowsP99: quantile(
      m.strokes.map(s => s.rowsMs),
      0.99,
    ),
    rowsMax: Math.max(...m.strokes.map(s => s.rowsMs)),
    keystrokes: m.strokes.length,
  };
}

function table(bulk, base, load) {
  const ms = v => `${Math.round(v)} ms`;
  const kib = v => `${(v / 1024).toFixed(1)} KiB`;
  const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
  const missed = [];
  const target = (name, value, limit) => {
    const ok = value <= limit;
    if (!ok) missed.push(`${name} ${Math.round(value)} ms > ${limit} ms`);
    return `<= ${limit} ms ${ok ? 'ok' : 'MISSED'}`;
  };
  const lines = [
    `| metric | ${BULK_ENTITY} (${bulk.rows} rows) | ${BASELINE} (${base.rows} rows, baseline) | ratio | target |`,
    '| --- | --- | --- | --- | --- |',
    `| Secrets tab opened from the overview, click to interactive p50 | ${ms(
      bulk.tabP50,
    )} | ${ms(base.tabP50)} | ${ratio(bulk.tabP50, base.tabP50)} | ${target(
      'tab opened p50',
      bulk.tabP50,
      TARGETS.ttiMs,
    )} |`,
    `| same, max | ${ms(bulk.tabMax)} | ${ms(base.tabMax)} | ${ratio(
      bulk.tabMax,
      base.tabMax,
    )} | |`,
    `| page load of the tab's URL (app start included), navigation to interactive p50 | ${ms(
      bulk.ttiP50,
    )} | ${ms(base.ttiP50)} | ${ratio(bulk.ttiP50, base.ttiP50)} | |`,
    `| same, max | ${ms(bulk.ttiMax)} | ${ms(base.ttiMax)} | ${ratio(
      bulk.ttiMax,
      base.ttiMax,
    )} | |`,
    `| entity endpoint p50 (browser) | ${ms(bulk.endpointP50)} | ${ms(
      base.endpointP50,
    )} | ${ratio(bulk.endpointP50, base.endpointP50)} | |`,
    `| entity endpoint transferred | ${kib(bulk.transfer)} | ${kib(
      base.transfer,
    )} | ${ratio(bulk.transfer, base.transfer)} | |`,
    `| entity endpoint body encoded / decoded | ${kib(bulk.encoded)} / ${kib(
      bulk.decoded,
    )} | ${kib(base.encoded)} / ${kib(base.decoded)} | ${ratio(
      bulk.decoded,
      base.decoded,
    )} | |`,
    `| keystroke to filtered rows painted p50 | ${ms(bulk.rowsP50)} | ${ms(
      base.rowsP50,
    )} | ${ratio(bulk.rowsP50, base.rowsP50)} | |`,
    `| keystroke to filtered rows painted p99 | ${ms(bulk.rowsP99)} | ${ms(
      base.rowsP99,
    )} | ${ratio(bulk.rowsP99, base.rowsP99)} | ${target(
      'rows painted p99',
      bulk.rowsP99,
      TARGETS.keystrokeMs,
    )} |`,
    `| keystroke to filtered rows painted max | ${ms(bulk.rowsMax)} | ${ms(
      base.rowsMax,
    )} | ${ratio(bulk.rowsMax, base.rowsMax)} | |`,
    `| keystroke next paint, Event Timing p50 | ${ms(bulk.eventP50)} | ${ms(
      base.eventP50,
    )} | ${ratio(bulk.eventP50, base.eventP50)} | |`,
    `| keystroke next paint, Event Timing p99 | ${ms(bulk.eventP99)} | ${ms(
      base.eventP99,
    )} | ${ratio(bulk.eventP99, base.eventP99)} | ${target(
      'Event Timing p99',
      bulk.eventP99,
      TARGETS.keystrokeMs,
    )} |`,
    `| keystroke next paint, Event Timing max | ${ms(bulk.eventMax)} | ${ms(
      base.eventMax,
    )} | ${ratio(bulk.eventMax, base.eventMax)} | |`,
  ];
  const head = `Entity tab benchmark: ${RUNS} runs per entity, ${bulk.keystrokes} keystrokes ("${KEYS}" typed and deleted per run), 1440x900 headless Chromium, load:${load}`;
  return { text: `${head}\n\n${lines.join('\n')}\n`, missed };
}

const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' })
      .split('load average:')[1]
      .trim();
  } catch {
    return ' unknown';
  }
};

let demo;
let baseUrl = env.BASE_URL;
const loadBefore = uptime();
if (!baseUrl) {
  log(`starting the demo with SECRETS_DEMO_BULK=${BULK}`);
  demo = await startDemo({
    log: null,
    env: {
      SECRETS_DEMO_BULK: String(BULK),
      SECRETS_DEMO_DIR: env.SECRETS_DEMO_DIR ?? 'test-output/tab-bench-demo',
      ...(env.SECRETS_DEMO_PORT
        ? { SECRETS_DEMO_PORT: env.SECRETS_DEMO_PORT }
        : {}),
    },
  });
  baseUrl = demo.url;
  log(`demo running at ${baseUrl}`);
}
const browser = await launchChromium();
let exitCode = 0;
try {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  await context.addInitScript(instrument);
  await signIn(context, baseUrl);
  const bulkRows = await countRows(context, baseUrl, BULK_ENTITY, BULK);
  const baseRows = await countRows(context, baseUrl, BASELINE);
  log(`${BULK_ENTITY}: ${bulkRows} rows; ${BASELINE}: ${baseRows} rows`);
  const base = summarise(
    await measureEntity(context, baseUrl, BASELINE, baseRows),
  );
  const bulk = summarise(
    await measureEntity(context, baseUrl, BULK_ENTITY, bulkRows),
  );
  const { text, missed } = table(
    bulk,
    base,
    ` ${loadBefore} before, ${uptime()} after`,
  );
  console.log(text);
  if (env.OUT)
    writeFileSync(
      env.OUT.startsWith('/') ? env.OUT : `${repoRoot}/${env.OUT}`,
      text,
    );
  if (missed.length) {
    console.log(`targets missed: ${missed.join('; ')}`);
    if (env.ASSERT === '1') exitCode = 1;
  }
} catch (error) {
  console.error(`[tab-bench] failed: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await browser.close();
  if (demo) await demo.stop();
}
process.exit(exitCode);
