// What a first visit moves before its first answer (DESIGN.md, "two sizes"): the built page
// served gzip-encoded as a static host serves it, go.dev's two official lists on another origin
// served as go.dev serves them (gzip content-encoding, CORS), and a cold headless Chromium
// (fresh context, service workers allowed, as a real first visit). The first answer is
// `#checksum-source[data-source]`, `#recommended a[href]` and `#install` filled; the bytes are
// counted on the wire by both servers (each response's header block and encoded body, handed to
// the socket before that moment, which the page itself records): every request, the service
// worker's and the hashing workers' included. The catalog
// lists no mirrors, proxies or checksum databases, so there are no probes to leave out. Each
// case is measured with the catalog as shipped (small list first) and without
// `checksum_sources_current` (the whole list at once, as before). Chromium's own count of the
// page's requests (CDP Network.loadingFinished's encodedDataLength) is printed beside it.
//
//   import { firstVisit } from './first-visit.mjs'; await firstVisit(browser, root);
//   node bench/first-visit.mjs      (alone)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONTENT_TYPES } from '../tests/e2e/support/site.mjs';

/** The figure a first visit must stay within (issue 16 §3): 250 KB gzip. */
export const FIRST_VISIT_TARGET_BYTES = 250_000;
const ROUNDS = 3;

/** A deterministic stream of hex digits and sizes, so the lists are the same every run. */
function digits(seed) {
  let x = seed >>> 0 || 1;
  const next = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x; };
  return {
    hex: (n) => Array.from({ length: n }, () => (next() & 15).toString(16)).join(''),
    size: () => 60_000_000 + (next() % 40_000_000),
  };
}

/**
 * go.dev's two lists at their real size: the shipped snapshot has no size for most recent files
 * and only the files its sources pin, so the whole list gets every size filled in, and each
 * current release the platforms of the most complete release (with checksums of no real file).
 */
export function goDevLists(root) {
  const whole = JSON.parse(readFileSync(join(root, 'www/data/releases.json'), 'utf8'));
  const current = JSON.parse(readFileSync(join(root, 'www/data/releases-current.json'), 'utf8'))
    .map((r) => r.version);
  const rnd = digits(16);
  const fullest = whole.reduce((a, b) => (b.files.length > a.files.length ? b : a));
  for (const release of whole) {
    if (current.includes(release.version)) {
      release.files = fullest.files.map((f) => ({
        ...f,
        filename: f.filename.replace(fullest.version, release.version),
        version: release.version,
        sha256: rnd.hex(64),
      }));
    }
    for (const f of release.files) f.size ??= rnd.size();
  }
  const small = whole.filter((r) => current.includes(r.version));
  // go.dev writes its JSON indented by a tab.
  return { whole: JSON.stringify(whole, null, '\t'), small: JSON.stringify(small, null, '\t') };
}

/** A server whose every response is gzip-encoded and counted, with when it was sent. */
function countingServer(answer) {
  const sent = [];
  const server = createServer((req, res) => {
    const reply = answer(req);
    const body = req.method === 'HEAD' ? Buffer.alloc(0) : reply.body;
    res.writeHead(reply.status, { 'content-length': body.length, ...reply.headers });
    res.end(body);
    // The header block as written, and the encoded body: what crossed the wire.
    sent.push({ path: req.url, bytes: Buffer.byteLength(res._header ?? '') + body.length, at: performance.now() });
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  return {
    sent,
    listen: () => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(`http://127.0.0.1:${server.address().port}`))),
    close: () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(() => ok()); }),
  };
}

const gzip = (body) => gzipSync(body, { level: 9 });

/** The built site from `dist`, every file gzip-encoded; `catalog` replaces data/catalog.json. */
function siteServer(dist, catalog) {
  const top = resolve(dist);
  const cache = new Map();
  return countingServer((req) => {
    let rel = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '');
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = resolve(top, rel);
    let body;
    if (rel === 'data/catalog.json') body = Buffer.from(catalog);
    else if (file.startsWith(top + sep)) {
      try { body = readFileSync(file); } catch { body = undefined; }
    }
    if (!body) return { status: 404, headers: { 'content-type': 'text/plain' }, body: Buffer.from('404\n') };
    if (!cache.has(rel)) cache.set(rel, gzip(body));
    return {
      status: 200,
      headers: {
        'content-type': CONTENT_TYPES[extname(rel)] ?? 'application/octet-stream',
        'content-encoding': 'gzip',
        'cache-control': 'max-age=600',
      },
      body: cache.get(rel),
    };
  });
}

/** go.dev's /dl/: `?mode=json` the small list, `&include=all` the whole one. */
function goDevServer(lists) {
  const small = gzip(lists.small);
  const whole = gzip(lists.whole);
  return countingServer((req) => ({
    status: 200,
    headers: {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'access-control-allow-origin': '*',
    },
    body: new URL(req.url, 'http://x').searchParams.get('include') === 'all' ? whole : small,
  }));
}

/** One cold first visit: bytes each server sent before the first answer, and Chromium's count. */
async function visit(browser, siteUrl, servers) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let chromiumBytes = 0;
  let answered = false;
  cdp.on('Network.loadingFinished', (e) => { if (!answered) chromiumBytes += e.encodedDataLength; });
  // The moment of the first answer: the page calls out as soon as the DOM change that completes
  // it is made (a MutationObserver), and the moment is taken here, on the servers' clock. What
  // a server sent in the few milliseconds that call takes is counted too: an overcount, never less.
  let at;
  let resolveAnswer;
  const answer = new Promise((resolve) => { resolveAnswer = resolve; });
  await page.exposeFunction('__gomirrorAnswered', (ms) => { at ??= performance.now(); resolveAnswer(ms); });
  await page.addInitScript(() => {
    const answered = () => document.querySelector('#checksum-source[data-source]')
      && document.querySelector('#recommended a[href]')
      && document.querySelector('#install')?.childElementCount > 0;
    new MutationObserver((_, observer) => {
      if (!answered()) return;
      observer.disconnect();
      window.__gomirrorAnswered(performance.now());
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  for (const s of servers) s.sent.length = 0;
  await page.goto(siteUrl);
  const ms = await answer;
  answered = true;
  const counted = servers.map((s) => s.sent.filter((r) => r.at <= at));
  await context.close();
  return {
    ms,
    bytes: counted.flat().reduce((t, r) => t + r.bytes, 0),
    lists: counted[1].reduce((t, r) => t + r.bytes, 0),
    paths: counted.flat().map((r) => r.path),
    chromiumBytes,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Measures both catalogs, prints the table, returns the medians. */
export async function firstVisit(browser, root) {
  const lists = goDevLists(root);
  const godev = goDevServer(lists);
  const godevUrl = await godev.listen();
  const shipped = JSON.parse(readFileSync(join(root, 'www/data/catalog.json'), 'utf8'));
  const catalogs = {
    'small list first (as shipped)': {
      checksum_sources_current: [`${godevUrl}/dl/?mode=json`],
      checksum_sources: [`${godevUrl}/dl/?mode=json&include=all`],
    },
    'whole list at once (no checksum_sources_current)': {
      checksum_sources: [`${godevUrl}/dl/?mode=json&include=all`],
    },
  };
  const results = {};
  try {
    for (const [name, sources] of Object.entries(catalogs)) {
      const catalog = JSON.stringify({ ...shipped, ...sources, checksum_sources_current: sources.checksum_sources_current, mirrors: [], module_proxies: [], checksum_databases: [] });
      const site = siteServer(join(root, 'dist'), catalog);
      const siteUrl = await site.listen();
      const rounds = [];
      try {
        for (let i = 0; i < ROUNDS; i++) rounds.push(await visit(browser, `${siteUrl}/`, [site, godev]));
      } finally {
        await site.close();
      }
      results[name] = {
        bytes: median(rounds.map((r) => r.bytes)),
        lists: median(rounds.map((r) => r.lists)),
        chromiumBytes: median(rounds.map((r) => r.chromiumBytes)),
        ms: median(rounds.map((r) => r.ms)),
        paths: rounds[0].paths,
      };
    }
  } finally {
    await godev.close();
  }
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
  console.log(`\nfirst visit, bytes moved before the first answer (gzip on the wire; cold cache; median of ${ROUNDS}):`);
  console.log(`  go.dev's lists as served here: ?mode=json ${kb(gzip(lists.small).length)} gzip, ?mode=json&include=all ${kb(gzip(lists.whole).length)} gzip (${kb(lists.whole.length)} raw)`);
  const before = results['whole list at once (no checksum_sources_current)'].bytes;
  for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(50)}${kb(r.bytes).padStart(10)}  (lists ${kb(r.lists)}; Chromium's count of the page's own requests ${kb(r.chromiumBytes)}; answered at ${r.ms.toFixed(0)} ms)  ${(r.bytes / before).toFixed(2)} of before`);
  }
  const now = results['small list first (as shipped)'];
  console.log(`  target: at most ${kb(FIRST_VISIT_TARGET_BYTES)}: ${now.bytes <= FIRST_VISIT_TARGET_BYTES ? 'met' : 'missed'}`);
  console.log(`  requests before the first answer (small list first): ${now.paths.join(' ')}`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { chromium } = await import('@playwright/test');
  const root = resolve(new URL('..', import.meta.url).pathname);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  try {
    await firstVisit(browser, root);
  } finally {
    await browser.close();
  }
}
