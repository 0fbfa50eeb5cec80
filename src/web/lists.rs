//! Loading the official list in its two sizes (DESIGN.md, "two sizes"): the catalog's small
//! lists (`checksum_sources_current`, then the shipped `data/releases-current.json`) answer the
//! visit; the whole list (`checksum_sources`, then `data/releases.json`) is fetched only when a
//! file or a chosen version needs it, and replaces the small one in use. A catalog without small
//! lists loads the whole one at once, as before. When the whole list is needed is the core's
//! (`Releases::decides_alone`); fetching is `load`'s; what the page does once a list is in use
//! is the checks' and the sources'.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use crate::catalog::{Catalog, MAX_CATALOG_BYTES};
use crate::config::Config;
use crate::releases::MAX_LIST_BYTES;

use super::app::mark;
use super::dom::report_error;
use super::load::fetch_text;
use super::state::{with_app, App, Dirty, ListState, Stage, Whole};
use super::view::update;

/// The shipped snapshot of the small list.
const SNAPSHOT_CURRENT: &str = "data/releases-current.json";
/// The shipped snapshot of the whole list.
const SNAPSHOT_WHOLE: &str = "data/releases.json";

/// Loads the catalog, then the official list: the small one where the catalog names it, else
/// the whole one; each from its checksum sources in order, then from its shipped snapshot.
pub(crate) async fn load_lists() -> Result<(), JsValue> {
    let timeout_ms = timeout_ms();
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
        [a.mirrors, a.proxies, a.sumdb] =
            super::state::rows(&catalog, super::sources::stored_custom());
    });
    if !catalog.checksum_sources_current.is_empty() {
        let small = load(&catalog.checksum_sources_current, SNAPSHOT_CURRENT).await;
        if !matches!(small, ListState::Unavailable { .. }) {
            with_app(|a| a.whole = Whole::NotLoaded);
            return settled(small);
        }
        // Neither the small lists nor their snapshot: the whole list is the only one left.
    }
    let whole = load(&catalog.checksum_sources, SNAPSHOT_WHOLE).await;
    with_app(|a| {
        a.whole = match whole {
            ListState::Unavailable { .. } => Whole::Failed,
            _ => Whole::InUse,
        }
    });
    settled(whole)
}

/// One size of the list: each source in order, then the shipped snapshot (with its date).
async fn load(sources: &[String], snapshot: &'static str) -> ListState {
    let timeout_ms = timeout_ms();
    for url in sources {
        let list = fetch_text(url, "release list", timeout_ms, MAX_LIST_BYTES)
            .await
            .and_then(|text| Ok(super::load::releases_of(&text)?));
        match list {
            Ok(releases) => {
                return ListState::Live {
                    url: url.clone(),
                    releases,
                }
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
    match fetch_text(snapshot, "release list", timeout_ms, MAX_LIST_BYTES)
        .await
        .and_then(|text| Ok(super::load::releases_of(&text)?))
    {
        Ok(releases) => ListState::Snapshot {
            date,
            source,
            releases,
        },
        Err(reason) => ListState::Unavailable { reason },
    }
}

fn timeout_ms() -> u32 {
    with_app(|a| a.config.list_timeout_ms).unwrap_or(Config::default().list_timeout_ms)
}

/// The official list is settled (loaded or given up on): the page is drawn with it, the
/// sources are measured for its files, and the checks waiting for it are decided.
fn settled(list: ListState) -> Result<(), JsValue> {
    update(|app| {
        app.list = list;
        app.touch(Dirty::ALL);
        app.start_probes();
        app.decide_waiting()?;
        // Ready for the first file: the workers' module loads now, after the page's data.
        app.start_workers()?;
        app.pump()
    });
    // For the benchmark: the list is on the page.
    mark("gomirror-list");
    Ok(())
}

impl App {
    /// Starts loading the whole list, unless it is in use, loading or already failed.
    pub(crate) fn ask_whole(&mut self) {
        if self.whole != Whole::NotLoaded || matches!(self.list, ListState::Loading) {
            return;
        }
        self.whole = Whole::Loading;
        self.touch(Dirty::PICK);
        spawn_local(async {
            if let Err(e) = load_whole().await {
                report_error(&e);
            }
        });
    }

    /// Decides every check that waits for a list.
    pub(crate) fn decide_waiting(&mut self) -> Result<(), JsValue> {
        let waiting: Vec<u32> = self
            .checks
            .iter()
            .filter(|c| matches!(c.stage, Stage::AwaitingList))
            .map(|c| c.id)
            .collect();
        for id in waiting {
            self.decide(id)?;
        }
        Ok(())
    }
}

/// Loads the whole list and puts it in use; when it cannot be had, the small one stays and
/// the checks waiting for the whole one are decided by it.
async fn load_whole() -> Result<(), JsValue> {
    let sources = with_app(|a| a.catalog.checksum_sources.clone()).unwrap_or_default();
    let whole = load(&sources, SNAPSHOT_WHOLE).await;
    update(|app| {
        match whole {
            ListState::Unavailable { reason } => {
                app.whole = Whole::Failed;
                app.failures.push((SNAPSHOT_WHOLE.into(), reason));
            }
            list => {
                app.list = list;
                app.whole = Whole::InUse;
            }
        }
        // Every part: the source line, the versions on offer, the verdicts waiting.
        app.touch(Dirty::ALL);
        app.decide_waiting()?;
        // A verdict may now need the gzip pass: its job is queued, and a worker must take it.
        app.pump()
    });
    mark("gomirror-whole-list");
    Ok(())
}
