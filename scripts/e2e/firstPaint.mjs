// First paint of the demo as a newcomer's browser sees it: a fresh profile (empty cache), the
// printed URL, navigation start -> first-contentful-paint, and what the page transferred.
import { launchChromium } from './chromium.mjs';

/** @returns {Promise<{firstContentfulPaintMs: number, appRenderedMs: number, transferredBytes: number, requests: number}>} */
export async function measureFirstPaint(browser, url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const fcp = await page.waitForFunction(
      () =>
        performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
      undefined,
      { timeout: 60_000 },
    );
    const firstContentfulPaintMs = Math.round(await fcp.jsonValue());
    // the app itself on screen: its sign-in page (or, signed in, its sidebar)
    await page
      .getByRole('button', { name: /^(Sign in as|Enter)/ })
      .or(page.getByRole('link', { name: 'Catalog' }))
      .first()
      .waitFor({ timeout: 60_000 });
    const appRenderedMs = Math.round(
      await page.evaluate(() => performance.now()),
    );
    const { transferredBytes, requests } = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource');
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        requests: entries.length + 1,
        transferredBytes:
          (nav?.transferSize ?? 0) +
          entries.reduce((sum, e) => sum + (e.transferSize ?? 0), 0),
      };
    });
    return {
      firstContentfulPaintMs,
      appRenderedMs,
      transferredBytes,
      requests,
    };
  } finally {
    await context.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.argv[2] ?? 'http://localhost:7007';
  const browser = await launchChromium();
  try {
    for (let run = 1; run <= Number(process.argv[3] ?? 3); run++) {
      const r = await measureFirstPaint(browser, url);
      console.log(
        `first paint ${r.firstContentfulPaintMs} ms, app rendered ${
          r.appRenderedMs
        } ms, ${(r.transferredBytes / 1024).toFixed(0)} KiB in ${
          r.requests
        } requests (fresh profile)`,
      );
    }
  } finally {
    await browser.close();
  }
}
