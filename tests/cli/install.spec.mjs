// `gomirror get --install DIR` against a mirror on 127.0.0.1: a real go tree (tar.gz) whose
// go/bin/go is a shell script that prints its version; replacing an old tree by rename, a run
// killed while unpacking, the moved-aside state a stopped run leaves, and archives whose
// entries would escape the tree.
//
//   npx playwright test -c tests/cli/cli.config.mjs install.spec
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { gomirror, spawnGomirror, tempDir } from './support/bin.mjs';
import { startFaultMirror } from './support/get-servers.mjs';
import { freePort } from '../e2e/support/nginx.mjs';
import { randomText, releaseEntry } from '../e2e/support/fixtures.mjs';

const NAME = 'go1.99.1.linux-amd64.tar.gz';

/** A ustar archive of `[name, body, {mode, type: '0' | '2' (symlink) | '5' (folder), link}]`. */
function tar(entries) {
  const blocks = [];
  for (const [name, body = Buffer.alloc(0), { mode = 0o644, type = '0', link = '' } = {}] of entries) {
    const h = Buffer.alloc(512);
    const field = (value, offset, width) => h.write(value, offset, width, 'latin1');
    const octal = (n, width) => `${n.toString(8).padStart(width - 1, '0')}\0`;
    field(name, 0, 100);
    field(octal(mode, 8), 100, 8);
    field(octal(0, 8), 108, 8);
    field(octal(0, 8), 116, 8);
    field(octal(body.length, 12), 124, 12);
    field(octal(1_700_000_000, 12), 136, 12);
    field('        ', 148, 8);
    field(type, 156, 1);
    field(link, 157, 100);
    field('ustar\u000000', 257, 8);
    let sum = 0;
    for (const b of h) sum += b;
    field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const goScript = (version) => Buffer.from(`#!/bin/sh\necho "go version ${version} linux/amd64"\n`);

/** A go tree whose go/bin/go prints `version`, with `extra` entries. */
function goArchive(version, extra = []) {
  return gzipSync(tar([
    ['go/VERSION', Buffer.from(`${version}\n`)],
    ['go/src/runtime/proc.go', randomText(60_000, 7)],
    ['go/bin/go', goScript(version), { mode: 0o755 }],
    ...extra,
  ]), { level: 1 });
}

/** A catalog with one mirror at `url` and a list naming `archive`, in `dir`. */
function inputs(dir, url, archive) {
  const catalog = join(dir, 'catalog.json');
  const list = join(dir, 'list.json');
  writeFileSync(catalog, JSON.stringify({
    checksum_sources: [], mirrors: [{ id: 'm', name: 'm', url, official: false, region: 'global' }],
  }));
  writeFileSync(list, JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(NAME, archive)] }]));
  return ['--catalog', catalog, '--list', list];
}

const installArgs = (files, installDir, out) => ['get', '1.99.1', '--os', 'linux', '--arch', 'amd64',
  ...files, '--from', 'm', '-o', out, '--install', installDir];

const goVersion = (root) => execFileSync(join(root, 'go/bin/go'), ['version'], { encoding: 'utf8' }).trim();

/** An installed tree of `version` at `dir/name`, as an earlier install left it. */
function oldTree(dir, name, version) {
  mkdirSync(join(dir, name, 'bin'), { recursive: true });
  writeFileSync(join(dir, name, 'bin/go'), goScript(version), { mode: 0o755 });
  writeFileSync(join(dir, name, 'VERSION'), `${version}\n`);
}

test('--install unpacks the verified archive as DIR/go and prints its root, go version and the PATH line', async () => {
  const archive = goArchive('go1.99.1');
  const mirror = await startFaultMirror({ bytes: archive });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, mirror.url, archive);
    const target = join(dir, 'sdk');
    const r = await gomirror(installArgs(files, target, dir), { env: { SHELL: '/bin/bash' } });
    expect(r.code, r.stderr).toBe(0);
    const root = realpathSync(join(target, 'go'));
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([root, 'go version go1.99.1 linux/amd64']);
    expect(r.stderr).toContain(`export PATH=${root}/bin:$PATH`);
    expect(goVersion(target)).toBe('go version go1.99.1 linux/amd64');
    expect(readdirSync(target)).toEqual(['go']);
  } finally {
    remove();
    await mirror.stop();
  }
});

test('--install with the official archive already in -o installs it without asking the mirror', async () => {
  const archive = goArchive('go1.99.1');
  const mirror = await startFaultMirror({ bytes: archive });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, mirror.url, archive);
    writeFileSync(join(dir, NAME), archive);
    const target = join(dir, 'sdk');
    const r = await gomirror(installArgs(files, target, dir));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('already here and matches the official SHA-256');
    expect(mirror.requests).toEqual([]);
    expect(goVersion(target)).toBe('go version go1.99.1 linux/amd64');
  } finally {
    remove();
    await mirror.stop();
  }
});

test('--install replaces an older tree, and nothing is left beside it', async () => {
  const archive = goArchive('go1.99.1');
  const mirror = await startFaultMirror({ bytes: archive });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, mirror.url, archive);
    const target = join(dir, 'sdk');
    oldTree(target, 'go', 'go1.98.3');
    writeFileSync(join(target, 'go/stale-file'), 'from the old tree');
    const r = await gomirror(installArgs(files, target, dir));
    expect(r.code, r.stderr).toBe(0);
    expect(goVersion(target)).toBe('go version go1.99.1 linux/amd64');
    expect(existsSync(join(target, 'go/stale-file'))).toBe(false);
    expect(readdirSync(target)).toEqual(['go']);
  } finally {
    remove();
    await mirror.stop();
  }
});

test('a tree moved aside by a stopped run is put back before anything else, even when the download fails', async () => {
  const archive = goArchive('go1.99.1');
  const { dir, remove } = tempDir();
  try {
    const target = join(dir, 'sdk');
    // What a run killed between its two renames leaves: the old tree aside, no go, and an
    // unfinished new tree.
    oldTree(target, '.go.old', 'go1.98.3');
    mkdirSync(join(target, '.go.new-999/go/bin'), { recursive: true });
    const refused = `http://127.0.0.1:${await freePort()}/golang/{file}`;
    const r = await gomirror(installArgs(inputs(dir, refused, archive), target, dir));
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/putting back/);
    expect(goVersion(target)).toBe('go version go1.98.3 linux/amd64');
    expect(readdirSync(target)).toEqual(['go']);
    // And the next run with a mirror that works installs the new one.
    const mirror = await startFaultMirror({ bytes: archive });
    try {
      const ok = await gomirror(installArgs(inputs(dir, mirror.url, archive), target, dir));
      expect(ok.code, ok.stderr).toBe(0);
      expect(goVersion(target)).toBe('go version go1.99.1 linux/amd64');
    } finally {
      await mirror.stop();
    }
  } finally {
    remove();
  }
});

test('an install killed while unpacking a big archive leaves a working Go after the next run', async () => {
  // 8 × 24 MiB of text: a second or more of unpacking, a small download.
  const big = Array.from({ length: 8 }, (_, i) => [`go/pkg/big${i}.a`, Buffer.concat(Array(24).fill(randomText(1 << 20, i)))]);
  const archive = goArchive('go1.99.1', big);
  const mirror = await startFaultMirror({ bytes: archive });
  const { dir, remove } = tempDir();
  try {
    const files = inputs(dir, mirror.url, archive);
    let killedWhileUnpacking = 0;
    for (const delayMs of [0, 100, 250, 500]) {
      const target = join(dir, `sdk-${delayMs}`);
      oldTree(target, 'go', 'go1.98.3');
      const child = spawnGomirror(installArgs(files, target, dir));
      const closed = new Promise((r) => child.on('close', r));
      // Kill once the new tree is being unpacked, `delayMs` later.
      const until = Date.now() + 60_000;
      while (!readdirSync(target).some((n) => n.startsWith('.go.new-'))) {
        if (Date.now() > until || child.exitCode !== null) throw new Error('unpacking never started');
        await new Promise((r) => setTimeout(r, 2));
      }
      await new Promise((r) => setTimeout(r, delayMs));
      if (child.exitCode === null && readdirSync(target).some((n) => n.startsWith('.go.new-'))) killedWhileUnpacking += 1;
      child.kill('SIGKILL');
      await closed;
      const r = await gomirror(installArgs(files, target, dir));
      expect(r.code, `${delayMs} ms: ${r.stderr}`).toBe(0);
      expect(goVersion(target)).toBe('go version go1.99.1 linux/amd64');
      expect(readdirSync(target)).toEqual(['go']);
      rmSync(target, { recursive: true, force: true });
    }
    expect(killedWhileUnpacking).toBeGreaterThan(0);
  } finally {
    remove();
    await mirror.stop();
  }
});

const ESCAPES = [
  { name: 'a path with ..', entry: ['go/../../evil', Buffer.from('x')], says: /escapes/ },
  { name: 'an absolute path', entry: ['/tmp/gomirror-evil', Buffer.from('x')], says: /escapes/ },
  { name: 'a link pointing outside', entry: ['go/bin/evil', undefined, { type: '2', link: '../../../../etc' }], says: /points outside/ },
  { name: 'an absolute link', entry: ['go/bin/evil', undefined, { type: '2', link: '/etc/passwd' }], says: /points outside/ },
];

for (const { name, entry, says } of ESCAPES) {
  test(`an archive with ${name} is refused, and the old tree stays`, async () => {
    const archive = goArchive('go1.99.1', [entry]);
    const mirror = await startFaultMirror({ bytes: archive });
    const { dir, remove } = tempDir();
    try {
      const target = join(dir, 'deep/sdk');
      oldTree(target, 'go', 'go1.98.3');
      const r = await gomirror(installArgs(inputs(dir, mirror.url, archive), target, dir));
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(says);
      expect(goVersion(target)).toBe('go version go1.98.3 linux/amd64');
      expect(readdirSync(target)).toEqual(['go']);
      expect(existsSync(join(dir, 'evil'))).toBe(false);
      expect(existsSync('/tmp/gomirror-evil')).toBe(false);
    } finally {
      remove();
      await mirror.stop();
    }
  });
}

test('--install with a kind other than archive is refused', async () => {
  const { dir, remove } = tempDir();
  try {
    const archive = goArchive('go1.99.1');
    const files = inputs(dir, 'http://127.0.0.1:9/golang/{file}', archive);
    const r = await gomirror([...installArgs(files, join(dir, 'sdk'), dir), '--kind', 'installer']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--kind must be archive/);
  } finally {
    remove();
  }
});
