// Experiments for reading a File while hashing it in a worker (bench/read-experiments.mjs):
// each variant reads the same file another way and hashes it with hash-wasm, so that only the
// reading differs. In: {variant, file, chunkBytes}. Out: {sha256, ms, note}.
import { createSHA256 } from './hash-wasm/index.esm.js';

const channel = new MessageChannel();
const queue = [];
channel.port1.onmessage = () => queue.shift()();
/** Yields to the worker's task queue (not only microtasks): a pending read may be served. */
const yieldTask = () => new Promise((r) => { queue.push(r); channel.port2.postMessage(0); });

async function hashPieces(hasher, bytes, pieceBytes) {
  for (let at = 0; at < bytes.length; at += pieceBytes) {
    hasher.update(bytes.subarray(at, at + pieceBytes));
    if (at + pieceBytes < bytes.length) await yieldTask();
  }
}

const variants = {
  async 'read-slices'(file, chunk) {
    for (let s = 0; s < file.size; s += chunk) await file.slice(s, s + chunk).arrayBuffer();
    return null;
  },
  async 'read-stream'(file) {
    const reader = file.stream().getReader();
    let n = 0; let count = 0;
    for (;;) { const { done, value } = await reader.read(); if (done) break; n += value.length; count++; }
    return `${count} chunks, mean ${(n / count / 1024).toFixed(0)} KiB`;
  },
  async mem(file, chunk, hasher, buffer) {
    const bytes = new Uint8Array(buffer);
    const t = performance.now();
    for (let s = 0; s < bytes.length; s += chunk) hasher.update(bytes.subarray(s, s + chunk));
    return { ms: performance.now() - t };
  },
  async ahead1(file, chunk, hasher) {
    let next = file.slice(0, chunk).arrayBuffer();
    for (let s = 0; s < file.size; s += chunk) {
      const c = await next;
      if (s + chunk < file.size) next = file.slice(s + chunk, s + 2 * chunk).arrayBuffer();
      hasher.update(new Uint8Array(c));
    }
  },
  async ahead1yield(file, chunk, hasher, _b, piece) {
    let next = file.slice(0, chunk).arrayBuffer();
    for (let s = 0; s < file.size; s += chunk) {
      const c = await next;
      if (s + chunk < file.size) next = file.slice(s + chunk, s + 2 * chunk).arrayBuffer();
      await hashPieces(hasher, new Uint8Array(c), piece);
    }
  },
  async ahead3(file, chunk, hasher) {
    const reads = [];
    let s = 0;
    const more = () => { while (reads.length < 3 && s < file.size) { reads.push(file.slice(s, s + chunk).arrayBuffer()); s += chunk; } };
    more();
    while (reads.length) { const c = await reads.shift(); more(); hasher.update(new Uint8Array(c)); }
  },
  async stream(file, chunk, hasher) {
    const reader = file.stream().getReader();
    for (;;) { const { done, value } = await reader.read(); if (done) break; hasher.update(value); }
  },
  async streamyield(file, chunk, hasher) {
    const reader = file.stream().getReader();
    let since = 0;
    for (;;) {
      const { done, value } = await reader.read(); if (done) break;
      hasher.update(value); since += value.length;
      if (since >= chunk) { since = 0; await yieldTask(); }
    }
  },
  async byob(file, chunk, hasher) {
    const reader = file.stream().getReader({ mode: 'byob' });
    let buf = new ArrayBuffer(chunk);
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buf, 0, chunk)); if (done) break;
      hasher.update(value); buf = value.buffer;
    }
  },
};

self.onmessage = async ({ data: { variant, file, chunkBytes, piece } }) => {
  const hasher = await createSHA256();
  hasher.init();
  const buffer = variant === 'mem' ? await file.arrayBuffer() : null;
  const t = performance.now();
  const r = await variants[variant](file, chunkBytes, hasher, buffer, piece ?? 512 * 1024);
  const ms = r?.ms ?? performance.now() - t;
  self.postMessage({ sha256: hasher.digest('hex'), ms, note: typeof r === 'string' ? r : '' });
};
