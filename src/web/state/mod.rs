//! The page's state: one [`App`] per page, and everything it holds. Events and tasks change it
//! inside `view::update`; views read it. Nothing here draws, fetches or listens: what it
//! decides it asks of the core, and what a change touched it records in [`Dirty`] for the
//! views.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, Element, Event, File, Worker};

use crate::catalog::{Catalog, Mirror, SUMDB_SUPPORTED};
use crate::commands::Os;
use crate::config::Config;
use crate::error::Failure;
use crate::i18n::Lang;
pub(crate) use crate::inspect::Hashed;
use crate::platform::Platform;
use crate::probe::{Measured, Stage as ProbeStage};
use crate::rank::{recommend, Figures, Recommendation, Status, Why as RankWhy};
use crate::releases::{Field, Releases, Selection};
use crate::toolchain;
use crate::verdict::{Expected, Verdict};

mod sources;
pub(crate) use sources::*;

/// The parts of the page a change touched: what `view::draw` draws again after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Dirty(u8);

impl Dirty {
    /// Every part: the page started, the language changed, the official list settled.
    pub(crate) const ALL: Dirty = Dirty(u8::MAX);
    /// The file the page is about: the picker, the install section, and the sources' links.
    pub(crate) const PICK: Dirty = Dirty(1);
    /// The sources' measurements and what follows from them: the tables, the chart, the
    /// recommendation, the install section's links, the advice on proxies and the checksum
    /// database, the private cache.
    pub(crate) const SOURCES: Dirty = Dirty(2);
    /// `#diagnosis`, which follows the sources and the verdicts.
    pub(crate) const NEXT: Dirty = Dirty(4);
    /// The expected checksum's field and the side files' messages.
    pub(crate) const EXPECTED: Dirty = Dirty(8);
    /// The paste box.
    pub(crate) const PASTE: Dirty = Dirty(16);

    /// Whether any part of `other` is touched.
    pub(crate) fn has(self, other: Dirty) -> bool {
        self.0 & other.0 != 0
    }
}

impl std::ops::BitOr for Dirty {
    type Output = Dirty;
    fn bitor(self, other: Dirty) -> Dirty {
        Dirty(self.0 | other.0)
    }
}

/// A Rust closure registered as an event handler.
pub(crate) type Listener = Closure<dyn FnMut(Event)>;

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

/// Whether the list in use is the whole official list (DESIGN.md, "two sizes"): the small one
/// (`checksum_sources_current`) answers first, the whole one loads when something needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Whole {
    /// The small list is in use (or still loading); nothing has needed the whole one yet.
    NotLoaded,
    /// Being fetched for a file or a chosen version; the small list stays in use meanwhile.
    Loading,
    /// The list in use is the whole one: loaded, or the catalog names no small list.
    InUse,
    /// Every source of the whole list failed: the small one stays and decides alone.
    Failed,
}

impl Whole {
    /// Whether a verdict that needs the whole list must still wait for it.
    pub(crate) fn pending(self) -> bool {
        matches!(self, Whole::NotLoaded | Whole::Loading)
    }
}

/// The `#pick-version` entry that loads every older release (the small list holds only the
/// current ones): never a version's name, which always starts with `go`.
pub(crate) const OLDER_VERSIONS: &str = "older";

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
    pub(crate) download: Option<Download>,
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
pub(crate) enum JobKind {
    Hash,
    Gzip,
}

#[derive(Clone, Copy)]
pub(crate) struct Job {
    pub(crate) check: u32,
    pub(crate) kind: JobKind,
}

/// How often a crashed hashing worker is replaced before its slot is given up.
pub(crate) const MAX_WORKER_RESTARTS: u32 = 3;

/// One hashing worker and its job.
pub(crate) struct Slot {
    pub(crate) worker: Worker,
    pub(crate) job: Option<Job>,
    /// How many times this slot's worker has failed; past [`MAX_WORKER_RESTARTS`] it stays
    /// down instead of failing to load again and again.
    pub(crate) failures: u32,
    /// `onmessage` and `onerror`, kept so that a replacement worker gets them too.
    pub(crate) handlers: (Listener, Listener),
}

impl Slot {
    /// Whether the worker is still worth sending jobs to.
    pub(crate) fn usable(&self) -> bool {
        self.failures <= MAX_WORKER_RESTARTS
    }

    /// Hands the worker its handlers.
    pub(crate) fn attach(&self) {
        self.worker
            .set_onmessage(Some(self.handlers.0.as_ref().unchecked_ref()));
        self.worker
            .set_onerror(Some(self.handlers.1.as_ref().unchecked_ref()));
    }
}

/// What the visitor pasted, as understood.
pub(crate) enum Pasted {
    Empty,
    Ok(usize),
    Bad,
}

/// A report opened from a link (`#r=`, `web::share`), shown read-only in `#shared-report`.
pub(crate) enum Shared {
    /// No link: the page is the visitor's own.
    None,
    /// Being read: the page waits, measuring nothing.
    Opening,
    /// Someone else's report, read and checked by the report links' module, which keeps it and
    /// draws it; the page measures nothing until `#measure-mine`.
    Report(Links),
    /// The link could not be read: the module says why, and the page runs as usual.
    Bad(Links),
    /// The report links' module could not be loaded (why): said so, and the page runs as usual.
    Unavailable(String),
}

#[wasm_bindgen]
extern "C" {
    /// The report links' module's exports (`src/share_module.rs`).
    #[derive(Clone)]
    pub(crate) type Links;

    /// Reads a link's payload and keeps what it holds; resolves to whether it is a report.
    #[wasm_bindgen(method)]
    pub(crate) fn read(this: &Links, payload: String) -> js_sys::Promise;

    /// Draws what the link held, in the language of this tag, into the section's body.
    #[wasm_bindgen(method, catch)]
    pub(crate) fn draw(
        this: &Links,
        lang: &str,
        section: &Element,
        body: &Element,
    ) -> Result<(), JsValue>;

    /// The link to `page` carrying the report (serde-wasm-bindgen's value); rejects with
    /// `null` when it breaks the link's limits, else with the browser's message.
    #[wasm_bindgen(method)]
    pub(crate) fn link(this: &Links, report: &JsValue, page: &str) -> js_sys::Promise;

    /// The Markdown of a report (serde-wasm-bindgen's value).
    #[wasm_bindgen(method, catch)]
    pub(crate) fn markdown(this: &Links, report: &JsValue) -> Result<String, JsValue>;
}

/// The whole page state.
pub(crate) struct App {
    pub(crate) lang: Lang,
    /// A report from a link, if the page was opened with one.
    pub(crate) shared: Shared,
    /// Loads the report links' module, ready for a language (`www/main.js`).
    pub(crate) load_share: Function,
    pub(crate) config: Config,
    pub(crate) list: ListState,
    /// Whether `list` is the whole official list, or when it will be.
    pub(crate) whole: Whole,
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
    pub(crate) mirrors: Vec<MirrorRow>,
    /// Every module proxy's row.
    pub(crate) proxies: Vec<MirrorRow>,
    /// The checksum database's rows: its hosts, then each proxy's `supported`.
    pub(crate) sumdb: Vec<MirrorRow>,
    /// Why the visitor's last mirror was refused (a key of the strings), until one is added.
    pub(crate) add_problem: Option<&'static str>,
    /// How each table is sorted (`Table::index`); `None` keeps the catalog's order.
    pub(crate) sorts: [Option<crate::compare::Sort>; 2],
    /// What the current probe run fetches.
    pub(crate) probed: Option<Targets>,
    /// The current run of measurements.
    pub(crate) run: Run,
    /// What the visitor pasted into `#paste-input`, as understood.
    pub(crate) paste: PasteBox,
    /// `#private-cache`'s module.
    pub(crate) private_cache: PrivateCache,
    /// The parts of the page changed since they were drawn.
    pub(crate) dirty: Dirty,
    /// The checked files changed since they were drawn, by id.
    pub(crate) touched: Vec<u32>,
    /// The id of the next checked file.
    pub(crate) next_id: u32,
    /// The hashing workers.
    pub(crate) slots: Vec<Slot>,
    /// Jobs waiting for a worker.
    pub(crate) queue: VecDeque<Job>,
    /// What `#cli` offers; `None` until the site's `cli/SHA256SUMS` was asked for.
    pub(crate) cli: Option<CliOffer>,
}

/// The `gomirror` binaries this site offers (`#cli`).
pub(crate) struct CliOffer {
    /// The absolute URL of the `cli/` folder beside the page, ending in `/`.
    pub(crate) url: String,
    /// What its `SHA256SUMS` lists (`cli_guide::listed`); none when it has no readable list.
    pub(crate) binaries: Vec<crate::cli_guide::Binary>,
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
}

/// Runs `f` on the page state. Never called re-entrantly: handlers run one at a time and no
/// code below dispatches events synchronously.
/// Makes `app` the page's state.
pub(crate) fn install(app: App) {
    APP.with(|cell| *cell.borrow_mut() = Some(app));
}

pub(crate) fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

impl App {
    /// Records that a change touched `parts` of the page.
    pub(crate) fn touch(&mut self, parts: Dirty) {
        self.dirty = self.dirty | parts;
    }

    /// Records that checked file `id` changed.
    pub(crate) fn touch_check(&mut self, id: u32) {
        if !self.touched.contains(&id) {
            self.touched.push(id);
        }
    }

    /// The OS the page is about: the visitor's choice, else the detected one (as
    /// `render::effective_selection` has it, without its look-ups); `None` for one the page
    /// writes no commands for.
    pub(crate) fn chosen_os(&self) -> Option<Os> {
        Os::from_goos(if self.selection.os.is_empty() {
            &self.platform.os
        } else {
            &self.selection.os
        })
    }

    pub(crate) fn choose(&mut self, field: Field, value: &str) {
        let (platform, list) = (&self.platform, &self.list);
        self.selection
            .choose(field, value, &platform.os, &platform.arch, list.releases());
    }
}

/// The selection with the detected platform and the newest fitting release filled in.
pub(crate) fn effective_selection(app: &App) -> Selection {
    app.selection
        .effective(&app.platform.os, &app.platform.arch, app.list.releases())
}

/// The state of the current run.
pub(crate) struct Run {
    /// Which run this is; results of an older one are dropped.
    pub(crate) id: u32,
    /// When it started (`performance.now()`).
    pub(crate) started_ms: f64,
    /// Aborts every request of the run.
    pub(crate) controller: Option<AbortController>,
    /// No throughput test starts before this time (`performance.now()`).
    pub(crate) rest_until_ms: f64,
}

impl Default for Run {
    fn default() -> Self {
        Run {
            id: 0,
            started_ms: 0.0,
            controller: None,
            rest_until_ms: 0.0,
        }
    }
}

#[wasm_bindgen]
extern "C" {
    /// The analyser module's exports (`src/paste_module.rs`).
    #[derive(Clone)]
    pub(crate) type Analyser;

    /// A [`Question`]'s fields, in order, and the visitor's OS (a GOOS, or empty); the answer
    /// drawn: its status line, then one element per finding.
    #[wasm_bindgen(method, catch)]
    pub(crate) fn draw(
        this: &Analyser,
        text: &str,
        longer: bool,
        lang: &str,
        official_failing: bool,
        first: &str,
    ) -> Result<js_sys::Array, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The private cache guide's module's exports (`src/private_cache_module.rs`).
    #[derive(Clone)]
    pub(crate) type CacheGuide;

    /// What `#private-cache` shows in a language (a tag) for a file and a public proxy, the
    /// visitor's OS (a GOOS, or empty) first: the configuration, the server's commands, then
    /// one element per OS's module settings.
    #[wasm_bindgen(method)]
    pub(crate) fn draw(
        this: &CacheGuide,
        lang: &str,
        file: &str,
        proxy: &str,
        first: &str,
    ) -> js_sys::Array;
}

/// `#private-cache`'s module, loaded on the section's first opening (`web::private_cache`).
pub(crate) struct PrivateCache {
    /// Loads it, ready for a language (`www/main.js`).
    pub(crate) load: Function,
    /// The module, once loaded.
    pub(crate) module: Option<CacheGuide>,
    /// Whether it is being loaded.
    pub(crate) loading: bool,
    /// Why the last try to load it failed, until the next.
    pub(crate) failed: Option<String>,
}

/// The paste box's state.
pub(crate) struct PasteBox {
    /// Loads the analyser's module (`www/main.js`).
    pub(crate) load: Function,
    /// The analyser, once loaded and given its rules.
    pub(crate) analyser: Option<Analyser>,
    /// The languages whose words the analyser has.
    pub(crate) words: Vec<Lang>,
    /// Whether the visitor has focused or typed into the box: the analyser is wanted from then.
    pub(crate) used: bool,
    /// Whether the analyser or its words are being fetched.
    pub(crate) loading: bool,
    /// Why the last try to get them failed, until the next try.
    pub(crate) failed: Option<Failure>,
    /// What was read from the box last (at most what the analyser reads, in UTF-16 units), and
    /// whether the box held more.
    pub(crate) text: String,
    pub(crate) longer: bool,
    /// Counts the changes of the text or of what is ready, so that a redraw knows whether
    /// it has something new.
    pub(crate) changes: u32,
    /// What was drawn last: language, official hosts failing, changes.
    pub(crate) drawn: Cell<Option<(Lang, bool, u32)>>,
    /// The pending `setTimeout` of the pause.
    pub(crate) timer: Option<i32>,
}

impl PasteBox {
    /// A box that loads its analyser with `load`.
    pub(crate) fn new(load: Function) -> PasteBox {
        PasteBox {
            load,
            analyser: None,
            words: Vec::new(),
            used: false,
            loading: false,
            failed: None,
            text: String::new(),
            longer: false,
            changes: 0,
            drawn: Cell::new(None),
            timer: None,
        }
    }

    /// Whether the analyser can explain in `lang`.
    pub(crate) fn ready(&self, lang: Lang) -> bool {
        self.analyser.is_some() && self.words.contains(&lang)
    }
}

/// What became of the downloaded bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Saved {
    /// Still arriving or being judged.
    Pending,
    /// Committed to the file the visitor chose.
    Disk,
    /// Kept in memory; the object URL saves it.
    Memory(String),
    /// Thrown away: they did not match, or the download stopped.
    Discarded,
}

impl Saved {
    /// `data-saved`.
    pub(crate) fn as_str(&self) -> &'static str {
        match self {
            Saved::Pending => "pending",
            Saved::Disk => "disk",
            Saved::Memory(_) => "memory",
            Saved::Discarded => "discarded",
        }
    }
}

/// How a download's bytes reach its hashing worker: `data-feed`, so that a test can tell which
/// path ran in the engine it drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feed {
    /// One branch of the body, transferred to the worker as a `ReadableStream`.
    Stream,
    /// Chunk messages, where the browser cannot transfer a stream (Safari).
    Messages,
}

impl Feed {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Feed::Stream => "stream",
            Feed::Messages => "messages",
        }
    }
}

/// A check whose bytes come from a mirror rather than from a file.
pub(crate) struct Download {
    pub(crate) mirror_id: String,
    pub(crate) mirror_name: String,
    pub(crate) controller: AbortController,
    pub(crate) started_ms: f64,
    /// Average bytes per second so far.
    pub(crate) speed_bps: Option<f64>,
    pub(crate) saved: Saved,
    /// Set once its hashing worker has started.
    pub(crate) feed: Option<Feed>,
}

impl Download {
    pub(crate) fn abort(&self) {
        self.controller.abort();
    }
}
