// Takes the README's screenshots from a running demo (npm start) with Debian's Chromium.
// Usage: node scripts/e2e/screenshots.mjs [baseUrl] [outDir]
import { chromium } from 'playwright-core';

const baseUrl = process.argv[2] ?? 'http://localhost:3000';
const outDir = process.argv[3] ?? 'docs/images';

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
    viewport: { width: 1440, height: 900 },
  });
  await page.goto(baseUrl);
  // The dev server may still be compiling the bundle on the first request.
  await page
    .getByRole('button', { name: /enter/i })
    .click({ timeout: 180_000 });
  await page
    .waitForURL(url => !url.pathname.includes('sign-in'), { timeout: 30_000 })
    .catch(() => {});

  await page.goto(`${baseUrl}/catalog/default/component/payments-api/secrets`);
  await page.getByRole('table').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({
    path: `${outDir}/entity-secrets.png`,
    fullPage: true,
  });
  console.log(`wrote ${outDir}/entity-secrets.png`);

  await page.goto(`${baseUrl}/secrets`);
  await page.getByRole('table').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  await page.screenshot({ path: `${outDir}/fleet.png`, fullPage: true });
  console.log(`wrote ${outDir}/fleet.png`);
} finally {
  await browser.close();
}
