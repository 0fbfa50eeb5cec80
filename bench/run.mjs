// The page's benchmark, in one headless-Chromium run: the time from choosing a 256 MiB file to
// its verdict on the real page, against the page's own worker module hashing the same bytes
// already in memory (what the page would take if reading cost nothing; bench/mem-worker.js),
// hash-wasm (streaming, in a worker, same 4 MiB slices) and crypto.subtle.digest (whole buffer)
// over the same file; how fast the page opens (first contentful paint, interactive, official
// list shown; cold cache); and the page's weight. Prints MB/s and ratios (ours / reference;
// below 1.0 means the page is faster).
//
//   node bench/run.mjs [--mib 256] [--rounds 3]
//   node bench/run.mjs --memory [--mib 2048]   only: how much the browser's processes grow
//                                              while the page hashes a 2 GiB file (in /dev/shm)
// Needs the built page (scripts/build.sh) and the npm packages (npm ci).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startSite } from '../tests/e2e/support/site.mjs';
import { TARGET_BYTES, pageWeight } from './weight.mjs';
import { firstVisit } from './first-visit.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MEMORY = process.argv.includes('--memory');
const MIB = arg('mib', MEMORY ? 2048 : 256);
const ROUNDS = arg('rounds', 3);
const CHUNK = 4 << 20;
const NAME = 'go1.99.0.linux-amd64.tar.gz';

async function makeFile(path, bytes) {
  // Random 1 MiB blocks, each changed a little, so no chunk repeats.
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (Math.random() * 256) | 0;
  const out = createWriteStream(path);
  for (let i = 0; i < bytes / 2 ** 20; i++) {
    block.writeUInt32LE(i, 0);
    if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The 2 GiB file in memory (/dev/shm) where there is one: the page cache of a disk would hold it
// anyway, and the disk may not have the room.
const dir = mkdtempSync(join(MEMORY && existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'gomirror-bench-'));
const file = join(dir, NAME);
const bytes = MIB * 2 ** 20; // not `<< 20`: 2 GiB would overflow 32 bits
console.log(`bench: writing a ${MIB} MiB file…`);
const sha256 = await makeFile(file, bytes);
const releases = JSON.stringify([{ version: 'go1.99.0', stable: true, files: [
  { filename: NAME, os: 'linux', arch: 'amd64', version: 'go1.99.0', sha256, size: bytes, kind: 'archive' }] }]);
const server = await startSite({
  overrides: {
    'data/catalog.json': JSON.stringify({ checksum_sources: [], mirrors: [] }),
    'data/releases.json': releases,
    'bench-mem.html': '<!doctype html><meta charset="utf-8"><title>in memory</title><input id="ref-input" type="file">',
    'bench-mem-worker.js': readFileSync(join(root, 'bench/mem-worker.js')),
  },
});
// The reference hashers on a second origin of their own, hash-wasm served beside them.
const refs = await startSite({
  root: join(root, 'bench'),
  overrides: { 'hash-wasm/index.esm.js': readFileSync(join(root, 'node_modules/hash-wasm/dist/index.esm.js')) },
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  // The marker finds this browser's processes in /proc (--memory); Chromium ignores it.
  args: ['--gomirror-bench', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});

/** Time from the input's change event to the verdict on the page. */
async function ours(page, { navigate = true } = {}) {
  if (navigate) {
    await page.goto(server.url);
    await page.waitForSelector('#checksum-source[data-source]');
  }
  await page.evaluate(() => {
    window.__bench = {};
    document.querySelector('#file-input').addEventListener('change', () => { window.__bench.start = performance.now(); }, { capture: true });
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid=verdict]');
      if (el && el.dataset.verdict !== 'pending' && !window.__bench.end) {
        window.__bench.end = performance.now();
        window.__bench.verdict = el.dataset.verdict;
        window.__bench.sha256 = el.dataset.sha256;
      }
    }).observe(document.getElementById('verdicts'), { subtree: true, childList: true, attributes: true });
  });
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000 });
  const r = await page.evaluate(() => window.__bench);
  if (r.verdict !== 'match' || r.sha256 !== sha256) throw new Error(`page said ${r.verdict} ${r.sha256}`);
  return r.end - r.start;
}

/** Time from the change event to the reference worker's digest. */
async function reference(page, engine) {
  await page.goto(`${refs.url}index.html`);
  await page.evaluate(({ engine, chunk }) => {
    window.__bench = {};
    const worker = new Worker('ref-worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => { window.__bench.end = performance.now(); window.__bench.sha256 = data.sha256; };
    document.querySelector('#ref-input').addEventListener('change', (e) => {
      window.__bench.start = performance.now();
      worker.postMessage({ engine, file: e.target.files[0], chunkBytes: chunk });
    });
  }, { engine, chunk: CHUNK });
  await page.setInputFiles('#ref-input', file);
  await page.waitForFunction(() => window.__bench.end, null, { timeout: 600_000 });
  const r = await page.evaluate(() => window.__bench);
  if (r.sha256 !== sha256) throw new Error(`${engine} said ${r.sha256}`);
  return r.end - r.start;
}

/** The page's worker module hashing the bytes already in its worker: the time of the hashing
 * alone, measured in the worker. */
async function inMemory(page) {
  await page.goto(`${server.url}bench-mem.html`);
  await page.evaluate(({ chunk }) => {
    window.__bench = {};
    const worker = new Worker('bench-mem-worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => { window.__bench.ms = data.ms; window.__bench.sha256 = data.sha256; worker.terminate(); };
    document.querySelector('#ref-input').addEventListener('change', (e) => {
      worker.postMessage({ file: e.target.files[0], chunkBytes: chunk });
    });
  }, { chunk: CHUNK });
  await page.setInputFiles('#ref-input', file);
  await page.waitForFunction(() => window.__bench.ms, null, { timeout: 600_000 });
  const r = await page.evaluate(() => window.__bench);
  if (r.sha256 !== sha256) throw new Error(`in memory said ${r.sha256}`);
  return r.ms;
}

/** The resident memory of this run's browser, in bytes: the sum of VmRSS over the process
 * started with our marker and all its descendants (/proc; Linux only). */
function browserRssBytes() {
  const procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      return { pid, ppid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') };
    } catch {
      return null; // gone meanwhile
    }
  }).filter(Boolean);
  const ours = new Set(procs.filter((p) => p.cmd.includes('--gomirror-bench')).map((p) => p.pid));
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!ours.has(p.pid) && ours.has(p.ppid)) { ours.add(p.pid); grew = true; }
  }
  let total = 0;
  for (const pid of ours) {
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      total += kb ? Number(kb[1]) * 1024 : 0;
    } catch { /* gone meanwhile */ }
  }
  return total;
}

/** --memory: the page hashes the file while the browser's memory is sampled every 100 ms;
 * growth is the highest sum over the one just before the file is chosen (page open, its
 * workers started). */
async function memory() {
  const LIMIT_MIB = 512;
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('#checksum-source[data-source]');
  await new Promise((r) => { setTimeout(r, 2000); }); // the workers load their module
  const before = browserRssBytes();
  let peak = before;
  const sampler = setInterval(() => { peak = Math.max(peak, browserRssBytes()); }, 100);
  let ms;
  try {
    ms = await ours(page, { navigate: false });
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, browserRssBytes());
  const grew = (peak - before) / 2 ** 20;
  console.log(`\nmemory while the page hashes a ${MIB} MiB file (Chromium ${browser.version()}; sum of VmRSS of the browser's processes, sampled every 100 ms):`);
  console.log(`  before ${(before / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB: grew ${grew.toFixed(0)} MiB (limit ${LIMIT_MIB} MiB: ${grew <= LIMIT_MIB ? 'met' : 'missed'}); file → verdict ${ms.toFixed(0)} ms, ${(MIB * 2 ** 20 / 1e6 / (ms / 1000)).toFixed(0)} MB/s`);
}

if (MEMORY) {
  try {
    await memory();
  } finally {
    await browser.close();
    await server.close();
    await refs.close();
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

const engines = {
  'gomirror page (sha2 wasm)': ours,
  'same module, bytes in memory': inMemory,
  'hash-wasm 4.13': (p) => reference(p, 'hash-wasm'),
  'crypto.subtle.digest': (p) => reference(p, 'subtle'),
};
/** Opening the page in a fresh context (no cache, no service worker): milliseconds from
 * navigation start to first contentful paint, to the handlers being wired (wasm compiled and
 * started), and to the official list shown. */
async function opening() {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => performance.getEntriesByName('gomirror-list').length > 0);
  const r = await page.evaluate(() => ({
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    interactive: performance.getEntriesByName('gomirror-interactive')[0]?.startTime,
    list: performance.getEntriesByName('gomirror-list')[0]?.startTime,
  }));
  await context.close();
  return r;
}

const times = Object.fromEntries(Object.keys(engines).map((k) => [k, []]));
const opens = [];
try {
  const page = await browser.newPage();
  for (const run of Object.values(engines)) await run(page); // warm-up: page cache, wasm compile
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(engines)) times[name].push(await run(page));
    opens.push(await opening());
  }
  await firstVisit(browser, root); // prints its own table: bytes before the first answer
} finally {
  await browser.close();
  await server.close();
  await refs.close();
  rmSync(dir, { recursive: true, force: true });
}

const mb = bytes / 1e6;
const base = median(times['hash-wasm 4.13']);
console.log(`\nSHA-256 of a ${MIB} MiB file, choosing the file → result, median of ${ROUNDS} (Chromium ${browser.version()})`);
console.log('engine                        median ms   MB/s   time ratio vs hash-wasm');
for (const [name, ts] of Object.entries(times)) {
  const m = median(ts);
  console.log(`${name.padEnd(30)}${m.toFixed(0).padStart(9)}${(mb / (m / 1000)).toFixed(0).padStart(7)}${(m / base).toFixed(2).padStart(10)}`);
}
// Ratios within each round, then their median: the rounds share the machine's load.
const pageTimes = times['gomirror page (sha2 wasm)'];
const ratio = (other) => median(pageTimes.map((t, i) => t / other[i]));
const vsMemory = ratio(times['same module, bytes in memory']);
const vsHashWasm = ratio(times['hash-wasm 4.13']);
console.log(`page / same module in memory: ${vsMemory.toFixed(2)} (target ≤ 1.15: ${vsMemory <= 1.15 ? 'met' : 'missed'}); rounds ${pageTimes.map((t, i) => (t / times['same module, bytes in memory'][i]).toFixed(2)).join(' ')}`);
console.log(`page / hash-wasm:             ${vsHashWasm.toFixed(2)} (target ≤ 0.80: ${vsHashWasm <= 0.8 ? 'met' : 'missed'}); rounds ${pageTimes.map((t, i) => (t / times['hash-wasm 4.13'][i]).toFixed(2)).join(' ')}`);

console.log(`\nopening the page on 127.0.0.1 (cold cache), median of ${ROUNDS}, ms after navigation start:`);
for (const key of ['paint', 'interactive', 'list']) {
  const label = { paint: 'first contentful paint', interactive: 'interactive (wasm started)', list: 'official list shown' }[key];
  console.log(`  ${label.padEnd(30)}${median(opens.map((o) => o[key])).toFixed(0).padStart(6)}`);
}

console.log('\npage weight (what a visitor downloads before the snapshot; one language\'s strings), bytes:');
const weight = pageWeight(join(root, 'dist'));
for (const f of weight.files) {
  console.log(`  ${f.file.padEnd(24)}${String(f.raw).padStart(9)}  gzip ${String(f.gzip).padStart(8)}`);
}
const gz = weight.total.gzip;
console.log(`  ${'total'.padEnd(24)}${String(weight.total.raw).padStart(9)}  gzip ${String(gz).padStart(8)}`);
console.log(`  target: under ${TARGET_BYTES} bytes gzip: ${gz < TARGET_BYTES ? 'met' : 'missed'} (${(gz / 1000).toFixed(1)} kB)`);
const snap = readFileSync(join(root, 'dist/data/releases.json'));
console.log(`  ${'data/releases.json'.padEnd(24)}${String(snap.length).padStart(9)}  gzip ${String(gzipSync(snap, { level: 9 }).length).padStart(8)}  (loaded only when no live list answers and a file or older version needs it)`);

