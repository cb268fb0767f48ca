// Takes the README's screenshots from a running demo (npm start) with Debian's Chromium.
// The guest user is fixed when the demo starts (SECRETS_DEMO_USER), so each user is one run:
//   SECRETS_DEMO_USER=alice npm start  ->  node scripts/e2e/screenshots.mjs --user alice
//   SECRETS_DEMO_USER=sam   npm start  ->  node scripts/e2e/screenshots.mjs --user sam
//   SECRETS_DEMO_USER=pat   npm start  ->  node scripts/e2e/screenshots.mjs --user pat
// Usage: node scripts/e2e/screenshots.mjs [--user alice|sam|pat] [--base-url URL] [--out DIR]
//        [--widths 1440,1024]
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    user: { type: 'string', default: 'alice' },
    'base-url': { type: 'string', default: 'http://localhost:3000' },
    out: { type: 'string', default: 'docs/images' },
    widths: { type: 'string', default: '1440,1024' },
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

  for (const width of widths) {
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
