//! The mirror table: one row per catalog mirror and per mirror the visitor added, each probed
//! concurrently under one time budget, filled in live, and the one recommended link.
//!
//! Requests and timings are `probe`'s; figures and the choice are the core's (`rank.rs`); this
//! module runs the probes, keeps their results in `App`, and draws `#mirror-table` and
//! `#recommended` with the contract's attributes.

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::spawn_local;
use web_sys::{HtmlInputElement, Storage};

use crate::catalog::{check_url, Catalog, Mirror};
use crate::i18n::{fill, text, Lang};
use crate::probe::Reason;
use crate::rank::{recommend, Figures, Recommendation, Status, Why};

use super::app::{listen, report_error, with_app, App};
use super::dom::{by_id, by_id_as, replace_children, set_text, El};
use super::probe::{probe, Measured};
use super::render::effective_selection;

/// Where official files are when nothing else works (DESIGN.md: `#recommended` still links it).
const OFFICIAL_DOWNLOAD: &str = "https://go.dev/dl/";

/// Where the visitor's own mirrors are kept in the browser.
const CUSTOM_KEY: &str = "gomirror.custom-mirrors";

/// One row of the table.
#[derive(Clone, Debug)]
pub(crate) struct MirrorRow {
    pub(crate) mirror: Mirror,
    /// Added by the visitor.
    pub(crate) custom: bool,
    pub(crate) measured: Measured,
}

/// The rows for a catalog, followed by the visitor's own mirrors kept in this browser.
pub(crate) fn rows(catalog: &Catalog) -> Vec<MirrorRow> {
    let mut rows: Vec<MirrorRow> = catalog
        .mirrors
        .iter()
        .map(|m| MirrorRow {
            mirror: m.clone(),
            custom: false,
            measured: gone_or_pending(m),
        })
        .collect();
    for (i, url) in stored_custom().into_iter().enumerate() {
        rows.push(custom_row(i, url));
    }
    rows
}

fn gone_or_pending(m: &Mirror) -> Measured {
    Measured {
        status: if m.gone.is_some() {
            Status::Gone
        } else {
            Status::Pending
        },
        ..Measured::default()
    }
}

fn custom_row(index: usize, url: String) -> MirrorRow {
    let host = url.split("://").nth(1).unwrap_or(&url);
    let name = host.split('/').next().unwrap_or(host).to_string();
    MirrorRow {
        mirror: Mirror {
            id: format!("custom-{}", index + 1),
            name,
            url,
            official: false,
            region: String::new(),
            gone: None,
            note: None,
        },
        custom: true,
        measured: Measured::default(),
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The visitor's own URL templates, each checked again (storage is not to be trusted).
fn stored_custom() -> Vec<String> {
    let text = storage()
        .and_then(|s| s.get_item(CUSTOM_KEY).ok().flatten())
        .unwrap_or_default();
    serde_json::from_str::<Vec<String>>(&text)
        .unwrap_or_default()
        .into_iter()
        .filter(|url| validate_template(url).is_ok())
        .take(20)
        .collect()
}

/// A URL template a visitor may add: an absolute http(s) URL with `{file}` once.
fn validate_template(url: &str) -> Result<(), String> {
    check_url(url)?;
    if url.matches("{file}").count() != 1 {
        return Err("the URL must contain {file} once".into());
    }
    Ok(())
}

/// Wires `#rerun` and the add-mirror form.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&by_id("rerun")?, "click", |_| {
        let _ = with_app(|app| app.start_probes());
    })?;
    let field: HtmlInputElement = by_id_as("add-mirror-url")?;
    // The form's submit: a click on #add-mirror and Enter in the field alike.
    listen(&by_id("add-mirror-form")?, "submit", move |event| {
        event.prevent_default();
        let url = field.value().trim().to_string();
        let added = with_app(|app| app.add_custom(&url)).unwrap_or(Ok(false));
        match added {
            Ok(true) => field.set_value(""),
            Ok(false) => {}
            Err(e) => report_error(&e),
        }
    })?;
    Ok(())
}

impl App {
    /// The file the probes fetch: the one the page recommends, and its official size.
    fn probe_file(&self) -> Option<(String, Option<u64>)> {
        let selection = effective_selection(self);
        let file = self.list.releases()?.pick(&selection)?;
        Some((file.filename.clone(), file.size_bytes))
    }

    /// Probes every mirror that is not gone, all at once, under one deadline.
    pub(crate) fn start_probes(&mut self) {
        let Some((file, size)) = self.probe_file() else {
            return;
        };
        self.probe_run += 1;
        let run = self.probe_run;
        let now = web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.now())
            .unwrap_or(0.0);
        let deadline = now + f64::from(self.probe_config.budget_ms);
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            // Room for every probe's entries; old ones are of no use.
            p.clear_resource_timings();
            p.set_resource_timing_buffer_size(2000);
        }
        for row in &mut self.mirrors {
            row.measured = gone_or_pending(&row.mirror);
            if row.measured.status == Status::Gone {
                continue;
            }
            let id = row.mirror.id.clone();
            let url = row.mirror.url_for(&file);
            let config = self.probe_config.clone();
            spawn_local(async move {
                let progress_id = id.clone();
                let report = move |m: &Measured| {
                    let _ = with_app(|app| app.on_probe(run, &progress_id, m.clone()));
                };
                let measured = probe(&url, size, &config, deadline, &report).await;
                let _ = with_app(|app| app.on_probe(run, &id, measured));
            });
        }
        if let Err(e) = render(self) {
            report_error(&e);
        }
    }

    fn on_probe(&mut self, run: u32, id: &str, measured: Measured) {
        if run != self.probe_run {
            return;
        }
        if let Some(row) = self.mirrors.iter_mut().find(|r| r.mirror.id == id) {
            row.measured = measured;
        }
        if let Err(e) = render(self) {
            report_error(&e);
        }
    }

    /// Adds the visitor's mirror, keeps it in this browser and probes it; `false` when the
    /// template is refused (the page says why).
    fn add_custom(&mut self, url: &str) -> Result<bool, JsValue> {
        if let Err(problem) = validate_template(url) {
            set_text(
                "add-mirror-status",
                &fill(self.lang, "add-bad", &[("problem", &problem)]),
            )?;
            return Ok(false);
        }
        let mut stored = stored_custom();
        if !stored.iter().any(|u| u == url) {
            stored.push(url.to_string());
        }
        if let (Some(s), Ok(json)) = (storage(), serde_json::to_string(&stored)) {
            let _ = s.set_item(CUSTOM_KEY, &json);
        }
        set_text("add-mirror-status", "")?;
        self.mirrors.retain(|r| !r.custom);
        for (i, u) in stored.into_iter().enumerate() {
            self.mirrors.push(custom_row(i, u));
        }
        self.start_probes();
        Ok(true)
    }
}

fn figures(rows: &[MirrorRow]) -> Vec<Figures> {
    rows.iter()
        .map(|r| Figures {
            id: r.mirror.id.clone(),
            official: r.mirror.official,
            status: r.measured.status,
            latency_ms: r.measured.latency_ms,
            throughput_bps: r.measured.throughput_bps,
        })
        .collect()
}

/// `1.0 MiB/s` from bytes per second.
fn rate_words(bps: f64) -> String {
    if bps >= f64::from(1 << 20) {
        format!("{:.1} MiB/s", bps / f64::from(1 << 20))
    } else {
        format!("{:.0} KiB/s", bps / 1024.0)
    }
}

fn status_words(lang: Lang, status: Status) -> &'static str {
    text(
        lang,
        match status {
            Status::Pending => "st-pending",
            Status::Ok => "st-ok",
            Status::Limited => "st-limited",
            Status::Failed => "st-failed",
            Status::Timeout => "st-timeout",
            Status::Gone => "st-gone",
        },
    )
}

fn reason_words(lang: Lang, reason: &Reason) -> String {
    match reason {
        Reason::Http { status } => fill(lang, "r-http", &[("status", &status.to_string())]),
        Reason::WrongSize {
            served_bytes,
            official_bytes,
        } => fill(
            lang,
            "r-wrong-size",
            &[
                ("served", &crate::i18n::bytes(lang, *served_bytes)),
                ("official", &crate::i18n::bytes(lang, *official_bytes)),
            ],
        ),
        Reason::Html => text(lang, "r-html").to_string(),
        Reason::Refused => text(lang, "r-refused").to_string(),
        Reason::Timeout => text(lang, "r-timeout").to_string(),
    }
}

/// What the last column says about a row.
fn note(lang: Lang, row: &MirrorRow) -> String {
    let m = &row.measured;
    let mut parts = Vec::new();
    if let Some(gone) = &row.mirror.gone {
        parts.push(gone.clone());
    }
    if let Some(reason) = &m.reason {
        parts.push(reason_words(lang, reason));
    }
    if m.status == Status::Limited {
        parts.push(text(lang, "n-no-cors").to_string());
    }
    if let Some(to) = &m.redirected_to {
        parts.push(fill(lang, "n-redirected", &[("url", to)]));
    }
    if row.custom {
        parts.push(text(lang, "n-custom").to_string());
    }
    parts.join(" ")
}

/// Draws the table and the recommendation from the state.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let file = app.probe_file().map(|(f, _)| f);
    let mut trs = Vec::new();
    for row in &app.mirrors {
        let m = &row.measured;
        let mut tr = El::new("tr")?
            .attr("data-mirror-id", &row.mirror.id)?
            .attr("data-status", m.status.as_str())?;
        if let Some(latency) = m.latency_ms {
            tr = tr.attr("data-latency-ms", &format!("{latency:.1}"))?;
        }
        if let Some(bps) = m.throughput_bps {
            tr = tr.attr("data-throughput-bps", &format!("{bps:.0}"))?;
        }
        if let Some(reason) = &m.reason {
            tr = tr.attr("data-reason", &reason.key())?;
        }
        if row.custom {
            tr = tr.attr("data-custom", "true")?;
        }
        let mut name =
            El::new("td")?.child(El::new("span")?.class("mirror-name").text(&row.mirror.name))?;
        if row.mirror.official {
            name = name.child(El::new("span")?.class("tag").text(text(lang, "official")))?;
        }
        let link = match (&file, m.status) {
            (Some(f), Status::Ok | Status::Limited | Status::Pending) => El::new("a")?
                .attr("href", &row.mirror.url_for(f))?
                .attr("rel", "noopener noreferrer")?
                .text(text(lang, "download")),
            _ => El::new("span")?,
        };
        tr = tr
            .child(name)?
            .child(El::new("td")?.text(&row.mirror.region))?
            .child(
                El::new("td")?
                    .class("status")
                    .text(status_words(lang, m.status)),
            )?
            .child(
                El::new("td")?.class("num").text(
                    &m.latency_ms
                        .map(|l| format!("{l:.0} ms"))
                        .unwrap_or_default(),
                ),
            )?
            .child(
                El::new("td")?
                    .class("num")
                    .text(&m.throughput_bps.map(rate_words).unwrap_or_default()),
            )?
            .child(El::new("td")?.class("note").text(&note(lang, row)))?
            .child(El::new("td")?.child(link)?)?;
        trs.push(tr.into_element());
    }
    replace_children(&by_id("mirror-rows")?, trs)?;
    recommendation(app, file.as_deref())
}

/// `#recommended`: the chosen mirror's link for the file, and why; go.dev's when nothing works.
fn recommendation(app: &App, file: Option<&str>) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("recommended")?;
    let Some(file) = file else {
        return replace_children(&el, Vec::new());
    };
    let settled = app
        .mirrors
        .iter()
        .all(|r| r.measured.status != Status::Pending);
    let Recommendation { mirror_id, why } = recommend(&figures(&app.mirrors));
    let row = mirror_id
        .as_ref()
        .and_then(|id| app.mirrors.iter().find(|r| &r.mirror.id == id));
    let (href, id, name) = match row {
        Some(r) => (
            r.mirror.url_for(file),
            r.mirror.id.clone(),
            r.mirror.name.clone(),
        ),
        None => (
            format!("{OFFICIAL_DOWNLOAD}{file}"),
            "go-dev".to_string(),
            "go.dev".to_string(),
        ),
    };
    let figures = row
        .map(|r| {
            r.measured
                .throughput_bps
                .map(rate_words)
                .or(r.measured.latency_ms.map(|l| format!("{l:.0} ms")))
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let key = match why {
        Why::Fastest => "why-fastest",
        Why::OfficialClose => "why-official-close",
        Why::LowestLatency => "why-lowest-latency",
        Why::OfficialCloseLatency => "why-official-latency",
        Why::NothingWorks => "why-nothing",
    };
    let reason = if settled {
        fill(lang, key, &[("name", &name), ("figure", &figures)])
    } else {
        text(lang, "why-measuring").to_string()
    };
    let link = El::new("a")?
        .attr("href", &href)?
        .attr("data-mirror-id", &id)?
        .attr("rel", "noopener noreferrer")?
        .text(&href);
    el.set_attribute("data-settled", if settled { "true" } else { "false" })?;
    let mut children = vec![
        El::new("p")?
            .class("recommended-link")
            .child(link)?
            .into_element(),
        El::new("p")?.text(&reason).into_element(),
    ];
    let official = app.list.releases().and_then(|r| r.by_name(file));
    if let Some(official) = official {
        let size = official
            .size_bytes
            .map(|s| crate::i18n::bytes(lang, s))
            .unwrap_or_else(|| text(lang, "pick-size-unknown").to_string());
        let details = El::new("dl")?
            .child(El::new("dt")?.text(text(lang, "pick-sha256")))?
            .child(El::new("dd")?.child(El::new("code")?.text(&official.sha256.to_hex()))?)?
            .child(El::new("dt")?.text(text(lang, "pick-size")))?
            .child(El::new("dd")?.text(&size))?;
        children.push(details.into_element());
    }
    replace_children(&el, children)?;
    commands(lang, &href, file, official.map(|f| f.sha256.to_hex()))
}

/// `#commands [data-os]`: download the recommended file and check it, for each OS.
fn commands(lang: Lang, url: &str, file: &str, sha256: Option<String>) -> Result<(), JsValue> {
    let mut blocks = Vec::new();
    if let Some(sha256) = sha256 {
        for os in crate::commands::oses() {
            let Some(command) = crate::commands::download_and_check(os, url, file, &sha256) else {
                continue;
            };
            let block = El::new("figure")?
                .attr("data-os", os)?
                .class("command")
                .child(El::new("figcaption")?.text(text(lang, &format!("cmd-{os}"))))?
                .child(El::new("pre")?.child(El::new("code")?.text(&command))?)?;
            blocks.push(block.into_element());
        }
    }
    replace_children(&by_id("commands")?, blocks)
}
