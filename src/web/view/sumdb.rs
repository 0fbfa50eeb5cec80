//! `#sumdb-table` and `#sumdb-advice`: the checksum database from the visitor's network — each
//! database host's `latest` and each module proxy's `sumdb/sum.golang.org/supported`, probed in
//! the same run as the mirrors (latency only) — and the `GOPROXY`/`GOSUMDB` advice that follows.
//!
//! The advice and its commands are the core's (`sumdb.rs`); `measure` runs the probes (the
//! rows are `state::sumdb_rows`); this module draws them with the contract's attributes.

use wasm_bindgen::JsValue;

use crate::commands::Os;
use crate::i18n::{fill, text};
use crate::rank::Status;
use crate::sumdb::{advise, commands, Advice, Probed};
use crate::toolchain::goproxy;

use super::super::dom::{by_id, replace_children, El};
use super::super::state::{App, Table, PROXY_PREFIX};
use super::widgets::draw_commands;
use crate::explain::{reason_words, status_words};
use crate::probe::Stage;

/// The core's advice for the rows as they are now.
fn advice(app: &App) -> Advice {
    let status = |id: &str| {
        app.sumdb
            .iter()
            .find(|r| r.mirror.id == id)
            .map_or((Status::Pending, None), |r| {
                (r.measured.status, r.measured.latency_ms)
            })
    };
    let databases: Vec<Probed> = app
        .catalog
        .checksum_databases
        .iter()
        .map(|d| {
            let (status, latency_ms) = status(&d.id);
            Probed {
                id: &d.id,
                url: &d.url,
                status,
                latency_ms,
            }
        })
        .collect();
    let ids: Vec<String> = app
        .catalog
        .module_proxies
        .iter()
        .map(|p| format!("{PROXY_PREFIX}{}", p.id))
        .collect();
    let proxies: Vec<Probed> = app
        .catalog
        .module_proxies
        .iter()
        .zip(&ids)
        .map(|(p, row_id)| {
            let (status, latency_ms) = status(row_id);
            Probed {
                id: &p.id,
                url: &p.url,
                status,
                latency_ms,
            }
        })
        .collect();
    advise(&databases, &proxies)
}

/// Draws the table and the advice.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let mut trs = Vec::new();
    for row in &app.sumdb {
        let m = &row.measured;
        let mut tr = El::new("tr")
            .attr(Table::Sumdb.id_attribute(), &row.mirror.id)
            .attr("data-status", m.status.as_str());
        if let Some(latency) = m.latency_ms {
            tr = tr.attr("data-latency-ms", &crate::i18n::fixed(latency, 1));
        }
        if let Some(reason) = &m.reason {
            tr = tr.attr("data-reason", &reason.key());
        }
        let what = if row.mirror.id.starts_with(PROXY_PREFIX) {
            "sumdb-via-proxy"
        } else {
            "sumdb-host"
        };
        let mut note = Vec::new();
        if let Some(reason) = &m.reason {
            note.push(reason_words(lang, reason));
        }
        if m.status == Status::Limited {
            note.push(text(lang, "sumdb-limited").to_string());
        }
        tr = tr
            .child(
                El::new("th")
                    .attr("scope", "row")
                    .text(row.mirror.name_in(lang)),
            )
            .child(El::new("td").text(text(lang, what)))
            .child(El::new("td").child(El::new("code").text(&row.mirror.url)))
            .child(
                El::new("td")
                    .class(&format!("status status-{}", m.status.as_str()))
                    .text(status_words(lang, m)),
            )
            .child(
                El::new("td").class("num").text(
                    &m.latency_ms
                        .map(|l| format!("{} ms", crate::i18n::fixed(l, 0)))
                        .unwrap_or_default(),
                ),
            )
            .child(El::new("td").class("note").text(&note.join(" ")));
        trs.push(tr.into_element());
    }
    replace_children(&by_id(Table::Sumdb.rows_id())?, trs)?;
    let settled =
        app.probed.is_some() && app.sumdb.iter().all(|r| r.measured.stage == Stage::Final);
    by_id(Table::Sumdb.table_id())?
        .set_attribute("data-settled", if settled { "true" } else { "false" })?;
    draw_advice(app)
}

/// `#sumdb-advice`: what to set, in words and commands for each OS.
fn draw_advice(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("sumdb-advice")?;
    if app.sumdb.is_empty() {
        // A catalog without databases or proxies: nothing was measured, nothing to advise.
        el.set_attribute("data-advice", "none")?;
        el.remove_attribute("data-proxy-id")?;
        return replace_children(&el, Vec::new());
    }
    let advice = advice(app);
    el.set_attribute("data-advice", advice.key())?;
    let sentence = match &advice {
        Advice::Measuring => text(lang, "sumdb-measuring").to_string(),
        Advice::Proxy { id, base } => {
            let name = app
                .catalog
                .module_proxies
                .iter()
                .find(|p| &p.id == id)
                .map_or(id.as_str(), |p| p.name_in(lang));
            el.set_attribute("data-proxy-id", id)?;
            fill(
                lang,
                "sumdb-proxy",
                &[("name", name), ("proxy", &goproxy(base))],
            )
        }
        Advice::Direct { .. } => text(lang, "sumdb-direct").to_string(),
        Advice::China { .. } => text(lang, "sumdb-google-cn").to_string(),
        Advice::Unreachable { .. } => text(lang, "sumdb-unreachable").to_string(),
    };
    if !matches!(advice, Advice::Proxy { .. }) {
        el.remove_attribute("data-proxy-id")?;
    }
    let blocks: Vec<(Os, String)> = Os::ALL
        .into_iter()
        .filter_map(|os| Some((os, commands(lang, os, &advice)?)))
        .collect();
    let list = El::new("div").into_element();
    draw_commands(lang, &list, &blocks, app.chosen_os())?;
    replace_children(&el, vec![El::new("p").text(&sentence).into_element(), list])
}
