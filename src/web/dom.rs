//! A small element builder over `web_sys`: text and attributes only, never HTML strings.
//!
//! Every piece of the page that shows data (file names, mirror names, messages from a list)
//! goes through `textContent` and `setAttribute`, so markup in a value stays text.

use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use web_sys::{Document, Element, HtmlElement};

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

/// Replaces all children of `parent` with `children`.
pub(crate) fn replace_children(parent: &Element, children: Vec<Element>) -> Result<(), JsValue> {
    parent.set_text_content(None);
    for child in children {
        parent.append_child(&child)?;
    }
    Ok(())
}

/// Sets an element's text.
pub(crate) fn set_text(id: &str, text: &str) -> Result<(), JsValue> {
    by_id(id)?.set_text_content(Some(text));
    Ok(())
}

/// Shows or hides an element.
pub(crate) fn set_hidden(el: &Element, hidden: bool) -> Result<(), JsValue> {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        el.set_hidden(hidden);
    }
    Ok(())
}
