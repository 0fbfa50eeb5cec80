// The hashing worker: reads a File in chunks and hashes it with the Rust module, off the main
// thread. One job at a time; the page's pool (src/web/app.rs) never sends a second before the
// first has ended.
//
// Messages in:
//   {type: 'hash', id, file, chunkBytes, progressMs}  SHA-256 of the whole file, plus what its
//                                                     head and tail show (src/inspect.rs)
//   {type: 'gzip', id, file, chunkBytes, progressMs}  whether its gzip stream is whole
//   {type: 'cancel', id}                              stop job `id` before its next chunk
// Messages out:
//   {type: 'progress', id, doneBytes}                 at most once per progressMs
//   {type: 'hashed', id, result: {sha256, size_bytes, findings}}
//   {type: 'inspected', id, result: 'complete' | 'ends-early' | 'damaged'}
//   {type: 'cancelled', id}
//   {type: 'error', id, message}                      the file could not be read
import init, { hash_blob, check_gzip } from './pkg/gomirror.js';

const ready = init();
const cancelled = new Set();

self.onmessage = async ({ data }) => {
  const { type, id } = data;
  if (type === 'cancel') {
    cancelled.add(id);
    return;
  }
  const isCancelled = () => cancelled.has(id);
  let last = -Infinity;
  const onProgress = (doneBytes) => {
    const now = performance.now();
    if (now - last >= data.progressMs) {
      last = now;
      self.postMessage({ type: 'progress', id, doneBytes });
    }
  };
  try {
    await ready;
    const run = type === 'hash' ? hash_blob : check_gzip;
    const result = await run(data.file, data.chunkBytes, onProgress, isCancelled);
    self.postMessage({ type: type === 'hash' ? 'hashed' : 'inspected', id, result });
  } catch (e) {
    self.postMessage(isCancelled()
      ? { type: 'cancelled', id }
      : { type: 'error', id, message: String(e?.message ?? e) });
  } finally {
    cancelled.delete(id);
  }
};
