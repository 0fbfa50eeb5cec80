// The hashing worker: hashes with its own Rust module (src/worker/), off the page's thread.
// One job at a time: the page's pool (src/web/checks.rs) never sends a second before the first
// has ended, and a download gets a worker of its own (src/web/download.rs). A job is
// cancelled by terminating its worker.
//
// Messages in:
//   {type: 'hash', id, file, chunkBytes, progressMs}  SHA-256 of the whole file, plus what its
//                                                     head and tail show (src/inspect.rs)
//   {type: 'gzip', id, file, chunkBytes, progressMs}  whether its gzip stream is whole
//   {type: 'stream', id, stream, gzip}                a download's bytes as they arrive (a
//                                                     transferred ReadableStream); `gzip`: also
//                                                     whether its gzip stream is whole
//   {type: 'stream', id, stream: null, gzip}          the same where the browser cannot transfer
//   {type: 'chunk', id, bytes}, {type: 'end', id}     a stream (Safari): its bytes come as these
// Messages out:
//   {type: 'progress', id, doneBytes}                 at most once per progressMs (files)
//   {type: 'hashed', id, result: {sha256, size_bytes, findings}}
//   {type: 'inspected', id, result: 'complete' | 'ends-early' | 'damaged'}
//   {type: 'error', id, message}                      the bytes could not be read
import init, { hash_blob, check_gzip, hash_stream } from './pkg/worker.js';

const ready = init();
/** The streams fed by 'chunk' and 'end' messages, by job id. */
const fed = new Map();

self.onmessage = async ({ data }) => {
  const { type, id } = data;
  if (type === 'chunk') return fed.get(id)?.enqueue(data.bytes);
  if (type === 'end') return fed.get(id)?.close();
  // Made before anything is awaited, so that the chunks that follow find it.
  const stream = type === 'stream' && (data.stream ?? new ReadableStream({ start: (c) => fed.set(id, c) }));
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
    const result = type === 'stream'
      ? await hash_stream(stream, data.gzip)
      : await (type === 'hash' ? hash_blob : check_gzip)(data.file, data.chunkBytes, onProgress);
    self.postMessage({ type: type === 'gzip' ? 'inspected' : 'hashed', id, result });
  } catch (e) {
    self.postMessage({ type: 'error', id, message: String(e?.message ?? e) });
  } finally {
    fed.delete(id);
  }
};
