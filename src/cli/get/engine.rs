//! `get`'s engine: the download of one file from the measured mirrors. Each source's thread
//! ([`super::connection`]) sends whole pieces down a channel to the one loop here that writes
//! them into `NAME.part`, hashes the done prefix in file order and writes the map; when the
//! whole file does not verify, [`super::blame`] finds whose bytes differ.
//!
//! Who fetches which bytes and what the map says are the core's (`plan`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::checksum::{Digest, StreamHasher};
use crate::plan::{self, Fault, PartMap, Piece, Plan};
use crate::probe::Reason;
use crate::rank::Status;
use crate::releases::OfficialFile;

use crate::cli::http::Client;
use crate::cli::measure::{Measurement, Role};
use crate::cli::part;
use crate::cli::shell::Shell;
use crate::cli::Failure;

use super::connection::fetch_loop;
use super::{words, Source, HASH_CHUNK_BYTES, INTERRUPTED, MAP_EVERY, UNMEASURED_BPS};

/// Downloads `file` into `dir` from the mirrors measured on `measured` (each one joins as its
/// measurement arrives, when the list gives the size; else once all agree on it); returns the
/// verified file's path. Every measurement received is added to `measurements`, and why each
/// dropped source was dropped to `faults`.
pub(super) fn download(
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
pub(super) fn usable(m: &Measurement) -> bool {
    m.role == Role::Mirror && m.status == Status::Ok
}

/// Why no mirror could be used: exit 3 when none could be reached at all, else 4.
pub(super) fn none_usable(measurements: &[Measurement]) -> Failure {
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
    let unreachable = !crate::cli::rank::any_answered(measurements);
    let said = said.join(", ");
    if unreachable {
        Failure::network(words("cli-get-unreachable", &[("sources", &said)]))
    } else {
        Failure::verify(words("cli-get-no-file", &[("sources", &said)]))
    }
}

pub(super) fn write_error(path: &Path, e: &std::io::Error) -> Failure {
    Failure::input(words(
        "cli-get-write-error",
        &[
            ("path", &path.display().to_string()),
            ("error", &e.to_string()),
        ],
    ))
}

pub(super) fn write_at(part: &part::Part, bytes: &[u8], offset: u64) -> Result<(), Failure> {
    part::write_all_at(&part.file, bytes, offset).map_err(|e| write_error(&part.path, &e))
}

/// What a source's thread tells the writer.
pub(super) enum Event {
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
pub(super) enum Stop {
    /// Another source finished the piece first, or Ctrl-C.
    Cancelled,
    /// The answer is not the piece.
    Fault(Fault),
}

pub(super) struct Engine {
    pub(super) sources: Vec<Source>,
    pub(super) plan: Arc<Mutex<Plan>>,
    pub(super) part: part::Part,
    pub(super) size: u64,
    /// Why each dropped source was dropped, by id.
    pub(super) faults: BTreeMap<String, Fault>,
    /// The official SHA-256 and the file's name, for the map.
    pub(super) sha256: Digest,
    pub(super) name: String,
    pub(super) hasher: StreamHasher,
    pub(super) hashed_to: u64,
    pub(super) last_map: Instant,
    /// The sources' threads send here.
    pub(super) tx: mpsc::Sender<Event>,
    pub(super) rx: mpsc::Receiver<Event>,
    /// Sources' threads still running.
    pub(super) running: usize,
    /// Tells the sources' threads of this round to stop.
    pub(super) stop: Arc<AtomicBool>,
    pub(super) client: Client,
    /// Whether measurements may still arrive.
    pub(super) measuring: bool,
}

impl Engine {
    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, Plan> {
        // A thread that panicked while holding the plan leaves it as it was: still usable.
        self.plan
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A measured source joins: a mirror that works gets a place in the plan, its throughput
    /// test's bytes are kept as the file's first bytes, and its thread starts fetching.
    pub(super) fn join(&mut self, m: Measurement) -> Result<(), Failure> {
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
    pub(super) fn finish_measuring(
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
    pub(super) fn spawn(&mut self, index: usize) {
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
    pub(super) fn fetch_missing(
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

    pub(super) fn collect(
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
    pub(super) fn all_failed(&self) -> Failure {
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
    pub(super) fn advance_hash(&mut self) -> Result<(), Failure> {
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

    pub(super) fn restart_hash(&mut self) {
        self.hasher = StreamHasher::new();
        self.hashed_to = 0;
    }

    /// The whole file's hash (every byte is done), computed as the pieces came.
    pub(super) fn finish_hash(&mut self) -> Result<Digest, Failure> {
        self.advance_hash()?;
        let hasher = std::mem::take(&mut self.hasher);
        self.hashed_to = 0;
        Ok(hasher.finish())
    }

    /// Writes the map: the done ranges, after the data is flushed.
    pub(super) fn save_map(&mut self) -> Result<(), Failure> {
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
}
