// Files chosen or dropped before the page's module has started (www/early.js): each is checked
// once the page can, exactly once, and a drop never makes the browser leave the page. The
// page's start is held back for real: the wasm (or main.js itself) is answered only when the
// test says so, as a slow link would, and the files are given in that window.
import { test, expect, asInput, brief, chooseFiles, finalVerdicts, verdictLocator } from './support/harness.mjs';
import { dropFiles } from './support/drop.mjs';
import { startSite } from './support/site.mjs';
import {
  GOOD, NAMES, OTHER, catalogJson, randomBytes, releasesJson, sha256, snapshotJson,
} from './support/fixtures.mjs';

/**
 * Serves the site with the test's lists and holds the first request for `path` (a glob) until
 * `release()`; `asked` resolves once the page has asked for it.
 */
async function heldSite(page, path) {
  const site = await startSite({
    overrides: { 'data/releases.json': releasesJson(), 'data/catalog.json': catalogJson(), 'data/snapshot.json': snapshotJson() },
  });
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let wasAsked;
  const asked = new Promise((resolve) => { wasAsked = resolve; });
  await page.route(path, async (route) => {
    wasAsked();
    await released;
    await route.continue();
  });
  return { site, asked, release };
}

/** The page is still this site's page, with its contract, and has not started checking. */
async function stillThePage(page, site) {
  expect(page.url()).toBe(site.url);
  await expect(page.locator('#drop-zone')).toHaveCount(1);
  await expect(verdictLocator(page)).toHaveCount(0);
}

const mine = randomBytes(30_000, 31);

test('a file chosen and one dropped while the wasm loads are each checked once, when the page starts', async ({ page }) => {
  const { site, asked, release } = await heldSite(page, '**/pkg/gomirror_bg.wasm');
  try {
    await page.goto(site.url, { waitUntil: 'domcontentloaded' });
    // main.js has run up to its wait for the wasm: the page's own listeners are not there yet.
    await asked;
    await page.setInputFiles('#file-input', [asInput({ name: NAMES.A, bytes: GOOD })]);
    const { cancelled } = await dropFiles(page, [{ name: 'mine.bin', bytes: mine }, { name: NAMES.B, bytes: OTHER }]);
    expect(cancelled, 'the drop is taken, not left to the browser to open').toEqual({ dragover: true, drop: true });
    await stillThePage(page, site);

    release();
    const got = await finalVerdicts(page, 3);
    // One element each, in the order they came (#verdicts lists checks as they are added).
    expect(got.map(brief)).toEqual([
      { file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) },
      { file: 'mine.bin', verdict: 'unknown', source: 'none', sha256: sha256(mine) },
      { file: NAMES.B, verdict: 'match', source: 'official', sha256: sha256(OTHER) },
    ]);
    // Once the page has started: a choice still gives one element (not one from the page and
    // one from early.js), and a drop is still cancelled and checked once.
    const after = await chooseFiles(page, [{ name: 'after.bin', bytes: mine }]);
    expect(after.filter((v) => v.file === 'after.bin').map(brief)).toEqual([
      { file: 'after.bin', verdict: 'unknown', source: 'none', sha256: sha256(mine) },
    ]);
    const late = await dropFiles(page, [{ name: 'late.bin', bytes: mine }]);
    expect(late.cancelled).toEqual({ dragover: true, drop: true });
    await finalVerdicts(page, 5);
  } finally {
    release();
    await site.close();
  }
});

test('a file dropped and one chosen before any module has run are checked once the page starts', async ({ page }) => {
  // main.js itself held: the document is parsed and shown, no module has run (a module script
  // is deferred, so DOMContentLoaded waits for it too), only early.js.
  const { site, asked, release } = await heldSite(page, '**/main.js');
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => { window.contentLoaded = true; });
  });
  try {
    await page.goto(site.url, { waitUntil: 'commit' });
    await asked;
    // As soon as early.js has run (the end of <body>, before any module).
    await page.waitForFunction(() => typeof window.gomirrorEarly === 'object', null, { timeout: 30_000 });
    const state = await page.evaluate(() => ({ loaded: window.contentLoaded ?? false, early: typeof window.gomirrorEarly }));
    expect(state, 'before DOMContentLoaded, early.js listening').toEqual({ loaded: false, early: 'object' });
    const { cancelled } = await dropFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(cancelled).toEqual({ dragover: true, drop: true });
    await page.setInputFiles('#file-input', [asInput({ name: 'mine.bin', bytes: mine })]);
    await stillThePage(page, site);

    release();
    const got = await finalVerdicts(page, 2);
    expect(got.map(brief)).toEqual([
      { file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) },
      { file: 'mine.bin', verdict: 'unknown', source: 'none', sha256: sha256(mine) },
    ]);
    // The page took the files and the listening: early.js holds nothing more.
    expect(await page.evaluate(() => window.gomirrorEarly.take())).toEqual([]);
  } finally {
    release();
    await site.close();
  }
});
