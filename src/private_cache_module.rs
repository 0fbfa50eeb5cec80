//! The private cache's guide as a WebAssembly module of its own (`pkg/private_cache.js`):
//! `scripts/build.sh` builds the crate again with the `private-cache-module` feature and
//! without the page, and the page (`web::private_cache`) loads it when the visitor first opens
//! `#private-cache`, a folded section few visits open. It writes what the section shows
//! (the core's `private_cache`: the nginx configuration, the commands that check it on its
//! server, the module settings on each OS) in a language, with its own words
//! (`i18n/private-cache-*.json`) and the page's, and draws the command blocks (`module_dom`);
//! the page puts the texts and elements in place.

use js_sys::Array;
use serde_wasm_bindgen::Deserializer;
use wasm_bindgen::prelude::*;

use crate::commands::Os;
use crate::i18n::{Lang, Part};
use crate::module_dom::figures;
use crate::private_cache::{module_commands, nginx, server_commands};

/// Keeps the words of `lang` (a tag): the page's (`i18n/{lang}.json`: the command blocks'
/// captions and copy buttons) and the section's own (`i18n/private-cache-{lang}.json`: the
/// comments of the configuration and commands), each as `JSON.parse` made it.
///
/// # Errors
///
/// When one is not an object of strings.
#[wasm_bindgen]
pub fn install_words(lang: &str, page: JsValue, words: JsValue) -> Result<(), JsError> {
    let lang = Lang::from_tag(lang);
    for (part, table) in [(Part::Page, page), (Part::Cache, words)] {
        crate::i18n::install(lang, part, Deserializer::from(table))
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    Ok(())
}

/// What `#private-cache` shows in `lang` (a tag) for `file` (the chosen download) and `proxy`
/// (the public module proxy to name): the nginx configuration, the commands that check it on
/// its server, then one `figure[data-os]` of module settings per OS, `first`'s (a GOOS: the
/// visitor's OS) first.
#[wasm_bindgen]
pub fn draw(lang: &str, file: &str, proxy: &str, first: &str) -> Array {
    let lang = Lang::from_tag(lang);
    let drawn = Array::of2(&nginx(lang).into(), &server_commands(lang, file).into());
    let blocks: Vec<(Os, String)> = Os::ALL
        .map(|os| (os, module_commands(lang, os, proxy)))
        .into();
    for figure in figures(lang, Os::from_goos(first), &blocks) {
        drawn.push(&figure.0);
    }
    drawn
}
