// `gomirror verify` through the built binary: the page's own verdict table (the fixtures and
// the official list its e2e suite gives the page) must come out of the command with the same
// verdict, source and checksum; then what the command adds: exit codes, --json, --sha256, files
// it cannot read, several files at once, words in both languages, and the official list taken
// from the network only when the built-in snapshot does not know a file.
//
//   GOMIRROR_BIN=$PWD/target/debug/gomirror npx playwright test -c tests/cli/cli.config.mjs verify
import { test, expect } from '@playwright/test';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gomirror, spawnGomirror, tempDir, ROOT } from './support/bin.mjs';
import {
  GOOD, MARKUP_NAME, NAMES, OTHER, SIZELESS, VERDICT_CASES, catalogJson, corrupt, goTar,
  randomBytes, releasesJson, sha256,
} from '../e2e/support/fixtures.mjs';
import { gzipSync } from 'node:zlib';

const HEX64 = /^[0-9a-f]{64}$/;
const VERDICT_NAMES = [
  'match', 'mismatch', 'truncated', 'oversized', 'html', 'decompressed', 'double-gzip',
  'wrong-file', 'unknown', 'empty', 'error',
];
const words = (lang) => JSON.parse(readFileSync(join(ROOT, `www/i18n/${lang}.json`), 'utf8'));
const EN = words('en');
const ZH = words('zh-CN');

let tmp;
let list;
test.beforeAll(() => {
  tmp = tempDir('gomirror-verify-');
  list = join(tmp.dir, 'releases.json');
  writeFileSync(list, releasesJson());
});
test.afterAll(() => tmp.remove());

/** Writes `bytes` as `name` in a folder of its own (the cases reuse names); returns the path. */
let folders = 0;
function put(name, bytes) {
  const dir = join(tmp.dir, `f${folders++}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** stdout's lines, each `VERDICT  FILE`. */
const lines = (stdout) => stdout.split('\n').filter((l) => l !== '');

test.describe('the page\'s verdict table', () => {
  for (const c of VERDICT_CASES) {
    test(`${c.verdict} (${c.source}): ${c.id}`, async () => {
      const path = put(c.name, c.bytes);
      const r = await gomirror(['verify', '--list', list, '--json', path]);
      expect(r.code, r.stderr).toBe(c.verdict === 'match' ? 0 : 4);
      const [got, ...rest] = JSON.parse(r.stdout);
      expect(rest).toEqual([]);
      expect({ file: got.file, verdict: got.verdict, source: got.source, sha256: got.sha256 })
        .toEqual({ file: path, verdict: c.verdict, source: c.source, sha256: sha256(c.bytes) });
      expect(got.size_bytes).toBe(c.bytes.length);
      // What it was compared with: the official checksum when the source is the list.
      if (c.source === 'none') expect(got.expected_sha256).toBeNull();
      else expect(got.expected_sha256).toMatch(HEX64);
      if (c.verdict === 'match') expect(got.expected_sha256).toBe(sha256(c.bytes));
      // A match says nothing on stderr; anything else is explained there, under its name.
      if (c.verdict === 'match') expect(r.stderr).toBe('');
      else expect(r.stderr).toContain(`${path}: `);
    });
  }

  test('all of them at once: one line each, in the order given, and the same verdicts', async () => {
    const paths = VERDICT_CASES.map((c) => put(c.name, c.bytes));
    const r = await gomirror(['verify', '--list', list, ...paths]);
    expect(r.code).toBe(4);
    expect(lines(r.stdout)).toEqual(VERDICT_CASES.map((c, i) => `${c.verdict}  ${paths[i]}`));
    const json = await gomirror(['verify', '--list', list, '--json', ...paths]);
    const got = JSON.parse(json.stdout);
    expect(got.map((v) => [v.file, v.verdict, v.source, v.sha256]))
      .toEqual(VERDICT_CASES.map((c, i) => [paths[i], c.verdict, c.source, sha256(c.bytes)]));
    // Every file that is not a match is explained, with its verdict's headline.
    for (const [i, c] of VERDICT_CASES.entries()) {
      if (c.verdict !== 'match') expect(r.stderr).toContain(`${paths[i]}: ${EN[`v-${c.verdict}`]}`);
    }
  });
});

test.describe('a gzip of unknown official size: the second pass over its stream', () => {
  const cases = [
    ['changed but whole', gzipSync(goTar('go1.99.1', 'darwin_amd64', 999)), 'n-stream-whole'],
    ['damaged in the middle', corrupt(SIZELESS), 'n-stream-damaged'],
    ['bytes after its end', Buffer.concat([SIZELESS, Buffer.from('\n<!-- proxy banner -->\n')]), 'n-stream-damaged'],
    ['a second gzip member after it', Buffer.concat([SIZELESS, gzipSync(Buffer.from('x'))]), 'n-stream-damaged'],
  ];
  for (const [what, bytes, note] of cases) {
    test(`${what} → mismatch, and the stream's state said`, async () => {
      const path = put(NAMES.C, bytes);
      const r = await gomirror(['verify', '--list', list, '--json', path]);
      expect(r.code).toBe(4);
      const [got] = JSON.parse(r.stdout);
      expect([got.verdict, got.source]).toEqual(['mismatch', 'official']);
      expect(r.stderr).toContain(EN[note]);
    });
  }
});

test('--json is the report\'s verdicts: exactly its fields, nothing else on stdout', async () => {
  const path = put(NAMES.A, GOOD);
  const r = await gomirror(['verify', '--list', list, '--json', path]);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([{
    file: path, size_bytes: GOOD.length, sha256: sha256(GOOD), verdict: 'match',
    expected_sha256: sha256(GOOD), source: 'official',
  }]);
  const plain = await gomirror(['verify', '--list', list, path]);
  expect(plain.stdout).toBe(`match  ${path}\n`);
  expect(plain.stderr).toBe('');
});

test.describe('--sha256', () => {
  const mine = randomBytes(30_000, 21);
  const hex = sha256(mine);
  for (const [what, value, verdict] of [
    ['bare hex', hex, 'match'],
    ['a sha256sum line', `${hex}  mine.bin`, 'match'],
    ['a binary-mode sha256sum line', `${hex} *mine.bin`, 'match'],
    ['uppercase hex (Get-FileHash)', hex.toUpperCase(), 'match'],
    ['a wrong checksum', sha256(Buffer.from('something else')), 'mismatch'],
  ]) {
    test(`${what} → ${verdict}`, async () => {
      const path = put('mine.bin', mine);
      const r = await gomirror(['verify', '--list', list, '--sha256', value, '--json', path]);
      expect(r.code).toBe(verdict === 'match' ? 0 : 4);
      const [got] = JSON.parse(r.stdout);
      expect([got.verdict, got.source, got.sha256]).toEqual([verdict, 'pasted', hex]);
      if (verdict === 'mismatch') {
        // Both checksums side by side on stderr.
        expect(r.stderr).toContain(value);
        expect(r.stderr).toContain(hex);
      }
    });
  }

  test('it comes before the official list: the official archive against another checksum', async () => {
    const path = put(NAMES.A, GOOD);
    const r = await gomirror(['verify', '--list', list, '--sha256', sha256(OTHER), '--json', path]);
    expect(r.code).toBe(4);
    const [got] = JSON.parse(r.stdout);
    expect([got.verdict, got.source, got.expected_sha256]).toEqual(['mismatch', 'pasted', sha256(OTHER)]);
  });

  for (const bad of ['abc', 'not a checksum at all', `${'0'.repeat(63)}  x`]) {
    test(`${JSON.stringify(bad)} is refused: exit 1, one line naming it, nothing read`, async () => {
      const path = put('mine.bin', mine);
      const r = await gomirror(['verify', '--list', list, '--sha256', bad, path]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const errors = lines(r.stderr);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(`--sha256 ${bad}`);
    });
  }
});

test('a file that cannot be read gets its error line, the others their verdicts; exit 1', async () => {
  const good = put(NAMES.A, GOOD);
  const missing = join(tmp.dir, 'no-such-file.tar.gz');
  const folder = join(tmp.dir, `f${folders++}`);
  mkdirSync(folder);
  const r = await gomirror(['verify', '--list', list, good, missing, folder]);
  expect(r.code).toBe(1);
  expect(lines(r.stdout)).toEqual([`match  ${good}`, `error  ${missing}`, `error  ${folder}`]);
  expect(r.stderr).toContain(missing);
  expect(r.stderr).toMatch(/No such file or directory/);
  expect(r.stderr).toMatch(/Is a directory/);
  const json = JSON.parse((await gomirror(['verify', '--list', list, '--json', missing])).stdout);
  expect(json).toEqual([{
    file: missing, size_bytes: 0, sha256: null, verdict: 'error', expected_sha256: null, source: 'none',
  }]);
});

test('a --list that cannot be used: exit 1, one line naming it, no verdict', async () => {
  const path = put(NAMES.A, GOOD);
  const broken = join(tmp.dir, 'broken.json');
  writeFileSync(broken, '<html>captive portal</html>');
  for (const bad of [broken, join(tmp.dir, 'no-such-list.json')]) {
    const r = await gomirror(['verify', '--list', bad, path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const errors = lines(r.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(bad);
  }
});

test('exit codes: 0 when every file matches, 4 when one does not', async () => {
  const a = put(NAMES.A, GOOD);
  const b = put(NAMES.B, OTHER);
  expect((await gomirror(['verify', '--list', list, a, b])).code).toBe(0);
  const empty = put('empty.tar.gz', Buffer.alloc(0));
  const r = await gomirror(['verify', '--list', list, a, empty, b]);
  expect(r.code).toBe(4);
  expect(lines(r.stdout)).toEqual([`match  ${a}`, `empty  ${empty}`, `match  ${b}`]);
  // No file at all is bad usage (clap's own exit code).
  expect((await gomirror(['verify'])).code).toBe(2);
});

test('a name with markup is written as it is, on stdout and stderr alike', async () => {
  const path = put(MARKUP_NAME, randomBytes(5000, 900));
  const r = await gomirror(['verify', '--list', list, path]);
  expect(r.code).toBe(4);
  expect(r.stdout).toBe(`unknown  ${path}\n`);
  expect(r.stderr).toContain(`${path}: ${EN['v-unknown']}`);
});

test('the words follow LANG, and --lang overrides it; the result never changes', async () => {
  const cut = VERDICT_CASES.find((c) => c.verdict === 'truncated');
  const path = put(cut.name, cut.bytes);
  const zh = await gomirror(['verify', '--list', list, path], { env: { LANG: 'zh_CN.UTF-8' } });
  expect(zh.stderr).toContain(`${path}: ${ZH['v-truncated']}`);
  expect(zh.stderr).toMatch(/[\u4e00-\u9fff]/);
  const en = await gomirror(['verify', '--list', list, '--lang', 'en', path], { env: { LANG: 'zh_CN.UTF-8' } });
  expect(en.stderr).toContain(`${path}: ${EN['v-truncated']}`);
  expect(en.stderr).not.toMatch(/[\u4e00-\u9fff]/);
  expect(zh.stdout).toBe(`truncated  ${path}\n`);
  expect(en.stdout).toBe(zh.stdout);
  const bad = await gomirror(['verify', '--list', list, '--sha256', 'xyz', path], { env: { LANG: 'zh_CN.UTF-8' } });
  expect(bad.stderr).toMatch(/[\u4e00-\u9fff]/);
});

test.describe('the official list: the built-in snapshot, and the live list only for files it does not know', () => {
  let server;
  let requests;
  let catalog;
  test.beforeAll(async () => {
    requests = [];
    server = createServer((req, res) => {
      requests.push(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(releasesJson());
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    catalog = join(tmp.dir, 'catalog.json');
    writeFileSync(catalog, catalogJson([`http://127.0.0.1:${server.address().port}/dl/?mode=json&include=all`]));
  });
  test.afterAll(() => new Promise((ok) => server.close(ok)));
  test.beforeEach(() => { requests.length = 0; });

  // A file the shipped snapshot lists, by name.
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'www/data/releases.json'), 'utf8'));
  const known = snapshot.flatMap((r) => r.files).find((f) => f.kind === 'archive' && f.size);

  test('a file the snapshot names: no request, judged by the snapshot', async () => {
    const path = put(known.filename, randomBytes(1000, 5));
    const r = await gomirror(['verify', '--catalog', catalog, '--json', path]);
    expect(requests).toEqual([]);
    const [got] = JSON.parse(r.stdout);
    expect([got.verdict, got.source, got.expected_sha256]).toEqual(['truncated', 'official', known.sha256]);
  });

  test('a file with a pasted checksum: no request either', async () => {
    const bytes = randomBytes(1000, 6);
    const path = put('mine.bin', bytes);
    const r = await gomirror(['verify', '--catalog', catalog, '--sha256', sha256(bytes), path]);
    expect(r.code).toBe(0);
    expect(requests).toEqual([]);
  });

  test('a file the snapshot does not know: the catalog\'s checksum source is asked, once', async () => {
    const path = put(NAMES.A, GOOD);
    const other = put(known.filename, randomBytes(1000, 7));
    const r = await gomirror(['verify', '--catalog', catalog, '--json', path, other]);
    expect(requests).toEqual(['/dl/?mode=json&include=all']);
    const got = JSON.parse(r.stdout);
    expect(got.map((v) => [v.verdict, v.source])).toEqual([['match', 'official'], ['unknown', 'none']]);
    expect(r.code).toBe(4);
  });
});

test('only verdict lines on stdout, whatever happens on stderr', async () => {
  const paths = VERDICT_CASES.slice(0, 8).map((c) => put(c.name, c.bytes));
  const r = await gomirror(['verify', '--list', list, ...paths]);
  for (const line of lines(r.stdout)) {
    const [verdict, file] = line.split('  ');
    expect(VERDICT_NAMES).toContain(verdict);
    expect(paths).toContain(file);
  }
  expect(lines(r.stdout)).toHaveLength(paths.length);
});

test('a reader that goes away (| head) ends the command quietly, as coreutils do: no panic', async () => {
  const path = put(NAMES.A, GOOD);
  const child = spawnGomirror(['verify', '--list', list, '--json', path, path, path]);
  // The reader is gone before the verdicts are written.
  child.stdout.destroy();
  const err = [];
  child.stderr.on('data', (d) => err.push(d));
  const [code, signal] = await new Promise((ok) => child.on('close', (c, s) => ok([c, s])));
  expect(Buffer.concat(err).toString()).not.toMatch(/panicked|Broken pipe/);
  expect({ code, signal }).toEqual({ code: null, signal: 'SIGPIPE' });
});
