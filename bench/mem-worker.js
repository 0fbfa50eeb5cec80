// The benchmark's in-memory reference (bench/run.mjs): the page's own worker module hashing a
// file's bytes already in this worker, in the page's 4 MiB updates, each copied into the wasm
// as a read chunk is (`hash_buffer`, src/worker/mod.rs). Served beside the page, so it loads the
// same pkg/worker.js. Only the hashing is timed: the page's time over this one is what reading
// the file costs it. In: {file, chunkBytes}. Out: {sha256, ms}.
import init, { hash_buffer } from './pkg/worker.js';

const ready = init();

self.onmessage = async ({ data: { file, chunkBytes } }) => {
  await ready;
  const bytes = new Uint8Array(await file.arrayBuffer());
  const start = performance.now();
  const sha256 = hash_buffer(bytes, chunkBytes);
  self.postMessage({ sha256, ms: performance.now() - start });
};
