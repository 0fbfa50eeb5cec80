// The service worker: after one visit the page opens and verifies files with no network at
// all. It precaches the app and the checksum snapshot under a cache named for the build
// (pkg/build.js, written by scripts/build.sh), so the files of one build are always served
// together; a new deploy changes that file, the browser installs the new worker, and the next
// visit gets the new build.
//
// Only same-origin GETs are answered here; mirror probes, downloads and live checksum lists
// (other origins) go to the network untouched.
//   data/*.json  network first (the operator's catalog and a fresh snapshot when online),
//                the cached copy when the network fails
//   the rest     from the cache, the network for anything not precached
importScripts('pkg/build.js');

const CACHE = `gomirror-${self.GOMIRROR_BUILD}`;
const APP = [
  './', 'index.html', 'main.js', 'style.css', 'hash-worker.js',
  'pkg/gomirror.js', 'pkg/gomirror_bg.wasm',
  'data/catalog.json', 'data/releases.json', 'data/snapshot.json',
];

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(APP.map((path) => new Request(path, { cache: 'reload' })));
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

/** The cached answer for a request, ignoring `?query`; undefined when there is none. */
async function cached(request) {
  const cache = await caches.open(CACHE);
  return (await cache.match(request, { ignoreSearch: true }))
    ?? (request.mode === 'navigate' ? cache.match('index.html') : undefined);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    const hit = await cached(request);
    if (hit) return hit;
    throw error;
  }
}

async function cacheFirst(request) {
  return (await cached(request)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  const path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  event.respondWith(path.startsWith('data/') ? networkFirst(request) : cacheFirst(request));
});
