// "Download and verify here" (issue 3) against real mirrors on loopback: nginx with CORS
// serving the official bytes, and one serving bytes of the official size that differ. The
// file reaches the visitor only when it matches: committed to the file they chose (the save
// dialog is replaced by a file in the origin-private file system, which takes the same
// writable), or saved from memory where the browser has no save dialog.
import { test, expect } from './support/harness.mjs';
import { corrupt, randomBytes, releaseEntry, sha256 } from './support/fixtures.mjs';
import { startNginx } from './support/nginx.mjs';

const FILE = 'go1.99.1.linux-amd64.tar.gz';
const BODY = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), randomBytes((6 << 20) - 4, 71)]);
const RELEASES = JSON.stringify([{ version: 'go1.99.1', stable: true, files: [releaseEntry(FILE, BODY)] }]);

test.use({
  allowedConsole: [[/Failed to load resource/, /net::ERR_/], { scope: 'test' }],
});

let nginx;

test.beforeAll(async () => {
  nginx = await startNginx([
    { name: 'good', cors: true, rate: '8m', files: { [FILE]: BODY } },
    { name: 'bad', cors: true, rate: '4m', files: { [FILE]: corrupt(BODY) } },
    { name: 'slow', cors: true, rate: '256k', files: { [FILE]: BODY } },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
});

function catalog(ids) {
  return JSON.stringify({
    checksum_sources: [],
    mirrors: ids.map((id) => ({
      id, name: id, url: `http://127.0.0.1:${nginx.ports[id]}/golang/{file}`, official: false, region: 'test',
    })),
  });
}

/** Replaces the save dialog: the visitor "chooses" a file in the origin-private file system. */
const SAVE_TO_OPFS = () => {
  window.showSaveFilePicker = async ({ suggestedName }) => {
    const root = await navigator.storage.getDirectory();
    return root.getFileHandle(suggestedName, { create: true });
  };
};

async function opfsFile(page, name) {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const file = await (await root.getFileHandle(name)).getFile();
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
    return { size: file.size, sha256: hex };
  }, name);
}

async function settled(page, ids) {
  for (const id of ids) {
    await expect(page.locator(`#mirror-table tr[data-mirror-id="${id}"]`))
      .toHaveAttribute('data-status', 'ok', { timeout: 15_000 });
  }
}

const downloadVerdict = (page) => page.locator('[data-testid="verdict"][data-origin="download"]');

test('a matching download is written to the file the visitor chose', async ({ page, openSite }) => {
  await page.addInitScript(SAVE_TO_OPFS);
  await openSite({ releases: RELEASES, catalog: catalog(['good']) });
  await settled(page, ['good']);
  await page.click('#recommended [data-testid="fetch-verify"]');
  const verdict = downloadVerdict(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'match', { timeout: 20_000 });
  await expect(verdict).toHaveAttribute('data-saved', 'disk');
  // Chromium transfers the body's branch to the hashing worker as a stream.
  await expect(verdict).toHaveAttribute('data-feed', 'stream');
  await expect(verdict).toHaveAttribute('data-mirror-id', 'good');
  await expect(verdict).toHaveAttribute('data-source', 'official');
  await expect(verdict).toHaveAttribute('data-sha256', sha256(BODY));
  expect(await opfsFile(page, FILE)).toEqual({ size: BODY.length, sha256: sha256(BODY) });
});

test('a download that does not match is thrown away, with the reason', async ({ page, openSite }) => {
  await page.addInitScript(SAVE_TO_OPFS);
  await openSite({ releases: RELEASES, catalog: catalog(['good', 'bad']) });
  await settled(page, ['good', 'bad']);
  await page.click('#mirror-table tr[data-mirror-id="bad"] [data-testid="fetch-verify"]');
  const verdict = downloadVerdict(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'mismatch', { timeout: 20_000 });
  await expect(verdict).toHaveAttribute('data-saved', 'discarded');
  await expect(verdict).toHaveAttribute('data-sha256', sha256(corrupt(BODY)));
  await expect(verdict).toContainText(sha256(BODY));
  // The writable was aborted: the chosen file never received the bytes.
  expect((await opfsFile(page, FILE)).size).toBe(0);
});

test('without a save dialog, the matching file is saved from memory', async ({ page, openSite }) => {
  await page.addInitScript(() => { delete window.showSaveFilePicker; });
  await openSite({ releases: RELEASES, catalog: catalog(['good']) });
  await settled(page, ['good']);
  const saved = page.waitForEvent('download');
  await page.click('#mirror-table tr[data-mirror-id="good"] [data-testid="fetch-verify"]');
  const download = await saved;
  expect(download.suggestedFilename()).toBe(FILE);
  const { readFile } = await import('node:fs/promises');
  expect(sha256(await readFile(await download.path()))).toBe(sha256(BODY));
  const verdict = downloadVerdict(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'match');
  await expect(verdict).toHaveAttribute('data-saved', 'memory');
  await expect(verdict).toHaveAttribute('data-feed', 'stream');
  await expect(verdict.locator('a[data-testid="save"]')).toHaveAttribute('download', FILE);
});

/**
 * A browser like Safari: no save dialog, and a stream cannot be transferred to a worker (it
 * throws DataCloneError, as Safari does). The page sends the hashing worker the bytes as
 * messages instead.
 */
const LIKE_SAFARI = () => {
  delete window.showSaveFilePicker;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, transfer) {
    if ([transfer ?? []].flat().some((t) => t instanceof ReadableStream)) {
      throw new DOMException('ReadableStream could not be transferred', 'DataCloneError');
    }
    return post.call(this, message, transfer);
  };
};

for (const [mirror, verdict, saved] of [['good', 'match', 'memory'], ['bad', 'mismatch', 'discarded']]) {
  test(`where a stream cannot go to a worker (Safari), a download is still hashed there: ${verdict}`, async ({ page, openSite }) => {
    await page.addInitScript(LIKE_SAFARI);
    await openSite({ releases: RELEASES, catalog: catalog([mirror]) });
    await settled(page, [mirror]);
    await page.click(`#mirror-table tr[data-mirror-id="${mirror}"] [data-testid="fetch-verify"]`);
    const got = downloadVerdict(page);
    await expect(got).toHaveAttribute('data-verdict', verdict, { timeout: 20_000 });
    await expect(got).toHaveAttribute('data-saved', saved);
    await expect(got).toHaveAttribute('data-feed', 'messages');
    await expect(got).toHaveAttribute('data-sha256', sha256(mirror === 'good' ? BODY : corrupt(BODY)));
  });
}

test('a download shows its progress and can be cancelled; nothing is saved', async ({ page, openSite }) => {
  await page.addInitScript(SAVE_TO_OPFS);
  await openSite({ releases: RELEASES, catalog: catalog(['slow']) });
  await settled(page, ['slow']);
  await page.click('#recommended [data-testid="fetch-verify"]');
  const verdict = downloadVerdict(page);
  await expect(verdict).toHaveAttribute('data-verdict', 'pending');
  await expect.poll(async () => Number(await verdict.getAttribute('data-progress')), { timeout: 10_000 })
    .toBeGreaterThan(0);
  await expect(verdict).toContainText('KiB/s');
  await verdict.locator('[data-testid="cancel"]').click();
  await expect(verdict).toHaveAttribute('data-verdict', 'cancelled');
  await expect(verdict).toHaveAttribute('data-saved', 'discarded');
  expect((await opfsFile(page, FILE)).size).toBe(0);
});

test('closing the save dialog starts nothing', async ({ page, openSite }) => {
  await page.addInitScript(() => {
    window.showSaveFilePicker = async () => { throw new DOMException('The user aborted a request.', 'AbortError'); };
  });
  await openSite({ releases: RELEASES, catalog: catalog(['good']) });
  await settled(page, ['good']);
  await page.click('#recommended [data-testid="fetch-verify"]');
  await page.waitForTimeout(500);
  await expect(page.locator('[data-testid="verdict"]')).toHaveCount(0);
});
