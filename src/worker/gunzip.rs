//! Gzip streams inflated by the browser's `DecompressionStream`: what a gzip file's head
//! inflates to, and what the decompressor says of a whole file fed to it in order.
//!
//! The browser inflates and checks the trailer (CRC-32 and length); this module only pipes
//! bytes in and reports what came out or what was refused. What that means is the core's
//! (`inspect.rs`: [`crate::inspect::gzip_structure`], `Findings::with_inflated_start`).

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    ReadableStream, ReadableStreamDefaultReader, WritableStream, WritableStreamDefaultWriter,
};

use crate::inspect::{gzip_structure, Structure};

#[wasm_bindgen]
extern "C" {
    /// Compression Streams' `DecompressionStream`: web_sys declares it only behind
    /// `--cfg web_sys_unstable_apis`, which every build and lint command would then need.
    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;

    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;

    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

/// How many inflated bytes [`inflated_start`] keeps: enough for any magic number.
const START_BYTES: u32 = 512;

/// The first bytes a gzip file's `head` inflates to; empty if the browser gives none (a damaged
/// head).
pub(crate) async fn inflated_start(head: &[u8]) -> Vec<u8> {
    let Ok(stream) = DecompressionStream::new("gzip") else {
        return Vec::new();
    };
    let reader: ReadableStreamDefaultReader = stream.readable().get_reader().unchecked_into();
    // Asked for before any byte goes in, so that the first output reaches it: a head is a cut
    // stream, and when the closing fails the stream drops any output still queued.
    let first = JsFuture::from(reader.read());
    if let Ok(writer) = stream.writable().get_writer() {
        // Their outcome arrives through `first`; wrapped only so that a refusal counts as
        // handled rather than as an uncaught error.
        drop(JsFuture::from(
            writer.write_with_chunk(&Uint8Array::from(head)),
        ));
        drop(JsFuture::from(writer.close()));
    }
    let start = match first.await {
        Ok(result) => Reflect::get(&result, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into::<Uint8Array>().ok())
            .map(|v| v.subarray(0, START_BYTES.min(v.length())).to_vec())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let _ = JsFuture::from(reader.cancel()).await;
    start
}

/// A whole gzip file fed in order to the browser's decompressor, whose output is dropped as
/// it comes, inside the browser (a `WritableStream` without a sink): memory stays flat
/// whatever the size, and no inflated byte crosses into the wasm.
pub(crate) struct GzipCheck {
    writer: WritableStreamDefaultWriter,
    /// The pipe that drops the output; it ends when the stream does.
    drained: JsFuture,
    /// The decompressor refused a chunk: the stream is damaged, the rest is not sent.
    refused: bool,
}

impl GzipCheck {
    /// A check that has seen no bytes.
    ///
    /// # Errors
    ///
    /// When the browser has no `DecompressionStream`.
    pub(crate) fn new() -> Result<GzipCheck, JsValue> {
        let stream = DecompressionStream::new("gzip")?;
        let drained = JsFuture::from(stream.readable().pipe_to(&WritableStream::new()?));
        Ok(GzipCheck {
            writer: stream.writable().get_writer()?,
            drained,
            refused: false,
        })
    }

    /// Feeds the next bytes of the file (the browser keeps its own copy of them).
    pub(crate) async fn update(&mut self, chunk: &Uint8Array) {
        if !self.refused {
            // The promise settles once the chunk is inflated: it fails if the chunk was refused.
            self.refused = JsFuture::from(self.writer.write_with_chunk(chunk))
                .await
                .is_err();
        }
    }

    /// What the whole stream turned out to be: the closing fails if the stream had not ended.
    pub(crate) async fn finish(self) -> Structure {
        let ended = !self.refused && JsFuture::from(self.writer.close()).await.is_ok();
        let _ = self.drained.await;
        gzip_structure(self.refused, ended)
    }
}
