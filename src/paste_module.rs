//! The paste analyser as a WebAssembly module of its own (`pkg/paste.js`): `scripts/build.sh`
//! builds the crate a second time with the `paste-module` feature and without the page, and
//! the page (`web::paste`) loads it on the paste box's first use, so that a visit that never
//! pastes does not download the analyser's code. Its functions are the whole bridge: the page
//! fetches the rules (`data/paste.json`) and the findings' words (`i18n/paste-*.json`, with the
//! page's own table of that language), parses them with `JSON.parse` and hands them over; this
//! module reads them with serde-wasm-bindgen, answers each [`Question`] with an
//! [`Explained`](crate::paste::Explained) and draws it (`module_dom`): the page only puts the
//! elements in place, and carries neither the drawing nor a reader of answers.

use std::cell::RefCell;

use js_sys::Array;
use serde_wasm_bindgen::Deserializer;
use wasm_bindgen::prelude::*;

use crate::commands::Os;
use crate::i18n::{Lang, Part};
use crate::module_dom::{el, with_commands, El};
use crate::paste::{Question, Rules};

thread_local! {
    /// The rules once installed.
    static RULES: RefCell<Option<Rules>> = const { RefCell::new(None) };
}

/// Reads and checks the rules (`data/paste.json`, as `JSON.parse` made it) and keeps them.
///
/// # Errors
///
/// When they are not of the rules' shape or break a rule ([`Rules::read`]).
#[wasm_bindgen]
pub fn install_rules(rules: JsValue) -> Result<(), JsError> {
    let rules = Rules::read(Deserializer::from(rules)).map_err(|e| JsError::new(&e.to_string()))?;
    RULES.with(|cell| *cell.borrow_mut() = Some(rules));
    Ok(())
}

/// Keeps the words of `lang` (a tag): the findings' (`i18n/paste-{lang}.json`) and the page's
/// (`i18n/{lang}.json`: the command blocks' captions, copy buttons and summary), each as
/// `JSON.parse` made it.
///
/// # Errors
///
/// When one is not an object of strings.
#[wasm_bindgen]
pub fn install_words(lang: &str, words: JsValue, page: JsValue) -> Result<(), JsError> {
    let lang = Lang::from_tag(lang);
    for (part, table) in [(Part::Paste, words), (Part::Page, page)] {
        crate::i18n::install(lang, part, Deserializer::from(table))
            .map_err(|e| JsError::new(&e.to_string()))?;
    }
    Ok(())
}

/// Answers a [`Question`] (its fields, in order) and draws the answer: the status line (how
/// many findings, in words), then one `div.finding[data-finding]` per finding with its words,
/// the pasted line it names and its commands on each OS, `first`'s (a GOOS: the visitor's OS)
/// first, as the page draws `#diagnosis`. The page puts the elements in `#paste-findings`.
///
/// # Errors
///
/// When the rules or the words of the question's language are not installed yet.
#[wasm_bindgen]
pub fn draw(
    text: String,
    longer: bool,
    lang: String,
    official_failing: bool,
    first: &str,
) -> Result<Array, JsError> {
    let tag = Lang::from_tag(&lang);
    if !crate::i18n::installed(tag, Part::Paste) {
        return Err(JsError::new("the words of this language are not installed"));
    }
    let question = Question {
        text,
        longer,
        lang,
        official_failing,
    };
    let explained = RULES.with(|cell| {
        let rules = cell.borrow();
        let rules = rules
            .as_ref()
            .ok_or_else(|| JsError::new("no rules installed"))?;
        Ok::<_, JsError>(crate::paste::explain(rules, &question))
    })?;
    let first = Os::from_goos(first);
    let drawn = Array::of1(&explained.status.as_str().into());
    for finding in &explained.findings {
        let mut block = El::new("div")
            .attr("class", "finding")
            .attr("data-finding", &finding.key)
            .child(el("h3", "", &finding.title))
            .child(el("p", "", &finding.sentence));
        if let Some(line) = &finding.line {
            block = block.child(
                el("p", "hint", "")
                    .child(el("span", "", &explained.seen))
                    .child(el("code", "seen", line)),
            );
        }
        drawn.push(&with_commands(tag, first, block, &finding.commands).0);
    }
    Ok(drawn)
}
