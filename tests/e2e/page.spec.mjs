// The page as a whole: its language, and serving it from a sub-path.
import { test, expect, brief, chooseFiles } from './support/harness.mjs';
import { GOOD, NAMES, sha256 } from './support/fixtures.mjs';

for (const [locale, lang] of [['zh-CN', 'zh-CN'], ['en-US', 'en']]) {
  test.describe(`navigator.language ${locale}`, () => {
    test.use({ locale });

    test(`<html lang="${lang}">, and #lang-switch flips it back and forth`, async ({ page, openSite }) => {
      await openSite();
      expect(await page.evaluate(() => navigator.language)).toBe(locale);
      const html = page.locator('html');
      await expect(html).toHaveAttribute('lang', lang);
      const other = lang === 'en' ? 'zh-CN' : 'en';
      await page.locator('#lang-switch').click();
      await expect(html).toHaveAttribute('lang', other);
      await page.locator('#lang-switch').click();
      await expect(html).toHaveAttribute('lang', lang);
    });
  });
}

for (const base of ['/some/sub/path/', '/a/b/c/d/e/gomirror/']) {
  test(`served under ${base}: the page loads and a file verifies`, async ({ page, openSite }) => {
    const site = await openSite({ base });
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', 'snapshot');
    const [got] = await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    expect(brief(got)).toEqual({ file: NAMES.A, verdict: 'match', source: 'official', sha256: sha256(GOOD) });
    // Every URL the page used is relative to it: nothing was asked for outside the sub-path.
    expect(site.requests.filter((r) => !r.path.startsWith(base))).toEqual([]);
    expect(site.requests.filter((r) => r.status >= 400)).toEqual([]);
  });
}
