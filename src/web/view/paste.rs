//! `#paste-findings` and `#paste-status`: the paste analyser's answer for what is in the box
//! (`paste` asks for it and keeps the box's state), one `[data-finding]` per finding with its
//! words and its `[data-os]` commands, which the analyser's module draws as `#diagnosis` draws
//! its own (the page only puts them in place); until the analyser is there, what is on its way
//! or why it is not. The analyser is told the one thing the page
//! knows that the paste does not: whether the official hosts failed here while other sources
//! worked (`#diagnosis`'s `official-unreachable`).

use js_sys::Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::commands::Os;
use crate::diagnosis::{self, Finding as Diagnosis};
use crate::i18n::{fill, text, Lang};

use super::super::dom::{by_id, error_message, replace_children, set_text};
use super::super::state::{figures, App, Table};

/// Whether the page found the official hosts failing while other sources worked.
fn official_failing(app: &App) -> bool {
    diagnosis::diagnose(&figures(app.lang, app.rows(Table::Mirrors)), None)
        .contains(&Diagnosis::OfficialUnreachable)
}

/// The analyser's answer for the box as it is, in `lang`, drawn: its status line, then one
/// element per finding; `None` until it is ready.
fn answer(app: &App, lang: Lang, official_failing: bool) -> Option<Result<Array, JsValue>> {
    let analyser = app
        .paste
        .analyser
        .as_ref()
        .filter(|_| app.paste.ready(lang))?;
    let paste = &app.paste;
    let os = app.chosen_os().map_or("", Os::as_str);
    Some(analyser.draw(&paste.text, paste.longer, lang.tag(), official_failing, os))
}

/// Draws `#paste-findings` and `#paste-status`, unless nothing they show has changed.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let failing = official_failing(app);
    let now = (lang, failing, app.paste.changes);
    if app.paste.drawn.get() == Some(now) {
        return Ok(());
    }
    app.paste.drawn.set(Some(now));
    let findings = by_id("paste-findings")?;
    let drawn = match answer(app, lang, failing) {
        Some(Ok(drawn)) => drawn,
        Some(Err(e)) => {
            // The analyser broke on this text: a fault of ours, said as one.
            replace_children(&findings, Vec::new())?;
            return Err(JsValue::from_str(&format!(
                "the paste analyser failed: {}",
                error_message(&e)
            )));
        }
        None => {
            // Nothing to explain with yet: what is on its way, or why it is not.
            let status = match (&app.paste.failed, app.paste.used) {
                (Some(failure), _) => {
                    let reason = crate::explain::failure(lang, failure);
                    fill(lang, "paste-load-failed", &[("reason", &reason)])
                }
                (None, true) => text(lang, "paste-loading").to_string(),
                (None, false) => String::new(),
            };
            set_text("paste-status", &status)?;
            return replace_children(&findings, Vec::new());
        }
    };
    set_text(
        "paste-status",
        &drawn.shift().as_string().unwrap_or_default(),
    )?;
    replace_children(
        &findings,
        drawn.iter().map(JsCast::unchecked_into).collect(),
    )
}
