//! The mirror and module-proxy tables: one row per source, each probed concurrently under one
//! time budget, filled in live, sortable, with a chart and one recommended link.
//!
//! Requests and timings are `probe`'s; figures, order and the choice are the core's (`rank.rs`,
//! `compare.rs`, `toolchain.rs`); this module runs the probes, keeps their results in `App`,
//! and draws `#mirror-table`, `#mirror-chart`, `#recommended`, `#commands`, `#proxy-table` and
//! `#proxy-advice` with the contract's attributes.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement, Storage};

use crate::catalog::{check_template, Catalog, Mirror};
use crate::compare::{chart, order, Bar, Sort, SortKey};
use crate::i18n::{fill, rate, text, Lang};
use crate::rank::{recommend, Figures, Recommendation, Status, Why};
use crate::toolchain;

use super::app::{listen, report_error, with_app, App};
use super::dom::{by_id, by_id_as, replace_children, set_text, El};
use super::render::effective_selection;
use crate::probe::{Measured, Stage};

/// Where official files are when nothing else works (DESIGN.md: `#recommended` still links it).
pub(crate) const OFFICIAL_DOWNLOAD: &str = "https://go.dev/dl/";

/// Where the visitor's own mirrors are kept in the browser.
const CUSTOM_KEY: &str = "gomirror.custom-mirrors";

/// The tables of sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Table {
    /// Download mirrors of the official files (`#mirror-table`).
    Mirrors,
    /// Module proxies serving toolchain zips (`#proxy-table`).
    Proxies,
    /// Hosts of the checksum database and the proxies' `supported` (`#sumdb-table`): latency
    /// only, drawn by `sumdb`.
    Sumdb,
}

impl Table {
    /// The tables whose sources get a throughput test, sortable and charted.
    pub(crate) const BOTH: [Table; 2] = [Table::Mirrors, Table::Proxies];
    /// Every table a run measures.
    pub(crate) const ALL: [Table; 3] = [Table::Mirrors, Table::Proxies, Table::Sumdb];

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn table_id(self) -> &'static str {
        match self {
            Table::Mirrors => "mirror-table",
            Table::Proxies => "proxy-table",
            Table::Sumdb => "sumdb-table",
        }
    }

    pub(crate) fn rows_id(self) -> &'static str {
        match self {
            Table::Mirrors => "mirror-rows",
            Table::Proxies => "proxy-rows",
            Table::Sumdb => "sumdb-rows",
        }
    }

    pub(crate) fn id_attribute(self) -> &'static str {
        match self {
            Table::Mirrors => "data-mirror-id",
            Table::Proxies => "data-proxy-id",
            Table::Sumdb => "data-sumdb-id",
        }
    }
}

/// One row of a table.
#[derive(Clone, Debug)]
pub(crate) struct MirrorRow {
    pub(crate) mirror: Mirror,
    /// Added by the visitor.
    pub(crate) custom: bool,
    pub(crate) measured: Measured,
}

/// The rows for a catalog: its mirrors followed by the visitor's own kept in this browser, its
/// module proxies, and the checksum database's rows (`sumdb::rows`).
pub(crate) fn rows(catalog: &Catalog) -> [Vec<MirrorRow>; 3] {
    let row = |mirror: Mirror| MirrorRow {
        measured: gone_or_pending(&mirror),
        mirror,
        custom: false,
    };
    let mut mirrors: Vec<MirrorRow> = catalog.mirrors.iter().cloned().map(row).collect();
    for (i, url) in stored_custom().into_iter().enumerate() {
        mirrors.push(custom_row(i, url));
    }
    let proxies = catalog
        .module_proxies
        .iter()
        .map(|p| row(p.as_mirror()))
        .collect();
    [mirrors, proxies, super::sumdb::rows(catalog)]
}

/// A row's state before its run: `gone` (never probed) when the catalog says so.
pub(crate) fn gone_or_pending(m: &Mirror) -> Measured {
    match m.gone {
        Some(_) => Measured {
            status: Status::Gone,
            stage: Stage::Final,
            ..Measured::default()
        },
        None => Measured::default(),
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
            zh: Default::default(),
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
    let list = js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_default();
    list.iter()
        .filter_map(|url| url.as_string())
        .filter(|url| check_template(url).is_ok())
        .take(20)
        .collect()
}

/// The element an event happened on, if it is an element.
fn target_of(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// Wires `#rerun`, the add-mirror form and the sortable headers.
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
    let document = super::dom::document()?;
    listen(&document, "click", |event| {
        let button = target_of(&event).and_then(|t| t.closest("button[data-copy]").ok().flatten());
        if let Some(button) = button {
            spawn_local(copy(button));
        }
    })?;
    for table in Table::BOTH {
        listen(&by_id(table.table_id())?, "click", move |event| {
            let key = target_of(&event)
                .and_then(|t| t.closest("button[data-sort-key]").ok().flatten())
                .and_then(|b| b.get_attribute("data-sort-key"))
                .and_then(|k| SortKey::from_name(&k));
            if let Some(key) = key {
                let _ = with_app(|app| {
                    let sort = &mut app.sorts[table.index()];
                    *sort = Some(Sort::clicked(*sort, key));
                    render(app)
                });
            }
        })?;
    }
    Ok(())
}

/// Copies a `[data-copy]` button's value to the clipboard and says so on the button
/// (`data-copied`); where the browser refuses, selects the text beside it for Ctrl+C instead.
async fn copy(button: Element) {
    let Some(value) = button.get_attribute("data-copy") else {
        return;
    };
    let lang = with_app(|app| app.lang).unwrap_or_default();
    let copied = match web_sys::window().map(|w| w.navigator().clipboard()) {
        Some(clipboard) => wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&value))
            .await
            .is_ok(),
        None => false,
    };
    let _ = button.set_attribute("data-copied", if copied { "true" } else { "false" });
    button.set_text_content(Some(text(
        lang,
        if copied { "copied" } else { "copy-select" },
    )));
    if !copied {
        select_beside(&button);
    }
}

/// Selects the code next to a copy button, so that the visitor can copy it by hand.
fn select_beside(button: &Element) {
    let code = button
        .closest("figure, dd")
        .ok()
        .flatten()
        .and_then(|scope| scope.query_selector("code").ok().flatten());
    let (Some(code), Some(window)) = (code, web_sys::window()) else {
        return;
    };
    if let (Ok(Some(selection)), Ok(range)) = (
        window.get_selection(),
        super::dom::document().and_then(|d| d.create_range()),
    ) {
        let _ = range.select_node_contents(&code);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}

/// What the probes of one run fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Targets {
    /// The recommended official file and its official size.
    file: String,
    size_bytes: Option<u64>,
    /// The toolchain release and zip the proxies serve, when there is one.
    toolchain: Option<(String, String)>,
}

impl Targets {
    /// The recommended official file and its official size.
    pub(crate) fn file(&self) -> (&str, Option<u64>) {
        (&self.file, self.size_bytes)
    }

    /// The toolchain zip the proxies serve, when there is one.
    pub(crate) fn toolchain_zip(&self) -> Option<&str> {
        self.toolchain.as_ref().map(|(_, zip)| zip.as_str())
    }
}

impl App {
    /// What the probes fetch for the current selection.
    pub(crate) fn probe_targets(&self) -> Option<Targets> {
        let selection = effective_selection(self);
        let releases = self.list.releases()?;
        let file = releases.pick(&selection)?;
        // The toolchain of the chosen file's platform; a source file has none of its own.
        let (os, arch) = if file.os.is_empty() {
            (selection.os.as_str(), selection.arch.as_str())
        } else {
            (file.os.as_str(), file.arch.as_str())
        };
        let zip = |version: &str| {
            toolchain::module_file(version, os, arch).map(|z| (version.to_string(), z))
        };
        // Releases before Go 1.21 exist as no module: the newest stable one does.
        let toolchain = zip(&file.version).or_else(|| {
            let newest = releases.releases().iter().find(|r| r.stable)?;
            zip(&newest.version)
        });
        Some(Targets {
            file: file.filename.clone(),
            size_bytes: file.size_bytes,
            toolchain,
        })
    }

    pub(crate) fn rows_mut(&mut self, table: Table) -> &mut Vec<MirrorRow> {
        match table {
            Table::Mirrors => &mut self.mirrors,
            Table::Proxies => &mut self.proxies,
            Table::Sumdb => &mut self.sumdb,
        }
    }

    pub(crate) fn rows(&self, table: Table) -> &[MirrorRow] {
        match table {
            Table::Mirrors => &self.mirrors,
            Table::Proxies => &self.proxies,
            Table::Sumdb => &self.sumdb,
        }
    }

    /// Probes what the selection needs again, if that changed (another version, platform or
    /// kind means another file on every mirror); else only redraws.
    pub(crate) fn selection_changed(&mut self) {
        if self.probe_targets() != self.probed {
            self.start_probes();
        } else if let Err(e) = render(self) {
            report_error(&e);
        }
    }

    /// Adds the visitor's mirror, keeps it in this browser and probes it; `false` when the
    /// template is refused (the page says why).
    fn add_custom(&mut self, url: &str) -> Result<bool, JsValue> {
        if let Err(problem) = check_template(url).map_err(|p| p.key()) {
            set_text(
                "add-mirror-status",
                &fill(
                    self.lang,
                    "add-bad",
                    &[("problem", text(self.lang, problem))],
                ),
            )?;
            return Ok(false);
        }
        let mut stored = stored_custom();
        if !stored.iter().any(|u| u == url) {
            stored.push(url.to_string());
        }
        let list: js_sys::Array = stored.iter().map(|u| JsValue::from_str(u)).collect();
        if let (Some(s), Ok(json)) = (storage(), js_sys::JSON::stringify(&list)) {
            let _ = s.set_item(CUSTOM_KEY, &String::from(json));
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

pub(crate) fn figures(lang: Lang, rows: &[MirrorRow]) -> Vec<Figures> {
    rows.iter()
        .map(|r| Figures {
            id: r.mirror.id.clone(),
            name: r.mirror.name_in(lang).to_string(),
            official: r.mirror.official,
            status: r.measured.status,
            latency_ms: r.measured.latency_ms,
            throughput_bps: r.measured.throughput_bps,
        })
        .collect()
}

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
    let file = targets.as_ref().map(|t| t.file.as_str());
    let zip = targets
        .as_ref()
        .and_then(|t| t.toolchain.as_ref())
        .map(|(_, zip)| zip.as_str());
    draw_table(app, Table::Mirrors, file)?;
    draw_table(app, Table::Proxies, zip)?;
    draw_progress(app)?;
    let recommended = recommendation(app, file)?;
    draw_chart(app, recommended.as_deref())?;
    proxy_advice(app, targets.as_ref().and_then(|t| t.toolchain.as_ref()))?;
    super::sumdb::render(app)?;
    super::install::render(app)?;
    super::private_cache::render(app)?;
    super::next::render(app)?;
    // Its wording follows the official hosts' state.
    super::paste::render(app)
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
        if table == Table::Mirrors && super::download::offered(m.status) {
            cell = cell.child(super::download::button(
                text(lang, "fetch-verify-short"),
                &row.mirror.id,
            )?);
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
    if row.is_some_and(|r| super::download::offered(r.measured.status)) {
        children.push(
            El::new("p")
                .child(super::download::button(text(lang, "fetch-verify"), &id)?)
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
    let blocks = crate::commands::oses()
        .filter_map(|os| {
            let command =
                crate::commands::download_and_check(lang, os, &href, file, sha256.as_deref()?)?;
            Some((os, command))
        })
        .collect::<Vec<_>>();
    draw_commands(lang, &by_id("commands")?, &blocks, app.chosen_os())?;
    Ok(mirror_id)
}

/// The recommended download of `file`.
pub(crate) struct Chosen<'a> {
    /// The mirror's row; `None` when nothing works and go.dev is linked anyway.
    pub(crate) row: Option<&'a MirrorRow>,
    pub(crate) why: Why,
    pub(crate) href: String,
    pub(crate) id: String,
    pub(crate) name: String,
}

/// The mirror to download `file` from, by the core's rule.
pub(crate) fn chosen<'a>(app: &'a App, file: &str) -> Chosen<'a> {
    let Recommendation { mirror_id, why } = recommend(&figures(app.lang, &app.mirrors));
    let row = mirror_id
        .as_ref()
        .and_then(|id| app.mirrors.iter().find(|r| &r.mirror.id == id));
    let (href, id, name) = match row {
        Some(r) => (
            r.mirror.url_for(file),
            r.mirror.id.clone(),
            r.mirror.name_in(app.lang).to_string(),
        ),
        None => (
            format!("{OFFICIAL_DOWNLOAD}{file}"),
            "go-dev".to_string(),
            "go.dev".to_string(),
        ),
    };
    Chosen {
        row,
        why,
        href,
        id,
        name,
    }
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

/// A button that copies `value` to the clipboard (`app::copy` handles every such button).
fn copy_button(lang: Lang, value: &str) -> El {
    El::new("button")
        .attr("type", "button")
        .class("copy")
        .attr("data-copy", value)
        .text(text(lang, "copy"))
}

/// One `figure[data-os]` per OS with its commands and a copy button; `first`'s first (on a
/// phone the blocks stack, and the visitor's own should not come third), then the others in
/// the page's order.
pub(crate) fn draw_commands(
    lang: Lang,
    parent: &Element,
    blocks: &[(&str, String)],
    first: &str,
) -> Result<(), JsValue> {
    let mut figures = Vec::new();
    let (chosen, others) = (
        blocks.iter().filter(|(os, _)| *os == first),
        blocks.iter().filter(|(os, _)| *os != first),
    );
    for (os, command) in chosen.chain(others) {
        let figure = El::new("figure")
            .attr("data-os", os)
            .class("command")
            .child(
                El::new("figcaption")
                    .text(text(lang, &format!("cmd-{os}")))
                    .child(copy_button(lang, command)),
            )
            .child(El::new("pre").child(El::new("code").text(command)));
        figures.push(figure.into_element());
    }
    replace_children(parent, figures)
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
    let blocks = crate::commands::oses()
        .filter_map(|os| Some((os, toolchain::commands(lang, os, &proxy.url, version)?)))
        .collect::<Vec<_>>();
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
        super::dom::set_hidden(&el, true)?;
        return replace_children(&el, Vec::new());
    }
    super::dom::set_hidden(&el, false)?;
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
