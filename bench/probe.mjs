// The probe's benchmark (issue 3), in one headless-Chromium run against mirrors on loopback:
// nginx with CORS at three `limit_rate`s, nginx without CORS, a server that accepts and never
// answers, and a refused port. For each round it prints the throughput the page measured for
// each CORS mirror against nginx's configured rate (error in %), and the time from opening the
// page (and from pressing #rerun) until every row of #mirror-table has settled.
// Targets: error ≤ 10 %; every row settled ≤ 10 s with one mirror hanging.
//
//   node bench/probe.mjs [--rounds 3]
// Needs the built page (scripts/build.sh), the npm packages (npm ci) and nginx.
import { chromium } from '@playwright/test';
import { startSite } from '../tests/e2e/support/site.mjs';
import { freePort, startHangingServer, startNginx } from '../tests/e2e/support/nginx.mjs';
import { randomBytes, releaseEntry } from '../tests/e2e/support/fixtures.mjs';

const i = process.argv.indexOf('--rounds');
const ROUNDS = i > 0 ? Number(process.argv[i + 1]) : 3;
const FILE = 'go1.99.1.linux-amd64.tar.gz';
// Large enough that the growing ranges (at most 16 MiB a mirror) never run out.
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((24 << 20) - 4, 91)]);
/** nginx counts bytes: 1m is 1 MiB/s. */
const RATES = { 'cors-512k': 512 << 10, 'cors-1m': 1 << 20, 'cors-2m': 2 << 20 };
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;

const files = { [FILE]: BODY };
const nginx = await startNginx([
  ...Object.keys(RATES).map((name) => ({ name, cors: true, rate: name.slice(5), files })),
  { name: 'nocors', cors: false, files },
]);
const hanging = await startHangingServer();
const refused = await freePort();
const url = (port) => `http://127.0.0.1:${port}/golang/{file}`;
const mirrors = [
  ...Object.keys(nginx.ports).map((id) => ({ id, name: id, url: url(nginx.ports[id]), official: false, region: 'test' })),
  { id: 'hanging', name: 'hanging', url: url(hanging.port), official: false, region: 'test' },
  { id: 'refused', name: 'refused', url: url(refused), official: false, region: 'test' },
];
const site = await startSite({
  overrides: {
    'data/catalog.json': JSON.stringify({ checksum_sources: [], mirrors }),
    'data/releases.json': JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]),
  },
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-quic', '--no-first-run'] });

/** Resolves with performance.now() in the page when no row is pending any more. */
const settledAt = (page) => page.waitForFunction(() => {
  const rows = document.querySelectorAll('#mirror-table tr[data-mirror-id]');
  return rows.length > 0 && !document.querySelector('#mirror-table tr[data-status="pending"]') && performance.now();
}, null, { timeout: 60_000, polling: 20 }).then((h) => h.jsonValue());

const readRows = (page) => page.locator('#mirror-table tr[data-mirror-id]').evaluateAll((trs) => Object.fromEntries(
  trs.map((tr) => [tr.dataset.mirrorId, { status: tr.dataset.status, bps: Number(tr.dataset.throughputBps) || null }])));

const results = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const context = await browser.newContext({ userAgent: UA, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(site.url);
    const openMs = await settledAt(page);
    const opened = await readRows(page);
    const clicked = await page.evaluate(() => performance.now());
    await page.click('#rerun');
    await page.waitForSelector('#mirror-table tr[data-status="pending"]');
    const rerunMs = (await settledAt(page)) - clicked;
    await context.close();
    const errors = Object.fromEntries(Object.entries(RATES).map(([id, rate]) => [id, opened[id].bps / rate - 1]));
    results.push({ openMs, rerunMs, errors, rows: opened });
    console.log(`\nround ${round}: every row settled ${(openMs / 1000).toFixed(2)} s after navigation, ${(rerunMs / 1000).toFixed(2)} s after #rerun`);
    console.log('  mirror       status   configured B/s   measured B/s   error');
    for (const [id, row] of Object.entries(opened)) {
      const rate = RATES[id];
      console.log(`  ${id.padEnd(12)} ${row.status.padEnd(8)} ${String(rate ?? '').padStart(14)} ${String(row.bps ?? '').padStart(14)}   ${rate ? pct(errors[id]) : ''}`);
    }
  }
} finally {
  await browser.close();
  await site.close();
  await nginx.stop();
  await hanging.stop();
}

const worst = Math.max(...results.flatMap((r) => Object.values(r.errors).map(Math.abs)));
const settle = median(results.map((r) => Math.max(r.openMs, r.rerunMs)));
console.log(`\nmedian of ${ROUNDS} rounds (Chromium ${browser.version()}):`);
for (const id of Object.keys(RATES)) {
  console.log(`  ${id.padEnd(12)} throughput error ${pct(median(results.map((r) => r.errors[id])))}`);
}
console.log(`  every row settled: ${(median(results.map((r) => r.openMs)) / 1000).toFixed(2)} s after opening, ${(median(results.map((r) => r.rerunMs)) / 1000).toFixed(2)} s after #rerun`);
console.log(`targets: throughput error ≤ 10 % (worst ${(worst * 100).toFixed(1)} %): ${worst <= 0.1 ? 'met' : 'missed'}; ` +
  `settled ≤ 10 s (median ${(settle / 1000).toFixed(2)} s): ${settle <= 10_000 ? 'met' : 'missed'}`);
