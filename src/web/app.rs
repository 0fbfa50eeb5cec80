//! The page's state and what happens on each event: lists loading, files arriving, workers
//! reporting, the visitor typing, switching language or choosing another file.
//!
//! State lives here, in one `App` per page; after every change the affected part of the page is
//! drawn again by `render`. Decisions are the core's: this module only gathers inputs for them.

use std::cell::RefCell;
use std::collections::VecDeque;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{
    DragEvent, Element, Event, File, FileList, HtmlInputElement, HtmlSelectElement, MessageEvent,
    Worker, WorkerOptions, WorkerType,
};

use crate::catalog::{Catalog, MAX_CATALOG_BYTES};
use crate::checksum::is_checksum_file;
use crate::config::Config;
use crate::error::Failure;
use crate::i18n::{fill, Lang, Part};
pub(crate) use crate::inspect::Hashed;
use crate::inspect::Structure;
use crate::platform::{self, ClientHints, Platform};
use crate::releases::{Field, Releases, Selection, MAX_LIST_BYTES};
use crate::verdict::{self, Decision, Expected, Facts, Kind, Verdict};

use super::dom::{by_id, by_id_as};
use super::load::fetch_text;
use super::render;

/// A Rust closure registered as an event handler.
type Listener = Closure<dyn FnMut(Event)>;

/// Where the official list came from, once it has been settled.
pub(crate) enum ListState {
    /// Still trying sources.
    Loading,
    /// From a checksum source of the catalog.
    Live { url: String, releases: Releases },
    /// The snapshot shipped with the page.
    Snapshot {
        date: String,
        source: String,
        releases: Releases,
    },
    /// Nothing could be loaded.
    Unavailable { reason: Failure },
}

impl ListState {
    pub(crate) fn releases(&self) -> Option<&Releases> {
        match self {
            ListState::Live { releases, .. } | ListState::Snapshot { releases, .. } => {
                Some(releases)
            }
            _ => None,
        }
    }
}

/// Where a checked file stands.
pub(crate) enum Stage {
    /// Waiting for a worker (or for side files of its batch to be read).
    Queued,
    /// Arriving from a mirror and hashed as it comes; bytes so far.
    Downloading(u64),
    /// Being hashed; bytes done.
    Hashing(u64),
    /// Hashed; the verdict waits for the official list.
    AwaitingList,
    /// Hash did not match; the gzip stream is being read; bytes done.
    Inspecting(u64),
    /// Settled.
    Done(Box<Verdict>),
}

/// Why a check ended in `error`, in words of the page (`key`, a string of `i18n` with
/// `{detail}`), shown in the visitor's language whenever it is drawn. `detail` is the
/// browser's own message where there is one (browsers write those in English).
#[derive(Clone, Debug)]
pub(crate) struct Why {
    key: &'static str,
    pub(crate) detail: String,
}

impl Why {
    pub(crate) fn ours(key: &'static str, detail: impl Into<String>) -> Why {
        Why {
            key,
            detail: detail.into(),
        }
    }

    /// The words for `lang`.
    pub(crate) fn words(&self, lang: Lang) -> String {
        crate::i18n::fill(lang, self.key, &[("detail", &self.detail)])
    }
}

/// One checked file.
pub(crate) struct Check {
    pub(crate) id: u32,
    /// The file; `None` for a download, whose bytes were hashed as they arrived.
    pub(crate) file: Option<File>,
    /// Where the bytes come from when they are downloaded by the page.
    pub(crate) download: Option<super::download::Download>,
    pub(crate) name: String,
    pub(crate) size_bytes: u64,
    pub(crate) stage: Stage,
    pub(crate) hashed: Option<Hashed>,
    /// Why, for an `error` verdict.
    pub(crate) reason: Option<Why>,
    pub(crate) cancel_requested: bool,
    pub(crate) element: Element,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum JobKind {
    Hash,
    Gzip,
}

#[derive(Clone, Copy)]
struct Job {
    check: u32,
    kind: JobKind,
}

struct Slot {
    worker: Worker,
    job: Option<Job>,
    /// How many times this slot's worker has failed; past [`MAX_WORKER_RESTARTS`] it stays
    /// down instead of failing to load again and again.
    failures: u32,
    /// `onmessage` and `onerror`, kept so that a replacement worker gets them too.
    handlers: (Listener, Listener),
}

impl Slot {
    /// Whether the worker is still worth sending jobs to.
    fn usable(&self) -> bool {
        self.failures <= MAX_WORKER_RESTARTS
    }

    fn attach(&self) {
        self.worker
            .set_onmessage(Some(self.handlers.0.as_ref().unchecked_ref()));
        self.worker
            .set_onerror(Some(self.handlers.1.as_ref().unchecked_ref()));
    }
}

/// Messages from `www/hash-worker.js` (documented at its top), read with serde.
#[derive(serde::Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum FromWorker {
    Progress {
        id: u32,
        #[serde(rename = "doneBytes", default)]
        done_bytes: f64,
    },
    Hashed {
        id: u32,
        result: Hashed,
    },
    Inspected {
        id: u32,
        result: Structure,
    },
    Error {
        id: u32,
        #[serde(default)]
        message: String,
    },
    Cancelled {
        id: u32,
    },
}

/// What the visitor pasted, as understood.
pub(crate) enum Pasted {
    Empty,
    Ok(usize),
    Bad,
}

/// The whole page state.
pub(crate) struct App {
    pub(crate) lang: Lang,
    pub(crate) config: Config,
    pub(crate) list: ListState,
    pub(crate) failures: Vec<(String, Failure)>,
    pub(crate) expected: Expected,
    pub(crate) pasted: Pasted,
    pub(crate) side_messages: Vec<String>,
    /// The rows of "Other ways to install Go", in the page's order (`render::install_rows`).
    pub(crate) install_rows: Vec<Element>,
    pub(crate) platform: Platform,
    /// The visitor's choice; fields left at their defaults follow the detected platform.
    pub(crate) selection: Selection,
    pub(crate) checks: Vec<Check>,
    /// The catalog as loaded (empty until then, or when it was refused).
    pub(crate) catalog: Catalog,
    /// Every mirror's row: the catalog's, then the visitor's own.
    pub(crate) mirrors: Vec<super::mirrors::MirrorRow>,
    /// Every module proxy's row.
    pub(crate) proxies: Vec<super::mirrors::MirrorRow>,
    /// The checksum database's rows: its hosts, then each proxy's `supported`.
    pub(crate) sumdb: Vec<super::mirrors::MirrorRow>,
    /// How each table is sorted (`Table::index`); `None` keeps the catalog's order.
    pub(crate) sorts: [Option<crate::compare::Sort>; 2],
    /// What the current probe run fetches.
    pub(crate) probed: Option<super::mirrors::Targets>,
    /// The current run of measurements.
    pub(crate) run: super::measure::Run,
    /// What the visitor pasted into `#paste-input`, as understood.
    pub(crate) paste: super::paste::PasteBox,
    next_id: u32,
    slots: Vec<Slot>,
    queue: VecDeque<Job>,
    /// Listeners that live as long as the page.
    listeners: Vec<Listener>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the page state. Never called re-entrantly: handlers run one at a time and no
/// code below dispatches events synchronously.
pub(crate) fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

pub(crate) fn report_error(e: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str("gomirror:"), e);
}

/// Builds the state, wires every event and starts loading the lists; `tag` is the visitor's
/// language as `www/main.js` chose it, `strings` the text of its table if it arrived,
/// `load_paste` the function that loads the paste analyser's module (`web::paste`).
pub(crate) fn start(
    tag: &str,
    strings: Option<&str>,
    load_paste: js_sys::Function,
) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let navigator = window.navigator();
    let lang = Lang::from_tag(tag);
    if let Some(text) = strings {
        if let Err(e) = super::load::install_strings(lang, text) {
            report_error(&JsValue::from_str(&e.to_string()));
        }
    }
    let user_agent = navigator.user_agent().unwrap_or_default();
    let hints = low_entropy_hints(&navigator);
    let config = Config::default();
    let mut slots = Vec::new();
    for slot in 0..config.hash_workers.max(1) as usize {
        let slot = Slot {
            worker: new_worker()?,
            job: None,
            failures: 0,
            handlers: worker_handlers(slot),
        };
        slot.attach();
        slots.push(slot);
    }
    let app = App {
        lang,
        config,
        list: ListState::Loading,
        failures: Vec::new(),
        expected: Expected::default(),
        pasted: Pasted::Empty,
        side_messages: Vec::new(),
        install_rows: {
            let rows = super::dom::document()?.query_selector_all("#install-other tr[data-os]")?;
            (0..rows.length())
                .filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok())
                .collect()
        },
        platform: platform::detect(&user_agent, hints.as_ref()),
        selection: Selection::default(),
        checks: Vec::new(),
        catalog: Catalog::default(),
        mirrors: Vec::new(),
        proxies: Vec::new(),
        sumdb: Vec::new(),
        sorts: [None; 2],
        probed: None,
        run: super::measure::Run::default(),
        paste: super::paste::PasteBox::new(load_paste),
        next_id: 1,
        slots,
        queue: VecDeque::new(),
        listeners: Vec::new(),
    };
    APP.with(|cell| *cell.borrow_mut() = Some(app));
    wire_events()?;
    super::mirrors::wire()?;
    super::download::wire()?;
    super::next::wire()?;
    super::paste::wire()?;
    with_app(|app| render::everything(app)).transpose()?;
    if !crate::i18n::installed(lang, Part::Page) {
        // main.js could not fetch the strings: try again, then English, and draw again.
        spawn_local(async move {
            if let Err(failure) = super::load::ensure_strings(lang).await {
                report_error(&JsValue::from_str(&crate::explain::failure(lang, &failure)));
                let _ = super::load::ensure_strings(Lang::En).await;
            }
            if let Some(Err(e)) = with_app(|app| render::everything(app)) {
                report_error(&e);
            }
        });
    }
    // For the benchmark: from here on, the page answers the visitor.
    mark("gomirror-interactive");
    spawn_local(async move {
        if let Err(e) = load_lists().await {
            report_error(&e);
        }
    });
    spawn_local(async move {
        refine_platform(user_agent).await;
    });
    Ok(())
}

/// Where the visitor's choice of language is kept; `www/main.js` reads it.
const LANG_KEY: &str = "gomirror.lang";

/// A `performance.mark` the benchmark reads.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// How often a crashed hashing worker is replaced before its slot is given up.
const MAX_WORKER_RESTARTS: u32 = 3;

fn new_worker() -> Result<Worker, JsValue> {
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
        match serde_wasm_bindgen::from_value::<FromWorker>(event.data()) {
            Ok(message) => {
                if let Some(Err(e)) = with_app(|app| app.on_worker_message(message)) {
                    report_error(&e);
                }
            }
            Err(e) => report_error(&JsValue::from_str(&format!("a worker message: {e}"))),
        }
    });
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        // The worker could not start or crashed: its job gets an `error` verdict.
        event.prevent_default();
        if let Some(Err(e)) = with_app(|app| app.on_worker_failure(slot)) {
            report_error(&e);
        }
    });
    (on_message, on_error)
}

/// Adds a listener that lives as long as the page.
pub(crate) fn listen(
    target: &impl AsRef<web_sys::EventTarget>,
    kind: &str,
    handler: impl FnMut(Event) + 'static,
) -> Result<(), JsValue> {
    let closure = Closure::<dyn FnMut(Event)>::new(handler);
    target
        .as_ref()
        .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    with_app(|app| app.listeners.push(closure));
    Ok(())
}

fn wire_events() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let input: HtmlInputElement = by_id_as("file-input")?;
    let input_for_change = input.clone();
    listen(&input, "change", move |_| {
        if let Some(files) = input_for_change.files() {
            add_files(&files);
        }
        // Choosing the same file again must fire `change` again.
        input_for_change.set_value("");
    })?;
    // Dropping anywhere on the page is taken as a drop on #drop-zone, so a near miss does not
    // make the browser open the file instead.
    let drop_zone = by_id("drop-zone")?;
    for kind in ["dragenter", "dragover"] {
        let zone = drop_zone.clone();
        listen(&window, kind, move |event| {
            event.prevent_default();
            let _ = zone.class_list().add_1("dragging");
        })?;
    }
    let zone = drop_zone.clone();
    listen(&window, "dragleave", move |event| {
        if event
            .dyn_ref::<DragEvent>()
            .is_some_and(|e| e.related_target().is_none())
        {
            let _ = zone.class_list().remove_1("dragging");
        }
    })?;
    let zone = drop_zone.clone();
    listen(&window, "drop", move |event| {
        event.prevent_default();
        let _ = zone.class_list().remove_1("dragging");
        let files = event
            .dyn_ref::<DragEvent>()
            .and_then(|e| e.data_transfer())
            .and_then(|t| t.files());
        if let Some(files) = files {
            add_files(&files);
        }
    })?;
    let expected: HtmlInputElement = by_id_as("expected-sha256")?;
    let field = expected.clone();
    listen(&expected, "input", move |_| {
        let text = field.value();
        let _ = with_app(|app| {
            app.pasted = match app.expected.set_pasted(&text) {
                Ok(0) => Pasted::Empty,
                Ok(n) => Pasted::Ok(n),
                Err(_) => Pasted::Bad,
            };
            render::pasted(app)
        });
    })?;
    listen(&by_id("lang-switch")?, "click", move |_| {
        let Some(next) = with_app(|app| app.lang.other()) else {
            return;
        };
        // The other language's strings are fetched on the first switch (offline, the service
        // worker has them).
        spawn_local(async move {
            if let Err(failure) = super::load::ensure_strings(next).await {
                let lang = with_app(|app| app.lang).unwrap_or_default();
                report_error(&JsValue::from_str(&crate::explain::failure(lang, &failure)));
                return;
            }
            // The paste box, once used, explains in the new language as soon as it shows.
            super::paste::prepare(next).await;
            let _ = with_app(|app| {
                app.lang = next;
                if let Some(storage) =
                    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
                {
                    let _ = storage.set_item(LANG_KEY, next.tag());
                }
                render::everything(app)
            });
        });
    })?;
    listen(&by_id("verdicts")?, "click", move |event| {
        let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let Ok(Some(button)) = target.closest("[data-testid=\"cancel\"]") else {
            return;
        };
        if let Some(id) = button
            .get_attribute("data-check")
            .and_then(|v| v.parse().ok())
        {
            if let Some(Err(e)) = with_app(|app| app.cancel(id)) {
                report_error(&e);
            }
        }
    })?;
    for (id, field) in [
        ("pick-version", Field::Version),
        ("pick-os", Field::Os),
        ("pick-arch", Field::Arch),
        ("pick-kind", Field::Kind),
    ] {
        let select: HtmlSelectElement = by_id_as(id)?;
        let source = select.clone();
        listen(&select, "change", move |_| {
            let value = source.value();
            let _ = with_app(|app| {
                app.choose(field, &value);
                app.selection_changed();
                render::pick(app)
            });
        })?;
    }
    Ok(())
}

fn add_files(list: &FileList) {
    let files: Vec<File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    let (sides, downloads): (Vec<File>, Vec<File>) = files
        .into_iter()
        .partition(|f| is_checksum_file(&f.name(), f.size() as u64));
    let ids = with_app(|app| app.add_checks(downloads)).unwrap_or_else(|| Ok(Vec::new()));
    let ids = match ids {
        Ok(ids) => ids,
        Err(e) => return report_error(&e),
    };
    // Side files of the batch are read before its downloads are queued, so their checksums
    // are there when the verdicts are decided.
    spawn_local(async move {
        for side in sides {
            let name = side.name();
            let text = match JsFuture::from(side.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => String::new(),
            };
            let _ = with_app(|app| {
                let message = match app.expected.add_side_file(&name, &text) {
                    Ok(n) => fill(
                        app.lang,
                        "sidefile-read",
                        &[("count", &n.to_string()), ("name", &name)],
                    ),
                    Err(_) => fill(app.lang, "sidefile-bad", &[("name", &name)]),
                };
                app.side_messages.push(message);
                render::side_messages(app)
            });
        }
        if let Some(Err(e)) = with_app(|app| {
            for id in ids {
                app.queue.push_back(Job {
                    check: id,
                    kind: JobKind::Hash,
                });
            }
            app.pump()
        }) {
            report_error(&e);
        }
    });
}

impl App {
    /// The OS the page is about: the visitor's choice, else the detected one (as
    /// `render::effective_selection` has it, without its look-ups).
    pub(crate) fn chosen_os(&self) -> &str {
        if self.selection.os.is_empty() {
            &self.platform.os
        } else {
            &self.selection.os
        }
    }

    fn add_checks(&mut self, files: Vec<File>) -> Result<Vec<u32>, JsValue> {
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
        download: Option<super::download::Download>,
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
            element: render::new_check_element()?,
        };
        by_id("verdicts")?.append_child(&check.element)?;
        render::check(self.lang, &check)?;
        self.checks.push(check);
        Ok(id)
    }

    fn check_mut(&mut self, id: u32) -> Option<&mut Check> {
        self.checks.iter_mut().find(|c| c.id == id)
    }

    /// Gives queued jobs to idle workers.
    fn pump(&mut self) -> Result<(), JsValue> {
        if !self.slots.iter().any(Slot::usable) {
            let lang = self.lang;
            let queued: Vec<u32> = self.queue.drain(..).map(|j| j.check).collect();
            for id in queued {
                if let Some(check) = self.check_mut(id) {
                    check.reason = Some(Why::ours("why-worker-start", ""));
                    check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Error)));
                    render::check(lang, check)?;
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
            let Some(check) = self.checks.iter_mut().find(|c| c.id == job.check) else {
                continue;
            };
            check.stage = match job.kind {
                JobKind::Hash => Stage::Hashing(0),
                JobKind::Gzip => Stage::Inspecting(0),
            };
            let message = Object::new();
            let kind = if job.kind == JobKind::Hash {
                "hash"
            } else {
                "gzip"
            };
            Reflect::set(&message, &"type".into(), &kind.into())?;
            Reflect::set(&message, &"id".into(), &job.check.into())?;
            let file = check
                .file
                .clone()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            Reflect::set(&message, &"file".into(), &file)?;
            Reflect::set(
                &message,
                &"chunkBytes".into(),
                &self.config.chunk_bytes.into(),
            )?;
            Reflect::set(
                &message,
                &"progressMs".into(),
                &self.config.progress_interval_ms.into(),
            )?;
            self.slots[slot].worker.post_message(&message)?;
            self.slots[slot].job = Some(job);
            render::check(self.lang, check)?;
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
        let lang = self.lang;
        match message {
            FromWorker::Progress { id, done_bytes } => {
                if let Some(check) = self.check_mut(id) {
                    let done = done_bytes as u64;
                    check.stage = match check.stage {
                        Stage::Inspecting(_) => Stage::Inspecting(done),
                        _ => Stage::Hashing(done),
                    };
                    render::progress(lang, check)?;
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
                    render::check(lang, check)?;
                }
            }
            FromWorker::Cancelled { id } => {
                self.free_slot_of(id);
                if let Some(check) = self.check_mut(id) {
                    check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Cancelled)));
                    render::check(lang, check)?;
                }
            }
        }
        self.pump()
    }

    fn on_worker_failure(&mut self, slot: usize) -> Result<(), JsValue> {
        if let Some(job) = self.slots[slot].job.take() {
            let lang = self.lang;
            if let Some(check) = self.check_mut(job.check) {
                check.reason = Some(Why::ours("why-worker-stopped", ""));
                check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Error)));
                render::check(lang, check)?;
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
        let lang = self.lang;
        let releases_ready = !matches!(self.list, ListState::Loading);
        let Some(index) = self.checks.iter().position(|c| c.id == id) else {
            return Ok(());
        };
        let check = &self.checks[index];
        if check.cancel_requested {
            let check = &mut self.checks[index];
            check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Cancelled)));
            return render::check(lang, check);
        }
        let Some(hashed) = check.hashed.clone() else {
            return Ok(());
        };
        if !releases_ready {
            return render::check(lang, check);
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
        render::check(lang, &self.checks[index])?;
        super::next::render(self)
    }

    fn cancel(&mut self, id: u32) -> Result<(), JsValue> {
        let lang = self.lang;
        let queued = self.queue.iter().any(|j| j.check == id);
        let running = self
            .slots
            .iter()
            .find(|s| s.job.is_some_and(|j| j.check == id))
            .map(|s| s.worker.clone());
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
        if let Some(worker) = running {
            let message = Object::new();
            Reflect::set(&message, &"type".into(), &"cancel".into())?;
            Reflect::set(&message, &"id".into(), &id.into())?;
            return worker.post_message(&message);
        }
        check.stage = Stage::Done(Box::new(verdict::unfinished(Kind::Cancelled)));
        render::check(lang, check)?;
        if queued {
            self.queue.retain(|j| j.check != id);
        }
        Ok(())
    }

    fn choose(&mut self, field: Field, value: &str) {
        let (platform, list) = (&self.platform, &self.list);
        self.selection
            .choose(field, value, &platform.os, &platform.arch, list.releases());
    }

    /// Called once the official list is settled (loaded or given up on).
    fn list_settled(&mut self) -> Result<(), JsValue> {
        render::everything(self)?;
        mark("gomirror-list");
        self.start_probes();
        let waiting: Vec<u32> = self
            .checks
            .iter()
            .filter(|c| matches!(c.stage, Stage::AwaitingList))
            .map(|c| c.id)
            .collect();
        for id in waiting {
            self.decide(id)?;
        }
        self.pump()
    }
}

/// Loads the catalog, then the official list: each checksum source in order, then the
/// shipped snapshot.
async fn load_lists() -> Result<(), JsValue> {
    let timeout_ms =
        with_app(|a| a.config.list_timeout_ms).unwrap_or(Config::default().list_timeout_ms);
    const CATALOG: &str = "data/catalog.json";
    let catalog = fetch_text(CATALOG, "catalog", timeout_ms, MAX_CATALOG_BYTES)
        .await
        .and_then(|text| Ok(super::load::catalog_of(&text)?));
    let catalog = catalog.unwrap_or_else(|failure| {
        with_app(|a| a.failures.push((CATALOG.into(), failure)));
        Catalog::default()
    });
    with_app(|a| {
        a.catalog = catalog.clone();
        [a.mirrors, a.proxies, a.sumdb] = super::mirrors::rows(&catalog);
    });
    for url in &catalog.checksum_sources {
        let list = fetch_text(url, "release list", timeout_ms, MAX_LIST_BYTES)
            .await
            .and_then(|text| Ok(super::load::releases_of(&text)?));
        match list {
            Ok(releases) => {
                return with_app(|a| {
                    a.list = ListState::Live {
                        url: url.clone(),
                        releases,
                    };
                    a.list_settled()
                })
                .unwrap_or(Ok(()));
            }
            Err(failure) => {
                with_app(|a| a.failures.push((url.clone(), failure)));
            }
        }
    }
    let (date, source) = match fetch_text("data/snapshot.json", "snapshot", timeout_ms, 1 << 16)
        .await
    {
        Ok(text) => {
            let json = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
            let meta =
                crate::releases::SnapshotMeta::read(serde_wasm_bindgen::Deserializer::from(json));
            (meta.date(), meta.source())
        }
        Err(_) => (String::new(), String::new()),
    };
    const SNAPSHOT: &str = "data/releases.json";
    let list = match fetch_text(SNAPSHOT, "release list", timeout_ms, MAX_LIST_BYTES)
        .await
        .and_then(|text| Ok(super::load::releases_of(&text)?))
    {
        Ok(releases) => ListState::Snapshot {
            date,
            source,
            releases,
        },
        Err(reason) => ListState::Unavailable { reason },
    };
    with_app(|a| {
        a.list = list;
        a.list_settled()
    })
    .unwrap_or(Ok(()))
}

/// `navigator.userAgentData`'s low-entropy values, where the browser has them.
fn low_entropy_hints(navigator: &web_sys::Navigator) -> Option<ClientHints> {
    let data = Reflect::get(navigator, &"userAgentData".into()).ok()?;
    if data.is_undefined() || data.is_null() {
        return None;
    }
    let platform = Reflect::get(&data, &"platform".into()).ok()?.as_string();
    let mobile = Reflect::get(&data, &"mobile".into()).ok()?.as_bool();
    Some(ClientHints {
        platform,
        mobile,
        ..ClientHints::default()
    })
}

/// Asks for the architecture and bitness hints (Chromium only) and detects again with them.
async fn refine_platform(user_agent: String) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let Some(mut hints) = low_entropy_hints(&navigator) else {
        return;
    };
    let Ok(data) = Reflect::get(&navigator, &"userAgentData".into()) else {
        return;
    };
    let Ok(method) = Reflect::get(&data, &"getHighEntropyValues".into()) else {
        return;
    };
    let Some(method) = method.dyn_ref::<Function>() else {
        return;
    };
    let wanted = js_sys::Array::of2(&"architecture".into(), &"bitness".into());
    let Ok(promise) = method.call1(&data, &wanted) else {
        return;
    };
    let Ok(values) = JsFuture::from(js_sys::Promise::from(promise)).await else {
        return;
    };
    let get = |key: &str| {
        Reflect::get(&values, &key.into())
            .ok()
            .and_then(|v| v.as_string())
    };
    hints.architecture = get("architecture");
    hints.bitness = get("bitness");
    let _ = with_app(|app| {
        app.platform = platform::detect(&user_agent, Some(&hints));
        // Another architecture means another file to measure.
        app.selection_changed();
        render::pick(app)
    });
}
