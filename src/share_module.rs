//! Report links as a WebAssembly module of their own (`pkg/share.js`): `scripts/build.sh`
//! builds the crate a second time with the `share-module` feature and without the page, and the
//! page (`web::share`) loads it only when it needs it: opened with `#r=`, or on a click of
//! `#report-link` or `#report-markdown` (whose Markdown is written here too). A visit that does
//! none of these downloads none of this code nor its words (`i18n/share-*.json`). `crate::share` decides (the schema, its limits, base64url); this
//! module does what the browser must: inflating and deflating (`DecompressionStream` and
//! `CompressionStream` with `deflate-raw`, the inflated size capped as it comes), `JSON.parse`
//! into the core's [`Json`] tree, and drawing `#shared-report`'s body from that tree with its
//! own few DOM calls. Every value of a link is set as text or an attribute, never as markup,
//! and no URL of it becomes a link.
//!
//! The page keeps the state (whether a link is shown, which language) and the section's
//! frame (its visibility, `#measure-mine`, `body.shared`); this module keeps the report it
//! read, so that a switch of language draws it again without reading the link again.

use std::cell::RefCell;

use js_sys::{Array, Reflect, Uint8Array};
use serde_wasm_bindgen::Deserializer;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Element, ReadableStream, ReadableStreamDefaultReader, ReadableWritablePair};

use crate::i18n::{fill, fixed, lookup, rate, text, Lang, Part};
use crate::module_dom::{el, El};
use crate::share::{self, Json, Problem};

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

thread_local! {
    /// What the last link read held: its report, or why it could not be read.
    static READ: RefCell<Option<Result<Json, Problem>>> = const { RefCell::new(None) };
}

/// Keeps the words of `lang` (a tag): the page's table (`i18n/{lang}.json`: the tables' column
/// heads, statuses, verdicts, findings) and the shared report's own (`i18n/share-{lang}.json`),
/// each as `JSON.parse` made it.
///
/// # Errors
///
/// When one is not an object of strings.
#[wasm_bindgen]
pub fn install_words(lang: &str, page: JsValue, words: JsValue) -> Result<(), JsError> {
    let lang = Lang::from_tag(lang);
    for (part, table) in [(Part::Page, page), (Part::Share, words)] {
        crate::i18n::install(lang, part, Deserializer::from(table))
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    Ok(())
}

/// Reads the report of a link's payload (what follows `#r=`) and keeps it, or keeps why it
/// cannot be read; resolves to whether it is a report to show.
#[wasm_bindgen]
pub async fn read(payload: String) -> bool {
    let read = read_report(&payload).await;
    let good = read.is_ok();
    READ.with(|cell| *cell.borrow_mut() = Some(read));
    good
}

async fn read_report(payload: &str) -> Result<Json, Problem> {
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

/// The message of a JavaScript error, or whatever was thrown.
fn error_message(thrown: &JsValue) -> String {
    Reflect::get(thrown, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "unknown error".into())
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

/// The bytes (or text) as a stream through a (de)compression stream's pair.
fn through(part: &JsValue, pair: &JsValue) -> Result<ReadableStream, JsValue> {
    let blob = Blob::new_with_u8_array_sequence(&Array::of1(part))?;
    Ok(blob
        .stream()
        .pipe_through(pair.unchecked_ref::<ReadableWritablePair>()))
}

/// Reads a stream to its end, refusing more than the core's cap as the bytes come, so that a
/// small payload cannot make the page inflate megabytes.
async fn drain(stream: ReadableStream) -> Result<Vec<u8>, Problem> {
    let damaged = |e: JsValue| Problem::Damaged(error_message(&e));
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::new();
    loop {
        let result = JsFuture::from(reader.read()).await.map_err(damaged)?;
        if Reflect::get(&result, &"done".into()).is_ok_and(|d| d.is_truthy()) {
            return Ok(out);
        }
        let chunk = Uint8Array::new(&Reflect::get(&result, &"value".into()).map_err(damaged)?);
        if let Err(problem) = share::check_size(out.len() + chunk.length() as usize) {
            let _ = reader.cancel();
            return Err(problem);
        }
        out.extend(chunk.to_vec());
    }
}

/// Inflates raw DEFLATE, refusing more than the core's cap as it comes.
async fn inflate(deflated: &[u8]) -> Result<Vec<u8>, Problem> {
    let damaged = |e: JsValue| Problem::Damaged(error_message(&e));
    let pair = DecompressionStream::new(FORMAT).map_err(damaged)?;
    let stream = through(&Uint8Array::from(deflated).into(), &pair.into()).map_err(damaged)?;
    drain(stream).await
}

/// The link to `page` (without its own fragment) carrying `report` (the page's report as
/// serde-wasm-bindgen made it, `None` left out): rejects with `null` when the report breaks
/// the link's limits (what a page would refuse to read is not worth a link), with the
/// browser's message when it failed.
#[wasm_bindgen]
pub async fn link(report: JsValue, page: String) -> Result<String, JsValue> {
    share::validate(&tree(&report, 0)).map_err(|_| JsValue::NULL)?;
    let json = js_sys::JSON::stringify(&report)?;
    let pair = CompressionStream::new(FORMAT)?;
    let stream = through(&json.into(), &pair.into())?;
    // More than a page inflates is more than it reads: not worth a link either.
    let deflated = drain(stream).await.map_err(|problem| match problem {
        Problem::TooLarge { .. } => JsValue::NULL,
        other => JsValue::from_str(&other.to_string()),
    })?;
    share::link(&page, &deflated).map_err(|_| JsValue::NULL)
}

/// The Markdown of the page's own report (`#report-markdown`; serde-wasm-bindgen's value of a
/// [`Report`](crate::report::Report), as for [`link`]): written here rather than in the page,
/// which then carries neither the writer nor a reader of reports. Its figures are the JSON
/// report's (latency in tenths of a millisecond, whole bytes per second).
///
/// # Errors
///
/// When the value is not a report.
#[wasm_bindgen]
pub fn markdown(report: JsValue) -> Result<String, JsError> {
    let report: crate::report::Report = serde_wasm_bindgen::from_value(report)?;
    Ok(report.to_markdown())
}

/// Draws what the last link read held in `lang` (a tag) into `body`, and marks `section` with
/// the report's `data-generated-at` and `data-client` (or drops them for a link that could not
/// be read).
///
/// # Errors
///
/// When no link was read, or the DOM refuses a change.
#[wasm_bindgen]
pub fn draw(lang: &str, section: &Element, body: &Element) -> Result<(), JsValue> {
    let lang = Lang::from_tag(lang);
    READ.with(|cell| {
        let read = cell.borrow();
        let read = read.as_ref().ok_or("no report link was read")?;
        let report = read.as_ref().ok();
        for (name, value) in [
            ("data-generated-at", report.map(|r| r.get("generated_at"))),
            ("data-client", report.map(|r| r.get("browser"))),
        ] {
            match value {
                Some(value) => section.set_attribute(name, value.text())?,
                None => section.remove_attribute(name)?,
            }
        }
        let children = match read {
            Ok(report) => drawn(lang, report),
            Err(problem) => vec![
                el(
                    "p",
                    "warning",
                    text(lang, &format!("shared-error-{}", problem.key())),
                )
                .attr("data-error", problem.key())
                .attr("data-detail", &problem.to_string())
                .0,
            ],
        };
        body.set_text_content(None);
        for child in &children {
            body.append_child(child)?;
        }
        Ok(())
    })
}

/// `2026-12-07T18:40:00.123Z` as `2026-12-07 18:40 UTC`; anything else as it is.
fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

/// A key's words where the page has them (`st-ok`, `v-match`, `dx-slow`), else the key itself.
fn words(lang: Lang, prefix: &str, key: &str) -> String {
    lookup(lang, &format!("{prefix}{key}"))
        .unwrap_or(key)
        .to_string()
}

fn drawn(lang: Lang, r: &Json) -> Vec<Element> {
    let c = r.get("checksum_source");
    let list = match (c.get("source").text(), c.get("snapshot_date").string()) {
        ("snapshot", Some(date)) => fill(lang, "shared-list-snapshot", &[("date", date)]),
        ("live", _) => fill(lang, "shared-list-live", &[("url", c.get("url").text())]),
        _ => text(lang, "shared-list-none").to_string(),
    };
    let rec = r.get("recommendation");
    let recommended = match rec {
        Json::Null => text(lang, "shared-recommended-none").to_string(),
        _ => fill(
            lang,
            "shared-recommended",
            &[
                ("id", rec.get("mirror_id").text()),
                ("url", rec.get("url").text()),
            ],
        ),
    };
    let findings: Vec<String> = r
        .get("diagnosis")
        .items()
        .iter()
        .map(|d| words(lang, "dx-", d.text()))
        .collect();
    let banner = fill(
        lang,
        "shared-banner",
        &[
            ("when", &when(r.get("generated_at").text())),
            ("browser", r.get("browser").text()),
            ("platform", r.get("platform").text()),
        ],
    );
    let diagnosis = fill(
        lang,
        "shared-diagnosis",
        &[("findings", &findings.join("; "))],
    );
    let mut out = Vec::new();
    for (class, line) in [
        ("shared-banner", banner),
        ("", list),
        ("", recommended),
        ("", diagnosis),
    ] {
        out.push(el("p", class, &line).0);
    }
    for (key, heading, attribute) in [
        ("mirrors", "shared-mirrors", "data-mirror-id"),
        ("proxies", "shared-proxies", "data-proxy-id"),
        ("sumdb", "shared-sumdb", "data-sumdb-id"),
    ] {
        let rows = r.get(key).items();
        if !rows.is_empty() {
            out.push(el("h3", "", text(lang, heading)).0);
            out.push(table(lang, rows, attribute));
        }
    }
    let verdicts = r.get("verdicts").items();
    if !verdicts.is_empty() {
        out.push(el("h3", "", text(lang, "shared-files")).0);
        let mut list = El::new("ul").attr("class", "shared-files");
        for v in verdicts {
            let (file, verdict) = (v.get("file").text(), v.get("verdict").text());
            let size = v.get("size_bytes").number().unwrap_or_default() as u64;
            let mut item = El::new("li")
                .attr("data-file", file)
                .attr("data-verdict", verdict)
                .attr("data-source", v.get("source").text())
                .child(el("strong", "", file))
                .child(el(
                    "span",
                    "",
                    &format!(
                        " — {} ({})",
                        words(lang, "v-", verdict),
                        crate::i18n::bytes(lang, size)
                    ),
                ));
            if let Some(sha) = v.get("sha256").string() {
                item = item.attr("data-sha256", sha).child(el("code", "", sha));
            }
            list = list.child(item);
        }
        out.push(list.0);
    }
    out
}

/// One table of sources, as the report measured them.
fn table(lang: Lang, rows: &[Json], attribute: &str) -> Element {
    let mut head = El::new("tr");
    for key in [
        "col-mirror",
        "col-status",
        "col-latency",
        "col-throughput",
        "col-note",
    ] {
        head = head.child(el("th", "", text(lang, key)).attr("scope", "col"));
    }
    let mut body = El::new("tbody");
    for s in rows {
        let (id, status) = (s.get("id").text(), s.get("status").text());
        let latency = s.get("latency_ms").number();
        let bps = s.get("throughput_bps").number();
        let reason = s.get("reason").string();
        let mut tr = El::new("tr")
            .attr(attribute, id)
            .attr("data-status", status);
        for (name, value) in [
            ("data-latency-ms", latency.map(|l| fixed(l, 1))),
            ("data-throughput-bps", bps.map(|b| fixed(b, 0))),
            ("data-reason", reason.map(str::to_string)),
        ] {
            if let Some(value) = value {
                tr = tr.attr(name, &value);
            }
        }
        let mut notes: Vec<String> = reason.iter().map(|r| r.to_string()).collect();
        if let Some(to) = s.get("redirected_to").string() {
            notes.push(fill(lang, "n-redirected", &[("url", to)]));
        }
        for (tag, class, content) in [
            ("th", "", format!("{} ({id})", s.get("name").text())),
            ("td", "", words(lang, "st-", status)),
            (
                "td",
                "num",
                latency
                    .map(|l| format!("{} ms", fixed(l, 0)))
                    .unwrap_or_default(),
            ),
            ("td", "num", bps.map(rate).unwrap_or_default()),
            ("td", "note", notes.join("; ")),
        ] {
            tr = tr.child(el(tag, class, &content));
        }
        body = body.child(tr);
    }
    El::new("div")
        .attr("class", "table-scroll")
        .child(
            El::new("table")
                .attr("class", "sources")
                .child(El::new("thead").child(head))
                .child(body),
        )
        .0
}
