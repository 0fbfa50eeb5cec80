// Boots the page: loads the WebAssembly module and the visitor's strings, and hands over to
// Rust (src/web/), which owns the state, the events and the DOM; then registers the service
// worker that keeps the page working offline (www/sw.js). Nothing else happens here.
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
start(lang, await strings);
// Relative to the page, so the worker's scope is the site's folder, under any sub-path.
// updateViaCache 'none': the browser's update check asks the host for sw.js and pkg/build.js
// themselves, never an HTTP-cached copy, so a new deploy is seen on the next visit.
// Without service workers (file://, http:// other than localhost, some private modes) the page
// works the same, online only; Firefox throws on reading navigator.serviceWorker when storage
// is blocked, hence the try.
try {
  navigator.serviceWorker?.register('sw.js', { updateViaCache: 'none' }).catch(() => {});
} catch {
  // No worker: nothing to do.
}
