//! The controls of the sources' tables: `#rerun`, the add-mirror form (the visitor's own
//! mirrors are kept in this browser), the sortable headers, every copy button, and a new
//! choice of file. What they change is drawn by `view::tables`.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement, Storage};

use crate::catalog::check_template;
use crate::compare::{Sort, SortKey};
use crate::i18n::text;

use super::dom::{by_id, by_id_as, listen};
use super::state::{custom_row, with_app, App, Dirty, Table};
use super::view::update;

/// Where the visitor's own mirrors are kept in the browser.
const CUSTOM_KEY: &str = "gomirror.custom-mirrors";

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The visitor's own URL templates, each checked again (storage is not to be trusted).
pub(crate) fn stored_custom() -> Vec<String> {
    let text = storage()
        .and_then(|s| s.get_item(CUSTOM_KEY).ok().flatten())
        .unwrap_or_default();
    let list = js_sys::JSON::parse(&text)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok())
        .unwrap_or_default();
    list.iter()
        .filter_map(|url| url.as_string())
        .filter(|url| check_template(url).is_ok())
        .take(20)
        .collect()
}

/// The element an event happened on, if it is an element.
fn target_of(event: &web_sys::Event) -> Option<Element> {
    event.target()?.dyn_into::<Element>().ok()
}

/// Wires `#rerun`, the add-mirror form and the sortable headers.
pub(crate) fn wire() -> Result<(), JsValue> {
    listen(&by_id("rerun")?, "click", |_| {
        update(|app| {
            app.start_probes();
            Ok(())
        });
    })?;
    let field: HtmlInputElement = by_id_as("add-mirror-url")?;
    // The form's submit: a click on #add-mirror and Enter in the field alike.
    listen(&by_id("add-mirror-form")?, "submit", move |event| {
        event.prevent_default();
        let url = field.value().trim().to_string();
        let mut added = false;
        update(|app| {
            added = app.add_custom(&url);
            Ok(())
        });
        if added {
            field.set_value("");
        }
    })?;
    let document = super::dom::document()?;
    listen(&document, "click", |event| {
        let button = target_of(&event).and_then(|t| t.closest("button[data-copy]").ok().flatten());
        if let Some(button) = button {
            spawn_local(copy(button));
        }
    })?;
    for table in Table::BOTH {
        listen(&by_id(table.table_id())?, "click", move |event| {
            let key = target_of(&event)
                .and_then(|t| t.closest("button[data-sort-key]").ok().flatten())
                .and_then(|b| b.get_attribute("data-sort-key"))
                .and_then(|k| SortKey::from_name(&k));
            if let Some(key) = key {
                update(|app| {
                    let sort = &mut app.sorts[table.index()];
                    *sort = Some(Sort::clicked(*sort, key));
                    app.touch(Dirty::SOURCES);
                    Ok(())
                });
            }
        })?;
    }
    Ok(())
}

/// Copies a `[data-copy]` button's value to the clipboard and says so on the button
/// (`data-copied`); where the browser refuses, selects the text beside it for Ctrl+C instead.
async fn copy(button: Element) {
    let Some(value) = button.get_attribute("data-copy") else {
        return;
    };
    let lang = with_app(|app| app.lang).unwrap_or_default();
    let copied = match web_sys::window().map(|w| w.navigator().clipboard()) {
        Some(clipboard) => wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&value))
            .await
            .is_ok(),
        None => false,
    };
    let _ = button.set_attribute("data-copied", if copied { "true" } else { "false" });
    button.set_text_content(Some(text(
        lang,
        if copied { "copied" } else { "copy-select" },
    )));
    if !copied {
        select_beside(&button);
    }
}

/// Selects the code next to a copy button, so that the visitor can copy it by hand.
fn select_beside(button: &Element) {
    let code = button
        .closest("figure, dd")
        .ok()
        .flatten()
        .and_then(|scope| scope.query_selector("code").ok().flatten());
    let (Some(code), Some(window)) = (code, web_sys::window()) else {
        return;
    };
    if let (Ok(Some(selection)), Ok(range)) = (
        window.get_selection(),
        super::dom::document().and_then(|d| d.create_range()),
    ) {
        let _ = range.select_node_contents(&code);
        let _ = selection.remove_all_ranges();
        let _ = selection.add_range(&range);
    }
}

impl App {
    /// A new choice of file: probes what it needs again if that changed (another version,
    /// platform or kind means another file on every mirror).
    pub(crate) fn selection_changed(&mut self) {
        self.touch(Dirty::PICK);
        if self.probe_targets() != self.probed {
            self.start_probes();
        }
    }

    /// Adds the visitor's mirror, keeps it in this browser and probes it; `false` when the
    /// template is refused (`add_problem` says why).
    fn add_custom(&mut self, url: &str) -> bool {
        self.touch(Dirty::SOURCES);
        if let Err(problem) = check_template(url) {
            self.add_problem = Some(problem.key());
            return false;
        }
        self.add_problem = None;
        let mut stored = stored_custom();
        if !stored.iter().any(|u| u == url) {
            stored.push(url.to_string());
        }
        let list: js_sys::Array = stored.iter().map(|u| JsValue::from_str(u)).collect();
        if let (Some(s), Ok(json)) = (storage(), js_sys::JSON::stringify(&list)) {
            let _ = s.set_item(CUSTOM_KEY, &String::from(json));
        }
        self.mirrors.retain(|r| !r.custom);
        for (i, u) in stored.into_iter().enumerate() {
            self.mirrors.push(custom_row(i, u));
        }
        self.start_probes();
        true
    }
}
