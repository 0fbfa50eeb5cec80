//! Measuring sources from the command line, as the page does (`web::measure`, `web::probe`):
//! latency for every source at once, then each source's own throughput one at a time on the
//! real archive (a ranged GET, `Accept-Encoding: identity`) with the core's meter
//! (`throughput::Meter`), within the page's budgets; what an answer means is the core's
//! (`probe::Expected::judge_encoded`, `probe::judge_end`), the order of the tests too
//! (`probe::next_test`), the ranking `rank::recommend`'s.
//!
//! What differs from the page is only what a browser hides: every answer is readable here, so
//! every source gets the full measurement (never `limited`), and a `Content-Encoding` or a body
//! that breaks off is seen and named (`encoded`, `cut`) where a browser would decode it or call
//! it stalled. Latency is request-to-first-byte on a warm connection, as the page's Resource
//! Timing figure is where the source allows it.
//!
//! Every wait has a deadline: requests run on threads of their own and are waited for on a
//! channel, so a source that hangs costs its deadline and no more; a thread left behind ends
//! with the client's own timeouts.
//!
//! This module runs a measurement across sources (targets, budgets, order, rows); the requests
//! of one source, and their deadlines, are `probe.rs`'s.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::catalog::{Catalog, SUMDB_SUPPORTED};
use crate::probe::{next_test, Expected, ProbeConfig, Reason, Waiting};
use crate::rank::Status;
use crate::releases::OfficialFile;
use crate::throughput::Outcome;

use super::http::Client;
use super::probe::{latency, throughput, Latency, Run, Tested};
use super::shell::Shell;

/// What kind of source was measured (the report's `mirrors`, `proxies`, `sumdb`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A download mirror (its URL serves the official file).
    Mirror,
    /// A module proxy (its URL serves the toolchain zip).
    Proxy,
    /// A way to the checksum database (latency only).
    Sumdb,
}

/// The bytes a throughput test read, kept so that `get` does not fetch them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// Offset of the first byte in the file.
    pub start: u64,
    /// The bytes, as received.
    pub bytes: Vec<u8>,
}

/// Everything measured of one source.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// Catalog id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The URL measured.
    pub url: String,
    /// Mirror, proxy or checksum database.
    pub role: Role,
    /// Run by the Go team.
    pub official: bool,
    /// `ok`, `failed`, `timeout`, `gone` (never `pending` once measured; `limited` is the
    /// page's alone: the command reads every answer).
    pub status: Status,
    /// Why it failed, or `not-measured`.
    pub reason: Option<Reason>,
    /// Median latency, milliseconds.
    pub latency_ms: Option<f64>,
    /// The meter's figure, bytes per second.
    pub throughput_bps: Option<f64>,
    /// Whether the figure is a floor (the cap or the file's end came first).
    pub throughput_floor: bool,
    /// The file's size as the source says it (`Content-Range` total).
    pub total_bytes: Option<u64>,
    /// Where the file URL redirected to.
    pub redirected_to: Option<String>,
    /// The bytes its throughput test read (mirrors only).
    pub kept: Option<Kept>,
    /// Whether the source answered at all (an HTTP answer, whatever it said): what tells a
    /// network that reaches nothing from sources that answer wrongly.
    pub answered: bool,
}

/// A source to measure: a catalog entry with the URL of the file on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Catalog id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The URL to measure: the official file on a mirror, the toolchain zip on a proxy, the
    /// database's `latest` or a proxy's `supported`.
    pub url: String,
    /// Mirror, proxy or checksum database.
    pub role: Role,
    /// Run by the Go team.
    pub official: bool,
    /// The catalog's `gone`: listed, never probed.
    pub gone: Option<String>,
}

/// The ids of the rows for a module proxy's `sumdb/sum.golang.org/supported` (DESIGN.md:
/// `proxy-ID`, as `#sumdb-table` names them).
pub const PROXY_PREFIX: &str = "proxy-";

/// Why a module proxy is listed and not probed: no toolchain module exists for the file.
const NO_TOOLCHAIN: &str = "no toolchain module for this file";

/// The whole run's budget by default: the page's, whose mirror table settles by
/// `mirror_budget_ms` and proxy table by `proxy_budget_ms` from the start.
///
/// A single budget `B` (`--budget`) keeps the page's proportions: the mirrors' (and the
/// checksum database's) part ends at `B × mirror_budget_ms / proxy_budget_ms`, the proxies' at
/// `B`. With the default (23 s) that is the page's 13 s and 23 s exactly, so the command and
/// the page measure the same sources and leave the same ones `not-measured`; a run with
/// mirrors only (eleven of them, say) is over by 13 s.
pub fn default_budget() -> Duration {
    Duration::from_millis(u64::from(ProbeConfig::default().proxy_budget_ms))
}

/// The mirrors' part of `budget` (see [`default_budget`]).
pub fn mirror_budget(budget: Duration) -> Duration {
    let c = ProbeConfig::default();
    budget.mul_f64(f64::from(c.mirror_budget_ms) / f64::from(c.proxy_budget_ms))
}

/// Every source of `catalog` for `file` (mirrors, module proxies, checksum databases), or only
/// those whose ids `from` names.
///
/// # Errors
///
/// An id in `from` that the catalog does not have (exit 1), with the nearest ids.
pub fn targets(
    catalog: &Catalog,
    file: &OfficialFile,
    from: &[String],
) -> Result<Vec<Target>, super::Failure> {
    let zip = crate::toolchain::module_file(&file.version, &file.os, &file.arch);
    targets_with(catalog, file, zip.as_deref(), from)
}

/// As [`targets`], with the toolchain zip the module proxies are measured on given
/// (`toolchain::zip_for`: the newest stable release's for a file older than Go 1.21, as the
/// page does); a proxy is listed as gone when there is none.
///
/// # Errors
///
/// As [`targets`].
pub fn targets_with(
    catalog: &Catalog,
    file: &OfficialFile,
    zip: Option<&str>,
    from: &[String],
) -> Result<Vec<Target>, super::Failure> {
    let mut all: Vec<Target> = catalog
        .mirrors
        .iter()
        .map(|m| Target {
            id: m.id.clone(),
            name: m.name.clone(),
            url: m.url_for(&file.filename),
            role: Role::Mirror,
            official: m.official,
            gone: m.gone.clone(),
        })
        .collect();
    all.extend(catalog.module_proxies.iter().map(|p| {
        let m = p.as_mirror();
        Target {
            id: m.id.clone(),
            name: m.name.clone(),
            url: zip.map_or_else(|| m.url.clone(), |z| m.url_for(z)),
            role: Role::Proxy,
            official: m.official,
            gone: zip.is_none().then(|| NO_TOOLCHAIN.to_string()),
        }
    }));
    // The checksum database's rows as `#sumdb-table` has them: its hosts, then every proxy's
    // `supported`.
    all.extend(catalog.checksum_databases.iter().map(|d| Target {
        id: d.id.clone(),
        name: d.name.clone(),
        url: d.latest_url(),
        role: Role::Sumdb,
        official: true,
        gone: None,
    }));
    all.extend(catalog.module_proxies.iter().map(|p| Target {
        id: format!("{PROXY_PREFIX}{}", p.id),
        name: p.name.clone(),
        url: format!("{}{SUMDB_SUPPORTED}", p.url),
        role: Role::Sumdb,
        official: p.official,
        gone: None,
    }));
    if from.is_empty() {
        return Ok(all);
    }
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    for id in from {
        if !ids.contains(&id.as_str()) {
            return Err(super::Failure::input(format!(
                "unknown source {id:?}; nearest: {}",
                super::inputs::nearest(id, &ids).join(", ")
            )));
        }
    }
    Ok(all.into_iter().filter(|t| from.contains(&t.id)).collect())
}

/// Where a source is in the run (the page's `probe::Stage`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Latency,
    Queued,
    Final,
}

/// One row of the run.
struct Row {
    m: Measurement,
    stage: Stage,
    expected: Expected,
    deadline: Instant,
}

/// Measures `targets`: latency for all at once, then throughput one at a time (mirrors by
/// latency, then proxies) within `budget` (the mirrors' part: [`mirror_budget`]). With `keep`,
/// each mirror's throughput test keeps its bytes ([`Measurement::kept`]) for `get`.
pub fn measure(
    targets: &[Target],
    official_bytes: Option<u64>,
    budget: Duration,
    keep: bool,
    client: &Client,
    shell: &Shell,
) -> Vec<Measurement> {
    let config = ProbeConfig::default();
    let epoch = Instant::now();
    let (mirrors_end, proxies_end) = (epoch + mirror_budget(budget), epoch + budget);
    let mut rows: Vec<Row> = targets
        .iter()
        .map(|t| Row {
            m: Measurement {
                id: t.id.clone(),
                name: t.name.clone(),
                url: t.url.clone(),
                role: t.role,
                official: t.official,
                status: if t.gone.is_some() {
                    Status::Gone
                } else {
                    Status::Pending
                },
                reason: None,
                latency_ms: None,
                throughput_bps: None,
                throughput_floor: false,
                total_bytes: None,
                redirected_to: None,
                kept: None,
                answered: false,
            },
            stage: if t.gone.is_some() {
                Stage::Final
            } else {
                Stage::Latency
            },
            expected: match t.role {
                Role::Mirror => Expected::File(official_bytes),
                // The toolchain zip's SHA-256 is in no official list and its size is unknown.
                Role::Proxy => Expected::File(None),
                Role::Sumdb => Expected::Text,
            },
            deadline: match t.role {
                Role::Mirror | Role::Sumdb => mirrors_end,
                Role::Proxy => proxies_end,
            },
        })
        .collect();
    let (tx, results) = mpsc::channel();
    for (i, row) in rows.iter().enumerate() {
        if row.stage != Stage::Latency {
            continue;
        }
        let (tx, client, config) = (tx.clone(), client.clone(), config.clone());
        let (url, expected, deadline) = (row.m.url.clone(), row.expected, row.deadline);
        std::thread::spawn(move || {
            let _ = tx.send((i, latency(&client, &url, expected, &config, deadline)));
        });
    }
    drop(tx);
    let apply = |rows: &mut Vec<Row>, (i, l): (usize, Latency)| {
        let row: &mut Row = &mut rows[i];
        let m = &mut row.m;
        m.latency_ms = l.latency_ms;
        m.total_bytes = l.total_bytes;
        m.redirected_to = l.redirected_to;
        m.answered = l.answered;
        m.reason = l.reason;
        if l.status == Status::Pending {
            // Readable and timed: a throughput test next; the checksum database gets no more.
            if m.role == Role::Sumdb {
                m.status = Status::Ok;
                row.stage = Stage::Final;
            } else {
                row.stage = Stage::Queued;
            }
        } else {
            m.status = l.status;
            row.stage = Stage::Final;
        }
    };
    loop {
        while let Ok(result) = results.try_recv() {
            apply(&mut rows, result);
        }
        let queued: Vec<usize> = (0..rows.len())
            .filter(|&i| rows[i].stage == Stage::Queued)
            .collect();
        let waiting: Vec<Waiting> = queued
            .iter()
            .map(|&i| Waiting {
                proxy: rows[i].m.role == Role::Proxy,
                latency_ms: rows[i].m.latency_ms.unwrap_or(f64::MAX),
            })
            .collect();
        let latency_pending = |rows: &[Row], role: Option<Role>| {
            rows.iter()
                .any(|r| r.stage == Stage::Latency && role.is_none_or(|x| r.m.role == x))
        };
        let mirrors_pending = latency_pending(&rows, Some(Role::Mirror));
        if let Some(next) = next_test(&waiting, mirrors_pending) {
            let row = &mut rows[queued[next]];
            let left = row.deadline.saturating_duration_since(Instant::now());
            if left < Duration::from_millis(u64::from(config.min_test_ms)) {
                // The budget ran out before this source's turn: ranked by latency.
                row.m.status = Status::Ok;
                row.m.reason = Some(Reason::NotMeasured);
                row.stage = Stage::Final;
                continue;
            }
            let bar = shell.bytes_bar(Some(config.meter.max_bytes), &row.m.id);
            let run = Run {
                client,
                config: &config,
                epoch,
            };
            let tested = throughput(
                &run,
                &row.m.url,
                row.expected,
                row.deadline,
                keep && row.m.role == Role::Mirror,
                &bar,
            );
            bar.finish_and_clear();
            on_tested(&mut row.m, tested);
            row.stage = Stage::Final;
            std::thread::sleep(Duration::from_millis(u64::from(config.rest_ms)));
            continue;
        }
        if !latency_pending(&rows, None) {
            break;
        }
        // Wait for the next latency, at most until the first pending row's deadline.
        let until = rows
            .iter()
            .filter(|r| r.stage == Stage::Latency)
            .map(|r| r.deadline)
            .min()
            .unwrap_or(epoch);
        match results.recv_timeout(until.saturating_duration_since(Instant::now())) {
            Ok(result) => apply(&mut rows, result),
            Err(e) => {
                // Not known by its deadline (or its thread is gone): no answer in time.
                let gone = e == mpsc::RecvTimeoutError::Disconnected;
                let now = Instant::now();
                for row in rows.iter_mut().filter(|r| r.stage == Stage::Latency) {
                    if gone || row.deadline <= now {
                        row.m.status = Status::Timeout;
                        row.m.reason = Some(Reason::Timeout);
                        row.stage = Stage::Final;
                    }
                }
            }
        }
    }
    rows.into_iter().map(|r| r.m).collect()
}

/// A throughput test's figures into the row, as the page's `on_tested`.
fn on_tested(m: &mut Measurement, tested: Tested) {
    m.status = Status::Ok;
    match tested.outcome {
        Err(reason) => {
            m.status = Status::Failed;
            m.reason = Some(reason);
        }
        Ok(Outcome::Rate { bps }) => m.throughput_bps = Some(bps),
        Ok(Outcome::AtLeast { bps }) => {
            m.throughput_bps = Some(bps);
            m.throughput_floor = true;
        }
        Ok(Outcome::TooShort) => m.reason = Some(Reason::NotMeasured),
        Ok(Outcome::Stalled) => {
            m.status = Status::Failed;
            m.reason = Some(Reason::Stalled);
        }
        Ok(Outcome::NoFirstByte) => {
            m.status = Status::Timeout;
            m.reason = Some(Reason::Timeout);
        }
    }
    m.kept = tested.kept.map(|bytes| Kept { start: 0, bytes });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_keeps_the_pages_proportions() {
        assert_eq!(default_budget(), Duration::from_secs(23));
        assert_eq!(mirror_budget(default_budget()), Duration::from_secs(13));
        assert_eq!(
            mirror_budget(Duration::from_secs(46)),
            Duration::from_secs(26)
        );
    }

    /// A file server on 127.0.0.1 for the tests below: ranges of `body` with keep-alive; a
    /// big answer stops after `cut_after` bytes of its body when given (the connection then
    /// closes). Returns the URL.
    fn serve(body: Vec<u8>, cut_after: Option<usize>) -> String {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let body = std::sync::Arc::new(body);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let body = body.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut stream = stream;
                    loop {
                        let mut range = None;
                        let mut line = String::new();
                        loop {
                            line.clear();
                            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                                return;
                            }
                            let l = line.trim().to_ascii_lowercase();
                            if l.is_empty() {
                                break;
                            }
                            if let Some(r) = l.strip_prefix("range: bytes=") {
                                let (a, b) = r.split_once('-').unwrap();
                                range = Some((
                                    a.parse::<usize>().unwrap(),
                                    b.parse::<usize>().unwrap(),
                                ));
                            }
                        }
                        let (start, end) = range.unwrap_or((0, body.len() - 1));
                        let end = end.min(body.len() - 1);
                        let slice = &body[start..=end];
                        let head = format!(
                            "HTTP/1.1 206 Partial Content\r\nContent-Type: application/gzip\r\nContent-Range: bytes {start}-{end}/{}\r\nContent-Length: {}\r\n\r\n",
                            body.len(),
                            slice.len()
                        );
                        let _ = stream.write_all(head.as_bytes());
                        match cut_after {
                            Some(n) if slice.len() > 64 << 10 => {
                                let _ = stream.write_all(&slice[..n]);
                                return;
                            }
                            _ => {
                                let _ = stream.write_all(slice);
                            }
                        }
                    }
                });
            }
        });
        format!("http://127.0.0.1:{port}/golang/go1.99.1.linux-amd64.tar.gz")
    }

    fn one_mirror(url: String) -> Vec<Target> {
        vec![Target {
            id: "m".into(),
            name: "m".into(),
            url,
            role: Role::Mirror,
            official: false,
            gone: None,
        }]
    }

    #[test]
    fn a_test_keeps_the_bytes_it_read_and_a_cut_body_gives_none() {
        let body: Vec<u8> = (0..3u32 << 20)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let size = Some(body.len() as u64);
        let shell = Shell::new(true);
        let client = super::super::rank::client();
        let whole = serve(body.clone(), None);
        let m = measure(
            &one_mirror(whole),
            size,
            default_budget(),
            true,
            &client,
            &shell,
        );
        assert_eq!((m[0].status, &m[0].reason), (Status::Ok, &None), "{m:?}");
        assert!(m[0].throughput_bps.is_some());
        let kept = m[0].kept.as_ref().unwrap();
        assert_eq!(kept.start, 0);
        assert!(!kept.bytes.is_empty() && body.starts_with(&kept.bytes));
        // Without `keep`, nothing is kept.
        let whole = serve(body.clone(), None);
        let m = measure(
            &one_mirror(whole),
            size,
            default_budget(),
            false,
            &client,
            &shell,
        );
        assert!(m[0].kept.is_none());
        // A body cut short: `cut`, no figure, nothing kept.
        let cut = serve(body.clone(), Some(1 << 20));
        let m = measure(
            &one_mirror(cut),
            size,
            default_budget(),
            true,
            &client,
            &shell,
        );
        assert_eq!(m[0].status, Status::Failed);
        assert_eq!(
            m[0].reason.as_ref().map(Reason::key).as_deref(),
            Some("cut")
        );
        assert!(m[0].throughput_bps.is_none() && m[0].kept.is_none());
    }

    #[test]
    fn targets_follow_the_catalog_and_from() {
        let catalog = super::super::inputs::catalog(None).unwrap();
        let list = super::super::inputs::snapshot().unwrap();
        let file = list
            .releases
            .releases()
            .iter()
            .find_map(|r| {
                list.releases
                    .files_of(&r.version)
                    .find(|f| f.os == "linux" && f.arch == "amd64" && f.stable)
            })
            .unwrap();
        let all = targets(&catalog, file, &[]).unwrap();
        let count = |role| all.iter().filter(|t| t.role == role).count();
        assert_eq!(count(Role::Mirror), catalog.mirrors.len());
        assert_eq!(count(Role::Proxy), catalog.module_proxies.len());
        assert_eq!(
            count(Role::Sumdb),
            catalog.checksum_databases.len() + catalog.module_proxies.len()
        );
        let mirror = &catalog.mirrors[0];
        let first = &all[0];
        assert_eq!(first.url, mirror.url.replace("{file}", &file.filename));
        let proxy = all.iter().find(|t| t.role == Role::Proxy).unwrap();
        assert!(proxy.url.ends_with(&format!(
            "golang.org/toolchain/@v/v0.0.1-{}.linux-amd64.zip",
            file.version
        )));
        let supported = all
            .iter()
            .find(|t| t.id == format!("{PROXY_PREFIX}{}", catalog.module_proxies[0].id))
            .unwrap();
        assert!(supported.url.ends_with("sumdb/sum.golang.org/supported"));
        let some = targets(&catalog, file, std::slice::from_ref(&mirror.id)).unwrap();
        assert_eq!(some.len(), 1);
        let typo = format!("{}x", mirror.id);
        let e = targets(&catalog, file, std::slice::from_ref(&typo)).unwrap_err();
        assert!(
            e.message.contains(&typo) && e.message.contains(&mirror.id),
            "{}",
            e.message
        );
    }
}
