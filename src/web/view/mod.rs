//! Views: read the state and draw the page. Each module draws its part (`page` the static
//! words, the checksum source, the file picker and the checked files; `tables` the sources,
//! the chart and the recommendation; `sumdb`, `install`, `private_cache`, `next` and `paste`
//! their sections; `widgets` the pieces they share). Nothing here changes the state.
//!
//! [`update`] is the only way in: events and tasks change the state inside it, and it draws
//! the parts the change touched ([`Dirty`]) and the checked files it touched, so a
//! measurement redraws the sources and their consequences, not the file picker. `dom` then
//! changes on the page only what differs from the last build.

use wasm_bindgen::JsValue;

use crate::i18n::text;

use super::dom::{by_id, document, report_error};
use super::state::{with_app, App, Dirty};

pub(crate) mod cli;
pub(crate) mod install;
pub(crate) mod next;
pub(crate) mod page;
pub(crate) mod paste;
pub(crate) mod private_cache;
pub(crate) mod shared;
pub(crate) mod sumdb;
pub(crate) mod tables;
pub(crate) mod widgets;

/// Runs `change` on the page state, then draws what it touched. An error of either is
/// reported: no error of a change or a drawing is ever dropped.
pub(crate) fn update(change: impl FnOnce(&mut App) -> Result<(), JsValue>) {
    let mut change = Some(change);
    apply(&mut |app| change.take().map_or(Ok(()), |f| f(app)));
}

/// [`update`]'s work, the same for every caller (one copy in the wasm, not one per caller).
fn apply(change: &mut dyn FnMut(&mut App) -> Result<(), JsValue>) {
    let result = with_app(|app| {
        let changed = change(app);
        let drawn = draw(app);
        changed.and(drawn)
    });
    if let Some(Err(e)) = result {
        report_error(&e);
    }
}

/// Draws the parts of the page the changes since the last drawing touched.
fn draw(app: &mut App) -> Result<(), JsValue> {
    let dirty = std::mem::take(&mut app.dirty);
    let touched = std::mem::take(&mut app.touched);
    let app = &*app;
    if dirty == Dirty::ALL {
        words(app)?;
        // A report from a link changes only with the language or the link.
        shared::render(app)?;
    }
    if dirty.has(Dirty::PICK) {
        page::pick(app)?;
    }
    if dirty.has(Dirty::PICK | Dirty::SOURCES) {
        tables::render(app)?;
        // Its files come from the recommended mirror.
        install::render(app)?;
        sumdb::render(app)?;
        private_cache::render(app)?;
    }
    if dirty.has(Dirty::PICK | Dirty::SOURCES | Dirty::NEXT) {
        next::render(app)?;
    }
    if dirty.has(Dirty::EXPECTED) {
        page::pasted(app)?;
        page::side_messages(app)?;
    }
    // Its wording follows the official hosts' state.
    if dirty.has(Dirty::SOURCES | Dirty::PASTE) {
        paste::render(app)?;
    }
    // Drawn again only when its words or the visitor's OS changed (it checks that itself).
    cli::render(app)?;
    for check in &app.checks {
        if dirty == Dirty::ALL || touched.contains(&check.id) {
            page::check(app.lang, check)?;
        }
    }
    Ok(())
}

/// What only a new language or a new list changes: the document's language, its title, every
/// fixed word, and where the official list came from.
fn words(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let root = document()?
        .document_element()
        .ok_or_else(|| JsValue::from_str("no root element"))?;
    root.set_attribute("lang", lang.tag())?;
    document()?.set_title(text(lang, "title"));
    page::static_text(app)?;
    // The switch names the other language in that language, and says so to screen readers.
    by_id("lang-switch")?.set_attribute("lang", lang.other().tag())?;
    page::checksum_source(app)
}
