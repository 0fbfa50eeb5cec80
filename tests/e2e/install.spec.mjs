// After the check: #install [data-os] gives, for the chosen version, each OS's file of the kind
// go.dev features for it (the visitor's OS first), downloaded from the recommended mirror, with
// commands that check it, install it and prove it. The Linux commands are then run for real
// under bash — against the nginx mirror, with /usr/local and HOME moved into a temporary
// folder and sudo left out — and must install a good archive and refuse a corrupted one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { test, expect, MIRROR_NOISE } from './support/harness.mjs';
import { corrupt, randomBytes, releaseEntry, sha256, tar } from './support/fixtures.mjs';
import { startNginx } from './support/nginx.mjs';

test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

// A Go distribution in miniature: go/bin/go is a script that answers `version` and `env GOROOT`.
const GO_SCRIPT = `#!/bin/sh
case "$1" in
  version) echo "go version go1.99.1 linux/amd64" ;;
  env) cd "$(dirname "$0")/.." && pwd ;;
esac
`;
const LINUX = 'go1.99.1.linux-amd64.tar.gz';
const LINUX_BODY = gzipSync(tar([
  ['go/VERSION', Buffer.from('go1.99.1\n')],
  ['go/bin/go', Buffer.from(GO_SCRIPT), 0o755],
]));
const PKG = 'go1.99.1.darwin-arm64.pkg';
const PKG_BODY = Buffer.concat([Buffer.from('xar!'), randomBytes(20_000, 71)]);
const MSI = 'go1.99.1.windows-amd64.msi';
const MSI_BODY = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), randomBytes(20_000, 72)]);
// An older release whose list has no installers: the archives stand in.
const OLD_LINUX = 'go1.98.0.linux-amd64.tar.gz';
const OLD_DARWIN = 'go1.98.0.darwin-amd64.tar.gz';
const OLD_ZIP = 'go1.98.0.windows-amd64.zip';
const OLD = { [OLD_LINUX]: randomBytes(9000, 73), [OLD_DARWIN]: randomBytes(9000, 74), [OLD_ZIP]: randomBytes(9000, 75) };

const RELEASES = JSON.stringify([
  {
    version: 'go1.99.1', stable: true, files: [
      releaseEntry(LINUX, LINUX_BODY),
      releaseEntry(PKG, PKG_BODY, { kind: 'installer' }),
      releaseEntry(MSI, MSI_BODY, { kind: 'installer' }),
      // Archives beside the installers: the installers are what go.dev features.
      releaseEntry('go1.99.1.darwin-arm64.tar.gz', randomBytes(9000, 76)),
      releaseEntry('go1.99.1.windows-amd64.zip', randomBytes(9000, 77)),
    ],
  },
  { version: 'go1.98.0', stable: true, files: Object.entries(OLD).map(([f, b]) => releaseEntry(f, b)) },
]);

let nginx;

test.beforeAll(async () => {
  const files = { [LINUX]: LINUX_BODY, [PKG]: PKG_BODY, [MSI]: MSI_BODY, ...OLD };
  nginx = await startNginx([
    { name: 'good', cors: true, files },
    { name: 'bad', cors: true, files: { [LINUX]: corrupt(LINUX_BODY) } },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
});

const mirror = (name) => `http://127.0.0.1:${nginx.ports[name]}/golang/`;
const CATALOG = () => JSON.stringify({
  checksum_sources: [],
  mirrors: [{ id: 'good', name: 'good', url: `${mirror('good')}{file}`, official: false, region: 'test' }],
});

/** The blocks of #install in page order: [{os, file, text}]. */
const blocks = (page) => page.locator('#install [data-os]').evaluateAll((els) => els.map((e) => ({
  os: e.dataset.os, file: e.dataset.file, text: e.querySelector('code').textContent,
})));

test('each OS gets its featured file from the recommended mirror, the visitor\'s OS first', async ({ page, openSite }) => {
  await openSite({ releases: RELEASES, catalog: CATALOG() });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  let got = await blocks(page);
  expect(got.map((b) => [b.os, b.file])).toEqual([['linux', LINUX], ['darwin', PKG], ['windows', MSI]]);
  const [linux, darwin, windows] = got;
  const bodies = { [LINUX]: LINUX_BODY, [PKG]: PKG_BODY, [MSI]: MSI_BODY };
  for (const b of got) {
    expect(b.text, b.os).toContain(`${mirror('good')}${b.file}`);
    expect(b.text, b.os).toContain(sha256(bodies[b.file]));
    expect(b.text.split('\n').slice(-2), b.os).toEqual(['go version', 'go env GOROOT']);
  }
  expect(linux.text).toContain(`sha256sum -c - &&\n  sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf '${LINUX}'`);
  expect(linux.text).toContain("echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.profile");
  expect(darwin.text).toContain(`shasum -a 256 -c - &&\n  pkgutil --check-signature '${PKG}' &&\n  sudo installer -pkg '${PKG}' -target /`);
  expect(windows.text).toContain(`Get-AuthenticodeSignature -LiteralPath '${MSI}'`);
  expect(windows.text).toContain(`{ msiexec /i '${MSI}' }`);
  expect(windows.text).toContain("$ProgressPreference = 'SilentlyContinue'");

  // Another version: where the list has no installer, the archive stands in.
  await page.selectOption('#pick-version', 'go1.98.0');
  await expect(page.locator('#install [data-os="darwin"]')).toHaveAttribute('data-file', OLD_DARWIN);
  got = await blocks(page);
  expect(got.map((b) => [b.os, b.file])).toEqual([['linux', OLD_LINUX], ['darwin', OLD_DARWIN], ['windows', OLD_ZIP]]);
  expect(got[2].text).toContain(`Expand-Archive -LiteralPath '${OLD_ZIP}'`);

  // Another OS chosen: its block comes first.
  await page.selectOption('#pick-os', 'windows');
  await expect(page.locator('#install [data-os]').first()).toHaveAttribute('data-os', 'windows');
});

test('the Linux commands, run for real, install a good archive and refuse a corrupted one', async ({ page, openSite }) => {
  await openSite({ releases: RELEASES, catalog: CATALOG() });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  const { text } = (await blocks(page)).find((b) => b.os === 'linux');
  const run = (script) => {
    const root = mkdtempSync(join(tmpdir(), 'gomirror-install-'));
    mkdirSync(join(root, 'usr/local'), { recursive: true });
    mkdirSync(join(root, 'home'));
    // Only where it lands: /usr/local into the folder, no sudo; the page's text otherwise.
    const sandboxed = script.replaceAll('sudo ', '').replaceAll('/usr/local', `${root}/usr/local`);
    let out;
    try {
      out = execFileSync('bash', ['-c', sandboxed], {
        cwd: join(root, 'home'), env: { PATH: '/usr/bin:/bin', HOME: join(root, 'home') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      out = `${e.stdout}${e.stderr}`;
    }
    const installed = existsSync(join(root, 'usr/local/go/bin/go'));
    const profile = existsSync(join(root, 'home/.profile')) ? readFileSync(join(root, 'home/.profile'), 'utf8') : '';
    rmSync(root, { recursive: true, force: true });
    return { out, installed, profile, root };
  };
  const good = run(text);
  expect(good.installed, good.out).toBe(true);
  expect(good.out).toContain(`${LINUX}: OK`);
  expect(good.out).toContain('go version go1.99.1 linux/amd64');
  expect(good.out).toContain(`${good.root}/usr/local/go\n`);
  expect(good.profile).toContain('/usr/local/go/bin');

  // The same commands against a mirror that serves corrupted bytes: the check fails, and
  // nothing is installed.
  const bad = run(text.replaceAll(mirror('good'), mirror('bad')));
  expect(bad.out).toContain('FAILED');
  expect(bad.installed, bad.out).toBe(false);
});

// The same release without its installers, as the shipped snapshot has recent versions: every
// OS gets its archive, and the words must be true for an archive.
const ARCHIVES_ONLY = JSON.stringify([
  {
    version: 'go1.99.1', stable: true, files: [
      releaseEntry(LINUX, LINUX_BODY),
      releaseEntry('go1.99.1.darwin-arm64.tar.gz', randomBytes(9000, 76)),
      releaseEntry('go1.99.1.windows-amd64.zip', randomBytes(9000, 77)),
    ],
  },
]);

/** What only an installer's commands may say or run, and only an archive's, in either language. */
const INSTALLER_ONLY = ['the installer put Go on PATH', '安装程序已把 Go 加入 PATH', 'msiexec', 'installer -pkg', 'pkgutil', 'Get-AuthenticodeSignature'];
const ARCHIVE_ONLY = ['tar -C /usr/local', 'Expand-Archive', 'export PATH=$PATH:/usr/local/go/bin', "SetEnvironmentVariable('Path'", 'put go on PATH', '把 go 加入 PATH'];

/** The blocks with their kind and the sentence above their commands. */
const kinds = (page) => page.locator('#install [data-os]').evaluateAll((els) => els.map((e) => ({
  os: e.dataset.os, kind: e.dataset.kind, file: e.dataset.file,
  about: e.querySelector('.about')?.textContent ?? '', text: e.querySelector('code').textContent,
})));

for (const lang of ['en', 'zh-CN']) {
  for (const [list, releases, want] of [
    ['with installers', RELEASES, { linux: 'archive', darwin: 'installer', windows: 'installer' }],
    ['without installers', ARCHIVES_ONLY, { linux: 'archive', darwin: 'archive', windows: 'archive' }],
  ]) {
    test(`each block says which kind of file it uses and why, and its words hold for that kind: ${list}, ${lang}`, async ({ page, openSite }) => {
      await openSite({ releases, catalog: CATALOG() });
      await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
      if (lang !== 'en') {
        await page.click('#lang-switch');
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await expect(page.locator('#install .about').first()).not.toHaveText(/^[\x20-\x7e]*$/);
      }
      const got = await kinds(page);
      expect(Object.fromEntries(got.map((b) => [b.os, b.kind]))).toEqual(want);
      for (const b of got) {
        const ending = b.file.match(/\.(tar\.gz|zip|pkg|msi)$/)[0];
        const installer = b.kind === 'installer';
        expect(installer, b.file).toBe(['.pkg', '.msi'].includes(ending));
        // The sentence names the file's kind, and for an archive standing in for an installer,
        // the installer the list lacks and the version.
        const fallback = !installer && b.os !== 'linux';
        const wanted = { darwin: '.pkg', windows: '.msi' }[b.os];
        const words = lang === 'en'
          ? { installer: `The ${ending} installer`, archive: `The ${ending} archive`, fallback: `no checksum for a ${wanted} installer of go1.99.1, so these commands use the ${ending} archive` }
          : { installer: `${ending} 安装程序`, archive: `${ending} 压缩包`, fallback: `没有 go1.99.1 的 ${wanted} 安装程序的校验和，所以这些命令改用 ${ending} 压缩包` };
        expect(b.about, b.os).toContain(fallback ? words.fallback : words[b.kind]);
        // Every comment and command true for that kind.
        for (const only of installer ? ARCHIVE_ONLY : INSTALLER_ONLY) expect(b.text, `${b.os} ${b.kind}`).not.toContain(only);
        const kindWords = (installer ? INSTALLER_ONLY : ARCHIVE_ONLY).filter((w) => b.text.includes(w));
        expect(kindWords.length, `${b.os} ${b.kind} has its own kind's words: ${b.text}`).toBeGreaterThan(1);
      }
      const windows = got.find((b) => b.os === 'windows');
      if (windows.kind === 'archive') {
        // The .zip puts Go on the user's Path and this shell's, since no installer does.
        expect(windows.text).toContain("[Environment]::SetEnvironmentVariable('Path', (($user + $bin) -join ';'), 'User')");
        expect(windows.text).toContain('$env:Path = "$bin;$env:Path"');
        expect(got.find((b) => b.os === 'darwin').text).toContain("echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.zprofile");
      } else {
        expect(windows.text).toContain(`{ msiexec /i '${MSI}' }`);
      }
    });
  }
}
