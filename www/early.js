// Takes the files a visitor chooses or drops before the page's module has started. main.js is
// a module: it runs only once the document is parsed, and then awaits the wasm (165 KB gzip),
// so on a slow link the first seconds of a visit would otherwise lose a chosen file, and a
// dropped one would make the browser open it in place of the page. This is a classic script at
// the end of <body>: the parser waits for it, so it runs before any module (deferred scripts
// wait for the parser), and the preload scanner fetches it beside style.css, so it does not hold
// back the first paint as it would in <head> (Chromium, 150 ms latency, 200 kB/s, median of 7:
// first contentful paint 504 ms here, 680 ms in <head>, 496 ms without it; it arrived 90 ms
// before that paint). From then on every batch chosen through #file-input (listened for on the
// document) or dropped anywhere is kept, in order, and every drop is cancelled.
//
// It decides nothing about a file. The page (src/web/app.rs) wires its own listeners, then
// calls take() in the same task: take stops these listeners and hands over the batches, which
// the page checks as if they had been chosen then. From that moment the page's listeners are
// the only ones, so no file is taken twice.
'use strict';
(() => {
  /** Each choice or drop: an array of File, in the order they came. */
  const batches = [];
  const zone = () => document.getElementById('drop-zone');
  const chosen = (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.id !== 'file-input') return;
    const files = [...(input.files ?? [])];
    if (files.length) batches.push(files);
    // As the page does: choosing the same file again must fire `change` again.
    input.value = '';
  };
  // A drop is only cancellable after a cancelled dragover: both are, anywhere on the page.
  const over = (event) => {
    event.preventDefault();
    zone()?.classList.add('dragging');
  };
  const left = (event) => {
    if (!event.relatedTarget) zone()?.classList.remove('dragging');
  };
  const dropped = (event) => {
    event.preventDefault();
    zone()?.classList.remove('dragging');
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) batches.push(files);
  };
  const listeners = [
    [document, 'change', chosen], [window, 'dragenter', over], [window, 'dragover', over],
    [window, 'dragleave', left], [window, 'drop', dropped],
  ];
  for (const [target, kind, listener] of listeners) target.addEventListener(kind, listener);
  globalThis.gomirrorEarly = {
    /** Stops listening and returns the batches taken so far; a second call returns none. */
    take() {
      for (const [target, kind, listener] of listeners) target.removeEventListener(kind, listener);
      return batches.splice(0);
    },
  };
})();
