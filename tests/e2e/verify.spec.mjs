// Checking downloaded files on the built page, through the page contract only: every verdict,
// drops, pasted checksums, side files, a 1 GiB file, cancelling, and no request while checking.
import {
  test, expect, asInput, brief, chooseFiles, finalVerdicts, quiet, readVerdicts, verdictLocator,
} from './support/harness.mjs';
import { dropFiles } from './support/drop.mjs';
import {
  GOOD, MARKUP_NAME, NAMES, OTHER, SIZELESS, VERDICT_CASES, patternBytes, randomBytes,
  releaseEntry, releases, sha256,
} from './support/fixtures.mjs';

const HEX64 = /^[0-9a-f]{64}$/;
const sortRows = (rows) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

test.describe('every verdict, one file at a time through #file-input', () => {
  for (const c of VERDICT_CASES) {
    test(`${c.verdict} (${c.source}): ${c.id}`, async ({ page, openSite }) => {
      await openSite();
      const [got] = await chooseFiles(page, [c]);
      expect(brief(got)).toEqual({ file: c.name, verdict: c.verdict, source: c.source, sha256: sha256(c.bytes) });
      expect(got.sha256).toMatch(HEX64);
    });
  }

  test('a file name with markup is shown as text, never parsed', async ({ page, openSite }) => {
    await openSite();
    const c = VERDICT_CASES.find((v) => v.name === MARKUP_NAME);
    const imagesBefore = await page.locator('img').count();
    const [got] = await chooseFiles(page, [c]);
    expect(got.file).toBe(MARKUP_NAME);
    const el = verdictLocator(page).first();
    await expect(el).toHaveAttribute('data-file', MARKUP_NAME);
    // No element was made from the name anywhere in the document, and it reads as the raw text.
    expect(await page.locator('img').count()).toBe(imagesBefore);
    expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
    expect(await el.evaluate((e) => e.querySelectorAll('img').length)).toBe(0);
    expect(await el.evaluate((e) => e.textContent)).toContain(MARKUP_NAME);
    // (An alert would have failed the test through the dialog guard.)
  });
});

test('all verdict files chosen at once: each gets its own element and its own result', async ({ page, openSite }) => {
  await openSite();
  const got = await chooseFiles(page, VERDICT_CASES);
  const want = VERDICT_CASES.map((c) => ({ file: c.name, verdict: c.verdict, source: c.source, sha256: sha256(c.bytes) }));
  expect(sortRows(got.map(brief))).toEqual(sortRows(want));
});

test.describe('dropping files on #drop-zone', () => {
  test('two files with one name in one drop each get their own element', async ({ page, openSite }) => {
    await openSite();
    const one = randomBytes(40_000, 11);
    const two = randomBytes(50_000, 12);
    await dropFiles(page, [{ name: 'same.bin', bytes: one }, { name: 'same.bin', bytes: two }]);
    const got = await finalVerdicts(page, 2);
    expect(sortRows(got.map(brief))).toEqual(sortRows([
      { file: 'same.bin', verdict: 'unknown', source: 'none', sha256: sha256(one) },
      { file: 'same.bin', verdict: 'unknown', source: 'none', sha256: sha256(two) },
    ]));
  });

  test('a dropped official archive matches; dropping it again adds a second element', async ({ page, openSite }) => {
    await openSite();
    await dropFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    await finalVerdicts(page, 1);
    await dropFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    const got = await finalVerdicts(page, 2);
    const row = { file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) };
    expect(got.map(brief)).toEqual([row, row]);
  });

  test('a second drop does not cancel the first', async ({ page, openSite }) => {
    await openSite();
    const length = 192 << 20;
    const bigHash = sha256(patternBytes(length, 77));
    await dropFiles(page, [{ name: 'big.bin', pattern: { length, seed: 77 } }]);
    const big = page.locator('[data-testid="verdict"][data-file="big.bin"]');
    await expect(big).toHaveAttribute('data-verdict', 'pending');
    const { verdictsAtDrop } = await dropFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    // The point of the test: the first file was still being hashed when the second arrived.
    expect(verdictsAtDrop, 'fixture too small: the first file had finished before the second drop')
      .toEqual([{ file: 'big.bin', verdict: 'pending' }]);
    const got = await finalVerdicts(page, 2);
    expect(sortRows(got.map(brief))).toEqual(sortRows([
      { file: 'big.bin', verdict: 'unknown', source: 'none', sha256: bigHash },
      { file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) },
    ]));
  });
});

test.describe('a pasted checksum in #expected-sha256', () => {
  const mine = randomBytes(30_000, 21);
  const hex = sha256(mine);
  const cases = [
    { what: 'bare lowercase hex', text: hex, verdict: 'match' },
    { what: 'a sha256sum line', text: `${hex}  mine.bin`, verdict: 'match' },
    { what: 'a sha256sum binary-mode line', text: `${hex} *mine.bin`, verdict: 'match' },
    { what: 'uppercase hex (PowerShell Get-FileHash)', text: hex.toUpperCase(), verdict: 'match' },
    { what: 'hex with surrounding blanks and a newline', text: `  ${hex}\n`, verdict: 'match' },
    { what: 'a wrong checksum', text: sha256(Buffer.from('something else')), verdict: 'mismatch' },
  ];
  for (const c of cases) {
    test(`${c.what} → ${c.verdict}`, async ({ page, openSite }) => {
      await openSite();
      await page.fill('#expected-sha256', c.text);
      const [got] = await chooseFiles(page, [{ name: 'mine.bin', bytes: mine }]);
      expect(brief(got)).toEqual({ file: 'mine.bin', verdict: c.verdict, source: 'pasted', sha256: hex });
    });
  }

  test('it applies to every file chosen while it holds it, and is not cleared', async ({ page, openSite }) => {
    await openSite();
    await page.fill('#expected-sha256', hex);
    await chooseFiles(page, [{ name: 'mine.bin', bytes: mine }]);
    const got = await chooseFiles(page, [{ name: 'copy of mine.bin', bytes: mine }, { name: 'other.bin', bytes: randomBytes(100, 22) }]);
    expect(sortRows(got.map((v) => [v.file, v.verdict, v.source]))).toEqual(sortRows([
      ['mine.bin', 'match', 'pasted'], ['copy of mine.bin', 'match', 'pasted'], ['other.bin', 'mismatch', 'pasted'],
    ]));
    await expect(page.locator('#expected-sha256')).toHaveValue(hex);
  });

  test('it comes before the official list: an official file against a pasted checksum', async ({ page, openSite }) => {
    await openSite();
    await page.fill('#expected-sha256', sha256(GOOD));
    const [ok] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(brief(ok)).toEqual({ file: NAMES.A, verdict: 'match', source: 'pasted', sha256: sha256(GOOD) });
    // The visitor pasted another checksum: the file is the official one but not what they expect.
    await page.fill('#expected-sha256', sha256(OTHER));
    const got = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(brief(got[1])).toEqual({ file: NAMES.A, verdict: 'mismatch', source: 'pasted', sha256: sha256(GOOD) });
  });
});

test.describe('side files (*.sha256, *.sha256sum, SHA256SUMS, sha256sums.txt)', () => {
  const data = randomBytes(60_000, 31);
  const more = randomBytes(20_000, 32);

  test('foo.bin + foo.bin.sha256 dropped together: a match from the side file, one element only', async ({ page, openSite }) => {
    await openSite();
    await dropFiles(page, [
      { name: 'foo.bin', bytes: data },
      { name: 'foo.bin.sha256', bytes: Buffer.from(`${sha256(data)}\n`), type: 'text/plain' },
    ]);
    const got = await finalVerdicts(page, 1);
    expect(got.map(brief)).toEqual([{ file: 'foo.bin', verdict: 'match', source: 'sidefile', sha256: sha256(data) }]);
    await expect(page.locator('[data-testid="verdict"][data-file="foo.bin.sha256"]')).toHaveCount(0);
  });

  const listings = [
    { side: 'foo.bin.sha256sum', text: `${sha256(data)}  foo.bin\n`, first: true },
    { side: 'SHA256SUMS', text: `${sha256(more)}  bar.bin\n${sha256(data)}  foo.bin\n`, first: false },
    { side: 'sha256sums.txt', text: `${sha256(data)} *foo.bin\r\n${sha256(more)} *bar.bin\r\n`, first: true },
  ];
  for (const l of listings) {
    test(`${l.side} chosen with the files it names`, async ({ page, openSite }) => {
      await openSite();
      const side = { name: l.side, bytes: Buffer.from(l.text), mimeType: 'text/plain' };
      const files = [{ name: 'foo.bin', bytes: data }, { name: 'bar.bin', bytes: more }];
      await page.setInputFiles('#file-input', (l.first ? [side, ...files] : [...files, side]).map(asInput));
      const got = await finalVerdicts(page, 2);
      const barWant = l.text.includes('bar.bin')
        ? { file: 'bar.bin', verdict: 'match', source: 'sidefile', sha256: sha256(more) }
        : { file: 'bar.bin', verdict: 'unknown', source: 'none', sha256: sha256(more) };
      expect(sortRows(got.map(brief))).toEqual(sortRows([
        { file: 'foo.bin', verdict: 'match', source: 'sidefile', sha256: sha256(data) }, barWant,
      ]));
    });
  }

  test('a side file that disagrees → mismatch from the side file', async ({ page, openSite }) => {
    await openSite();
    const got = await chooseFiles(page, [
      { name: 'foo.bin', bytes: data },
      { name: 'foo.bin.sha256', bytes: Buffer.from(`${sha256(more)}\n`) },
    ], { expectCount: 1 });
    expect(got.map(brief)).toEqual([{ file: 'foo.bin', verdict: 'mismatch', source: 'sidefile', sha256: sha256(data) }]);
  });

  test('the official list comes before a side file', async ({ page, openSite }) => {
    await openSite();
    const got = await chooseFiles(page, [
      { name: `${NAMES.A}.sha256`, bytes: Buffer.from(`${sha256(GOOD)}\n`) },
      { name: NAMES.A, bytes: GOOD },
    ], { expectCount: 1 });
    expect(got.map(brief)).toEqual([{ file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) }]);
  });
});

/** Records every value of data-progress / data-verdict the verdict elements take. */
async function recordProgress(page) {
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver((records) => {
      for (const r of records) {
        const e = r.target;
        if (e.getAttribute && e.getAttribute('data-testid') === 'verdict') {
          window.__progress.push({ verdict: e.getAttribute('data-verdict'), progress: e.getAttribute('data-progress') });
        }
      }
    }).observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-progress', 'data-verdict'] });
  });
}

test('a 1 GiB file from disk is hashed and matched', async ({ page, openSite, bigFile }) => {
  test.setTimeout(300_000);
  const name = bigFile.path.split('/').pop();
  const list = [
    { version: 'go1.99.7', stable: true, files: [{ ...releaseEntry(name, Buffer.alloc(0)), sha256: bigFile.sha256, size: bigFile.size }] },
    ...releases(),
  ];
  await openSite({ releases: JSON.stringify(list) });
  await recordProgress(page);
  const started = Date.now();
  await page.setInputFiles('#file-input', bigFile.path);
  const el = verdictLocator(page);
  await expect(el).toHaveCount(1);
  await expect(el).toHaveAttribute('data-verdict', /^(?!pending$).+/, { timeout: 240_000 });
  const seconds = (Date.now() - started) / 1000;
  const [got] = await readVerdicts(page);
  expect(brief(got)).toEqual({ file: name, verdict: 'match', source: 'official', sha256: bigFile.sha256 });
  // While pending, data-progress was a number in [0, 1] that never went backwards.
  const seen = await page.evaluate(() => window.__progress);
  const pending = seen.filter((s) => s.verdict === 'pending' && s.progress !== null).map((s) => Number(s.progress));
  expect(pending.length, 'progress was reported while hashing').toBeGreaterThan(0);
  for (const p of pending) expect(p >= 0 && p <= 1, `data-progress ${p}`).toBe(true);
  expect(pending, 'progress never goes backwards').toEqual([...pending].sort((a, b) => a - b));
  const timing = `1 GiB chosen → verdict in ${seconds.toFixed(1)} s (${(1024 / seconds).toFixed(0)} MiB/s)`;
  test.info().annotations.push({ type: 'timing', description: timing });
  console.log(timing);
});

test('cancel stops that file alone; a file dropped after it still finishes', async ({ page, openSite, bigFile }) => {
  test.setTimeout(300_000);
  const name = bigFile.path.split('/').pop();
  await openSite();
  await page.setInputFiles('#file-input', bigFile.path);
  const big = page.locator(`[data-testid="verdict"][data-file="${name}"]`);
  await expect(big).toHaveAttribute('data-verdict', 'pending');
  await expect(big).toHaveAttribute('data-progress', /^(0(\.\d+)?|1(\.0+)?)$/);
  // A small file arrives while the big one is being hashed; it must not cancel it.
  const { verdictsAtDrop } = await dropFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
  expect(verdictsAtDrop).toEqual([{ file: name, verdict: 'pending' }]);
  await big.locator('[data-testid="cancel"]').click();
  await expect(big).toHaveAttribute('data-verdict', 'cancelled');
  expect(await big.getAttribute('data-sha256')).toBeNull();
  const small = page.locator(`[data-testid="verdict"][data-file="${NAMES.A}"]`);
  await expect(small).toHaveAttribute('data-verdict', 'match', { timeout: 60_000 });
  await expect(small).toHaveAttribute('data-sha256', sha256(GOOD));
  // And a file chosen after the cancel is checked as usual.
  const got = await chooseFiles(page, [{ name: NAMES.C, bytes: SIZELESS }]);
  expect(got.map((v) => [v.file, v.verdict])).toEqual(expect.arrayContaining([[NAMES.C, 'match'], [name, 'cancelled']]));
  expect(got).toHaveLength(3);
});

test('no request is made while files are checked', async ({ page, openSite }) => {
  const site = await openSite();
  await quiet(page);
  const seen = [];
  const note = (where) => (r) => {
    if (!/^(data|blob):/.test(r.url())) seen.push(`${where}: ${r.method()} ${r.url()}`);
  };
  page.on('request', note('page'));
  page.context().on('request', note('context'));
  const before = site.requests.length;
  // One good file (one pass), one cut short with no official size (a second, structural pass),
  // and a drop with a pasted checksum.
  await page.setInputFiles('#file-input', [
    asInput({ name: NAMES.A, bytes: GOOD }),
    asInput({ name: NAMES.C, bytes: SIZELESS.subarray(0, 100_000) }),
  ]);
  await finalVerdicts(page, 2);
  await page.fill('#expected-sha256', sha256(OTHER));
  await dropFiles(page, [{ name: 'other copy.tar.gz', bytes: OTHER }]);
  const got = await finalVerdicts(page, 3);
  expect(sortRows(got.map((v) => [v.file, v.verdict]))).toEqual(sortRows([
    [NAMES.A, 'match'], [NAMES.C, 'truncated'], ['other copy.tar.gz', 'match'],
  ]));
  // The hashing workers start with the first file and load their own code from the site, and
  // the service worker may check for a new deploy then (sw.js, pkg/build.js): GETs of the
  // site's own code are all that may be asked, and none carries anything of a file.
  const code = /^\/?(hash-worker\.js|sw\.js|pkg\/(worker\.js|worker_bg\.wasm|build\.js))$/;
  const ours = (url) => code.test(new URL(url).pathname.slice(new URL(site.url).pathname.length));
  expect(seen.filter((r) => !(/: GET /.test(r) && ours(r.split(' ').pop()))), 'requests seen by the browser').toEqual([]);
  const received = site.requests.slice(before);
  expect(received.filter((r) => !(r.method === 'GET' && ours(new URL(r.path, site.url).href))), 'requests received by the site').toEqual([]);
});
