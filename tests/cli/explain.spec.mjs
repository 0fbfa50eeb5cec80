// `gomirror explain` through the built binary: the real pastes the core's own test reads
// (tests/data/pastes.json, checked against src/paste/ by a Rust test) must give the same
// finding keys out of the command, from stdin and from a file; then --json, --os, the words in
// both languages, and the exit codes.
//
//   GOMIRROR_BIN=$PWD/target/debug/gomirror npx playwright test -c tests/cli/cli.config.mjs explain
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gomirror, tempDir, ROOT } from './support/bin.mjs';

const PASTES = JSON.parse(readFileSync(join(ROOT, 'tests/data/pastes.json'), 'utf8')).cases;
const words = (name) => JSON.parse(readFileSync(join(ROOT, `www/i18n/${name}.json`), 'utf8'));
const EN = words('paste-en');
const ZH = words('paste-zh-CN');
const CLI_EN = JSON.parse(readFileSync(join(ROOT, 'src/cli/i18n/en.json'), 'utf8'));

let tmp;
test.beforeAll(() => { tmp = tempDir('gomirror-explain-'); });
test.afterAll(() => tmp.remove());

/** The keys of `--json`'s findings. */
const keysOf = (stdout) => JSON.parse(stdout).map((f) => f.key);

test.describe('the core\'s real pastes give the core\'s keys', () => {
  for (const [i, c] of PASTES.entries()) {
    test(`${c.name}: ${c.keys.join(', ') || 'nothing'}`, async () => {
      const fromStdin = await gomirror(['explain', '--json'], { input: c.text });
      expect(fromStdin.code, fromStdin.stderr).toBe(0);
      expect(keysOf(fromStdin.stdout)).toEqual(c.keys);
      const file = join(tmp.dir, `paste-${i}.txt`);
      writeFileSync(file, c.text);
      const fromFile = await gomirror(['explain', '--json', file]);
      expect(fromFile.code).toBe(0);
      expect(fromFile.stdout).toBe(fromStdin.stdout);
      const dash = await gomirror(['explain', '--json', '-'], { input: c.text });
      expect(dash.stdout).toBe(fromStdin.stdout);
    });
  }
});

const DNS = 'curl: (6) Could not resolve host: dl.google.com';
const SEVERAL = [
  "GOPROXY='https://proxy.golang.org,direct'",
  "GOSUMDB='off'",
  '$ curl -fLO https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz',
  'curl: (56) Recv failure: Connection reset by peer',
].join('\n');

test('--json: key, line, title and this OS\'s commands, nothing else', async () => {
  const r = await gomirror(['explain', '--json', '--os', 'linux', '--lang', 'en'], { input: SEVERAL });
  expect(r.code).toBe(0);
  const got = JSON.parse(r.stdout);
  expect(got.map((f) => f.key)).toEqual(['goproxy-default', 'gosumdb-off', 'connection-reset']);
  for (const f of got) {
    expect(Object.keys(f)).toEqual(['key', 'line', 'title', 'commands']);
    expect(f.title).toBe(EN[`paste-${f.key}`]);
    // The line that showed it: a setting as `NAME=value`, a message as it was printed.
    expect(SEVERAL).toContain(f.line.split('=')[0]);
    expect(typeof f.commands).toBe('string');
    expect(f.commands.length).toBeGreaterThan(0);
  }
  expect(got[2].line).toBe('curl: (56) Recv failure: Connection reset by peer');
});

test('--os picks the shell the commands are written for', async () => {
  const run = async (os) => JSON.parse((await gomirror(['explain', '--json', '--os', os], { input: DNS })).stdout)[0].commands;
  const [linux, darwin, windows] = [await run('linux'), await run('darwin'), await run('windows')];
  expect(linux).toContain('nslookup dl.google.com');
  expect(windows).toContain('Resolve-DnsName dl.google.com');
  expect(windows).not.toEqual(linux);
  expect(darwin).toContain('dl.google.com');
  // Without --os: this machine's (the tests run on Linux).
  expect(await run('linux')).toEqual(JSON.parse((await gomirror(['explain', '--json'], { input: DNS })).stdout)[0].commands);
});

test('an unknown --os: exit 1, one line naming it and the valid ones', async () => {
  const r = await gomirror(['explain', '--os', 'plan9'], { input: DNS });
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const errors = r.stderr.split('\n').filter(Boolean);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain('plan9');
  expect(errors[0]).toContain('linux, darwin, windows');
});

test('text: each finding\'s title, sentence, the line it was seen in and its commands, copyable', async () => {
  const r = await gomirror(['explain', '--os', 'linux', '--lang', 'en'], { input: DNS });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain(`${EN['paste-dns']} [dns]`);
  expect(r.stdout).toContain(`${EN['paste-seen']} ${DNS}`);
  expect(r.stdout).toContain(CLI_EN['cli-explain-commands'].replace('{os}', 'linux'));
  const { commands } = JSON.parse((await gomirror(['explain', '--json', '--os', 'linux'], { input: DNS })).stdout)[0];
  for (const line of commands.split('\n')) expect(r.stdout).toContain(`    ${line}\n`);
});

test('the words follow LANG, and --lang overrides it; the keys never change', async () => {
  const zh = await gomirror(['explain', '--json'], { input: SEVERAL, env: { LANG: 'zh_CN.UTF-8' } });
  const en = await gomirror(['explain', '--json', '--lang', 'en'], { input: SEVERAL, env: { LANG: 'zh_CN.UTF-8' } });
  expect(keysOf(zh.stdout)).toEqual(keysOf(en.stdout));
  for (const f of JSON.parse(zh.stdout)) expect(f.title).toBe(ZH[`paste-${f.key}`]);
  for (const f of JSON.parse(en.stdout)) expect(f.title).toBe(EN[`paste-${f.key}`]);
  const text = await gomirror(['explain'], { input: DNS, env: { LANG: 'zh_CN.UTF-8' } });
  expect(text.stdout).toContain(ZH['paste-dns']);
  expect(text.stdout).toContain(ZH['paste-seen']);
});

test('exit 0 once the input is read, whatever it holds; 1 for a file that cannot be read', async () => {
  for (const input of ['', 'hello, I cannot build my project', '\u0000\u0001\u0002binary\u0003'.repeat(50)]) {
    const r = await gomirror(['explain'], { input });
    expect(r.code, JSON.stringify(input)).toBe(0);
  }
  const empty = await gomirror(['explain', '--json'], { input: '' });
  expect(JSON.parse(empty.stdout)).toEqual([]);
  expect(empty.stderr).toContain(CLI_EN['cli-explain-empty']);
  const binary = await gomirror(['explain', '--json'], { input: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 5, 6]).toString('latin1').repeat(100) });
  expect(keysOf(binary.stdout)).toEqual(['not-recognised']);
  const missing = join(tmp.dir, 'no-such-paste.txt');
  const r = await gomirror(['explain', missing]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(missing);
});

test('a paste longer than the page reads: the start is read and the cut is said', async () => {
  const long = `${DNS}\n${'x'.repeat(300 * 1024)}\nGOSUMDB='off'\n`;
  const r = await gomirror(['explain', '--json', '--lang', 'en'], { input: long });
  expect(r.code).toBe(0);
  expect(keysOf(r.stdout)).toEqual(['dns']);
  expect(r.stderr).toContain(EN['paste-cut'].replace('{size}', '256'));
});
