//! `#paste-findings` and `#paste-status`: the paste analyser's answer for what is in the box
//! (`paste` asks for it and keeps the box's state), one `[data-finding]` per finding with its
//! words and its `[data-os]` commands, drawn as `#diagnosis` draws its own; until the analyser
//! is there, what is on its way or why it is not. The analyser is told the one thing the page
//! knows that the paste does not: whether the official hosts failed here while other sources
//! worked (`#diagnosis`'s `official-unreachable`).

use wasm_bindgen::prelude::*;

use crate::diagnosis::{self, Finding as Diagnosis};
use crate::i18n::{fill, text, Lang};
use crate::paste::Explained;

use super::super::dom::{by_id, error_message, replace_children, set_text, El};
use super::super::state::{figures, App, Table};
use super::widgets::with_commands;

/// Whether the page found the official hosts failing while other sources worked.
fn official_failing(app: &App) -> bool {
    diagnosis::diagnose(&figures(app.lang, app.rows(Table::Mirrors)), None)
        .contains(&Diagnosis::OfficialUnreachable)
}

/// The analyser's answer for the box as it is, in `lang`; `None` until it is ready.
fn answer(app: &App, lang: Lang, official_failing: bool) -> Option<Result<Explained, String>> {
    let analyser = app
        .paste
        .analyser
        .as_ref()
        .filter(|_| app.paste.ready(lang))?;
    let paste = &app.paste;
    let answer = analyser
        .explain(&paste.text, paste.longer, lang.tag(), official_failing)
        .map_err(|e| error_message(&e))
        .and_then(|a| serde_wasm_bindgen::from_value::<Explained>(a).map_err(|e| e.to_string()));
    Some(answer)
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
    let explained = match answer(app, lang, failing) {
        Some(Ok(explained)) => explained,
        Some(Err(e)) => {
            // The analyser broke on this text: a fault of ours, said as one.
            replace_children(&findings, Vec::new())?;
            return Err(JsValue::from_str(&format!(
                "the paste analyser failed: {e}"
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
    let mut blocks = Vec::new();
    for finding in &explained.findings {
        let mut block = El::new("div")
            .class("finding")
            .attr("data-finding", &finding.key)
            .child(El::new("h3").text(&finding.title))
            .child(El::new("p").text(&finding.sentence));
        if let Some(line) = &finding.line {
            block = block.child(
                El::new("p")
                    .class("hint")
                    .child(El::new("span").text(&explained.seen))
                    .child(El::new("code").class("seen").text(line)),
            );
        }
        let block = with_commands(lang, app.chosen_os(), block, &finding.commands)?;
        blocks.push(block.into_element());
    }
    set_text("paste-status", &explained.status)?;
    replace_children(&findings, blocks)
}
