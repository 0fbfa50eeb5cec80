//! Report links in the page (`crate::share` owns the schema, its limits and base64url):
//! `#report-link` copies this page's URL with the report in its fragment, deflated by the
//! browser's `CompressionStream('deflate-raw')`; a page opened with such a fragment inflates it
//! (`DecompressionStream`, stopped at the core's size cap), reads it through the core and keeps
//! it in the state (`Shared`), which `view::shared` draws read-only. Until `#measure-mine`
//! drops the fragment, the page loads no list and measures, verifies and recommends nothing of
//! its own (`app::start`). Nothing here sends anything anywhere: a fragment never leaves the
//! browser.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair, Response};

use crate::report::Report;
use crate::share::{self, Json, Problem};

use super::dom::{by_id, error_message, listen, report_error, set_text};
use super::state::{with_app, Dirty, Shared};
use super::view::next::report;
use super::view::update;

// The streams of the Compression Streams standard, which web-sys keeps behind its unstable
// APIs: only their constructors are needed, the pairs go to `pipeThrough` as they are.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

/// The format of a report link: raw DEFLATE (RFC 1951), no zlib or gzip wrapper.
const FORMAT: &str = "deflate-raw";

/// The report link's payload in this page's fragment, if it has one.
pub(crate) fn payload() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    share::payload(&hash).map(str::to_string)
}

/// Opens the report of a link: shown read-only once read; when it cannot be read, the
/// problem is shown and the page runs as if opened without it.
pub(crate) async fn open(payload: String) {
    let read = read(&payload).await;
    let bad = read.is_err();
    update(|app| {
        app.shared = match read {
            Ok(report) => Shared::Report(report),
            Err(problem) => Shared::Bad(problem),
        };
        app.touch(Dirty::ALL);
        Ok(())
    });
    if bad {
        super::app::run();
    }
}

async fn read(payload: &str) -> Result<Json, Problem> {
    let deflated = share::decode(payload)?;
    let json = inflate(&deflated).await?;
    let json = String::from_utf8(json)
        .map_err(|_| Problem::Damaged("the report is not UTF-8 text".into()))?;
    let value = js_sys::JSON::parse(&json)
        .map_err(|e| Problem::Invalid(format!("not JSON: {}", error_message(&e))))?;
    let report = tree(&value, 0);
    share::validate(&report)?;
    Ok(report)
}

/// What `JSON.parse` made, as the core's [`Json`], no deeper than it reads.
fn tree(value: &JsValue, depth: usize) -> Json {
    if let Some(s) = value.as_string() {
        Json::Str(s)
    } else if let Some(x) = value.as_f64() {
        Json::Num(x)
    } else if let Some(b) = value.as_bool() {
        Json::Bool(b)
    } else if depth >= share::MAX_DEPTH || !value.is_object() {
        Json::Null
    } else if Array::is_array(value) {
        Json::Arr(
            Array::from(value)
                .iter()
                .map(|v| tree(&v, depth + 1))
                .collect(),
        )
    } else {
        let entries = js_sys::Object::entries(value.unchecked_ref());
        Json::Obj(
            entries
                .iter()
                .map(|pair| {
                    let pair = Array::from(&pair);
                    (
                        pair.get(0).as_string().unwrap_or_default(),
                        tree(&pair.get(1), depth + 1),
                    )
                })
                .collect(),
        )
    }
}

/// The bytes as a stream through a (de)compression stream's pair.
fn through(bytes: &JsValue, pair: &JsValue) -> Result<ReadableStream, JsValue> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(bytes))?;
    Ok(blob
        .stream()
        .pipe_through(pair.unchecked_ref::<ReadableWritablePair>()))
}

/// Inflates raw DEFLATE, refusing more than the core's cap as it comes.
async fn inflate(deflated: &[u8]) -> Result<Vec<u8>, Problem> {
    let damaged = |e: JsValue| Problem::Damaged(error_message(&e));
    let pair = DecompressionStream::new(FORMAT).map_err(damaged)?;
    let stream = through(&Uint8Array::from(deflated).into(), &pair.into()).map_err(damaged)?;
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut json = Vec::new();
    loop {
        let result = JsFuture::from(reader.read()).await.map_err(damaged)?;
        if Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            return Ok(json);
        }
        let chunk = Uint8Array::new(&Reflect::get(&result, &"value".into()).map_err(damaged)?);
        if let Err(problem) = share::check_size(json.len() + chunk.length() as usize) {
            let _ = reader.cancel();
            return Err(problem);
        }
        json.extend(chunk.to_vec());
    }
}

/// Deflates text (raw DEFLATE).
async fn deflate(json: &JsValue) -> Result<Vec<u8>, JsValue> {
    let pair = CompressionStream::new(FORMAT)?;
    let blob = Blob::new_with_str_sequence(&Array::of1(json))?;
    let stream = blob
        .stream()
        .pipe_through(pair.unchecked_ref::<ReadableWritablePair>());
    let response = Response::new_with_opt_readable_stream(Some(&stream))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The link to this page (without its own fragment) carrying `report`; `Err(None)` when the
/// report breaks the link's limits, `Err(Some(why))` when the browser failed.
async fn link_for(report: &Report) -> Result<String, Option<String>> {
    let js = |e: JsValue| Some(error_message(&e));
    // The default serializer leaves `None` out (undefined), which JSON.stringify drops: the
    // link's compact form.
    let value = serde::Serialize::serialize(report, &serde_wasm_bindgen::Serializer::new())
        .map_err(|e| Some(e.to_string()))?;
    // What a page would refuse to read is not worth a link.
    share::validate(&tree(&value, 0)).map_err(|_| None)?;
    let json = js_sys::JSON::stringify(&value).map_err(js)?;
    let deflated = deflate(&json).await.map_err(js)?;
    let page = web_sys::window()
        .ok_or(None)?
        .location()
        .href()
        .map_err(js)?;
    share::link(&page, &deflated).map_err(|_| None)
}

/// Wires `#report-link`, `#measure-mine`, and a fragment changed to another report link.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&by_id("report-link")?, "click", |_| {
        let Some((lang, report)) = with_app(|app| (app.lang, report(app))) else {
            return;
        };
        spawn_local(async move {
            let shown = match link_for(&report).await {
                Ok(link) => super::report::copy(lang, &link, "report-link-copied").await,
                Err(None) => set_text("report-status", crate::i18n::text(lang, "report-link-bad")),
                Err(Some(why)) => set_text(
                    "report-status",
                    &crate::i18n::fill(lang, "report-link-failed", &[("problem", &why)]),
                ),
            };
            if let Err(e) = shown {
                report_error(&e);
            }
        });
    })?;
    listen(&by_id("measure-mine")?, "click", |_| {
        // The page's own URL, without the report: a reload measures from here.
        if let Some(window) = web_sys::window() {
            let url = window.location().href().unwrap_or_default();
            let url = url.split('#').next().unwrap_or_default();
            if let Ok(history) = window.history() {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
            }
        }
        update(|app| {
            app.shared = Shared::None;
            app.touch(Dirty::ALL);
            Ok(())
        });
        super::app::run();
    })?;
    let window = web_sys::window().ok_or("no window")?;
    listen(&window, "hashchange", |_| {
        // Another report pasted into the address bar of this tab: open it as a new visit.
        if payload().is_some() {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    })?;
    Ok(())
}
