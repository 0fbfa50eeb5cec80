// #cli, "On a server or in CI": for each OS, commands that fetch the gomirror binary from the
// site's own cli/ folder, check it against cli/SHA256SUMS and run it; without a readable
// SHA256SUMS, how to build one with cargo. The site is dist/ as scripts/build.sh left it (this
// machine's binary and its SHA256SUMS in dist/cli/), served under a sub-path. The Linux block
// is run for real under bash, with HOME in a temporary folder, against the page's own server:
// only its `get --install` (which would go to the internet for Go) becomes `--version` and
// `verify --help`, which prove the downloaded binary runs.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, MIRROR_NOISE } from './support/harness.mjs';
import { corrupt, sha256 } from './support/fixtures.mjs';
import { SITE, startSite } from './support/site.mjs';

// A site without cli/SHA256SUMS gets a 404, which Chromium logs itself.
test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

const ROOT = join(SITE, '..');
const STRINGS = {
  en: JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8')),
  zh: JSON.parse(readFileSync(join(ROOT, 'www/i18n/zh-CN.json'), 'utf8')),
};
const VERSION = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8').match(/^version = "(.+)"$/m)[1];

/** What dist/cli/SHA256SUMS lists: file name → checksum (scripts/build.sh wrote it). */
const listed = () => new Map(readFileSync(join(SITE, 'cli/SHA256SUMS'), 'utf8').trim().split('\n')
  .map((line) => line.split(/\s+\*?/)).map(([sum, name]) => [name, sum]));
const OS_OF = { linux: 'gomirror-linux-', darwin: 'gomirror-darwin-', windows: 'gomirror-windows-' };

/** #cli's blocks once drawn: [{os, way, text}]. */
async function blocks(page) {
  await expect(page.locator('#cli [data-os]')).toHaveCount(3);
  return page.locator('#cli [data-os]').evaluateAll((els) => els.map((e) => ({
    os: e.dataset.os, way: e.dataset.way, text: e.querySelector('code').textContent,
  })));
}

/** Runs `script` under bash in a fresh HOME (asynchronously: the site answers from this
 * process), `get --install` replaced by what proves the binary runs. */
async function run(script) {
  const root = mkdtempSync(join(tmpdir(), 'gomirror-cli-'));
  const home = join(root, 'home');
  mkdirSync(home);
  const install = 'get --install "$HOME/.local"';
  expect(script).toContain(install);
  const proved = script.replace(install, '--version && "./$f" verify --help');
  const result = await new Promise((resolve) => {
    execFile('bash', ['-c', proved], { cwd: home, env: { PATH: '/usr/bin:/bin', HOME: home }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? error.code : 0, stdout, stderr }));
  });
  const file = (name) => join(home, name);
  return { ...result, root, home, file, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

test('each OS gets what cli/SHA256SUMS lists, from the page\'s own folder; the Linux commands download, check and run it', async ({ page, openSite }) => {
  const base = '/some/sub/path/';
  const site = await openSite({ base });
  const sums = listed();
  const got = await blocks(page);
  expect(got.map((b) => b.os).sort()).toEqual(['darwin', 'linux', 'windows']);
  for (const b of got) {
    const mine = [...sums.keys()].filter((name) => name.startsWith(OS_OF[b.os]));
    expect(b.way, b.os).toBe(mine.length ? 'binary' : 'cargo');
    for (const name of mine) {
      expect(b.text, b.os).toContain(name);
      expect(b.text, b.os).toContain(sums.get(name));
    }
    // The absolute URL of cli/ beside the page, under its sub-path.
    if (mine.length) expect(b.text, b.os).toContain(`'${site.url}cli/`);
  }
  await expect(page.locator('#cli-lead')).toHaveText(STRINGS.en['bin-listed']);

  const linux = got.find((b) => b.os === 'linux');
  expect(linux.way, 'this machine built its own Linux binary into dist/cli/').toBe('binary');
  const good = await run(linux.text);
  try {
    const name = 'gomirror-linux-amd64';
    const served = readFileSync(join(SITE, 'cli', name));
    expect(good.code, good.stderr).toBe(0);
    expect(sha256(readFileSync(good.file(name)))).toBe(sha256(served));
    expect(good.stdout).toContain(`${name}: OK`);
    expect(good.stdout).toContain(`gomirror ${VERSION}`);
    expect(good.stdout).toContain(`Usage: ${name} verify`);
    expect(statSync(good.file(name)).mode & 0o111).not.toBe(0);
    expect(readFileSync(good.file('.profile'), 'utf8')).toContain('$HOME/.local/go/bin');
    expect(site.requests.filter((r) => r.path === `${base}cli/${name}`).map((r) => r.status)).toEqual([200]);
  } finally {
    good.cleanup();
  }
});

test('a binary altered on the way fails the check, and the commands stop before running it', async ({ page, openSite }) => {
  const name = 'gomirror-linux-amd64';
  const site = await openSite({ overrides: { [`cli/${name}`]: corrupt(readFileSync(join(SITE, 'cli', name))) } });
  const linux = (await blocks(page)).find((b) => b.os === 'linux');
  const bad = await run(linux.text);
  try {
    expect(site.requests.some((r) => r.path === `/cli/${name}` && r.status === 200)).toBe(true);
    expect(existsSync(bad.file(name)), 'it was downloaded').toBe(true);
    expect(bad.stdout).toContain(`${name}: FAILED`);
    expect(bad.stdout).not.toContain('gomirror ');
    expect(bad.stdout).not.toMatch(/Usage:/);
    expect(statSync(bad.file(name)).mode & 0o111, 'never made executable').toBe(0);
  } finally {
    bad.cleanup();
  }
});

const cargoWay = async (page) => {
  const got = await blocks(page);
  for (const b of got) {
    expect(b.way, b.os).toBe('cargo');
    expect(b.text, b.os).toContain('\ncargo install --path . --features cli\ngomirror get --install ');
    expect(b.text, b.os).not.toContain('gomirror-');
  }
  await expect(page.locator('#cli-lead')).toHaveText(STRINGS.en['bin-none']);
};

test('without cli/SHA256SUMS beside the page, the section says how to build gomirror with cargo', async ({ page }) => {
  const root = mkdtempSync(join(tmpdir(), 'gomirror-nocli-'));
  cpSync(SITE, root, { recursive: true, filter: (from) => !from.startsWith(join(SITE, 'cli')) });
  const site = await startSite({ root, base: '/x/' });
  try {
    await page.goto(site.url);
    await cargoWay(page);
    expect(site.requests.filter((r) => r.path === '/x/cli/SHA256SUMS').map((r) => r.status)).toEqual([404]);
  } finally {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('a cli/SHA256SUMS that lists none of the binaries, or is not a checksum list, gives the cargo way too', async ({ page, openSite }) => {
  await openSite({ overrides: { 'cli/SHA256SUMS': '<!doctype html><title>Not found</title>' } });
  await cargoWay(page);
  await openSite({ overrides: { 'cli/SHA256SUMS': `${'ab'.repeat(32)}  gomirror-linux-386\n` } });
  await cargoWay(page);
});

test.describe('in Chinese, on a phone', () => {
  test.use({ locale: 'zh-CN', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });

  test('the words and the commands\' comments are Chinese, and nothing sticks out sideways', async ({ page, openSite }) => {
    await openSite();
    const linux = (await blocks(page)).find((b) => b.os === 'linux');
    await expect(page.locator('#cli-heading')).toHaveText(STRINGS.zh['bin-heading']);
    await expect(page.locator('#cli-lead')).toHaveText(STRINGS.zh['bin-listed']);
    await expect(page.locator('#cli')).toContainText(STRINGS.zh['bin-note']);
    expect(linux.text).toContain(`# ${STRINGS.zh['bin-cmd-check']}`);
    expect(linux.text).toContain(`# ${STRINGS.zh['bin-cmd-pick']}`);
    await page.locator('#cli').scrollIntoViewIfNeeded();
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      inner: window.innerWidth,
      section: document.querySelector('#cli').getBoundingClientRect().right,
      widest: Math.max(...[...document.querySelectorAll('#cli *')].map((e) => e.getBoundingClientRect().right)),
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.inner);
    expect(widths.widest).toBeLessThanOrEqual(widths.inner + 0.5);
  });
});
