// Offline use (issue 4), through the service worker (www/sw.js). After one visit:
//   - with the network gone and the server stopped, the page opens, shows the shipped
//     snapshot, verifies a file, explains a paste in both languages, opens #private-cache and
//     a report link (files it fetches only on first use); under a sub-path too, where the
//     worker's scope is that path;
//   - with a server that accepts connections and never answers, the page still opens from the
//     cache, in seconds (the worker's deadline), not never;
//   - online, the page, the catalog and the snapshot come from the host (network first), and
//     what came last is what the cache serves offline;
//   - the app files come from the cache at once and are refreshed in the background; a new
//     build replaces the whole cache on the visit after the deploy, even while the old worker
//     still waits for a late answer;
//   - requests to other origins (checksum sources, mirror probes) are never answered by the
//     worker;
//   - the worker registers only once the sources are measured: its precache (over 600 KB gzip)
//     never takes a share of the link from a throughput test.
// The tests that change files between visits serve a copy of the built site (dist/) and edit it on disk.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, chooseFiles, settled } from './support/harness.mjs';
import {
  GOOD, NAMES, OLD, SNAPSHOT_DATE, catalogJson, randomBytes, releaseEntry, releases, releasesJson, sha256,
  snapshotJson,
} from './support/fixtures.mjs';
import { SITE, startChecksumSource, startOfficialLists, startSite } from './support/site.mjs';
import { startNginx } from './support/nginx.mjs';

const test = base.extend({
  /**
   * Serves a fresh copy of the built site (with the test's release list, catalog and snapshot date written
   * into it) and opens it; `site.edit(path, text => text)` changes a file of the copy on disk.
   */
  copiedSite: async ({ page }, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'gomirror-offline-'));
    let site;
    try {
      await use(async ({ base: at = '/' } = {}) => {
        cpSync(SITE, dir, { recursive: true });
        writeFileSync(join(dir, 'data/releases.json'), releasesJson());
        writeFileSync(join(dir, 'data/catalog.json'), catalogJson());
        writeFileSync(join(dir, 'data/snapshot.json'), snapshotJson());
        site = await startSite({ root: dir, base: at });
        await page.goto(site.url);
        await settled(page);
        const edit = (path, change) => writeFileSync(join(dir, path), change(readFileSync(join(dir, path), 'utf8')));
        return { ...site, edit };
      });
    } finally {
      await site?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

test.use({
  // Offline, whatever still tries the network fails, and the browser says so in the console.
  allowedConsole: [[/Failed to load resource/, /net::ERR_/], { scope: 'test' }],
});

/** Waits until the service worker controls the page: it precached everything, then claimed it. */
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

/**
 * The hashing workers' module is in the service worker's cache. The workers start once the
 * official list is on the page (src/web/checks.rs), maybe before the service worker controls
 * it; offline, they load it from there.
 */
async function workersLoaded(page) {
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match(new URL('pkg/worker_bg.wasm', location.href).href))),
    { timeout: 15_000 }).toBe(true);
}

/** The shared test vector of report links (tests/data/report-link.fragment): `#r=…`. */
const REPORT_LINK = readFileSync(new URL('../data/report-link.fragment', import.meta.url), 'utf8').trim();

/** The names of the page's Cache Storage caches. */
const cacheNames = (page) => page.evaluate(() => caches.keys());

/** The worker's cache for this build, as pkg/build.js names it. */
const cacheFor = (buildJs) => `gomirror-${buildJs.match(/'([^']+)'/)[1]}`;

/** A custom property that only an edited style.css sets: which style.css the page got. */
const MARKER = '--gomirror-e2e-deploy';
const marker = (page) => page.evaluate((name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim(), MARKER);

for (const at of ['/', '/some/sub/path/']) {
  test(`after one visit, a file is verified with no network and no server (site at ${at})`, async ({ page, context, openSite }) => {
    const site = await openSite({ base: at });
    await controlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope, 'the worker covers the site\'s folder, not the origin').toBe(site.url);
    await workersLoaded(page);

    await site.close();
    await context.setOffline(true);
    await page.reload();
    const source = page.locator('#checksum-source');
    await expect(source).toHaveAttribute('data-source', 'snapshot');
    await expect(source).toHaveAttribute('data-snapshot-date', SNAPSHOT_DATE);
    const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(got).toMatchObject({ file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) });

    // The paste box's rules and words, which the page fetches only on first use and this visit
    // never used online, come from the worker's precache, in both languages.
    const findings = page.locator('#paste-findings [data-finding]');
    await page.locator('#paste-input').fill('curl: (6) Could not resolve host: dl.google.com');
    await expect(findings).toHaveCount(1);
    await expect(findings.first()).toHaveAttribute('data-finding', 'dns');
    const english = await findings.first().locator('h3').textContent();
    await page.click('#lang-switch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(findings.first().locator('h3')).toHaveText(/[\u4e00-\u9fff]/);
    expect(await findings.first().locator('h3').textContent()).not.toEqual(english);

    // So do the private cache guide, on its section's first opening, and report links: a link
    // opened with no network shows its report.
    await page.click('#private-cache summary');
    await expect(page.locator('#private-cache pre[data-config="nginx"]')).toContainText('proxy_cache_path');
    await page.goto('about:blank');
    await page.goto(site.url + REPORT_LINK);
    const shared = page.locator('#shared-report');
    await expect(shared).toHaveAttribute('data-generated-at', /./);
    await expect(shared.locator('tr[data-mirror-id]').first()).toBeVisible();
  });
}

test('the worker registers only once every table has settled: its precache never runs beside a throughput test', async ({ page, openSite }) => {
  // A mirror nginx paces at 512 KiB/s: its throughput test takes seconds.
  const body = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((4 << 20) - 4, 63)]);
  const nginx = await startNginx([{ name: 'paced', cors: true, rate: '512k', files: { [NAMES.A]: body } }]);
  try {
    // When the last of the three tables settled, by the page's clock (the machine's).
    await page.addInitScript(() => {
      const ids = ['mirror-table', 'proxy-table', 'sumdb-table'];
      const check = () => {
        if (!window.gomirrorSettledAt && ids.every((id) => document.getElementById(id)?.dataset.settled === 'true')) {
          window.gomirrorSettledAt = Date.now();
        }
      };
      document.addEventListener('DOMContentLoaded', () => new MutationObserver(check)
        .observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-settled'] }));
    });
    const site = await openSite({
      releases: JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(NAMES.A, body)] }]),
      catalog: JSON.stringify({
        checksum_sources: [],
        mirrors: [{ id: 'paced', name: 'paced', url: `http://127.0.0.1:${nginx.ports.paced}/golang/{file}`, official: false, region: 'test' }],
      }),
    });
    await controlled(page);
    const row = page.locator('#mirror-table tr[data-mirror-id="paced"]');
    await expect(row).toHaveAttribute('data-throughput-bps', /^\d+$/);
    const settledAt = await page.evaluate(() => window.gomirrorSettledAt);
    expect(settledAt, 'every table settled').toBeGreaterThan(0);
    // pkg/paste_bg.wasm: fetched by the worker's precache only (the paste box was never used).
    const precache = site.requests.filter((r) => r.path.endsWith('/pkg/paste_bg.wasm'));
    expect(precache.length, 'the worker precached the paste analyser').toBeGreaterThan(0);
    for (const r of precache) expect(r.at, 'precached only after the tables settled').toBeGreaterThanOrEqual(settledAt);
  } finally {
    await nginx.stop();
  }
});

test('a precache answer that fails (503) is asked again: the worker still installs and serves offline', async ({ page, context, openSite }) => {
  const site = await openSite({ settle: false });
  // Before the worker registers (the page measures first): its first ask for the paste
  // analyser's module fails.
  site.refuse('pkg/paste_bg.wasm', 503);
  await controlled(page);
  const asked = site.requests.filter((r) => r.path.endsWith('/pkg/paste_bg.wasm')).map((r) => r.status);
  expect(asked).toEqual([503, 200]);
  await site.close();
  await context.setOffline(true);
  await page.reload();
  await page.locator('#paste-input').fill('curl: (6) Could not resolve host: dl.google.com');
  await expect(page.locator('#paste-findings [data-finding]').first()).toHaveAttribute('data-finding', 'dns');
});

test('a server that never answers: the page opens from the cache after the worker\'s deadline', async ({ page, openSite }) => {
  const site = await openSite();
  await controlled(page);
  await site.close();
  // The same port now accepts connections and never answers: the page, the catalog and the
  // snapshot must come from the cache, each after the worker's 3 s deadline.
  const sockets = new Set();
  const hanging = createServer((s) => { sockets.add(s); s.on('error', () => {}); });
  await new Promise((ok, no) => hanging.once('error', no).listen(Number(new URL(site.origin).port), '127.0.0.1', ok));
  try {
    const started = Date.now();
    await page.reload();
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'snapshot');
    const elapsed = Date.now() - started;
    // Four network-first requests in a row (the page, catalog.json, snapshot.json,
    // releases.json) at 3 s each; without a deadline the page would wait for ever.
    expect(elapsed, `the page settled after ${elapsed} ms`).toBeLessThan(20_000);
    expect(sockets.size, 'the worker did ask the host first').toBeGreaterThan(0);
    const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(got).toMatchObject({ verdict: 'match', source: 'official' });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((ok) => hanging.close(ok));
  }
});

test('online, the page, the catalog and the snapshot come from the host, and offline the last ones seen', async ({ page, context, copiedSite }) => {
  const site = await copiedSite();
  await controlled(page);
  await expect(page.locator('tr[data-mirror-id]')).toHaveCount(0);

  // The operator changes the page, the catalog and the snapshot's date.
  site.edit('index.html', (html) => html.replace('<head>', '<head>\n<meta name="gomirror-e2e" content="edited">'));
  site.edit('data/catalog.json', () => JSON.stringify({
    checksum_sources: [],
    mirrors: [{ id: 'moved', name: 'Moved away', url: 'https://moved.invalid/golang/{file}', official: false, region: 'cn', gone: 'moved' }],
  }));
  site.edit('data/snapshot.json', () => snapshotJson('2026-11-11'));
  await page.reload();
  await expect(page.locator('meta[name="gomirror-e2e"]'), 'the page came from the host').toHaveCount(1);
  await expect(page.locator('tr[data-mirror-id="moved"]'), 'the catalog came from the host').toHaveAttribute('data-status', 'gone');
  await expect(page.locator('#checksum-source')).toHaveAttribute('data-snapshot-date', '2026-11-11');

  await site.close();
  await context.setOffline(true);
  await page.reload();
  await expect(page.locator('meta[name="gomirror-e2e"]')).toHaveCount(1);
  await expect(page.locator('tr[data-mirror-id="moved"]')).toHaveAttribute('data-status', 'gone');
  await expect(page.locator('#checksum-source')).toHaveAttribute('data-snapshot-date', '2026-11-11');
});

test('app files come from the cache at once and are refreshed in the background', async ({ page, copiedSite }) => {
  const site = await copiedSite();
  await controlled(page);
  expect(await marker(page)).toBe('');

  site.edit('style.css', (css) => `${css}\n:root { ${MARKER}: 2; }\n`);
  const before = site.requests.length;
  await page.reload();
  await settled(page);
  expect(await marker(page), 'this visit still gets the cached style.css').toBe('');
  // Meanwhile the worker fetched it again and cached the new copy: the next visit gets it.
  await expect.poll(() => page.evaluate(async () => (await (await caches.match('style.css'))?.text()) ?? ''))
    .toContain(MARKER);
  expect(site.requests.slice(before).map((r) => r.path)).toContain('/style.css');
  await page.reload();
  await settled(page);
  expect(await marker(page)).toBe('2');
});

test('a new build replaces the whole cache, and the visit after the deploy runs it', async ({ page, copiedSite }) => {
  const site = await copiedSite();
  await controlled(page);
  const oldBuild = readFileSync(join(SITE, 'pkg/build.js'), 'utf8');
  expect(await cacheNames(page)).toEqual([cacheFor(oldBuild)]);
  // A request that reaches the worker before the deploy (main.js never did: it registers the
  // worker): the worker serves it, asks the host for its build id, still the old one, and
  // refreshes main.js. The worker must ask again on the next visit, not trust that answer.
  const asked = site.requests.length;
  await page.evaluate(() => fetch('main.js').then((r) => r.text()));
  await expect.poll(() => site.requests.slice(asked).some((r) => r.path === '/main.js' && r.status === 200)).toBe(true);

  // A deploy: another build id (scripts/build.sh hashes every file into it) and a changed file.
  const newBuild = "self.GOMIRROR_BUILD = 'e2e-new-build';\n";
  site.edit('pkg/build.js', () => newBuild);
  site.edit('style.css', (css) => `${css}\n:root { ${MARKER}: 3; }\n`);
  const deployed = site.requests.length;
  await page.reload();
  await settled(page);
  expect(await marker(page), 'the visit that notices the deploy still runs the old build').toBe('');
  // Once this page has loaded, the browser's update check sees the new pkg/build.js and
  // installs the new worker, which precaches the new build, takes over and deletes the old cache.
  await expect.poll(() => cacheNames(page), { timeout: 20_000 }).toEqual([cacheFor(newBuild)]);
  // The old worker saw another build on the host and left its cache alone: the only request
  // for style.css was the new worker's precache.
  expect(site.requests.slice(deployed).filter((r) => r.path === '/style.css')).toHaveLength(1);

  await page.reload();
  await settled(page);
  expect(await marker(page)).toBe('3');
  const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(got).toMatchObject({ verdict: 'match', source: 'official' });
});

test('a new build takes over at once while the old worker still waits for a late answer', async ({ page, copiedSite }) => {
  const site = await copiedSite();
  await controlled(page);
  const newBuild = "self.GOMIRROR_BUILD = 'e2e-late-build';\n";
  site.edit('pkg/build.js', () => newBuild);
  // The old worker's next request for the list is answered a minute late: the page gets the
  // cached copy after the worker's 3 s deadline, and the worker goes on waiting for the answer
  // to refresh its cache. A successor, once installed, must not wait for that.
  site.hold('data/releases.json', 60_000);
  const started = Date.now();
  await page.reload();
  await settled(page);
  await expect.poll(() => cacheNames(page), { timeout: 20_000 }).toEqual([cacheFor(newBuild)]);
  const elapsed = Date.now() - started;
  expect(elapsed, `the new build took over after ${elapsed} ms`).toBeLessThan(20_000);
  await page.reload();
  await settled(page);
  const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(got).toMatchObject({ verdict: 'match', source: 'official' });
  expect(await cacheNames(page), 'the late answer did not bring the old cache back').toEqual([cacheFor(newBuild)]);
});

test('requests to other origins go to the network, never to the worker\'s cache', async ({ page, context, openSite }) => {
  const live = await startChecksumSource('ok', releasesJson());
  try {
    const origin = new URL(live.url).origin;
    const catalog = JSON.stringify({
      checksum_sources: [live.url],
      mirrors: [{ id: 'other', name: 'Other origin', url: `${origin}/golang/{file}`, official: false, region: 'cn' }],
    });
    await openSite({ catalog });
    await controlled(page);

    const answered = [];
    page.on('response', (r) => answered.push({ url: r.url(), byWorker: r.fromServiceWorker() }));
    const asked = live.requests.length;
    await page.reload();
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
    await expect(page.locator('tr[data-mirror-id="other"]')).not.toHaveAttribute('data-status', 'pending');
    const paths = live.requests.slice(asked).map((r) => r.path);
    expect(paths, 'the checksum source was asked').toContain('/dl/?mode=json&include=all');
    expect(paths.some((p) => p.startsWith('/golang/')), 'the mirror was probed').toBe(true);
    const foreign = answered.filter((r) => r.url.startsWith(origin));
    expect(foreign.length).toBeGreaterThan(0);
    expect(foreign.filter((r) => r.byWorker), 'answered by the worker').toEqual([]);
    // …while the page's own files were.
    expect(answered.find((r) => r.url.endsWith('/main.js'))?.byWorker).toBe(true);

    // Offline, the live list is not served from any cache: the page falls back to its snapshot.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'snapshot');
  } finally {
    await live.close();
  }
});

test('the list\'s two sizes offline: the small snapshot answers the visit, the whole one an older release\'s file', async ({ page, context, openSite }) => {
  // The small list holds go1.99.1 alone; NAMES.OLD (go1.98.3) is in the whole list only.
  const small = JSON.stringify(releases().filter((r) => r.version === 'go1.99.1'));
  const lists = await startOfficialLists({ current: { mode: 'ok', body: small }, whole: { mode: 'ok', body: releasesJson() } });
  const catalog = JSON.stringify({ checksum_sources_current: [lists.currentUrl], checksum_sources: [lists.wholeUrl], mirrors: [] });
  const site = await openSite({ catalog, releasesCurrent: small });
  await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'live');
  await controlled(page);
  await workersLoaded(page);
  // This visit needed only the small list; the worker keeps both shipped ones.
  expect(lists.asked('whole')).toBe(0);
  await Promise.all([site.close(), lists.close()]);
  await context.setOffline(true);
  await page.reload();
  const source = page.locator('#checksum-source');
  await expect(source).toHaveAttribute('data-source', 'snapshot');
  const [a] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(a).toMatchObject({ file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) });
  const [, old] = await chooseFiles(page, [{ name: NAMES.OLD, bytes: OLD }]);
  expect(old).toMatchObject({ file: NAMES.OLD, verdict: 'match', source: 'official', sha256: sha256(OLD) });
  await expect(source).toHaveAttribute('data-source', 'snapshot');
});
