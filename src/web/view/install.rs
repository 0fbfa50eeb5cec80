//! `#install`: for the chosen version, one block per OS (the visitor's first) with the file
//! the core picks for it (`install::file_for`), downloaded from the recommended source, and the
//! commands that check it, install it and prove the install (`install::commands`).
//!
//! Decides nothing: the file, the commands and the source are the core's and `mirrors`'.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::commands::Os;
use crate::i18n::fill;
use crate::install::{commands, file_for};

use super::super::dom::{by_id, replace_children, set_text};
use super::super::state::{chosen, effective_selection, App, OFFICIAL_DOWNLOAD};
use super::widgets::draw_commands;

/// Draws `#install` and the sentence above it.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("install")?;
    let selection = effective_selection(app);
    let (Some(releases), Some(version)) = (app.list.releases(), selection.version.as_deref())
    else {
        set_text("install-lead", "")?;
        return replace_children(&el, Vec::new());
    };
    // The source recommended for the chosen file serves every other file of the release too.
    let recommended = app
        .probe_targets()
        .and_then(|t| chosen(app, t.file().0).row)
        .map(|r| r.mirror.clone());
    let mut files = Vec::new();
    let mut blocks = Vec::new();
    for os in Os::ALL {
        let Some(file) = file_for(releases, version, os.as_str(), &selection.arch) else {
            continue;
        };
        let url = recommended.as_ref().map_or_else(
            || format!("{OFFICIAL_DOWNLOAD}{}", file.filename),
            |m| m.url_for(&file.filename),
        );
        let sha256 = file.sha256.to_hex();
        if let Some(command) = commands(lang, os, &url, &file.filename, &sha256) {
            files.push((os, file.filename.clone()));
            blocks.push((os, command));
        }
    }
    set_text(
        "install-lead",
        &fill(lang, "install-lead", &[("version", version)]),
    )?;
    draw_commands(lang, &el, &blocks, app.chosen_os())?;
    // Which file each block installs, for tests and for people reading the markup.
    let figures = el.query_selector_all("[data-os]")?;
    for i in 0..figures.length() {
        let Some(figure) = figures.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let os = figure.get_attribute("data-os").unwrap_or_default();
        if let Some((_, file)) = files.iter().find(|(o, _)| o.as_str() == os) {
            figure.set_attribute("data-file", file)?;
        }
    }
    Ok(())
}
