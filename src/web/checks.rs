//! The checked files: each dropped file (or download) gets a check; the page's pool of hashing
//! workers (`www/hash-worker.js`) hashes them one job each, and the core decides the verdicts.
//! Worker messages, like every event, change the state inside `view::update`.

use wasm_bindgen::prelude::*;
use web_sys::{Event, File, MessageEvent, Worker, WorkerOptions, WorkerType};

use crate::inspect::Structure;
use crate::verdict::{self, Decision, Expected, Facts, Kind};

use super::dom::by_id;
use super::state::{
    App, Check, Dirty, Download, Hashed, Job, JobKind, ListState, Listener, Slot, Stage, Why,
    MAX_WORKER_RESTARTS,
};
use super::view::{page, update};

/// Messages from `www/hash-worker.js` (documented at its top), read by [`FromWorker::read`].
pub(crate) enum FromWorker {
    Progress { id: u32, done_bytes: f64 },
    Hashed { id: u32, result: Hashed },
    Inspected { id: u32, result: Structure },
    Error { id: u32, message: String },
}

impl FromWorker {
    /// A message as the worker posted it. Read field by field rather than with serde's derive
    /// for an internally tagged enum, which buffers every message into serde's generic
    /// `Content` first: that machinery weighed about 11 KB of the page's wasm, gzip (README
    /// "Performance"). `result` is still read with serde, as the core's types say.
    pub(crate) fn read(data: &JsValue) -> Result<FromWorker, String> {
        let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name));
        let kind = field("type")
            .ok()
            .and_then(|t| t.as_string())
            .ok_or("no `type`")?;
        let id = field("id").ok().and_then(|id| id.as_f64());
        let id = match id {
            Some(id) if id >= 0.0 && id <= f64::from(u32::MAX) && id.fract() == 0.0 => id as u32,
            _ => return Err(format!("{kind}: no valid `id`")),
        };
        let result = || field("result").map_err(|_| format!("{kind} {id}: no `result`"));
        let read_error = |e: serde_wasm_bindgen::Error| format!("{kind} {id}: {e}");
        Ok(match kind.as_str() {
            "progress" => FromWorker::Progress {
                id,
                done_bytes: field("doneBytes")
                    .ok()
                    .and_then(|d| d.as_f64())
                    .unwrap_or(0.0),
            },
            "hashed" => FromWorker::Hashed {
                id,
                result: serde_wasm_bindgen::from_value(result()?).map_err(read_error)?,
            },
            "inspected" => FromWorker::Inspected {
                id,
                result: serde_wasm_bindgen::from_value(result()?).map_err(read_error)?,
            },
            "error" => FromWorker::Error {
                id,
                message: field("message")
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_default(),
            },
            _ => return Err(format!("unknown type {kind:?}")),
        })
    }
}

/// Messages to `www/hash-worker.js` (documented at its top), written with serde.
#[derive(serde::Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(crate) enum ToWorker {
    /// Hash a file.
    Hash {
        id: u32,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: JsValue,
        #[serde(rename = "chunkBytes")]
        chunk_bytes: u32,
        #[serde(rename = "progressMs")]
        progress_ms: u32,
    },
    /// Read a file's gzip stream to its end.
    Gzip {
        id: u32,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        file: JsValue,
        #[serde(rename = "chunkBytes")]
        chunk_bytes: u32,
        #[serde(rename = "progressMs")]
        progress_ms: u32,
    },
    /// Hash a download as it arrives: the stream is transferred with the message, or where
    /// the browser cannot transfer a stream, `null` and its bytes follow as [`ToWorker::Chunk`]s.
    Stream {
        id: u32,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        stream: JsValue,
        gzip: bool,
    },
    /// The next bytes of a stream sent without one.
    Chunk {
        id: u32,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        bytes: JsValue,
    },
    /// The end of a stream sent without one.
    End { id: u32 },
}

impl ToWorker {
    /// The message as the worker receives it.
    pub(crate) fn to_value(&self) -> Result<JsValue, JsValue> {
        serde_wasm_bindgen::to_value(self).map_err(JsValue::from)
    }
}

pub(crate) fn new_worker() -> Result<Worker, JsValue> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    // Relative to the page, so the site works under any sub-path.
    Worker::new_with_options("hash-worker.js", &options)
}

fn worker_handlers(slot: usize) -> (Listener, Listener) {
    let on_message = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else {
            return;
        };
        let message = FromWorker::read(&event.data());
        update(|app| match message {
            Ok(message) => app.on_worker_message(message),
            Err(e) => Err(JsValue::from_str(&format!("a worker message: {e}"))),
        });
    });
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        // The worker could not start or crashed: its job gets an `error` verdict.
        event.prevent_default();
        update(|app| app.on_worker_failure(slot));
    });
    (on_message, on_error)
}

impl App {
    pub(crate) fn add_checks(&mut self, files: Vec<File>) -> Result<Vec<u32>, JsValue> {
        files
            .into_iter()
            .map(|file| {
                let (name, size) = (file.name(), file.size() as u64);
                self.add_check(Some(file), name, size, None)
            })
            .collect()
    }

    /// Adds one element to the results and its state; returns its id.
    pub(crate) fn add_check(
        &mut self,
        file: Option<File>,
        name: String,
        size_bytes: u64,
        download: Option<Download>,
    ) -> Result<u32, JsValue> {
        let id = self.next_id;
        self.next_id += 1;
        let check = Check {
            id,
            name,
            size_bytes,
            stage: if download.is_some() {
                Stage::Downloading(0)
            } else {
                Stage::Queued
            },
            file,
            download,
            hashed: None,
            reason: None,
            cancel_requested: false,
            element: page::new_check_element()?,
        };
        by_id("verdicts")?.append_child(&check.element)?;
        self.checks.push(check);
        self.touch_check(id);
        Ok(id)
    }

    /// The check `id`, to change: it is drawn again after the change.
    fn check_mut(&mut self, id: u32) -> Option<&mut Check> {
        self.touch_check(id);
        self.checks.iter_mut().find(|c| c.id == id)
    }

    /// Gives queued jobs to idle workers.
    /// Starts the hashing workers unless they are running: once the official list is on the
    /// page (their module loads after the page's data, not before), or with the first file
    /// chosen before that.
    pub(crate) fn start_workers(&mut self) -> Result<(), JsValue> {
        if self.slots.is_empty() {
            for slot in 0..self.config.hash_workers.max(1) as usize {
                let slot = Slot {
                    worker: new_worker()?,
                    job: None,
                    failures: 0,
                    handlers: worker_handlers(slot),
                };
                slot.attach();
                self.slots.push(slot);
            }
        }
        Ok(())
    }

    pub(crate) fn pump(&mut self) -> Result<(), JsValue> {
        if !self.queue.is_empty() {
            self.start_workers()?;
        }
        if !self.slots.iter().any(Slot::usable) {
            let queued: Vec<u32> = self.queue.drain(..).map(|j| j.check).collect();
            for id in queued {
                if let Some(check) = self.check_mut(id) {
                    check.reason = Some(Why::ours("why-worker-start", ""));
                    check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Error)));
                }
            }
        }
        while let Some(slot) = self
            .slots
            .iter()
            .position(|s| s.job.is_none() && s.usable())
        {
            let Some(job) = self.queue.pop_front() else {
                break;
            };
            let Some(check) = self.check_mut(job.check) else {
                continue;
            };
            check.stage = match job.kind {
                JobKind::Hash => Stage::Hashing(0),
                JobKind::Gzip => Stage::Inspecting(0),
            };
            let file = check
                .file
                .clone()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let (id, chunk_bytes) = (job.check, self.config.chunk_bytes);
            let progress_ms = self.config.progress_interval_ms;
            let message = match job.kind {
                JobKind::Hash => ToWorker::Hash {
                    id,
                    file,
                    chunk_bytes,
                    progress_ms,
                },
                JobKind::Gzip => ToWorker::Gzip {
                    id,
                    file,
                    chunk_bytes,
                    progress_ms,
                },
            }
            .to_value()?;
            self.slots[slot].worker.post_message(&message)?;
            self.slots[slot].job = Some(job);
        }
        Ok(())
    }

    fn free_slot_of(&mut self, id: u32) {
        for slot in &mut self.slots {
            if slot.job.is_some_and(|j| j.check == id) {
                slot.job = None;
            }
        }
    }

    fn on_worker_message(&mut self, message: FromWorker) -> Result<(), JsValue> {
        match message {
            FromWorker::Progress { id, done_bytes } => {
                if let Some(check) = self.check_mut(id) {
                    let done = done_bytes as u64;
                    check.stage = match check.stage {
                        Stage::Inspecting(_) => Stage::Inspecting(done),
                        _ => Stage::Hashing(done),
                    };
                }
                return Ok(());
            }
            FromWorker::Hashed { id, result } => {
                self.free_slot_of(id);
                if let Some(check) = self.check_mut(id) {
                    check.hashed = Some(result);
                    check.stage = Stage::AwaitingList;
                }
                self.decide(id)?;
            }
            FromWorker::Inspected { id, result } => {
                self.free_slot_of(id);
                if let Some(check) = self.check_mut(id) {
                    if let Some(hashed) = &mut check.hashed {
                        hashed.findings.structure = result;
                    }
                    check.stage = Stage::AwaitingList;
                }
                self.decide(id)?;
            }
            FromWorker::Error { id, message } => {
                self.free_slot_of(id);
                if let Some(check) = self.check_mut(id) {
                    check.reason = Some(Why::ours("why-browser", message));
                    check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Error)));
                }
            }
        }
        self.pump()
    }

    fn on_worker_failure(&mut self, slot: usize) -> Result<(), JsValue> {
        if let Some(job) = self.slots[slot].job.take() {
            if let Some(check) = self.check_mut(job.check) {
                check.reason = Some(Why::ours("why-worker-stopped", ""));
                check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Error)));
            }
        }
        // A fresh worker for the jobs still queued, unless this one keeps failing (its script
        // cannot load): then the queued files get an error instead of waiting forever.
        let this = &mut self.slots[slot];
        this.worker.terminate();
        this.failures += 1;
        if this.failures <= MAX_WORKER_RESTARTS {
            this.worker = new_worker()?;
            this.attach();
        }
        self.pump()
    }

    /// Settles a hashed check if the official list is settled; asks for the gzip pass when the
    /// verdict depends on it.
    pub(crate) fn decide(&mut self, id: u32) -> Result<(), JsValue> {
        let releases_ready = !matches!(self.list, ListState::Loading);
        let Some(index) = self.checks.iter().position(|c| c.id == id) else {
            return Ok(());
        };
        self.touch_check(id);
        let check = &self.checks[index];
        if check.cancel_requested {
            let check = &mut self.checks[index];
            check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Cancelled)));
            return Ok(());
        }
        let Some(hashed) = check.hashed.clone() else {
            return Ok(());
        };
        if !releases_ready {
            return Ok(());
        }
        // The small list's verdict stands only where it sees both the file the name means and
        // the file the bytes are; else the whole list decides (DESIGN.md, "two sizes").
        let small_is_not_enough = self.whole.pending()
            && self.list.releases().is_some_and(|small| {
                !small.decides_alone(&check.name, hashed.size_bytes, &hashed.sha256)
            });
        if small_is_not_enough {
            self.checks[index].stage = Stage::AwaitingList;
            self.ask_whole();
            return Ok(());
        }
        let facts = Facts {
            name: &check.name,
            size_bytes: hashed.size_bytes,
            sha256: hashed.sha256,
            findings: hashed.findings,
        };
        // A download is judged by the official list alone: what was pasted is for the files
        // the visitor drops.
        let official_only = Expected::default();
        let expected = if check.download.is_some() {
            &official_only
        } else {
            &self.expected
        };
        let decision = verdict::decide(&facts, expected, self.list.releases());
        let check = &mut self.checks[index];
        match decision {
            Decision::Final(v) => check.stage = Stage::Done(v),
            Decision::NeedsGzipCheck => {
                check.stage = Stage::Inspecting(0);
                // Ahead of other files' first passes: this one is nearly done.
                self.queue.push_front(Job {
                    check: id,
                    kind: JobKind::Gzip,
                });
            }
        }
        self.touch(Dirty::NEXT);
        Ok(())
    }

    pub(crate) fn cancel(&mut self, id: u32) -> Result<(), JsValue> {
        let running = self
            .slots
            .iter()
            .position(|s| s.job.is_some_and(|j| j.check == id));
        let Some(check) = self.check_mut(id) else {
            return Ok(());
        };
        if matches!(check.stage, Stage::Done(_)) {
            return Ok(());
        }
        check.cancel_requested = true;
        if let Some(download) = &check.download {
            download.abort();
        }
        check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Cancelled)));
        self.queue.retain(|j| j.check != id);
        // A file being hashed stops at once: its worker is terminated, and a fresh one takes
        // its place for the files still queued.
        if let Some(slot) = running {
            let slot = &mut self.slots[slot];
            slot.worker.terminate();
            slot.worker = new_worker()?;
            slot.attach();
            slot.job = None;
        }
        self.pump()
    }
}
