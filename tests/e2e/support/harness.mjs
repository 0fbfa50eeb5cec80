// The `test` every spec uses: Playwright's, plus
//   - a guard that fails the test on any uncaught page error, console error or dialog
//     (`alert` from an injected file name), except console lines a test expects
//     (`test.use({ allowedConsole: [...] })`);
//   - `openSite(options)`: serves the built site with the test's catalog, release lists (whole and
//     current) and snapshot date,
//     opens it and waits until the page has settled; servers are closed after the test;
//   - `bigFile`: a 1 GiB file on disk (made once per worker, deleted after);
// and helpers that drive the page only through the contract's ids and data attributes.
import { test as base, expect } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSite } from './site.mjs';
import { catalogJson, releasesJson, snapshotJson, writeLargeFile } from './fixtures.mjs';

export { expect };

/** Console lines Chromium writes itself for a mirror that is down or sends no CORS headers:
 * expected in tests with such mirrors (`test.use({ allowedConsole: [MIRROR_NOISE, …] })`). */
export const MIRROR_NOISE = [/Failed to load resource/, /blocked by CORS policy/, /net::ERR_/];

export const test = base.extend({
  /** Console lines (RegExp on "text @ url") a test expects, e.g. the browser's own line for a 500. */
  allowedConsole: [[], { option: true }],

  pageProblems: [async ({ page, allowedConsole }, use) => {
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.stack || e.message}`));
    page.on('console', (m) => {
      if (m.type() !== 'error' && m.type() !== 'assert') return;
      const line = `${m.text()} @ ${m.location()?.url ?? ''}`;
      if (!allowedConsole.some((re) => re.test(line))) problems.push(`console.${m.type()}: ${line}`);
    });
    page.on('dialog', async (d) => {
      problems.push(`dialog (${d.type()}): ${d.message()}`);
      await d.dismiss().catch(() => {});
    });
    page.on('crash', () => problems.push('the page crashed'));
    await use(problems);
    expect(problems, 'page errors, console errors or dialogs during the test').toEqual([]);
  }, { auto: true }],

  openSite: async ({ page }, use) => {
    const servers = [];
    await use(async ({
      base = '/',
      releases = releasesJson(),
      // The shipped small list (data/releases-current.json); undefined serves the built one.
      releasesCurrent = undefined,
      catalog = catalogJson(),
      snapshot = snapshotJson(),
      overrides = {},
      settle = true,
    } = {}) => {
      const files = { ...overrides };
      if (releases !== undefined) files['data/releases.json'] = releases;
      if (releasesCurrent !== undefined) files['data/releases-current.json'] = releasesCurrent;
      if (catalog !== undefined) files['data/catalog.json'] = catalog;
      if (snapshot !== undefined) files['data/snapshot.json'] = snapshot;
      const site = await startSite({ base, overrides: files });
      servers.push(site);
      await page.goto(site.url);
      if (settle) await settled(page);
      return site;
    });
    for (const s of servers) await s.close();
  },

  bigFile: [async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'gomirror-e2e-'));
    try {
      await use(await writeLargeFile(join(dir, 'go1.99.7.linux-amd64.tar.gz'), 1024));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, { scope: 'worker', timeout: 300_000 }],
});

/** The page has loaded its lists: `#checksum-source` carries `data-source`. */
export async function settled(page) {
  await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', /\S/, { timeout: 30_000 });
}

/**
 * Settled, and the network is quiet: nothing in flight for 500 ms and, if the page registered
 * a service worker, that worker active (its install has fetched what it caches).
 */
export async function quiet(page) {
  await settled(page);
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    if (!('serviceWorker' in navigator)) return;
    const registrations = await navigator.serviceWorker.getRegistrations();
    if (registrations.length) await navigator.serviceWorker.ready;
  });
  await page.waitForLoadState('networkidle');
}

export const verdictLocator = (page) => page.locator('[data-testid="verdict"]');

/** A `setInputFiles` payload from `{name, bytes}`. */
export const asInput = ({ name, bytes, mimeType = 'application/octet-stream' }) => ({ name, mimeType, buffer: bytes });

/** Reads every verdict element's contract attributes, in document order. */
export async function readVerdicts(page) {
  return verdictLocator(page).evaluateAll((els) => els.map((e) => ({
    file: e.getAttribute('data-file'),
    verdict: e.getAttribute('data-verdict'),
    source: e.getAttribute('data-source'),
    sha256: e.getAttribute('data-sha256'),
    progress: e.getAttribute('data-progress'),
  })));
}

/**
 * Waits until there are exactly `count` verdict elements and none is pending (or without a
 * verdict yet), then returns them (document order).
 */
export async function finalVerdicts(page, count, timeout = 60_000) {
  await expect(verdictLocator(page)).toHaveCount(count, { timeout });
  await expect(page.locator('[data-testid="verdict"]:is([data-verdict="pending"], :not([data-verdict]))'))
    .toHaveCount(0, { timeout });
  // Still exactly `count`: nothing appeared late (e.g. a side file given its own element).
  await expect(verdictLocator(page)).toHaveCount(count);
  return readVerdicts(page);
}

/** Chooses files through `#file-input` and returns the final verdicts of all elements. */
export async function chooseFiles(page, files, { expectCount } = {}) {
  const before = await verdictLocator(page).count();
  await page.setInputFiles('#file-input', files.map(asInput));
  return finalVerdicts(page, expectCount ?? before + files.length);
}

/** `{file, verdict, source, sha256}` without the rest, for compact equality assertions. */
export const brief = ({ file, verdict, source, sha256 }) => ({ file, verdict, source, sha256 });
