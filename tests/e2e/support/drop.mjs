// Dropping files on the page as a visitor's drag and drop does: a DataTransfer built in the page
// from `new File([...])`, then dragenter, dragover and drop dispatched on the target.

/**
 * @param {import('@playwright/test').Page} page
 * @param {Array<{name: string, bytes?: Buffer, pattern?: {length: number, seed: number}, type?: string}>} files
 *   `bytes` are sent to the page (keep them small); `pattern` makes `length` bytes in the page
 *   itself, equal to fixtures.patternBytes(length, seed).
 * @param {string} [target] the element the files are dropped on
 * @returns {Promise<{verdictsAtDrop: {file: string|null, verdict: string|null}[], cancelled: {dragover: boolean, drop: boolean}}>}
 *   the verdict elements as they were just before the drop event, and whether the page
 *   cancelled the dragover and the drop (a real drop whose default is not prevented makes the
 *   browser open the file in place of the page; a dispatched one never does, hence the flags)
 */
export async function dropFiles(page, files, target = '#drop-zone') {
  const payload = files.map((f) => ({
    name: f.name,
    type: f.type ?? '',
    base64: f.bytes ? f.bytes.toString('base64') : null,
    pattern: f.pattern ?? null,
  }));
  const transfer = await page.evaluateHandle((items) => {
    const dt = new DataTransfer();
    for (const { name, type, base64, pattern } of items) {
      let bytes;
      if (base64 !== null) {
        const bin = atob(base64);
        bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      } else {
        // Same generator as fixtures.randomBytes: little-endian xorshift32 words.
        const { length, seed } = pattern;
        bytes = new Uint8Array(length);
        const words = new Uint32Array(bytes.buffer, 0, length >>> 2);
        let x = (seed >>> 0) || 0x9e3779b9;
        const next = () => {
          x ^= x << 13; x >>>= 0;
          x ^= x >>> 17;
          x ^= x << 5; x >>>= 0;
          return x;
        };
        for (let i = 0; i < words.length; i++) words[i] = next();
        if (length % 4) {
          const w = next();
          for (let i = words.length * 4, k = 0; i < length; i++, k++) bytes[i] = (w >>> (8 * k)) & 0xff;
        }
      }
      dt.items.add(new File([bytes], name, { type }));
    }
    return dt;
  }, payload);
  try {
    await page.dispatchEvent(target, 'dragenter', { dataTransfer: transfer });
    // Read the verdicts and drop in one task, so "pending at the drop" is exact.
    return await page.evaluate(({ dt, selector }) => {
      const el = document.querySelector(selector);
      const init = { dataTransfer: dt, bubbles: true, cancelable: true, composed: true };
      const dragover = !el.dispatchEvent(new DragEvent('dragover', init));
      const verdictsAtDrop = [...document.querySelectorAll('[data-testid="verdict"]')]
        .map((e) => ({ file: e.getAttribute('data-file'), verdict: e.getAttribute('data-verdict') }));
      const drop = !el.dispatchEvent(new DragEvent('drop', init));
      return { verdictsAtDrop, cancelled: { dragover, drop } };
    }, { dt: transfer, selector: target });
  } finally {
    await transfer.dispose();
  }
}
