// Report links (#report-link, #shared-report, #measure-mine): the shared test vector
// (tests/data/report-link.*, made by Python's zlib and checked natively by cargo test) opens
// read-only; a link the page makes carries its report (decoded here by node's zlib, a third
// implementation) and opens in another page; a link that is damaged, cut, forged, oversized or of
// another version says so in [data-error] and leaves the normal page running. Every value of a
// link is text: the vector's names hold markup that must never become elements.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { test, expect, MIRROR_NOISE, chooseFiles, settled } from './support/harness.mjs';
import { SITE, startSite } from './support/site.mjs';
import { GOOD, NAMES, catalogJson, releasesJson, sha256, snapshotJson } from './support/fixtures.mjs';
import { freePort } from './support/nginx.mjs';

const data = new URL('../data/', import.meta.url);
const VECTOR_JSON = readFileSync(new URL('report-link.json', data), 'utf8').trim();
const VECTOR_FRAGMENT = readFileSync(new URL('report-link.fragment', data), 'utf8').trim();
const VECTOR = JSON.parse(VECTOR_JSON);

const fragmentOf = (json) => `#r=${deflateRawSync(Buffer.from(json)).toString('base64url')}`;
const decodeLink = (link) => JSON.parse(inflateRawSync(Buffer.from(link.split('#r=')[1], 'base64url')).toString());

const sites = [];
test.afterEach(async () => {
  while (sites.length) await sites.pop().close();
});

/** A site with the fixtures' lists; `mirrors` in its catalog. */
async function site(mirrors = []) {
  const s = await startSite({
    overrides: {
      'data/releases.json': releasesJson(),
      'data/snapshot.json': snapshotJson(),
      'data/catalog.json': mirrors.length ? JSON.stringify({ checksum_sources: [], mirrors }) : catalogJson(),
    },
  });
  sites.push(s);
  return s;
}

/** Opens `url` as a new document (not a same-document fragment change). */
async function open(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

/** The rows of one table of #shared-report: id and the contract's attributes. */
const sharedRows = (page, attribute) => page.locator(`#shared-report tr[${attribute}]`).evaluateAll(
  (rows, attribute) => rows.map((r) => ({
    id: r.getAttribute(attribute),
    status: r.getAttribute('data-status'),
    latency: r.getAttribute('data-latency-ms'),
    bps: r.getAttribute('data-throughput-bps'),
    reason: r.getAttribute('data-reason'),
  })), attribute);

const expectedRows = (sources) => sources.map((s) => ({
  id: s.id,
  status: s.status,
  latency: s.latency_ms == null ? null : s.latency_ms.toFixed(1),
  bps: s.throughput_bps == null ? null : String(s.throughput_bps),
  reason: s.reason ?? null,
}));

test('the shared test vector opens read-only, as text, and nothing of the page runs', async ({ page }) => {
  const s = await site();
  await open(page, s.url + VECTOR_FRAGMENT);
  const shared = page.locator('#shared-report');
  await expect(shared).toBeVisible();
  await expect(shared).toHaveAttribute('data-generated-at', VECTOR.generated_at);
  await expect(shared).toHaveAttribute('data-client', VECTOR.browser);
  expect(await sharedRows(page, 'data-mirror-id')).toEqual(expectedRows(VECTOR.mirrors));
  expect(await sharedRows(page, 'data-proxy-id')).toEqual(expectedRows(VECTOR.proxies));
  expect(await sharedRows(page, 'data-sumdb-id')).toEqual(expectedRows(VECTOR.sumdb));
  // Someone else's report, and says whose: when, which browser, which platform.
  const banner = shared.locator('.shared-banner');
  await expect(banner).toContainText("someone else's report");
  await expect(banner).toContainText('2026-12-07 18:40 UTC');
  await expect(banner).toContainText(VECTOR.browser);
  await expect(banner).toContainText(VECTOR.platform);
  // The checked files with their verdicts; markup in a name stays text.
  const files = await shared.locator('li[data-verdict]').evaluateAll((items) => items.map((li) => ({
    file: li.getAttribute('data-file'), verdict: li.getAttribute('data-verdict'), sha256: li.getAttribute('data-sha256'),
  })));
  expect(files).toEqual(VECTOR.verdicts.map((v) => ({ file: v.file, verdict: v.verdict, sha256: v.sha256 })));
  await expect(shared.locator('li[data-verdict="truncated"] strong')).toHaveText('<script>alert(1)</script>.tar.gz');
  await expect(shared).toContainText('Incomplete download');
  await expect(shared.locator('tr[data-mirror-id="custom-1"] th')).toContainText('<img src=x onerror=alert(1)>');
  await expect(shared.locator('script, img')).toHaveCount(0);
  // The recommendation and the diagnosis, as text only.
  await expect(shared).toContainText(`Recommended to them: aliyun (${VECTOR.recommendation.url}).`);
  await expect(shared).toContainText('Their diagnosis: The file you checked is not the official file.');
  await expect(shared).toContainText('the snapshot shipped with the page, made 2026-11-01');
  await expect(shared.locator('a')).toHaveCount(0);
  // Nothing of the visitor's: no list loaded, nothing measured, recommended or checked.
  // (The service worker caches the data files for offline use; the page itself asks for none.)
  await page.waitForTimeout(1000);
  const asked = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(asked.filter((path) => path.includes('/data/'))).toEqual([]);
  expect(asked.length).toBeGreaterThan(0);
  await expect(page.locator('#checksum-source')).not.toHaveAttribute('data-source', /./);
  await expect(page.locator('#recommended a')).toHaveCount(0);
  await expect(page.locator('#diagnosis')).not.toHaveAttribute('data-diagnosis', /./);
  await expect(page.locator('[data-testid="verdict"]')).toHaveCount(0);
  await expect(page.locator('#mirror-table')).toBeHidden();

  // #measure-mine drops the fragment, and the page is the visitor's own again.
  await page.click('#measure-mine');
  await settled(page);
  expect(new URL(page.url()).hash).toBe('');
  await expect(shared).toBeHidden();
  await expect(page.locator('#mirror-table')).toBeVisible();
  const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(got.verdict).toBe('match');
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('the shared report speaks the visitor\'s language, and switches with it', async ({ page }) => {
    const s = await site();
    await open(page, s.url + VECTOR_FRAGMENT);
    const banner = page.locator('#shared-report .shared-banner');
    await expect(banner).toContainText('这是别人的报告');
    await expect(page.locator('#measure-mine')).toHaveText('改为从我的网络测量');
    await expect(page.locator('#shared-report')).toContainText('下载不完整');
    await page.click('#lang-switch');
    await expect(banner).toContainText("someone else's report");
    await expect(page.locator('#measure-mine')).toHaveText('Measure from my network instead');
  });
});

test.describe('a link the page makes', () => {
  test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

  test('carries the report, and opens read-only in another page', async ({ page, context }) => {
    const refused = await freePort();
    const s = await site([
      { id: 'dead', name: 'Dead <b>mirror</b>', url: `http://127.0.0.1:${refused}/golang/{file}`, official: true, region: 'test' },
    ]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.origin });
    await open(page, s.url);
    await settled(page);
    await expect(page.locator('#mirror-table')).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
    await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    await page.click('#report-link');
    await expect(page.locator('#report-status')).toContainText('link to this report is on the clipboard');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link.startsWith(`${s.url}#r=`)).toBe(true);
    expect(link).toMatch(/^[^#]+#r=[A-Za-z0-9_-]+$/);

    // node's zlib reads what the browser's CompressionStream wrote.
    const report = decodeLink(link);
    expect(report.v).toBe(1);
    expect(report.browser).toBe(await page.evaluate(() => navigator.userAgent));
    expect(report.platform).toBe('linux/amd64');
    expect(report.mirrors).toEqual([expect.objectContaining({ id: 'dead', name: 'Dead <b>mirror</b>', status: 'failed', reason: 'refused' })]);
    expect(report.verdicts).toEqual([expect.objectContaining({ file: NAMES.A, verdict: 'match', sha256: sha256(GOOD), source: 'official' })]);
    // The compact form: no nulls.
    expect(JSON.stringify(report)).not.toContain('null');

    const other = await context.newPage();
    await other.goto(link);
    const shared = other.locator('#shared-report');
    await expect(shared).toHaveAttribute('data-generated-at', report.generated_at);
    await expect(shared).toHaveAttribute('data-client', report.browser);
    expect(await sharedRows(other, 'data-mirror-id')).toEqual(expectedRows(report.mirrors));
    expect(await sharedRows(other, 'data-sumdb-id')).toEqual(expectedRows(report.sumdb));
    await expect(shared.locator(`li[data-file="${NAMES.A}"]`)).toHaveAttribute('data-verdict', 'match');
    await expect(shared.locator('tr[data-mirror-id="dead"] th')).toContainText('Dead <b>mirror</b>');
    await expect(shared.locator('b')).toHaveCount(0);
    await expect(other.locator('[data-testid="verdict"]')).toHaveCount(0);
    await expect(other.locator('#recommended a')).toHaveCount(0);
    await other.close();
  });
});

test('a link made by gomirror rank --link opens read-only in the page', async ({ page }) => {
  // scripts/build.sh puts this machine's binary beside the page (dist/cli/).
  const bin = join(SITE, 'cli', 'gomirror-linux-amd64');
  const s = await site();
  const refused = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gomirror-link-'));
  try {
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify({ checksum_sources: [], mirrors: [
      { id: 'dead', name: 'Dead', url: `http://127.0.0.1:${refused}/golang/{file}`, official: true, region: 'test' }] }));
    const list = join(dir, 'releases.json');
    writeFileSync(list, releasesJson());
    const args = ['rank', '--catalog', catalog, '--list', list, '--os', 'linux', '--arch', 'amd64', '--budget', '5',
      '--link', '--site', `${s.url}#ignored`];
    // Exit 3: no source could be reached; the link is printed all the same.
    const link = await new Promise((done, fail) => execFile(bin, args, { timeout: 60_000 }, (error, stdout) => {
      if (error && error.code !== 3) fail(error);
      else done(stdout.trim());
    }));
    expect(link.startsWith(`${s.url}#r=`)).toBe(true);
    const report = decodeLink(link);
    expect(report.mirrors).toEqual([expect.objectContaining({ id: 'dead', status: 'failed', reason: 'refused' })]);
    await open(page, link);
    const shared = page.locator('#shared-report');
    await expect(shared).toHaveAttribute('data-client', report.browser);
    await expect(shared).toHaveAttribute('data-generated-at', report.generated_at);
    expect(await sharedRows(page, 'data-mirror-id')).toEqual(expectedRows(report.mirrors));
    await expect(shared).toContainText('Their diagnosis: Nothing answers from your network.');
    await expect(page.locator('#recommended a')).toHaveCount(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Each row: a fragment, and the key of `[data-error]`. */
const BROKEN = [
  ['damaged base64', '#r=@@not*base64@@', 'damaged'],
  ['cut short', VECTOR_FRAGMENT.slice(0, Math.floor(VECTOR_FRAGMENT.length / 2)), 'damaged'],
  ['not deflate', `#r=${Buffer.from('hello, world').toString('base64url')}`, 'damaged'],
  ['another version', fragmentOf(JSON.stringify({ ...VECTOR, v: 2 })), 'version'],
  ['forged types', fragmentOf(JSON.stringify({ ...VECTOR, mirrors: 'all of them' })), 'invalid'],
  ['markup in an id', fragmentOf(JSON.stringify({ ...VECTOR, mirrors: [{ ...VECTOR.mirrors[0], id: '<b>x</b>' }] })), 'invalid'],
  ['not JSON', fragmentOf('<html>'), 'invalid'],
  // 100 KB of blanks before the report: a small link that would inflate past the cap.
  ['oversized', fragmentOf(' '.repeat(100_000) + VECTOR_JSON), 'too-large'],
];

for (const [what, fragment, key] of BROKEN) {
  test(`a link ${what} says so in [data-error="${key}"], and the page is the visitor's own`, async ({ page }) => {
    const s = await site();
    await open(page, s.url + fragment);
    const error = page.locator(`#shared-report [data-error="${key}"]`);
    await expect(error).toBeVisible();
    await expect(error).not.toBeEmpty();
    await settled(page);
    await expect(page.locator('#shared-report tr')).toHaveCount(0);
    await expect(page.locator('#measure-mine')).toBeHidden();
    await expect(page.locator('#mirror-table')).toBeVisible();
    const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(got.verdict).toBe('match');
  });
}

test.describe('loaded when needed', () => {
  // The service worker precaches every file of the site (offline use), so it is blocked here:
  // the server sees only what the page itself asks for.
  test.use({ serviceWorkers: 'block' });

  // The report links' module (its glue and its wasm) and its words in each language.
  const SHARE_FILES = ['/i18n/share-en.json', '/i18n/share-zh-CN.json', '/pkg/share.js', '/pkg/share_bg.wasm'];
  const asked = (s) => s.requests.map((r) => r.path.split('?')[0]).filter((p) => SHARE_FILES.includes(p));

  test('a page opened without a link fetches nothing of report links, in either language', async ({ page }) => {
    const s = await site();
    await open(page, s.url);
    await settled(page);
    await page.click('#lang-switch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(asked(s)).toEqual([]);
  });

  test('a page opened with a link fetches the module and the words of its language only', async ({ page }) => {
    const s = await site();
    await open(page, s.url + VECTOR_FRAGMENT);
    await expect(page.locator('#shared-report')).toHaveAttribute('data-generated-at', VECTOR.generated_at);
    expect(asked(s).sort()).toEqual(['/i18n/share-en.json', '/pkg/share.js', '/pkg/share_bg.wasm']);
  });
});
