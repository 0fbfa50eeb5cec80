// The command line's download benchmark: `gomirror get` (its ranking included) from several
// mirrors against curl of the same file from the fastest mirror alone, on a kernel-shaped
// link (lo shaped with htb in a private network namespace; tests/e2e/support/shaped.mjs).
//
//   1. a 40 Mbit/s downlink, mirrors capped at 14, 8 and 3 Mbit/s: fetching from all three
//      at once can be at most 25/14 = 1.79× sooner; the target is ≥ 1.4× sooner.
//   2. a 10 Mbit/s downlink in front of mirrors at 14 and 8 Mbit/s: the link is the
//      bottleneck, several sources cannot help; the target is ≤ 1.05× curl's time.
//
// The reference is measured in the same run, before each `get`: curl of the whole ~65 MB file.
// It prints each round's times and ratio, then the median ratio beside its target. A benchmark,
// not a test: it fails only when it cannot run.
//
//   unshare -n node bench/cli-get.mjs [--rounds 3] [--bin target/release/gomirror]
// Needs root (for unshare -n), nginx (scripts/setup.sh --test), tc, curl, and the built binary
// (cargo build --release --features cli).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shapedRig } from '../tests/cli/support/get-servers.mjs';
import { randomBytes, sha256 } from '../tests/e2e/support/fixtures.mjs';
import { inNamespace, NOT_IN_NAMESPACE } from '../tests/e2e/support/shaped.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rounds = Number(arg('--rounds', '3'));
const bin = resolve(arg('--bin', process.env.GOMIRROR_BIN ?? join(ROOT, 'target/release/gomirror')));

if (!inNamespace()) {
  console.error(`bench/cli-get.mjs: ${NOT_IN_NAMESPACE.replace('the shaped suite', 'this benchmark')}; run: unshare -n node bench/cli-get.mjs`);
  process.exit(2);
}

const BYTES = randomBytes(65_000_000, 4242);
const CASES = [
  {
    name: '40 Mbit/s link, mirrors 14/8/3 Mbit/s', downlinkMbit: 40, mirrorsMbit: { fast: 14, mid: 8, slow: 3 },
    // curl's time / get's time: how many times sooner.
    ratio: (get, curl) => curl / get, unit: '× sooner', target: (r) => r >= 1.4, targetText: '≥ 1.4× (ceiling 1.79×)',
  },
  {
    name: '10 Mbit/s link, mirrors 14/8 Mbit/s', downlinkMbit: 10, mirrorsMbit: { fast: 14, mid: 8 },
    ratio: (get, curl) => get / curl, unit: "× curl's time", target: (r) => r <= 1.05, targetText: '≤ 1.05×',
  },
];

console.log(`gomirror get vs curl from the fastest mirror alone, ${(BYTES.length / 1e6).toFixed(0)} MB, ${rounds} rounds; ${bin}; load ${loadavg()[0].toFixed(2)}`);
for (const c of CASES) {
  const rig = await shapedRig({ downlinkMbit: c.downlinkMbit, mirrorsMbit: c.mirrorsMbit, bytes: BYTES });
  const ratios = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      const curl = await rig.curl('fast');
      const got = await rig.get(bin);
      if (got.code !== 0) throw new Error(`get exited ${got.code}: ${got.stderr}`);
      if (sha256(readFileSync(got.out)) !== sha256(BYTES)) throw new Error('get wrote the wrong bytes');
      const ratio = c.ratio(got.seconds, curl.seconds);
      ratios.push(ratio);
      const served = Object.entries(got.served).map(([id, n]) => `${id} ${(n / 1e6).toFixed(1)} MB`).join(', ');
      console.log(`${c.name}, round ${round}: get ${got.seconds.toFixed(1)} s, curl ${curl.seconds.toFixed(1)} s: ${ratio.toFixed(2)}${c.unit} (pieces: ${served})`);
    }
  } finally {
    await rig.stop();
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)];
  console.log(`${c.name}: median ${median.toFixed(2)}${c.unit}; target ${c.targetText}: ${c.target(median) ? 'met' : 'NOT met'}`);
}
