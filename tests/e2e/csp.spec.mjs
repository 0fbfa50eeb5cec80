// The Content-Security-Policy (issue 4): it allows what the page needs and nothing more. The
// static half reads the shipped files; the run-time half records every violation through a
// whole session (lists, probes, a checked file, a download, the report, the language switch)
// and shows that inline script and eval are refused while WebAssembly runs.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, chooseFiles } from './support/harness.mjs';
import { GOOD, NAMES, releasesJson } from './support/fixtures.mjs';
import { WWW } from './support/site.mjs';
import { startNginx } from './support/nginx.mjs';

const html = readFileSync(join(WWW, 'index.html'), 'utf8');
const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)?.[1];
const directives = Object.fromEntries((policy ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0])
  .map(([name, ...values]) => [name, values]));

test('the policy: nothing by default, scripts only from the site, no inline code, no eval', () => {
  expect(policy, 'index.html carries the policy').toBeTruthy();
  expect(directives['default-src']).toEqual(["'none'"]);
  expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  expect(directives['style-src']).toEqual(["'self'"]);
  expect(directives['worker-src']).toEqual(["'self'"]);
  // Mirrors are any http(s) host the catalog or the visitor names: that is what the page measures.
  expect(directives['connect-src']).toEqual(["'self'", 'https:', 'http:']);
  expect(directives['img-src']).toEqual(["'self'", 'data:']);
  expect(directives['base-uri']).toEqual(["'none'"]);
  expect(directives['form-action']).toEqual(["'none'"]);
  expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
  expect(Object.keys(directives).sort()).toEqual(
    ['base-uri', 'connect-src', 'default-src', 'form-action', 'img-src', 'script-src', 'style-src', 'worker-src']);
});

test('the shipped files hold no inline script, handler, style or eval', () => {
  for (const script of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    expect(script[1], 'every script is a file').toMatch(/\bsrc="[^"]+"/);
    expect(script[2].trim(), 'and has no inline body').toBe('');
  }
  expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/\sstyle\s*=/i);
  expect(html).not.toMatch(/javascript:/i);
  const scripts = readdirSync(WWW).filter((f) => f.endsWith('.js')).map((f) => join(WWW, f));
  scripts.push(join(WWW, 'pkg/gomirror.js'));
  for (const file of scripts) {
    expect(readFileSync(file, 'utf8'), file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['"`]/);
  }
});

test.describe('at run time', () => {
  test.use({ allowedConsole: [[/Content Security Policy/, /Refused to/, /Failed to load resource/], { scope: 'test' }] });

  let nginx;
  test.beforeAll(async () => {
    nginx = await startNginx([{ name: 'm', cors: true, rate: '4m', files: { [NAMES.A]: GOOD } }]);
  });
  test.afterAll(async () => { await nginx?.stop(); });

  test('a whole session raises no violation; inline script and eval are refused', async ({ page, openSite }) => {
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`);
      });
      const root = navigator.storage.getDirectory();
      window.showSaveFilePicker = async ({ suggestedName }) => (await root).getFileHandle(suggestedName, { create: true });
    });
    await openSite({
      releases: releasesJson(),
      // A same-origin script, which the policy lets run, that tries eval.
      overrides: { 'try-eval.js': "try { eval('1'); window.__eval = 'ran'; } catch (e) { window.__eval = e.name; }" },
      catalog: JSON.stringify({ checksum_sources: [], mirrors: [
        { id: 'm', name: 'm', url: `http://127.0.0.1:${nginx.ports.m}/golang/{file}`, official: false, region: 'test' }] }),
    });
    await expect(page.locator('#recommended')).toHaveAttribute('data-settled', 'true', { timeout: 15_000 });
    await chooseFiles(page, [{ name: NAMES.A, bytes: GOOD }]);
    await page.click('#recommended [data-testid="fetch-verify"]');
    await expect(page.locator('[data-origin="download"]')).toHaveAttribute('data-verdict', 'match', { timeout: 15_000 });
    const saved = page.waitForEvent('download');
    await page.click('#report-json');
    await saved;
    await page.click('#lang-switch');
    await page.click('#mirror-table button[data-sort-key="latency"]');
    await page.locator('#install-other summary').click();
    expect(await page.evaluate(() => window.__violations)).toEqual([]);

    // WebAssembly ran (the verdicts above); inline script and eval do not.
    const refused = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = true;';
      document.head.append(script);
      const tryEval = document.createElement('script');
      tryEval.src = 'try-eval.js';
      const loaded = new Promise((r) => { tryEval.onload = r; });
      document.head.append(tryEval);
      await loaded;
      await new Promise((r) => setTimeout(r, 100));
      return { inline: window.__inline ?? false, evaluated: window.__eval, violations: window.__violations };
    });
    expect(refused.inline).toBe(false);
    expect(refused.evaluated).toBe('EvalError');
    expect(refused.violations.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
    expect(refused.violations.some((v) => v.startsWith('script-src eval'))).toBe(true);
  });
});
