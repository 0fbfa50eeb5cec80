// Boots the page: loads the WebAssembly module and hands over to Rust (src/web/), which owns
// the state, the events and the DOM; then registers the service worker that keeps the page
// working offline (www/sw.js). Nothing else happens here.
import init, { start } from './pkg/gomirror.js';

await init();
start();
// Relative to the page, so the worker's scope is the site's folder, under any sub-path. Without
// service workers (file://, some private modes) the page works the same, online only.
navigator.serviceWorker?.register('sw.js').catch(() => {});
