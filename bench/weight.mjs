// The page's weight: what a visitor downloads before any data (the checksum snapshot is loaded
// separately, and only when no live list answers). Gzip level 9, as a static host serves it.
// One strings file counts: a visit loads the visitor's language only (src/i18n.rs); the
// heavier of the two is counted. Used by bench/run.mjs and tests/e2e/quality.spec.mjs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The weight budget: under 200 KB (decimal) gzip for everything a visitor downloads before any
 * data (HTML, CSS, JS, wasm, one language's strings). A budget, met by cutting our own code. */
export const TARGET_BYTES = 200_000;

const CODE = ['index.html', 'style.css', 'early.js', 'main.js', 'hash-worker.js', 'sw.js', 'pkg/gomirror.js', 'pkg/gomirror_bg.wasm'];
const STRINGS = ['i18n/en.json', 'i18n/zh-CN.json'];

/** Each file's raw and gzip size, the total, and which strings file was counted. */
export function pageWeight(www) {
  const size = (file) => {
    const data = readFileSync(join(www, file));
    return { file, raw: data.length, gzip: gzipSync(data, { level: 9 }).length };
  };
  const missing = [...CODE, ...STRINGS].filter((f) => !existsSync(join(www, f)));
  if (missing.length) throw new Error(`not built or missing: ${missing.join(', ')}`);
  const strings = STRINGS.map(size).sort((a, b) => b.gzip - a.gzip)[0];
  const files = [...CODE.map(size), strings];
  const total = files.reduce((t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total };
}
