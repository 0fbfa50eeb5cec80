//! Report links in the page (`crate::share` owns the schema, its limits and base64url):
//! `#report-link` copies this page's URL with the report in its fragment; a page opened with
//! such a fragment shows that report read-only in `#shared-report`. Until `#measure-mine` drops
//! the fragment, the page loads no list and measures, verifies and recommends nothing of its
//! own (`app::start`). Nothing here sends anything anywhere: a fragment never leaves the
//! browser.
//!
//! Deflating, inflating, checking and drawing a report are the report links' module's
//! (`pkg/share.js`, built from `src/share_module.rs`), which `www/main.js` loads with its
//! words only when a page is opened with a link or `#report-link` is clicked: a visit that does
//! neither downloads none of it (the page's weight, README). The page keeps the state and the
//! section's frame (`view::shared`).

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::i18n::Lang;
use crate::report::Report;
use crate::share;

use super::dom::{by_id, error_message, listen, report_error, set_text};
use super::state::{with_app, Dirty, Links, Shared};
use super::view::next::report;
use super::view::update;

/// The report link's payload in this page's fragment, if it has one.
pub(crate) fn payload() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    share::payload(&hash).map(str::to_string)
}

/// The report links' module, with its words in `lang` (`www/main.js` fetches each once, and
/// again after a failure); the error says why it could not be loaded.
pub(crate) async fn links(lang: Lang) -> Result<Links, String> {
    let load = with_app(|app| app.load_share.clone()).ok_or("the page is not running")?;
    let loaded = async {
        let promise = load.call1(&JsValue::NULL, &lang.tag().into())?;
        JsFuture::from(Promise::from(promise)).await
    };
    loaded
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| error_message(&e))
}

/// Opens the report of a link: shown read-only once read; when it cannot be read (or the
/// module that reads it cannot be loaded), the problem is shown and the page runs as if
/// opened without it.
pub(crate) async fn open(payload: String) {
    let lang = with_app(|app| app.lang).unwrap_or_default();
    let shared = match links(lang).await {
        Ok(links) => match JsFuture::from(links.read(payload)).await {
            Ok(good) if good.is_truthy() => Shared::Report(links),
            _ => Shared::Bad(links),
        },
        Err(why) => Shared::Unavailable(why),
    };
    let bad = !matches!(shared, Shared::Report(_));
    update(|app| {
        app.shared = shared;
        app.touch(Dirty::ALL);
        Ok(())
    });
    if bad {
        super::app::run();
    }
}

/// Before the page switches to `lang`: while a link's report (or its problem) is shown, the
/// module's words in `lang`, so that it switches with the rest of the page (without them it
/// is drawn in English).
pub(crate) async fn prepare(lang: Lang) {
    if with_app(|app| matches!(app.shared, Shared::Report(_) | Shared::Bad(_))) == Some(true) {
        let _ = links(lang).await;
    }
}

/// The report as the module reads it. The default serializer leaves `None` out (undefined),
/// which JSON.stringify drops: the link's compact form.
pub(crate) fn value(report: &Report) -> Result<JsValue, JsValue> {
    serde::Serialize::serialize(report, &serde_wasm_bindgen::Serializer::new())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// The link to this page (without its own fragment) carrying `report`; `Err(None)` when the
/// report breaks the link's limits, `Err(Some(why))` when the browser failed.
async fn link_for(lang: Lang, report: &Report) -> Result<String, Option<String>> {
    let js = |e: JsValue| Some(error_message(&e));
    let value = value(report).map_err(|e| Some(error_message(&e)))?;
    let page = web_sys::window()
        .ok_or(None)?
        .location()
        .href()
        .map_err(js)?;
    let links = links(lang).await.map_err(Some)?;
    let link = JsFuture::from(links.link(&value, &page))
        .await
        .map_err(|e| if e.is_null() { None } else { js(e) })?;
    link.as_string().ok_or(None)
}

/// Wires `#report-link`, `#measure-mine`, and a fragment changed to another report link.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&by_id("report-link")?, "click", |_| {
        let Some((lang, report)) = with_app(|app| (app.lang, report(app))) else {
            return;
        };
        spawn_local(async move {
            let shown = match link_for(lang, &report).await {
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
