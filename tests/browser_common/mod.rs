//! Shared by the browser test binaries (main thread and dedicated worker): the hashing layer
//! over real `Blob`s, checked against the browser's own SHA-256 (`crypto.subtle`).

use gomirror::web::hasher::{check_gzip, hash_blob};
use js_sys::{Array, Function, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

#[derive(Deserialize)]
pub struct Hashed {
    pub sha256: String,
    pub size_bytes: u64,
    pub findings: Findings,
}

#[derive(Deserialize)]
pub struct Findings {
    pub format: String,
    pub gzip_in_gzip: bool,
    pub structure: String,
}

/// Deterministic bytes that are not a repeating pattern a buggy chunker could get right.
pub fn bytes(len: usize) -> Vec<u8> {
    let mut x: u32 = 2_463_534_242;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

pub fn blob(data: &[u8]) -> Blob {
    let parts = Array::of1(&Uint8Array::from(data));
    Blob::new_with_u8_array_sequence(&parts).unwrap()
}

/// SHA-256 by the browser: `crypto.subtle.digest`, via whichever global this runs in.
pub async fn subtle_sha256(data: &[u8]) -> String {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into()).unwrap();
    let subtle = js_sys::Reflect::get(&crypto, &"subtle".into()).unwrap();
    let digest: Function = js_sys::Reflect::get(&subtle, &"digest".into())
        .unwrap()
        .into();
    let promise = digest
        .call2(&subtle, &"SHA-256".into(), &Uint8Array::from(data))
        .unwrap();
    let buffer = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .unwrap();
    Uint8Array::new(&buffer)
        .to_vec()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn never() -> Function {
    Function::new_no_args("return false")
}

pub fn ignore() -> Function {
    Function::new_with_args("n", "")
}

pub async fn hash(data: &[u8], chunk_bytes: u32) -> Hashed {
    let value = hash_blob(blob(data), chunk_bytes, ignore(), never())
        .await
        .map_err(JsValue::from)
        .unwrap();
    serde_wasm_bindgen::from_value(value).unwrap()
}

/// The same bytes in several chunkings, including chunks that do not divide the size, all
/// give the browser's own digest.
pub async fn hashes_like_the_browser() {
    let data = bytes(3 * 65_536 + 17);
    let want = subtle_sha256(&data).await;
    for chunk in [65_536, 100_000, 4 << 20] {
        let got = hash(&data, chunk).await;
        assert_eq!(got.sha256, want, "chunk {chunk}");
        assert_eq!(got.size_bytes, data.len() as u64);
        assert_eq!(got.findings.format, "other");
    }
    let empty = hash(&[], 65_536).await;
    assert_eq!(
        empty.sha256,
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

/// Progress is reported after every chunk, rising to the size.
pub async fn reports_progress() {
    let data = bytes(300_000);
    let seen = Array::new();
    let push = seen.clone();
    let on_progress = Closure::<dyn FnMut(f64)>::new(move |n: f64| {
        push.push(&JsValue::from_f64(n));
    });
    let on_progress: &Function = on_progress.as_ref().unchecked_ref();
    hash_blob(blob(&data), 65_536, on_progress.clone(), never())
        .await
        .map_err(JsValue::from)
        .unwrap();
    let seen: Vec<f64> = seen.iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(
        seen,
        vec![65_536.0, 131_072.0, 196_608.0, 262_144.0, 300_000.0]
    );
}

/// A cancelled pass stops with the error "cancelled" instead of a result.
pub async fn stops_when_cancelled() {
    let err = hash_blob(
        blob(&bytes(200_000)),
        65_536,
        ignore(),
        Function::new_no_args("return true"),
    )
    .await
    .map(|_| ())
    .map_err(JsValue::from)
    .unwrap_err();
    let message = js_sys::Reflect::get(&err, &"message".into()).unwrap();
    assert_eq!(message.as_string().as_deref(), Some("cancelled"));
}

/// A gzip made by the browser's own CompressionStream: whole, then cut short.
pub async fn tells_a_cut_gzip_stream() {
    let data = bytes(200_000);
    // CompressionStream is still behind web_sys's unstable flag; call it from JS.
    let gzip = Function::new_with_args(
        "data",
        "return new Response(new Blob([data]).stream()\
           .pipeThrough(new CompressionStream('gzip'))).arrayBuffer()",
    );
    let promise = gzip
        .call1(&JsValue::NULL, &Uint8Array::from(&data[..]))
        .unwrap();
    let buffer = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .unwrap();
    let gz = Uint8Array::new(&buffer).to_vec();
    let hashed = hash(&gz, 65_536).await;
    assert_eq!(hashed.findings.format, "gzip");
    assert!(!hashed.findings.gzip_in_gzip);
    assert_eq!(hashed.findings.structure, "unchecked");
    for (bytes, want) in [(&gz[..], "complete"), (&gz[..gz.len() / 2], "ends-early")] {
        let got = check_gzip(blob(bytes), 65_536, ignore(), never())
            .await
            .map_err(JsValue::from)
            .unwrap();
        assert_eq!(got.as_string().as_deref(), Some(want));
    }
}

/// The tests, once per binary: wasm-bindgen-test chooses where a binary runs (main thread or
/// worker) with one configure per binary, so each binary instantiates the same set.
#[macro_export]
macro_rules! browser_tests {
    () => {
        use wasm_bindgen_test::wasm_bindgen_test;

        #[wasm_bindgen_test]
        async fn hashes_like_the_browser() {
            browser_common::hashes_like_the_browser().await;
        }

        #[wasm_bindgen_test]
        async fn reports_progress() {
            browser_common::reports_progress().await;
        }

        #[wasm_bindgen_test]
        async fn stops_when_cancelled() {
            browser_common::stops_when_cancelled().await;
        }

        #[wasm_bindgen_test]
        async fn tells_a_cut_gzip_stream() {
            browser_common::tells_a_cut_gzip_stream().await;
        }
    };
}
