//! `#private-cache`, a folded section few visits open: what it shows is written and drawn by
//! a module of its own (`pkg/private_cache.js`, built from `src/private_cache_module.rs`), which
//! `www/main.js` loads with the page's words on the section's first opening, so that a visit
//! that never opens it downloads none of that code. `view::private_cache` puts what it wrote in
//! place; a module that could not be loaded is said there, and tried again on the next
//! opening.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use crate::i18n::Lang;

use super::dom::{by_id, error_message, listen};
use super::state::{with_app, CacheGuide, Dirty};
use super::view::update;

/// Loads the module on the section's first opening (and after a failure, on the next).
pub(crate) fn wire() -> Result<(), JsValue> {
    let section = by_id("private-cache")?;
    listen(&section.clone(), "toggle", move |_| {
        if !section.has_attribute("open") {
            return;
        }
        let Some((lang, wanted)) = with_app(|app| {
            let guide = &app.private_cache;
            (app.lang, guide.module.is_none() && !guide.loading)
        }) else {
            return;
        };
        if !wanted {
            return;
        }
        update(|app| {
            app.private_cache.loading = true;
            Ok(())
        });
        spawn_local(async move {
            let loaded = guide(lang).await;
            update(|app| {
                let cache = &mut app.private_cache;
                cache.loading = false;
                match loaded {
                    Ok(module) => (cache.module, cache.failed) = (Some(module), None),
                    Err(why) => cache.failed = Some(why),
                }
                app.touch(Dirty::SOURCES);
                Ok(())
            });
        });
    })
}

/// The module, with the page's words in `lang`; the error says why it could not be loaded.
async fn guide(lang: Lang) -> Result<CacheGuide, String> {
    let load = with_app(|app| app.private_cache.load.clone()).ok_or("the page is not running")?;
    let loaded = async {
        let promise = load.call1(&JsValue::NULL, &lang.tag().into())?;
        JsFuture::from(Promise::from(promise)).await
    };
    loaded
        .await
        .map(JsCast::unchecked_into)
        .map_err(|e| error_message(&e))
}

/// Before the page switches to `lang`: once loaded, the module's words in `lang`.
pub(crate) async fn prepare(lang: Lang) {
    if with_app(|app| app.private_cache.module.is_some()) == Some(true) {
        let _ = guide(lang).await;
    }
}
