// The harness itself, independent of the page: the static server (types, sub-path, overrides,
// 404s, traversal, request log) and Chromium loading a page from it.
import { test, expect } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChecksumSource, startSite } from './support/site.mjs';

/** A GET with the path sent exactly as given (fetch would normalise `..` away). */
function rawGet(origin, path, method = 'GET') {
  const { hostname, port } = new URL(origin);
  return new Promise((ok, no) => {
    const req = httpRequest({ hostname, port, path, method }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', no);
    req.end();
  });
}

let root;
test.beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gomirror-site-'));
  mkdirSync(join(root, 'data'));
  mkdirSync(join(root, 'pkg'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><html lang="en"><head><link rel="stylesheet" href="style.css"><script type="module" src="main.js"></script></head><body><p id="out">static</p></body></html>');
  writeFileSync(join(root, 'main.js'), `const r = await fetch('data/catalog.json'); document.querySelector('#out').dataset.catalog = JSON.stringify(await r.json());
const w = await WebAssembly.instantiateStreaming(fetch('pkg/empty.wasm')); document.querySelector('#out').dataset.wasm = String(w.instance instanceof WebAssembly.Instance);`);
  writeFileSync(join(root, 'style.css'), 'p { color: black }');
  writeFileSync(join(root, 'data', 'catalog.json'), '{"from":"disk"}');
  writeFileSync(join(root, 'pkg', 'empty.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(join(root, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, 'logo.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
  writeFileSync(join(tmpdir(), 'gomirror-site-secret.txt'), 'secret');
});
test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(tmpdir(), 'gomirror-site-secret.txt'), { force: true });
});

test('content types, overrides and the request log', async () => {
  const site = await startSite({ root, base: '/x/y/', overrides: { 'data/catalog.json': '{"from":"test"}', 'data/new.json': Buffer.from('[1]') } });
  try {
    const type = async (p) => (await rawGet(site.origin, p)).headers['content-type'];
    expect(await type('/x/y/')).toMatch(/^text\/html/);
    expect(await type('/x/y/index.html')).toMatch(/^text\/html/);
    expect(await type('/x/y/main.js')).toMatch(/^text\/javascript/);
    expect(await type('/x/y/style.css')).toMatch(/^text\/css/);
    expect(await type('/x/y/pkg/empty.wasm')).toBe('application/wasm');
    expect(await type('/x/y/logo.svg')).toBe('image/svg+xml');
    expect(await type('/x/y/logo.png')).toBe('image/png');
    expect(await type('/x/y/data/catalog.json')).toBe('application/json');
    expect((await rawGet(site.origin, '/x/y/data/catalog.json')).body.toString()).toBe('{"from":"test"}');
    expect((await rawGet(site.origin, '/x/y/data/new.json')).body.toString()).toBe('[1]');
    expect((await rawGet(site.origin, '/x/y/data/catalog.json?v=2')).status).toBe(200);
    expect((await rawGet(site.origin, '/x/y', 'GET')).status).toBe(301);
    expect(site.url).toBe(`${site.origin}/x/y/`);
    expect(site.requests.slice(0, 2)).toEqual([
      { method: 'GET', path: '/x/y/', status: 200, at: expect.any(Number) },
      { method: 'GET', path: '/x/y/index.html', status: 200, at: expect.any(Number) },
    ]);
    // When each request came, by this machine's clock, in order.
    expect(site.requests[1].at).toBeGreaterThanOrEqual(site.requests[0].at);
  } finally {
    await site.close();
  }
});

test('404 outside the base, for missing files, and for every traversal', async () => {
  const site = await startSite({ root, base: '/x/y/' });
  try {
    const bad = [
      '/index.html', '/x/index.html', '/x/y/missing.js', '/x/y/data/', '/x/y/data',
      '/x/y/../../gomirror-site-secret.txt', '/x/y/%2e%2e/%2e%2e/gomirror-site-secret.txt',
      '/x/y/..%2f..%2fgomirror-site-secret.txt', '/x/y/..%5c..%5cgomirror-site-secret.txt',
      '/x/y/data/..%2F..%2F..%2Fgomirror-site-secret.txt', '/x/y//etc/passwd', '/x/y/%00.html',
      '/x/y/%E0%A4%A', '/x/y/./index.html',
    ];
    for (const p of bad) {
      const r = await rawGet(site.origin, p);
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.body.toString(), p).not.toContain('secret');
    }
    expect((await rawGet(site.origin, '/x/y/index.html', 'POST')).status).toBe(405);
    expect((await rawGet(site.origin, '/x/y/index.html', 'HEAD')).status).toBe(200);
  } finally {
    await site.close();
  }
});

test('Chromium (Debian\'s headless shell) launches and runs a page, a fetch and wasm from the server', async ({ page, browser }) => {
  const site = await startSite({ root, base: '/sub/' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    expect(browser.version()).toMatch(/^\d+\./);
    await page.goto(site.url);
    await expect(page.locator('#out')).toHaveAttribute('data-catalog', '{"from":"disk"}');
    await expect(page.locator('#out')).toHaveAttribute('data-wasm', 'true');
    expect(errors).toEqual([]);
    expect(site.requests.map((r) => r.path)).toEqual(expect.arrayContaining(['/sub/', '/sub/main.js', '/sub/style.css', '/sub/data/catalog.json', '/sub/pkg/empty.wasm']));
  } finally {
    await site.close();
  }
});

test('checksum source stand-ins: ok with CORS, 500, and a hang', async () => {
  const ok = await startChecksumSource('ok', '[{"version":"go1"}]');
  const bad = await startChecksumSource('error');
  const hang = await startChecksumSource('hang');
  try {
    const r = await fetch(ok.url);
    expect([r.status, r.headers.get('access-control-allow-origin'), await r.text()]).toEqual([200, '*', '[{"version":"go1"}]']);
    expect((await fetch(bad.url)).status).toBe(500);
    await expect(fetch(hang.url, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(hang.requests).toHaveLength(1);
  } finally {
    await Promise.all([ok.close(), bad.close(), hang.close()]);
  }
});
