// The probe's benchmark (issue 3), in one headless-Chromium run against mirrors on loopback:
// nginx with CORS at three `limit_rate`s, nginx without CORS, a server that accepts and never
// answers, and a refused port. Each round opens the page in a fresh context, waits until every
// row of #mirror-table has settled, presses #rerun and waits again. It prints, per round and as
// the median, the throughput the page measured for each CORS mirror (data-throughput-bps, bytes
// per second, on opening and after #rerun) against nginx's configured rate, as error in %; the
// pace nginx really kept, read by Node straight after (one second's worth from each CORS mirror
// at once), to tell nginx's error from the page's; and the time from navigation (and from the
// #rerun click) until no row is pending. Targets: |error| ≤ 10 %, every row settled ≤ 10 s.
// A benchmark, not a test: it fails only when it cannot run. Run it on a quiet machine: nginx
// paces limit_rate with a timer after every 32 KiB write, so a busy CPU slows the mirrors
// themselves (the nginx column shows by how much).
//
//   node bench/probe.mjs [--rounds 3]
// Needs the built page (scripts/build.sh), the npm packages (npm ci), nginx and Debian's
// Chromium at /usr/bin/chromium (scripts/setup.sh --test installs both).
import { get } from 'node:http';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { startSite } from '../tests/e2e/support/site.mjs';
import { freePort, startHangingServer, startNginx } from '../tests/e2e/support/nginx.mjs';
import { randomBytes, releaseEntry } from '../tests/e2e/support/fixtures.mjs';

const i = process.argv.indexOf('--rounds');
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 3;
const FILE = 'go1.99.1.linux-amd64.tar.gz';
// Larger than the probe's cap (16 MiB a mirror), so its growing ranges never run out.
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((24 << 20) - 4, 91)]);
/** Mirror id → nginx's limit_rate, which counts bytes: 1m is 1 MiB/s. */
const RATES = { 'cors-512k': '512k', 'cors-1m': '1m', 'cors-2m': '2m' };
const BPS = Object.fromEntries(Object.entries(RATES).map(([id, r]) => [id, parseInt(r, 10) << (r.endsWith('m') ? 20 : 10)]));
// The page recommends, and so probes, the file for the platform it detects.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const TARGET_ERROR = 0.10;
const TARGET_SETTLED_MS = 10_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok) => (ok ? 'target met' : 'target missed');

/** performance.now() in the page (milliseconds since navigation) once no row is pending. */
const settledAt = (page) => page.waitForFunction(() => {
  const rows = document.querySelectorAll('#mirror-table tr[data-mirror-id]');
  return rows.length > 0 && !document.querySelector('#mirror-table tr[data-status="pending"]') && performance.now();
}, null, { timeout: 60_000, polling: 20 }).then((h) => h.jsonValue());

/** Mirror id → {status, bps}; a row without a figure counts as 0 B/s (error -100 %). */
const readRows = (page) => page.locator('#mirror-table tr[data-mirror-id]').evaluateAll((trs) => Object.fromEntries(
  trs.map((tr) => [tr.dataset.mirrorId, { status: tr.dataset.status, bps: Number(tr.dataset.throughputBps ?? 0) }])));

/** nginx's own pace from Node: bytes after the first chunk over first to last chunk, B/s. */
const paceBps = (port, bytes) => new Promise((resolve, reject) => {
  get({ host: '127.0.0.1', port, path: `/golang/${FILE}`, agent: false, headers: { range: `bytes=0-${bytes - 1}` } }, (res) => {
    let first, last, firstBytes = 0, total = 0;
    res.on('data', (chunk) => {
      last = performance.now();
      if (first === undefined) [first, firstBytes] = [last, chunk.length];
      total += chunk.length;
    });
    res.on('end', () => resolve((total - firstBytes) / ((last - first) / 1000)));
    res.on('error', reject);
  }).on('error', reject);
});

/** One round in a fresh browser context (no cache, no service worker). */
async function round(browser, site, ports) {
  const context = await browser.newContext({ userAgent: UA, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(site.url);
    const openMs = await settledAt(page);
    const opened = await readRows(page);
    await page.evaluate(() => document.querySelector('#rerun').addEventListener('click', () => {
      window.benchRerunAt = performance.now();
    }, { capture: true, once: true }));
    await page.click('#rerun');
    await page.waitForSelector('#mirror-table tr[data-status="pending"]');
    const rerunMs = (await settledAt(page)) - (await page.evaluate(() => window.benchRerunAt));
    const rerun = await readRows(page);
    const paced = Object.fromEntries(await Promise.all(Object.entries(BPS).map(async ([id, bps]) => [id, await paceBps(ports[id], bps)])));
    return { openMs, rerunMs, opened, rerun, paced };
  } finally {
    await context.close();
  }
}

function printRound(n, r) {
  console.log(`\nround ${n} (load average ${loadavg()[0].toFixed(1)})`);
  console.log('  mirror      status           configured B/s   opening B/s  error     #rerun B/s  error     nginx B/s  error');
  for (const [id, row] of Object.entries(r.opened)) {
    const status = `${row.status}/${r.rerun[id].status}`.padEnd(16);
    const rate = BPS[id];
    const cols = rate
      ? [rate, row.bps, pct(row.bps / rate - 1), r.rerun[id].bps, pct(r.rerun[id].bps / rate - 1), Math.round(r.paced[id]), pct(r.paced[id] / rate - 1)]
      : [];
    const [conf = '', open = '', e1 = '', again = '', e2 = '', nginx = '', e3 = ''] = cols.map(String);
    console.log(`  ${id.padEnd(11)} ${status}${conf.padStart(15)}${open.padStart(14)}  ${e1.padEnd(8)}${again.padStart(12)}  ${e2.padEnd(8)}${nginx.padStart(11)}  ${e3}`.trimEnd());
  }
  console.log(`  every row settled ${secs(r.openMs)} after navigation, ${secs(r.rerunMs)} after the #rerun click`);
}

let nginx, hanging, site, browser;
const results = [];
try {
  const files = { [FILE]: BODY };
  nginx = await startNginx([
    ...Object.entries(RATES).map(([name, rate]) => ({ name, cors: true, rate, files })),
    { name: 'nocors', cors: false, files },
  ]);
  hanging = await startHangingServer();
  const ports = { ...nginx.ports, hanging: hanging.port, refused: await freePort() };
  const mirrors = Object.entries(ports).map(([id, port]) =>
    ({ id, name: id, url: `http://127.0.0.1:${port}/golang/{file}`, official: false, region: 'test' }));
  site = await startSite({
    overrides: {
      'data/catalog.json': JSON.stringify({ checksum_sources: [], mirrors }),
      'data/releases.json': JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]),
    },
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  console.log(`probe benchmark: ${ROUNDS} rounds, Chromium ${browser.version()}, ${Object.keys(ports).join(', ')}`);
  for (let n = 1; n <= ROUNDS; n++) {
    results.push(await round(browser, site, ports));
    printRound(n, results.at(-1));
  }
} finally {
  await browser?.close();
  await site?.close();
  await nginx?.stop();
  await hanging?.stop();
}

console.log(`\nmedian of ${ROUNDS} rounds (page: ${2 * ROUNDS} measurements, on opening and after #rerun)`);
let worst = 0;
for (const [id, rate] of Object.entries(BPS)) {
  const page = median(results.flatMap((r) => [r.opened[id].bps, r.rerun[id].bps]).map((bps) => bps / rate - 1));
  const paced = median(results.map((r) => r.paced[id] / rate - 1));
  worst = Math.max(worst, Math.abs(page));
  console.log(`  ${id.padEnd(11)} page error ${pct(page).padEnd(9)} nginx's own pace ${pct(paced)}`);
}
const openMs = median(results.map((r) => r.openMs));
const rerunMs = median(results.map((r) => r.rerunMs));
console.log(`  every row settled ${secs(openMs)} after navigation, ${secs(rerunMs)} after the #rerun click`);
console.log(`throughput error ≤ ${TARGET_ERROR * 100} % (worst median ${(worst * 100).toFixed(1)} %): ${verdict(worst <= TARGET_ERROR)}`);
console.log(`every row settled ≤ ${secs(TARGET_SETTLED_MS)} (slower median ${secs(Math.max(openMs, rerunMs))}): ${verdict(Math.max(openMs, rerunMs) <= TARGET_SETTLED_MS)}`);
