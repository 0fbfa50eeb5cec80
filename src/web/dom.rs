//! A small element builder over `web_sys`: text and attributes only, never HTML strings.
//!
//! Every piece of the page that shows data (file names, mirror names, messages from a list)
//! goes through `textContent` and `setAttribute`, so markup in a value stays text.

use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, HtmlElement, Node};

/// The page's document.
pub(crate) fn document() -> Result<Document, JsValue> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with this id.
pub(crate) fn by_id(id: &str) -> Result<Element, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("the page has no #{id}")))
}

/// The element with this id, as the HTML element type `T`.
pub(crate) fn by_id_as<T: JsCast>(id: &str) -> Result<T, JsValue> {
    by_id(id)?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected element")))
}

/// The SVG namespace.
const SVG: &str = "http://www.w3.org/2000/svg";

/// Builds one element: `El::new("li").attr("data-x", "1").text("hi").into_element()`.
///
/// Infallible by design: the tags and attribute names are the page's own constants, so the
/// DOM calls cannot fail in a page, and a `Result` at every step would only add code.
pub(crate) struct El(Element);

impl El {
    /// A new element of this tag.
    pub(crate) fn new(tag: &str) -> El {
        El(document()
            .and_then(|d| d.create_element(tag))
            .unwrap_throw())
    }

    /// A new SVG element of this tag.
    pub(crate) fn svg(tag: &str) -> El {
        El(document()
            .and_then(|d| d.create_element_ns(Some(SVG), tag))
            .unwrap_throw())
    }

    /// Sets an attribute.
    pub(crate) fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the class (as an attribute, which SVG elements take too).
    pub(crate) fn class(self, class: &str) -> El {
        let _ = self.0.set_attribute("class", class);
        self
    }

    /// Sets the text content (replacing children).
    pub(crate) fn text(self, text: &str) -> El {
        self.0.set_text_content(Some(text));
        self
    }

    /// Appends a child.
    pub(crate) fn child(self, child: impl Into<Element>) -> El {
        let _ = self.0.append_child(&child.into());
        self
    }

    /// The element.
    pub(crate) fn into_element(self) -> Element {
        self.0
    }
}

impl From<El> for Element {
    fn from(el: El) -> Element {
        el.0
    }
}

thread_local! {
    /// For each element [`replace_children`] put on the page, the element as it was last built
    /// for that place (kept off the page).
    static BUILT: js_sys::WeakMap = js_sys::WeakMap::new();
}

/// Makes `children` the children of `parent`, replacing on the page only those that differ
/// from what was built for the same place last time (the two builds are compared, never the
/// page, so what the visitor did to an element does not count as a difference). An element
/// built the same as before stays as it is, with whatever the visitor did to it (an open
/// `<details>`, a "copied" button, a selection); one that is replaced keeps the `<details>`
/// the visitor had opened in it open.
pub(crate) fn replace_children(parent: &Element, children: Vec<Element>) -> Result<(), JsValue> {
    if !parent.is_connected() {
        // Still being built itself: nothing to compare with.
        parent.set_text_content(None);
        for child in &children {
            parent.append_child(child)?;
        }
        return Ok(());
    }
    let live = parent.children();
    BUILT.with(|built| {
        for (i, child) in children.iter().enumerate() {
            let old = live.item(i as u32);
            if let Some(old) = &old {
                let before = built.get(old.as_ref());
                if before
                    .dyn_ref::<Node>()
                    .is_some_and(|b| b.is_equal_node(Some(child)))
                {
                    continue;
                }
            }
            built.set(child.as_ref(), &child.clone_node_with_deep(true)?.into());
            match old {
                Some(old) => {
                    keep_open(&old, child)?;
                    parent.replace_child(child, &old)?
                }
                None => parent.append_child(child)?,
            };
        }
        while let Some(extra) = live.item(children.len() as u32) {
            extra.remove();
        }
        Ok(())
    })
}

/// Opens each `<details>` of `new` whose counterpart (by position) in `old` is open.
fn keep_open(old: &Element, new: &Element) -> Result<(), JsValue> {
    let (was, now) = (
        old.query_selector_all("details")?,
        new.query_selector_all("details")?,
    );
    for i in 0..was.length().min(now.length()) {
        if let (Some(was), Some(now)) = (was.item(i), now.item(i)) {
            if was.unchecked_ref::<Element>().has_attribute("open") {
                now.unchecked_ref::<Element>().set_attribute("open", "")?;
            }
        }
    }
    Ok(())
}

/// Sets an element's text.
pub(crate) fn set_text(id: &str, text: &str) -> Result<(), JsValue> {
    let el = by_id(id)?;
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
    Ok(())
}

/// Shows or hides an element.
pub(crate) fn set_hidden(el: &Element, hidden: bool) -> Result<(), JsValue> {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        el.set_hidden(hidden);
    }
    Ok(())
}

/// Reports an error of the page in the console (the one error path: `view::update`).
pub(crate) fn report_error(e: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str("gomirror:"), e);
}

/// The message of a JavaScript error, or whatever was thrown.
pub(crate) fn error_message(thrown: &JsValue) -> String {
    js_sys::Reflect::get(thrown, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Adds a listener that lives as long as the page.
pub(crate) fn listen(
    target: &impl AsRef<web_sys::EventTarget>,
    kind: &str,
    handler: impl FnMut(web_sys::Event) + 'static,
) -> Result<(), JsValue> {
    let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(handler);
    target
        .as_ref()
        .add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
    // The page's listeners are never removed: the closure lives as long as the page.
    closure.forget();
    Ok(())
}
