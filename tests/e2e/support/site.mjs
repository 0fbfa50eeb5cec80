// The built site (dist/, made from www/ by scripts/build.sh) served on 127.0.0.1 for one test:
// under any sub-path, with the test's own files dropped in over the real ones (a catalog, a
// release list, a snapshot date), and a log of every request it received so a test can assert
// what the page asked for.
//
//   const site = await startSite({ base: '/some/sub/path/', overrides: { 'data/catalog.json': '…' } });
//   await page.goto(site.url);            // http://127.0.0.1:PORT/some/sub/path/
//   site.requests                         // [{ method: 'GET', path: '/some/sub/path/main.js', status: 200, at: Date.now() }, …]
//   site.hold('data/releases.json', 60_000) // the next request for it is answered a minute late
//   site.refuse('pkg/paste_bg.wasm', 503)   // the next request for it gets that status
//   await site.close();
//
// Plain node:http, no framework. Only GET and HEAD; nothing outside `base`; no path traversal.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's built site. */
export const SITE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../dist');

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const typeOf = (path) => CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

/**
 * Starts the server.
 *
 * @param {object} [options]
 * @param {string} [options.root]  the folder to serve (default: dist/)
 * @param {string} [options.base]  URL path the site lives under, starting and ending with `/`
 * @param {Record<string, string|Buffer>} [options.overrides]  site-relative path (no leading
 *   `/`, e.g. `data/releases.json`) → body served instead of the file (which need not exist)
 * @param {Record<string, string>} [options.headers]  extra headers on every response
 * @returns {Promise<{url: string, origin: string, base: string,
 *   requests: {method: string, path: string, status: number, at: number}[],
 *   hold: (path: string, ms: number) => void, refuse: (path: string, status: number) => void,
 *   close: () => Promise<void>}>}
 */
export async function startSite({ root = SITE, base = '/', overrides = {}, headers = {} } = {}) {
  if (!base.startsWith('/') || !base.endsWith('/')) throw new Error(`base must start and end with "/": ${base}`);
  const top = resolve(root);
  const fixed = new Map(Object.entries(overrides).map(([k, v]) => [k.replace(/^\/+/, ''), Buffer.from(v)]));
  const requests = [];
  /** Site-relative path → how long the next request for it waits before its answer. */
  const holds = new Map();
  /** Site-relative path → the status the next request for it gets instead of the file. */
  const refusals = new Map();

  const send = async (req, res, status, type, body) => {
    const rel = (req.url ?? '').split('?')[0].slice(base.length);
    const wait = holds.get(rel);
    if (wait !== undefined) {
      holds.delete(rel);
      await new Promise((resolve) => { setTimeout(resolve, wait); });
    }
    res.writeHead(status, {
      'content-type': type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const fail = (req, res, status) => send(req, res, status, 'text/plain; charset=utf-8', Buffer.from(`${status}\n`));

  const server = createServer(async (req, res) => {
    const raw = (req.url ?? '').split('?')[0];
    const logged = { method: req.method, path: raw, status: 0, at: Date.now() };
    requests.push(logged);
    res.on('finish', () => { logged.status = res.statusCode; });
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(req, res, 405);
    let path;
    try {
      path = decodeURIComponent(raw);
    } catch {
      return fail(req, res, 400);
    }
    if (`${path}/` === base) {
      res.writeHead(301, { location: base });
      return res.end();
    }
    if (!path.startsWith(base)) return fail(req, res, 404);
    let rel = path.slice(base.length);
    // Refuse traversal outright rather than normalising it away: `..`, backslashes, NUL,
    // empty segments and absolute paths never name a file of the site.
    const segments = rel.split('/');
    if (rel.includes('\\') || rel.includes('\0') || segments.some((s, i) => s === '..' || s === '.' || (s === '' && i < segments.length - 1))) {
      return fail(req, res, 404);
    }
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const refused = refusals.get(rel);
    if (refused !== undefined) {
      refusals.delete(rel);
      return fail(req, res, refused);
    }
    if (fixed.has(rel)) return send(req, res, 200, typeOf(rel), fixed.get(rel));
    const file = resolve(top, rel);
    if (!file.startsWith(top + sep)) return fail(req, res, 404);
    try {
      if (!(await stat(file)).isFile()) return fail(req, res, 404);
      return send(req, res, 200, typeOf(file), await readFile(file));
    } catch {
      return fail(req, res, 404);
    }
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((ok, no) => {
    server.once('error', no);
    server.listen(0, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base,
    url: `${origin}${base}`,
    requests,
    hold: (path, ms) => holds.set(path, ms),
    refuse: (path, status) => refusals.set(path, status),
    close: () => new Promise((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

/**
 * A checksum source on another origin (as go.dev is to the page), for the live-list tests.
 * `mode`: 'ok' answers `body` as JSON with `Access-Control-Allow-Origin: *`; 'error' answers
 * 500; 'hang' accepts the request and never answers. Records requests like startSite.
 *
 * @returns {Promise<{url: string, requests: {method: string, path: string}[], close: () => Promise<void>}>}
 */
export async function startChecksumSource(mode, body = '[]') {
  const { port, requests, close } = await serveLists(() => ({ mode, body }));
  return { url: `http://127.0.0.1:${port}/dl/?mode=json&include=all`, requests, close };
}

/**
 * A server on 127.0.0.1 answering as a checksum source does: `pick(url)` gives `{mode, body}`
 * for each request ('ok': 200 with the JSON body, 'error': a 500, 'hang': no answer ever).
 * `close()` cuts the hung connections too.
 */
async function serveLists(pick) {
  const requests = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method, path: req.url });
    const { mode, body = '[]' } = pick(req.url);
    if (mode === 'hang') return;
    if (mode === 'error') {
      res.writeHead(500, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      return res.end('internal error\n');
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
    res.end(body);
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    requests,
    close: () => new Promise((ok) => {
      for (const s of sockets) s.destroy();
      server.close(() => ok());
    }),
  };
}

/**
 * go.dev's two official lists on another origin, as the page asks for them (DESIGN.md, "two
 * sizes"): `?mode=json` answers `current`, `?mode=json&include=all` answers `whole`. Each
 * `{mode, body}` with `mode` as for startChecksumSource ('ok', 'error', 'hang'). `requests`
 * records every request's path and query; `asked('whole')` counts those for the whole list.
 *
 * @returns {Promise<{currentUrl: string, wholeUrl: string, requests: {method: string, path: string}[],
 *   asked: (size: 'current'|'whole') => number, close: () => Promise<void>}>}
 */
export async function startOfficialLists({ current, whole }) {
  const sizeOf = (url) => (new URL(url, 'http://x').searchParams.get('include') === 'all' ? 'whole' : 'current');
  const { port, requests, close } = await serveLists((url) => (sizeOf(url) === 'whole' ? whole : current));
  const base = `http://127.0.0.1:${port}/dl/`;
  return {
    currentUrl: `${base}?mode=json`,
    wholeUrl: `${base}?mode=json&include=all`,
    requests,
    asked: (size) => requests.filter((r) => sizeOf(r.path) === size).length,
    close,
  };
}
