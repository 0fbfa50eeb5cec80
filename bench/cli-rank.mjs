// The command line's ranking benchmark: how long `gomirror rank` takes on a rig of eleven local
// mirrors, and how close its figures come to each mirror's configured rate. The rig is plain
// nginx as Debian ships it (sendfile on: limit_rate paces by the second) at 512k, 1m, 2m and 4m
// (twice each), a mirror without the file (404), one that gives a web page, and one that never
// answers (its latency probe waits out the request deadline, 5 s).
//
// Reference for the time: the target of 15 s (DESIGN.md: the table settles within 15 s);
// for the figures: nginx's limit_rate (bytes per second: 1m = 1 MiB/s). It prints each
// round's wall time and its ratio to the target, and each mirror's figure, error in % and
// status. A benchmark, not a test: it fails only when it cannot run.
//
//   node bench/cli-rank.mjs [--rounds 3] [--bin target/release/gomirror]
// Needs nginx (scripts/setup.sh --test) and the built binary (cargo build --release --features cli).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHangingServer, startNginx } from '../tests/e2e/support/nginx.mjs';
import { randomBytes, releaseEntry } from '../tests/e2e/support/fixtures.mjs';
import { startHtmlPage } from '../tests/cli/support/faults.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('--rounds', '3'));
const bin = resolve(arg('--bin', process.env.GOMIRROR_BIN ?? join(ROOT, 'target/release/gomirror')));
const TARGET_MS = 15_000;

const VERSION = 'go1.99.1';
const FILE = `${VERSION}.linux-amd64.tar.gz`;
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((24 << 20) - 4, 77)]);
const RATE = { '512k': 512 << 10, '1m': 1 << 20, '2m': 2 << 20, '4m': 4 << 20 };

const honest = [
  ['k512a', '512k'], ['k512b', '512k'], ['m1a', '1m'], ['m1b', '1m'],
  ['m2a', '2m'], ['m2b', '2m'], ['m4a', '4m'], ['m4b', '4m'],
];
const nginx = await startNginx([
  ...honest.map(([name, rate]) => ({ name, rate, files: { [FILE]: BODY } })),
  { name: 'missing', files: {} },
]);
const html = await startHtmlPage();
const hung = await startHangingServer();
const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;
const mirrors = [
  ...honest.map(([name]) => [name, at(nginx.ports[name])]),
  ['missing', at(nginx.ports.missing)],
  ['html', at(html.port)],
  ['hung', at(hung.port)],
];

const dir = mkdtempSync(join(tmpdir(), 'gomirror-bench-'));
writeFileSync(join(dir, 'catalog.json'), JSON.stringify({
  checksum_sources: [],
  mirrors: mirrors.map(([id, url]) => ({ id, name: id, url, official: false, region: 'test' })),
}));
writeFileSync(join(dir, 'list.json'), JSON.stringify([{ version: VERSION, stable: true, files: [releaseEntry(FILE, BODY)] }]));

function run(args) {
  return new Promise((ok) => {
    const started = process.hrtime.bigint();
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.resume();
    child.on('close', (code) => ok({
      code, stdout: Buffer.concat(out).toString('utf8'),
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    }));
  });
}

console.log(`gomirror rank on ${mirrors.length} local mirrors (${mirrors.map(([id]) => id).join(', ')}); ${rounds} rounds; load ${loadavg()[0].toFixed(2)}`);
const walls = [];
try {
  for (let round = 1; round <= rounds; round++) {
    const r = await run(['rank', VERSION, '--os', 'linux', '--arch', 'amd64', '--json',
      '--catalog', join(dir, 'catalog.json'), '--list', join(dir, 'list.json')]);
    if (r.code !== 0) throw new Error(`rank exited ${r.code}`);
    const report = JSON.parse(r.stdout);
    walls.push(r.ms);
    console.log(`round ${round}: ${(r.ms / 1000).toFixed(2)} s, ${(r.ms / TARGET_MS).toFixed(2)} of the 15 s target; recommended ${report.recommendation.mirror_id}`);
    for (const m of report.mirrors) {
      const rate = honest.find(([name]) => name === m.id)?.[1];
      const reference = RATE[rate];
      const error = reference && m.throughput_bps ? `${(((m.throughput_bps - reference) / reference) * 100).toFixed(1)} %` : '';
      console.log(`  ${m.id.padEnd(8)} ${m.status.padEnd(8)} ${String(m.reason ?? '').padEnd(13)} ${String(m.latency_ms ?? '-').padStart(6)} ms ${String(m.throughput_bps ?? '-').padStart(9)} B/s ${reference ? `limit_rate ${rate} ${error}` : ''}`);
    }
  }
  walls.sort((a, b) => a - b);
  const median = walls[Math.floor(walls.length / 2)];
  console.log(`median wall time ${(median / 1000).toFixed(2)} s: ${(median / TARGET_MS).toFixed(2)} of the 15 s target`);
} finally {
  await nginx.stop();
  await html.stop();
  await hung.stop();
  rmSync(dir, { recursive: true, force: true });
}
