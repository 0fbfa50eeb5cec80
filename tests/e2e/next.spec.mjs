// What to do next (issue 4): #diagnosis from real measurements against servers on loopback and
// from the verdicts of files the test checks, and the report (#report-json, #report-markdown)
// compared with what the page shows.
import { readFile } from 'node:fs/promises';
import { test, expect, MIRROR_NOISE, chooseFiles } from './support/harness.mjs';
import { gzipSync } from 'node:zlib';
import { GOOD, GOOD_TAR, NAMES, corrupt, releasesJson, sha256 } from './support/fixtures.mjs';
import { freePort, startNginx } from './support/nginx.mjs';

test.use({
  allowedConsole: [MIRROR_NOISE, { scope: 'test' }],
});

let nginx;
let refused;

test.beforeAll(async () => {
  refused = await freePort();
  nginx = await startNginx([
    { name: 'fast', cors: true, rate: '4m', files: { [NAMES.A]: GOOD } },
    { name: 'crawl', cors: true, rate: '128k', files: { [NAMES.A]: Buffer.concat([GOOD, Buffer.alloc(1 << 20)]) } },
    { name: 'trickle', cors: true, rate: '200k', files: { [NAMES.A]: GOOD } },
    // A mirror that has not synced this release: 404, readable (CORS on errors too).
    { name: 'missing', cors: true, files: {} },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
});

const mirror = (id, url, official = false) => ({ id, name: id, url, official, region: 'test' });
const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;
const catalog = (mirrors) => JSON.stringify({ checksum_sources: [], mirrors });

async function diagnosis(page) {
  const el = page.locator('#diagnosis');
  await expect(el).not.toHaveAttribute('data-diagnosis', '', { timeout: 15_000 });
  return (await el.getAttribute('data-diagnosis')).split(' ');
}

test('every source failing: all-unreachable, with network commands for the official host', async ({ page, openSite }) => {
  await openSite({
    releases: releasesJson(),
    catalog: catalog([mirror('official', at(refused), true), mirror('other', `http://127.0.0.2:${refused}/golang/{file}`)]),
  });
  expect(await diagnosis(page)).toEqual(['all-unreachable']);
  const finding = page.locator('#diagnosis [data-finding="all-unreachable"]');
  await expect(finding.locator('[data-os="linux"] code')).toContainText('nslookup 127.0.0.1');
  await expect(finding.locator('[data-os="linux"] code')).toContainText('%{time_connect}');
  await expect(finding.locator('[data-os="windows"] code')).toContainText('tracert 127.0.0.1');
  await expect(finding.locator('[data-os="darwin"] code')).toContainText('openssl s_client -connect 127.0.0.1:443');
});

test('official hosts failing, a mirror working: official-unreachable', async ({ page, openSite }) => {
  await openSite({
    releases: releasesJson(),
    catalog: catalog([mirror('official', at(refused), true), mirror('fast', at(nginx.ports.fast))]),
  });
  expect(await diagnosis(page)).toEqual(['official-unreachable']);
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', 'fast');
  // The commands test the official host, not the mirror that works.
  const finding = page.locator('#diagnosis [data-finding="official-unreachable"]');
  await expect(finding.locator('[data-os="linux"] code')).toContainText("curl -sv -o /dev/null 'https://127.0.0.1/'");
  await expect(finding.locator('[data-os="windows"] code')).toContainText('Test-NetConnection 127.0.0.1 -Port 443');
  await expect(finding.locator('[data-os="windows"] code')).toContainText("curl.exe -sv -o NUL 'https://127.0.0.1/'");
});

test('the best source under 1 MiB/s: slow; stale mirrors are named, with commands', async ({ page, openSite }) => {
  await openSite({
    releases: releasesJson(),
    catalog: catalog([
      mirror('trickle', at(nginx.ports.trickle)), mirror('crawl', at(nginx.ports.crawl)), mirror('missing', at(nginx.ports.missing)),
    ]),
  });
  expect(await diagnosis(page)).toEqual(['slow']);
  await expect(page.locator('#mirror-table tr[data-mirror-id="crawl"]')).toHaveAttribute('data-reason', 'wrong-size');
  await expect(page.locator('#mirror-table tr[data-mirror-id="missing"]')).toHaveAttribute('data-reason', 'http-404');
  // Not one of the contract's findings, a block of its own: another size, or no file at all.
  const stale = page.locator('#diagnosis [data-finding="stale"]');
  await expect(stale).toContainText('crawl, missing');
  await expect(stale).not.toContainText('trickle');
  await expect(stale.locator('[data-os="linux"] code'))
    .toContainText(`curl -sIL 'http://127.0.0.1:${nginx.ports.crawl}/golang/${NAMES.A}' | grep -iE`);
  await expect(stale.locator('[data-os="linux"] code')).toContainText(`curl -sIL 'https://go.dev/dl/${NAMES.A}'`);
  await expect(stale.locator('[data-os="windows"] code')).toContainText('Select-String');
  await expect(page.locator('#diagnosis [data-finding="slow"] [data-os="linux"] code'))
    .toContainText(`http://127.0.0.1:${nginx.ports.trickle}/golang/${NAMES.A}`);
});

test('a bad file adds bad-file with commands about it; a good one clears it', async ({ page, openSite }) => {
  await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  expect(await diagnosis(page)).toEqual(['ok']);
  await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD.subarray(0, GOOD.length - 100) }]);
  expect(await diagnosis(page)).toEqual(['bad-file']);
  const bad = page.locator('#diagnosis [data-finding="bad-file"]');
  await expect(bad).toContainText('curl -C -');
  const url = `http://127.0.0.1:${nginx.ports.fast}/golang/${NAMES.A}`;
  // A cut file is resumed, then checked against the official checksum.
  await expect(bad.locator('[data-os="linux"] code')).toContainText(`curl -fL -C - -o '${NAMES.A}' '${url}'`);
  await expect(bad.locator('[data-os="linux"] code')).toContainText(`printf '%s\\n' '${sha256(GOOD)}  ${NAMES.A}' | sha256sum -c -`);
  await expect(bad.locator('[data-os="linux"] code')).toContainText(`sha256sum '${NAMES.A}'`);
  await expect(bad.locator('[data-os="windows"] code')).toContainText(`Get-FileHash -LiteralPath '${NAMES.A}' -Algorithm SHA256`);
  // The commands are folded; unfolded, they stay so while the page redraws.
  await expect(bad.locator('details')).not.toHaveAttribute('open');
  await bad.locator('summary').click();
  await chooseFiles(page, [{ name: NAMES.A, bytes: corrupt(GOOD) }]);
  await expect(bad.locator('details')).toHaveAttribute('open', '');
  await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(await diagnosis(page)).toEqual(['ok']);
});

test('other bad files are downloaded again whole, and explained in both languages', async ({ page, openSite }) => {
  await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  expect(await diagnosis(page)).toEqual(['ok']);
  const url = `http://127.0.0.1:${nginx.ports.fast}/golang/${NAMES.A}`;
  const bad = page.locator('#diagnosis [data-finding="bad-file"]');
  const cases = [
    { bytes: Buffer.from('<html><body>404 Not Found</body></html>'), en: 'is a web page', zh: '网页' },
    { bytes: GOOD_TAR, en: 'decompressed on the way', zh: '解压' },
    { bytes: gzipSync(GOOD), en: 'compressed a second time', zh: '压缩' },
    { bytes: corrupt(GOOD), en: 'does not match the official checksum', zh: '校验和' },
  ];
  for (const { bytes, en } of cases) {
    await chooseFiles(page, [{ name: NAMES.A, bytes }]);
    await expect(bad.locator('p')).toContainText(en);
    for (const os of ['linux', 'darwin', 'windows']) {
      const code = await bad.locator(`[data-os="${os}"] code`).textContent();
      // Resuming would keep the bad bytes: a new download, whole, then its checksum.
      expect(code, `${en} ${os}`).not.toContain('-C -');
      expect(code).toContain(`-fL -o '${NAMES.A}' '${url}'`);
      expect(code).toContain("-sIL -H 'Accept-Encoding: gzip'");
      expect(code).toContain(sha256(GOOD));
    }
  }
  await page.click('#lang-switch');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  for (const { bytes, zh } of cases) {
    await chooseFiles(page, [{ name: NAMES.A, bytes }]);
    await expect(bad.locator('p')).toContainText(zh);
    await expect(bad.locator('[data-os="linux"] code')).toContainText('# 重新完整下载');
  }
});

test('a file name with quotes and $(…) stays one quoted word in every command', async ({ page, openSite }) => {
  await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  const name = "go1.99.1'$(touch pwned)'.tar.gz";
  // An HTML page: a bad file whatever its name says.
  expect((await chooseFiles(page, [{ name, bytes: Buffer.from('<html>login</html>') }]))[0].verdict).toBe('html');
  const bad = page.locator('#diagnosis [data-finding="bad-file"]');
  await expect(bad.locator('[data-os="linux"] code')).toContainText("sha256sum 'go1.99.1'\\''$(touch pwned)'\\''.tar.gz'");
  await expect(bad.locator('[data-os="windows"] code')).toContainText("Get-FileHash -LiteralPath 'go1.99.1''$(touch pwned)''.tar.gz'");
  // Read as sh reads it, no part of the name is left outside quotes on any line.
  const linux = await bad.locator('[data-os="linux"] code').textContent();
  const lines = linux.split('\n').filter((line) => line.includes('pwned'));
  expect(lines.length).toBeGreaterThan(3);
  for (const line of lines) expect(shellActive(line), line).not.toMatch(/pwned|\$\(/);
});

/** What of `line` sh reads as syntax: the characters outside single quotes that no backslash
 * escapes (enough for the commands of this page, which use no double quotes on Linux). */
function shellActive(line) {
  let out = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === "'") quoted = false;
    } else if (c === "'") {
      quoted = true;
    } else if (c === '\\') {
      i += 1;
    } else {
      out += c;
    }
  }
  return out;
}

test('the JSON report is saved and holds what the page shows', async ({ page, openSite }) => {
  await openSite({
    releases: releasesJson(),
    catalog: catalog([mirror('fast', at(nginx.ports.fast)), mirror('dead', at(refused), true)]),
  });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await chooseFiles(page, [{ name: NAMES.A, bytes: corrupt(GOOD) }]);
  const saved = page.waitForEvent('download');
  await page.click('#report-json');
  const download = await saved;
  expect(download.suggestedFilename()).toMatch(/^gomirror-report-\d{14}\.json$/);
  const report = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(Object.keys(report)).toEqual(expect.arrayContaining([
    'generated_at', 'browser', 'platform', 'checksum_source', 'mirrors', 'verdicts', 'recommendation', 'diagnosis']));
  expect(Date.parse(report.generated_at)).toBeGreaterThan(Date.now() - 120_000);
  expect(report.browser).toBe(await page.evaluate(() => navigator.userAgent));
  expect(report.platform).toBe('linux/amd64');
  expect(report.checksum_source).toMatchObject({
    source: 'snapshot', snapshot_date: '2026-10-31',
    snapshot_age_days: Math.floor((Date.parse(report.generated_at) - Date.parse('2026-10-31')) / 86_400_000),
  });
  const fast = report.mirrors.find((m) => m.id === 'fast');
  const row = page.locator('#mirror-table tr[data-mirror-id="fast"]');
  expect(fast).toMatchObject({ status: 'ok', cors: true, url: `http://127.0.0.1:${nginx.ports.fast}/golang/${NAMES.A}` });
  expect(fast.throughput_bps).toBeCloseTo(Number(await row.getAttribute('data-throughput-bps')), -1);
  expect(report.mirrors.find((m) => m.id === 'dead')).toMatchObject({ status: 'failed', reason: 'refused', latency_ms: null });
  expect(report.verdicts).toEqual([expect.objectContaining({
    file: NAMES.A, verdict: 'mismatch', source: 'official', size_bytes: GOOD.length,
    sha256: await page.locator('[data-testid="verdict"]').getAttribute('data-sha256'),
    expected_sha256: sha256(GOOD),
  })]);
  // The snapshot's origin, as data/snapshot.json gives it.
  expect(report.checksum_source.url).toBe('gomirror e2e fixtures');
  expect(report.recommendation).toEqual({ mirror_id: 'fast', url: `http://127.0.0.1:${nginx.ports.fast}/golang/${NAMES.A}` });
  expect(report.diagnosis).toEqual(['official-unreachable', 'bad-file']);
  await expect(page.locator('#report-status')).toContainText(download.suggestedFilename());
});

test('the Markdown report goes to the clipboard', async ({ page, context, openSite }) => {
  const site = await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await chooseFiles(page, [{ name: '<b>x</b>|y.tar.gz', bytes: GOOD }]);
  await page.click('#report-markdown');
  await expect(page.locator('#report-status')).not.toBeEmpty();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  expect(markdown).toMatch(/^## gomirror report\n/);
  expect(markdown).toContain('| fast (fast) | ok |');
  expect(markdown).toContain('\\<b\\>x\\</b\\>\\|y.tar.gz');
  expect(markdown).toContain('- Diagnosis: ok');
  expect(markdown).toContain('- Official checksums: shipped snapshot of 2026-10-31');
  expect(markdown).toContain(`| \\<b\\>x\\</b\\>\\|y.tar.gz | ${GOOD.length} | match | ${sha256(GOOD)} | ${sha256(GOOD)} | official |`);
});

test('other ways to install: the chosen OS first, the current release named', async ({ page, openSite }) => {
  await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  const managers = () => page.locator('#install-other tbody tr th').allTextContents();
  // Headless Chromium on Linux: the Linux managers first, then the others in the page's order.
  expect(await managers()).toEqual(['apt (Debian, Ubuntu)', 'dnf (Fedora, RHEL)', 'Homebrew (macOS, Linux)',
    'winget (Windows)', 'Scoop (Windows)', 'Chocolatey (Windows)']);
  await page.selectOption('#pick-os', 'windows');
  await expect.poll(managers).toEqual(['winget (Windows)', 'Scoop (Windows)', 'Chocolatey (Windows)',
    'apt (Debian, Ubuntu)', 'dnf (Fedora, RHEL)', 'Homebrew (macOS, Linux)']);
  await page.selectOption('#pick-os', 'darwin');
  await expect.poll(managers).toEqual(['Homebrew (macOS, Linux)', 'apt (Debian, Ubuntu)', 'dnf (Fedora, RHEL)',
    'winget (Windows)', 'Scoop (Windows)', 'Chocolatey (Windows)']);
  // The managers that follow Go's releases say which one that is today, from the list in use.
  await expect(page.locator('#install-other tbody tr[data-os="windows"] td:last-child').first())
    .toContainText('The current release, Go 1.99.1, from the official .msi');
  await page.click('#lang-switch');
  await expect(page.locator('#install-other tbody tr[data-os="darwin linux"] td:last-child')).toContainText('当前版本 Go 1.99.1');
});

test('commands for the chosen OS come first, in every block', async ({ page, openSite }) => {
  await openSite({ releases: releasesJson(), catalog: catalog([mirror('fast', at(nginx.ports.fast))]) });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await chooseFiles(page, [{ name: NAMES.A, bytes: corrupt(GOOD) }]);
  const first = (where) => page.locator(`${where} figure[data-os]`).first();
  for (const where of ['#commands', '#diagnosis [data-finding="bad-file"]']) {
    await expect(first(where)).toHaveAttribute('data-os', 'linux');
  }
  await page.selectOption('#pick-os', 'windows');
  for (const where of ['#commands', '#diagnosis [data-finding="bad-file"]']) {
    await expect(first(where)).toHaveAttribute('data-os', 'windows');
    await expect(page.locator(`${where} figure[data-os]`)).toHaveCount(3);
  }
});
