//! The browser layer: the only code that names `web_sys`, `js_sys` or `wasm_bindgen_futures`.
//! Data flows one way through it, in three layers that import only downwards:
//!
//! - **State** (`state`): one `App` per page owns everything the page shows. Nothing else
//!   keeps page state, and the state draws nothing.
//! - **Views** (`view`): read the state and draw the DOM, each part when the change that
//!   touched it says so (`state::Dirty`); `dom` builds elements from text and attributes and
//!   changes on the page only what differs from the last build.
//! - **Events and tasks**: `app` starts the page and wires its events, `checks` runs the
//!   hashing workers, `measure` the measurements (`probe` times one source), `download`
//!   fetches and verifies a file, `sources` handles the tables' controls, `paste` the paste
//!   box, `report` the report buttons. Each changes the state inside `view::update`, which
//!   then draws what the change touched and reports any error on the one error path.
//!
//! Below them: `fetch` and `load` make requests. The hashing itself runs in workers, with a
//! module of its own ([`crate::worker`]). Everything they decide is delegated to the pure core.

use wasm_bindgen::prelude::*;

mod app;
mod checks;
mod dom;
mod download;
mod fetch;
mod lists;
mod load;
mod measure;
mod paste;
mod private_cache;
mod probe;
mod report;
mod share;
mod sources;
mod state;
mod view;

/// Starts the page: called once by `www/main.js` after the module is initialised, with the
/// visitor's language (a BCP 47 tag), the text of its strings file, which `main.js` fetched
/// while the module loaded (`null` if that failed; the page then fetches it itself), and a
/// function that loads the paste analyser's module (`pkg/paste.js`, built from
/// `src/paste_module.rs`) and resolves to its exports, called on the paste box's first use, and
/// one that loads the report links' module (`pkg/share.js`, built from `src/share_module.rs`)
/// with its words in a language, called when the page reads or makes a link, and one that loads
/// the private cache guide's (`pkg/private_cache.js`, `src/private_cache_module.rs`) on the
/// first opening of `#private-cache`, and `www/early.js`'s `take`, which hands over the files
/// chosen or dropped before now (an array of arrays of `File`) and stops early.js listening.
/// (Not a `#[wasm_bindgen(start)]`: the browser tests load the same module.)
///
/// # Errors
///
/// When the page lacks an element of its contract or the browser lacks an API it needs.
#[wasm_bindgen]
pub fn start(
    lang: String,
    strings: Option<String>,
    load_paste: js_sys::Function,
    load_share: js_sys::Function,
    load_cache: js_sys::Function,
    take_early: js_sys::Function,
) -> Result<(), JsError> {
    app::start(
        &lang,
        strings.as_deref(),
        load_paste,
        load_share,
        load_cache,
        &take_early,
    )
    .map_err(|e| JsError::new(&format!("{e:?}")))
}
