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

/// One OS's figure of commands, with what some sections add to it.
pub(crate) struct CommandBlock {
    pub(crate) os: Os,
    pub(crate) commands: String,
    /// Attributes of the figure beyond `data-os` (`#install`'s `data-file`, `data-kind`).
    pub(crate) attrs: Vec<(&'static str, String)>,
    /// A sentence between the caption and the commands.
    pub(crate) about: Option<String>,
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
    let blocks: Vec<CommandBlock> = blocks
        .iter()
        .map(|(os, commands)| CommandBlock {
            os: *os,
            commands: commands.clone(),
            attrs: Vec::new(),
            about: None,
        })
        .collect();
    draw_blocks(lang, parent, &blocks, first)
}

/// [`draw_commands`] with each block's attributes and sentence.
pub(crate) fn draw_blocks(
    lang: Lang,
    parent: &Element,
    blocks: &[CommandBlock],
    first: Option<Os>,
) -> Result<(), JsValue> {
    let mut figures = Vec::new();
    let (chosen, others) = (
        blocks.iter().filter(|b| Some(b.os) == first),
        blocks.iter().filter(|b| Some(b.os) != first),
    );
    for block in chosen.chain(others) {
        let os = block.os.as_str();
        let mut figure = El::new("figure").attr("data-os", os);
        for (name, value) in &block.attrs {
            figure = figure.attr(name, value);
        }
        figure = figure.class("command").child(
            El::new("figcaption")
                .text(text(lang, &format!("cmd-{os}")))
                .child(copy_button(lang, &block.commands)),
        );
        if let Some(about) = &block.about {
            figure = figure.child(El::new("p").class("about").text(about));
        }
        let figure = figure.child(El::new("pre").child(El::new("code").text(&block.commands)));
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
