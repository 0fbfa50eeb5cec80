// The page's benchmark, in one headless-Chromium run: the time from choosing a 256 MiB file to
// its verdict on the real page, against hash-wasm (streaming, in a worker, same 4 MiB slices)
// and crypto.subtle.digest (whole buffer) over the same file; how fast the page opens (first
// contentful paint, interactive, official list shown; cold cache); and the page's weight.
// Prints MB/s and ratios (ours / reference; below 1.0 means the page is faster).
//
//   node bench/run.mjs [--mib 256] [--rounds 3]
// Needs the built page (scripts/build.sh) and the npm packages (npm ci).
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
const MIB = arg('mib', 256);
const ROUNDS = arg('rounds', 3);
const CHUNK = 4 << 20;
const NAME = 'go1.99.0.linux-amd64.tar.gz';

async function makeFile(path, bytes) {
  // Random 1 MiB blocks, each changed a little, so no chunk repeats.
  const block = Buffer.alloc(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = (Math.random() * 256) | 0;
  const out = createWriteStream(path);
  for (let i = 0; i < bytes >> 20; i++) {
    block.writeUInt32LE(i, 0);
    if (!out.write(block)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'gomirror-bench-'));
const file = join(dir, NAME);
const bytes = MIB << 20;
console.log(`bench: writing a ${MIB} MiB file…`);
const sha256 = await makeFile(file, bytes);
const releases = JSON.stringify([{ version: 'go1.99.0', stable: true, files: [
  { filename: NAME, os: 'linux', arch: 'amd64', version: 'go1.99.0', sha256, size: bytes, kind: 'archive' }] }]);
const server = await startSite({
  overrides: {
    'data/catalog.json': JSON.stringify({ checksum_sources: [], mirrors: [] }),
    'data/releases.json': releases,
  },
});
// The reference hashers on a second origin of their own, hash-wasm served beside them.
const refs = await startSite({
  root: join(root, 'bench'),
  overrides: { 'hash-wasm/index.esm.js': readFileSync(join(root, 'node_modules/hash-wasm/dist/index.esm.js')) },
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
});

/** Time from the input's change event to the verdict on the page. */
async function ours(page) {
  await page.goto(server.url);
  await page.waitForSelector('#checksum-source[data-source]');
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

const engines = {
  'gomirror page (sha2 wasm)': ours,
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
console.log(`  ${'data/releases.json'.padEnd(24)}${String(snap.length).padStart(9)}  gzip ${String(gzipSync(snap, { level: 9 }).length).padStart(8)}  (loaded only when no live list answers)`);

