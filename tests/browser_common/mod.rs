//! Shared by the browser test binaries (main thread and dedicated worker): the hashing layer
//! over real `Blob`s, checked against the browser's own SHA-256 (`crypto.subtle`).

use gomirror::worker::{check_gzip, hash_blob, hash_stream};
use js_sys::{Array, Function, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

pub mod reference;

#[derive(Debug, Deserialize, PartialEq)]
pub struct Hashed {
    pub sha256: String,
    pub size_bytes: u64,
    pub findings: Findings,
}

#[derive(Debug, Deserialize, PartialEq)]
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

pub fn ignore() -> Function {
    Function::new_with_args("n", "")
}

pub async fn hash(data: &[u8], chunk_bytes: u32) -> Hashed {
    let value = hash_blob(blob(data), chunk_bytes, ignore())
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
    hash_blob(blob(&data), 65_536, on_progress.clone())
        .await
        .map_err(JsValue::from)
        .unwrap();
    let seen: Vec<f64> = seen.iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(
        seen,
        vec![65_536.0, 131_072.0, 196_608.0, 262_144.0, 300_000.0]
    );
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
        assert_eq!(structure(bytes).await, want);
    }
}

/// A download as it arrives (`hash_stream`, a body the page transfers to the worker): the same
/// digest, size and findings as the same bytes as a file; and for a gzip file whose official
/// size is unknown, whether its stream is whole.
pub async fn hashes_a_stream_like_a_file() {
    let stream = |data: &[u8]| blob(data).stream();
    let read = |value: JsValue| serde_wasm_bindgen::from_value::<Hashed>(value).unwrap();
    let data = bytes(3 * 65_536 + 17);
    let got = read(
        hash_stream(stream(&data), false)
            .await
            .map_err(JsValue::from)
            .unwrap(),
    );
    assert_eq!(got.sha256, subtle_sha256(&data).await);
    assert_eq!(got.size_bytes, data.len() as u64);
    assert_eq!(got, hash(&data, 65_536).await);
    let gzip = Function::new_with_args(
        "data",
        "return new Response(new Blob([data]).stream()\
           .pipeThrough(new CompressionStream('gzip'))).arrayBuffer()",
    );
    let promise = gzip
        .call1(&JsValue::NULL, &Uint8Array::from(&bytes(200_000)[..]))
        .unwrap();
    let buffer = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .unwrap();
    let gz = Uint8Array::new(&buffer).to_vec();
    for (part, want) in [(&gz[..], "complete"), (&gz[..gz.len() / 2], "ends-early")] {
        let got = read(
            hash_stream(stream(part), true)
                .await
                .map_err(JsValue::from)
                .unwrap(),
        );
        assert_eq!(got.findings.format, "gzip");
        assert_eq!(got.findings.structure, want);
        let unchecked = read(
            hash_stream(stream(part), false)
                .await
                .map_err(JsValue::from)
                .unwrap(),
        );
        assert_eq!(unchecked.findings.structure, "unchecked");
    }
}

/// What the page's second pass (the browser's DecompressionStream) says of a whole file.
pub async fn structure(file: &[u8]) -> String {
    check_gzip(blob(file), 65_536, ignore())
        .await
        .map_err(JsValue::from)
        .unwrap()
        .as_string()
        .unwrap()
}

/// Data a tar.gz might hold: compressible, but not a pattern.
fn tar_like(len: usize) -> Vec<u8> {
    bytes(len).iter().map(|b| b % 7).collect()
}

/// The browser's verdicts against miniz_oxide's, on gzip members of compressible and
/// incompressible data: whole, cut at many offsets, and damaged at many offsets (one bit
/// flipped, or 16 bytes overwritten). Whole and cut streams get the same verdict. Damage never
/// turns a cut into a whole stream or back (the verdict `truncated` hangs on that); where
/// miniz_oxide, which checked no CRC, called a damaged stream whole, the browser checks the
/// trailer and calls it damaged.
pub async fn gzip_checks_agree_with_miniz_oxide() {
    let mut damaged = std::collections::BTreeMap::new();
    for data in [tar_like(300_000), bytes(150_000)] {
        let whole = reference::gzip(&data);
        assert_eq!(reference::structure(&whole), "complete");
        assert_eq!(structure(&whole).await, "complete");
        let step = whole.len() / 97;
        let cuts = (0..whole.len())
            .step_by(step)
            .chain(whole.len() - 12..whole.len());
        for cut in cuts {
            let part = &whole[..cut];
            let want = reference::structure(part);
            assert_eq!(want, "ends-early", "reference, cut {cut}");
            assert_eq!(
                structure(part).await,
                want,
                "cut at {cut} of {}",
                whole.len()
            );
        }
        let step = whole.len() / 150;
        for at in (3..whole.len())
            .step_by(step)
            .chain(whole.len() - 8..whole.len())
        {
            for run in [1, 16] {
                let mut bad = whole.clone();
                let end = (at + run).min(bad.len());
                for (i, b) in bad[at..end].iter_mut().enumerate() {
                    *b = if run == 1 {
                        *b ^ (1 << (at % 8))
                    } else {
                        0xff ^ i as u8
                    };
                }
                let (want, got) = (reference::structure(&bad), structure(&bad).await);
                assert_eq!(
                    want == "ends-early",
                    got == "ends-early",
                    "bytes {at}..{end} damaged: miniz_oxide {want}, browser {got}"
                );
                assert_ne!(
                    got, "complete",
                    "bytes {at}..{end} damaged: the CRC-32 tells"
                );
                *damaged.entry((want, got)).or_insert(0) += 1;
            }
        }
    }
    web_sys::console::log_1(&format!("damaged, (miniz_oxide, browser): {damaged:?}").into());
}

/// gzip in gzip is found from the head alone, as miniz_oxide found it.
pub async fn finds_gzip_in_gzip_like_miniz_oxide() {
    let once = reference::gzip(&tar_like(300_000));
    let twice = reference::gzip(&once);
    let mut damaged = twice.clone();
    damaged[12..40].fill(0xff);
    for (file, want) in [(&once, false), (&twice, true), (&damaged, false)] {
        let head = &file[..file.len().min(65_536)];
        assert_eq!(
            reference::inflated_start(head).starts_with(&[0x1f, 0x8b]),
            want,
            "reference"
        );
        let hashed = hash(file, 65_536).await;
        assert_eq!(hashed.findings.format, "gzip");
        assert_eq!(hashed.findings.gzip_in_gzip, want);
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
        async fn hashes_a_stream_like_a_file() {
            browser_common::hashes_a_stream_like_a_file().await;
        }

        #[wasm_bindgen_test]
        async fn tells_a_cut_gzip_stream() {
            browser_common::tells_a_cut_gzip_stream().await;
        }

        #[wasm_bindgen_test]
        async fn gzip_checks_agree_with_miniz_oxide() {
            browser_common::gzip_checks_agree_with_miniz_oxide().await;
        }

        #[wasm_bindgen_test]
        async fn finds_gzip_in_gzip_like_miniz_oxide() {
            browser_common::finds_gzip_in_gzip_like_miniz_oxide().await;
        }
    };
}
