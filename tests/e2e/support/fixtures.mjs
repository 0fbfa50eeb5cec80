// Files the tests give the page, one (or more) for every verdict of the page contract, and the
// official release list that names them. Everything is deterministic (seeded generators, no
// clock, no network); every expected hash is computed here with node:crypto.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';

/** Lowercase hex SHA-256 of a Buffer. */
export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** xorshift32: a seeded stream of 32-bit words. The same generator runs in the page (drop.mjs). */
export function xorshift32(seed) {
  let x = (seed >>> 0) || 0x9e3779b9;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

/** `length` deterministic pseudo-random bytes: little-endian xorshift32 words. */
export function randomBytes(length, seed) {
  const next = xorshift32(seed);
  const out = Buffer.alloc(length);
  let i = 0;
  for (; i + 4 <= length; i += 4) out.writeUInt32LE(next(), i);
  if (i < length) {
    const w = next();
    for (let k = 0; i < length; i++, k++) out[i] = (w >>> (8 * k)) & 0xff;
  }
  return out;
}

/** Deterministic text: words from a small vocabulary (compresses like source code does). */
export function randomText(length, seed) {
  const words = ['func', 'package', 'return', 'import', 'go', 'err', 'nil', 'if', 'for', 'range', 'type', 'struct', '{', '}', '\n', '\t'];
  const next = xorshift32(seed);
  let s = '';
  while (s.length < length) s += `${words[next() % words.length]} `;
  return Buffer.from(s.slice(0, length));
}

/**
 * A real POSIX ustar archive (no compression): `ustar\0` `00` at offset 257 of each header.
 * Each entry is `[name, body]`, or `[name, body, mode]` (default 0o644).
 */
export function tar(entries) {
  const blocks = [];
  for (const [name, body, mode = 0o644] of entries) {
    const h = Buffer.alloc(512);
    const field = (value, offset, width) => h.write(value, offset, width, 'latin1');
    const octal = (n, width) => `${n.toString(8).padStart(width - 1, '0')}\0`;
    field(name, 0, 100);
    field(octal(mode, 8), 100, 8);
    field(octal(0, 8), 108, 8);
    field(octal(0, 8), 116, 8);
    field(octal(body.length, 12), 124, 12);
    field(octal(1_700_000_000, 12), 136, 12);
    field('        ', 148, 8); // checksum counted as spaces
    field('0', 156, 1);
    field('ustar\u000000', 257, 8);
    field('root', 265, 32);
    field('root', 297, 32);
    let sum = 0;
    for (const b of h) sum += b;
    field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** A small Go-distribution-shaped tar for `version` `os`-`arch`, different for each seed. */
export function goTar(version, platform, seed) {
  return tar([
    ['go/VERSION', Buffer.from(`${version}\ntime 2026-01-01T00:00:00Z\n`)],
    ['go/README.md', randomText(20_000, seed)],
    ['go/src/runtime/proc.go', randomText(60_000, seed + 1)],
    [`go/pkg/tool/${platform}/compile`, randomBytes(150_000, seed + 2)],
    ['go/bin/go', randomBytes(120_000, seed + 3)],
  ]);
}

const gzip = (buf) => gzipSync(buf, { level: 6 });

// ---- The official files of the test's release list ----------------------------------------

export const NAMES = {
  A: 'go1.99.1.linux-amd64.tar.gz', // size known
  B: 'go1.99.1.linux-arm64.tar.gz', // size known; A's bytes when "wrong-file"
  C: 'go1.99.1.darwin-amd64.tar.gz', // "size": null, as most of the shipped snapshot
  Z: 'go1.99.1.windows-amd64.zip', // "size": null
  SRC: 'go1.99.1.src.tar.gz',
  OLD: 'go1.98.3.linux-amd64.tar.gz', // an older release
};

export const GOOD_TAR = goTar('go1.99.1', 'linux_amd64', 100);
/** The good archive: a real gzip of a real tar. */
export const GOOD = gzip(GOOD_TAR);
export const OTHER = gzip(goTar('go1.99.1', 'linux_arm64', 200));
export const SIZELESS = gzip(goTar('go1.99.1', 'darwin_amd64', 300));
export const ZIP = Buffer.from(zipSync({
  'go/VERSION': new Uint8Array(Buffer.from('go1.99.1\n')),
  'go/README.md': new Uint8Array(randomText(20_000, 400)),
  'go/bin/go.exe': new Uint8Array(randomBytes(150_000, 401)),
  'go/src/runtime/proc.go': new Uint8Array(randomText(60_000, 402)),
}, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }));
export const SRC = gzip(tar([['go/src/go.mod', randomText(5000, 500)]]));
export const OLD = gzip(goTar('go1.98.3', 'linux_amd64', 600));

const entry = (filename, body, { size = body.length, kind = 'archive' } = {}) => {
  const m = filename.match(/^(go[\d.]+?)\.(?:src|([a-z0-9]+)-([a-z0-9]+))\./);
  return { filename, os: m[2] ?? '', arch: m[3] ?? '', version: m[1], sha256: sha256(body), size, kind };
};

/** One file entry of go.dev's schema, for tests that list files of their own. */
export const releaseEntry = entry;

/**
 * The test's official list, in go.dev's JSON schema, as an array (JSON.stringify it to serve).
 * `extra`: more file entries for go1.99.1; `omit`: file names to leave out.
 */
export function releases({ extra = [], omit = [] } = {}) {
  const list = [
    {
      version: 'go1.99.1', stable: true,
      files: [
        entry(NAMES.SRC, SRC, { kind: 'source' }),
        entry(NAMES.C, SIZELESS, { size: null }),
        entry(NAMES.A, GOOD),
        entry(NAMES.B, OTHER),
        entry(NAMES.Z, ZIP, { size: null }),
        ...extra,
      ],
    },
    { version: 'go1.98.3', stable: true, files: [entry(NAMES.OLD, OLD)] },
  ];
  for (const r of list) r.files = r.files.filter((f) => !omit.includes(f.filename));
  return list;
}

/** `releases()` as the JSON text a server sends. */
export const releasesJson = (options) => JSON.stringify(releases(options));

export const SNAPSHOT_DATE = '2026-10-31';
export const snapshotJson = (generated = SNAPSHOT_DATE) => JSON.stringify({ generated, source: 'gomirror e2e fixtures' });

/** A catalog with no mirrors (nothing is probed) and the given checksum sources. */
export const catalogJson = (checksumSources = []) => JSON.stringify({ checksum_sources: checksumSources, mirrors: [] });

/** A copy of `buf` with `count` bytes in the middle inverted: same size, other hash. */
export function corrupt(buf, count = 8) {
  const out = Buffer.from(buf);
  const mid = Math.floor(out.length / 2);
  for (let i = 0; i < count; i++) out[mid + i] ^= 0xff;
  return out;
}

/** A byte string that is not `<`, whitespace or any magic number at its start. */
const opaque = (length, seed) => Buffer.concat([Buffer.from('GMRR'), randomBytes(length - 4, seed)]);

export const MARKUP_NAME = '<img src=x onerror=alert(1)>.tar.gz';

/**
 * Every verdict of the contract: the file given to the page (`name`, `bytes`) and what the
 * page must say (`verdict`, `source`). `data-sha256` must equal sha256(bytes).
 */
export const VERDICT_CASES = [
  { id: 'good archive', name: NAMES.A, bytes: GOOD, verdict: 'match', source: 'official' },
  { id: 'renamed by the browser', name: 'go1.99.1.linux-amd64 (1).tar.gz', bytes: GOOD, verdict: 'match', source: 'official' },
  { id: 'good archive, size unknown', name: NAMES.C, bytes: SIZELESS, verdict: 'match', source: 'official' },
  { id: 'good zip, size unknown', name: NAMES.Z, bytes: ZIP, verdict: 'match', source: 'official' },
  { id: 'named A, bytes of B', name: NAMES.A, bytes: OTHER, verdict: 'wrong-file', source: 'official' },
  { id: 'named A, bytes of an older release', name: NAMES.A, bytes: OLD, verdict: 'wrong-file', source: 'official' },
  {
    id: 'HTML error page', name: NAMES.A, verdict: 'html', source: 'official',
    bytes: Buffer.from('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'),
  },
  {
    id: 'HTML page after blank lines', name: NAMES.B, verdict: 'html', source: 'official',
    bytes: Buffer.from('\r\n\n \t<!DOCTYPE html>\n<html><head><meta http-equiv="refresh" content="0; url=https://portal.example/login"></head><body>Sign in to the Wi-Fi</body></html>\n'),
  },
  { id: 'decompressed in transit', name: NAMES.A, bytes: GOOD_TAR, verdict: 'decompressed', source: 'official' },
  { id: 'gzipped twice', name: NAMES.A, bytes: gzip(GOOD), verdict: 'double-gzip', source: 'official' },
  { id: 'cut short, size known', name: NAMES.A, bytes: GOOD.subarray(0, Math.floor(GOOD.length * 0.6)), verdict: 'truncated', source: 'official' },
  { id: 'cut short, size null (gzip ends early)', name: NAMES.C, bytes: SIZELESS.subarray(0, Math.floor(SIZELESS.length * 0.6)), verdict: 'truncated', source: 'official' },
  { id: 'zip cut short, size null (no end of central directory)', name: NAMES.Z, bytes: ZIP.subarray(0, Math.floor(ZIP.length * 0.7)), verdict: 'truncated', source: 'official' },
  { id: 'extra bytes appended', name: NAMES.A, bytes: Buffer.concat([GOOD, Buffer.from('\n<!-- proxy banner -->\n')]), verdict: 'oversized', source: 'official' },
  { id: 'same size, bytes flipped', name: NAMES.A, bytes: corrupt(GOOD), verdict: 'mismatch', source: 'official' },
  { id: 'a file no list knows', name: 'notes.bin', bytes: opaque(10_000, 700), verdict: 'unknown', source: 'none' },
  { id: 'an unlisted Go archive', name: 'go1.97.0.linux-amd64.tar.gz', bytes: gzip(goTar('go1.97.0', 'linux_amd64', 800)), verdict: 'unknown', source: 'none' },
  { id: 'empty file', name: NAMES.A, bytes: Buffer.alloc(0), verdict: 'empty', source: 'official' },
  { id: 'markup in the name', name: MARKUP_NAME, bytes: opaque(5000, 900), verdict: 'unknown', source: 'none' },
];

/**
 * Writes `mib` MiB to `path`: one 1 MiB random block repeated, its first 8 bytes changed to the
 * block's index (so a hasher that reads a chunk twice or skips one gets another hash). Hashes
 * while writing. Returns `{ path, size, sha256 }`.
 */
export async function writeLargeFile(path, mib, seed = 4242) {
  const block = randomBytes(1 << 20, seed);
  const hash = createHash('sha256');
  const out = createWriteStream(path);
  const done = new Promise((ok, no) => {
    out.on('finish', ok);
    out.on('error', no);
  });
  for (let i = 0; i < mib; i++) {
    const b = Buffer.from(block);
    b.writeBigUInt64LE(BigInt(i), 0);
    hash.update(b);
    if (!out.write(b)) await new Promise((ok) => out.once('drain', ok));
  }
  out.end();
  await done;
  return { path, size: mib * (1 << 20), sha256: hash.digest('hex') };
}

/**
 * Bytes the page can make itself (for drops of large files without shipping them through the
 * protocol): little-endian xorshift32 words from `seed`. Must equal drop.mjs's in-page copy.
 */
export const patternBytes = (length, seed) => randomBytes(length, seed);
