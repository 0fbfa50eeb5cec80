//! "Paste what you see": `#paste-input` is read as the visitor types or pastes (a short pause
//! first, so a paste of many lines is read once), and `#paste-findings` shows one
//! `[data-finding]` per finding with its words and its `[data-os]` commands.
//!
//! What a paste means is the core's (`paste.rs`); this module hands it the text and the one
//! thing the page knows that the paste does not: whether the official hosts failed here while
//! other sources worked (`#diagnosis`'s `official-unreachable`). Nothing pasted leaves the page.
//!
//! The core's rules (`data/paste.json`) and the words of the findings (`i18n/paste-en.json`)
//! are fetched when the visitor first focuses or types into the box, not with the page: until
//! both are there, `#paste-status` says they are on their way (or why they are not), and the
//! findings are drawn when they arrive.

use std::cell::{Cell, RefCell};

use js_sys::{JsString, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use wasm_bindgen_futures::spawn_local;

use crate::diagnosis::{self, Finding as Diagnosis};
use crate::error::Failure;
use crate::i18n::{bytes, fill, installed, text, Lang, Part};
use crate::paste::{self, Analysis, Rules, MAX_PASTE_BYTES};

use super::app::{listen, report_error, with_app, App};
use super::dom::{by_id, replace_children, set_text, El};
use super::mirrors::{draw_commands, figures, Table};

/// How long the visitor may pause typing before the text is read, in milliseconds.
const PAUSE_MS: i32 = 150;

/// The paste as understood, and what of it is on the page.
#[derive(Default)]
pub(crate) struct PasteBox {
    analysis: Analysis,
    /// Whether the text box held more than was read.
    cut: bool,
    /// The core's signs and templates, once fetched.
    rules: Option<Rules>,
    /// Whether the visitor has focused or typed into the box: its data is wanted from then on.
    used: bool,
    /// How many of its files are being fetched.
    fetching: u8,
    /// Why the last fetch failed, until the next try.
    failed: Option<Failure>,
    /// Counts the changes of what is shown, so that a redraw knows whether it has something new.
    changes: u32,
    /// What was drawn last: language, the official hosts failing, changes.
    drawn: Cell<Option<(Lang, bool, u32)>>,
    /// The pending `setTimeout` of the pause.
    timer: Option<i32>,
}

thread_local! {
    /// The pause's callback: one closure for the page's life, handed to every `setTimeout`.
    static READ: RefCell<Option<Closure<dyn FnMut()>>> = const { RefCell::new(None) };
}

/// Fetches the box's data on its first focus or input, and reads the text box after each
/// pause in typing.
pub(crate) fn wire() -> Result<(), JsValue> {
    let callback = Closure::<dyn FnMut()>::new(|| {
        if let Some(Err(e)) = with_app(read) {
            report_error(&e);
        }
    });
    READ.with(|cell| *cell.borrow_mut() = Some(callback));
    let area = by_id("paste-input")?;
    listen(&area, "focus", |_| {
        if let Some(Err(e)) = with_app(want) {
            report_error(&e);
        }
    })?;
    listen(&area, "input", |_| {
        if let Some(Err(e)) = with_app(|app| want(app).and_then(|()| pause(app))) {
            report_error(&e);
        }
    })
}

/// Whether the rules and the words of the page's language are there.
fn ready(app: &App) -> bool {
    app.paste.rules.is_some() && installed(app.lang, Part::Paste)
}

/// Fetches what the box still lacks (after a failure too), unless a fetch is under way.
fn want(app: &mut App) -> Result<(), JsValue> {
    app.paste.used = true;
    if ready(app) || app.paste.fetching > 0 {
        return Ok(());
    }
    if app.paste.rules.is_none() {
        app.paste.fetching += 1;
        spawn_local(async {
            let rules = super::load::paste_rules().await;
            arrived(|app| match rules {
                Ok(rules) => app.paste.rules = Some(rules),
                Err(failure) => app.paste.failed = Some(failure),
            });
        });
    }
    let lang = app.lang;
    if !installed(lang, Part::Paste) {
        app.paste.fetching += 1;
        spawn_local(async move {
            let strings = super::load::ensure_strings(lang, Part::Paste).await;
            arrived(|app| app.paste.failed = strings.err());
        });
    }
    app.paste.failed = None;
    app.paste.changes = app.paste.changes.wrapping_add(1);
    render(app)
}

/// One fetch is over (`change` keeps what it brought): reads the box once all is there.
fn arrived(change: impl FnOnce(&mut App)) {
    let result = with_app(|app| {
        app.paste.fetching = app.paste.fetching.saturating_sub(1);
        change(app);
        if ready(app) {
            read(app)
        } else {
            app.paste.changes = app.paste.changes.wrapping_add(1);
            render(app)
        }
    });
    if let Some(Err(e)) = result {
        report_error(&e);
    }
}

/// Before the page switches to `lang`: once the box has been used, its words in `lang`.
pub(crate) async fn prepare(lang: Lang) {
    if with_app(|app| app.paste.used) != Some(true) {
        return;
    }
    if let Err(failure) = super::load::ensure_strings(lang, Part::Paste).await {
        with_app(|app| app.paste.failed = Some(failure));
    }
}

/// Starts the pause again.
fn pause(app: &mut App) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    if let Some(timer) = app.paste.timer.take() {
        window.clear_timeout_with_handle(timer);
    }
    let timer = READ.with(|cell| {
        let callback = cell.borrow();
        let callback = callback.as_ref().ok_or("the paste box is not wired")?;
        window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.as_ref().unchecked_ref(),
            PAUSE_MS,
        )
    })?;
    app.paste.timer = Some(timer);
    Ok(())
}

/// Reads the text box, at most what the core reads (in UTF-16 units, so never less), and
/// draws what it says.
fn read(app: &mut App) -> Result<(), JsValue> {
    app.paste.timer = None;
    let Some(rules) = app.paste.rules.as_ref() else {
        // Read when the rules arrive.
        return Ok(());
    };
    let area = by_id("paste-input")?;
    let value: JsString = Reflect::get(&area, &"value".into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("#paste-input has no text value"))?;
    let limit = MAX_PASTE_BYTES as u32;
    let text = String::from(value.slice(0, limit));
    app.paste.analysis = paste::analyse(rules, &text);
    app.paste.cut = value.length() > limit || app.paste.analysis.cut;
    app.paste.changes = app.paste.changes.wrapping_add(1);
    render(app)
}

/// Whether the page found the official hosts failing while other sources worked.
fn official_failing(app: &App) -> bool {
    diagnosis::diagnose(&figures(app.lang, app.rows(Table::Mirrors)), None)
        .contains(&Diagnosis::OfficialUnreachable)
}

/// Draws `#paste-findings` and `#paste-status`, unless nothing they show has changed.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let failing = official_failing(app);
    let now = Some((lang, failing, app.paste.changes));
    if app.paste.drawn.get() == now {
        return Ok(());
    }
    app.paste.drawn.set(now);
    let findings = by_id("paste-findings")?;
    let Some(rules) = app
        .paste
        .rules
        .as_ref()
        .filter(|_| installed(lang, Part::Paste))
    else {
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
    };
    let analysis = &app.paste.analysis;
    let mut blocks = Vec::new();
    for finding in &analysis.findings {
        let (title, sentence) = paste::words(lang, finding, failing);
        let mut block = El::new("div")
            .class("finding")
            .attr("data-finding", finding.key.as_str())
            .child(El::new("h3").text(&title))
            .child(El::new("p").text(&sentence));
        if let Some(line) = finding.value("line") {
            block = block.child(
                El::new("p")
                    .class("hint")
                    .child(El::new("span").text(text(lang, "paste-seen")))
                    .child(El::new("code").class("seen").text(line)),
            );
        }
        let commands: Vec<(&str, String)> = crate::commands::oses()
            .filter_map(|os| Some((os, paste::commands(rules, lang, finding, os)?)))
            .collect();
        let list = El::new("div").class("commands").into_element();
        draw_commands(lang, &list, &commands, app.chosen_os())?;
        blocks.push(block.child(list).into_element());
    }
    let mut status = String::new();
    if !analysis.findings.is_empty() {
        let count = analysis.findings.len().to_string();
        status = fill(lang, "paste-status", &[("count", &count)]);
    }
    if app.paste.cut {
        let size = bytes(lang, analysis.read_bytes as u64);
        status.push(' ');
        status.push_str(&fill(lang, "paste-cut", &[("size", &size)]));
    }
    set_text("paste-status", status.trim())?;
    replace_children(&findings, blocks)
}
