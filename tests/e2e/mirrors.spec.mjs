// Measuring mirrors against real servers on loopback: nginx as Debian ships it (sendfile on)
// with CORS and limit_rate, nginx without CORS, a 404, a short file, a redirect, a server that
// never answers and a refused port. Asserts every row's status and reason, the recommendation,
// that measured throughput is close to nginx's configured rate, and — with servers that count
// the downloads in flight — that throughput tests never overlap, not even across #rerun.
import { createServer } from 'node:http';
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

async function settledRows(page, timeout = 15_000) {
  await expect(page.locator('#mirror-table')).toHaveAttribute('data-settled', 'true', { timeout }).catch(async (e) => {
    console.log(JSON.stringify(await rows(page)));
    throw e;
  });
  // Settled means final: no row is still pending.
  await expect(page.locator('#mirror-table tr[data-status="pending"]')).toHaveCount(0);
  return rows(page);
}

test('every mirror gets the measurement its headers allow, within the time budget', async ({ page, openSite }) => {
  const started = Date.now();
  await openSite({ releases: RELEASES, catalog: catalog() });
  await expect(page.locator('#mirror-table tr[data-mirror-id]')).toHaveCount(9);
  const got = await settledRows(page);
  const settledMs = Date.now() - started;
  console.log(`all rows settled ${settledMs} ms after opening the page (one mirror hangs)`);
  expect(settledMs).toBeLessThan(15_000);
  await expect(page.locator('#probe-progress')).not.toBeEmpty();

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
  await expect(page.locator('#mirror-table')).toHaveAttribute('data-settled', 'false');
  await expect(row).toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  await expect(page.locator('#mirror-table')).toHaveAttribute('data-settled', 'true');
});

/**
 * Mirrors that pace a ranged download smoothly at `bps` (64 KiB every 1/16 s at 1 MiB/s) and
 * answer small ranges at once, all counting the large downloads in flight together: `most`
 * is the largest number ever in flight at once, `log` when each started and closed.
 */
async function startCountingMirrors(count, bps, size) {
  const body = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(size - 4, 7)]);
  const counter = { now: 0, most: 0, started: 0, log: [] };
  const servers = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((req, res) => {
      const [, from, to] = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '') ?? [];
      const start = Number(from ?? 0);
      const end = Math.min(Number(to ?? size - 1), size - 1);
      res.writeHead(req.headers.range ? 206 : 200, {
        'access-control-allow-origin': '*',
        'access-control-expose-headers': 'Content-Range, Content-Length',
        'content-type': 'application/gzip',
        'content-length': end - start + 1,
        ...(req.headers.range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      });
      if (req.method === 'HEAD') return res.end();
      if (end - start < 4096) return res.end(body.subarray(start, end + 1));
      counter.now += 1;
      counter.started += 1;
      counter.log.push([Math.round(performance.now()), 'start', i, counter.now]);
      counter.most = Math.max(counter.most, counter.now);
      let at = start;
      const step = 65_536;
      const timer = setInterval(() => {
        if (at > end) return res.end();
        res.write(body.subarray(at, Math.min(at + step, end + 1)));
        at += step;
      }, (step / bps) * 1000);
      res.on('close', () => { clearInterval(timer); counter.now -= 1; counter.log.push([Math.round(performance.now()), 'close', i, counter.now]); });
    });
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
  }
  return {
    counter,
    ports: servers.map((s) => s.address().port),
    stop: () => Promise.all(servers.map((s) => { s.closeAllConnections(); return new Promise((r) => s.close(r)); })),
  };
}

test('throughput tests run one at a time, and #rerun ends the running one before the next', async ({ page, openSite }) => {
  const BPS = 1 << 20;
  const paced = await startCountingMirrors(3, BPS, 24 << 20);
  try {
    const body = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc((24 << 20) - 4, 7)]);
    const releases = JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, body)] }]);
    const mirrors = paced.ports.map((port, i) => ({ id: `paced-${i}`, name: `paced ${i}`, url: at(port), official: false, region: 'test' }));
    await openSite({ releases, catalog: JSON.stringify({ checksum_sources: [], mirrors }) });
    // In the middle of the first run's tests: measure again.
    await expect.poll(() => paced.counter.started, { timeout: 10_000 }).toBeGreaterThan(1);
    await page.click('#rerun');
    const got = await settledRows(page);
    console.log(`largest number of downloads in flight at once: ${paced.counter.most} (${paced.counter.started} tests)`);
    expect(paced.counter.most, `[ms, event, mirror, in flight]: ${JSON.stringify(paced.counter.log)}`).toBe(1);
    for (const m of mirrors) {
      expect(got[m.id].status, m.id).toBe('ok');
      const error = got[m.id].bps / BPS - 1;
      console.log(`${m.id}: measured ${got[m.id].bps} B/s, paced at ${BPS} B/s, error ${(error * 100).toFixed(1)} %`);
      expect(Math.abs(error), m.id).toBeLessThan(0.15);
    }
  } finally {
    await paced.stop();
  }
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
