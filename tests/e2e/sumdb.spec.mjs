// The checksum database, measured: #sumdb-table probes each database host's `latest` and each
// module proxy's `sumdb/sum.golang.org/supported` against real servers on loopback (nginx with
// and without CORS, a proxy that does not proxy the database, a refused port), and
// #sumdb-advice turns what works into GOPROXY/GOSUMDB commands — never GOSUMDB=off.
import { readFile } from 'node:fs/promises';
import { test, expect, MIRROR_NOISE } from './support/harness.mjs';
import { freePort, startNginx } from './support/nginx.mjs';

test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

const SUPPORTED = 'sumdb/sum.golang.org/supported';
// A signed tree head as sum.golang.org serves it (plain text).
const LATEST = 'go.sum database tree\n35919231\nJlt/XgxxdqE1HUdBAkYsoOmHxHeVMRJhdBhMvCqgabM=\n\n— sum.golang.org Az3grgSFgIQn8gCVEZtbzNvVp6vgqFSBsIEAM4pfTKLtvmhlRCTANTsD8eTwqLWUy4ZEvdN7mdS6IrVkA3OmB5DJ9w0=\n';

let nginx;
let refused;

test.beforeAll(async () => {
  refused = await freePort();
  nginx = await startNginx([
    // A proxy of the database: `supported` answers 200 with an empty body, as real ones do.
    { name: 'yes', cors: true, prefix: 'goproxy', files: { [SUPPORTED]: Buffer.alloc(0) }, log: true },
    // A proxy that does not proxy it: 404.
    { name: 'no', cors: true, prefix: 'goproxy', files: {}, log: true },
    // One that may, but does not let the page read its answers.
    { name: 'nocors', cors: false, prefix: 'goproxy', files: { [SUPPORTED]: Buffer.alloc(0) } },
    // Database hosts.
    { name: 'db', cors: true, prefix: 'sumdb', files: { latest: Buffer.from(LATEST) }, log: true },
    { name: 'dbnocors', cors: false, prefix: 'sumdb', files: { latest: Buffer.from(LATEST) } },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
});

const base = (name, prefix) => `http://127.0.0.1:${nginx.ports[name]}/${prefix}/`;
const dead = (prefix) => `http://127.0.0.1:${refused}/${prefix}/`;

function catalog({ org, cn, proxies }) {
  return JSON.stringify({
    checksum_sources: [],
    mirrors: [],
    module_proxies: proxies.map(([id, url]) => ({ id, name: `proxy ${id}`, url, region: 'test' })),
    checksum_databases: [
      { id: 'sum-golang-org', name: 'sum.golang.org', url: org },
      { id: 'sum-golang-google-cn', name: 'sum.golang.google.cn', url: cn },
    ],
  });
}

async function rows(page) {
  await expect(page.locator('#sumdb-table')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await expect(page.locator('#sumdb-table tr[data-status="pending"]')).toHaveCount(0);
  return page.locator('#sumdb-table tr[data-sumdb-id]').evaluateAll((trs) => Object.fromEntries(
    trs.map((tr) => [tr.dataset.sumdbId, {
      status: tr.dataset.status,
      reason: tr.dataset.reason,
      latency: tr.dataset.latencyMs === undefined ? undefined : Number(tr.dataset.latencyMs),
    }])));
}

/** Every command block of the advice, by OS. */
async function commands(page) {
  const blocks = await page.locator('#sumdb-advice [data-os]').evaluateAll((els) => els.map((e) => [e.dataset.os, e.querySelector('code').textContent]));
  return Object.fromEntries(blocks);
}

function neverOff(byOs) {
  for (const [os, text] of Object.entries(byOs)) {
    const run = text.split('\n').filter((l) => !l.startsWith('#'));
    expect(run.filter((l) => /GOSUMDB=off|GONOSUMDB|GOFLAGS=-insecure/.test(l)), os).toEqual([]);
  }
}

test('every way to the checksum database gets a row; a proxy that serves it is the advice', async ({ page, openSite }) => {
  await openSite({
    catalog: catalog({
      org: dead('sumdb'),
      cn: base('db', 'sumdb'),
      proxies: [['yes', base('yes', 'goproxy')], ['no', base('no', 'goproxy')], ['nocors', base('nocors', 'goproxy')]],
    }),
  });
  await expect(page.locator('#sumdb-table tr[data-sumdb-id]')).toHaveCount(5);
  const got = await rows(page);
  expect(got['sum-golang-org']).toMatchObject({ status: 'failed', reason: 'refused' });
  expect(got['sum-golang-google-cn']).toMatchObject({ status: 'ok', reason: undefined });
  expect(got['proxy-yes']).toMatchObject({ status: 'ok', reason: undefined });
  expect(got['proxy-no']).toMatchObject({ status: 'failed', reason: 'http-404' });
  expect(got['proxy-nocors']).toMatchObject({ status: 'limited' });
  for (const id of ['sum-golang-google-cn', 'proxy-yes', 'proxy-nocors']) {
    expect(got[id].latency, id).toBeGreaterThan(0);
    expect(got[id].latency, id).toBeLessThan(1000);
  }
  // The page asked for the database's `latest` and the proxies' `supported` (beside the
  // toolchain zips of the proxy table), nothing else of the database.
  const paths = nginx.requests().map((r) => `${r.mirror} ${r.path}`).filter((p) => !p.includes('/toolchain/'));
  expect(paths).toContain(`yes /goproxy/${SUPPORTED}`);
  expect(paths).toContain(`no /goproxy/${SUPPORTED}`);
  expect(paths).toContain('db /sumdb/latest');
  expect(new Set(paths)).toEqual(new Set([`yes /goproxy/${SUPPORTED}`, `no /goproxy/${SUPPORTED}`, 'db /sumdb/latest']));

  const advice = page.locator('#sumdb-advice');
  await expect(advice).toHaveAttribute('data-advice', 'proxy');
  await expect(advice).toHaveAttribute('data-proxy-id', 'yes');
  const byOs = await commands(page);
  expect(Object.keys(byOs).sort()).toEqual(['darwin', 'linux', 'windows']);
  const proxy = `http://127.0.0.1:${nginx.ports.yes}/goproxy`;
  expect(byOs.linux).toContain(`go env -w GOPROXY=${proxy},direct`);
  expect(byOs.linux).toContain('go env -u GOSUMDB');
  expect(byOs.linux).toContain(`'${proxy}/${SUPPORTED}'`);
  expect(byOs.windows).toContain(`go env -w 'GOPROXY=${proxy},direct'`);
  neverOff(byOs);

  // The saved report has the same rows, with the URL each was probed at.
  const saved = page.waitForEvent('download');
  await page.click('#report-json');
  const report = JSON.parse(await readFile(await (await saved).path(), 'utf8'));
  const inReport = Object.fromEntries(report.sumdb.map((s) => [s.id, s]));
  expect(Object.keys(inReport).sort()).toEqual(Object.keys(got).sort());
  for (const [id, row] of Object.entries(got)) {
    expect(inReport[id], id).toMatchObject({ status: row.status, reason: row.reason ?? null, throughput_bps: null });
  }
  expect(inReport['proxy-yes'].url).toBe(`${proxy}/${SUPPORTED}`);
  expect(inReport['sum-golang-google-cn'].latency_ms).toBeCloseTo(got['sum-golang-google-cn'].latency, 0);
});

test('sum.golang.google.cn only where sum.golang.org and every proxy fail', async ({ page, openSite }) => {
  await openSite({
    catalog: catalog({ org: dead('sumdb'), cn: base('db', 'sumdb'), proxies: [['no', base('no', 'goproxy')], ['nocors', base('nocors', 'goproxy')]] }),
  });
  const got = await rows(page);
  expect(got['proxy-no'].status).toBe('failed');
  await expect(page.locator('#sumdb-advice')).toHaveAttribute('data-advice', 'google-cn');
  await expect(page.locator('#sumdb-advice')).not.toHaveAttribute('data-proxy-id', /./);
  const byOs = await commands(page);
  for (const os of ['linux', 'darwin', 'windows']) {
    expect(byOs[os], os).toContain('go env -w GOSUMDB=sum.golang.google.cn');
    expect(byOs[os], os).toContain(`${base('db', 'sumdb')}latest`);
  }
  neverOff(byOs);
});

test('sum.golang.org reachable (even without CORS): the default stays; nothing reachable: still never off', async ({ page, openSite }) => {
  await openSite({ catalog: catalog({ org: base('dbnocors', 'sumdb'), cn: dead('sumdb'), proxies: [['no', base('no', 'goproxy')]] }) });
  const got = await rows(page);
  expect(got['sum-golang-org'].status).toBe('limited');
  await expect(page.locator('#sumdb-advice')).toHaveAttribute('data-advice', 'direct');
  let byOs = await commands(page);
  expect(byOs.linux).toContain('go env -u GOSUMDB');
  expect(byOs.linux).not.toContain('go env -w GOSUMDB');
  neverOff(byOs);

  await openSite({ catalog: catalog({ org: dead('sumdb'), cn: dead('sumdb'), proxies: [['gone', dead('goproxy')]] }) });
  const none = await rows(page);
  expect(Object.values(none).map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
  await expect(page.locator('#sumdb-advice')).toHaveAttribute('data-advice', 'unreachable');
  byOs = await commands(page);
  expect(byOs.linux).toContain(`curl -v '${dead('sumdb')}latest'`);
  neverOff(byOs);
});

test('#rerun measures the checksum database again', async ({ page, openSite }) => {
  await openSite({ catalog: catalog({ org: base('db', 'sumdb'), cn: dead('sumdb'), proxies: [] }) });
  await rows(page);
  const asked = () => nginx.requests().filter((r) => r.mirror === 'db').length;
  const before = asked();
  await page.click('#rerun');
  // Warm-up and three timed requests again.
  await expect.poll(asked).toBeGreaterThanOrEqual(before + 4);
  const got = await rows(page);
  expect(got['sum-golang-org'].status).toBe('ok');
  await expect(page.locator('#sumdb-advice')).toHaveAttribute('data-advice', 'direct');
});
