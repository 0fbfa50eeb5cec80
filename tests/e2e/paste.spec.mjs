// Paste what you see (issue 11): #paste-input takes go env output or an error message and
// #paste-findings lists one [data-finding] per finding, each with [data-os] commands for
// Linux, macOS and Windows; the wording of goproxy-default follows #diagnosis's
// official-unreachable; a megabyte or binary junk leaves the page responsive; the box's rules
// and words are fetched on its first use, not with the page. Driven through
// the page contract only: ids and data attributes, never words that translation changes.
import { test, expect, MIRROR_NOISE } from './support/harness.mjs';
import { GOOD, NAMES, randomBytes } from './support/fixtures.mjs';
import { freePort, startNginx } from './support/nginx.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SITE } from './support/site.mjs';

const AXE = readFileSync(join(SITE, '..', 'node_modules/axe-core/axe.min.js'), 'utf8');

/** axe's violations inside #paste, as readable lines. */
async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => window.axe.run('#paste', { resultTypes: ['violations'] }));
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** English function words outside code, as quality.spec.mjs looks for them on the Chinese page. */
const ENGLISH_WORD = /(?<![\w-])(?:a|an|the|and|not|is|are|of|to|with|from|was|this|that|your|no|or|for|by|on|in|it|be|has|have|can|will)(?![\w-])/gi;
const TECHNICAL = /:\/\/|\w[./=@_{}]\w|^[./~]\w|\{\w+\}/;
const englishIn = (text) => (text.replace(/[!-~]+/g, (run) => (TECHNICAL.test(run) ? ' ' : run)).match(ENGLISH_WORD) ?? []);

const OSES = ['linux', 'darwin', 'windows'];

/**
 * Pastes `text` and waits until the findings are exactly `keys`, in order. Short text is typed
 * in as Playwright fills a field; a long one, or one with control characters, reaches the text
 * box as a paste leaves it: its whole value at once and one `input` event (Playwright's own
 * text insertion takes longer than a test may last for a megabyte). Returns the findings'
 * locator; for the latter, its `ms` is the time from the `input` event until the answer changed
 * (#paste-findings or #paste-status: the page changes only what differs, and the same findings
 * for another text leave #paste-findings as it is), measured in the page (the pause of 150 ms
 * before reading included).
 */
async function paste(page, text, keys) {
  const box = page.locator('#paste-input');
  let ms = null;
  // eslint-disable-next-line no-control-regex
  if (text.length <= 1 << 16 && !/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/.test(text)) await box.fill(text);
  else {
    ms = await box.evaluate((el, value) => new Promise((resolve) => {
      const answer = document.getElementById('paste');
      const observer = new MutationObserver(() => {
        observer.disconnect();
        resolve(performance.now() - started);
      });
      observer.observe(answer, { childList: true, subtree: true, characterData: true });
      el.value = value;
      const started = performance.now();
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }), text);
  }
  const findings = page.locator('#paste-findings [data-finding]');
  await expect.poll(() => findings.evaluateAll((els) => els.map((e) => e.dataset.finding)), { timeout: 10_000 })
    .toEqual(keys);
  return Object.assign(findings, { ms });
}

/** Every finding holds exactly one command block per OS, each with commands in it. */
async function expectCommandsPerOs(findings) {
  const blocks = await findings.evaluateAll((els) => els.map((e) => ({
    key: e.dataset.finding,
    oses: [...e.querySelectorAll('[data-os]')].map((b) => b.dataset.os).sort(),
    empty: [...e.querySelectorAll('[data-os] code')].filter((c) => !c.textContent.trim()).length,
  })));
  for (const { key, oses, empty } of blocks) {
    expect(oses, key).toEqual([...OSES].sort());
    expect(empty, key).toBe(0);
  }
}

const GO_ENV_LINUX = `GO111MODULE=''
GOARCH='amd64'
GOFLAGS=''
GOINSECURE=''
GONOPROXY=''
GONOSUMDB=''
GOPRIVATE=''
GOPROXY='https://proxy.golang.org,direct'
GOROOT='/usr/local/go'
GOSUMDB='sum.golang.org'
GOTOOLCHAIN='auto'
GOVERSION='go1.22.0'`;

const GO_ENV_WINDOWS = `set GOARCH=amd64
set GOFLAGS=-insecure
set GOPRIVATE=*
set GOPROXY=direct
set GOSUMDB=off
set GOTOOLCHAIN=local
set GOVERSION=go1.22.0`;

const GO_ENV_JSON = `{
\t"GOFLAGS": "",
\t"GONOSUMDB": "*.*",
\t"GOPROXY": "https://goproxy.cn,direct",
\t"GOSUMDB": "sum.golang.org",
\t"GOTOOLCHAIN": "local"
}`;

test('go env in its three forms, with commands for every OS', async ({ page, openSite }) => {
  await openSite();
  await expectCommandsPerOs(await paste(page, GO_ENV_LINUX, ['goproxy-default']));
  await expectCommandsPerOs(await paste(page, GO_ENV_WINDOWS, ['goproxy-default', 'gosumdb-off', 'insecure', 'private-too-wide']));
  await expectCommandsPerOs(await paste(page, GO_ENV_JSON, ['private-too-wide']));
  // Narrowed to nothing: the setting is removed.
  await expect(page.locator('[data-finding="private-too-wide"] [data-os="linux"] code')).toContainText('go env -u GONOSUMDB');
  // Emptied: nothing is shown.
  await page.locator('#paste-input').fill('');
  await expect(page.locator('#paste-findings [data-finding]')).toHaveCount(0);
});

test('error messages of go, curl, wget, tar and sha256sum, several in one paste', async ({ page, openSite }) => {
  await openSite();
  const session = [
    '$ go build ./...',
    'go: downloading go1.23.1 (linux/amd64)',
    'go: download go1.23.1: golang.org/toolchain@v0.0.1-go1.23.1.linux-amd64.zip: Get "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.1.linux-amd64.zip": dial tcp 142.251.43.17:443: i/o timeout',
    '$ curl -fLO https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz',
    'curl: (6) Could not resolve host: dl.google.com',
    'curl: (56) Recv failure: Connection reset by peer',
    '$ tar -C /usr/local -xzf go1.23.1.linux-amd64.tar.gz',
    'gzip: stdin: unexpected end of file',
    'tar: Unexpected EOF in archive',
    'tar: Error is not recoverable: exiting now',
    'go1.23.1.linux-amd64.tar.gz: FAILED',
    'sha256sum: WARNING: 1 computed checksum did NOT match',
  ].join('\n');
  const findings = await paste(page, session, ['toolchain-download', 'timeout', 'dns', 'connection-reset', 'archive-cut', 'sha256-mismatch']);
  await expectCommandsPerOs(findings);
  await expect(page.locator('[data-finding="dns"] [data-os="linux"] code')).toContainText('nslookup dl.google.com 223.5.5.5');
  await expect(page.locator('[data-finding="dns"] [data-os="windows"] code')).toContainText('Resolve-DnsName dl.google.com -Server 223.5.5.5');
  await expect(page.locator('[data-finding="toolchain-download"] [data-os="linux"] code'))
    .toContainText("GOPROXY=https://goproxy.cn,direct GOTOOLCHAIN='go1.23.1' go version");
  await expect(page.locator('[data-finding="timeout"] [data-os="linux"] code')).toContainText('curl -4 ');
  await expect(page.locator('[data-finding="timeout"] [data-os="linux"] code')).toContainText('mtr -rwT -P 443 proxy.golang.org');
  // The line that showed it, from the paste.
  await expect(page.locator('[data-finding="dns"] code.seen')).toHaveText('curl: (6) Could not resolve host: dl.google.com');

  const more = [
    ['curl: (7) Failed to connect to 127.0.0.1 port 7890 after 0 ms: Connection refused', ['refused']],
    ['curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to dl.google.com:443', ['tls-handshake']],
    ['curl: (60) SSL certificate problem: unable to get local issuer certificate', ['tls-unknown-ca']],
    ['verifying github.com/sirupsen/logrus@v1.9.3: checksum mismatch\n\tdownloaded: h1:x=\n\tgo.sum:     h1:y=\n\nSECURITY ERROR', ['module-checksum-mismatch']],
    ['warning: go env -w GOPROXY=... does not override conflicting OS environment variable', ['env-override']],
    ['https://dl.google.com/go/go1.22.linux-amd64.tar.gz:\n2024-02-07 10:01:12 ERROR 404: Not Found.', ['no-such-file']],
    ['curl -fLO https://storage.googleapis.com/golang/go1.21.6.linux-amd64.tar.gz\ncurl: (22) The requested URL returned error: 403', ['gcs-gone']],
    ['gzip: stdin: not in gzip format', ['not-an-archive']],
    ['it does not work', ['not-recognised']],
  ];
  for (const [text, keys] of more) await expectCommandsPerOs(await paste(page, text, keys));
  // Go 1.21 and later: the first release ends in .0.
  await paste(page, more[5][0], ['no-such-file']);
  await expect(page.locator('[data-finding="no-such-file"] [data-os="linux"] code'))
    .toContainText("curl -fLO 'https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz'");
  // A TLS finding warns against switching the check off.
  await paste(page, more[2][0], ['tls-unknown-ca']);
  await expect(page.locator('[data-finding="tls-unknown-ca"] [data-os="linux"] code')).toContainText('openssl x509 -noout -issuer');
  await expect(page.locator('[data-finding="tls-unknown-ca"] p').first()).toContainText('curl -k');
  await expect(page.locator('[data-finding="tls-unknown-ca"] p').first()).toContainText('--no-check-certificate');
});

test('a pasted value with quotes and $(…) stays one quoted word', async ({ page, openSite }) => {
  await openSite();
  await paste(page, "GOPROXY='direct,https://x/'\\''$(rm -rf ~)'", ['goproxy-default']);
  const finding = page.locator('[data-finding="goproxy-default"]');
  await expect(finding.locator('[data-os="linux"] code')).toContainText("go env -w GOPROXY='direct,https://x/'\\''$(rm -rf ~)'");
  await expect(finding.locator('[data-os="windows"] code')).toContainText("go env -w 'GOPROXY=direct,https://x/''$(rm -rf ~)'");
  // Markup in a paste stays text.
  await paste(page, '<img src=x onerror=alert(1)>.tar.gz: FAILED', ['sha256-mismatch']);
  await expect(page.locator('#paste-findings img')).toHaveCount(0);
  await expect(page.locator('[data-finding="sha256-mismatch"] [data-os="linux"] code')).toContainText("sha256sum '<img src=x onerror=alert(1)>.tar.gz'");
});

test('a megabyte and binary junk: a clear answer, and the page keeps answering', async ({ page, openSite }) => {
  await openSite();
  const noise = '2024-03-01T09:12:44Z INFO build step 17 of 240: compiling package example.com/svc/internal/handlers\n';
  const big = `curl: (6) Could not resolve host: dl.google.com\n${noise.repeat(Math.ceil((1 << 20) / noise.length))}`;
  expect(big.length).toBeGreaterThan(1 << 20);
  // The page keeps answering: a click on a sort button of #mirror-table is handled at once
  // (switching the language would also lay out the whole text box again, in the browser).
  const responsive = async () => {
    const header = page.locator('#mirror-table th:has(button[data-sort-key="name"])');
    const before = await header.getAttribute('aria-sort');
    const started = Date.now();
    await page.click('#mirror-table button[data-sort-key="name"]');
    await expect(header).not.toHaveAttribute('aria-sort', before ?? 'none', { timeout: 2_000 });
    return Date.now() - started;
  };
  const timed = async (text, keys) => (await paste(page, text, keys)).ms;
  const times = [];
  times.push(await timed(big, ['dns']));
  await expect(page.locator('#paste-status')).not.toBeEmpty();
  expect(await responsive()).toBeLessThan(2_000);
  // A megabyte of nothing known.
  times.push(await timed(noise.repeat(Math.ceil((1 << 20) / noise.length)), ['not-recognised']));
  expect(await responsive()).toBeLessThan(2_000);
  // A binary file's bytes, as pasting one gives: not text.
  for (const length of [4096, 1 << 20]) {
    times.push(await timed(randomBytes(length, length).toString('latin1'), ['not-recognised']));
    expect(await responsive()).toBeLessThan(2_000);
  }
  test.info().annotations.push({ type: 'input event to findings, in the page (ms)', description: times.map(Math.round).join(', ') });
  // Most of it is Chromium laying out a megabyte in a text box (about 1.5 s for text, 2.4 s for
  // junk on the 2-core machine, with no code of the page involved): a loose bound only.
  for (const ms of times) expect(ms).toBeLessThan(10_000);
  // And the language still switches, the findings with it.
  await page.click('#lang-switch');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN', { timeout: 10_000 });
  await expectCommandsPerOs(page.locator('#paste-findings [data-finding]'));
});

test.describe('the official hosts failing here', () => {
  test.use({ allowedConsole: [MIRROR_NOISE, { scope: 'test' }] });

  let nginx;
  let refused;
  test.beforeAll(async () => {
    refused = await freePort();
    nginx = await startNginx([{ name: 'fast', cors: true, files: { [NAMES.A]: GOOD } }]);
  });
  test.afterAll(async () => {
    await nginx?.stop();
  });

  const at = (port) => `http://127.0.0.1:${port}/golang/{file}`;
  const catalog = (officialPort) => JSON.stringify({
    checksum_sources: [],
    mirrors: [
      { id: 'official', name: 'official', url: at(officialPort), official: true, region: 'test' },
      { id: 'fast', name: 'fast', url: at(nginx.ports.fast), official: false, region: 'test' },
    ],
  });

  test('goproxy-default says more when #diagnosis found the official hosts failing', async ({ page, openSite }) => {
    const sentence = async (official, diagnosis) => {
      await openSite({ catalog: catalog(official) });
      await expect(page.locator('#diagnosis')).toHaveAttribute('data-diagnosis', diagnosis, { timeout: 20_000 });
      await paste(page, GO_ENV_LINUX, ['goproxy-default']);
      return page.locator('[data-finding="goproxy-default"] p').first().textContent();
    };
    const failing = await sentence(refused, 'official-unreachable');
    const working = await sentence(nginx.ports.fast, 'ok');
    expect(failing).not.toEqual(working);
    // And the other way round, on one page: pasted first, the wording follows the probes.
    await openSite({ catalog: catalog(refused), settle: false });
    await paste(page, GO_ENV_LINUX, ['goproxy-default']);
    await expect(page.locator('#diagnosis')).toHaveAttribute('data-diagnosis', 'official-unreachable', { timeout: 20_000 });
    await expect(page.locator('[data-finding="goproxy-default"] p').first()).toHaveText(failing);
  });
});

test.describe('loaded on first use', () => {
  // The service worker precaches every file of the site once the page has loaded (www/sw.js):
  // blocked here, so the server sees only what the page itself asks for.
  test.use({ serviceWorkers: 'block' });

  // The analyser's module (its glue and its wasm), its rules, and its words in each language.
  const PASTE_FILES = ['/data/paste.json', '/i18n/paste-en.json', '/i18n/paste-zh-CN.json', '/pkg/paste.js', '/pkg/paste_bg.wasm'];
  const asked = (site) => site.requests.map((r) => r.path.split('?')[0]).filter((p) => PASTE_FILES.includes(p));

  test('the paste\'s analyser, rules and words are fetched on the first focus, not with the page', async ({ page, openSite }) => {
    const site = await openSite();
    await expect(page.locator('#checksum-source')).toHaveAttribute('data-source', /./);
    expect(asked(site), 'nothing of the paste box comes with the page').toEqual([]);
    await expect(page.locator('#paste-status')).toHaveText('');

    // Slow rules: the box says they are on their way, then explains once they are there.
    site.hold('data/paste.json', 1_500);
    await page.locator('#paste-input').focus();
    await expect(page.locator('#paste-status')).not.toHaveText('');
    await expect.poll(() => asked(site).sort()).toEqual(['/data/paste.json', '/i18n/paste-en.json', '/pkg/paste.js', '/pkg/paste_bg.wasm']);
    await page.locator('#paste-input').fill('curl: (6) Could not resolve host: dl.google.com');
    await expect(page.locator('#paste-findings [data-finding]')).toHaveCount(0);
    await paste(page, 'curl: (6) Could not resolve host: dl.google.com', ['dns']);
    await expect(page.locator('#paste-status')).not.toHaveText(/…/);

    // Typing again fetches nothing again; the other language's words come with the switch.
    await paste(page, 'gzip: stdin: unexpected end of file', ['archive-cut']);
    await page.click('#lang-switch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('#paste-findings [data-finding="archive-cut"] h3')).toHaveText(/[\u4e00-\u9fff]/);
    expect(asked(site).sort()).toEqual(PASTE_FILES);
  });

  test('a page whose box is never used never fetches them, in either language', async ({ page, openSite }) => {
    const site = await openSite();
    await page.click('#lang-switch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(asked(site)).toEqual([]);
  });
});

test.describe('the Chinese page', () => {
  test.use({ locale: 'zh-CN' });

  test('explains findings in Chinese', async ({ page, openSite }) => {
    await openSite();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const chinese = /[\u4e00-\u9fff]/;
    const wget = [
      '--2024-03-01 09:12:44--  https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz',
      '正在解析主机 dl.google.com (dl.google.com)... 失败：名字解析时有临时错误。',
      'wget: 无法解析主机地址 “dl.google.com”',
      'gzip: stdin: unexpected end of file',
      'tar: 归档文件中异常的 EOF',
      'go1.22.0.linux-amd64.tar.gz: 失败',
      'sha256sum: 警告：1 个校验和不匹配',
    ].join('\n');
    const findings = await paste(page, wget, ['dns', 'archive-cut', 'sha256-mismatch']);
    await expectCommandsPerOs(findings);
    const words = await findings.evaluateAll((els) => els.map((e) => ({
      title: e.querySelector('h3').textContent,
      text: e.querySelector('p').textContent,
      comment: e.querySelector('[data-os="linux"] code').textContent.split('\n').find((l) => l.startsWith('#')) ?? '',
    })));
    for (const { title, text, comment } of words) {
      expect(title).toMatch(chinese);
      expect(text).toMatch(chinese);
      expect(comment).toMatch(chinese);
    }
    await expect(page.locator('#paste-status')).toHaveText(chinese);
    // No English prose outside code, in every finding the page knows.
    const every = [
      'GOPROXY=direct\nGOSUMDB=off\nGOFLAGS=-insecure\nGOPRIVATE=*\nGOTOOLCHAIN=go1.99.1',
      // The toolchain's other wordings (above: a version named, the Go installed unknown): a
      // version named beside the Go installed, and a download shown.
      'GOTOOLCHAIN=go1.99.1\nGOVERSION=go1.22.0',
      'go: downloading go1.99.1 (linux/amd64)',
      'warning: go env -w GOPROXY=... does not override conflicting OS environment variable',
      'curl: (28) Operation timed out\ncurl: (7) Connection refused\ncurl: (35) SSL connect error',
      'curl: (56) Recv failure\ncurl: (60) SSL certificate problem\nSECURITY ERROR',
      'gzip: stdin: not in gzip format\nERROR 404: Not Found.\nhttps://storage.googleapis.com/golang/x 403',
      'nothing known',
    ];
    for (const text of every) {
      await page.locator('#paste-input').fill(text);
      await expect(page.locator('#paste-findings [data-finding]').first()).toBeVisible();
      const prose = await page.locator('#paste-findings').evaluate((root) => [...root.querySelectorAll('h3, p')]
        .map((e) => [...e.childNodes].filter((n) => n.nodeName !== 'CODE').map((n) => n.textContent).join(' ')));
      for (const line of prose) expect(englishIn(line), line).toEqual([]);
    }
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#paste-input').fill(wget);
    await expect(findings).toHaveCount(3);
    // Switching language redraws the findings in English.
    const before = await findings.first().locator('h3').textContent();
    await page.click('#lang-switch');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(findings.first().locator('h3')).not.toHaveText(before);
    await expect(findings.first().locator('h3')).not.toHaveText(chinese);
    expect(await axeViolations(page)).toEqual([]);
  });
});
