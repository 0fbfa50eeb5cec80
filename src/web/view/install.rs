//! `#install`: for the chosen version, one block per OS (the visitor's first) with the file
//! the core picks for it (`install::file_for`), downloaded from the recommended source, the
//! sentence that says which kind of file it is, and the commands that check it, install it and
//! prove the install (`install::block`).
//!
//! Decides nothing: the file, the commands and the source are the core's and `mirrors`'.

use wasm_bindgen::JsValue;

use crate::commands::Os;
use crate::i18n::fill;
use crate::install::{block, file_for, kind_name};

use super::super::dom::{by_id, replace_children, set_text};
use super::super::state::{chosen, effective_selection, App, OFFICIAL_DOWNLOAD};
use super::widgets::{draw_blocks, CommandBlock};

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
        if let Some(b) = block(lang, os, version, &url, &file.filename, &sha256) {
            blocks.push(CommandBlock {
                os,
                commands: b.commands,
                // Which file each block installs, and its kind, for tests and for people
                // reading the markup.
                attrs: vec![
                    ("data-file", file.filename.clone()),
                    ("data-kind", kind_name(b.kind).to_string()),
                ],
                about: Some(b.about),
            });
        }
    }
    set_text(
        "install-lead",
        &fill(lang, "install-lead", &[("version", version)]),
    )?;
    draw_blocks(lang, &el, &blocks, app.chosen_os())
}
