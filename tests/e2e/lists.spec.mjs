// Where the official checksums come from: a live checksum source from the catalog, the shipped
// snapshot when every source fails, a hostile or malformed snapshot that must not break the
// page, and the list's two sizes (the small one first, the whole one only when needed).
import { test, expect, brief, chooseFiles, quiet, settled } from './support/harness.mjs';
import { startChecksumSource, startOfficialLists } from './support/site.mjs';
import {
  GOOD, NAMES, OLD, SNAPSHOT_DATE, catalogJson, randomBytes, releases, releasesJson, sha256,
  snapshotJson,
} from './support/fixtures.mjs';

const A = { name: NAMES.A, bytes: GOOD };
const MATCH_A = { file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) };

test.describe('a hostile or malformed data/releases.json', () => {
  const valid = releasesJson();
  const lists = [
    ['not JSON', '{"version": "go1.99.1", "files": ['],
    ['HTML instead of JSON', '<!doctype html><html><body><img src=x onerror=alert(1)></body></html>'],
    ['a 63-digit sha256', valid.replace(/"sha256":"([0-9a-f]{63})[0-9a-f]"/, '"sha256":"$1"')],
    ['an object instead of an array', JSON.stringify({ version: 'go1.99.1', stable: true, files: [] })],
    ['markup in a file name', valid.replaceAll(NAMES.A, '<img src=x onerror=alert(1)>.tar.gz')],
    ['an empty body', ''],
  ];
  for (const [what, body] of lists) {
    test(`${what}: the page loads and a pasted checksum still verifies a file`, async ({ page, openSite }) => {
      expect(body, 'the fixture really is altered').not.toBe(valid);
      await openSite({ releases: body });
      const data = randomBytes(20_000, 41);
      await page.fill('#expected-sha256', sha256(data));
      const [got] = await chooseFiles(page, [{ name: 'mine.bin', bytes: data }]);
      expect(brief(got)).toEqual({ file: 'mine.bin', verdict: 'match', source: 'pasted', sha256: sha256(data) });
      expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
    });
  }
});

test.describe('the live list', () => {
  // Chromium's own line for a failed load (a 500) is expected here; the page's are not.
  test.use({ allowedConsole: [/^Failed to load resource: .* @ http:\/\/127\.0\.0\.1:\d+\/dl\//] });

  test('a checksum source that answers is used: data-source="live"', async ({ page, openSite }) => {
    const live = await startChecksumSource('ok', releasesJson());
    try {
      // The snapshot lacks A: only the live list can make it an official match.
      await openSite({ catalog: catalogJson([live.url]), releases: releasesJson({ omit: [NAMES.A] }) });
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      expect(live.requests.length).toBeGreaterThan(0);
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
    } finally {
      await live.close();
    }
  });

  test('sources are tried in order: a 500 first, then a working one', async ({ page, openSite }) => {
    const failing = await startChecksumSource('error');
    const live = await startChecksumSource('ok', releasesJson());
    try {
      await openSite({ catalog: catalogJson([failing.url, live.url]), releases: releasesJson({ omit: [NAMES.A] }) });
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      expect(failing.requests.length).toBeGreaterThan(0);
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
    } finally {
      await Promise.all([failing.close(), live.close()]);
    }
  });

  test('a source that answers 500 falls back to the snapshot, with its date', async ({ page, openSite }) => {
    const failing = await startChecksumSource('error');
    try {
      await openSite({ catalog: catalogJson([failing.url]) });
      const source = page.locator('#checksum-source');
      await expect(source).toHaveAttribute('data-source', 'snapshot');
      await expect(source).toHaveAttribute('data-snapshot-date', SNAPSHOT_DATE);
      expect(failing.requests.length).toBeGreaterThan(0);
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
    } finally {
      await failing.close();
    }
  });

  test('a source that hangs falls back to the snapshot after a deadline', async ({ page, openSite }) => {
    const hanging = await startChecksumSource('hang');
    try {
      await openSite({ catalog: catalogJson([hanging.url]), snapshot: snapshotJson('2026-09-15'), settle: false });
      const source = page.locator('#checksum-source');
      await expect(source).toHaveAttribute('data-source', 'snapshot', { timeout: 60_000 });
      await expect(source).toHaveAttribute('data-snapshot-date', '2026-09-15');
      expect(hanging.requests.length).toBeGreaterThan(0);
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
    } finally {
      await hanging.close();
    }
  });

  test('a file chosen while the list is still loading gets its verdict once it has loaded', async ({ page, openSite }) => {
    const hanging = await startChecksumSource('hang');
    try {
      await openSite({ catalog: catalogJson([hanging.url]), settle: false });
      await page.setInputFiles('#file-input', [{ name: NAMES.A, mimeType: 'application/octet-stream', buffer: GOOD }]);
      await settled(page);
      const el = page.locator('[data-testid="verdict"]');
      await expect(el).toHaveAttribute('data-verdict', 'match', { timeout: 60_000 });
      await expect(el).toHaveAttribute('data-source', 'official');
    } finally {
      await hanging.close();
    }
  });
});

test('no checksum source at all: the snapshot is used at once, with its date', async ({ page, openSite }) => {
  await openSite({ catalog: catalogJson([]), snapshot: snapshotJson('2026-01-02') });
  const source = page.locator('#checksum-source');
  await expect(source).toHaveAttribute('data-source', 'snapshot');
  await expect(source).toHaveAttribute('data-snapshot-date', '2026-01-02');
});

test.describe('a login page in place of the live list (a captive portal)', () => {
  test.use({ locale: 'zh-CN' });

  test('the snapshot is used, and the Chinese page says why in Chinese', async ({ page, openSite }) => {
    const portal = await startChecksumSource('ok', '<!doctype html><html><body><form>Sign in to the Wi-Fi</form></body></html>');
    try {
      await openSite({ catalog: catalogJson([portal.url]) });
      const source = page.locator('#checksum-source');
      await expect(source).toHaveAttribute('data-source', 'snapshot');
      await expect(source).toContainText('不是预期的 JSON 数据，可能是错误页或登录页');
      expect(portal.requests.length).toBeGreaterThan(0);
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
    } finally {
      await portal.close();
    }
  });
});

// The two sizes (DESIGN.md, "two sizes"): go.dev's small list (`?mode=json`, the current
// releases) answers the visit; the whole one (`?mode=json&include=all`) is fetched only when a
// file or a chosen version needs a release the small one lacks.
test.describe('the small list first', () => {
  // Chromium's own line for a list that answers 500 is expected here; the page's are not.
  // What the page itself asks for: the service worker, which precaches both shipped lists once
  // the page has answered, is tested offline (offline.spec.mjs).
  test.use({
    allowedConsole: [/^Failed to load resource: .* @ http:\/\/127\.0\.0\.1:\d+\/dl\//],
    serviceWorkers: 'block',
  });

  /** The small list: go1.99.1 only; go1.98.3 (NAMES.OLD) is in the whole list alone. */
  const SMALL = JSON.stringify(releases().filter((r) => r.version === 'go1.99.1'));
  const WHOLE = releasesJson();
  const OLD_FILE = { name: NAMES.OLD, bytes: OLD };
  const MATCH_OLD = { file: NAMES.OLD, verdict: 'match', source: 'official', sha256: sha256(OLD) };
  const twoSizes = (lists) => JSON.stringify({
    checksum_sources_current: [lists.currentUrl], checksum_sources: [lists.wholeUrl], mirrors: [],
  });
  /** The site's requests for one shipped list. */
  const served = (site, file) => site.requests.filter((r) => r.path.endsWith(`/data/${file}`)).length;
  /** Opens the site with go.dev's two lists answering as `modes` says. */
  async function open(openSite, modes, options = {}) {
    const lists = await startOfficialLists({
      current: { mode: modes.current, body: SMALL },
      whole: { mode: modes.whole, body: WHOLE },
    });
    const site = await openSite({ catalog: twoSizes(lists), releases: WHOLE, releasesCurrent: SMALL, ...options });
    return { lists, site };
  }

  test('a first visit asks for the small list alone, and nothing it can answer asks for more', async ({ page, openSite }) => {
    const { lists, site } = await open(openSite, { current: 'ok', whole: 'ok' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      await expect(page.locator('#recommended a[href]').first()).toBeAttached();
      // The page has fetched all it will.
      await quiet(page);
      expect(lists.asked('current')).toBe(1);
      // A current release's file, whole: the small list decides it.
      const [got] = await chooseFiles(page, [A]);
      expect(brief(got)).toEqual(MATCH_A);
      // Another platform of the same release.
      await page.selectOption('#pick-os', 'darwin');
      await expect(page.locator('#pick-file')).toHaveText(/darwin/);
      // The selector offers the older versions, saying what they cost.
      await expect(page.locator('#pick-version option[value="older"]')).toHaveText(/300 KB/);
      await quiet(page);
      expect(lists.asked('whole'), 'the whole list was never asked for').toBe(0);
      expect(served(site, 'releases.json'), 'nor its snapshot').toBe(0);
      expect(served(site, 'releases-current.json'), 'nor the small snapshot').toBe(0);
    } finally {
      await lists.close();
    }
  });

  test('a file of an older release: the whole list is fetched, and the file matches', async ({ page, openSite }) => {
    const { lists } = await open(openSite, { current: 'ok', whole: 'ok' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      expect(lists.asked('whole')).toBe(0);
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual(MATCH_OLD);
      expect(lists.asked('whole')).toBe(1);
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      // The whole list is in use: no entry to load it any more.
      await expect(page.locator('#pick-version option[value="older"]')).toHaveCount(0);
    } finally {
      await lists.close();
    }
  });

  test('a current name with an older release\'s bytes: only the whole list can say wrong-file', async ({ page, openSite }) => {
    const { lists } = await open(openSite, { current: 'ok', whole: 'ok' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: OLD }]);
      expect(brief(got)).toEqual({ file: NAMES.A, verdict: 'wrong-file', source: 'official', sha256: sha256(OLD) });
      expect(lists.asked('whole')).toBe(1);
    } finally {
      await lists.close();
    }
  });

  test('choosing the older versions loads the whole list, and an old version can be picked', async ({ page, openSite }) => {
    const { lists } = await open(openSite, { current: 'ok', whole: 'ok' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      await page.selectOption('#pick-os', 'linux');
      await page.selectOption('#pick-arch', 'amd64');
      await expect(page.locator('#pick-version option[value="go1.98.3"]')).toHaveCount(0);
      await page.selectOption('#pick-version', 'older');
      await expect(page.locator('#pick-version option[value="go1.98.3"]')).toHaveCount(1);
      expect(lists.asked('whole')).toBe(1);
      await page.selectOption('#pick-version', 'go1.98.3');
      await expect(page.locator('#pick-file')).toHaveText(NAMES.OLD);
    } finally {
      await lists.close();
    }
  });

  test('the small live list fails: the small snapshot answers; the whole live list fails: the whole snapshot', async ({ page, openSite }) => {
    const { lists, site } = await open(openSite, { current: 'error', whole: 'error' });
    try {
      const source = page.locator('#checksum-source');
      await expect(source).toHaveAttribute('data-source', 'snapshot');
      await expect(source).toHaveAttribute('data-snapshot-date', SNAPSHOT_DATE);
      expect(lists.asked('current')).toBe(1);
      expect(lists.asked('whole')).toBe(0);
      expect(served(site, 'releases.json')).toBe(0);
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual(MATCH_OLD);
      expect(lists.asked('whole')).toBe(1);
      expect(served(site, 'releases.json')).toBeGreaterThan(0);
      await expect(source).toHaveAttribute('data-source', 'snapshot');
    } finally {
      await lists.close();
    }
  });

  test('the small live list answers, the whole live list fails: data-source turns to the snapshot once it is in use', async ({ page, openSite }) => {
    const { lists, site } = await open(openSite, { current: 'ok', whole: 'error' });
    try {
      const source = page.locator('#checksum-source');
      await expect(source).toHaveAttribute('data-source', 'live');
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual(MATCH_OLD);
      await expect(source).toHaveAttribute('data-source', 'snapshot');
      expect(lists.asked('whole')).toBe(1);
      expect(served(site, 'releases.json')).toBeGreaterThan(0);
    } finally {
      await lists.close();
    }
  });

  test('no small list at all (live and snapshot fail): the whole list answers the first visit', async ({ page, openSite }) => {
    const { lists } = await open(openSite, { current: 'error', whole: 'ok' }, { releasesCurrent: '' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      expect(lists.asked('whole')).toBe(1);
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual(MATCH_OLD);
      expect(lists.asked('whole')).toBe(1);
    } finally {
      await lists.close();
    }
  });

  test('the whole list cannot be had anywhere: the small one decides, and the page says so', async ({ page, openSite }) => {
    const { lists } = await open(openSite, { current: 'ok', whole: 'error' }, { releases: '' });
    try {
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual({ file: NAMES.OLD, verdict: 'unknown', source: 'none', sha256: sha256(OLD) });
      await expect(page.locator('#checksum-source')).toContainText('could not be loaded');
      await expect(page.locator('#pick-version option[value="older"]')).toHaveText(/could not be loaded/);
    } finally {
      await lists.close();
    }
  });

  test('a catalog without checksum_sources_current loads the whole list at once, as before', async ({ page, openSite }) => {
    const lists = await startOfficialLists({ current: { mode: 'ok', body: SMALL }, whole: { mode: 'ok', body: WHOLE } });
    try {
      const site = await openSite({ catalog: catalogJson([lists.wholeUrl]), releasesCurrent: SMALL });
      await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
      await quiet(page);
      expect(lists.asked('whole')).toBe(1);
      expect(lists.asked('current')).toBe(0);
      expect(served(site, 'releases-current.json'), 'the small snapshot is not read').toBe(0);
      await expect(page.locator('#pick-version option[value="older"]')).toHaveCount(0);
      await expect(page.locator('#pick-version option[value="go1.98.3"]')).toHaveCount(1);
      const [got] = await chooseFiles(page, [OLD_FILE]);
      expect(brief(got)).toEqual(MATCH_OLD);
      expect(lists.asked('whole')).toBe(1);
    } finally {
      await lists.close();
    }
  });
});
