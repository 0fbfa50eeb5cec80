// The probe's benchmark: how close the page's throughput figure for each mirror comes to that
// mirror's own speed, and how long until every row settles, on networks and servers that
// behave like real ones. It runs in a private network namespace (it re-runs itself under
// `unshare -n` when it is not in one), where the kernel shapes loopback:
//
//   shaped     one 16 Mbit/s downlink shared by three plain nginx mirrors (sendfile on, as
//              Debian ships it) that the kernel limits to 14, 8 and 3 Mbit/s, a server that
//              sends a burst and then stalls, and one that never answers. Reference: each
//              mirror alone, the median of three curl runs of at least 4 s while the page is idle.
//   burst      nginx `limit_rate` at 512k and 2m with sendfile on (a second's worth at once,
//              then a step each wall-clock second) and 1m with sendfile off (smooth).
//              Reference: the configured rate (bytes per second: 1m = 1 MiB/s).
//
// Each round opens the page in a fresh context, waits for `#mirror-table[data-settled]`, reads
// every row, presses #rerun and does it again. It prints each mirror's figure against its
// reference (error in %), per round and as the median, and the time from navigation (and from
// the #rerun click) until the table settled. Targets: |error| ≤ 10 % for every mirror, settled
// ≤ 15 s. A benchmark, not a test: it fails only when it cannot run.
//
//   node bench/probe.mjs [--rounds 3] [--only shaped|burst]
// Needs root (for the namespace), the built page (scripts/build.sh), the npm packages
// (npm ci), nginx, curl and Debian's Chromium (scripts/setup.sh --test installs them).
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startSite } from '../tests/e2e/support/site.mjs';
import { startHangingServer, startNginx } from '../tests/e2e/support/nginx.mjs';
import { startBurstThenStall } from '../tests/e2e/support/faults.mjs';
import { inNamespace, referenceRate, setupLoopback, shape, unshape } from '../tests/e2e/support/shaped.mjs';
import { randomBytes, releaseEntry } from '../tests/e2e/support/fixtures.mjs';

if (!inNamespace()) {
  const child = spawnSync('unshare', ['-n', process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ROUNDS = Number(arg('--rounds', 3));
const ONLY = arg('--only', '');
const FILE = 'go1.99.1.linux-amd64.tar.gz';
// Larger than the page's cap (16 MiB a mirror) and than a 4 s curl at 14 Mbit/s.
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((32 << 20) - 4, 91)]);
const RELEASES = JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]);
// The page recommends, and so probes, the file for the platform it detects.
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const TARGET_ERROR = 0.10;
const TARGET_SETTLED_MS = 15_000;
const LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2;
};
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok) => (ok ? 'target met' : 'target missed');
const url = (port) => `http://127.0.0.1:${port}/golang/{file}`;

/** performance.now() in the page (ms since navigation) once #mirror-table has settled. */
const settledAt = (page) => page.waitForFunction(
  () => document.querySelector('#mirror-table[data-settled="true"]') && performance.now(),
  null, { timeout: 60_000, polling: 20 },
).then((h) => h.jsonValue());

/** Mirror id → {status, reason, bps}. */
const readRows = (page) => page.locator('#mirror-table tr[data-mirror-id]').evaluateAll((trs) => Object.fromEntries(
  trs.map((tr) => [tr.dataset.mirrorId, { status: tr.dataset.status, reason: tr.dataset.reason ?? '', bps: Number(tr.dataset.throughputBps ?? 0) }])));

/** One round in a fresh browser context (no cache, no service worker). */
async function round(browser, site) {
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
    await page.waitForSelector('#mirror-table[data-settled="false"]');
    const rerunMs = (await settledAt(page)) - (await page.evaluate(() => window.benchRerunAt));
    return { openMs, rerunMs, opened, rerun: await readRows(page) };
  } finally {
    await context.close();
  }
}

/** Runs `rounds` rounds of one scenario and prints them; returns its worst median error and settle time. */
async function scenario(name, mirrors, references) {
  const site = await startSite({
    overrides: { 'data/catalog.json': JSON.stringify({ checksum_sources: [], mirrors }), 'data/releases.json': RELEASES },
  });
  const browser = await chromium.launch(LAUNCH);
  const results = [];
  try {
    console.log(`\n== ${name}: ${ROUNDS} rounds, Chromium ${browser.version()}`);
    for (const [id, { bps, how }] of Object.entries(references)) console.log(`  reference ${id.padEnd(14)} ${Math.round(bps).toString().padStart(9)} B/s  (${how})`);
    for (let n = 1; n <= ROUNDS; n++) {
      const r = await round(browser, site);
      results.push(r);
      console.log(`  round ${n} (load ${loadavg()[0].toFixed(1)}): settled ${secs(r.openMs)} after opening, ${secs(r.rerunMs)} after #rerun`);
      for (const [id, row] of Object.entries(r.opened)) {
        const ref = references[id]?.bps;
        const again = r.rerun[id];
        const err = (x) => (ref ? pct(x.bps / ref - 1) : '');
        console.log(`    ${id.padEnd(14)} ${`${row.status}${row.reason ? `/${row.reason}` : ''}`.padEnd(20)} ${String(Math.round(row.bps)).padStart(9)} ${err(row).padEnd(9)} | ${`${again.status}${again.reason ? `/${again.reason}` : ''}`.padEnd(20)} ${String(Math.round(again.bps)).padStart(9)} ${err(again)}`);
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  console.log(`  median of ${ROUNDS} rounds (${2 * ROUNDS} figures a mirror: on opening and after #rerun)`);
  console.log('  | mirror | reference B/s | measured B/s | error |');
  console.log('  |---|---:|---:|---:|');
  let worst = 0;
  for (const [id, { bps }] of Object.entries(references)) {
    const figures = results.flatMap((r) => [r.opened[id].bps, r.rerun[id].bps]);
    const error = median(figures.map((x) => x / bps - 1));
    worst = Math.max(worst, Math.abs(error));
    console.log(`  | ${id} | ${Math.round(bps).toLocaleString('en')} | ${Math.round(median(figures)).toLocaleString('en')} | ${pct(error)} |`);
  }
  const settled = Math.max(median(results.map((r) => r.openMs)), median(results.map((r) => r.rerunMs)));
  console.log(`  every row settled: ${secs(median(results.map((r) => r.openMs)))} after opening, ${secs(median(results.map((r) => r.rerunMs)))} after #rerun (medians)`);
  return { name, worst, settled };
}

const stops = [];
const summary = [];
try {
  setupLoopback();
  const files = { [FILE]: BODY };
  const mirror = (id, port, extra = {}) => ({ id, name: id, url: url(port), official: false, region: 'test', ...extra });

  if (ONLY !== 'burst') {
    const nginx = await startNginx([
      { name: 'ceil-14mbit', cors: true, files },
      { name: 'ceil-8mbit', cors: true, files },
      { name: 'ceil-3mbit', cors: true, files },
    ]);
    stops.push(() => nginx.stop());
    const stall = await startBurstThenStall({ bytes: BODY });
    stops.push(() => stall.stop());
    const hanging = await startHangingServer();
    stops.push(() => hanging.stop());
    const ceilings = { 'ceil-14mbit': 14, 'ceil-8mbit': 8, 'ceil-3mbit': 3 };
    shape({ downlinkMbit: 16, mirrors: Object.entries(ceilings).map(([id, ceilMbit]) => ({ port: nginx.ports[id], ceilMbit })) });
    stops.push(() => unshape());
    const references = {};
    for (const id of Object.keys(ceilings)) {
      references[id] = { bps: await referenceRate(`http://127.0.0.1:${nginx.ports[id]}/golang/${FILE}`), how: 'curl alone, median of 3 runs ≥ 4 s' };
    }
    summary.push(await scenario('shaped: a 16 Mbit/s downlink, mirrors capped at 14, 8 and 3 Mbit/s by the kernel', [
      ...Object.keys(ceilings).map((id) => mirror(id, nginx.ports[id])),
      mirror('burst-stall', stall.port),
      mirror('hanging', hanging.port),
    ], references));
    unshape();
  }

  if (ONLY !== 'shaped') {
    const rates = { 'limit-512k': '512k', 'limit-2m': '2m' };
    const nginx = await startNginx([
      ...Object.entries(rates).map(([name, rate]) => ({ name, cors: true, rate, files })),
      { name: 'limit-1m-smooth', cors: true, rate: '1m', sendfile: false, files },
    ]);
    stops.push(() => nginx.stop());
    const bps = (r) => parseInt(r, 10) * (r.endsWith('m') ? 1 << 20 : 1 << 10);
    const references = Object.fromEntries([...Object.entries(rates), ['limit-1m-smooth', '1m']]
      .map(([id, r]) => [id, { bps: bps(r), how: `limit_rate ${r}${id.endsWith('smooth') ? ', sendfile off' : ', sendfile on'}` }]));
    summary.push(await scenario('burst: nginx limit_rate, sendfile on (and one off)', Object.keys(references).map((id) => mirror(id, nginx.ports[id])), references));
  }
} finally {
  for (const stop of stops.reverse()) await Promise.resolve().then(stop).catch(() => {});
}

console.log('\nsummary');
for (const { name, worst, settled } of summary) {
  console.log(`  ${name.split(':')[0]}: worst median error ${(worst * 100).toFixed(1)} % (≤ ${TARGET_ERROR * 100} %: ${verdict(worst <= TARGET_ERROR)}); settled ${secs(settled)} (≤ ${secs(TARGET_SETTLED_MS)}: ${verdict(settled <= TARGET_SETTLED_MS)})`);
}
