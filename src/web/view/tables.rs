//! The sources' tables (`#mirror-table`, `#proxy-table`): one row per source, filled in live
//! as its measurements arrive, sortable; `#probe-progress`; the chart; `#recommended` with its
//! commands; and `#proxy-advice`, all with the contract's attributes. Figures, order and the
//! choice are the core's (`rank.rs`, `compare.rs`, `toolchain.rs`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

use crate::commands::{download_and_check, Os};
use crate::compare::{chart, order, Bar, Sort};
use crate::i18n::{fill, rate, text, Lang};
use crate::probe::{Measured, Stage};
use crate::rank::{recommend, Recommendation, Status, Why};
use crate::toolchain;

use super::super::dom::{by_id, replace_children, set_text, El};
use super::super::state::{chosen, figures, App, Chosen, MirrorRow, Table};
use super::widgets::{button, copy_button, draw_commands, offered};

/// A region code of the catalog (`cn`, `global`) in words; an unknown code as it is.
fn region(lang: Lang, code: &str) -> String {
    crate::i18n::lookup(lang, &format!("region-{code}"))
        .unwrap_or(code)
        .to_string()
}

/// What the notes column says about a row.
fn note(lang: Lang, row: &MirrorRow) -> String {
    let m = &row.measured;
    let mut parts = Vec::new();
    if let Some(gone) = row.mirror.gone_in(lang) {
        parts.push(gone.to_string());
    }
    if let Some(reason) = &m.reason {
        parts.push(crate::explain::reason_words(lang, reason));
    }
    if m.status == Status::Limited {
        parts.push(text(lang, "n-no-cors").to_string());
    }
    if let Some(to) = &m.redirected_to {
        parts.push(fill(lang, "n-redirected", &[("url", to)]));
    }
    if let Some(note) = row.mirror.note_in(lang) {
        parts.push(note.to_string());
    }
    if row.custom {
        parts.push(text(lang, "n-custom").to_string());
    }
    parts.join(" ")
}

/// Draws both tables, the chart, the recommendation and the proxy advice from the state.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let targets = app.probe_targets();
    let file = targets.as_ref().map(|t| t.file().0);
    let zip = targets.as_ref().and_then(|t| t.toolchain_zip());
    draw_table(app, Table::Mirrors, file)?;
    draw_table(app, Table::Proxies, zip)?;
    draw_progress(app)?;
    let recommended = recommendation(app, file)?;
    draw_chart(app, recommended.as_deref())?;
    proxy_advice(app, targets.as_ref().and_then(|t| t.toolchain()))?;
    let problem = app.add_problem.map(|p| text(app.lang, p));
    let problem = problem.map(|p| fill(app.lang, "add-bad", &[("problem", p)]));
    set_text("add-mirror-status", &problem.unwrap_or_default())
}

fn draw_table(app: &App, table: Table, file: Option<&str>) -> Result<(), JsValue> {
    let lang = app.lang;
    let rows = app.rows(table);
    let sort = app.sorts[table.index()];
    let mut trs = Vec::new();
    for index in order(&figures(lang, rows), sort) {
        let row = &rows[index];
        let m = &row.measured;
        let mut tr = El::new("tr")
            .attr(table.id_attribute(), &row.mirror.id)
            .attr("data-status", m.status.as_str());
        if let Some(latency) = m.latency_ms {
            tr = tr.attr("data-latency-ms", &crate::i18n::fixed(latency, 1));
        }
        if let Some(bps) = m.throughput_bps {
            tr = tr.attr("data-throughput-bps", &crate::i18n::fixed(bps, 0));
            if m.floor {
                tr = tr.attr("data-throughput-floor", "true");
            }
        }
        if let Some(reason) = &m.reason {
            tr = tr.attr("data-reason", &reason.key());
        }
        if row.custom {
            tr = tr.attr("data-custom", "true");
        }
        let mut name = El::new("th").attr("scope", "row").child(
            El::new("span")
                .class("mirror-name")
                .text(row.mirror.name_in(lang)),
        );
        if row.mirror.official {
            name = name.child(El::new("span").class("tag").text(text(lang, "official")));
        }
        let link = match (file, m.status) {
            (Some(f), Status::Ok | Status::Limited | Status::Pending) => El::new("a")
                .attr("href", &row.mirror.url_for(f))
                .attr("rel", "noopener noreferrer")
                .text(text(lang, "download")),
            _ => El::new("span"),
        };
        tr = tr
            .child(name)
            .child(El::new("td").text(&region(lang, &row.mirror.region)))
            .child(
                El::new("td")
                    .class(&format!("status status-{}", m.status.as_str()))
                    .text(crate::explain::status_words(lang, m)),
            )
            .child(
                El::new("td").class("num").text(
                    &m.latency_ms
                        .map(|l| format!("{} ms", crate::i18n::fixed(l, 0)))
                        .unwrap_or_default(),
                ),
            )
            .child(El::new("td").class("num").text(&throughput_words(lang, m)))
            .child(El::new("td").class("note").text(&note(lang, row)));
        let mut cell = El::new("td").class("links").child(link);
        if table == Table::Mirrors && offered(m.status) {
            cell = cell.child(button(text(lang, "fetch-verify-short"), &row.mirror.id)?);
        }
        tr = tr.child(cell);
        trs.push(tr.into_element());
    }
    replace_children(&by_id(table.rows_id())?, trs)?;
    // Over when its run started and every row is final (DESIGN.md: tests wait on this).
    let settled = app.probed.is_some() && rows.iter().all(|r| r.measured.stage == Stage::Final);
    by_id(table.table_id())?
        .set_attribute("data-settled", if settled { "true" } else { "false" })?;
    sort_headers(table, sort)
}

/// A throughput figure in words: "faster than" where it is a floor.
fn throughput_words(lang: Lang, m: &Measured) -> String {
    match (m.throughput_bps, m.floor) {
        (Some(bps), true) => fill(lang, "faster-than", &[("rate", &rate(bps))]),
        (Some(bps), false) => rate(bps),
        (None, _) => String::new(),
    }
}

/// `#probe-progress`: which source's speed is being measured and how many are left.
fn draw_progress(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let all = || Table::BOTH.iter().flat_map(|&t| app.rows(t).iter());
    let left = all()
        .filter(|r| matches!(r.measured.stage, Stage::Latency | Stage::Queued))
        .count();
    let words = match all().find(|r| r.measured.stage == Stage::Testing) {
        Some(row) => fill(
            lang,
            "progress-testing",
            &[
                ("name", row.mirror.name_in(lang)),
                ("left", &left.to_string()),
            ],
        ),
        None if left > 0 => text(lang, "progress-latency").to_string(),
        None if app.probed.is_some() => text(lang, "progress-done").to_string(),
        None => String::new(),
    };
    set_text("probe-progress", &words)
}

/// `aria-sort` on the headers of the sorted column, `none` elsewhere.
fn sort_headers(table: Table, sort: Option<Sort>) -> Result<(), JsValue> {
    let buttons = by_id(table.table_id())?.query_selector_all("th button[data-sort-key]")?;
    for i in 0..buttons.length() {
        let Some(button) = buttons.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        let Some(th) = button.closest("th")? else {
            continue;
        };
        let key = button.get_attribute("data-sort-key").unwrap_or_default();
        let value = match sort {
            Some(s) if s.key.name() == key && s.descending => "descending",
            Some(s) if s.key.name() == key => "ascending",
            _ => "none",
        };
        th.set_attribute("aria-sort", value)?;
    }
    Ok(())
}

/// `#recommended`: the chosen mirror's link for the file, and why; go.dev's when nothing works.
/// Returns the chosen mirror's id.
fn recommendation(app: &App, file: Option<&str>) -> Result<Option<String>, JsValue> {
    let lang = app.lang;
    let el = by_id("recommended")?;
    let Some(file) = file else {
        replace_children(&el, Vec::new())?;
        return Ok(None);
    };
    let settled = app
        .mirrors
        .iter()
        .all(|r| r.measured.status != Status::Pending);
    let Chosen {
        row,
        why,
        href,
        id,
        name,
    } = chosen(app, file);
    let mirror_id = row.map(|r| r.mirror.id.clone());
    let reason = if settled {
        why_words(lang, why, &name, row.map(|r| &r.measured))
    } else {
        text(lang, "why-measuring").to_string()
    };
    let link = El::new("a")
        .attr("href", &href)
        .attr("data-mirror-id", &id)
        .attr("rel", "noopener noreferrer")
        .text(&href);
    el.set_attribute("data-settled", if settled { "true" } else { "false" })?;
    let mut children = vec![
        El::new("p")
            .class("recommended-link")
            .child(link)
            .into_element(),
        El::new("p").text(&reason).into_element(),
    ];
    if row.is_some_and(|r| offered(r.measured.status)) {
        children.push(
            El::new("p")
                .child(button(text(lang, "fetch-verify"), &id)?)
                .child(
                    El::new("span")
                        .class("hint")
                        .text(text(lang, "fetch-verify-help")),
                )
                .into_element(),
        );
    }
    let official = app.list.releases().and_then(|r| r.by_name(file));
    if let Some(official) = official {
        let size = official
            .size_bytes
            .map(|s| crate::i18n::bytes(lang, s))
            .unwrap_or_else(|| text(lang, "pick-size-unknown").to_string());
        let sha256 = official.sha256.to_hex();
        let details = El::new("dl")
            .child(El::new("dt").text(text(lang, "pick-sha256")))
            .child(
                El::new("dd")
                    .child(El::new("code").class("hash").text(&sha256))
                    .child(copy_button(lang, &sha256)),
            )
            .child(El::new("dt").text(text(lang, "pick-size")))
            .child(El::new("dd").text(&size));
        children.push(details.into_element());
    }
    replace_children(&el, children)?;
    let sha256 = official.map(|f| f.sha256.to_hex());
    let blocks = match sha256.as_deref() {
        Some(sha256) => Os::ALL
            .map(|os| (os, download_and_check(lang, os, &href, file, sha256)))
            .into(),
        None => Vec::new(),
    };
    draw_commands(lang, &by_id("commands")?, &blocks, app.chosen_os())?;
    Ok(mirror_id)
}

fn why_words(lang: Lang, why: Why, name: &str, measured: Option<&Measured>) -> String {
    let figure = measured
        .and_then(|m| {
            m.throughput_bps.map(rate).or(m
                .latency_ms
                .map(|l| format!("{} ms", crate::i18n::fixed(l, 0))))
        })
        .unwrap_or_default();
    let key = match why {
        Why::Fastest => "why-fastest",
        Why::OfficialClose => "why-official-close",
        Why::LowestLatency => "why-lowest-latency",
        Why::OfficialCloseLatency => "why-official-latency",
        Why::NothingWorks => "why-nothing",
    };
    fill(lang, key, &[("name", name), ("figure", &figure)])
}

/// `#proxy-advice`: the `GOPROXY`/`GOTOOLCHAIN` route through the best proxy, for visitors who
/// already have Go 1.21 or later.
fn proxy_advice(app: &App, toolchain: Option<&(String, String)>) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("proxy-advice")?;
    let Some((version, _)) = toolchain else {
        el.remove_attribute("data-proxy-id")?;
        return replace_children(&el, Vec::new());
    };
    let Recommendation { mirror_id, why } = recommend(&figures(app.lang, &app.proxies));
    let settled = app
        .proxies
        .iter()
        .all(|r| r.measured.status != Status::Pending);
    // Nothing answered: still show the route, through the catalog's first proxy.
    let Some(proxy) = mirror_id
        .as_ref()
        .and_then(|id| app.catalog.module_proxies.iter().find(|p| &p.id == id))
        .or(app.catalog.module_proxies.first())
    else {
        el.remove_attribute("data-proxy-id")?;
        return replace_children(&el, Vec::new());
    };
    el.set_attribute("data-proxy-id", &proxy.id)?;
    el.set_attribute("data-settled", if settled { "true" } else { "false" })?;
    let reason = if !settled {
        text(lang, "why-measuring").to_string()
    } else if why == Why::NothingWorks {
        text(lang, "proxy-nothing").to_string()
    } else {
        let row = app.proxies.iter().find(|r| r.mirror.id == proxy.id);
        why_words(lang, why, proxy.name_in(lang), row.map(|r| &r.measured))
    };
    let lead = fill(
        lang,
        "proxy-lead",
        &[
            ("version", version),
            ("proxy", &toolchain::goproxy(&proxy.url)),
        ],
    );
    let commands = El::new("div");
    let blocks: Vec<(Os, String)> = Os::ALL
        .map(|os| (os, toolchain::commands(lang, os, &proxy.url, version)))
        .into();
    let commands = commands.into_element();
    draw_commands(lang, &commands, &blocks, app.chosen_os())?;
    replace_children(
        &el,
        vec![
            El::new("p").text(&lead).into_element(),
            El::new("p").text(&reason).into_element(),
            commands,
            El::new("p")
                .class("hint")
                .text(text(lang, "proxy-checked"))
                .into_element(),
        ],
    )
}

/// `#mirror-chart`: bars of throughput (longest best) and latency (shortest best), drawn as
/// SVG by the page; the table stays the accessible form of the same figures.
fn draw_chart(app: &App, recommended: Option<&str>) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("mirror-chart")?;
    let chart = chart(&figures(app.lang, &app.mirrors), recommended);
    if chart.throughput.is_empty() && chart.latency.is_empty() {
        super::super::dom::set_hidden(&el, true)?;
        return replace_children(&el, Vec::new());
    }
    super::super::dom::set_hidden(&el, false)?;
    let milliseconds: fn(f64) -> String = |ms| format!("{} ms", crate::i18n::fixed(ms, 0));
    let groups = [
        (
            "throughput",
            "chart-throughput",
            &chart.throughput,
            rate as fn(f64) -> String,
        ),
        ("latency", "chart-latency", &chart.latency, milliseconds),
    ];
    let svg = El::svg("svg")
        .attr("role", "img")
        .attr("aria-labelledby", "mirror-chart-caption");
    let mut y = 0.0;
    let mut svg = svg;
    for (measure, title, bars, words) in groups {
        if bars.is_empty() {
            continue;
        }
        y += ROW;
        svg = svg.child(
            El::svg("text")
                .class("chart-title")
                .attr("x", "0")
                .attr("y", &crate::i18n::fixed(y - 6.0, 0))
                .text(text(lang, title)),
        );
        for bar in bars.iter() {
            svg = svg.child(chart_row(bar, measure, y, words(bar.value)));
            y += ROW;
        }
        y += ROW / 2.0;
    }
    let svg = svg
        .attr(
            "viewBox",
            &format!(
                "0 0 {} {}",
                crate::i18n::fixed(WIDTH, 0),
                crate::i18n::fixed(y, 0)
            ),
        )
        .attr("width", &crate::i18n::fixed(WIDTH, 0))
        .attr("height", &crate::i18n::fixed(y, 0));
    replace_children(
        &el,
        vec![
            svg.into_element(),
            El::new("figcaption")
                .attr("id", "mirror-chart-caption")
                .text(text(lang, "chart-caption"))
                .into_element(),
        ],
    )
}

/// The chart's geometry, in SVG user units.
const WIDTH: f64 = 640.0;

const LABEL: f64 = 190.0;

const BAR_MAX: f64 = 330.0;

const ROW: f64 = 22.0;

const BAR: f64 = 15.0;

/// One bar with its name before it and its figure after it.
fn chart_row(bar: &Bar, measure: &str, y: f64, value: String) -> El {
    let length = (bar.fraction * BAR_MAX).max(2.0);
    let class = if bar.best { "bar best" } else { "bar" };
    El::svg("g")
        .attr("data-mirror-id", &bar.id)
        .attr("data-measure", measure)
        .attr("data-value", &crate::i18n::fixed(bar.value, 1))
        .child(
            El::svg("text")
                .class("chart-label")
                .attr("x", &crate::i18n::fixed(LABEL - 8.0, 0))
                .attr("y", &crate::i18n::fixed(y + BAR - 3.0, 1))
                .text(&bar.name),
        )
        .child(
            El::svg("rect")
                .class(&format!("{class} {measure}"))
                .attr("x", &crate::i18n::fixed(LABEL, 0))
                .attr("y", &crate::i18n::fixed(y, 0))
                .attr("width", &crate::i18n::fixed(length, 1))
                .attr("height", &crate::i18n::fixed(BAR, 0)),
        )
        .child(
            El::svg("text")
                .class("chart-value")
                .attr("x", &crate::i18n::fixed(LABEL + length + 6.0, 1))
                .attr("y", &crate::i18n::fixed(y + BAR - 3.0, 1))
                .text(&value),
        )
}
