//! The browser layer: the only code that names `web_sys`, `js_sys` or `wasm_bindgen_futures`.
//!
//! `app` holds the page state and its events, `render` draws it, `dom` builds elements from
//! text and attributes, `load` fetches JSON, `hasher` reads files inside the hashing worker,
//! `gunzip` pipes gzip streams through the browser's decompressor, `probe` times one source,
//! `measure` runs the measurements of every source, `mirrors` shows them (`sumdb` the checksum
//! database's, `install` how to install the file, `private_cache` a team's own cache),
//! `download` fetches and verifies a file from one of them, and `paste` explains what the
//! visitor pastes. Everything they decide is delegated to the pure core.

use wasm_bindgen::prelude::*;

mod app;
mod dom;
mod download;
mod fetch;
mod gunzip;
pub mod hasher;
mod install;
mod load;
mod measure;
mod mirrors;
mod next;
mod paste;
mod private_cache;
mod probe;
mod render;
mod sumdb;

/// Starts the page: called once by `www/main.js` after the module is initialised, with the
/// visitor's language (a BCP 47 tag), the text of its strings file, which `main.js` fetched
/// while the module loaded (`null` if that failed; the page then fetches it itself), and a
/// function that loads the paste analyser's module (`pkg/paste.js`, built from
/// `src/paste_module.rs`) and resolves to its exports, called on the paste box's first use.
/// (Not a `#[wasm_bindgen(start)]`: the hashing worker loads the same module and must not run
/// it.)
///
/// # Errors
///
/// When the page lacks an element of its contract or the browser lacks an API it needs.
#[wasm_bindgen]
pub fn start(
    lang: String,
    strings: Option<String>,
    load_paste: js_sys::Function,
) -> Result<(), JsError> {
    app::start(&lang, strings.as_deref(), load_paste).map_err(|e| JsError::new(&format!("{e:?}")))
}
