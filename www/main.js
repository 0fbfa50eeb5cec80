// Boots the page: loads the WebAssembly module and hands over to Rust (src/web/), which owns
// the state, the events and the DOM; then registers the service worker that keeps the page
// working offline (www/sw.js). Nothing else happens here.
import init, { start } from './pkg/gomirror.js';

await init();
start();
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
