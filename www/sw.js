// The service worker: after one visit the page opens and verifies files with no network at
// all. It precaches the app and the checksum snapshot under a cache named for the build
// (pkg/build.js, written by scripts/build.sh from a hash of every file of the site), so the
// files of one build are always served together: wasm-bindgen's glue (pkg/gomirror.js) and the
// wasm it was generated with must never come from two builds.
//
// Only same-origin GETs of the site's own files are answered here. Everything else, above all
// every request to another origin (mirror probes, downloads, live checksum lists), goes to the
// network untouched: no respondWith, so the page's own timeouts, modes and headers apply.
//   navigations, data/*.json  network first, with a deadline (NETWORK_TIMEOUT_MS); the cached
//                             copy when the network fails, answers an error or is too slow
//                             (the late answer still refreshes the cache)
//   the other app files       from the cache at once, refreshed in the background once per
//                             worker life, and only while the host still serves this build
//                             (asked again on every navigation)
//   anything else             not handled (the network, as without a worker)
//
// A new deploy changes pkg/build.js. The browser compares the worker and its imported scripts
// byte for byte on every navigation (main.js registers with updateViaCache 'none', so no HTTP
// cache hides the change), once the page has loaded (Chromium: when its network is quiet); the
// new worker precaches the new build whole, takes over (skipWaiting, clients.claim) and deletes
// the old cache. The visit that notices the deploy still runs the old build; the next one runs
// the new. The worker never starts that update itself: see refresh().
//
// A waiting successor activates only once this worker has no event in progress, and an event
// lasts as long as its waitUntil: Chromium waits up to five minutes. So this worker's background
// work (a late network answer, a refresh) never holds an event past RETIRE: the successor tells
// it, once it has precached its build, that it is about to take over, and from then on that work
// is dropped, not awaited, and writes nothing into a cache the successor is about to delete.
importScripts('pkg/build.js');

const BUILD = self.GOMIRROR_BUILD;
const CACHE = `gomirror-${BUILD}`;
/** Site-relative, resolved against this script's URL, so the site works under any sub-path. */
const APP = [
  './', 'index.html', 'early.js', 'main.js', 'style.css', 'hash-worker.js',
  'pkg/gomirror.js', 'pkg/gomirror_bg.wasm', 'pkg/worker.js', 'pkg/worker_bg.wasm',
  'i18n/en.json', 'i18n/zh-CN.json',
  // Both sizes of the shipped list (DESIGN.md, "two sizes"), so that offline a visit has the
  // small one and a file of an older release the whole one. The precache runs only after the
  // page has measured its sources (main.js registers this worker then), so it never delays the
  // first answer nor takes a share of the link from a throughput test.
  'data/catalog.json', 'data/releases-current.json', 'data/releases.json', 'data/snapshot.json',
  // What the paste box fetches on its first use (src/web/paste.rs): precached here, after the
  // page has loaded, so that the box works offline even if it was never used online.
  'pkg/paste.js', 'pkg/paste_bg.wasm', 'i18n/paste-en.json', 'i18n/paste-zh-CN.json',
  'data/paste.json',
  // What a page opened with a report link, or a click of #report-link, fetches (src/web/share.rs).
  'pkg/share.js', 'pkg/share_bg.wasm', 'i18n/share-en.json', 'i18n/share-zh-CN.json',
  // What the first opening of #private-cache fetches (src/web/private_cache.rs).
  'pkg/private_cache.js', 'pkg/private_cache_bg.wasm', 'i18n/private-cache-en.json',
  'i18n/private-cache-zh-CN.json',
];
/** How long a navigation or a data file may take before the cached copy answers instead. The
 * page gives each list 8 s (src/config.rs, list_timeout_ms): the cache must answer well before. */
const NETWORK_TIMEOUT_MS = 3_000;
/** A background refresh that takes longer than this is dropped (it keeps the worker alive). */
const REFRESH_TIMEOUT_MS = 15_000;
/** What a successor posts to this worker once its build is precached (see 'message'). */
const RETIRE = 'gomirror-retire';

const here = (path) => new URL(path, self.location).href;
const APP_URLS = new Set(APP.map(here));
const DATA_PREFIX = here('data/');

/**
 * This build's `path` from the host, for the precache. One failed answer fails the whole install,
 * and the visitor has no offline use until the next visit: so a failure of the network or of the
 * host (5xx) is asked again, twice, one and then two seconds later. An answer the host means
 * (404 and the like) is not.
 */
async function precache(path) {
  let failure;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await new Promise((resolve) => { setTimeout(resolve, 1000 * attempt); });
    let response;
    try {
      // 'reload': the precache must be this build's files, never an older copy from the HTTP cache.
      response = await fetch(new Request(here(path), { cache: 'reload' }));
    } catch (e) {
      failure = e;
      continue;
    }
    if (response.ok) return response;
    failure = new Error(`precaching ${path}: HTTP ${response.status}`);
    if (response.status < 500) break;
  }
  throw failure;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(APP.map(async (path) => cache.put(here(path), await servable(await precache(path)))));
    // The worker in charge drops its background work, which would otherwise hold this one
    // back (see the top of this file).
    self.registration.active?.postMessage(RETIRE);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('gomirror-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** Resolves when a successor is about to take over; `retiring` says whether it has. */
let retire;
const retirement = new Promise((resolve) => { retire = resolve; });
let retiring = false;
const stepDown = () => { retiring = true; retire(); };

self.addEventListener('message', (event) => {
  if (event.data === RETIRE) stepDown();
});

/** Work no page waits for: the event lasts until it ends, but not past a successor's arrival. */
function inBackground(event, work) {
  event.waitUntil(Promise.race([work.catch(() => {}), retirement]));
}

/** Puts a response in this build's cache, unless a successor is taking over (its activation
 * deletes this cache: writing now would make it again, a stale copy nothing ever reads). Either
 * way it returns once the body has been read to its end. */
async function keep(key, response) {
  if (!retiring) {
    const cache = await caches.open(CACHE);
    if (!retiring) return cache.put(key, response);
  }
  await response.arrayBuffer();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  // A worker started again while its successor waits has missed the message.
  if (self.registration.waiting) stepDown();
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = url.origin + url.pathname;
  // A new visit: ask the host for its build again (a deploy may have come since the last ask).
  if (request.mode === 'navigate') liveBuild = undefined;
  if (request.mode === 'navigate' || key.startsWith(DATA_PREFIX)) {
    event.respondWith(networkFirst(event, key));
  } else if (APP_URLS.has(key)) {
    event.respondWith(cacheFirst(event, key));
  }
});

/** The network's answer if it is good and in time; else the cached copy; else whatever the
 * network gives in the end. A good answer is cached, even one that came too late. */
async function networkFirst(event, key) {
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && response.type === 'basic' && (APP_URLS.has(key) || key.startsWith(DATA_PREFIX))) {
      await keep(key, await servable(response.clone()));
    }
    return response;
  });
  // While the page reads the network's answer, the event waits for all of it (a worker stopped
  // sooner would cut it). Once the cached copy has answered instead, a late answer is only
  // background work: waited for REFRESH_TIMEOUT_MS at most, and not past a successor's arrival.
  let servedFromCache;
  const fromCache = new Promise((resolve) => { servedFromCache = resolve; });
  const settled = network.catch(() => {});
  event.waitUntil(Promise.race([
    settled,
    fromCache.then(() => Promise.race([settled, sleep(REFRESH_TIMEOUT_MS), retirement])),
  ]));
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('network too slow')), NETWORK_TIMEOUT_MS);
  });
  try {
    const response = await Promise.race([network, late]);
    if (response.ok) return response;
    return (await cached(key)) ?? response;
  } catch (error) {
    const hit = await cached(key);
    if (!hit) return network;
    servedFromCache();
    return hit;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The cached copy (refreshed in the background), or the network when the cache lacks it. */
async function cacheFirst(event, key) {
  const hit = await cached(key);
  if (!hit) {
    const response = await fetch(event.request);
    if (response.ok && response.type === 'basic') {
      const copy = await servable(response.clone());
      // The page reads this answer meanwhile: the event lasts until all of it has come.
      event.waitUntil(keep(key, copy).catch(() => {}));
    }
    return response;
  }
  inBackground(event, refresh(key));
  return hit;
}

async function cached(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key, { ignoreSearch: true });
}

const refreshed = new Set();
let liveBuild;

/**
 * Stale-while-revalidate, one build at a time: while the host serves this build, a file the
 * host changed by hand (same build id) replaces the cached copy; once the host serves another
 * build, the cache is left alone, and the browser's own update check (above) installs the
 * successor, which precaches that build whole.
 *
 * No registration.update() here: it would run while the page is still loading (from its first
 * app file on), and the successor (skipWaiting) would take over between two of its requests.
 * Then either the rest of that page load comes from the other build, or a request reaches this
 * worker while Chromium stops it for the successor: Chromium starts it again, and the successor
 * waits until this worker is next stopped (after 30 s idle; later under DevTools, as in tests).
 */
async function refresh(key) {
  if (refreshed.has(key)) return;
  refreshed.add(key);
  liveBuild ??= fetch(here('pkg/build.js'), { cache: 'no-store', signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS) })
    .then((r) => (r.ok ? r.text() : ''))
    .then((text) => text.match(/GOMIRROR_BUILD\s*=\s*'([^']*)'/)?.[1] ?? '');
  let build;
  try {
    build = await liveBuild;
  } catch (error) {
    // Offline or unreachable: try again on a later request.
    liveBuild = undefined;
    refreshed.delete(key);
    throw error;
  }
  if (build !== BUILD) return;
  const response = await fetch(key, { cache: 'no-cache', signal: AbortSignal.timeout(REFRESH_TIMEOUT_MS) });
  if (!response.ok || response.type !== 'basic') return;
  await keep(key, await servable(response));
}

/** A response a navigation may be answered with: Chromium refuses a `redirected` one from a
 * worker (a host that sends `./` on to `./index.html`), so such a body is wrapped anew. */
async function servable(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
