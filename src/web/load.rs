//! Fetching the catalog and the checksum lists: with a deadline, a size limit, and no
//! credentials or referrer sent.
//!
//! Returns text or a [`Failure`]; parsing and validating is the core's (`catalog.rs`,
//! `releases.rs`), and choosing the next source is the app's.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestCredentials, RequestInit, RequestMode, Response};

use crate::catalog::Catalog;
use crate::error::{Error, Failure};
use crate::i18n::Lang;
use crate::reader::Node;
use crate::releases::Releases;

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
    let window = web_sys::window().ok_or_else(|| unreachable("no window"))?;
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_signal(Some(&AbortSignal::timeout_with_u32(timeout_ms)));
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| describe(&e, timeout_ms))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| unreachable("not a response"))?;
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
    let body = response.text().map_err(|e| describe(&e, timeout_ms))?;
    let text = JsFuture::from(body)
        .await
        .map_err(|e| describe(&e, timeout_ms))?
        .as_string()
        .ok_or_else(|| unreachable("the body is not text"))?;
    if text.len() as u64 > max_bytes {
        return Err(too_large(text.len() as u64));
    }
    Ok(text)
}

/// A fetch rejection as a [`Failure`]: the deadline, or the browser's message.
fn describe(e: &JsValue, timeout_ms: u32) -> Failure {
    let field = |name: &str| {
        js_sys::Reflect::get(e, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    match field("name").as_deref() {
        Some("TimeoutError" | "AbortError") => Failure::Timeout {
            after_ms: timeout_ms,
        },
        // Chromium says only "Failed to fetch" for DNS, refused, CORS and TLS failures alike.
        _ => Failure::Unreachable {
            detail: field("message").unwrap_or_else(|| format!("{e:?}")),
        },
    }
}

/// The size a response declares (`Content-Length`), if it is readable and a number.
pub(crate) fn content_length(response: &Response) -> Option<u64> {
    response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.parse().ok())
}

/// The browser's `JSON.parse` of a document: a JSON parser the wasm need not carry.
fn parse_json(what: &'static str, text: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(text).map_err(|e| Error::Json {
        what,
        message: js_sys::Reflect::get(&e, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "not JSON".into()),
    })
}

/// Installs `lang`'s strings from the text of their file.
pub(crate) fn install_strings(lang: Lang, text: &str) -> Result<(), Error> {
    crate::i18n::install(lang, &parse_json("strings", text)?)
}

/// Fetches and installs `lang`'s strings unless they are there already.
pub(crate) async fn ensure_strings(lang: Lang) -> Result<(), Failure> {
    /// The larger table is about 25 KB.
    const MAX_STRINGS_BYTES: u64 = 1 << 20;
    if crate::i18n::installed(lang) {
        return Ok(());
    }
    let timeout_ms = super::app::with_app(|a| a.config.list_timeout_ms).unwrap_or(8_000);
    let text = fetch_text(&lang.file(), "strings", timeout_ms, MAX_STRINGS_BYTES).await?;
    Ok(install_strings(lang, &text)?)
}

/// A catalog from its text: a JSON object in the catalog's shape, validated.
pub(crate) fn catalog_of(text: &str) -> Result<Catalog, Error> {
    const WHAT: &str = "catalog";
    Catalog::from_node(&parse_json(WHAT, text)?)
}

/// An official release list from its text, validated.
pub(crate) fn releases_of(text: &str) -> Result<Releases, Error> {
    Releases::from_node(&parse_json("release list", text)?)
}

/// What `JSON.parse` made, read field by field by the core (`reader.rs`).
impl Node for JsValue {
    fn field(&self, key: &str) -> Option<JsValue> {
        // Called for every field of a 7,000-file list: one cheap type test and one `get`. An
        // array has no such field. The keys are the reader's own names (`version`, `sha256`,
        // …), none of them on `Object.prototype`, so no own-property test is needed.
        if !self.is_object() {
            return None;
        }
        js_sys::Reflect::get(self, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_null() && !v.is_undefined())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<JsValue>> {
        js_sys::Array::is_array(self).then(|| self.unchecked_ref::<js_sys::Array>().to_vec())
    }

    fn entries(&self) -> Option<Vec<(String, JsValue)>> {
        if !self.is_object() || js_sys::Array::is_array(self) {
            return None;
        }
        let entries = js_sys::Object::entries(self.unchecked_ref::<js_sys::Object>());
        Some(
            entries
                .iter()
                .filter_map(|pair| {
                    let pair = pair.unchecked_into::<js_sys::Array>();
                    Some((pair.get(0).as_string()?, pair.get(1)))
                })
                .collect(),
        )
    }

    fn kind(&self) -> &'static str {
        // Objects first: `reader::object` asks this of every release and file.
        if js_sys::Array::is_array(self) {
            "an array"
        } else if self.is_object() {
            "an object"
        } else if self.is_string() {
            "a string"
        } else if self.as_f64().is_some() {
            "a number"
        } else if self.as_bool().is_some() {
            "a boolean"
        } else {
            "null"
        }
    }
}
