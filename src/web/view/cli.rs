//! `#cli`, "On a server or in CI": for each OS (the visitor's first) the commands that fetch
//! `gomirror` from this site's `cli/` folder, check it and run it, or build it with cargo where
//! the site lists no binary for that OS; each block says which (`data-way`).
//!
//! Decides nothing: which binaries are offered and the commands are the core's
//! (`cli_guide`); the folder's URL and what its `SHA256SUMS` lists are `app`'s. The section
//! changes only with the language and the visitor's OS once the list has been read, so it is
//! drawn again only then: a visitor selecting a command keeps the selection meanwhile.

use wasm_bindgen::JsValue;

use crate::cli_guide::{commands, Way};
use crate::commands::Os;
use crate::i18n::text;

use super::super::dom::{by_id, set_text};
use super::super::state::App;
use super::widgets::draw_commands;

/// Draws the section once the site's list was asked for, if what it shows changed.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let Some(offer) = &app.cli else {
        return Ok(());
    };
    let (lang, first) = (app.lang, app.chosen_os());
    let drawn = format!("{}\n{}", lang.tag(), first.map_or("", Os::as_str));
    let el = by_id("cli")?;
    if el.get_attribute("data-drawn").as_deref() == Some(drawn.as_str()) {
        return Ok(());
    }
    let lead = if offer.binaries.is_empty() {
        "bin-none"
    } else {
        "bin-listed"
    };
    set_text("cli-lead", text(lang, lead))?;
    let blocks: Vec<(Os, String)> = Os::ALL
        .map(|os| (os, commands(lang, os, &offer.url, &offer.binaries)))
        .into();
    let list = by_id("cli-commands")?;
    draw_commands(lang, &list, &blocks, first)?;
    // How each block gets the binary, for tests and for people reading the markup.
    let figures = list.children();
    for i in 0..figures.length() {
        let Some(figure) = figures.item(i) else {
            continue;
        };
        let os = figure.get_attribute("data-os").unwrap_or_default();
        if let Some(os) = Os::from_goos(&os) {
            figure.set_attribute("data-way", Way::of(os, &offer.binaries).as_str())?;
        }
    }
    el.set_attribute("data-drawn", &drawn)
}
