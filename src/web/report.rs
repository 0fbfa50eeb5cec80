//! The report buttons: `#report-json` saves the report of the page as it is now
//! (`view::next::report`) as a download, `#report-markdown` copies it as Markdown (and
//! `#report-link` as a link, `share`), or shows it selected where the browser refuses the
//! clipboard. They read the state and change nothing
//! in it: what they show is about the button just pressed.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlTextAreaElement, Url};

use crate::i18n::{fill, text, Lang};
use crate::report::Report;

use super::dom::{by_id, by_id_as, document, listen, report_error, set_hidden, set_text};
use super::state::{with_app, App};
use super::view::next::report;

/// Wires the report buttons.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&by_id("report-json")?, "click", |_| {
        if let Some(Err(e)) = with_app(|app| save_json(app)) {
            report_error(&e);
        }
    })?;
    listen(&by_id("report-markdown")?, "click", |_| {
        let Some((lang, report)) = with_app(|app| (app.lang, report(app))) else {
            return;
        };
        spawn_local(async move {
            if let Err(e) = copy_markdown(lang, &report).await {
                report_error(&e);
            }
        });
    })?;
    super::share::wire()
}

/// Copies the report as Markdown, which the report links' module writes (`share`: the page
/// carries no Markdown writer); when that module cannot be loaded, says so where the copy's
/// status goes.
async fn copy_markdown(lang: Lang, report: &Report) -> Result<(), JsValue> {
    let value = super::share::value(report)?;
    match super::share::links(lang).await {
        Ok(links) => copy(lang, &links.markdown(&value)?, "report-copied").await,
        Err(why) => set_text(
            "report-status",
            &fill(lang, "report-markdown-failed", &[("problem", &why)]),
        ),
    }
}

/// Copies `value` (the Markdown, or a report link: `share`) to the clipboard and says so with
/// the words of `copied`; where the browser refuses, shows it selected for Ctrl+C.
pub(crate) async fn copy(lang: Lang, value: &str, copied: &str) -> Result<(), JsValue> {
    let done = match web_sys::window().map(|w| w.navigator().clipboard()) {
        Some(clipboard) => JsFuture::from(clipboard.write_text(value)).await.is_ok(),
        None => false,
    };
    let area: HtmlTextAreaElement = by_id_as("report-text")?;
    if done {
        set_hidden(&area, true)?;
        return set_text("report-status", text(lang, copied));
    }
    area.set_value(value);
    set_hidden(&area, false)?;
    area.select();
    set_text("report-status", text(lang, "report-copy-failed"))
}

/// Saves the JSON report as a download.
fn save_json(app: &App) -> Result<(), JsValue> {
    let report = report(app);
    let stamp: String = report
        .generated_at
        .chars()
        .take(19)
        .filter(char::is_ascii_digit)
        .collect();
    let name = format!("gomirror-report-{stamp}.json");
    let options = BlobPropertyBag::new();
    options.set_type("application/json");
    // serde writes it (json_compatible: plain numbers, `null` for a missing field), the
    // browser's JSON.stringify prints it.
    let value =
        serde::Serialize::serialize(&report, &serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
    let json = js_sys::JSON::stringify_with_replacer_and_space(
        &value,
        &JsValue::NULL,
        &JsValue::from_f64(2.0),
    )?;
    let parts = js_sys::Array::of1(&json);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = Url::create_object_url_with_blob(&blob)?;
    let link: HtmlAnchorElement = document()?.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(&name);
    link.click();
    // The download has its own copy once the click is handled; free ours a minute later.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    set_text(
        "report-status",
        &fill(app.lang, "report-saved", &[("file", &name)]),
    )
}
