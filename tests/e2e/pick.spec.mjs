// Which official file the page offers: detected from the user agent, then chosen with the
// selectors. (#pick-* are this page's own ids; file names are data, not translated text.)
import { test, expect } from './support/harness.mjs';
import { NAMES, randomBytes, releaseEntry, releasesJson } from './support/fixtures.mjs';

const MSI = 'go1.99.1.windows-amd64.msi';
const withInstaller = () => releasesJson({ extra: [releaseEntry(MSI, randomBytes(1000, 77), { kind: 'installer' })] });

test.describe('a Windows visitor', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' });

  test('is offered the .msi go.dev features, and the selectors pick other files', async ({ page, openSite }) => {
    await openSite({ releases: withInstaller() });
    await expect(page.locator('#pick-file')).toHaveText(MSI);
    await expect(page.locator('#pick-link')).toHaveAttribute('href', `https://go.dev/dl/${MSI}`);
    await page.selectOption('#pick-kind', 'archive');
    await expect(page.locator('#pick-file')).toHaveText(NAMES.Z);
    await page.selectOption('#pick-os', 'linux');
    await expect(page.locator('#pick-file')).toHaveText(NAMES.A);
    await page.selectOption('#pick-arch', 'arm64');
    await expect(page.locator('#pick-file')).toHaveText(NAMES.B);
    // go1.98.3 has no linux/arm64: the OS stays, the architecture becomes one it has.
    await page.selectOption('#pick-version', 'go1.98.3');
    await expect(page.locator('#pick-file')).toHaveText(NAMES.OLD);
    await expect(page.locator('#pick-arch')).toHaveValue('amd64');
  });

  test('falls back to the archive where the list has no installer', async ({ page, openSite }) => {
    await openSite();
    await expect(page.locator('#pick-file')).toHaveText(NAMES.Z);
  });
});

test.describe('a Mac visitor', () => {
  test.use({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15' });

  test('in Chromium: client hints tell the chip', async ({ page, openSite }) => {
    await openSite();
    const arch = await page.evaluate(async () => (await navigator.userAgentData.getHighEntropyValues(['architecture'])).architecture);
    await expect(page.locator('#pick-os')).toHaveValue('darwin');
    await expect(page.locator('#pick-arch')).toHaveValue(arch === 'arm' ? 'arm64' : 'amd64');
    await expect(page.locator('#pick-guess')).toBeHidden();
  });

  test('in Safari (no client hints): Apple silicon is assumed, and the page says so', async ({ page, openSite }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined });
    });
    await openSite();
    await expect(page.locator('#pick-guess')).toBeVisible();
    await expect(page.locator('#pick-os')).toHaveValue('darwin');
    await expect(page.locator('#pick-arch')).toHaveValue('arm64');
  });
});
