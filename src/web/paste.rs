//! "Paste what you see": `#paste-input` is read as the visitor types or pastes (a short pause
//! first, so a paste of many lines is read once), and `#paste-findings` shows one
//! `[data-finding]` per finding with its words and its `[data-os]` commands.
//!
//! What a paste means is decided by the paste analyser, a WebAssembly module of its own
//! (`pkg/paste.js`, built from `src/paste_module.rs` around the core's `paste.rs`): a visit that
//! never pastes downloads neither its code nor its rules nor its words. On the box's first
//! focus or input this module asks `www/main.js` for it, ready for the page's language; until
//! it is, `#paste-status` says it is on its way, or why it is not. The analyser answers each
//! [`Question`](crate::paste::Question) with an [`Explained`]: the findings in words, with their
//! commands per OS, drawn here as `#diagnosis` draws its own. The page adds the one thing it
//! knows that the paste does not: whether the official hosts failed here while other sources
//! worked (`#diagnosis`'s `official-unreachable`). Nothing pasted leaves the page.

use std::cell::{Cell, RefCell};

use js_sys::{Function, JsString, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::diagnosis::{self, Finding as Diagnosis};
use crate::error::Failure;
use crate::i18n::{fill, text, Lang};
use crate::paste::{Explained, MAX_PASTE_BYTES};

use super::app::{listen, report_error, with_app, App};
use super::dom::{by_id, replace_children, set_text, El};
use super::mirrors::{figures, Table};
use super::next::{open_findings, with_commands};

/// How long the visitor may pause typing before the text is read, in milliseconds.
const PAUSE_MS: i32 = 150;

#[wasm_bindgen]
extern "C" {
    /// The analyser module's exports (`src/paste_module.rs`).
    #[derive(Clone)]
    pub(crate) type Analyser;

    /// A [`Question`]'s fields, in order; the answer an [`Explained`].
    #[wasm_bindgen(method, catch)]
    fn explain(
        this: &Analyser,
        text: &str,
        longer: bool,
        lang: &str,
        official_failing: bool,
    ) -> Result<JsValue, JsValue>;
}

/// The paste box's state.
pub(crate) struct PasteBox {
    /// Loads the analyser's module (`www/main.js`).
    load: Function,
    /// The analyser, once loaded and given its rules.
    analyser: Option<Analyser>,
    /// The languages whose words the analyser has.
    words: Vec<Lang>,
    /// Whether the visitor has focused or typed into the box: the analyser is wanted from then.
    used: bool,
    /// Whether the analyser or its words are being fetched.
    loading: bool,
    /// Why the last try to get them failed, until the next try.
    failed: Option<Failure>,
    /// What was read from the box last (at most what the analyser reads, in UTF-16 units), and
    /// whether the box held more.
    text: String,
    longer: bool,
    /// Counts the changes of the text or of what is ready, so that a redraw knows whether
    /// it has something new.
    changes: u32,
    /// What was drawn last: language, official hosts failing, changes.
    drawn: Cell<Option<(Lang, bool, u32)>>,
    /// The pending `setTimeout` of the pause.
    timer: Option<i32>,
}

impl PasteBox {
    /// A box that loads its analyser with `load`.
    pub(crate) fn new(load: Function) -> PasteBox {
        PasteBox {
            load,
            analyser: None,
            words: Vec::new(),
            used: false,
            loading: false,
            failed: None,
            text: String::new(),
            longer: false,
            changes: 0,
            drawn: Cell::new(None),
            timer: None,
        }
    }

    /// Whether the analyser can explain in `lang`.
    fn ready(&self, lang: Lang) -> bool {
        self.analyser.is_some() && self.words.contains(&lang)
    }

    fn changed(&mut self) {
        self.changes = self.changes.wrapping_add(1);
    }
}

thread_local! {
    /// The pause's callback: one closure for the page's life, handed to every `setTimeout`.
    static READ: RefCell<Option<Closure<dyn FnMut()>>> = const { RefCell::new(None) };
}

/// Loads the analyser on the box's first focus or input, and reads the text box after each
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

/// Starts getting what the box lacks for the page's language (after a failure too), unless
/// that is under way.
fn want(app: &mut App) -> Result<(), JsValue> {
    app.paste.used = true;
    if app.paste.ready(app.lang) || app.paste.loading {
        return Ok(());
    }
    app.paste.loading = true;
    app.paste.failed = None;
    app.paste.changed();
    let lang = app.lang;
    spawn_local(async move {
        let result = get_ready(lang).await;
        let drawn = with_app(|app| {
            app.paste.loading = false;
            app.paste.failed = result.err();
            app.paste.changed();
            render(app)
        });
        if let Some(Err(e)) = drawn {
            report_error(&e);
        }
    });
    render(app)
}

/// Before the page switches to `lang`: once the box has been used, the analyser's words in
/// `lang`, so that the findings switch with the rest of the page.
pub(crate) async fn prepare(lang: Lang) {
    if with_app(|app| app.paste.used) != Some(true) {
        return;
    }
    let result = get_ready(lang).await;
    with_app(|app| {
        app.paste.failed = result.err();
        app.paste.changed();
    });
}

/// The analyser, ready to explain in `lang`: `www/main.js` loads its module, its rules and its
/// words in `lang` (each once).
async fn get_ready(lang: Lang) -> Result<(), Failure> {
    let load = with_app(|app| app.paste.load.clone()).ok_or("the page is not running");
    let loaded = async {
        let promise = load?.call1(&JsValue::NULL, &lang.tag().into())?;
        JsFuture::from(Promise::from(promise)).await
    };
    let analyser: Analyser = loaded
        .await
        .map_err(|e| Failure::Unreachable {
            detail: message(&e),
        })?
        .unchecked_into();
    with_app(|app| {
        app.paste.analyser = Some(analyser);
        app.paste.words.push(lang);
    });
    Ok(())
}

/// The message of a JavaScript error (or whatever was thrown).
fn message(thrown: &JsValue) -> String {
    Reflect::get(thrown, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "failed".into())
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

/// Reads the text box, at most what the analyser reads (in UTF-16 units, so never less), and
/// draws what it says.
fn read(app: &mut App) -> Result<(), JsValue> {
    app.paste.timer = None;
    let area = by_id("paste-input")?;
    let value: JsString = Reflect::get(&area, &"value".into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("#paste-input has no text value"))?;
    let limit = MAX_PASTE_BYTES as u32;
    app.paste.text = String::from(value.slice(0, limit));
    app.paste.longer = value.length() > limit;
    app.paste.changed();
    render(app)
}

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
        .map_err(|e| message(&e))
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
    let opened = open_findings(&findings)?;
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
        let commands: Vec<(&str, String)> = finding
            .commands
            .iter()
            .map(|(os, text)| (os.as_str(), text.clone()))
            .collect();
        let os = app.chosen_os();
        let block = with_commands(lang, os, block, &finding.key, &commands, &opened)?;
        blocks.push(block.into_element());
    }
    set_text("paste-status", &explained.status)?;
    replace_children(&findings, blocks)
}
