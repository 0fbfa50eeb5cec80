// Where the official checksums come from: a live checksum source from the catalog, the shipped
// snapshot when every source fails, and a hostile or malformed snapshot that must not break
// the page.
import { test, expect, brief, chooseFiles, settled } from './support/harness.mjs';
import { startChecksumSource } from './support/site.mjs';
import {
  GOOD, NAMES, SNAPSHOT_DATE, catalogJson, randomBytes, releasesJson, sha256, snapshotJson,
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
