//! `#private-cache`: the nginx configuration of a team's cache of Go downloads
//! (`pre[data-config="nginx"]`), the commands that check it on its server, and the module
//! settings for a company proxy, in the visitor's language.
//!
//! The texts are the core's (`private_cache.rs`). They change only with the language, the chosen
//! file and the public proxy named in the module settings, so the section is drawn again only
//! when one of those changed: a visitor selecting the configuration keeps the selection while
//! the measurements go on.

use wasm_bindgen::JsValue;

use crate::commands::Os;
use crate::private_cache::{module_commands, nginx, server_commands};
use crate::rank::recommend;

use super::super::dom::{by_id, set_text};
use super::super::state::{figures, App, Table};
use super::widgets::draw_commands;

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
    let config = nginx(lang);
    set_text("private-cache-config", &config)?;
    by_id("private-cache-copy")?.set_attribute("data-copy", &config)?;
    set_text("private-cache-check", &server_commands(lang, &file))?;
    let blocks: Vec<(Os, String)> = Os::ALL
        .map(|os| (os, module_commands(lang, os, proxy)))
        .into();
    draw_commands(lang, &by_id("private-modules")?, &blocks, os)?;
    el.set_attribute("data-drawn", &drawn)
}
