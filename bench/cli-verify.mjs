// How fast `gomirror verify` hashes a large file, against the two tools people check Go
// downloads with: `sha256sum` (GNU coreutils) and `openssl dgst -sha256`, on the same file,
// interleaved round by round (so a busy moment of the machine hits all three alike), after one
// untimed read that puts the file in the page cache for every tool. Each run's checksum is
// checked, so a fast wrong answer cannot win. Prints best and median seconds, MB/s, and the
// ratios gomirror/sha256sum and gomirror/openssl (below 1.0 means gomirror is faster).
//
//   node bench/cli-verify.mjs [--mib 1024] [--rounds 3] [--bin target/release/gomirror]
// Needs the release build: cargo build --release --features cli.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLargeFile } from '../tests/e2e/support/fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const MIB = Number(arg('mib', 1024));
const ROUNDS = Number(arg('rounds', 3));
const BIN = resolve(arg('bin', join(root, 'target/release/gomirror')));

if (!existsSync(BIN)) {
  console.error(`${BIN} is missing: cargo build --release --features cli`);
  process.exit(1);
}

/** Runs a command to its end; returns its time in seconds and its stdout. */
function timed(command, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.error) throw new Error(`${command}: ${r.error.message}`);
  return { seconds, code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const dir = mkdtempSync(join(tmpdir(), 'gomirror-bench-'));
try {
  const path = join(dir, 'big.bin');
  process.stderr.write(`writing ${MIB} MiB to ${path}…\n`);
  const file = await writeLargeFile(path, MIB, 4242);
  // One untimed read: every tool then reads from the page cache.
  await new Promise((ok, no) => createReadStream(path, { highWaterMark: 4 << 20 }).on('data', () => {}).on('end', ok).on('error', no));

  const tools = [
    {
      name: 'gomirror verify',
      run: () => timed(BIN, ['verify', '--quiet', '--sha256', file.sha256, path]),
      // `match  FILE`, exit 0: the checksum it computed is the expected one.
      ok: (r) => r.code === 0 && r.stdout === `match  ${path}\n`,
    },
    {
      name: 'sha256sum',
      run: () => timed('sha256sum', [path]),
      ok: (r) => r.code === 0 && r.stdout.startsWith(`${file.sha256} `),
    },
    {
      name: 'openssl dgst -sha256',
      run: () => timed('openssl', ['dgst', '-sha256', path]),
      ok: (r) => r.code === 0 && r.stdout.trim().endsWith(`= ${file.sha256}`),
    },
  ];
  const times = tools.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, tool] of tools.entries()) {
      const r = tool.run();
      if (!tool.ok(r)) throw new Error(`${tool.name} gave a wrong answer: exit ${r.code}, ${r.stdout}${r.stderr}`);
      times[i].push(r.seconds);
      process.stderr.write(`round ${round}: ${tool.name} ${r.seconds.toFixed(3)} s\n`);
    }
  }

  const mb = file.size / 1e6;
  const rows = tools.map((tool, i) => {
    const best = Math.min(...times[i]);
    const med = median(times[i]);
    return { tool: tool.name, best, median: med, bestMBps: mb / best, medianMBps: mb / med };
  });
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  console.log(`SHA-256 of a ${MIB} MiB file (page cache), ${ROUNDS} rounds interleaved`);
  console.log(`${pad('tool', 22)}${lpad('best s', 9)}${lpad('median s', 10)}${lpad('best MB/s', 11)}${lpad('median MB/s', 13)}`);
  for (const r of rows) {
    console.log(`${pad(r.tool, 22)}${lpad(r.best.toFixed(3), 9)}${lpad(r.median.toFixed(3), 10)}${lpad(r.bestMBps.toFixed(0), 11)}${lpad(r.medianMBps.toFixed(0), 13)}`);
  }
  const [ours, sum, ssl] = rows;
  const ratio = (a, b) => `best ${(a.best / b.best).toFixed(2)}, median ${(a.median / b.median).toFixed(2)}`;
  console.log(`gomirror / sha256sum: ${ratio(ours, sum)}   (target: at most 0.50)`);
  console.log(`gomirror / openssl:   ${ratio(ours, ssl)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
