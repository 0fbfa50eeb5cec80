// Reference hashers for the benchmark, in a worker like the page's own: hash-wasm streaming
// over the same 4 MiB slices, and crypto.subtle.digest over the whole file (it has no
// streaming form, so it needs the file in memory).
// In: {engine: 'hash-wasm' | 'subtle', file, chunkBytes}. Out: {sha256}.
import { createSHA256 } from './hash-wasm/index.esm.js';

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

self.onmessage = async ({ data: { engine, file, chunkBytes } }) => {
  if (engine === 'subtle') {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    self.postMessage({ sha256: hex(digest) });
    return;
  }
  const hasher = await createSHA256();
  hasher.init();
  // Same read-ahead as the page: the next slice is requested before this one is hashed.
  let next = file.slice(0, chunkBytes).arrayBuffer();
  for (let start = 0; start < file.size; start += chunkBytes) {
    const chunk = await next;
    const after = start + chunkBytes;
    if (after < file.size) next = file.slice(after, after + chunkBytes).arrayBuffer();
    hasher.update(new Uint8Array(chunk));
  }
  self.postMessage({ sha256: hasher.digest('hex') });
};
