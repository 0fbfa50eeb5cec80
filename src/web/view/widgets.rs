//! Pieces several views draw: copy buttons, command blocks per OS, findings with their
//! commands folded, the "download and verify" button.

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::commands::Os;
use crate::i18n::{text, Lang};
use crate::rank::Status;

use super::super::dom::{replace_children, El};

/// A button that copies `value` to the clipboard (`sources::copy` handles every such button).
pub(crate) fn copy_button(lang: Lang, value: &str) -> El {
    El::new("button")
        .attr("type", "button")
        .class("copy")
        .attr("data-copy", value)
        .text(text(lang, "copy"))
}

/// One `figure[data-os]` per OS with its commands and a copy button; `first`'s first (on a
/// phone the blocks stack, and the visitor's own should not come third), then the others in
/// the page's order.
pub(crate) fn draw_commands(
    lang: Lang,
    parent: &Element,
    blocks: &[(Os, String)],
    first: Option<Os>,
) -> Result<(), JsValue> {
    let mut figures = Vec::new();
    let (chosen, others) = (
        blocks.iter().filter(|(os, _)| Some(*os) == first),
        blocks.iter().filter(|(os, _)| Some(*os) != first),
    );
    for (os, command) in chosen.chain(others) {
        let os = os.as_str();
        let figure = El::new("figure")
            .attr("data-os", os)
            .class("command")
            .child(
                El::new("figcaption")
                    .text(text(lang, &format!("cmd-{os}")))
                    .child(copy_button(lang, command)),
            )
            .child(El::new("pre").child(El::new("code").text(command)));
        figures.push(figure.into_element());
    }
    replace_children(parent, figures)
}

/// `block` with `commands` folded under a summary, so that a phone shows the findings first.
pub(crate) fn with_commands(
    lang: Lang,
    os: Option<Os>,
    block: El,
    commands: &[(Os, String)],
) -> Result<El, JsValue> {
    if commands.is_empty() {
        return Ok(block);
    }
    let list = El::new("div").class("commands").into_element();
    draw_commands(lang, &list, commands, os)?;
    let details = El::new("details")
        .child(El::new("summary").text(text(lang, "dx-commands")))
        .child(list);
    Ok(block.child(details))
}

/// Whether a mirror row offers "download and verify here": it must let the page read it.
pub(crate) fn offered(status: Status) -> bool {
    status == Status::Ok
}

/// The button that starts a download from `mirror_id`.
pub(crate) fn button(label: &str, mirror_id: &str) -> Result<Element, JsValue> {
    Ok(El::new("button")
        .attr("type", "button")
        .attr("data-testid", "fetch-verify")
        .attr("data-mirror-id", mirror_id)
        .class("fetch-verify")
        .text(label)
        .into_element())
}
