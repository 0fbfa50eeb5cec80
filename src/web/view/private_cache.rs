//! `#private-cache`: the nginx configuration of a team's cache of Go downloads
//! (`pre[data-config="nginx"]`), the commands that check it on its server, and the module
//! settings for a company proxy, in the visitor's language.
//!
//! The texts are the core's (`private_cache.rs`), written and drawn by the section's own module
//! (`web::private_cache` loads it on the section's first opening). They change only with the
//! language, the chosen
//! file and the public proxy named in the module settings, so the section is drawn again only
//! when one of those changed: a visitor selecting the configuration keeps the selection while
//! the measurements go on.

use wasm_bindgen::{JsCast, JsValue};

use crate::commands::Os;
use crate::i18n::fill;
use crate::rank::recommend;

use super::super::dom::{by_id, replace_children, set_text};
use super::super::state::{figures, App, Table};

/// The public proxy named when nothing was measured yet.
const PUBLIC_PROXY: &str = "https://goproxy.cn/";

/// Draws the section if what it shows changed.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let file = app
        .probe_targets()
        .map(|t| t.file().0.to_string())
        .unwrap_or_else(|| "go1.22.0.linux-amd64.tar.gz".into());
    // The module proxy the proxy table recommends, else the catalog's first, else goproxy.cn.
    let best = recommend(&figures(lang, app.rows(Table::Proxies))).mirror_id;
    let proxies = &app.catalog.module_proxies;
    let proxy = best
        .and_then(|id| proxies.iter().find(|p| p.id == id))
        .or(proxies.first())
        .map_or(PUBLIC_PROXY, |p| p.url.as_str());
    let os = app.chosen_os();
    let drawn = format!(
        "{}\n{file}\n{proxy}\n{}",
        lang.tag(),
        os.map_or("", Os::as_str)
    );
    let el = by_id("private-cache")?;
    if el.get_attribute("data-drawn").as_deref() == Some(drawn.as_str()) {
        return Ok(());
    }
    let cache = &app.private_cache;
    let Some(module) = &cache.module else {
        // Not opened yet, or its module could not be loaded (opening it again tries again).
        let failed = cache
            .failed
            .as_ref()
            .map(|why| fill(lang, "pc-load-failed", &[("problem", why)]));
        return set_text("private-cache-config", &failed.unwrap_or_default());
    };
    let texts = module.draw(lang.tag(), &file, proxy, os.map_or("", Os::as_str));
    let config = texts.shift().as_string().unwrap_or_default();
    set_text("private-cache-config", &config)?;
    by_id("private-cache-copy")?.set_attribute("data-copy", &config)?;
    set_text(
        "private-cache-check",
        &texts.shift().as_string().unwrap_or_default(),
    )?;
    replace_children(
        &by_id("private-modules")?,
        texts.iter().map(JsCast::unchecked_into).collect(),
    )?;
    el.set_attribute("data-drawn", &drawn)
}
