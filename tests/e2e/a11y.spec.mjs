// A page people can use (issue 4): axe-core finds no accessibility violation with the page in
// a full state (sources measured, files checked, a diagnosis, guidance open), in both
// languages and both colour schemes; the keyboard reaches every control with a visible focus
// ring; on a phone and a wide screen nothing overflows. Screenshots of each language and width
// go to the test's output, or to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test, expect, chooseFiles } from './support/harness.mjs';
import { GOOD, NAMES, corrupt, releasesJson } from './support/fixtures.mjs';
import { freePort, startNginx } from './support/nginx.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(import.meta.dirname, '../../docs/screenshots');

test.use({
  allowedConsole: [[/Failed to load resource/, /blocked by CORS policy/, /net::ERR_/], { scope: 'test' }],
});

let nginx;
let refused;

test.beforeAll(async () => {
  refused = await freePort();
  const files = { [NAMES.A]: GOOD, 'golang.org/toolchain/@v/v0.0.1-go1.99.1.linux-amd64.zip': GOOD };
  nginx = await startNginx([
    { name: 'fast', cors: true, rate: '4m', files },
    { name: 'nocors', cors: false, files },
  ]);
});

test.afterAll(async () => {
  await nginx?.stop();
});

/** The page with every part filled in: measured sources, a good and a bad file, guidance open. */
async function fullPage(page, openSite) {
  const at = (port) => `http://127.0.0.1:${port}/golang/`;
  const m = (id, name, port, extra = {}) => ({ id, name, url: `${at(port)}{file}`, region: 'cn', official: false, ...extra });
  await openSite({
    releases: releasesJson(),
    catalog: JSON.stringify({
      checksum_sources: [],
      mirrors: [
        m('official', 'go.dev', refused, { official: true, region: 'global' }),
        m('fast', 'Fast mirror', nginx.ports.fast),
        m('nocors', 'Mirror without CORS', nginx.ports.nocors, { note: 'A university mirror.' }),
        m('old', 'Old mirror', refused, { gone: 'Closed in 2025.' }),
      ],
      module_proxies: [{ id: 'proxy', name: 'A proxy', url: at(nginx.ports.fast), region: 'cn' }],
    }),
  });
  await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await expect(page.locator('#proxy-advice')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
  await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }, { name: NAMES.B, bytes: corrupt(GOOD) }]);
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
}

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.split('\n').slice(1).join(' ')}`).join('\n')}`);
}

test.describe('axe-core', () => {
  // axe is injected as a script, which the page's policy rightly refuses.
  test.use({ bypassCSP: true });

  for (const scheme of ['light', 'dark']) {
    test(`no violation in English and Chinese, ${scheme} scheme`, async ({ page, openSite }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await fullPage(page, openSite);
      expect(await axe(page), 'English').toEqual([]);
      await page.click('#lang-switch');
      await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
      expect(await axe(page), 'Chinese').toEqual([]);
    });
  }
});

test('the keyboard reaches every control, with a visible focus ring', async ({ page, openSite }) => {
  await fullPage(page, openSite);
  await page.evaluate(() => document.activeElement?.blur());
  const wanted = ['#lang-switch', '#rerun', '#mirror-table button[data-sort-key="throughput"]',
    '#report-json', '#report-markdown', '#add-mirror-url', '#pick-version', '#file-input', '#expected-sha256',
    '[data-testid="fetch-verify"]', '#proxy-table button[data-sort-key="latency"]'];
  const reached = new Set();
  for (let i = 0; i < 200 && reached.size < wanted.length; i++) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((wanted) => {
      const el = document.activeElement;
      const match = wanted.find((s) => el?.matches(s));
      if (!match) return null;
      // The ring of a visually hidden input is drawn on its label.
      const shown = el.id === 'file-input' ? document.querySelector('label[for="file-input"]') : el;
      return { match, outline: getComputedStyle(shown).outlineStyle };
    }, wanted);
    if (hit) {
      expect(hit.outline, `${hit.match} shows focus`).not.toBe('none');
      reached.add(hit.match);
    }
  }
  expect([...reached].sort()).toEqual([...wanted].sort());
});

for (const lang of ['en', 'zh-CN']) {
  for (const width of [390, 1280]) {
    test(`${lang} at ${width} px: nothing overflows; screenshot`, async ({ page, openSite }, info) => {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await fullPage(page, openSite);
      if (lang === 'zh-CN') await page.click('#lang-switch');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      // What sticks out, outermost first, to say where to look when it fails.
      const overflow = await page.evaluate(() => ({
        px: document.documentElement.scrollWidth - window.innerWidth,
        culprits: [...document.querySelectorAll('body *')].filter((el) => {
          const out = (e) => e.getBoundingClientRect().right > window.innerWidth + 1;
          return out(el) && !out(el.parentElement);
        }).map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`),
      }));
      expect(overflow.px, `horizontal overflow: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(0);
      const path = process.env.UPDATE_SCREENSHOTS ? join(SHOTS, `${lang}-${width}.png`) : info.outputPath(`${lang}-${width}.png`);
      await page.screenshot({ path, fullPage: true });
    });
  }
}
