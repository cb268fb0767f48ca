// The user journey of issue 13 in headless Chromium against the running demo, asserting what
// each page shows; screenshots of each step go to test-output/journey/. Afterwards the leak scan:
// no value of fleet-sim's Vault in any response, frame, request or rendered page.
//
//   node scripts/e2e/journey.mjs [--base-url http://localhost:7007] [--demo-dir .demo]
//                                [--out test-output/journey] [--docs]
//
// Without --base-url it starts the demo itself with `npm start` (its own start-up), stops it with
// SIGINT at the end and checks that nothing is left (scripts/ci/journey.sh does this in CI).
// --docs copies the screenshots the README uses to docs/images/ (1440 and -1024 px).
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { launchChromium } from './chromium.mjs';
import { assertNothingLeft, repoRoot, startDemo } from './demoProcess.mjs';
import { measureFirstPaint } from './firstPaint.mjs';
import {
  adminPost,
  readFleet,
  targetDataHashes,
  vaultCurrentVersion,
} from './journey/fleet.mjs';
import {
  describeHit,
  scan,
  TrafficRecorder,
  vaultInventory,
} from './journey/leakScan.mjs';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'demo-dir': { type: 'string', default: '.demo' },
    out: { type: 'string', default: 'test-output/journey' },
    docs: { type: 'boolean', default: false },
  },
});
const outDir = `${repoRoot}/${args.out}`;
mkdirSync(outDir, { recursive: true });

const T = 120_000; // generous: the CI machine has two cores and the demo is busy at start-up
const ROTATED_KEY = 'payments-api/db';
/** The team-search key the demo's payments-api reads in dev-eu (fleet-sim's SHARED_KEY). */
const SHARED_KEY = 'search-indexer/api';
/** The demo key whose rotate-every (10m) is shorter than the demo's history: overdue. */
const OVERDUE_KEY = 'payments-api/stripe';
const REASON = 'quarterly rotation of the DB password';

/** The demo catalog's text (catalog/*.yaml): what any signed-in user may read anyway. */
function publicCatalogText() {
  const dir = `${repoRoot}/catalog`;
  return readdirSync(dir)
    .filter(f => f.endsWith('.yaml'))
    .map(f => readFileSync(`${dir}/${f}`, 'utf8'))
    .join('\n');
}

const started = Date.now();
const timings = [];
/** What the journey saw wrong but does not fail on (named in the log and summary.json). */
const warnings = [];
const log = msg =>
  console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);

let demo;
let baseUrl = args['base-url'];
let demoDir = `${repoRoot}/${args['demo-dir']}`;
if (!baseUrl) {
  log('starting the demo with npm start');
  demo = await startDemo({ log: null });
  baseUrl = demo.url;
  demoDir = demo.demoDir;
  log(`demo running at ${baseUrl}`);
}
const fleet = readFleet(demoDir);
const recorder = new TrafficRecorder();
const browser = await launchChromium();
const shots = [];
let page;
let failure;

async function shot(name, { width, dialog = false, element } = {}) {
  await page.waitForTimeout(600); // transitions and the poll that follows a change
  const file = `${outDir}/${name}${
    width && width !== 1440 ? `-${width}` : ''
  }.png`;
  if (dialog) {
    // tall enough for the whole dialog, so that its content does not scroll
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: viewport.width, height: 1600 });
    await page.waitForTimeout(300);
    await page.getByRole('dialog').screenshot({ path: file });
    await page.setViewportSize(viewport);
  } else if (element) await element.screenshot({ path: file });
  else {
    // the whole page in one viewport: a full-page capture would cut the fixed sidebar short
    const viewport = page.viewportSize();
    const height = await page.evaluate(() =>
      Math.max(
        ...[
          document.documentElement,
          document.body,
          ...document.querySelectorAll('main, main *'),
        ]
          .slice(0, 400)
          .map(e => e.scrollHeight),
      ),
    );
    await page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.max(height, viewport.height), 4000),
    });
    await page.waitForTimeout(300);
    await page.screenshot({ path: file });
    await page.setViewportSize(viewport);
  }
  shots.push(file);
  await recorder.snapshot(page, name);
}

async function step(name, fn) {
  const t0 = Date.now();
  log(`step: ${name}`);
  try {
    await fn();
  } catch (error) {
    await page
      ?.screenshot({ path: `${outDir}/failed.png`, fullPage: true })
      .catch(() => {});
    if (page) await recorder.snapshot(page, `failed: ${name}`).catch(() => {});
    throw new Error(`${name}: ${error.message}`);
  } finally {
    timings.push({ name, seconds: (Date.now() - t0) / 1000 });
  }
}

const entityTab = name =>
  `${baseUrl}/catalog/default/component/${name}/secrets`;
const visible = (locator, timeout = T) =>
  locator.filter({ visible: true }).first().waitFor({ timeout });

/** Signs in as `user` the way a newcomer does: the demo's sign-in page, no restart. */
async function signInAs(user) {
  await page.context().clearCookies();
  await page.goto(baseUrl);
  await page.evaluate(() => localStorage.clear());
  await page.goto(baseUrl);
  const button = page.getByRole('button', { name: `Sign in as ${user}` });
  await visible(button);
  // a click before the app is interactive is lost: click until the sign-in page is gone
  for (let i = 0; i < 10 && (await button.count()) > 0; i++) {
    await button.click({ timeout: 10_000 }).catch(() => {});
    await button
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => {});
  }
  await page.goto(`${baseUrl}/settings`);
  await visible(page.getByText(`user:default/${user}`));
}

/** A Backstage token for `user`, as the demo's guest sign-in issues it to the browser. */
async function tokenOf(user) {
  const res = await page.request.get(`${baseUrl}/api/auth/guest/refresh`, {
    headers: {
      cookie: `secrets-demo-user=${user}`,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  const body = await res.json();
  recorder.add(`request.get guest/refresh as ${user}`, JSON.stringify(body));
  if (!res.ok()) throw new Error(`sign-in as ${user}: ${res.status()}`);
  return body.backstageIdentity.token;
}

async function api(user, method, path, body) {
  const res = await page.request.fetch(`${baseUrl}/api/secrets${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await tokenOf(user)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    data: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  recorder.add(`request.${method} ${path} as ${user}`, text);
  return { status: res.status(), body: text ? JSON.parse(text) : undefined };
}

/**
 * Opens the Rotate (or Roll back) dialog with `open`, types the reason and waits for the dry run;
 * while the key's cooldown refuses (a rotation a moment ago), cancels and waits it out.
 */
async function dryRunInDialog(open, reason) {
  const dialog = page.getByRole('dialog');
  for (let attempt = 0; ; attempt++) {
    await open();
    await visible(dialog.getByRole('list', { name: 'Policy verdicts' }));
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
    // the dry run is debounced after typing; its verdicts decide what the confirm button allows
    await page.waitForTimeout(2500);
    await visible(dialog.getByRole('list', { name: 'Policy verdicts' }));
    const text = await dialog.innerText();
    const readyAt = /next rotation is allowed from (\S+?Z)/.exec(text);
    // a cluster brought back a moment ago may still count as unreachable for the plan
    const unreachable = /cluster \S+ is unreachable/.exec(text);
    if ((!readyAt && !unreachable) || attempt >= 6) return dialog;
    const waitMs = readyAt
      ? Math.max(0, Date.parse(readyAt[1]) - Date.now()) + 3000
      : 10_000;
    log(
      `${
        readyAt ? `cooldown until ${readyAt[1]}` : unreachable[0]
      }: waiting ${Math.round(waitMs / 1000)} s`,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForTimeout(Math.min(waitMs, 300_000));
  }
}

const expect = (cond, message) => {
  if (!cond) throw new Error(message);
};

/**
 * What a narrow screen must not do to the page's tables: scroll sideways inside their card (the
 * last column cut off at the edge) or wrap a header onto a second line.
 */
async function expectTablesFit(where) {
  const problems = await page.evaluate(() =>
    [...document.querySelectorAll('main table')].flatMap(table => {
      const name = table.getAttribute('aria-label') ?? 'a table';
      const out = [];
      const box = table.parentElement;
      if (box.scrollWidth > box.clientWidth + 1)
        out.push(
          `${name} is ${
            box.scrollWidth - box.clientWidth
          }px wider than its card`,
        );
      for (const th of table.querySelectorAll('thead th')) {
        const lineHeight = parseFloat(getComputedStyle(th).lineHeight) || 20;
        const text = th.textContent.trim();
        const range = document.createRange();
        range.selectNodeContents(th);
        if (text && range.getBoundingClientRect().height > lineHeight * 1.5)
          out.push(`${name}: header "${text}" wraps`);
      }
      return out;
    }),
  );
  expect(problems.length === 0, `${where}: ${problems.join('; ')}`);
}

let hashesBefore;
let rotationVersion;
const firstPaints = [];

try {
  // a newcomer's first load of the printed URL, before anything is cached
  for (let i = 0; i < 3; i++)
    firstPaints.push(await measureFirstPaint(browser, baseUrl));
  log(
    `first paint ${firstPaints
      .map(f => f.firstContentfulPaintMs)
      .join(' / ')} ms, ` +
      `app rendered ${firstPaints
        .map(f => f.appRenderedMs ?? '?')
        .join(' / ')} ms`,
  );

  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  page = await context.newPage();
  recorder.attach(page);

  await step("1. alice signs in and sees payments-api's secrets", async () => {
    await signInAs('alice');
    await page.goto(entityTab('payments-api'));
    await visible(page.getByRole('heading', { name: /payments-api\/db/ }));
    await visible(page.getByText('Synced', { exact: true }));
    // a failing secret, with ESO's own cause rather than a summary
    await visible(page.getByText('Error', { exact: true }));
    await visible(
      page.getByText(
        /error processing spec\.data\[0\] \(key: payments-api\/feature-flags\)/,
      ),
    );
    // the key older than its schedule stands out under its heading
    const overdueGroup = page.locator('div').filter({
      has: page.getByRole('heading', { name: new RegExp(OVERDUE_KEY) }),
      hasNot: page.getByRole('heading', { name: /payments-api\/db/ }),
    });
    await visible(overdueGroup.getByText(/^Overdue: older than 10m$/));
    await visible(
      overdueGroup.getByText(/rotate every 10m \(from a reader’s rotate-every/),
    );
    await shot('entity-secrets');
    await page.setViewportSize({ width: 1024, height: 900 });
    await expectTablesFit("payments-api's tab at 1024 px");
    await shot('entity-secrets', { width: 1024 });
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await step(
    '1. a cluster taken down shows its banner; the overview card',
    async () => {
      await adminPost(fleet, '/clusters/prod-us/down');
      try {
        const banner = page.getByRole('alert').filter({
          hasText: /Cluster prod-us could not be read \(UNREACHABLE\)/,
        });
        await page.reload();
        await visible(banner);
        // the last known rows are still there
        await visible(page.getByRole('heading', { name: /payments-api\/db/ }));
        await shot('entity-secrets-unreachable');
        await page
          .getByRole('tab', { name: 'Overview' })
          .or(page.getByRole('link', { name: 'Overview', exact: true }))
          .filter({ visible: true })
          .first()
          .click({ timeout: T });
        const card = page.locator('article, [class*="MuiCard"]').filter({
          has: page.getByText('Secrets', { exact: true }),
        });
        await visible(card.getByText(/Worst status: /));
        await visible(card.getByText(/cluster\(s\) could not be read/));
        await shot('entity-overview-card');
      } finally {
        await adminPost(fleet, '/clusters/prod-us/up');
      }
      await page.goto(entityTab('payments-api'));
      await page
        .getByRole('alert')
        .filter({ hasText: /Cluster prod-us could not be read/ })
        .waitFor({ state: 'detached', timeout: T });
    },
  );

  await step(`2. alice rotates ${ROTATED_KEY}`, async () => {
    hashesBefore = await targetDataHashes(fleet, ROTATED_KEY);
    expect(
      Object.keys(hashesBefore).length >= fleet.clusters.length,
      `expected a target Secret of ${ROTATED_KEY} in every cluster, found ${Object.keys(
        hashesBefore,
      )}`,
    );
    await page.goto(entityTab('payments-api'));
    const dialog = await dryRunInDialog(
      () =>
        page
          .getByRole('button', { name: new RegExp(`^Rotate .*${ROTATED_KEY}`) })
          .first()
          .click({ timeout: T }),
      REASON,
    );
    const acknowledge = dialog.getByRole('checkbox', {
      name: /read the warnings/,
    });
    if (await acknowledge.count()) await acknowledge.check();
    const confirm = dialog.getByRole('button', { name: 'Rotate', exact: true });
    await page.waitForFunction(
      () =>
        ![...document.querySelectorAll('[role="dialog"] button')]
          .find(b => b.textContent.trim() === 'Rotate')
          ?.hasAttribute('disabled'),
      undefined,
      { timeout: T },
    );
    await shot('rotate-dialog', { dialog: true });
    await confirm.click();
    await visible(dialog.getByRole('table', { name: 'Progress per cluster' }));
    await shot('rotate-progress', { dialog: true });
    const result = dialog
      .getByRole('alert')
      .filter({ hasText: /Rotation (succeeded|partially failed|failed)/ });
    await visible(result, 300_000);
    const text = await result.first().innerText();
    expect(
      /Rotation succeeded/.test(text),
      `the rotation did not succeed: ${text}`,
    );
    // the version the page announces is the one Vault now holds
    const live = /Vault version (\d+) is live/.exec(text);
    expect(live, `no new Vault version in "${text}"`);
    rotationVersion = Number(live[1]);
    const current = await vaultCurrentVersion(fleet, ROTATED_KEY);
    expect(
      current === rotationVersion,
      `the page says version ${rotationVersion}, Vault holds ${current}`,
    );
    for (const c of fleet.clusters)
      await visible(
        dialog
          .getByRole('table', { name: 'Progress per cluster' })
          .getByText(c.name),
      );
    await shot('rotate-result', { dialog: true });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  await step(
    '2. the history shows it; the data-hash changed in every cluster',
    async () => {
      const history = page.getByRole('table', { name: /Rotation history/ });
      await visible(history.getByText(REASON));
      await shot('rotation-history', {
        // the innermost box holding the history's heading and its table: its card
        element: page
          .locator('div, section, article')
          .filter({
            has: page.getByRole('heading', { name: /^Rotation history/ }),
          })
          .filter({ has: history.first() })
          .last(),
      });
      // the same at 1024 px: the history, the finished rotation reopened from it, and the
      // cooldown refusing a second rotation right away
      await page.setViewportSize({ width: 1024, height: 900 });
      await expectTablesFit('the tab with its history at 1024 px');
      await shot('rotation-history', {
        width: 1024,
        element: page
          .locator('div, section, article')
          .filter({
            has: page.getByRole('heading', { name: /^Rotation history/ }),
          })
          .filter({ has: history.first() })
          .last(),
      });
      const dialog = page.getByRole('dialog');
      await history
        .getByRole('button', { name: /^Open the rotation/ })
        .first()
        .click({ timeout: T });
      await visible(
        dialog.getByRole('alert').filter({ hasText: /Rotation succeeded/ }),
      );
      await shot('rotate-result', { width: 1024, dialog: true });
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page
        .getByRole('button', { name: new RegExp(`^Rotate .*${ROTATED_KEY}`) })
        .first()
        .click({ timeout: T });
      await visible(dialog.getByRole('list', { name: 'Policy verdicts' }));
      await dialog
        .getByRole('textbox', { name: /Reason/ })
        .fill('a second rotation right after the first');
      await visible(dialog.getByText(/next rotation is allowed from/));
      await shot('rotate-dialog-cooldown', { width: 1024, dialog: true });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.setViewportSize({ width: 1440, height: 900 });

      const after = await targetDataHashes(fleet, ROTATED_KEY);
      const unchanged = Object.keys(hashesBefore).filter(
        k => after[k] === hashesBefore[k],
      );
      expect(
        unchanged.length === 0,
        `data-hash unchanged after the rotation: ${unchanged.join(', ')}`,
      );
      log(`data-hash changed in ${Object.keys(after).join(', ')}`);
    },
  );

  await step(
    "3. alice is refused team-search's entity, and a crafted request",
    async () => {
      await page.goto(entityTab('search-indexer'));
      await visible(
        page.getByText(
          /You may not read the secrets of component:default\/search-indexer/,
        ),
      );
      await visible(page.getByText(/team-search/));
      await shot('entity-secrets-refused');
      // team-search's key that payments-api reads itself: the tenant rule denies it, in the
      // dialog and on a real request
      await page.goto(entityTab('payments-api'));
      const dialog = await dryRunInDialog(
        () =>
          page
            .getByRole('button', {
              name: new RegExp(`^Rotate .*${SHARED_KEY}`),
            })
            .first()
            .click({ timeout: T }),
        'rotating the search token payments-api calls with',
      );
      const tenantMessage =
        /namespace team-search secret\/search-indexer\/api is outside the Vault locations of group:default\/team-payments/;
      const verdict = dialog
        .getByRole('list', { name: 'Policy verdicts' })
        .getByRole('listitem')
        .filter({ hasText: tenantMessage });
      await visible(verdict);
      const verdictText = await verdict.first().innerText();
      const verdictLabel = await verdict.first().getAttribute('aria-label');
      expect(
        /✗/.test(verdictText) &&
          /^The key lies inside the owner's Vault namespace and paths: denied\./.test(
            verdictLabel,
          ),
        `the tenant verdict is not a deny: ${verdictLabel}`,
      );
      expect(
        await dialog
          .getByRole('button', { name: 'Rotate', exact: true })
          .isDisabled(),
        'Rotate is enabled although the tenant rule denies',
      );
      await shot('rotate-dialog-tenant-deny', { dialog: true });
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      const paymentsGroups = await api(
        'alice',
        'GET',
        '/entities/default/component/payments-api/secrets',
      );
      const shared = paymentsGroups.body.groups.find(
        g => g.vault.key === SHARED_KEY,
      );
      expect(shared, `payments-api reads no ${SHARED_KEY}`);
      const versionBefore = await vaultCurrentVersion(
        fleet,
        SHARED_KEY,
        'team-search',
      );
      const real = await api('alice', 'POST', '/rotations', {
        entityRef: 'component:default/payments-api',
        groupId: shared.id,
        reason: 'rotating the search token payments-api calls with',
        dryRun: false,
      });
      expect(
        real.status === 403,
        `a real rotation of ${SHARED_KEY} through payments-api answered ${real.status}`,
      );
      const deny = real.body.verdicts?.find(
        v => v.ruleId === 'tenant-boundary',
      );
      expect(
        deny?.outcome === 'deny' && tenantMessage.test(deny.message),
        `no tenant-boundary deny in ${JSON.stringify(real.body).slice(0, 300)}`,
      );
      const versionAfter = await vaultCurrentVersion(
        fleet,
        SHARED_KEY,
        'team-search',
      );
      expect(
        versionAfter === versionBefore,
        `Vault's ${SHARED_KEY} went from ${versionBefore} to ${versionAfter}`,
      );

      // a team-search key payments-api does not read: a 404 that does not say it exists
      const sam = await api(
        'sam',
        'GET',
        '/entities/default/component/search-indexer/secrets',
      );
      expect(
        sam.status === 200 && sam.body.groups.length,
        `sam reads search-indexer: ${sam.status}`,
      );
      const searchGroup = sam.body.groups.find(
        g => g.vault.key === 'search-indexer/elastic',
      )?.id;
      expect(searchGroup, 'sam sees no search-indexer/elastic');
      const crafted = await api('alice', 'POST', '/rotations', {
        entityRef: 'component:default/payments-api',
        groupId: searchGroup,
        reason: 'rotating the search key through payments',
      });
      expect(
        crafted.status === 404,
        `crafted group id answered ${crafted.status}`,
      );
      expect(
        !/team-search|search-indexer/.test(JSON.stringify(crafted.body)),
        `the refusal reveals the other team's key: ${JSON.stringify(
          crafted.body,
        )}`,
      );
      expect(
        crafted.body?.error?.message ===
          `component:default/payments-api reads no Vault key with group id ${searchGroup}`,
        `unexpected refusal: ${JSON.stringify(crafted.body).slice(0, 300)}`,
      );
    },
  );

  await step(
    '4. pat revalidates the stuck store and sees canary latency',
    async () => {
      await page.goto(`${baseUrl}/secrets?user=pat`);
      await page.goto(`${baseUrl}/settings`);
      await visible(page.getByText('user:default/pat'));
      await page.goto(`${baseUrl}/secrets`);
      const stores = page.getByRole('table', { name: 'Secret stores' });
      await visible(stores);
      const revalidate = stores.getByRole('button', {
        name: /^Revalidate .*vault-search/,
      });
      await visible(revalidate);
      await visible(
        page
          .getByRole('table', { name: 'Overdue keys' })
          .getByText(OVERDUE_KEY),
      );
      await shot('fleet');
      await page.setViewportSize({ width: 1024, height: 900 });
      await shot('fleet', { width: 1024 });
      await page.setViewportSize({ width: 1440, height: 900 });
      await revalidate.first().click();
      const dialog = page.getByRole('dialog');
      await visible(dialog.getByRole('list', { name: 'Planned changes' }));
      await shot('revalidate-dry-run', { dialog: true });
      await dialog.getByRole('button', { name: 'Run revalidation' }).click();
      await visible(dialog.getByRole('list', { name: 'Outcome' }));
      await shot('revalidate-result', { dialog: true });
      await dialog.getByRole('button', { name: 'Close' }).click();
      // its ExternalSecrets recover: the store stops needing revalidation, and the one that
      // waited for it leaves the failing list
      await stores
        .getByRole('button', { name: /^Revalidate .*vault-search/ })
        .waitFor({ state: 'detached', timeout: T });
      await page
        .getByRole('table', { name: 'Failing ExternalSecrets' })
        .getByText('search-indexer-api')
        .waitFor({ state: 'detached', timeout: T });
      const canary = page.getByRole('table', {
        name: 'Canary propagation per cluster',
      });
      await visible(canary, 360_000);
      // every cluster shows its latest probe: a latency, or why it failed
      const latency = /\b\d+(\.\d+)?\s?(ms|s|m)\b/;
      for (const c of fleet.clusters) {
        const row = canary.getByRole('row').filter({ hasText: c.name });
        await visible(row);
        const text = await row.first().innerText();
        if (!latency.test(text.replace(/\d+\s?[smh] ago/g, '')))
          warnings.push(`canary in ${c.name}: ${text.replace(/\s+/g, ' ')}`);
      }
      expect(
        warnings.filter(w => w.startsWith('canary')).length <
          fleet.clusters.length,
        'the canary measured no cluster',
      );
      await shot('fleet-canary', { element: canary });
    },
  );

  await step('5. alice rolls her rotation back', async () => {
    await page.goto(`${entityTab('payments-api')}?user=alice`);
    const history = page.getByRole('table', { name: /Rotation history/ });
    await visible(history.getByText(REASON));
    // the rollback goes through the same policy, the key's cooldown included
    const dialog = await dryRunInDialog(
      () =>
        history
          .getByRole('button', { name: /^Roll back to version/ })
          .first()
          .click({ timeout: T }),
      'rolling back the quarterly rotation',
    );
    const acknowledge = dialog.getByRole('checkbox', {
      name: /read the warnings/,
    });
    if (await acknowledge.count()) await acknowledge.check();
    const confirm = dialog.getByRole('button', {
      name: 'Roll back',
      exact: true,
    });
    await page.waitForTimeout(500);
    await confirm.click({ timeout: T });
    const result = dialog
      .getByRole('alert')
      .filter({ hasText: /Rollback (succeeded|partially failed|failed)/ });
    await visible(result, 300_000);
    const text = await result.first().innerText();
    expect(
      /Rollback succeeded/.test(text),
      `the rollback did not succeed: ${text}`,
    );
    await shot('rollback-result', { dialog: true });
    // the rollback wrote the data from before the rotation again: every target Secret's
    // data-hash is back to what it was
    let back;
    for (let i = 0; i < 30; i++) {
      back = await targetDataHashes(fleet, ROTATED_KEY);
      if (Object.keys(hashesBefore).every(k => back[k] === hashesBefore[k]))
        break;
      await page.waitForTimeout(2000);
    }
    const differ = Object.keys(hashesBefore).filter(
      k => back[k] !== hashesBefore[k],
    );
    expect(
      differ.length === 0,
      `data-hash not back to its value before the rotation: ${differ.join(
        ', ',
      )}`,
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await visible(
      page
        .getByRole('table', { name: /Rotation history/ })
        .getByText('rolling back the quarterly rotation'),
    );
  });
} catch (error) {
  failure = error;
  log(`FAILED ${error.message}`);
}

// The leak scan runs whatever happened above: what the browser saw until then must be clean too.
let leakFailure;
try {
  log(
    `leak scan over ${recorder.records.length} records (${(
      recorder.bytes / 1e6
    ).toFixed(1)} MB)`,
  );
  const secrets = [
    ...(await vaultInventory(fleet.vault)),
    // credentials of the backend that must stay there as well
    { value: fleet.vault.rootToken, where: "Vault's root token" },
    { value: fleet.pluginVaultToken, where: "the plugin's Vault token" },
    ...fleet.clusters.map(c => ({
      value: c.token,
      where: `${c.name}'s service-account token`,
    })),
  ];
  // The catalog is readable by every signed-in user: a Vault value that is also a name in it
  // (the demo's usernames `payments`, `ledger`, a client id `checkout-web`) cannot be told from
  // the page naming that entity. They are listed, not silently dropped.
  const catalogText = publicCatalogText();
  const isPublic = v => catalogText.includes(v.value);
  const skipped = secrets.filter(isPublic);
  if (skipped.length)
    log(
      `leak scan: ${
        skipped.length
      } Vault values are names in the public catalog, not scanned: ${skipped
        .map(v => v.where)
        .join(', ')}`,
    );
  const hits = scan(
    recorder.records,
    secrets.filter(v => !isPublic(v)),
  );
  // self-check: a value planted in Vault after the journey, served to the browser, must be found
  const planted = `leak-check-${randomBytes(12).toString('hex')}`;
  const plantRes = await fetch(
    `${fleet.vault.url}/v1/platform/data/leak-check`,
    {
      method: 'POST',
      headers: {
        'x-vault-token': fleet.vault.rootToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ data: { value: planted } }),
    },
  );
  if (!plantRes.ok)
    throw new Error(`planting the check value: ${plantRes.status}`);
  const check = new TrafficRecorder();
  const checkPage = await browser.newPage();
  check.attach(checkPage, 'self-check');
  await checkPage.route('**/leak-check', route =>
    route.fulfill({
      contentType: 'text/html',
      body: `<p>token ${planted}</p>`,
    }),
  );
  await checkPage.goto(`${baseUrl}/leak-check`);
  await check.snapshot(checkPage, 'self-check');
  await checkPage.close();
  const afterPlant = await vaultInventory(fleet.vault);
  const caught = scan(check.records, afterPlant).filter(
    h => h.value === planted,
  );
  if (caught.length !== 1 || !afterPlant.some(v => v.value === planted))
    throw new Error('the leak scanner missed the value planted to check it');
  log(
    `leak scan: ${secrets.length} values (${afterPlant.length} in Vault at ${
      new Set(afterPlant.map(v => v.where.split(' v')[0])).size
    } paths, every version); ` +
      `${hits.length} found; self-check caught the planted value (${describeHit(
        caught[0],
      )})`,
  );
  if (hits.length)
    throw new Error(
      `secret values reached the browser:\n  ${hits
        .map(describeHit)
        .join('\n  ')}`,
    );
} catch (error) {
  leakFailure = error;
  log(`LEAK SCAN FAILED ${error.message}`);
}

await browser.close();

let stopFailure;
let stopReport;
if (demo) {
  stopReport = await demo.stop();
  try {
    assertNothingLeft(stopReport);
    log(`demo stopped by SIGINT in ${stopReport.stopMs} ms; nothing left`);
  } catch (error) {
    stopFailure = error;
    log(`STOP FAILED ${error.message}`);
  }
}

if (args.docs && !failure) {
  const readme = [
    'entity-secrets',
    'rotate-dialog',
    'rotate-progress',
    'rotate-result',
    'rotation-history',
    'rotate-dialog-cooldown',
    'fleet',
    'entity-secrets-refused',
    'rotate-dialog-tenant-deny',
  ];
  for (const file of shots) {
    const base = file.slice(outDir.length + 1);
    if (readme.some(n => base === `${n}.png` || base === `${n}-1024.png`)) {
      copyFileSync(file, `${repoRoot}/docs/images/${base}`);
      log(`docs/images/${base}`);
    }
  }
}

const summary = {
  ok: !failure && !leakFailure && !stopFailure,
  seconds: (Date.now() - started) / 1000,
  firstPaints,
  steps: timings,
  rotationVersion,
  screenshots: shots.map(f => f.slice(repoRoot.length + 1)),
  stop: stopReport && {
    stopMs: stopReport.stopMs,
    left: stopReport.left.length,
  },
  warnings,
  failures: [failure, leakFailure, stopFailure]
    .filter(Boolean)
    .map(e => e.message),
};
writeFileSync(`${outDir}/summary.json`, JSON.stringify(summary, null, 2));
for (const w of warnings) log(`warning: ${w}`);
log(
  `journey ${summary.ok ? 'passed' : 'FAILED'} in ${summary.seconds.toFixed(
    0,
  )} s (test-output/journey/summary.json)`,
);
process.exit(summary.ok ? 0 : 1);
