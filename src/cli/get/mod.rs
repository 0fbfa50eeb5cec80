//! `gomirror get`: the official file from several mirrors at once, written as `NAME.part`
//! beside a resume map, renamed to `NAME` only once the whole file's SHA-256 is the official
//! one; with `--install`, unpacked as `DIR/go` ([`super::install`]).
//!
//! This file moves bytes: each mirror is measured on a thread of its own ([`super::measure`],
//! its throughput test's bytes kept as the file's first ones) and then fetches pieces on that
//! connection; a channel leads to the one thread that writes the file, hashes the done prefix
//! in file order and writes the map. Who
//! fetches which bytes, whether an answer is the piece asked for, what the map says and whose
//! bytes differ are the core's (`plan`); the measurement is [`super::measure`]'s.
//!
//! This file holds the command's flow and its report; the download itself (the writer and
//! hasher, the map) is `engine`, one source's connection `connection`, and finding whose
//! bytes differ `blame`; a file already under the final name is judged first (`present`).

mod blame;
mod connection;
mod engine;
mod present;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::OnceLock;
use std::time::Duration;

use crate::i18n::Lang;
use crate::plan::Fault;
use crate::rank::Status;
use crate::releases::{Kind, OfficialFile};
use crate::report;

use super::args::{Common, Get};
use super::http::Client;
use super::measure::{self, Measurement, Role};
use super::shell::Shell;
use super::{inputs, Exit, Failure, Outcome, Settings};

use engine::download;

/// The status line and headers must come within this.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
/// No piece takes longer than this in all (a piece is a few seconds of a source's rate).
const CALL_TIMEOUT: Duration = Duration::from_secs(600);
/// A body with no byte for this long has stalled.
const STALL_TIMEOUT: Duration = Duration::from_secs(10);
/// How often the map is written while pieces arrive (it is written at the end, on Ctrl-C and
/// on every failure too).
const MAP_EVERY: Duration = Duration::from_millis(500);
/// The rate given to a source the budget left unmeasured, when no other has a figure.
const UNMEASURED_BPS: f64 = 1_000_000.0;
/// A read of the file for hashing.
const HASH_CHUNK_BYTES: usize = 1 << 20;

/// Set by Ctrl-C; the download loop and the sources' threads check it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static HANDLER: OnceLock<bool> = OnceLock::new();

/// The language of every word this command writes: one for the process, read by the sources'
/// threads, the `.part`'s and the install's code without passing it through every call.
static LANG: OnceLock<Lang> = OnceLock::new();

/// The string for `key` in the command's language, its `{name}` placeholders filled.
pub(super) fn words(key: &str, values: &[(&str, &str)]) -> String {
    crate::i18n::fill(LANG.get().copied().unwrap_or_default(), key, values)
}

/// One mirror the file is fetched from.
#[derive(Clone, Debug)]
struct Source {
    id: String,
    url: String,
    official: bool,
}

/// Runs `gomirror get`.
pub fn run(args: &Get, common: &Common, settings: &Settings, shell: &mut Shell) -> Outcome {
    let _ = LANG.set(settings.lang);
    let catalog = inputs::catalog(common.catalog.as_deref())?;
    if let Some(dir) = &args.install {
        // A tree moved aside by a run that was stopped is put back before anything else.
        super::install::recover(dir, shell)?;
        if args.file.kind.as_deref().is_some_and(|k| k != "archive") {
            return Err(Failure::input(words("cli-get-install-kind", &[])));
        }
    }
    let default_kind = args.install.as_ref().map(|_| Kind::Archive);
    let list = inputs::list_for(
        common.list.as_deref(),
        &catalog,
        &args.file,
        default_kind,
        shell,
    )?;
    let file = inputs::official_file(&args.file, default_kind, &list.releases)?.clone();
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut faults = BTreeMap::new();
    let mut measurements = Vec::new();
    let shell: &Shell = shell;
    let final_path = dir.join(&file.filename);
    // A file already there is judged before anything is measured: when it is the official
    // one, no mirror is asked for a byte.
    // A file there that the small list cannot judge alone is judged by the whole list.
    let whole = || {
        list.small
            .then(|| inputs::list(None, &catalog, shell).ok())
            .flatten()
            .map(|l| l.releases)
    };
    let path = if present::matches(
        &final_path,
        &file,
        &list.releases,
        &whole,
        settings.lang,
        shell,
    ) {
        final_path
    } else {
        let targets: Vec<measure::Target> = measure::targets(&catalog, &file, &args.sources.from)?
            .into_iter()
            .filter(|t| t.role == Role::Mirror)
            .collect();
        if targets.is_empty() {
            return Err(Failure::input(words("cli-get-no-mirror", &[])));
        }
        watch_ctrl_c();
        let client = Client::new(ANSWER_TIMEOUT, CALL_TIMEOUT);
        let budget = args
            .sources
            .budget
            .filter(|b| b.is_finite() && *b > 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or_else(measure::default_budget);
        shell.status(&words(
            "cli-get-measuring",
            &[
                ("count", &targets.len().to_string()),
                ("file", &file.filename),
                ("seconds", &crate::i18n::fixed(budget.as_secs_f64(), 0)),
            ],
        ));
        // Each mirror is measured on a thread of its own, and fetches pieces as soon as it has
        // its figure: measuring one after another would leave the link idle, and every
        // throughput test reads from offset 0, so a second test in a row mostly fetches bytes the
        // first already has.
        let result = std::thread::scope(|scope| {
            let (tx, measured) = mpsc::channel();
            for target in &targets {
                let (tx, client) = (tx.clone(), &client);
                let size = file.size_bytes;
                scope.spawn(move || {
                    let one = std::slice::from_ref(target);
                    for m in measure::measure(one, size, budget, true, client, shell) {
                        // The run's line said what is measured; each mirror adds only its outcome.
                        shell.status(&measured_line(&m));
                        let _ = tx.send(m);
                    }
                });
            }
            drop(tx);
            let result = download(
                &file,
                &dir,
                &measured,
                &mut measurements,
                &mut faults,
                &client,
                shell,
            );
            if let Err(f) = &result {
                if f.exit == Exit::Interrupted {
                    // Ctrl-C: the map is written; a mirror still being measured must not hold the
                    // exit up until its deadline.
                    shell.error(&f.message);
                    std::process::exit(Exit::Interrupted as i32);
                }
            }
            // The report names every mirror: those still being measured finish within the budget.
            if settings.json {
                measurements.extend(measured.iter());
            }
            result
        });
        match result {
            Ok(path) => path,
            Err(failure) => {
                if settings.json && matches!(failure.exit, Exit::Verify | Exit::Network) {
                    println!(
                        "{}",
                        report_of(&list, &file, &measurements, &faults, None).to_json()
                    );
                }
                return Err(failure);
            }
        }
    };
    if let Some(install_dir) = &args.install {
        let (root, version) = super::install::install(&path, install_dir, shell)?;
        if settings.json {
            println!(
                "{}",
                report_of(&list, &file, &measurements, &faults, Some(&path)).to_json()
            );
        } else {
            println!("{}", root.display());
            println!("{version}");
        }
        shell.status(&super::install::path_line(&root));
        return Ok(Exit::Ok);
    }
    if settings.json {
        println!(
            "{}",
            report_of(&list, &file, &measurements, &faults, Some(&path)).to_json()
        );
    } else {
        println!("{}", path.display());
    }
    Ok(Exit::Ok)
}

/// One mirror's measurement in a line: its rate (and latency), else why it has none.
fn measured_line(m: &Measurement) -> String {
    let lang = LANG.get().copied().unwrap_or_default();
    let outcome = match (m.throughput_bps, &m.reason) {
        (Some(bps), _) => {
            let floor = if m.throughput_floor { "≥ " } else { "" };
            let latency = m
                .latency_ms
                .map(|ms| format!(", {} ms", crate::i18n::fixed(ms, 0)))
                .unwrap_or_default();
            format!("{floor}{}{latency}", crate::i18n::rate(bps))
        }
        (None, Some(reason)) => crate::explain::reason_words(lang, reason),
        (None, None) => m.status.as_str().to_string(),
    };
    words("cli-get-measured", &[("id", &m.id), ("outcome", &outcome)])
}

/// Ctrl-C sets [`INTERRUPTED`] (once a process: the handler cannot be set twice).
fn watch_ctrl_c() {
    HANDLER
        .get_or_init(|| ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst)).is_ok());
}

/// The report for `--json`: rank's report of the measurement, the file's verdict (`match`
/// once it verified, `mismatch` when no source gave it) and, for each source `get` dropped,
/// status `failed` and the fault's key as its reason.
fn report_of(
    list: &inputs::List,
    file: &OfficialFile,
    measurements: &[Measurement],
    faults: &BTreeMap<String, Fault>,
    verified: Option<&Path>,
) -> report::Report {
    let kind = if verified.is_some() {
        crate::verdict::Kind::Match
    } else {
        crate::verdict::Kind::Mismatch
    };
    let checked = report::Checked {
        file: file.filename.clone(),
        size_bytes: verified
            .and_then(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .or(file.size_bytes)
            .unwrap_or_default(),
        sha256: verified.map(|_| file.sha256.to_hex()),
        verdict: kind.as_str().to_string(),
        expected_sha256: Some(file.sha256.to_hex()),
        source: crate::verdict::Source::Official.as_str().to_string(),
    };
    let mut report =
        super::rank::report(file, &list.source, measurements, vec![checked], Some(kind));
    for row in &mut report.mirrors {
        if let Some(fault) = faults.get(&row.id) {
            row.status = Status::Failed.as_str().to_string();
            row.reason = Some(fault.key());
        }
    }
    report
}
