//! Reading parsed JSON into the crate's types, field by field.
//!
//! The page parses JSON with the browser's `JSON.parse` and reads the result through [`Node`]
//! (implemented for `JsValue` in the browser layer); native code reads a `serde_json::Value`
//! through the same trait, so both take one path and give the same messages. serde's derived
//! readers did this job before; with their error machinery they weighed about a fifth of the
//! page's wasm (about 28 KB gzip), so the crate's types derive only `Serialize`.
//!
//! A missing field and a `null` are the same here; a value of the wrong type is an error that
//! names where it is, e.g. `mirrors[2].url: expected a string, found a number`. Fields the
//! reader does not know are ignored.

/// A parsed JSON value.
pub trait Node: Sized {
    /// The value of `key` when this is an object holding it and it is not `null`.
    fn field(&self, key: &str) -> Option<Self>;
    /// The text when this is a string.
    fn text(&self) -> Option<String>;
    /// The number when this is a number.
    fn number(&self) -> Option<f64>;
    /// The truth value when this is a boolean.
    fn boolean(&self) -> Option<bool>;
    /// The elements when this is an array.
    fn items(&self) -> Option<Vec<Self>>;
    /// The fields, in order, when this is an object.
    fn entries(&self) -> Option<Vec<(String, Self)>>;
    /// What this is, for messages: "a string", "an array", "an object", …
    fn kind(&self) -> &'static str;
}

/// A value that is not what was expected, with where it is.
fn wrong(path: &str, expected: &str, node: &impl Node) -> String {
    format!("{path}: expected {expected}, found {}", node.kind())
}

fn missing(path: &str) -> String {
    format!("{path}: missing")
}

/// `path.key`, or `key` at the top level.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// Checks that `node` is an object.
///
/// # Errors
///
/// A message naming `path` when it is not.
pub fn object(node: &impl Node, path: &str) -> Result<(), String> {
    if node.kind() == "an object" {
        Ok(())
    } else {
        Err(wrong(path, "an object", node))
    }
}

/// `node` itself as a string.
///
/// # Errors
///
/// A message naming `path` when it is something else.
pub fn string(node: &impl Node, path: &str) -> Result<String, String> {
    node.text().ok_or_else(|| wrong(path, "a string", node))
}

/// An optional string field.
///
/// # Errors
///
/// A message naming the field when it holds something else.
pub fn opt_text(node: &impl Node, path: &str, key: &str) -> Result<Option<String>, String> {
    node.field(key)
        .map(|v| string(&v, &join(path, key)))
        .transpose()
}

/// A string field that must be there.
///
/// # Errors
///
/// A message naming the field when it is missing or holds something else.
pub fn text(node: &impl Node, path: &str, key: &str) -> Result<String, String> {
    opt_text(node, path, key)?.ok_or_else(|| missing(&join(path, key)))
}

/// A boolean field; missing is `false`.
///
/// # Errors
///
/// A message naming the field when it holds something else.
pub fn flag(node: &impl Node, path: &str, key: &str) -> Result<bool, String> {
    node.field(key).map_or(Ok(false), |v| {
        v.boolean()
            .ok_or_else(|| wrong(&join(path, key), "true or false", &v))
    })
}

/// An optional number field.
///
/// # Errors
///
/// A message naming the field when it holds something else.
pub fn opt_number(node: &impl Node, path: &str, key: &str) -> Result<Option<f64>, String> {
    node.field(key)
        .map(|v| {
            v.number()
                .ok_or_else(|| wrong(&join(path, key), "a number", &v))
        })
        .transpose()
}

/// An optional whole number field, from 0 to 2^53 (what a JSON number holds exactly).
///
/// # Errors
///
/// A message naming the field when it holds something else.
pub fn opt_count(node: &impl Node, path: &str, key: &str) -> Result<Option<u64>, String> {
    const MAX_EXACT: f64 = 9_007_199_254_740_992.0;
    match opt_number(node, path, key)? {
        None => Ok(None),
        Some(n) if (0.0..=MAX_EXACT).contains(&n) && n.fract() == 0.0 => Ok(Some(n as u64)),
        Some(_) => Err(format!(
            "{}: expected a whole number from 0 to 2^53",
            join(path, key)
        )),
    }
}

/// A whole number field that must be there.
///
/// # Errors
///
/// As [`opt_count`], and when it is missing.
pub fn count(node: &impl Node, path: &str, key: &str) -> Result<u64, String> {
    opt_count(node, path, key)?.ok_or_else(|| missing(&join(path, key)))
}

/// The elements of an array field, each read by `read` with its own path (`key[3]`); missing is
/// empty.
///
/// # Errors
///
/// A message naming the field when it is not an array, or the first element `read` refuses.
pub fn list<N: Node, T>(
    node: &N,
    path: &str,
    key: &str,
    read: impl Fn(&N, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let path = join(path, key);
    match node.field(key) {
        None => Ok(Vec::new()),
        Some(v) => elements(&v, &path, read),
    }
}

/// The elements of `node`, which must be an array, each read by `read`.
///
/// # Errors
///
/// As [`list`].
pub fn elements<N: Node, T>(
    node: &N,
    path: &str,
    read: impl Fn(&N, &str) -> Result<T, String>,
) -> Result<Vec<T>, String> {
    let items = node.items().ok_or_else(|| wrong(path, "an array", node))?;
    // A plain loop: `collect::<Result<Vec<_>, _>>()` costs the wasm about 1.5 KB per type.
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(read(item, &format!("{path}[{i}]"))?);
    }
    Ok(out)
}

/// A string field naming one of `names`' values; the message lists the names.
///
/// # Errors
///
/// A message naming the field when it is missing, not a string or not one of the names.
pub fn choice<T: Copy>(
    node: &impl Node,
    path: &str,
    key: &str,
    names: &[(&str, T)],
) -> Result<T, String> {
    let path = join(path, key);
    let value = node.field(key).ok_or_else(|| missing(&path))?;
    one_of(&value, &path, names)
}

/// `node` itself as a string naming one of `names`' values.
///
/// # Errors
///
/// As [`choice`].
pub fn one_of<T: Copy>(node: &impl Node, path: &str, names: &[(&str, T)]) -> Result<T, String> {
    let got = string(node, path)?;
    names
        .iter()
        .find(|(name, _)| *name == got)
        .map(|(_, value)| *value)
        .ok_or_else(|| {
            let known: Vec<&str> = names.iter().map(|(name, _)| *name).collect();
            format!(
                "{path}: {} is not one of {}",
                crate::error::quote(&got, 40),
                known.join(", ")
            )
        })
}

#[cfg(not(target_arch = "wasm32"))]
impl Node for serde_json::Value {
    fn field(&self, key: &str) -> Option<Self> {
        self.as_object()?.get(key).filter(|v| !v.is_null()).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn entries(&self) -> Option<Vec<(String, Self)>> {
        let object = self.as_object()?;
        Some(object.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    fn kind(&self) -> &'static str {
        use serde_json::Value;
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Color {
        Red,
        Blue,
    }

    #[test]
    fn reads_fields_and_names_what_is_wrong() {
        let doc = json!({"name": "a", "on": true, "size": 12, "none": null, "list": [{"name": "x"}, {"name": 5}]});
        assert_eq!(text(&doc, "", "name").unwrap(), "a");
        assert_eq!(opt_text(&doc, "", "none").unwrap(), None);
        assert_eq!(text(&doc, "top", "gone").unwrap_err(), "top.gone: missing");
        assert_eq!(
            text(&doc, "", "size").unwrap_err(),
            "size: expected a string, found a number"
        );
        assert!(flag(&doc, "", "on").unwrap());
        assert!(!flag(&doc, "", "gone").unwrap());
        assert_eq!(
            flag(&doc, "", "name").unwrap_err(),
            "name: expected true or false, found a string"
        );
        assert_eq!(count(&doc, "", "size").unwrap(), 12);
        let names = |n: &serde_json::Value, p: &str| text(n, p, "name");
        assert_eq!(
            list(&doc, "", "list", names).unwrap_err(),
            "list[1].name: expected a string, found a number"
        );
        assert_eq!(list(&doc, "", "gone", names).unwrap(), Vec::<String>::new());
        assert_eq!(
            list(&doc, "", "name", names).unwrap_err(),
            "name: expected an array, found a string"
        );
        assert_eq!(
            object(&json!([1]), "catalog").unwrap_err(),
            "catalog: expected an object, found an array"
        );
    }

    #[test]
    fn counts_are_whole_and_in_range() {
        for bad in [json!({"n": -1}), json!({"n": 1.5}), json!({"n": 1e300})] {
            assert_eq!(
                opt_count(&bad, "", "n").unwrap_err(),
                "n: expected a whole number from 0 to 2^53"
            );
        }
        assert_eq!(opt_count(&json!({}), "", "n").unwrap(), None);
        assert_eq!(
            count(&json!({"n": 9007199254740992u64}), "", "n").unwrap(),
            1 << 53
        );
    }

    #[test]
    fn choices_list_what_is_allowed() {
        let names = [("red", Color::Red), ("blue", Color::Blue)];
        assert_eq!(
            choice(&json!({"c": "blue"}), "", "c", &names).unwrap(),
            Color::Blue
        );
        assert_eq!(
            choice(&json!({"c": "<b>green</b>"}), "x", "c", &names).unwrap_err(),
            "x.c: \"<b>green</b>\" is not one of red, blue"
        );
    }
}
