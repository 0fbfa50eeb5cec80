//! A few DOM calls for the modules the page loads on first use (`paste_module.rs`,
//! `share_module.rs`, `private_cache_module.rs`): they build what they show themselves, so that the page's own module
//! carries neither the drawing nor the data it is drawn from. Text and attributes only, never
//! markup: every value shown may come from someone else (a paste, a link). The page's own
//! builder is `web::dom`; what both draw (command blocks) is the same markup, which the page's
//! delegated listeners (the copy buttons) then handle alike.

use wasm_bindgen::UnwrapThrowExt;
use web_sys::Element;

#[cfg(any(feature = "paste-module", feature = "private-cache-module"))]
use crate::commands::Os;
#[cfg(any(feature = "paste-module", feature = "private-cache-module"))]
use crate::i18n::{text, Lang};

/// Builds one element. The tags and attribute names are the modules' constants, so the DOM
/// calls cannot fail in a page.
pub(crate) struct El(pub(crate) Element);

impl El {
    /// A new element of this tag.
    pub(crate) fn new(tag: &str) -> El {
        El(web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element(tag).ok())
            .unwrap_throw())
    }

    /// Sets an attribute.
    pub(crate) fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Appends a child.
    pub(crate) fn child(self, child: El) -> El {
        let _ = self.0.append_child(&child.0);
        self
    }
}

/// One element with a class (none when empty) and its text.
pub(crate) fn el(tag: &str, class: &str, content: &str) -> El {
    let el = El::new(tag);
    el.0.set_text_content(Some(content));
    if class.is_empty() {
        el
    } else {
        el.attr("class", class)
    }
}

/// One `figure[data-os]` per OS with its commands and a copy button, `first`'s first: the
/// markup of the page's `view::widgets::draw_commands`.
#[cfg(any(feature = "paste-module", feature = "private-cache-module"))]
pub(crate) fn figures(lang: Lang, first: Option<Os>, commands: &[(Os, String)]) -> Vec<El> {
    let (chosen, others) = (
        commands.iter().filter(|(os, _)| Some(*os) == first),
        commands.iter().filter(|(os, _)| Some(*os) != first),
    );
    let mut figures = Vec::new();
    for (os, command) in chosen.chain(others) {
        let os = os.as_str();
        let copy = el("button", "copy", text(lang, "copy"))
            .attr("type", "button")
            .attr("data-copy", command);
        figures.push(
            El::new("figure")
                .attr("data-os", os)
                .attr("class", "command")
                .child(el("figcaption", "", text(lang, &format!("cmd-{os}"))).child(copy))
                .child(El::new("pre").child(el("code", "", command))),
        );
    }
    figures
}

/// `block` with `commands` folded under a summary (`figures`): the markup of the page's
/// `view::widgets::with_commands`.
#[cfg(feature = "paste-module")]
pub(crate) fn with_commands(
    lang: Lang,
    first: Option<Os>,
    block: El,
    commands: &[(Os, String)],
) -> El {
    if commands.is_empty() {
        return block;
    }
    let mut list = El::new("div").attr("class", "commands");
    for figure in figures(lang, first, commands) {
        list = list.child(figure);
    }
    block.child(
        El::new("details")
            .child(el("summary", "", text(lang, "dx-commands")))
            .child(list),
    )
}
