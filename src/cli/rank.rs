//! `gomirror rank`: measures every source for one official file as the page does
//! ([`super::measure`]), ranks the mirrors by the core's rule (`rank::recommend`) and prints
//! a table, the page's report (`--json`) or a link to the page with that report (`--link`).
//!
//! [`report`] turns measurements into the page's `report::Report`, filled as the page fills it
//! (`web::view::next::report`), so that `get` and the link share it; the findings are
//! `diagnosis::diagnose`'s. This module decides nothing about a source: it arranges words.

use std::io::Write;
use std::time::Duration;

use crate::diagnosis;
use crate::explain::{reason_words, status_words};
use crate::i18n::{fill, fixed, rate, text, Lang};
use crate::probe::{Measured, Stage};
use crate::rank::{recommend, Figures, Status, Why};
use crate::releases::OfficialFile;
use crate::report::{self, ChecksumSource, Report};
use crate::verdict::Kind;

use super::args::{Common, Rank};
use super::http::Client;
use super::measure::{self, Measurement, Role};
use super::shell::Shell;
use super::{inputs, Exit, Failure, Outcome, Settings};

/// Where the official files are, linked when no mirror works (as the page does).
pub const OFFICIAL_DOWNLOAD: &str = "https://go.dev/dl/";

/// The id the report gives the official link when no mirror works.
pub const OFFICIAL_ID: &str = "go-dev";

/// The longest `--budget` taken, in seconds: a run is meant to take seconds, and a figure
/// past this is a typo.
const MAX_BUDGET_S: f64 = 600.0;

/// How long a throughput request's whole call may take before ureq gives up on it (the meter
/// and the budget end a test long before; this only frees a thread left behind).
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// The budget `--budget` names, or the page's ([`measure::default_budget`]).
///
/// # Errors
///
/// A budget that is not a positive number of seconds up to 600 (exit 1).
pub fn budget(flag: Option<f64>) -> Result<Duration, Failure> {
    match flag {
        None => Ok(measure::default_budget()),
        Some(s) if s.is_finite() && s > 0.0 && s <= MAX_BUDGET_S => Ok(Duration::from_secs_f64(s)),
        Some(s) => Err(Failure::input(format!(
            "--budget {s}: not a number of seconds between 0 and {MAX_BUDGET_S}"
        ))),
    }
}

/// The client every measurement uses: the probe's per-request deadline for an answer.
pub fn client() -> Client {
    let request = crate::probe::ProbeConfig::default().request_timeout_ms;
    Client::new(Duration::from_millis(u64::from(request)), CALL_TIMEOUT)
}

/// The mirrors' figures, as the ranking and the diagnosis read them.
pub fn figures(measurements: &[Measurement]) -> Vec<Figures> {
    measurements
        .iter()
        .filter(|m| m.role == Role::Mirror)
        .map(|m| Figures {
            id: m.id.clone(),
            name: m.name.clone(),
            official: m.official,
            status: m.status,
            latency_ms: m.latency_ms,
            throughput_bps: m.throughput_bps,
            throughput_floor: m.throughput_floor,
        })
        .collect()
}

/// The page's report of a run: `browser` is `gomirror/VERSION`, `platform` this machine's
/// GOOS/GOARCH (DESIGN.md); the sources' rows, the recommendation and the diagnosis as the
/// page fills them. `verdicts` and `last_verdict` are `get`'s (none for `rank`).
pub fn report(
    file: &OfficialFile,
    checksum_source: &ChecksumSource,
    measurements: &[Measurement],
    verdicts: Vec<report::Checked>,
    last_verdict: Option<Kind>,
) -> Report {
    let (date, now) = utc_now();
    let mut checksum_source = checksum_source.clone();
    if let Some(snapshot) = &checksum_source.snapshot_date {
        checksum_source.snapshot_age_days = crate::i18n::days_between(snapshot, &date);
    }
    let rows = |role: Role| {
        measurements
            .iter()
            .filter(|m| m.role == role)
            .map(|m| report::Source {
                id: m.id.clone(),
                name: m.name.clone(),
                url: m.url.clone(),
                status: m.status.as_str().into(),
                latency_ms: m.latency_ms.map(|l| (l * 10.0).round() / 10.0),
                throughput_bps: m.throughput_bps.map(f64::round),
                reason: m.reason.as_ref().map(crate::probe::Reason::key),
                // Every answer is readable here, and its latency is request to first byte.
                cors: m.answered,
                timing_allowed: m.latency_ms.is_some(),
                redirected_to: m.redirected_to.clone(),
            })
            .collect()
    };
    let figures = figures(measurements);
    let (this_os, this_arch) = inputs::this_platform();
    Report {
        generated_at: now,
        browser: concat!("gomirror/", env!("CARGO_PKG_VERSION")).into(),
        platform: format!("{this_os}/{this_arch}"),
        checksum_source,
        mirrors: rows(Role::Mirror),
        proxies: rows(Role::Proxy),
        sumdb: rows(Role::Sumdb),
        verdicts,
        recommendation: Some(recommended(file, measurements)),
        diagnosis: diagnosis::diagnose(&figures, last_verdict)
            .iter()
            .map(|f| f.as_str().to_string())
            .collect(),
    }
}

/// The recommended download of `file`: the mirror `rank::recommend` chooses, else the
/// official link.
pub fn recommended(file: &OfficialFile, measurements: &[Measurement]) -> report::Recommendation {
    let chosen = recommend(&figures(measurements)).mirror_id.and_then(|id| {
        measurements
            .iter()
            .find(|m| m.id == id && m.role == Role::Mirror)
    });
    match chosen {
        Some(m) => report::Recommendation {
            mirror_id: m.id.clone(),
            url: m.url.clone(),
        },
        None => report::Recommendation {
            mirror_id: OFFICIAL_ID.into(),
            url: format!("{OFFICIAL_DOWNLOAD}{}", file.filename),
        },
    }
}

/// Whether any source answered at all (exit 3 when none did).
pub fn any_answered(measurements: &[Measurement]) -> bool {
    measurements.iter().any(|m| m.answered)
}

/// Runs `gomirror rank`.
pub fn run(args: &Rank, common: &Common, settings: &Settings, shell: &mut Shell) -> Outcome {
    let budget = budget(args.sources.budget)?;
    let catalog = inputs::catalog(common.catalog.as_deref())?;
    // The page the link opens: --site, else the catalog's.
    let site = args.site.clone().or_else(|| catalog.site_url.clone());
    if args.link && site.is_none() {
        return Err(Failure::input(
            "--link needs --site URL (the catalog names no site_url)",
        ));
    }
    let list = inputs::list_for(common.list.as_deref(), &catalog, &args.file, None, shell)?;
    let file = inputs::official_file(&args.file, None, &list.releases)?;
    let (this_os, this_arch) = inputs::this_platform();
    let os = args.file.os.clone().unwrap_or(this_os);
    let arch = args.file.arch.clone().unwrap_or(this_arch);
    let zip = crate::toolchain::zip_for(&list.releases, file, &os, &arch).map(|(_, z)| z);
    let targets = measure::targets_with(&catalog, file, zip.as_deref(), &args.sources.from)?;
    let probed = targets.iter().filter(|t| t.gone.is_none()).count();
    shell.status(&fill(
        settings.lang,
        "cli-rank-measuring",
        &[
            ("count", &probed.to_string()),
            ("file", &file.filename),
            ("seconds", &fixed(budget.as_secs_f64(), 0)),
        ],
    ));
    let measurements = measure::measure(&targets, file.size_bytes, budget, false, &client(), shell);
    let report = report(file, &list.source, &measurements, Vec::new(), None);
    let out = if let (true, Some(site)) = (args.link, &site) {
        super::link::url_for(&report, site)? + "\n"
    } else if settings.json {
        report.to_json() + "\n"
    } else {
        table(settings.lang, file, &measurements)
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Failure::input(format!("stdout: {e}")))?;
    if !any_answered(&measurements) {
        return Err(Failure::network(fill(
            settings.lang,
            "cli-rank-unreachable",
            &[("url", &recommended(file, &measurements).url)],
        )));
    }
    Ok(Exit::Ok)
}

/// The table for people: one section per kind of source, each row marked when recommended,
/// then the recommendation and why.
pub fn table(lang: Lang, file: &OfficialFile, measurements: &[Measurement]) -> String {
    let choice = recommend(&figures(measurements));
    let mut out = String::new();
    for (role, title) in [
        (Role::Mirror, "cli-rank-mirrors"),
        (Role::Proxy, "cli-rank-proxies"),
        (Role::Sumdb, "cli-rank-sumdb"),
    ] {
        let rows: Vec<[String; 5]> = measurements
            .iter()
            .filter(|m| m.role == role)
            .map(|m| {
                let mark = if role == Role::Mirror && choice.mirror_id.as_deref() == Some(&m.id) {
                    "*"
                } else {
                    " "
                };
                [
                    mark.to_string(),
                    format!("{} ({})", m.name, m.id),
                    m.latency_ms
                        .map(|l| format!("{} ms", fixed(l, 0)))
                        .unwrap_or_else(|| "-".into()),
                    m.throughput_bps
                        .map(|b| {
                            if m.throughput_floor {
                                format!("≥ {}", rate(b))
                            } else {
                                rate(b)
                            }
                        })
                        .unwrap_or_else(|| "-".into()),
                    say_status(lang, m),
                ]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text(lang, title));
        out.push('\n');
        let header = [
            String::new(),
            text(lang, "col-mirror").to_string(),
            text(lang, "col-latency").to_string(),
            text(lang, "col-throughput").to_string(),
            text(lang, "col-status").to_string(),
        ];
        let mut widths = [0usize; 5];
        for row in std::iter::once(&header).chain(&rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        for row in std::iter::once(&header).chain(&rows) {
            let mut line = String::new();
            for (k, cell) in row.iter().enumerate() {
                let pad = widths[k].saturating_sub(width(cell));
                // Figures right-aligned, words left.
                match k {
                    2 | 3 => line.push_str(&format!("{}{cell}", " ".repeat(pad))),
                    4 => line.push_str(cell),
                    _ => line.push_str(&format!("{cell}{}", " ".repeat(pad))),
                }
                if k < 4 {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    let chosen = recommended(file, measurements);
    let name = measurements
        .iter()
        .find(|m| m.id == chosen.mirror_id && m.role == Role::Mirror);
    let figure = name
        .map(|m| match choice.why {
            Why::Fastest | Why::OfficialClose => m.throughput_bps.map(rate).unwrap_or_default(),
            _ => m
                .latency_ms
                .map(|l| format!("{} ms", fixed(l, 0)))
                .unwrap_or_default(),
        })
        .unwrap_or_default();
    let why = match choice.why {
        Why::Fastest => "why-fastest",
        Why::OfficialClose => "why-official-close",
        Why::LowestLatency => "why-lowest-latency",
        Why::OfficialCloseLatency => "why-official-latency",
        Why::NothingWorks => "why-nothing",
    };
    let name = name.map_or("go.dev", |m| m.name.as_str());
    out.push('\n');
    out.push_str(&fill(lang, why, &[("name", name), ("figure", &figure)]));
    out.push('\n');
    out.push_str(&fill(lang, "cli-rank-recommended", &[("url", &chosen.url)]));
    out.push('\n');
    out
}

/// A row's status, or why it failed or has no figure, in words.
fn say_status(lang: Lang, m: &Measurement) -> String {
    if let Some(reason) = &m.reason {
        return reason_words(lang, reason);
    }
    let measured = Measured {
        status: m.status,
        stage: Stage::Final,
        ..Measured::default()
    };
    match m.status {
        Status::Gone => text(lang, "st-gone").to_string(),
        _ => status_words(lang, &measured).to_string(),
    }
}

/// Columns a string takes in a terminal: two for the wide CJK characters, one otherwise.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Today's date (`YYYY-MM-DD`) and now as ISO 8601 in UTC, from the system clock.
fn utc_now() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let time = format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    (date, time)
}

/// The proleptic Gregorian date of a day count from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_day_counts() {
        // Each row: days since 1970-01-01, and the date.
        let rows = [
            (0, (1970, 1, 1)),
            (59, (1970, 3, 1)),
            (11_016, (2000, 2, 29)),
            (20_794, (2026, 12, 7)),
            (-1, (1969, 12, 31)),
        ];
        for (days, want) in rows {
            assert_eq!(civil_from_days(days), want, "{days}");
        }
    }

    #[test]
    fn budgets() {
        assert_eq!(budget(None).unwrap(), measure::default_budget());
        assert_eq!(budget(Some(4.5)).unwrap(), Duration::from_millis(4500));
        for bad in [0.0, -1.0, f64::NAN, 1e9] {
            assert!(budget(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("OK"), 2);
        assert_eq!(width("阿里云"), 6);
        assert_eq!(width("≥ 1.0 MiB/s"), 11);
    }
}
