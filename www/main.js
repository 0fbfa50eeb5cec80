// Boots the page: loads the WebAssembly module and the visitor's strings, and hands over to
// Rust (src/web/), which owns the state, the events and the DOM, with the files early.js kept
// meanwhile; then registers the service worker that keeps the page working offline
// (www/sw.js). Nothing else happens here.
import init, { start } from './pkg/gomirror.js';

// The visitor's language: the one last chosen on this page (src/web/app.rs keeps it under this
// key), else the browser's; Chinese for any zh-*, as src/i18n.rs's Lang::from_tag reads it.
// Only that language's strings are fetched, while the module loads (src/i18n.rs).
let chosen = null;
try {
  chosen = localStorage.getItem('gomirror.lang');
} catch {
  // Storage blocked: the browser's language.
}
const lang = /^zh/i.test((chosen ?? navigator.language ?? '').trim()) ? 'zh-CN' : 'en';
const strings = fetch(`i18n/${lang}.json`)
  .then((response) => (response.ok ? response.text() : null))
  .catch(() => null);
// index.html carries no words of its own (www/i18n/ holds them all): the fixed ones are put in
// as soon as the strings arrive, while the module may still be loading on a slow network.
// src/web/render.rs puts them in again when it starts, with the words that need its data
// (a `{placeholder}` is left to it).
strings.then((text) => {
  let table = null;
  try {
    table = JSON.parse(text);
  } catch {
    // Rust fetches them again, or English.
  }
  if (!table) return;
  document.documentElement.lang = lang;
  document.title = table.title ?? document.title;
  // The switch names the other language, in that language.
  document.getElementById('lang-switch')?.setAttribute('lang', lang === 'en' ? 'zh-CN' : 'en');
  for (const [attribute, property] of [['data-i18n'], ['data-i18n-placeholder', 'placeholder'], ['data-i18n-label', 'aria-label']]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      const words = table[element.getAttribute(attribute)];
      if (typeof words !== 'string' || words.includes('{')) continue;
      if (property) element.setAttribute(property, words);
      else element.textContent = words;
    }
  }
});
await init();
// The paste analyser is a module of its own (pkg/paste.js, src/paste_module.rs), with its rules
// and the findings' words in each language as files of their own: a visit that never pastes
// downloads none of them. On the paste box's first use the page (src/web/paste.rs) calls this
// with its language; it resolves to the analyser's exports, ready to explain in that language
// (module, rules, its words and the page's table of that language, which it draws with too,
// fetched at once), or rejects with what failed. A failed part is
// tried again on the next call (a part named by its path is that file's JSON). Report links (pkg/share.js, src/share_module.rs) are loaded the
// same way, only when a page is opened with #r= or #report-link is clicked (src/web/share.rs):
// their module, their words (i18n/share-*.json) and the page's table of that language.
const PART_TIMEOUT_MS = 8000; // as the page's own lists (src/config.rs, list_timeout_ms)
const json = async (path) => {
  const response = await fetch(path, { signal: AbortSignal.timeout(PART_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
};
const parts = new Map();
const part = (key, make) => {
  if (!parts.has(key)) {
    parts.set(key, make(key).catch((error) => {
      parts.delete(key);
      throw error;
    }));
  }
  return parts.get(key);
};
const loadPaste = async (tag) => {
  const analyser = part('paste', async () => {
    const [module, rules] = await Promise.all([import('./pkg/paste.js'), json('data/paste.json')]);
    await module.default();
    module.install_rules(rules);
    return module;
  });
  const [module, words, page] = await Promise.all([
    analyser, part(`i18n/paste-${tag}.json`, json), part(`i18n/${tag}.json`, json),
  ]);
  module.install_words(tag, words, page);
  return module;
};
const loadShare = async (tag) => {
  const links = part('share', async () => {
    const module = await import('./pkg/share.js');
    await module.default();
    return module;
  });
  const [module, page, words] = await Promise.all([
    links, part(`i18n/${tag}.json`, json), part(`i18n/share-${tag}.json`, json),
  ]);
  module.install_words(tag, page, words);
  return module;
};
// The private cache guide's module (pkg/private_cache.js) likewise, on the first opening of its
// section (src/web/private_cache.rs), with its words and the page's table of that language.
const loadCache = async (tag) => {
  const [module, page, words] = await Promise.all([
    part('cache', async () => {
      const module = await import('./pkg/private_cache.js');
      await module.default();
      return module;
    }),
    part(`i18n/${tag}.json`, json), part(`i18n/private-cache-${tag}.json`, json),
  ]);
  module.install_words(tag, page, words);
  return module;
};
// The files chosen or dropped before now, which early.js kept: the page takes them, and with
// them the listening, once its own listeners are wired (src/web/app.rs).
const takeEarly = globalThis.gomirrorEarly?.take ?? (() => []);
start(lang, await strings, loadPaste, loadShare, loadCache, takeEarly);
// Relative to the page, so the worker's scope is the site's folder, under any sub-path.
// updateViaCache 'none': the browser's update check asks the host for sw.js and pkg/build.js
// themselves, never an HTTP-cached copy, so a new deploy is seen on the next visit.
// Without service workers (file://, http:// other than localhost, some private modes) the page
// works the same, online only; Firefox throws on reading navigator.serviceWorker when storage
// is blocked, hence the try.
const registerWorker = () => {
  try {
    navigator.serviceWorker?.register('sw.js', { updateViaCache: 'none' }).catch(() => {});
  } catch {
    // No worker: nothing to do.
  }
};
// Only once the page has measured: the worker's install fetches the whole app again, the
// modules used on first use and both official lists, over 600 KB gzip. During a throughput
// test it would take a share of the visitor's link, usually the narrowest pipe, and the mirror
// under test would look slower than it is (DESIGN.md: throughput tests run one at a time for
// that reason). So the worker registers once every table of sources has settled (the page
// contract's data-settled="true"), or after a deadline: a page opened with a report link
// measures nothing until #measure-mine.
const WORKER_DEADLINE_MS = 30_000;
const TABLES = ['mirror-table', 'proxy-table', 'sumdb-table'].map((id) => document.getElementById(id));
const measured = () => TABLES.every((table) => table?.dataset.settled === 'true');
let registered = false;
const registerOnce = () => {
  if (!registered) registerWorker();
  registered = true;
};
if (measured()) {
  registerOnce();
} else {
  const watch = new MutationObserver(() => {
    if (!measured()) return;
    watch.disconnect();
    registerOnce();
  });
  for (const table of TABLES) if (table) watch.observe(table, { attributes: true, attributeFilter: ['data-settled'] });
  setTimeout(() => {
    watch.disconnect();
    registerOnce();
  }, WORKER_DEADLINE_MS);
}
