//! What to do next: `#diagnosis` from the measurements and the last verdict, with the commands
//! that confirm it; and the report of the page as it is (`report` saves or copies it).
//!
//! The findings and the report's content are the core's (`diagnosis.rs`, `report.rs`); this
//! module gathers their inputs from the page state.

use wasm_bindgen::JsValue;

use crate::commands::Os;
use crate::diagnosis::{self, host_of, Finding, Subject};
use crate::i18n::{fill, rate, text, Lang};
use crate::probe::Reason;
use crate::report::{self, Report};
use crate::verdict::Kind;

use super::super::dom::{by_id, replace_children, El};
use super::super::state::{
    chosen, effective_selection, figures, App, ListState, MirrorRow, Stage, Table,
    OFFICIAL_DOWNLOAD,
};
use super::widgets::with_commands;

/// The newest settled verdict that says something about a file (not a cancelled check), with
/// the name of the file it was.
fn last_verdict(app: &App) -> Option<Last> {
    app.checks.iter().rev().find_map(|c| match &c.stage {
        Stage::Done(v) if v.kind != Kind::Cancelled => Some(Last {
            kind: v.kind,
            name: c.name.clone(),
            intended: v.intended.as_ref().map(|f| f.filename.clone()),
            sha256: v.expected_sha256.as_ref().map(|d| d.to_hex()),
        }),
        _ => None,
    })
}

/// The newest verdict, as the diagnosis needs it.
struct Last {
    kind: Kind,
    /// The file's name as checked.
    name: String,
    /// The official file its name means.
    intended: Option<String>,
    /// The checksum it was judged against.
    sha256: Option<String>,
}

/// The findings for the page as it is now.
fn findings(app: &App) -> Vec<Finding> {
    diagnosis::diagnose(
        &figures(app.lang, app.rows(Table::Mirrors)),
        last_verdict(app).map(|l| l.kind),
    )
}

/// Draws `#diagnosis`.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("diagnosis")?;
    let findings = findings(app);
    let names: Vec<&str> = findings.iter().map(|f| f.as_str()).collect();
    el.set_attribute("data-diagnosis", &names.join(" "))?;
    if findings.is_empty() {
        return replace_children(
            &el,
            vec![El::new("p").text(text(lang, "dx-measuring")).into_element()],
        );
    }
    let file = app
        .probe_targets()
        .map(|t| t.file().0.to_string())
        .unwrap_or_default();
    let recommended = chosen(app, &file);
    // The host to test: the first official source (what the visitor tried first), else the
    // first in the catalog.
    let probed = || app.mirrors.iter().filter(|r| r.mirror.gone.is_none());
    let first = probed()
        .find(|r| r.mirror.official)
        .or_else(|| probed().next());
    let host = first
        .map(|r| host_of(&r.mirror.url).to_string())
        .unwrap_or_else(|| "go.dev".into());
    let last = last_verdict(app);
    let mut blocks = Vec::new();
    for finding in &findings {
        let (title, sentence) = words(lang, *finding, app, &host, last.as_ref());
        let mut block = El::new("div")
            .class(if *finding == Finding::Ok {
                "finding ok"
            } else {
                "finding"
            })
            .attr("data-finding", finding.as_str())
            .child(El::new("h3").text(&title))
            .child(El::new("p").text(&sentence));
        // A bad file's commands are about that file, downloaded again from the recommended
        // source under its official name.
        let subject = match (finding, &last) {
            (Finding::BadFile(_), Some(last)) => {
                let official = last.intended.clone().unwrap_or_else(|| file.clone());
                Subject {
                    host: host.clone(),
                    url: chosen(app, &official).href,
                    file: last.name.clone(),
                    sha256: last.sha256.clone().unwrap_or_default(),
                }
            }
            _ => Subject {
                host: host.clone(),
                url: recommended.href.clone(),
                file: file.clone(),
                sha256: String::new(),
            },
        };
        let commands: Vec<(Os, String)> = Os::ALL
            .into_iter()
            .filter_map(|os| Some((os, diagnosis::commands(lang, *finding, os, &subject)?)))
            .collect();
        block = with_commands(lang, app.chosen_os(), block, &commands)?;
        blocks.push(block.into_element());
    }
    // Mirrors that lag behind: not a finding of the contract's set, a block of its own.
    let stale = stale_mirrors(app.rows(Table::Mirrors));
    if let Some(first) = stale.first() {
        let names: Vec<&str> = stale.iter().map(|r| r.mirror.name_in(lang)).collect();
        let sentence = fill(lang, "dx-stale", &[("mirrors", &names.join(", "))]);
        let official = probed()
            .find(|r| r.mirror.official)
            .map(|r| r.mirror.url_for(&file))
            .unwrap_or_else(|| format!("{OFFICIAL_DOWNLOAD}{file}"));
        let url = first.mirror.url_for(&file);
        let commands: Vec<(Os, String)> = Os::ALL
            .map(|os| (os, diagnosis::stale_commands(lang, os, &url, &official)))
            .into();
        let block = El::new("div")
            .class("finding stale")
            .attr("data-finding", "stale")
            .child(El::new("h3").text(text(lang, "dx-stale-title")))
            .child(El::new("p").text(&sentence));
        blocks.push(with_commands(lang, app.chosen_os(), block, &commands)?.into_element());
    }
    replace_children(&el, blocks)
}

/// The mirrors that lag behind or are broken for this file (`diagnosis::is_stale`).
fn stale_mirrors(rows: &[MirrorRow]) -> Vec<&MirrorRow> {
    rows.iter()
        .filter(|r| crate::diagnosis::is_stale(r.mirror.official, r.measured.reason.as_ref()))
        .collect()
}

/// A finding's title and sentence.
fn words(
    lang: Lang,
    finding: Finding,
    app: &App,
    host: &str,
    last: Option<&Last>,
) -> (String, String) {
    let title = |key: &str| text(lang, key).to_string();
    match finding {
        Finding::AllUnreachable => (
            title("dx-all-unreachable"),
            fill(lang, "dx-all-unreachable-text", &[("host", host)]),
        ),
        Finding::OfficialUnreachable => (
            title("dx-official-unreachable"),
            fill(lang, "dx-official-unreachable-text", &[("host", host)]),
        ),
        Finding::Slow => {
            let figures = figures(lang, app.rows(Table::Mirrors));
            let best = crate::diagnosis::best(&figures);
            let best = best
                .bps
                .map(rate)
                .or_else(|| {
                    best.latency_ms
                        .map(|l| format!("{} ms", crate::i18n::fixed(l, 0)))
                })
                .unwrap_or_default();
            (
                title("dx-slow"),
                fill(lang, "dx-slow-text", &[("figure", &best)]),
            )
        }
        Finding::BadFile(kind) => {
            let key = match kind {
                Kind::Truncated => "dx-bad-truncated",
                Kind::Html => "dx-bad-html",
                Kind::Decompressed => "dx-bad-decompressed",
                Kind::DoubleGzip => "dx-bad-double-gzip",
                Kind::WrongFile => "dx-bad-wrong-file",
                _ => "dx-bad-other",
            };
            let file = last.map(|l| l.name.as_str()).unwrap_or_default();
            (title("dx-bad-file"), fill(lang, key, &[("file", file)]))
        }
        Finding::Ok => (title("dx-ok"), title("dx-ok-text")),
    }
}

/// The report of the page as it is now.
pub(crate) fn report(app: &App) -> Report {
    let selection = effective_selection(app);
    let targets = app.probe_targets();
    let file = targets.as_ref().map(|t| t.file().0.to_string());
    let now: String = js_sys::Date::new_0().to_iso_string().into();
    let checksum_source = match &app.list {
        ListState::Live { url, .. } => report::ChecksumSource {
            source: "live".into(),
            url: Some(url.clone()),
            ..Default::default()
        },
        ListState::Snapshot { date, source, .. } => report::ChecksumSource {
            source: "snapshot".into(),
            url: Some(source.clone()),
            snapshot_date: Some(date.clone()),
            snapshot_age_days: crate::i18n::days_between(date, &now[..now.len().min(10)]),
        },
        _ => report::ChecksumSource {
            source: "none".into(),
            ..Default::default()
        },
    };
    let sources = |table: Table, file: Option<String>| {
        app.rows(table)
            .iter()
            .map(|r| {
                let m = &r.measured;
                report::Source {
                    id: r.mirror.id.clone(),
                    name: r.mirror.name.clone(),
                    url: file
                        .as_deref()
                        .map_or_else(|| r.mirror.url.clone(), |f| r.mirror.url_for(f)),
                    status: m.status.as_str().into(),
                    latency_ms: m.latency_ms.map(|l| (l * 10.0).round() / 10.0),
                    throughput_bps: m.throughput_bps.map(f64::round),
                    reason: m.reason.as_ref().map(Reason::key),
                    cors: m.cors,
                    timing_allowed: m.timing_allowed,
                    redirected_to: m.redirected_to.clone(),
                }
            })
            .collect()
    };
    let zip = targets
        .as_ref()
        .and_then(|t| t.toolchain_zip())
        .map(str::to_string);
    let verdicts = app
        .checks
        .iter()
        .map(|c| {
            let (verdict, expected, source) = match &c.stage {
                Stage::Done(v) => (
                    v.kind.as_str().to_string(),
                    v.expected_sha256.map(|d| d.to_hex()),
                    v.source.as_str().to_string(),
                ),
                _ => ("pending".into(), None, "none".into()),
            };
            let unfinished = matches!(&c.stage, Stage::Done(v) if matches!(v.kind, Kind::Error | Kind::Cancelled));
            report::Checked {
                file: c.name.clone(),
                size_bytes: c.size_bytes,
                sha256: c
                    .hashed
                    .as_ref()
                    .filter(|_| !unfinished)
                    .map(|h| h.sha256.to_hex()),
                verdict,
                expected_sha256: expected,
                source,
            }
        })
        .collect();
    let recommendation = file.as_deref().map(|f| {
        let c = chosen(app, f);
        report::Recommendation {
            mirror_id: c.id,
            url: c.href,
        }
    });
    Report {
        generated_at: now,
        browser: web_sys::window()
            .and_then(|w| w.navigator().user_agent().ok())
            .unwrap_or_default(),
        platform: format!("{}/{}", selection.os, selection.arch),
        checksum_source,
        mirrors: sources(Table::Mirrors, file),
        proxies: sources(Table::Proxies, zip),
        sumdb: sources(Table::Sumdb, None),
        verdicts,
        recommendation,
        diagnosis: findings(app)
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
    }
}
