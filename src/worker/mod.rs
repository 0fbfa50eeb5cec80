//! Hashing inside the hashing worker, off the page's thread: a file in one pass and the optional
//! second pass over its gzip stream, and a download as it arrives.
//!
//! A WebAssembly module of its own (`pkg/worker.js`, the `worker` feature, scripts/build.sh),
//! which only the workers load: the page's module carries none of it. They are driven by
//! `www/hash-worker.js`. A file is read as a stream into one reused buffer (memory
//! stays flat whatever its size), with progress after each piece; a download is a stream the page
//! transferred to the worker. The visitor cancels by terminating the worker. What the results
//! mean is `verdict.rs`'s business.

use js_sys::{Function, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader};

use crate::checksum::StreamHasher;
use crate::inspect::{inspect, Ends, Format, Hashed, HEAD_BYTES, TAIL_BYTES};

mod gunzip;

use gunzip::{inflated_start, GzipCheck};

/// Hashes a whole `Blob` (a `File`) read as a stream (`Blob.stream()`), into one reusable
/// `chunk_bytes` buffer where the browser lets us bring our own (a BYOB reader), else chunk by
/// chunk as the browser gives them. `on_progress(bytes_done)` is called after each chunk.
/// Resolves to `{sha256, size_bytes, findings}`. (A pass is cancelled by terminating its
/// worker: nothing here asks.)
///
/// Why a stream and not `slice().arrayBuffer()` one slice ahead (what this did before): the
/// browser moves a read's bytes into the worker on the worker's own thread, between tasks, so
/// a slice requested before hashing 4 MiB at once mostly waits for that hashing to end. A
/// stream hands over its bytes in pieces of a few hundred KiB as they come, so the reading
/// goes on between them (`bench/read-experiments.mjs` measures the ways of reading).
///
/// # Errors
///
/// When the browser cannot read the file (it was moved, deleted or is unreadable).
#[wasm_bindgen]
pub async fn hash_blob(
    blob: Blob,
    chunk_bytes: u32,
    on_progress: Function,
) -> Result<JsValue, JsError> {
    let size = blob.size();
    let mut hasher = StreamHasher::new();
    let mut head: Vec<u8> = Vec::new();
    let mut buffer: Vec<u8> = Vec::new();
    let mut reader = StreamChunks::new(&blob.stream(), chunk_bytes);
    while let Some(chunk) = reader.next(&mut buffer).await? {
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(chunk);
        report(&on_progress, hasher.len_bytes());
    }
    // The tail is re-read rather than kept from the last chunks: cheap for a File, and it
    // keeps the loop above free of bookkeeping.
    let tail_start = (size - TAIL_BYTES as f64).max(0.0);
    let tail = read_slice(&blob, tail_start, size).await?;
    let mut findings = inspect(&head, &tail);
    if findings.format == Format::Gzip {
        findings = findings.with_inflated_start(&inflated_start(&head).await);
    }
    answer(&Hashed {
        sha256: hasher.finish(),
        size_bytes: size as u64,
        findings,
    })
}

/// The SHA-256 of bytes already in the worker, fed to the same hasher as [`hash_blob`] in
/// `chunk_bytes` updates, each copied into the wasm first as a read chunk is. Only the
/// benchmark calls it (`bench/run.mjs`): the page's time over this one is what reading costs.
#[wasm_bindgen]
pub fn hash_buffer(bytes: &Uint8Array, chunk_bytes: u32) -> String {
    let mut hasher = StreamHasher::new();
    let mut buffer: Vec<u8> = Vec::new();
    let (len, step) = (bytes.length(), chunk_bytes.max(1));
    let mut start = 0;
    while start < len {
        let end = start.saturating_add(step).min(len);
        buffer.resize((end - start) as usize, 0);
        bytes.subarray(start, end).copy_to(&mut buffer);
        hasher.update(&buffer);
        start = end;
    }
    hasher.finish().to_hex()
}

/// Hashes a download as it arrives: the bytes of `stream` (a branch of the response body the
/// page transferred to this worker), with what its head and tail show and, for a gzip file
/// whose official size is unknown (`check_gzip`), whether its stream is whole (the size tells
/// a cut file otherwise). Resolves to `{sha256, size_bytes, findings}`.
///
/// # Errors
///
/// When the stream fails: the download was cut off or cancelled.
#[wasm_bindgen]
pub async fn hash_stream(stream: ReadableStream, check_gzip: bool) -> Result<JsValue, JsError> {
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut hasher = StreamHasher::new();
    let mut ends = Ends::default();
    let mut gzip = match check_gzip {
        true => Some(GzipCheck::new().map_err(|e| read_error(&e))?),
        false => None,
    };
    let mut buffer: Vec<u8> = Vec::new();
    loop {
        let result = JsFuture::from(reader.read())
            .await
            .map_err(|e| read_error(&e))?;
        if js_sys::Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            break;
        }
        let chunk: Uint8Array = js_sys::Reflect::get(&result, &"value".into())
            .map_err(|e| read_error(&e))?
            .unchecked_into();
        buffer.resize(chunk.length() as usize, 0);
        chunk.copy_to(&mut buffer);
        hasher.update(&buffer);
        ends.update(&buffer);
        if let Some(g) = &mut gzip {
            g.update(&chunk).await;
        }
    }
    let mut findings = ends.findings();
    if findings.format == Format::Gzip {
        findings = findings.with_inflated_start(&inflated_start(ends.head()).await);
        if let Some(g) = gzip {
            findings.structure = g.finish().await;
        }
    }
    answer(&Hashed {
        size_bytes: hasher.len_bytes(),
        sha256: hasher.finish(),
        findings,
    })
}

/// A result as the page reads it back with serde: plain numbers, not BigInts, for sizes.
fn answer(hashed: &Hashed) -> Result<JsValue, JsError> {
    let json = serde_wasm_bindgen::Serializer::json_compatible();
    serde::Serialize::serialize(hashed, &json).map_err(|e| JsError::new(&e.to_string()))
}

/// Reads a gzip file from end to end through the browser's decompressor to learn whether its
/// stream is whole. Resolves to the [`crate::inspect::Structure`] name (`complete`,
/// `ends-early`, `damaged`).
///
/// # Errors
///
/// As [`hash_blob`], and when the browser has no `DecompressionStream`.
#[wasm_bindgen]
pub async fn check_gzip(
    blob: Blob,
    chunk_bytes: u32,
    on_progress: Function,
) -> Result<JsValue, JsError> {
    let mut check = GzipCheck::new().map_err(|e| read_error(&e))?;
    let mut done = 0u64;
    let mut reader = ChunkReader::new(&blob, chunk_bytes);
    // The slices go to the browser's decompressor as they were read, never into the wasm.
    while let Some(chunk) = reader.next_array().await? {
        check.update(&chunk).await;
        done += u64::from(chunk.length());
        report(&on_progress, done);
    }
    Ok(JsValue::from_str(check.finish().await.name()))
}

fn report(on_progress: &Function, done_bytes: u64) {
    // A failing progress callback must not stop the hash.
    let _ = on_progress.call1(&JsValue::NULL, &JsValue::from_f64(done_bytes as f64));
}

#[wasm_bindgen]
extern "C" {
    /// A reader that fills buffers we give it (web-sys's needs a crate feature; this is all
    /// we use of it).
    #[wasm_bindgen(js_name = ReadableStreamBYOBReader)]
    type ByobReader;
    #[wasm_bindgen(constructor, catch, js_class = "ReadableStreamBYOBReader")]
    fn new(stream: &ReadableStream) -> Result<ByobReader, JsValue>;
    #[wasm_bindgen(method)]
    fn read(this: &ByobReader, view: &Uint8Array) -> js_sys::Promise;
}

/// A stream's bytes in order, copied into the wasm one piece at a time.
enum StreamChunks {
    /// Reads into `view`, one buffer that goes back and forth between us and the browser.
    Byob {
        reader: ByobReader,
        view: Uint8Array,
    },
    /// Where the stream is not a byte stream (a browser whose `Blob.stream()` is not one).
    Default(ReadableStreamDefaultReader),
}

impl StreamChunks {
    fn new(stream: &ReadableStream, chunk_bytes: u32) -> StreamChunks {
        match ByobReader::new(stream) {
            Ok(reader) => StreamChunks::Byob {
                reader,
                view: Uint8Array::new_with_length(chunk_bytes.max(64 * 1024)),
            },
            Err(_) => StreamChunks::Default(stream.get_reader().unchecked_into()),
        }
    }

    /// The next piece, copied into `buffer`; `None` at the end.
    async fn next<'b>(&mut self, buffer: &'b mut Vec<u8>) -> Result<Option<&'b [u8]>, JsError> {
        let read = match self {
            StreamChunks::Byob { reader, view } => reader.read(view),
            StreamChunks::Default(reader) => reader.read(),
        };
        let result = JsFuture::from(read).await.map_err(|e| read_error(&e))?;
        let done = js_sys::Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy());
        if done {
            return Ok(None);
        }
        let chunk: Uint8Array = js_sys::Reflect::get(&result, &"value".into())
            .map_err(|e| read_error(&e))?
            .unchecked_into();
        let len = chunk.length() as usize;
        buffer.resize(len, 0);
        chunk.copy_to(&mut buffer[..len]);
        if let StreamChunks::Byob { view, .. } = self {
            // The buffer we lent comes back in `chunk` (the one in `view` is detached): all
            // of it is lent again for the next read.
            let whole = chunk.buffer();
            *view = Uint8Array::new_with_byte_offset_and_length(&whole, 0, whole.byte_length());
        }
        Ok(Some(&buffer[..len]))
    }
}

/// Reads a `Blob` in order, one slice ahead of the consumer (the gzip check, whose slices go
/// to the browser's decompressor and never into the wasm).
struct ChunkReader<'a> {
    blob: &'a Blob,
    size: f64,
    chunk: f64,
    next_start: f64,
    pending: Option<JsFuture>,
}

impl<'a> ChunkReader<'a> {
    fn new(blob: &'a Blob, chunk_bytes: u32) -> ChunkReader<'a> {
        ChunkReader {
            blob,
            size: blob.size(),
            chunk: f64::from(chunk_bytes.max(64 * 1024)),
            next_start: 0.0,
            pending: None,
        }
    }

    fn start_read(&mut self) -> Result<Option<JsFuture>, JsError> {
        if self.next_start >= self.size {
            return Ok(None);
        }
        let end = (self.next_start + self.chunk).min(self.size);
        let slice = self
            .blob
            .slice_with_f64_and_f64(self.next_start, end)
            .map_err(|e| read_error(&e))?;
        self.next_start = end;
        Ok(Some(JsFuture::from(slice.array_buffer())))
    }

    /// The next chunk as the browser read it; `None` at the end.
    async fn next_array(&mut self) -> Result<Option<Uint8Array>, JsError> {
        let current = match self.pending.take() {
            Some(read) => read,
            None => match self.start_read()? {
                Some(read) => read,
                None => return Ok(None),
            },
        };
        let array = Uint8Array::new(&current.await.map_err(|e| read_error(&e))?);
        // Ask for the next slice before hashing this one, so reading overlaps hashing.
        self.pending = self.start_read()?;
        Ok(Some(array))
    }
}

async fn read_slice(blob: &Blob, start: f64, end: f64) -> Result<Vec<u8>, JsError> {
    let slice = blob
        .slice_with_f64_and_f64(start, end)
        .map_err(|e| read_error(&e))?;
    let buffer = JsFuture::from(slice.array_buffer())
        .await
        .map_err(|e| read_error(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The browser's reason (a `NotReadableError`, a `NotFoundError`) as a message.
fn read_error(e: &JsValue) -> JsError {
    let message = js_sys::Reflect::get(e, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"));
    JsError::new(&message)
}
