// Offline use (issue 4): after one visit the service worker serves the page, the checksum list
// and the wasm with the network gone and the server stopped, and a file is still verified;
// under a sub-path too. Mirror probes (other origins) are never answered from the cache.
import { test, expect, chooseFiles } from './support/harness.mjs';
import { GOOD, NAMES, sha256 } from './support/fixtures.mjs';

test.use({
  // Offline, the probes of the shipped catalog's mirrors fail, as they should.
  allowedConsole: [[/Failed to load resource/, /net::ERR_/], { scope: 'test' }],
});

/** Waits until the service worker controls the page (it claims clients when it activates). */
async function controlled(page) {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  }, null, { timeout: 15_000 });
}

for (const base of ['/', '/some/sub/path/']) {
  test(`after one visit, a file is verified with no network at all (site at ${base})`, async ({ page, context, openSite }) => {
    const site = await openSite({ base });
    await controlled(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(site.url);

    await site.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'snapshot');
    const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(got).toMatchObject({ verdict: 'match', source: 'official', sha256: sha256(GOOD) });
  });
}

test('online, the catalog and list come from the network, not an old cache', async ({ page, openSite }) => {
  const site = await openSite();
  await controlled(page);
  await page.reload();
  await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'snapshot');
  // The first load, the worker's precache, and the reload through the worker.
  const fetched = site.requests.filter((r) => r.path.endsWith('/data/catalog.json')).length;
  expect(fetched, 'the catalog was fetched on each load').toBe(3);
});
