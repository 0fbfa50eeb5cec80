// The official list's two sizes on the command line (DESIGN.md, "two sizes"), as the page reads
// them: `get` and `rank` ask the catalog's small list of current releases
// (`checksum_sources_current`, go.dev's `?mode=json`) first, and the whole list (`checksum_sources`,
// `?mode=json&include=all`, about 2 MB) only for a file the small one does not hold, or to name
// a file already there that only the whole list knows. When no small list can be read, the
// built-in snapshot answers without the network, as the page's small snapshot does.
//
//   npx playwright test -c tests/cli/cli.config.mjs lists
import { test, expect } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gomirror, tempDir, ROOT } from './support/bin.mjs';
import { startFaultMirror } from './support/get-servers.mjs';
import { freePort } from '../e2e/support/nginx.mjs';
import { startOfficialLists } from '../e2e/support/site.mjs';
import { GOOD, NAMES, OLD, releases, sha256 } from '../e2e/support/fixtures.mjs';

const EN = JSON.parse(readFileSync(join(ROOT, 'www/i18n/en.json'), 'utf8'));

/** go.dev's small list holds the current release only; the whole one every release. */
const CURRENT = JSON.stringify(releases().filter((r) => r.version === 'go1.99.1'));
const WHOLE = JSON.stringify(releases());

/** Servers and folders a test made, undone after it. */
let cleanup = [];
test.afterEach(async () => {
  for (const undo of cleanup.reverse()) await undo();
  cleanup = [];
});

/** The lists server (`current`, `whole`: {mode, body}), a folder, and a catalog naming both. */
async function rig({ current = { mode: 'ok', body: CURRENT }, whole = { mode: 'ok', body: WHOLE }, mirrors }) {
  const lists = await startOfficialLists({ current, whole });
  cleanup.push(() => lists.close());
  const tmp = tempDir('gomirror-lists-');
  cleanup.push(() => tmp.remove());
  const catalog = join(tmp.dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify({
    checksum_sources_current: [lists.currentUrl],
    checksum_sources: [lists.wholeUrl],
    mirrors: mirrors.map(({ id, url }) => ({ id, name: id, url, official: false, region: 'global' })),
  }));
  return { lists, dir: tmp.dir, catalog };
}

/** A mirror serving `bytes` under any name. */
async function mirror(bytes) {
  const m = await startFaultMirror({ bytes });
  cleanup.push(() => m.stop());
  return m;
}

const get = (r, version, extra = []) => gomirror(['get', version, '--os', 'linux', '--arch', 'amd64',
  '--catalog', r.catalog, '-o', r.dir, '--json', ...extra]);

test('get of a current release reads only the small list, and the report names it', async () => {
  const r = await rig({ mirrors: [{ id: 'm', url: (await mirror(GOOD)).url }] });
  const got = await get(r, '1.99.1');
  expect(got.code, got.stderr).toBe(0);
  expect(sha256(readFileSync(join(r.dir, NAMES.A)))).toBe(sha256(GOOD));
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 0]);
  expect(JSON.parse(got.stdout).checksum_source).toMatchObject({ source: 'live', url: r.lists.currentUrl });
});

test('get of an older release reads the whole list after the small one, once each', async () => {
  const r = await rig({ mirrors: [{ id: 'm', url: (await mirror(OLD)).url }] });
  const got = await get(r, '1.98.3');
  expect(got.code, got.stderr).toBe(0);
  expect(sha256(readFileSync(join(r.dir, NAMES.OLD)))).toBe(sha256(OLD));
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 1]);
  expect(JSON.parse(got.stdout).checksum_source).toMatchObject({ source: 'live', url: r.lists.wholeUrl });
});

test('a file already there that only the whole list knows is named by it, then fetched again', async () => {
  const r = await rig({ mirrors: [{ id: 'm', url: (await mirror(GOOD)).url }] });
  // The older release's archive under the current release's name.
  writeFileSync(join(r.dir, NAMES.A), OLD);
  const got = await get(r, '1.99.1');
  expect(got.code, got.stderr).toBe(0);
  expect(got.stderr).toContain(`${join(r.dir, NAMES.A)}: ${EN['v-wrong-file']}`);
  expect(sha256(readFileSync(join(r.dir, NAMES.A)))).toBe(sha256(GOOD));
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 1]);
});

test('a file already there that the small list judges alone asks nothing more', async () => {
  const r = await rig({ mirrors: [{ id: 'm', url: (await mirror(GOOD)).url }] });
  writeFileSync(join(r.dir, NAMES.A), GOOD);
  const got = await get(r, '1.99.1');
  expect(got.code, got.stderr).toBe(0);
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 0]);
});

test('a small list that fails is said; a file the snapshot lacks comes from the whole list', async () => {
  const r = await rig({ current: { mode: 'error' }, mirrors: [{ id: 'm', url: (await mirror(GOOD)).url }] });
  const got = await get(r, '1.99.1');
  expect(got.code, got.stderr).toBe(0);
  expect(got.stderr).toContain(`official list ${r.lists.currentUrl}: HTTP 500`);
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 1]);
  expect(JSON.parse(got.stdout).checksum_source).toMatchObject({ source: 'live', url: r.lists.wholeUrl });
});

test('with no small list readable, rank takes the built-in snapshot and never asks for the whole list', async () => {
  const r = await rig({ current: { mode: 'error' }, mirrors: [{ id: 'gone', url: `http://127.0.0.1:${await freePort()}/{file}` }] });
  const got = await gomirror(['rank', '--os', 'linux', '--arch', 'amd64', '--catalog', r.catalog, '--json']);
  // Nothing answered: exit 3, with the report.
  expect(got.code, got.stderr).toBe(3);
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 0]);
  expect(JSON.parse(got.stdout).checksum_source.source).toBe('snapshot');
});

test('rank reads only the small list for the newest release', async () => {
  const r = await rig({ mirrors: [{ id: 'm', url: (await mirror(GOOD)).url }] });
  const got = await gomirror(['rank', '--os', 'linux', '--arch', 'amd64', '--catalog', r.catalog, '--json']);
  expect(got.code, got.stderr).toBe(0);
  const report = JSON.parse(got.stdout);
  expect(report.checksum_source).toMatchObject({ source: 'live', url: r.lists.currentUrl });
  expect(report.mirrors.map((m) => [m.id, m.status])).toEqual([['m', 'ok']]);
  expect([r.lists.asked('current'), r.lists.asked('whole')]).toEqual([1, 0]);
});
