#!/usr/bin/env node
// What a platform team sees after following docs/install.md in a new app, checked in Debian's
// Chromium: /api/secrets/health answers, payments-api's Secrets tab lists its ExternalSecrets per
// Vault key (rows come from fleet-sim's clusters, so the backend really watched them), and the
// Secrets page is in the sidebar and renders. A screenshot of each goes to --out.
//   node check-app.mjs --base-url http://localhost:7007 --out DIR
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: args } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    out: { type: 'string', default: 'test-results/fresh-app' },
  },
});
const baseUrl = args['base-url'];
if (!baseUrl) {
  console.error('usage: check-app.mjs --base-url URL [--out DIR]');
  process.exit(2);
}
mkdirSync(args.out, { recursive: true });

const health = await fetch(`${baseUrl}/api/secrets/health`);
const body = await health.json();
if (health.status !== 200 || body.status !== 'ok')
  throw new Error(
    `/api/secrets/health answered ${health.status} ${JSON.stringify(body)}`,
  );
console.log(
  `check: /api/secrets/health ${health.status} ${JSON.stringify(body)}`,
);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const page = await browser.newPage({
  viewport: { width: 1440, height: 1100 },
});
try {
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));

  // A new app's sign-in page offers the guest provider; the app remembers the choice.
  const signInIfAsked = async () => {
    const enter = page.getByRole('button', { name: 'Enter' });
    const content = page.getByText(/Secrets|payments-api/).first();
    await enter.or(content).first().waitFor({ timeout: 120_000 });
    if (await enter.isVisible()) await enter.click();
  };

  await page.goto(`${baseUrl}/catalog/default/component/payments-api/secrets`);
  await signInIfAsked();
  // the key fleet-sim's demo gives payments-api's database credentials, grouped as its row title
  await page.getByText('payments-api/db').first().waitFor({ timeout: 180_000 });
  // the entity page's tab (a link to this very page), not the sidebar's Secrets page
  const tab = page.locator('a[href$="/component/payments-api/secrets"]');
  if (!(await tab.count()))
    throw new Error('the entity page has no Secrets tab');
  await page.screenshot({
    path: `${args.out}/entity-secrets.png`,
    fullPage: true,
  });
  console.log('check: the Secrets tab of payments-api lists payments-api/db');

  await page.locator('a[href="/secrets"]').first().click();
  await page.waitForURL(/\/secrets$/, { timeout: 60_000 });
  await page
    .getByRole('heading', { name: /Secrets/ })
    .first()
    .waitFor({ timeout: 120_000 });
  await page
    .getByText(/dev-eu|prod-eu/)
    .first()
    .waitFor({ timeout: 120_000 });
  await page.screenshot({ path: `${args.out}/fleet.png`, fullPage: true });
  console.log('check: the Secrets page from the sidebar lists the clusters');

  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
} catch (error) {
  await page.screenshot({ path: `${args.out}/failed.png`, fullPage: true });
  console.error(
    `check: failed on ${page.url()}; the page shows:\n${await page
      .locator('body')
      .innerText()}`,
  );
  throw error;
} finally {
  await browser.close();
}
