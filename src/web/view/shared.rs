//! `#shared-report`'s frame: shown while a link's report (or why it cannot be read) is on the
//! page, with `#measure-mine` for a report, and `body.shared`, which hides the visitor's own
//! sections while someone else's report is opening or shown. Its body (the banner, the
//! `tr[data-mirror-id]`, `tr[data-proxy-id]` and `tr[data-sumdb-id]` rows, the checked files,
//! `[data-error]` for a bad link) and the section's `data-generated-at` and `data-client` are
//! drawn by the report links' module (`src/share_module.rs`), which read the link; here only
//! what the page says when that module could not be loaded.

use wasm_bindgen::JsValue;

use crate::i18n::fill;

use super::super::dom::{by_id, document, replace_children, set_hidden, El};
use super::super::state::{App, Shared};

/// Draws `#shared-report` from the state, and marks the page as showing one.
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let section = by_id("shared-report")?;
    let body = by_id("shared-body")?;
    let mut children = Vec::new();
    match &app.shared {
        Shared::Report(links) | Shared::Bad(links) => {
            links.draw(app.lang.tag(), &section, &body)?
        }
        Shared::Unavailable(why) => children.push(
            El::new("p")
                .class("warning")
                .attr("data-error", "unavailable")
                .attr("data-detail", why)
                .text(&fill(
                    app.lang,
                    "shared-error-unavailable",
                    &[("problem", why)],
                ))
                .into_element(),
        ),
        Shared::None | Shared::Opening => {}
    }
    let drawn = matches!(app.shared, Shared::Report(_) | Shared::Bad(_));
    if !drawn {
        for name in ["data-generated-at", "data-client"] {
            section.remove_attribute(name)?;
        }
        replace_children(&body, children)?;
    }
    let theirs = matches!(app.shared, Shared::Report(_) | Shared::Opening);
    document()?
        .body()
        .ok_or("no body")?
        .class_list()
        .toggle_with_force("shared", theirs)?;
    set_hidden(
        &section,
        matches!(app.shared, Shared::None | Shared::Opening),
    )?;
    set_hidden(
        &by_id("measure-mine")?,
        !matches!(app.shared, Shared::Report(_)),
    )
}
