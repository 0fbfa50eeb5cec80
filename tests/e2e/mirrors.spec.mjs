// Measuring mirrors (issue 3) against real servers on loopback: nginx with CORS and
// limit_rate, nginx without CORS, a 404, a short file, a redirect, a server that never
// answers and a refused port. Asserts every row's status and reason, the recommendation, and
// that measured throughput is close to nginx's configured rate.
import { test, expect, MIRROR_NOISE } from './support/harness.mjs';
import { randomBytes, releaseEntry, sha256 } from './support/fixtures.mjs';
import { freePort, startHangingServer, startNginx } from './support/nginx.mjs';

const FILE = 'go1.99.1.linux-amd64.tar.gz';
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((4 << 20) - 4, 61)]);
const RELEASES = JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]);
/** nginx's limit_rate units: 1m = 1 MiB/s, 512k = 512 KiB/s (bytes, not bits). */
const RATES = { fast: 1 << 20, slow: 512 << 10 };

test.use({
  // The browser logs failed and CORS-refused requests itself; those are the point here.
  allowedConsole: [MIRROR_NOISE, { scope: 'test' }],
});

let nginx;
let hanging;
let refusedPort;

test.beforeAll(async () => {
  hanging = await startHangingServer();
  refusedPort = await freePort();
  const files = { [FILE]: BODY };
  nginx = await startNginx([
    { name: 'fast', cors: true, rate: '1m', files },
    { name: 'slow', cors: true, rate: '512k', files },
    { name: 'nocors', cors: false, files },
    { name: 'missing', cors: true, files: {} },
    { name: 'short', cors: true, files: { [FILE]: BODY.subarray(0, 3 << 20) } },
  ]);
  const redirect = await startNginx([
    { name: 'redirect', cors: true, redirectTo: `http://127.0.0.1:${nginx.ports.slow}/golang/` },
  ]);
  nginx.ports.redirect = redirect.ports.redirect;
  const stopBoth = nginx.stop;
  nginx.stop = async () => { await stopBoth(); await redirect.stop(); };
});

test.afterAll(async () => {
  await nginx?.stop();
  await hanging?.stop();
});

const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;

function catalog() {
  const m = (id, url, extra = {}) => ({ id, name: id, url, official: false, region: 'test', ...extra });
  return JSON.stringify({
    checksum_sources: [],
    mirrors: [
      m('fast', at(nginx.ports.fast)),
      m('slow', at(nginx.ports.slow)),
      m('nocors', at(nginx.ports.nocors)),
      m('missing', at(nginx.ports.missing)),
      m('short', at(nginx.ports.short)),
      m('redirect', at(nginx.ports.redirect)),
      m('hang', at(hanging.port)),
      m('refused', at(refusedPort)),
      m('old', 'https://old.invalid/golang/{file}', { gone: 'Closed in 2025.' }),
    ],
  });
}

async function rows(page) {
  return page.locator('#mirror-table tr[data-mirror-id]').evaluateAll((trs) => Object.fromEntries(
    trs.map((tr) => [tr.dataset.mirrorId, {
      status: tr.dataset.status, reason: tr.dataset.reason,
      latency: tr.dataset.latencyMs === undefined ? undefined : Number(tr.dataset.latencyMs),
      bps: tr.dataset.throughputBps === undefined ? undefined : Number(tr.dataset.throughputBps),
    }])));
}

async function settledRows(page) {
  const pending = page.locator('#mirror-table tr[data-status="pending"]');
  await expect(pending).toHaveCount(0, { timeout: 15_000 }).catch(async (e) => {
    console.log(JSON.stringify(await rows(page)));
    throw e;
  });
  return rows(page);
}

test('every mirror gets the measurement its headers allow, within the time budget', async ({ page, openSite }) => {
  const started = Date.now();
  await openSite({ releases: RELEASES, catalog: catalog() });
  await expect(page.locator('#mirror-table tr[data-mirror-id]')).toHaveCount(9);
  const got = await settledRows(page);
  const settledMs = Date.now() - started;
  console.log(`all rows settled ${settledMs} ms after opening the page (one mirror hangs)`);
  expect(settledMs).toBeLessThan(14_000);

  expect(got.fast.status).toBe('ok');
  expect(got.slow.status).toBe('ok');
  expect(got.redirect.status).toBe('ok');
  expect(got.nocors).toMatchObject({ status: 'limited', bps: undefined });
  expect(got.missing).toMatchObject({ status: 'failed', reason: 'http-404' });
  expect(got.short).toMatchObject({ status: 'failed', reason: 'wrong-size' });
  expect(got.hang).toMatchObject({ status: 'timeout', reason: 'timeout' });
  expect(got.refused).toMatchObject({ status: 'failed', reason: 'refused' });
  expect(got.old).toMatchObject({ status: 'gone', latency: undefined });
  for (const id of ['fast', 'slow', 'nocors', 'redirect']) {
    expect(got[id].latency, id).toBeGreaterThan(0);
    expect(got[id].latency, id).toBeLessThan(1000);
  }
  // Throughput against nginx's configured rate: within 15 % on a noisy two-core machine.
  for (const id of ['fast', 'slow']) {
    const error = got[id].bps / RATES[id] - 1;
    console.log(`${id}: measured ${got[id].bps} B/s, configured ${RATES[id]} B/s, error ${(error * 100).toFixed(1)} %`);
    expect(Math.abs(error), id).toBeLessThan(0.15);
  }
  // The fastest measured mirror is recommended, with a link to the file on it.
  const link = page.locator('#recommended a[href]');
  await expect(link).toHaveAttribute('data-mirror-id', 'fast');
  await expect(link).toHaveAttribute('href', `http://127.0.0.1:${nginx.ports.fast}/golang/${FILE}`);
  // Beside it, commands for each OS that download that file and check the official checksum.
  for (const os of ['linux', 'darwin', 'windows']) {
    await expect(page.locator(`#commands [data-os="${os}"]`)).toContainText(sha256(BODY));
  }
  await expect(page.locator('#commands [data-os="linux"]'))
    .toContainText(`curl -fLO 'http://127.0.0.1:${nginx.ports.fast}/golang/${FILE}'`);
  await expect(page.locator('#commands [data-os="windows"]')).toContainText('Get-FileHash');
});

test('#rerun measures again; a mirror the visitor adds is kept and measured', async ({ page, openSite }) => {
  await openSite({ releases: RELEASES, catalog: JSON.stringify({ checksum_sources: [], mirrors: [] }) });
  await page.fill('#add-mirror-url', 'javascript:alert(1)//{file}');
  await page.click('#add-mirror');
  await expect(page.locator('#mirror-table tr[data-custom="true"]')).toHaveCount(0);
  await page.fill('#add-mirror-url', at(nginx.ports.slow));
  await page.click('#add-mirror');
  const row = page.locator('#mirror-table tr[data-custom="true"]');
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  await expect(page.locator('#recommended a')).toHaveAttribute('data-mirror-id', await row.getAttribute('data-mirror-id'));
  // Kept in this browser: still there after a reload, and measured again.
  await page.reload();
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  await page.click('#rerun');
  await expect(row).toHaveAttribute('data-status', 'pending');
  await expect(row).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
});

test('when nothing answers, #recommended still links the official go.dev file', async ({ page, openSite }) => {
  await openSite({
    releases: RELEASES,
    catalog: JSON.stringify({ checksum_sources: [], mirrors: [
      { id: 'dead', name: 'dead', url: at(refusedPort), official: false, region: 'test' }] }),
  });
  await expect(page.locator('#mirror-table tr[data-mirror-id="dead"]')).toHaveAttribute('data-status', 'failed');
  await expect(page.locator('#recommended a')).toHaveAttribute('href', `https://go.dev/dl/${FILE}`);
});
