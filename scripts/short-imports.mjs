// Gives the wasm's imports short names, in the wasm and in wasm-bindgen's glue alike.
//
// wasm-bindgen names each import after its binding plus a hash
// (`__wbg_instanceof_HtmlInputElement_28751c98d77a5a65`); the name is written once in the wasm's
// import section and once as a key of the glue's imports object, and the hashes do not
// compress. The names mean nothing at run time, so each becomes a one- or two-letter name.
// The glue is only rewritten where a name occurs exactly once; anything else (a new glue
// layout) stops the build instead of shipping a page that cannot link.
//
// Usage: node scripts/short-imports.mjs WASM GLUE_JS   (both rewritten in place)
import { readFileSync, writeFileSync } from 'node:fs';

const [wasmPath, gluePath] = process.argv.slice(2);
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, 'utf8');

/** An unsigned LEB128 at `at`: [value, next offset]. */
function leb(at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = wasm[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

function uleb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

const name = (s) => {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([uleb(bytes.length), bytes]);
};

/** The n-th short name: a..z, A..Z, then two letters; always a plain JavaScript identifier. */
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const short = (n) =>
  n < LETTERS.length
    ? LETTERS[n]
    : LETTERS[Math.floor(n / LETTERS.length) - 1] + LETTERS[n % LETTERS.length];

const IMPORT_SECTION = 2;
const FUNCTION = 0;
const sections = [wasm.subarray(0, 8)];
const renamed = new Map();
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = leb(at + 1);
  const end = start + size;
  if (id !== IMPORT_SECTION) {
    sections.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  let [count, p] = leb(start);
  const body = [uleb(count)];
  for (let i = 0; i < count; i++) {
    const [moduleLen, m] = leb(p);
    const module = wasm.subarray(m, m + moduleLen).toString('utf8');
    const [fieldLen, f] = leb(m + moduleLen);
    const field = wasm.subarray(f, f + fieldLen).toString('utf8');
    p = f + fieldLen;
    if (wasm[p] !== FUNCTION) throw new Error(`short-imports: ${field} is not a function import`);
    const [, next] = leb(p + 1);
    const to = short(i);
    if (renamed.has(field)) throw new Error(`short-imports: ${field} is imported twice`);
    renamed.set(field, to);
    body.push(name(module), name(to), wasm.subarray(p, next));
    p = next;
  }
  if (p !== end) throw new Error('short-imports: the import section has bytes left over');
  const bytes = Buffer.concat(body);
  sections.push(Buffer.from([IMPORT_SECTION]), uleb(bytes.length), bytes);
  at = end;
}
if (renamed.size === 0) throw new Error('short-imports: no imports found');

for (const [from, to] of renamed) {
  const pattern = new RegExp(`(?<![\\w$])${from.replace(/[$]/g, '\\$')}(?![\\w$])`, 'g');
  const found = glue.match(pattern)?.length ?? 0;
  if (found !== 1) throw new Error(`short-imports: ${from} occurs ${found} times in ${gluePath}`);
  glue = glue.replace(pattern, to);
}
writeFileSync(wasmPath, Buffer.concat(sections));
writeFileSync(gluePath, glue);
