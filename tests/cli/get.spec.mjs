// `gomirror get` against real mirrors on 127.0.0.1: nginx as Debian ships it (limit_rate,
// access log) for honest mirrors, and node:http servers of tests/cli/support/get-servers.mjs
// for mirrors that go wrong, from the first byte or only past the bytes the measurement reads.
//
//   npx playwright test -c tests/cli/cli.config.mjs get.spec
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, gomirror, spawnGomirror, tempDir } from './support/bin.mjs';
import { startFaultMirror } from './support/get-servers.mjs';
import { freePort, startNginx, startHangingServer } from '../e2e/support/nginx.mjs';
import { randomBytes, releaseEntry, sha256 } from '../e2e/support/fixtures.mjs';

const NAME = 'go1.99.1.linux-amd64.tar.gz';
const MIB = 1 << 20;
// Larger than the 16 MiB a throughput test reads at most, so that `get` has pieces to fetch.
const BYTES = randomBytes(24 * MIB, 2024);
// Past the measurement's bytes: a fault there is met by `get`'s pieces alone.
const LATE = 20 * MIB;

/** Writes a catalog of `mirrors` ({id, url, official}) and the list naming `bytes` (of `size`). */
function inputs(dir, mirrors, bytes = BYTES, { size = bytes.length } = {}) {
  const catalog = join(dir, 'catalog.json');
  const list = join(dir, 'list.json');
  writeFileSync(catalog, JSON.stringify({
    checksum_sources: [],
    mirrors: mirrors.map(({ id, url, official = false }) => ({ id, name: id, url, official, region: 'global' })),
  }));
  writeFileSync(list, JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(NAME, bytes, { size })] }]));
  return { catalog, list };
}

/** `gomirror get` of the test's file from `ids`, into `out`. */
function getArgs(files, ids, out, extra = []) {
  return ['get', '1.99.1', '--os', 'linux', '--arch', 'amd64', '--catalog', files.catalog,
    '--list', files.list, '--from', ids.join(','), '-o', out, ...extra];
}

const nginxUrl = (ng, name) => `http://127.0.0.1:${ng.ports[name]}/golang/{file}`;

/** `bytes=a-b` → [a, b+1). */
function span(range) {
  const m = /^bytes=(\d+)-(\d+)$/.exec(range);
  return m ? [Number(m[1]), Number(m[2]) + 1] : null;
}

/** The done ranges of a map: [[start, end, source]]. */
function mapRanges(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.startsWith('done '))
    .map((l) => { const [, a, b, s] = l.split(' '); return [Number(a), Number(b), s]; });
}

test('get from several mirrors gives the right file with bytes from each of them', async () => {
  const ng = await startNginx(['a', 'b', 'c'].map((name, i) => ({
    name, rate: ['4m', '2m', '1m'][i], sendfile: false, log: true, files: { [NAME]: BYTES },
  })));
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, ['a', 'b', 'c'].map((id) => ({ id, url: nginxUrl(ng, id) })));
    const out = join(dir, 'out');
    const r = await gomirror(getArgs(files, ['a', 'b', 'c'], out));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, NAME));
    expect(sha256(readFileSync(join(out, NAME)))).toBe(sha256(BYTES));
    expect(readdirSync(out)).toEqual([NAME]);
    // Past the throughput tests (which all read from offset 0), each mirror served pieces.
    const pieces = ng.requests().filter((q) => q.status === 206 && span(q.range)?.[0] > 0);
    for (const name of ['a', 'b', 'c']) {
      expect(pieces.filter((q) => q.mirror === name).length, `${name}: ${JSON.stringify(ng.requests())}`).toBeGreaterThan(0);
    }
    // The faster a mirror, the more of the pieces it served.
    const served = (name) => pieces.filter((q) => q.mirror === name)
      .reduce((n, q) => n + span(q.range)[1] - span(q.range)[0], 0);
    expect(served('a')).toBeGreaterThan(served('c'));
  } finally {
    remove();
    await ng.stop();
  }
});

test('a second get of a file already there asks no mirror for a byte', async () => {
  const ng = await startNginx([{ name: 'a', log: true, files: { [NAME]: BYTES } }]);
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'a', url: nginxUrl(ng, 'a') }]);
    const out = join(dir, 'out');
    const first = await gomirror(getArgs(files, ['a'], out));
    expect(first.code, first.stderr).toBe(0);
    const asked = ng.requests().length;
    expect(asked).toBeGreaterThan(0);
    const again = await gomirror(getArgs(files, ['a'], out));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(join(out, NAME));
    expect(again.stderr).toContain('already here and matches the official SHA-256');
    expect(again.stderr).not.toContain('measuring');
    expect(ng.requests().length, JSON.stringify(ng.requests().slice(asked))).toBe(asked);
    expect(readdirSync(out)).toEqual([NAME]);
  } finally {
    remove();
    await ng.stop();
  }
});

// A file under the final name that is not the official one: the verdict in words, then the
// file is fetched again and replaces it once it verifies.
const CHANGED = Buffer.from(BYTES);
CHANGED[5 * MIB] ^= 0xff;
const PRESENT = [
  { what: 'a cut copy', bytes: BYTES.subarray(0, 3 * MIB), says: 'Incomplete download' },
  { what: 'a copy with one byte changed', bytes: CHANGED, says: 'Checksum does not match' },
];

for (const { what, bytes, says } of PRESENT) {
  test(`${what} under the final name is said and replaced by the right file`, async () => {
    const ng = await startNginx([{ name: 'a', log: true, files: { [NAME]: BYTES } }]);
    const { dir, remove } = tempDir();
    try {
      const files = inputs(dir, [{ id: 'a', url: nginxUrl(ng, 'a') }]);
      const out = join(dir, 'out');
      mkdirSync(out);
      writeFileSync(join(out, NAME), bytes);
      const r = await gomirror(getArgs(files, ['a'], out));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain(`${join(out, NAME)}: ${says}`);
      expect(r.stderr).toContain('downloaded again');
      expect(r.stdout.trim()).toBe(join(out, NAME));
      expect(sha256(readFileSync(join(out, NAME)))).toBe(sha256(BYTES));
      expect(readdirSync(out)).toEqual([NAME]);
      expect(ng.requests().filter((q) => q.status === 206).length).toBeGreaterThan(0);
    } finally {
      remove();
      await ng.stop();
    }
  });
}

test('--json prints the report with the verdicts entry', async () => {
  const good = await startFaultMirror({ bytes: BYTES });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'good', url: good.url }]);
    const r = await gomirror(getArgs(files, ['good'], dir, ['--json']));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.verdicts).toEqual([expect.objectContaining({
      file: NAME, verdict: 'match', sha256: sha256(BYTES), expected_sha256: sha256(BYTES), source: 'official',
    })]);
    expect(report.mirrors.map((m) => [m.id, m.status])).toEqual([['good', 'ok']]);
    expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(BYTES));
  } finally {
    remove();
    await good.stop();
  }
});

// Each fault alone: the exit code DESIGN gives, and nothing under the final name.
const ALONE = [
  { fault: 'html', code: 4 },
  { fault: 'cut', code: 4 },
  { fault: 'reset', code: 4 },
  { fault: 'wrong-size', code: 4 },
  { fault: 'gzip', code: 4 },
  { fault: '404', code: 4 },
  { fault: 'different', code: 4 },
  { fault: 'hang', code: 3 },
  { fault: 'refused', code: 3 },
  { fault: 'cut', from: LATE, code: 4 },
  { fault: 'reset', from: LATE, code: 4 },
  { fault: 'gzip', from: LATE, code: 4 },
  { fault: 'html', from: LATE, code: 4 },
];

for (const { fault, from = 0, code } of ALONE) {
  test(`a mirror alone that gives ${fault}${from ? ' past the measured bytes' : ''}: exit ${code}, no file`, async () => {
    const server = fault === 'refused' ? null : fault === 'hang' && !from
      ? await startHangingServer() : await startFaultMirror({ bytes: BYTES, fault, from });
    const url = server?.url ?? `http://127.0.0.1:${server?.port ?? await freePort()}/golang/{file}`;
    const { dir, remove } = tempDir();
    try {
      const files = inputs(dir, [{ id: 'bad', url }]);
      const out = join(dir, 'out');
      const r = await gomirror(getArgs(files, ['bad'], out, ['--budget', '8']));
      expect(r.code, r.stderr).toBe(code);
      expect(existsSync(join(out, NAME))).toBe(false);
      expect(r.stderr).toMatch(/bad/);
      if (fault === 'different') {
        // Every byte came, none verified, nobody to blame: the .part is not kept.
        expect(existsSync(join(out, `${NAME}.part`))).toBe(false);
        expect(r.stderr).toMatch(/does not verify/);
      }
    } finally {
      remove();
      await server?.stop();
    }
  });
}

// Each fault mixed with a good mirror: the file, right, and the fault named.
const MIXED = ['html', 'cut', 'reset', 'wrong-size', 'gzip', '404', 'refused', 'hang']
  .flatMap((fault) => [{ fault, from: 0 }, ...(['cut', 'reset', 'gzip', 'hang'].includes(fault) ? [{ fault, from: LATE }] : [])]);

for (const { fault, from } of MIXED) {
  test(`a mirror that gives ${fault}${from ? ' past the measured bytes' : ''} beside a good one: the right file`, async () => {
    // The bad mirror is the faster one, so that it is given pieces.
    const good = await startFaultMirror({ bytes: BYTES, rateBps: 8 * MIB });
    const bad = fault === 'refused' ? null : await startFaultMirror({ bytes: BYTES, fault, from });
    const badUrl = bad?.url ?? `http://127.0.0.1:${await freePort()}/golang/{file}`;
    const { dir, remove } = tempDir();
    try {
      const files = inputs(dir, [{ id: 'good', url: good.url }, { id: 'bad', url: badUrl }]);
      const r = await gomirror(getArgs(files, ['good', 'bad'], dir, ['--budget', '8', '--json']));
      expect(r.code, r.stderr).toBe(0);
      expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(BYTES));
      const report = JSON.parse(r.stdout);
      const row = report.mirrors.find((m) => m.id === 'bad');
      expect(row.status, JSON.stringify(row)).not.toBe('ok');
      expect(row.reason).toBeTruthy();
      if (from) {
        // The fault came during the download: the mirror served pieces past the measurement.
        expect(bad.requests.some((q) => q.fault), JSON.stringify(bad.requests)).toBe(true);
      }
    } finally {
      remove();
      await good.stop();
      await bad?.stop();
    }
  });
}

test('a mirror serving different bytes of the right size is named different-bytes; two others agree', async () => {
  const goodA = await startFaultMirror({ bytes: BYTES, rateBps: 6 * MIB });
  const goodB = await startFaultMirror({ bytes: BYTES, rateBps: 6 * MIB });
  const bad = await startFaultMirror({ bytes: BYTES, fault: 'different' });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'a', url: goodA.url }, { id: 'b', url: goodB.url }, { id: 'liar', url: bad.url }]);
    const r = await gomirror(getArgs(files, ['a', 'b', 'liar'], dir, ['--json']));
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(BYTES));
    expect(r.stderr).toMatch(/liar.*different-bytes/);
    const report = JSON.parse(r.stdout);
    expect(report.mirrors.find((m) => m.id === 'liar').reason).toBe('different-bytes');
    for (const id of ['a', 'b']) expect(report.mirrors.find((m) => m.id === id).reason).toBeNull();
  } finally {
    remove();
    await Promise.all([goodA.stop(), goodB.stop(), bad.stop()]);
  }
});

test('different bytes are told apart by the official host alone', async () => {
  const official = await startFaultMirror({ bytes: BYTES, rateBps: 4 * MIB });
  const bad = await startFaultMirror({ bytes: BYTES, fault: 'different' });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'official', url: official.url, official: true }, { id: 'liar', url: bad.url }]);
    const r = await gomirror(getArgs(files, ['official', 'liar'], dir));
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(BYTES));
    expect(r.stderr).toMatch(/liar.*different-bytes/);
    expect(r.stderr).not.toMatch(/official.*different-bytes/);
  } finally {
    remove();
    await Promise.all([official.stop(), bad.stop()]);
  }
});

/** Waits until the map beside the .part claims at least `bytes`; returns its ranges. */
async function mapClaims(map, bytes, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      const ranges = mapRanges(map);
      if (ranges.reduce((n, [a, b]) => n + b - a, 0) >= bytes) return ranges;
    } catch { /* not written yet */ }
    if (Date.now() > until) throw new Error(`${map} never claimed ${bytes} bytes`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const exited = (child) => new Promise((ok) => child.on('close', (code, signal) => ok({ code, signal })));

for (const signal of ['SIGINT', 'SIGKILL']) {
  test(`a download stopped halfway (${signal}) fetches only what was missing when run again`, async () => {
    const size = 40 * MIB;
    const bytes = randomBytes(size, 77);
    const ng = await startNginx(['a', 'b'].map((name) => ({
      name, rate: '3m', sendfile: false, log: true, files: { [NAME]: bytes },
    })));
    const { dir, remove } = tempDir();
    try {
      const files = inputs(dir, ['a', 'b'].map((id) => ({ id, url: nginxUrl(ng, id) })), bytes);
      const map = join(dir, `${NAME}.part.map`);
      const child = spawnGomirror(getArgs(files, ['a', 'b'], dir));
      const stderr = [];
      child.stderr.on('data', (d) => stderr.push(d));
      await mapClaims(map, size / 2);
      child.kill(signal);
      const first = await exited(child);
      if (signal === 'SIGINT') {
        expect(first.code, Buffer.concat(stderr).toString()).toBe(130);
        expect(Buffer.concat(stderr).toString()).toMatch(/resume/);
      } else {
        expect(first.signal).toBe('SIGKILL');
      }
      expect(existsSync(join(dir, NAME))).toBe(false);
      expect(existsSync(join(dir, `${NAME}.part`))).toBe(true);
      const done = mapRanges(map);
      const doneBytes = done.reduce((n, [a, b]) => n + b - a, 0);
      expect(doneBytes).toBeGreaterThanOrEqual(size / 2);
      // What the map claims is on disk.
      const part = readFileSync(join(dir, `${NAME}.part`));
      for (const [a, b] of done) expect(sha256(part.subarray(a, b))).toBe(sha256(bytes.subarray(a, b)));
      const before = ng.requests().length;
      const r = await gomirror(getArgs(files, ['a', 'b'], dir));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/resuming/);
      expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(bytes));
      expect(existsSync(map)).toBe(false);
      // The second run's pieces (its throughput tests read from offset 0, as every
      // measurement does) fetch no byte the map had, and no more than what was missing.
      const again = ng.requests().slice(before).map((q) => span(q.range)).filter((s) => s && s[0] > 0);
      expect(again.length).toBeGreaterThan(0);
      for (const [a, b] of again) {
        for (const [c, d] of done) expect(a >= d || b <= c, `${a}-${b} overlaps done ${c}-${d}`).toBe(true);
      }
      expect(again.reduce((n, [a, b]) => n + b - a, 0)).toBeLessThanOrEqual(size - doneBytes);
    } finally {
      remove();
      await ng.stop();
    }
  });
}

test('with no size in the list, the size is the one the mirrors agree on', async () => {
  const a = await startFaultMirror({ bytes: BYTES, rateBps: 8 * MIB });
  const b = await startFaultMirror({ bytes: BYTES, rateBps: 8 * MIB });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'a', url: a.url }, { id: 'b', url: b.url }], BYTES, { size: null });
    const r = await gomirror(getArgs(files, ['a', 'b'], dir));
    expect(r.code, r.stderr).toBe(0);
    expect(sha256(readFileSync(join(dir, NAME)))).toBe(sha256(BYTES));
  } finally {
    remove();
    await Promise.all([a.stop(), b.stop()]);
  }
});

test('with no size in the list, mirrors that disagree on it are named and nothing is written', async () => {
  const a = await startFaultMirror({ bytes: BYTES });
  const longer = await startFaultMirror({ bytes: BYTES, fault: 'wrong-size' });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'a', url: a.url }, { id: 'longer', url: longer.url }], BYTES, { size: null });
    const r = await gomirror(getArgs(files, ['a', 'longer'], dir));
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/disagree on the size: .*a 25165824/);
    expect(r.stderr).toMatch(/longer 26214400/);
    expect(existsSync(join(dir, NAME))).toBe(false);
  } finally {
    remove();
    await Promise.all([a.stop(), longer.stop()]);
  }
});

test('--json when nothing could be fetched: the report still, with the reasons and a mismatch', async () => {
  const { dir, remove } = tempDir();
  const html = await startFaultMirror({ bytes: BYTES, fault: 'html' });
  try {
    const refused = `http://127.0.0.1:${await freePort()}/golang/{file}`;
    for (const [mirrors, code, reasons] of [
      [[{ id: 'gone', url: refused }], 3, { gone: 'refused' }],
      [[{ id: 'gone', url: refused }, { id: 'page', url: html.url }], 4, { gone: 'refused', page: 'html' }],
    ]) {
      const files = inputs(dir, mirrors);
      const r = await gomirror(getArgs(files, mirrors.map((m) => m.id), dir, ['--json']));
      expect(r.code, r.stderr).toBe(code);
      const report = JSON.parse(r.stdout);
      expect(Object.fromEntries(report.mirrors.map((m) => [m.id, m.reason]))).toEqual(reasons);
      expect(report.verdicts.map((v) => v.verdict)).toEqual(['mismatch']);
      expect(existsSync(join(dir, NAME))).toBe(false);
    }
  } finally {
    remove();
    await html.stop();
  }
});

test('the words are in Chinese for zh-CN', async () => {
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'gone', url: `http://127.0.0.1:${await freePort()}/golang/{file}` }]);
    const r = await gomirror(getArgs(files, ['gone'], dir), { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('正在为 go1.99.1.linux-amd64.tar.gz 测量 1 个镜像');
    expect(r.stderr).toMatch(/无法访问任何镜像：gone refused/);
  } finally {
    remove();
  }
});

test('a damaged .part or map is discarded with a message, never reused', async () => {
  const good = await startFaultMirror({ bytes: BYTES });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'good', url: good.url }]);
    const part = join(dir, `${NAME}.part`);
    const map = join(dir, `${NAME}.part.map`);
    const junk = randomBytes(BYTES.length, 999);
    const header = (over = {}) => {
      const m = { file: NAME, sha256: sha256(BYTES), size: BYTES.length, ...over };
      return `gomirror-part 1\nfile ${m.file}\nsha256 ${m.sha256}\nsize ${m.size}\n`;
    };
    const cases = [
      { name: 'no map', part: junk, map: null, says: /no map/ },
      { name: 'unreadable map', part: junk, map: 'garbage\n', says: /damaged/ },
      { name: 'map of another file', part: junk, map: `${header({ file: 'go1.99.0.linux-amd64.tar.gz' })}done 0 100 good\n`, says: /go1\.99\.0/ },
      { name: 'map of another checksum', part: junk, map: `${header({ sha256: 'ab'.repeat(32) })}done 0 100 good\n`, says: /sha256/ },
      { name: 'size other than the .part', part: junk.subarray(0, 1000), map: `${header()}done 0 1000 good\n`, says: /holds 1000 bytes/ },
      // A map that vouches for bytes that do not hold up: caught by the whole file's hash,
      // and with no other source to blame, the .part is started again.
      { name: 'bytes that do not hold up', part: junk, map: `${header()}done ${20 * MIB} ${24 * MIB} good\n`, says: /do not verify/ },
    ];
    for (const c of cases) {
      writeFileSync(part, c.part);
      if (c.map === null) { if (existsSync(map)) unlinkSync(map); } else writeFileSync(map, c.map);
      const r = await gomirror(getArgs(files, ['good'], dir));
      expect(r.code, `${c.name}: ${r.stderr}`).toBe(0);
      expect(r.stderr, c.name).toMatch(/discarding/);
      expect(r.stderr, c.name).toMatch(c.says);
      expect(sha256(readFileSync(join(dir, NAME))), c.name).toBe(sha256(BYTES));
      expect(existsSync(part) || existsSync(map), c.name).toBe(false);
      unlinkSync(join(dir, NAME));
    }
  } finally {
    remove();
    await good.stop();
  }
});

test('a full disk is exit 1 with one line, the .part kept and nothing under the final name', async () => {
  // A 4 MiB tmpfs for the 24 MiB file, in a mount namespace of the binary's own.
  const probe = spawnSync('unshare', ['-m', 'true']);
  test.skip(probe.status !== 0, 'needs unshare -m (root)');
  const good = await startFaultMirror({ bytes: BYTES });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, [{ id: 'good', url: good.url }]);
    const out = join(dir, 'out');
    mkdirSync(out);
    const script = 'mount -t tmpfs -o size=4m tmpfs "$0" && "$@"; code=$?; ls -a "$0"; exit $code';
    const child = spawn('unshare', ['-m', 'sh', '-c', script, out, BIN, ...getArgs(files, ['good'], out)],
      { env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } });
    const chunks = { out: [], err: [] };
    child.stdout.on('data', (d) => chunks.out.push(d));
    child.stderr.on('data', (d) => chunks.err.push(d));
    const { code } = await exited(child);
    const stdout = Buffer.concat(chunks.out).toString();
    const stderr = Buffer.concat(chunks.err).toString();
    expect(code, stderr).toBe(1);
    const errors = stderr.split('\n').filter((l) => l.startsWith('gomirror: ') && !l.startsWith('gomirror: warning'));
    expect(errors, stderr).toHaveLength(1);
    expect(errors[0]).toMatch(/No space left/);
    // `ls -a` of the tmpfs after the run: the .part stays, nothing under the final name.
    const listed = stdout.split('\n');
    expect(listed).toContain(`${NAME}.part`);
    expect(listed).not.toContain(NAME);
  } finally {
    remove();
    await good.stop();
  }
});
