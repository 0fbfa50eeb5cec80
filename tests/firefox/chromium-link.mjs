// The Chromium half of tests/firefox/share.py's round trip, run by it inside its network
// namespace (Playwright drives Chromium only; Firefox is driven by Marionette there).
//
//   node tests/firefox/chromium-link.mjs make URL   the page at URL, once measured, makes a
//                                                   report link (#report-link): prints it
//   node tests/firefox/chromium-link.mjs open LINK  opens a report link: prints what
//                                                   #shared-report shows
//
// Prints one JSON object on stdout.
import { chromium } from '@playwright/test';

const [mode, url] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  let out;
  if (mode === 'make') {
    await page.goto(url);
    await page.waitForSelector('#checksum-source[data-source]');
    await page.waitForSelector('#mirror-table[data-settled="true"]', { timeout: 40_000 });
    // The link as the page hands it to the clipboard (no clipboard permission is needed).
    await page.evaluate(() => {
      navigator.clipboard.writeText = async (text) => { window.sharedLink = text; };
    });
    await page.click('#report-link');
    await page.waitForFunction(() => window.sharedLink);
    out = { link: await page.evaluate(() => window.sharedLink), client: await page.evaluate(() => navigator.userAgent) };
  } else if (mode === 'open') {
    await page.goto(url);
    await page.waitForSelector('#shared-report[data-generated-at], #shared-report [data-error]');
    out = await page.evaluate(READ_SHARED);
  } else {
    throw new Error(`mode ${mode}: make or open`);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  await browser.close();
}

/** What #shared-report shows; the same script runs in Firefox (tests/firefox/share.py). */
function READ_SHARED() {
  const shared = document.getElementById('shared-report');
  const rows = (attribute) => [...shared.querySelectorAll(`tr[${attribute}]`)].map((r) => ({
    id: r.getAttribute(attribute),
    status: r.getAttribute('data-status'),
    latency: r.getAttribute('data-latency-ms'),
    bps: r.getAttribute('data-throughput-bps'),
    reason: r.getAttribute('data-reason'),
  }));
  return {
    error: shared.querySelector('[data-error]')?.getAttribute('data-error') ?? null,
    generated_at: shared.getAttribute('data-generated-at'),
    client: shared.getAttribute('data-client'),
    mirrors: rows('data-mirror-id'),
    files: [...shared.querySelectorAll('li[data-verdict]')].map((li) => [li.getAttribute('data-file'), li.getAttribute('data-verdict')]),
    own_verdicts: document.querySelectorAll('[data-testid="verdict"]').length,
    visible: !shared.hidden,
  };
}
