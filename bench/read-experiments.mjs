// Experiments: how a worker had best read a File while it hashes it (what src/worker/mod.rs's
// hash_blob does was chosen here). Each variant hashes the same file with hash-wasm in
// bench/read-worker.js, timed inside a fresh worker, and is checked against node's digest;
// rounds alternate the variants (a first round warms up), and the medians print beside `mem`,
// the same hashing over bytes already in memory. Variants: read-slices, read-stream (reading
// alone); mem; ahead1 (a Blob slice one ahead, as hash_blob did), ahead1yield (the same, hashing
// in 512 KiB pieces with a task between them), ahead3 (three slices in flight); stream
// (Blob.stream(), default reader), streamyield (a task after every 4 MiB), byob (a BYOB reader
// into one reused 4 MiB buffer, as hash_blob does now).
//
//   node bench/read-experiments.mjs [--mib 256] [--rounds 3] [--variants a,b,…] [--timeout ms]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import { chromium } from '@playwright/test';
import { startSite } from '../tests/e2e/support/site.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const MIB = Number(arg('mib', 256));
const ROUNDS = Number(arg('rounds', 3));
const VARIANTS = arg('variants', 'read-slices,read-stream,mem,ahead1,ahead1yield,ahead3,stream,streamyield,byob').split(',');
const dir = mkdtempSync(join(tmpdir(), 'gomirror-read-'));
const file = join(dir, 'data.bin');
const data = Buffer.concat(Array.from({ length: MIB }, () => randomBytes(1 << 20)));
writeFileSync(file, data);
const sha256 = createHash('sha256').update(data).digest('hex');
const refs = await startSite({
  root: join(root, 'bench'),
  overrides: { 'hash-wasm/index.esm.js': readFileSync(join(root, 'node_modules/hash-wasm/dist/index.esm.js')) },
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const TIMEOUT_MS = Number(arg('timeout', 600_000));
const times = Object.fromEntries(VARIANTS.map((v) => [v, []]));
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${refs.url}index.html`);
  for (let round = 0; round <= ROUNDS; round++) {
    for (const variant of VARIANTS) {
      await page.evaluate(() => { window.__r = null; });
      await page.evaluate(({ variant }) => {
        document.querySelector('#ref-input').value = ''; // the same file again must fire change
        const worker = new Worker('read-worker.js', { type: 'module' });
        document.querySelector('#ref-input').onchange = (e) => worker.postMessage({ variant, file: e.target.files[0], chunkBytes: 4 << 20 });
        worker.onmessage = ({ data }) => { window.__r = data; worker.terminate(); };
        worker.onerror = (e) => console.log('worker error', e.message);
      }, { variant });
      await page.setInputFiles('#ref-input', file);
      await page.waitForFunction(() => window.__r, null, { timeout: TIMEOUT_MS });
      const r = await page.evaluate(() => window.__r);
      if (r.sha256 !== sha256 && !variant.startsWith('read-')) throw new Error(`${variant} said ${r.sha256}`);
      if (round > 0) times[variant].push(r.ms); // round 0 warms up
      if (round === 1 && r.note) console.log(`${variant}: ${r.note}`);
    }
  }
} finally {
  await browser.close();
  await refs.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mem = times.mem ? median(times.mem) : NaN;
for (const [v, ts] of Object.entries(times)) {
  console.log(`${v.padEnd(14)} median ${median(ts).toFixed(0).padStart(6)} ms  ×mem ${(median(ts) / mem).toFixed(2)}  [${ts.map((t) => t.toFixed(0)).join(' ')}]`);
}
