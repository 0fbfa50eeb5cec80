//! The paste analyser as a WebAssembly module of its own (`pkg/paste.js`): `scripts/build.sh`
//! builds the crate a second time with the `paste-module` feature and without the page, and
//! the page (`web::paste`) loads it on the paste box's first use, so that a visit that never
//! pastes does not download the analyser's code. Its functions are the whole bridge: the page
//! fetches the rules (`data/paste.json`) and the findings' words (`i18n/paste-*.json`), parses
//! them with `JSON.parse` and hands them over; this module reads them with serde-wasm-bindgen
//! and answers each [`Question`] with an [`Explained`](crate::paste::Explained).

use std::cell::RefCell;

use serde_wasm_bindgen::Deserializer;
use wasm_bindgen::prelude::*;

use crate::i18n::{Lang, Part};
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

/// Keeps the findings' words in `lang` (a tag; `i18n/paste-{lang}.json` as `JSON.parse` made it).
///
/// # Errors
///
/// When they are not an object of strings.
#[wasm_bindgen]
pub fn install_words(lang: &str, words: JsValue) -> Result<(), JsError> {
    crate::i18n::install(Lang::from_tag(lang), Part::Paste, Deserializer::from(words))
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Answers a [`Question`] (its fields, in order) with an
/// [`Explained`](crate::paste::Explained), as its rows of strings.
///
/// # Errors
///
/// When the rules or the words of the question's language are not installed yet.
#[wasm_bindgen]
pub fn explain(
    text: String,
    longer: bool,
    lang: String,
    official_failing: bool,
) -> Result<JsValue, JsError> {
    if !crate::i18n::installed(Lang::from_tag(&lang), Part::Paste) {
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
    Ok(serde_wasm_bindgen::to_value(&explained)?)
}
