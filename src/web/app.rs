//! The page starts here, and here its own events are handled: lists loading, files arriving,
//! the visitor typing a checksum, switching language or choosing another file. Each handler
//! changes the state inside `view::update`; decisions are the core's.

use std::collections::VecDeque;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{DragEvent, Element, File, FileList, HtmlInputElement, HtmlSelectElement};

use crate::catalog::Catalog;
use crate::checksum::is_checksum_file;
use crate::config::Config;
use crate::i18n::{fill, Lang, Part};
use crate::platform::{self, ClientHints};
use crate::releases::{Field, Selection};
use crate::verdict::Expected;

use super::dom::{by_id, by_id_as, listen, report_error};
use super::load::fetch_text;
use super::state::{
    install, with_app, App, Dirty, Job, JobKind, ListState, PasteBox, Pasted, Run, Shared, Whole,
    OLDER_VERSIONS,
};
use super::view::update;

/// Builds the state, wires every event and starts loading the lists; `tag` is the visitor's
/// language as `www/main.js` chose it, `strings` the text of its table if it arrived,
/// `load_paste` the function that loads the paste analyser's module (`web::paste`), `load_share`
/// the one that loads the report links' module (`web::share`), `load_cache` the private cache
/// guide's (`web::private_cache`), `take_early` early.js's hand-over of the files chosen or
/// dropped before now (`take_early_files`).
pub(crate) fn start(
    tag: &str,
    strings: Option<&str>,
    load_paste: js_sys::Function,
    load_share: js_sys::Function,
    load_cache: js_sys::Function,
    take_early: &js_sys::Function,
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
    // A report link (`#r=`): someone else's report is shown, and nothing of this page's own
    // runs until `#measure-mine` (web::share).
    let shared = super::share::payload();
    let app = App {
        lang,
        shared: match shared {
            Some(_) => Shared::Opening,
            None => Shared::None,
        },
        load_share,
        config,
        list: ListState::Loading,
        // Until the catalog says whether there is a small list.
        whole: Whole::NotLoaded,
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
        add_problem: None,
        sorts: [None; 2],
        probed: None,
        run: Run::default(),
        paste: PasteBox::new(load_paste),
        private_cache: super::state::PrivateCache {
            load: load_cache,
            module: None,
            loading: false,
            failed: None,
        },
        dirty: Dirty::ALL,
        touched: Vec::new(),
        next_id: 1,
        // The hashing workers start once the official list is on the page, or with a file
        // chosen before that (`checks`): their module is not part of the page's first load.
        slots: Vec::new(),
        queue: VecDeque::new(),
        cli: None,
    };
    install(app);
    wire_events()?;
    super::sources::wire()?;
    super::download::wire()?;
    super::report::wire()?;
    super::paste::wire()?;
    super::private_cache::wire()?;
    update(|_| Ok(()));
    take_early_files(take_early);
    if !crate::i18n::installed(lang, Part::Page) {
        // main.js could not fetch the strings: try again, then English, and draw again.
        spawn_local(async move {
            let timeout_ms = Config::default().list_timeout_ms;
            let fetched = super::load::ensure_strings(lang, timeout_ms).await;
            if fetched.is_err() {
                let _ = super::load::ensure_strings(Lang::En, timeout_ms).await;
            }
            update(|app| {
                app.touch(Dirty::ALL);
                fetched.map_err(|failure| crate::explain::failure(lang, &failure).into())
            });
        });
    }
    // For the benchmark: from here on, the page answers the visitor.
    mark("gomirror-interactive");
    match shared {
        Some(payload) => spawn_local(super::share::open(payload)),
        None => run(),
    }
    spawn_local(async move {
        refine_platform(user_agent).await;
    });
    Ok(())
}

/// Where the visitor's choice of language is kept; `www/main.js` reads it.
const LANG_KEY: &str = "gomirror.lang";

/// A `performance.mark` the benchmark reads.
pub(crate) fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// The files early.js kept while the module loaded, each batch checked as if it had been chosen
/// now, in the order they came. Called in the task that wired the page's own listeners: take
/// stops early.js's, so from here each file is taken by exactly one of them.
fn take_early_files(take_early: &Function) {
    let batches = match take_early.call0(&JsValue::NULL) {
        Ok(batches) => batches,
        Err(e) => return report_error(&e),
    };
    let Some(batches) = batches.dyn_ref::<js_sys::Array>() else {
        return;
    };
    for batch in batches.iter() {
        if let Some(batch) = batch.dyn_ref::<js_sys::Array>() {
            add_files(
                batch
                    .iter()
                    .filter_map(|f| f.dyn_into::<File>().ok())
                    .collect(),
            );
        }
    }
}

fn wire_events() -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let input: HtmlInputElement = by_id_as("file-input")?;
    let input_for_change = input.clone();
    listen(&input, "change", move |_| {
        if let Some(files) = input_for_change.files() {
            add_files(files_of(&files));
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
            add_files(files_of(&files));
        }
    })?;
    let expected: HtmlInputElement = by_id_as("expected-sha256")?;
    let field = expected.clone();
    listen(&expected, "input", move |_| {
        let text = field.value();
        update(|app| {
            app.pasted = match app.expected.set_pasted(&text) {
                Ok(0) => Pasted::Empty,
                Ok(n) => Pasted::Ok(n),
                Err(_) => Pasted::Bad,
            };
            app.touch(Dirty::EXPECTED);
            Ok(())
        });
    })?;
    listen(&by_id("lang-switch")?, "click", move |_| {
        let Some(next) = with_app(|app| app.lang.other()) else {
            return;
        };
        // The other language's strings are fetched on the first switch (offline, the service
        // worker has them).
        spawn_local(async move {
            let timeout_ms = with_app(|app| app.config.list_timeout_ms).unwrap_or_default();
            if let Err(failure) = super::load::ensure_strings(next, timeout_ms).await {
                let lang = with_app(|app| app.lang).unwrap_or_default();
                report_error(&JsValue::from_str(&crate::explain::failure(lang, &failure)));
                return;
            }
            // The paste box, once used, explains in the new language as soon as it shows.
            super::paste::prepare(next).await;
            // So does someone else's report from a link.
            super::share::prepare(next).await;
            super::private_cache::prepare(next).await;
            update(|app| {
                app.lang = next;
                if let Some(storage) =
                    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
                {
                    let _ = storage.set_item(LANG_KEY, next.tag());
                }
                app.touch(Dirty::ALL);
                Ok(())
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
            update(|app| app.cancel(id));
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
            update(|app| {
                // Not a version: the entry that loads the older ones (DESIGN.md, "two sizes").
                if field == Field::Version && value == OLDER_VERSIONS {
                    app.ask_whole();
                    app.touch(Dirty::PICK);
                    return Ok(());
                }
                app.choose(field, &value);
                app.selection_changed();
                Ok(())
            });
        })?;
    }
    Ok(())
}

/// The page's own work: the lists, then what follows from them (measuring, the checks).
pub(crate) fn run() {
    spawn_local(async move {
        if let Err(e) = super::lists::load_lists().await {
            report_error(&e);
        }
        // After the lists: not part of what a visit moves before its first answer.
        load_cli().await;
    });
}

fn files_of(list: &FileList) -> Vec<File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// One batch of files chosen or dropped together.
fn add_files(files: Vec<File>) {
    // Someone else's report on show: nothing of the visitor's is checked until #measure-mine.
    if files.is_empty()
        || with_app(|app| matches!(app.shared, Shared::Opening | Shared::Report(_))) == Some(true)
    {
        return;
    }
    let (sides, downloads): (Vec<File>, Vec<File>) = files
        .into_iter()
        .partition(|f| is_checksum_file(&f.name(), f.size() as u64));
    let mut ids = Vec::new();
    update(|app| {
        ids = app.add_checks(downloads)?;
        Ok(())
    });
    // Side files of the batch are read before its downloads are queued, so their checksums
    // are there when the verdicts are decided.
    spawn_local(async move {
        for side in sides {
            let name = side.name();
            let text = match JsFuture::from(side.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => String::new(),
            };
            update(|app| {
                let message = match app.expected.add_side_file(&name, &text) {
                    Ok(n) => fill(
                        app.lang,
                        "sidefile-read",
                        &[("count", &n.to_string()), ("name", &name)],
                    ),
                    Err(_) => fill(app.lang, "sidefile-bad", &[("name", &name)]),
                };
                app.side_messages.push(message);
                app.touch(Dirty::EXPECTED);
                Ok(())
            });
        }
        update(|app| {
            for id in ids {
                app.queue.push_back(Job {
                    check: id,
                    kind: JobKind::Hash,
                });
            }
            app.pump()
        });
    });
}

/// `#cli`'s offer: the `cli/` folder beside the page and the binaries its `SHA256SUMS` lists;
/// none when it has no readable list (the section then says how to build one).
async fn load_cli() {
    const SUMS: &str = "cli/SHA256SUMS";
    /// A `SHA256SUMS` of five binaries is about 400 bytes.
    const MAX_SUMS_BYTES: u64 = 1 << 16;
    let timeout_ms =
        with_app(|a| a.config.list_timeout_ms).unwrap_or(Config::default().list_timeout_ms);
    let page = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    let url = crate::cli_guide::folder_of(&page);
    let binaries = fetch_text(SUMS, "checksums", timeout_ms, MAX_SUMS_BYTES)
        .await
        .ok()
        .and_then(|text| crate::checksum::parse_checksums(&text).ok())
        .map(|lines| crate::cli_guide::listed(&lines))
        .unwrap_or_default();
    update(|app| {
        app.cli = Some(super::state::CliOffer { url, binaries });
        Ok(())
    });
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
    update(|app| {
        app.platform = platform::detect(&user_agent, Some(&hints));
        // Another architecture means another file to measure.
        app.selection_changed();
        Ok(())
    });
}
