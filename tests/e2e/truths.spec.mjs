// Smaller truths the page tells, in both languages, found through the data-truth attributes
// of the elements that tell them and the commands and names they carry (which no translation
// changes): Homebrew's mirror needs HOMEBREW_API_DOMAIN too; winget, Scoop and Chocolatey
// download from dl.google.com themselves; Windows PowerShell 5.1's Invoke-WebRequest is slow
// unless its progress bar is off (or curl.exe is used), and the page's own Windows commands do
// that; goproxy.cn is Qiniu's, Aliyun's proxy is mirrors.aliyun.com/goproxy/.
import { test, expect } from './support/harness.mjs';

/** Every [data-truth] element's key and text, in page order. */
const truths = (page) => page.locator('[data-truth]').evaluateAll((els) => els.map((e) => [e.dataset.truth, e.textContent]));

for (const lang of ['en', 'zh-CN']) {
  test(`the smaller truths are told, ${lang}`, async ({ page, openSite }) => {
    await openSite();
    if (lang !== 'en') {
      await page.click('#lang-switch');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
    }
    const all = await truths(page);
    const keys = [...new Set(all.map(([k]) => k))].sort();
    expect(keys).toEqual(['downloads-from-dl-google', 'goproxy-operators', 'homebrew-api-domain', 'powershell-progress']);
    const texts = (key) => all.filter(([k]) => k === key).map(([, t]) => t);
    // The brew row and the note under the table.
    expect(texts('homebrew-api-domain')).toHaveLength(2);
    for (const t of texts('homebrew-api-domain')) expect(t).toContain('HOMEBREW_API_DOMAIN');
    expect(texts('homebrew-api-domain')[1]).toContain('HOMEBREW_BOTTLE_DOMAIN=');
    // winget, Scoop and Chocolatey's rows, and the note.
    expect(texts('downloads-from-dl-google')).toHaveLength(4);
    for (const t of texts('downloads-from-dl-google')) expect(t).toContain('dl.google.com');
    const [powershell] = texts('powershell-progress');
    expect(powershell).toContain("$ProgressPreference = 'SilentlyContinue'");
    expect(powershell).toContain('curl.exe');
    const [proxies] = texts('goproxy-operators');
    expect(proxies).toContain('七牛');
    expect(proxies).toContain('mirrors.aliyun.com/goproxy/');
    // The page's own Windows downloads turn the progress bar off first.
    for (const where of ['#commands', '#install']) {
      const windows = page.locator(`${where} [data-os="windows"] code`);
      await expect(windows).toContainText("$ProgressPreference = 'SilentlyContinue'\nInvoke-WebRequest");
    }
  });
}
