//! "Paste what you see": `#paste-input` is read as the visitor types or pastes (a short pause
//! first, so a paste of many lines is read once); `view::paste` draws what it says.
//!
//! What a paste means is decided by the paste analyser, a WebAssembly module of its own
//! (`pkg/paste.js`, built from `src/paste_module.rs` around the core's `paste.rs`): a visit that
//! never pastes downloads neither its code nor its rules nor its words. On the box's first
//! focus or input this module asks `www/main.js` for it, ready for the page's language.
//! Nothing pasted leaves the page.

use std::cell::RefCell;

use js_sys::{JsString, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::error::Failure;
use crate::i18n::Lang;
use crate::paste::MAX_PASTE_BYTES;

use super::dom::{by_id, error_message, listen};
use super::state::{with_app, Analyser, App, Dirty};
use super::view::update;

/// How long the visitor may pause typing before the text is read, in milliseconds.
const PAUSE_MS: i32 = 150;

thread_local! {
    /// The pause's callback: one closure for the page's life, handed to every `setTimeout`.
    static READ: RefCell<Option<Closure<dyn FnMut()>>> = const { RefCell::new(None) };
}

/// Loads the analyser on the box's first focus or input, and reads the text box after each
/// pause in typing.
pub(crate) fn wire() -> Result<(), JsValue> {
    let callback = Closure::<dyn FnMut()>::new(|| update(read));
    READ.with(|cell| *cell.borrow_mut() = Some(callback));
    let area = by_id("paste-input")?;
    listen(&area, "focus", |_| update(want))?;
    listen(&area, "input", |_| {
        update(|app| want(app).and_then(|()| pause(app)))
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
    changed(app);
    let lang = app.lang;
    spawn_local(async move {
        let result = get_ready(lang).await;
        update(|app| {
            app.paste.loading = false;
            app.paste.failed = result.err();
            changed(app);
            Ok(())
        });
    });
    Ok(())
}

/// What the box shows changed.
fn changed(app: &mut App) {
    app.paste.changes = app.paste.changes.wrapping_add(1);
    app.touch(Dirty::PASTE);
}

/// Before the page switches to `lang`: once the box has been used, the analyser's words in
/// `lang`, so that the findings switch with the rest of the page.
pub(crate) async fn prepare(lang: Lang) {
    if with_app(|app| app.paste.used) != Some(true) {
        return;
    }
    let result = get_ready(lang).await;
    update(|app| {
        app.paste.failed = result.err();
        changed(app);
        Ok(())
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
            detail: error_message(&e),
        })?
        .unchecked_into();
    with_app(|app| {
        app.paste.analyser = Some(analyser);
        app.paste.words.push(lang);
    });
    Ok(())
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

/// Reads the text box, at most what the analyser reads (in UTF-16 units, so never less).
fn read(app: &mut App) -> Result<(), JsValue> {
    app.paste.timer = None;
    let area = by_id("paste-input")?;
    let value: JsString = Reflect::get(&area, &"value".into())?
        .dyn_into()
        .map_err(|_| JsValue::from_str("#paste-input has no text value"))?;
    let limit = MAX_PASTE_BYTES as u32;
    app.paste.text = String::from(value.slice(0, limit));
    app.paste.longer = value.length() > limit;
    changed(app);
    Ok(())
}
