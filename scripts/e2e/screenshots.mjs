// Takes the README's screenshots from a running demo (npm start) with Debian's Chromium.
// The guest user is fixed when the demo starts (SECRETS_DEMO_USER), so each user is one run:
//   SECRETS_DEMO_USER=alice npm start  ->  node scripts/e2e/screenshots.mjs --user alice
//   SECRETS_DEMO_USER=sam   npm start  ->  node scripts/e2e/screenshots.mjs --user sam
//   SECRETS_DEMO_USER=pat   npm start  ->  node scripts/e2e/screenshots.mjs --user pat
// Usage: node scripts/e2e/screenshots.mjs [--user alice|sam|pat] [--base-url URL] [--out DIR]
//        [--widths 1440,1024] [--flow rotate]
// --flow rotate (as alice) rotates payments-api's payments-api/db key for real: dry run, reason,
// confirm, progress, result at the first width; at the others the finished rotation is reopened
// from the history, and a second dry run shows the cooldown refusing.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    user: { type: 'string', default: 'alice' },
    'base-url': { type: 'string', default: 'http://localhost:7007' },
    out: { type: 'string', default: 'docs/images' },
    widths: { type: 'string', default: '1440,1024' },
    flow: { type: 'string' },
  },
});
const baseUrl = args['base-url'];
const outDir = args.out;
const widths = args.widths.split(',').map(Number);

const entityTab = name => `/catalog/default/component/${name}/secrets`;
const tableOrText = text => page =>
  page
    .getByRole('table')
    .or(page.getByText(text))
    .first()
    .waitFor({ timeout: 120_000 });

/** What each demo user is photographed doing; `file` gets `-<width>` unless the width is the first. */
const shots = {
  alice: [
    {
      file: 'entity-secrets',
      path: entityTab('payments-api'),
      ready: tableOrText('No ExternalSecrets found'),
    },
    {
      file: 'entity-secrets-checkout-web',
      path: entityTab('checkout-web'),
      ready: tableOrText('No ExternalSecrets found'),
    },
  ],
  sam: [
    {
      file: 'entity-secrets-refused',
      path: entityTab('payments-api'),
      ready: page =>
        page
          .getByText(/You may not read the secrets of/)
          .first()
          .waitFor({ timeout: 120_000 }),
    },
  ],
  pat: [
    {
      file: 'fleet',
      path: '/secrets',
      ready: page =>
        page
          .getByRole('table', { name: 'Secret stores' })
          .waitFor({ timeout: 120_000 }),
    },
  ],
};

const planned = shots[args.user];
if (!planned) {
  console.error(`unknown --user ${args.user}; one of ${Object.keys(shots)}`);
  process.exit(2);
}

const shotFile = (name, width) =>
  `${outDir}/${name}${width === widths[0] ? '' : `-${width}`}.png`;

/** The Rotate dialog on payments-api's DB key, end to end (see the usage note). */
async function rotateFlow(page) {
  const openTab = async () => {
    await page.goto(`${baseUrl}${entityTab('payments-api')}`);
    await page.getByRole('table').first().waitFor({ timeout: 120_000 });
  };
  const dialogShot = async (name, width) => {
    await page.waitForTimeout(800);
    const file = shotFile(name, width);
    await page.getByRole('dialog').screenshot({ path: file });
    console.log(`wrote ${file}`);
  };
  const rotateButton = () =>
    page.getByRole('button', { name: /^Rotate .*payments-api\/db/ });
  const [first, ...others] = widths;

  await page.setViewportSize({ width: first, height: 1400 });
  await openTab();
  await rotateButton().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('list', { name: 'Policy verdicts' }).waitFor();
  await dialog
    .getByRole('textbox', { name: /Reason/ })
    .fill('quarterly rotation of the DB password');
  const confirm = dialog.getByRole('button', { name: 'Rotate', exact: true });
  // the demo's policy may warn (e.g. no change ticket): acknowledge, as a user would
  const acknowledge = dialog.getByRole('checkbox', {
    name: /read the warnings/,
  });
  await page.waitForTimeout(1500);
  if (await acknowledge.count()) await acknowledge.check();
  await page.waitForFunction(
    () =>
      !document
        .querySelector(
          '[role="dialog"] .MuiDialogActions-root button:last-child',
        )
        ?.hasAttribute('disabled'),
    undefined,
    { timeout: 30_000 },
  );
  await dialogShot('rotate-dialog', first);
  await confirm.click();
  await dialog
    .getByRole('table', { name: 'Progress per cluster' })
    .waitFor({ timeout: 30_000 });
  await dialogShot('rotate-progress', first);
  await dialog
    .getByRole('alert')
    .filter({ hasText: /Rotation (succeeded|partially failed|failed)/ })
    .waitFor({ timeout: 180_000 });
  await dialogShot('rotate-result', first);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await dialog.waitFor({ state: 'detached' });

  for (const width of others) {
    await page.setViewportSize({ width, height: 1400 });
    await openTab();
    await page
      .getByRole('table', { name: 'Rotation history of the entity' })
      .getByRole('button', { name: /Open the rotation/ })
      .first()
      .click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: /Rotation/ })
      .waitFor({ timeout: 30_000 });
    await dialogShot('rotate-result', width);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rotateButton().click();
    await dialog.getByRole('list', { name: 'Policy verdicts' }).waitFor();
    await dialog
      .getByRole('textbox', { name: /Reason/ })
      .fill('a second rotation right after the first');
    await page.waitForTimeout(2000);
    await dialogShot('rotate-dialog-cooldown', width);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({
    viewport: { width: widths[0], height: 900 },
  });
  await page.goto(baseUrl);
  // The dev server may still be compiling the bundle on the first request, and a click before
  // the app is interactive is lost: click until the guest button is gone (signed in).
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 180_000 });
  for (let attempt = 0; attempt < 10 && (await enter.count()) > 0; attempt++) {
    await enter.click({ timeout: 10_000 }).catch(() => {});
    await enter.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  }

  if (args.flow === 'rotate') {
    await rotateFlow(page).catch(async error => {
      // what the page showed when a step timed out
      await page.screenshot({ path: `${outDir}/failed.png`, fullPage: true });
      throw error;
    });
  }
  for (const width of args.flow ? [] : widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const shot of planned) {
      await page.goto(`${baseUrl}${shot.path}`);
      await shot.ready(page);
      // let the first poll settle and tooltips/transitions finish
      await page.waitForTimeout(1500);
      const file = `${outDir}/${shot.file}${
        width === widths[0] ? '' : `-${width}`
      }.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(`wrote ${file}`);
    }
  }
} finally {
  await browser.close();
}
