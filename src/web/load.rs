//! Fetching the catalog and the checksum lists: with a deadline, a size limit, and no
//! credentials or referrer sent.
//!
//! Returns text or a [`Failure`]; parsing and validating is the core's (`catalog.rs`,
//! `releases.rs`), and choosing the next source is the app's.

use gloo_net::http::{Method, Response};
use wasm_bindgen::JsValue;
use web_sys::{AbortSignal, RequestMode};

use super::fetch::{request, send, Miss};

use crate::catalog::Catalog;
use crate::error::{Error, Failure};
use crate::i18n::{Lang, Part};
use crate::releases::Releases;
use serde_wasm_bindgen::Deserializer;

/// GETs `url` and returns its body as text.
pub(crate) async fn fetch_text(
    url: &str,
    what: &'static str,
    timeout_ms: u32,
    max_bytes: u64,
) -> Result<String, Failure> {
    let unreachable = |detail: &str| Failure::Unreachable {
        detail: detail.to_string(),
    };
    let signal = AbortSignal::timeout_with_u32(timeout_ms);
    let response = send(request(url, Method::GET, RequestMode::Cors, &signal))
        .await
        .map_err(|miss| match miss {
            Miss::Aborted => Failure::Timeout {
                after_ms: timeout_ms,
            },
            // Chromium says only "Failed to fetch" for DNS, refused, CORS and TLS failures alike.
            Miss::Network(detail) => Failure::Unreachable { detail },
        })?;
    if !response.ok() {
        return Err(Failure::Http {
            status: response.status(),
        });
    }
    let too_large = |size_bytes: u64| {
        Failure::Refused(Error::TooLarge {
            what,
            size_bytes,
            limit_bytes: max_bytes,
        })
    };
    let declared = content_length(&response);
    if let Some(size) = declared.filter(|&n| n > max_bytes) {
        return Err(too_large(size));
    }
    let text = response.text().await.map_err(|e| match e {
        gloo_net::Error::JsError(e) if matches!(e.name.as_str(), "TimeoutError" | "AbortError") => {
            Failure::Timeout {
                after_ms: timeout_ms,
            }
        }
        other => unreachable(&other.to_string()),
    })?;
    if text.len() as u64 > max_bytes {
        return Err(too_large(text.len() as u64));
    }
    Ok(text)
}

/// The size a response declares (`Content-Length`), if it is readable and a number.
pub(crate) fn content_length(response: &Response) -> Option<u64> {
    response
        .headers()
        .get("content-length")
        .and_then(|v| v.parse().ok())
}

/// The browser's `JSON.parse` of a document: a JSON parser the wasm need not carry; the core
/// reads the result through serde (`serde_wasm_bindgen::Deserializer`).
fn parse_json(what: &'static str, text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|e| Error::Json {
        what,
        message: js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "not JSON".into()),
    })
}

/// A document that must be a JSON object. serde_wasm_bindgen reads any JavaScript object as a
/// map or struct, an array too (`[]` would be an empty catalog), so that is refused here.
fn object(what: &'static str, text: &str) -> Result<JsValue, Error> {
    let value = parse_json(what, text)?;
    if value.is_object() && !js_sys::Array::is_array(&value) {
        Ok(value)
    } else {
        Err(Error::Json {
            what,
            message: "expected an object".into(),
        })
    }
}

/// Installs `lang`'s strings from the text of their file.
pub(crate) fn install_strings(lang: Lang, text: &str) -> Result<(), Error> {
    crate::i18n::install(
        lang,
        Part::Page,
        Deserializer::from(object("strings", text)?),
    )
}

/// Fetches and installs `lang`'s strings unless they are there already, within `timeout_ms`.
pub(crate) async fn ensure_strings(lang: Lang, timeout_ms: u32) -> Result<(), Failure> {
    /// The larger table is about 25 KB.
    const MAX_STRINGS_BYTES: u64 = 1 << 20;
    if crate::i18n::installed(lang, Part::Page) {
        return Ok(());
    }
    let text = fetch_text(
        &lang.file(Part::Page),
        "strings",
        timeout_ms,
        MAX_STRINGS_BYTES,
    )
    .await?;
    Ok(install_strings(lang, &text)?)
}

/// A catalog from its text: a JSON object in the catalog's shape, validated.
pub(crate) fn catalog_of(text: &str) -> Result<Catalog, Error> {
    Catalog::read(Deserializer::from(object("catalog", text)?))
}

/// An official release list from its text, validated.
pub(crate) fn releases_of(text: &str) -> Result<Releases, Error> {
    Releases::read(Deserializer::from(parse_json("release list", text)?))
}
