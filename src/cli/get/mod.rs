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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::checksum::{Digest, StreamHasher};
use crate::i18n::Lang;
use crate::plan::{self, check_range, Fault, PartMap, Piece, Plan, RangeCheck};
use crate::probe::Reason;
use crate::rank::Status;
use crate::releases::{Kind, OfficialFile};
use crate::report;

use super::args::{Common, Get};
use super::http::{Chunk, Client};
use super::measure::{self, Measurement, Role};
use super::part;
use super::shell::Shell;
use super::{inputs, Exit, Failure, Outcome, Settings};

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
    let list = inputs::list(common.list.as_deref(), &catalog, shell)?;
    let default_kind = args.install.as_ref().map(|_| Kind::Archive);
    let file = inputs::official_file(&args.file, default_kind, &list.releases)?.clone();
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
        ],
    ));
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("."));
    let mut faults = BTreeMap::new();
    let mut measurements = Vec::new();
    let shell: &Shell = shell;
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
    let path = match result {
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

/// Downloads `file` into `dir` from the mirrors measured on `measured` (each one joins as its
/// measurement arrives, when the list gives the size; else once all agree on it); returns the
/// verified file's path. Every measurement received is added to `measurements`, and why each
/// dropped source was dropped to `faults`.
fn download(
    file: &OfficialFile,
    dir: &Path,
    measured: &mpsc::Receiver<Measurement>,
    measurements: &mut Vec<Measurement>,
    faults: &mut BTreeMap<String, Fault>,
    client: &Client,
    shell: &Shell,
) -> Result<PathBuf, Failure> {
    let size = match file.size_bytes {
        Some(size) => size,
        None => {
            // The size from the sources' Content-Range totals: every measurement first.
            loop {
                match measured.recv_timeout(Duration::from_millis(100)) {
                    Ok(m) => measurements.push(m),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if INTERRUPTED.load(Ordering::SeqCst) {
                    return Err(Failure::interrupted(words(
                        "cli-get-interrupted-early",
                        &[],
                    )));
                }
            }
            let totals: Vec<(String, u64)> = measurements
                .iter()
                .filter(|m| usable(m))
                .filter_map(|m| m.total_bytes.map(|t| (m.id.clone(), t)))
                .collect();
            if totals.is_empty() {
                return Err(none_usable(measurements));
            }
            plan::size_of(None, &totals).map_err(Failure::verify)?
        }
    };
    let final_path = dir.join(&file.filename);
    let part = part::open(dir, &file.filename, &file.sha256, size, shell)?;
    let mut plan = Plan::new(size, Vec::new(), Vec::new());
    let resumed = !part.done.is_empty();
    for d in &part.done {
        plan.add_done(d.start, d.end, &d.source);
    }
    if resumed {
        shell.status(&words(
            "cli-get-resuming",
            &[
                ("part", &part.path.display().to_string()),
                ("done", &plan.done_bytes().to_string()),
                ("size", &size.to_string()),
            ],
        ));
    }
    let (tx, rx) = mpsc::channel();
    let mut engine = Engine {
        sources: Vec::new(),
        plan: Arc::new(Mutex::new(plan)),
        part,
        size,
        faults: BTreeMap::new(),
        sha256: file.sha256,
        name: file.filename.clone(),
        hasher: StreamHasher::new(),
        hashed_to: 0,
        last_map: Instant::now(),
        tx,
        rx,
        running: 0,
        stop: Arc::new(AtomicBool::new(false)),
        client: client.clone(),
        measuring: true,
    };
    // Measurements made before the size was known join now.
    for m in measurements.clone() {
        engine.join(m)?;
    }
    let mut fresh_start_left = resumed;
    loop {
        let fetched = engine.fetch_missing(measured, measurements, shell);
        faults.extend(engine.faults.clone());
        fetched?;
        let digest = engine.finish_hash()?;
        if digest == file.sha256 {
            engine
                .part
                .file
                .sync_all()
                .map_err(|e| write_error(&engine.part.path, &e))?;
            std::fs::rename(&engine.part.path, &final_path)
                .map_err(|e| write_error(&final_path, &e))?;
            let _ = std::fs::remove_file(&engine.part.map);
            return Ok(final_path);
        }
        shell.warn(&words(
            "cli-get-checking",
            &[("file", &file.filename), ("sha256", &digest.to_hex())],
        ));
        engine.finish_measuring(measured, measurements)?;
        let culprits = engine.attribute(client, shell);
        faults.extend(engine.faults.clone());
        let culprits = culprits?;
        if culprits.is_empty() {
            let path = engine.part.path.clone();
            if fresh_start_left {
                // Bytes from an earlier run that nobody can vouch for: start again, once.
                fresh_start_left = false;
                shell.warn(&words(
                    "cli-get-discard-unblamed",
                    &[("part", &path.display().to_string())],
                ));
                engine.lock().forget_all();
                engine.restart_hash();
                engine.save_map()?;
                continue;
            }
            part::remove(&path)?;
            let from: Vec<&str> = engine.sources.iter().map(|s| s.id.as_str()).collect();
            return Err(Failure::verify(words(
                "cli-get-unverified",
                &[
                    ("file", &file.filename),
                    ("sources", &from.join(", ")),
                    ("part", &path.display().to_string()),
                ],
            )));
        }
        engine.save_map()?;
    }
}

/// Whether a measured source is one to fetch from: a mirror that works.
fn usable(m: &Measurement) -> bool {
    m.role == Role::Mirror && m.status == Status::Ok
}

/// Why no mirror could be used: exit 3 when none could be reached at all, else 4.
fn none_usable(measurements: &[Measurement]) -> Failure {
    let mirrors: Vec<&Measurement> = measurements
        .iter()
        .filter(|m| m.role == Role::Mirror)
        .collect();
    let said: Vec<String> = mirrors
        .iter()
        .map(|m| {
            let reason = m
                .reason
                .as_ref()
                .map(Reason::key)
                .unwrap_or_else(|| m.status.as_str().to_string());
            format!("{} {reason}", m.id)
        })
        .collect();
    // Exit 3 only when no mirror answered at all (rank's rule too).
    let unreachable = !super::rank::any_answered(measurements);
    let said = said.join(", ");
    if unreachable {
        Failure::network(words("cli-get-unreachable", &[("sources", &said)]))
    } else {
        Failure::verify(words("cli-get-no-file", &[("sources", &said)]))
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> Failure {
    Failure::input(words(
        "cli-get-write-error",
        &[
            ("path", &path.display().to_string()),
            ("error", &e.to_string()),
        ],
    ))
}

fn write_at(part: &part::Part, bytes: &[u8], offset: u64) -> Result<(), Failure> {
    part::write_all_at(&part.file, bytes, offset).map_err(|e| write_error(&part.path, &e))
}

/// What a source's thread tells the writer.
enum Event {
    /// A piece, whole and checked.
    Piece {
        source: usize,
        piece: Piece,
        bytes: Vec<u8>,
    },
    /// The source failed and is dropped.
    Failed { source: usize, fault: Fault },
    /// The thread ended.
    Ended,
}

/// Why a fetch stopped.
enum Stop {
    /// Another source finished the piece first, or Ctrl-C.
    Cancelled,
    /// The answer is not the piece.
    Fault(Fault),
}

struct Engine {
    sources: Vec<Source>,
    plan: Arc<Mutex<Plan>>,
    part: part::Part,
    size: u64,
    /// Why each dropped source was dropped, by id.
    faults: BTreeMap<String, Fault>,
    /// The official SHA-256 and the file's name, for the map.
    sha256: Digest,
    name: String,
    hasher: StreamHasher,
    hashed_to: u64,
    last_map: Instant,
    /// The sources' threads send here.
    tx: mpsc::Sender<Event>,
    rx: mpsc::Receiver<Event>,
    /// Sources' threads still running.
    running: usize,
    /// Tells the sources' threads of this round to stop.
    stop: Arc<AtomicBool>,
    client: Client,
    /// Whether measurements may still arrive.
    measuring: bool,
}

impl Engine {
    fn lock(&self) -> std::sync::MutexGuard<'_, Plan> {
        // A thread that panicked while holding the plan leaves it as it was: still usable.
        self.plan
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A measured source joins: a mirror that works gets a place in the plan, its throughput
    /// test's bytes are kept as the file's first bytes, and its thread starts fetching.
    fn join(&mut self, m: Measurement) -> Result<(), Failure> {
        if !usable(&m) {
            return Ok(());
        }
        if let Some(total) = m.total_bytes.filter(|&t| t != self.size) {
            self.faults.insert(
                m.id.clone(),
                Fault::Reason(Reason::WrongSize {
                    served_bytes: total,
                    official_bytes: self.size,
                }),
            );
            return Ok(());
        }
        let rate = m.throughput_bps.filter(|r| *r > 0.0).unwrap_or_else(|| {
            let plan = self.lock();
            let known: Vec<f64> = (0..self.sources.len())
                .filter_map(|i| plan.rate_of(i))
                .collect();
            crate::rank::median(&known).unwrap_or(UNMEASURED_BPS)
        });
        let index = self.lock().add_source(m.id.clone(), rate);
        self.sources.push(Source {
            id: m.id.clone(),
            url: m.url.clone(),
            official: m.official,
        });
        if let Some(k) = &m.kept {
            let end = k.start + k.bytes.len() as u64;
            if end <= self.size {
                let new = self.lock().add_done(k.start, end, &m.id);
                for (a, b) in new {
                    let slice = &k.bytes[(a - k.start) as usize..(b - k.start) as usize];
                    write_at(&self.part, slice, a)?;
                }
                self.advance_hash()?;
            }
        }
        if !self.lock().is_complete() {
            self.spawn(index);
        }
        Ok(())
    }

    /// Waits for the mirrors still being measured and lets them join (as referees when the
    /// file did not verify: a fast source may have fetched it all before they were measured).
    fn finish_measuring(
        &mut self,
        measured: &mpsc::Receiver<Measurement>,
        measurements: &mut Vec<Measurement>,
    ) -> Result<(), Failure> {
        while self.measuring {
            match measured.recv_timeout(Duration::from_millis(100)) {
                Ok(m) => {
                    measurements.push(m.clone());
                    self.join(m)?;
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => self.measuring = false,
            }
            if INTERRUPTED.load(Ordering::SeqCst) {
                self.save_map()?;
                return Err(Failure::interrupted(words(
                    "cli-get-interrupted",
                    &[("part", &self.part.path.display().to_string())],
                )));
            }
        }
        Ok(())
    }

    /// Starts source `index`'s thread for this round.
    fn spawn(&mut self, index: usize) {
        self.running += 1;
        let (plan, stop, tx) = (self.plan.clone(), self.stop.clone(), self.tx.clone());
        let (client, url, size) = (
            self.client.clone(),
            self.sources[index].url.clone(),
            self.size,
        );
        std::thread::spawn(move || {
            fetch_loop(index, &url, size, &client, &plan, &stop, &tx);
            let _ = tx.send(Event::Ended);
        });
    }

    /// Fetches every missing byte from the sources still alive and those still being
    /// measured, writing, hashing and mapping as pieces arrive.
    fn fetch_missing(
        &mut self,
        measured: &mpsc::Receiver<Measurement>,
        measurements: &mut Vec<Measurement>,
        shell: &Shell,
    ) -> Result<(), Failure> {
        if self.lock().is_complete() {
            return self.advance_hash();
        }
        let bar = shell.bytes_bar(Some(self.size), "get");
        bar.set_position(self.lock().done_bytes());
        self.stop = Arc::new(AtomicBool::new(false));
        for index in 0..self.sources.len() {
            if self.lock().is_alive(index) {
                self.spawn(index);
            }
        }
        let outcome = self.collect(measured, measurements, &bar);
        self.stop.store(true, Ordering::SeqCst);
        bar.finish_and_clear();
        if outcome.is_err() {
            // Whatever is on disk stays claimed: the next run resumes from it.
            let _ = self.save_map();
        }
        outcome
    }

    fn collect(
        &mut self,
        measured: &mpsc::Receiver<Measurement>,
        measurements: &mut Vec<Measurement>,
        bar: &indicatif::ProgressBar,
    ) -> Result<(), Failure> {
        loop {
            if INTERRUPTED.load(Ordering::SeqCst) {
                self.save_map()?;
                return Err(Failure::interrupted(words(
                    "cli-get-interrupted",
                    &[("part", &self.part.path.display().to_string())],
                )));
            }
            while self.measuring {
                match measured.try_recv() {
                    Ok(m) => {
                        measurements.push(m.clone());
                        self.join(m)?;
                        bar.set_position(self.lock().done_bytes());
                    }
                    Err(mpsc::TryRecvError::Empty) => break,
                    Err(mpsc::TryRecvError::Disconnected) => self.measuring = false,
                }
            }
            if self.lock().is_complete() {
                self.advance_hash()?;
                self.save_map()?;
                return Ok(());
            }
            if self.running == 0 && !self.measuring {
                self.save_map()?;
                if self.sources.is_empty() {
                    return Err(none_usable(measurements));
                }
                return Err(self.all_failed());
            }
            match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(Event::Piece {
                    source,
                    piece,
                    bytes,
                }) => {
                    let first = self.lock().complete(piece.id, source).is_some();
                    if first {
                        write_at(&self.part, &bytes, piece.start)?;
                        bar.set_position(self.lock().done_bytes());
                        self.advance_hash()?;
                        if self.last_map.elapsed() >= MAP_EVERY {
                            self.save_map()?;
                        }
                    }
                }
                Ok(Event::Failed { source, fault }) => {
                    self.lock().drop_source(source);
                    let id = self.sources[source].id.clone();
                    bar.suspend(|| {
                        eprintln!(
                            "gomirror: warning: {}",
                            words(
                                "cli-get-dropping",
                                &[("id", &id), ("why", &fault.describe())]
                            )
                        )
                    });
                    self.faults.insert(id, fault);
                }
                Ok(Event::Ended) => self.running -= 1,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => self.running = 0,
            }
        }
    }

    /// Every source failed before the file was whole: 3 when none could be reached, else 4.
    fn all_failed(&self) -> Failure {
        let said: Vec<String> = self
            .faults
            .iter()
            .map(|(id, f)| format!("{id} {}", f.key()))
            .collect();
        if !self.faults.is_empty() && self.faults.values().all(Fault::unreachable) {
            Failure::network(words(
                "cli-get-unreachable",
                &[("sources", &said.join(", "))],
            ))
        } else {
            Failure::verify(words(
                "cli-get-no-rest",
                &[
                    ("part", &self.part.path.display().to_string()),
                    ("sources", &said.join(", ")),
                ],
            ))
        }
    }

    /// Hashes the done bytes from where the hash stands to the end of the done prefix.
    fn advance_hash(&mut self) -> Result<(), Failure> {
        let prefix = self.lock().prefix_end();
        let mut buffer = vec![0u8; HASH_CHUNK_BYTES];
        while self.hashed_to < prefix {
            let n = (prefix - self.hashed_to).min(HASH_CHUNK_BYTES as u64) as usize;
            part::read_exact_at(&self.part.file, &mut buffer[..n], self.hashed_to).map_err(
                |e| {
                    Failure::input(words(
                        "cli-get-read-error",
                        &[
                            ("path", &self.part.path.display().to_string()),
                            ("error", &e.to_string()),
                        ],
                    ))
                },
            )?;
            self.hasher.update(&buffer[..n]);
            self.hashed_to += n as u64;
        }
        Ok(())
    }

    fn restart_hash(&mut self) {
        self.hasher = StreamHasher::new();
        self.hashed_to = 0;
    }

    /// The whole file's hash (every byte is done), computed as the pieces came.
    fn finish_hash(&mut self) -> Result<Digest, Failure> {
        self.advance_hash()?;
        let hasher = std::mem::take(&mut self.hasher);
        self.hashed_to = 0;
        Ok(hasher.finish())
    }

    /// Writes the map: the done ranges, after the data is flushed.
    fn save_map(&mut self) -> Result<(), Failure> {
        let done = self.lock().done();
        let map = PartMap {
            file: self.name.clone(),
            sha256: self.sha256.to_hex(),
            size_bytes: self.size,
            done,
        };
        part::write_map(&self.part.file, &self.part.map, &map)
            .map_err(|e| write_error(&self.part.map, &e))?;
        self.last_map = Instant::now();
        Ok(())
    }

    /// The whole file did not verify: each source's ranges are fetched again from the
    /// official host where it answers, else from two other sources that agree; a source
    /// whose bytes differ is dropped as `different-bytes`, its ranges replaced with the
    /// referee's. Returns the ids of those sources.
    fn attribute(&mut self, client: &Client, shell: &Shell) -> Result<Vec<String>, Failure> {
        let done = self.lock().done();
        let mut culprits: Vec<String> = Vec::new();
        let mut fixes: Vec<(u64, Vec<u8>, String)> = Vec::new();
        for d in &done {
            if culprits.contains(&d.source) {
                continue;
            }
            let mut at = d.start;
            while at < d.end {
                let end = d.end.min(at + plan::MAX_PIECE_BYTES);
                let piece = Piece {
                    id: u64::MAX,
                    start: at,
                    end,
                };
                let mut disk = vec![0u8; (end - at) as usize];
                part::read_exact_at(&self.part.file, &mut disk, at).map_err(|e| {
                    Failure::input(words(
                        "cli-get-read-error",
                        &[
                            ("path", &self.part.path.display().to_string()),
                            ("error", &e.to_string()),
                        ],
                    ))
                })?;
                let disk_digest = Digest::of(&disk);
                let (check, referee) = self.referee(client, &d.source, piece, &disk_digest);
                match check {
                    RangeCheck::Differs => {
                        if let Some((id, bytes)) = referee {
                            fixes.push((at, bytes, id));
                        }
                        culprits.push(d.source.clone());
                        break;
                    }
                    RangeCheck::Agrees | RangeCheck::Undecided => {}
                }
                at = end;
            }
        }
        if culprits.is_empty() {
            return Ok(culprits);
        }
        for id in &culprits {
            shell.warn(&words("cli-get-different", &[("id", id)]));
            let mut plan = self.lock();
            plan.forget(id);
            if let Some(index) = self.sources.iter().position(|s| &s.id == id) {
                plan.drop_source(index);
            }
            drop(plan);
            self.faults
                .insert(id.clone(), Fault::Reason(Reason::DifferentBytes));
        }
        for (at, bytes, id) in fixes {
            let end = at + bytes.len() as u64;
            let new = self.lock().add_done(at, end, &id);
            for (a, b) in new {
                write_at(&self.part, &bytes[(a - at) as usize..(b - at) as usize], a)?;
            }
        }
        self.restart_hash();
        Ok(culprits)
    }

    /// Judges `piece` as on disk (`disk`, from `owner`) against a referee: the official host
    /// among the sources where it answers, else two other sources that agree. Returns the
    /// judgement and the referee's bytes.
    fn referee(
        &self,
        client: &Client,
        owner: &str,
        piece: Piece,
        disk: &Digest,
    ) -> (RangeCheck, Option<(String, Vec<u8>)>) {
        let alive: Vec<&Source> = {
            let plan = self.lock();
            self.sources
                .iter()
                .enumerate()
                .filter(|(i, s)| plan.is_alive(*i) && s.id != owner)
                .map(|(_, s)| s)
                .collect()
        };
        let never = AtomicBool::new(false);
        let fetch =
            |s: &Source| fetch_piece(client, &s.url, piece, self.size, &never, &|_| true).ok();
        for s in alive.iter().filter(|s| s.official) {
            if let Some(bytes) = fetch(s) {
                let check = check_range(disk, Some(&Digest::of(&bytes)), &[]);
                return (check, Some((s.id.clone(), bytes)));
            }
        }
        let mut others: Vec<(String, Vec<u8>)> = Vec::new();
        for s in &alive {
            if let Some(bytes) = fetch(s) {
                others.push((s.id.clone(), bytes));
                if others.len() == 2 {
                    break;
                }
            }
        }
        let digests: Vec<Digest> = others.iter().map(|(_, b)| Digest::of(b)).collect();
        let check = check_range(disk, None, &digests);
        (check, others.into_iter().next())
    }
}

/// A source's thread: takes pieces from the plan until there are none or the source fails.
fn fetch_loop(
    index: usize,
    url: &str,
    size: u64,
    client: &Client,
    plan: &Mutex<Plan>,
    stop: &AtomicBool,
    tx: &mpsc::Sender<Event>,
) {
    let lock = || {
        plan.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    loop {
        if stop.load(Ordering::SeqCst) || INTERRUPTED.load(Ordering::SeqCst) {
            return;
        }
        let next = {
            let mut p = lock();
            if !p.is_alive(index) || p.is_complete() {
                return;
            }
            p.next(index)
        };
        let Some(piece) = next else {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let started = Instant::now();
        let wanted = |got: u64| {
            let mut p = lock();
            p.progress(piece.id, index, got);
            p.wanted(piece.id, index) && !stop.load(Ordering::SeqCst)
        };
        match fetch_piece(client, url, piece, size, &INTERRUPTED, &wanted) {
            Ok(bytes) => {
                let seconds = started.elapsed().as_secs_f64();
                let landed = {
                    let mut p = lock();
                    if seconds > 0.05 {
                        p.set_rate(index, bytes.len() as f64 / seconds);
                    }
                    p.land(piece.id, index)
                };
                // Another source's copy got there first.
                if !landed {
                    continue;
                }
                if tx
                    .send(Event::Piece {
                        source: index,
                        piece,
                        bytes,
                    })
                    .is_err()
                {
                    return;
                }
            }
            Err(Stop::Cancelled) => lock().release(piece.id, index),
            Err(Stop::Fault(fault)) => {
                let _ = tx.send(Event::Failed {
                    source: index,
                    fault,
                });
                return;
            }
        }
    }
}

/// A body that broke off after `read` of `declared` bytes.
fn cut(read: usize, declared: u64) -> Fault {
    Fault::Reason(Reason::Cut {
        read_bytes: read as u64,
        declared_bytes: Some(declared),
    })
}

/// Fetches `piece` of a file of `size` bytes from `url` and checks it as it arrives (status
/// 206, the exact `Content-Range`, no `Content-Encoding`, the exact length). `wanted` is asked
/// with the bytes so far after every chunk; `false` (or `interrupted`) cancels.
fn fetch_piece(
    client: &Client,
    url: &str,
    piece: Piece,
    size: u64,
    interrupted: &AtomicBool,
    wanted: &dyn Fn(u64) -> bool,
) -> Result<Vec<u8>, Stop> {
    let len = piece.end - piece.start;
    let answer = client
        .get(url, Some((piece.start, piece.end - 1)))
        .map_err(|e| Stop::Fault(Fault::Reason(e.reason)))?;
    let encoding = answer.content_encoding.clone();
    let mut reply = answer.reply.clone();
    plan::check_head(&reply, encoding.as_deref(), piece.start, piece.end, size)
        .map_err(Stop::Fault)?;
    let rx = answer.pump(64 << 10);
    let mut bytes: Vec<u8> = Vec::with_capacity(len as usize);
    loop {
        match rx.recv_timeout(STALL_TIMEOUT) {
            Ok(Chunk::Bytes(chunk, _)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() as u64 > len {
                    return Err(Stop::Fault(Fault::TooLong));
                }
                if interrupted.load(Ordering::SeqCst) || !wanted(bytes.len() as u64) {
                    return Err(Stop::Cancelled);
                }
            }
            Ok(Chunk::End) => break,
            Ok(Chunk::Failed(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Stop::Fault(cut(bytes.len(), len)))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Stop::Fault(Fault::Reason(Reason::Stalled)))
            }
        }
    }
    if (bytes.len() as u64) < len {
        return Err(Stop::Fault(cut(bytes.len(), len)));
    }
    // Only the file's first bytes are known not to start with `<`: a piece from the middle
    // of an archive may.
    if piece.start == 0 {
        reply.head = bytes[..bytes.len().min(super::http::HEAD_BYTES)].to_vec();
        plan::check_head(&reply, None, piece.start, piece.end, size).map_err(Stop::Fault)?;
    }
    Ok(bytes)
}
