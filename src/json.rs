//! Writing JSON: the saved report and the hashing worker's answers.
//!
//! A value is built as a [`Json`] tree and written out, pretty or compact. serde's serializers
//! did this before; in the wasm they cost about 4 KB gzip for two small documents, so the page
//! writes them here (native tests check the result against `serde_json`). Reading JSON is
//! `reader.rs`'s.

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, already written out (see [`Json::fixed`] and [`Json::whole`]).
    Number(String),
    /// A string.
    Text(String),
    /// An array.
    List(Vec<Json>),
    /// An object, fields in order.
    Object(Vec<(&'static str, Json)>),
}

impl Json {
    /// A number with `decimals` digits after the point (`null` if not finite, which JSON cannot
    /// hold).
    pub fn fixed(x: f64, decimals: u32) -> Json {
        if x.is_finite() {
            Json::Number(crate::i18n::fixed(x, decimals))
        } else {
            Json::Null
        }
    }

    /// A whole number.
    pub fn whole(n: impl Into<i128>) -> Json {
        Json::Number(n.into().to_string())
    }

    /// A string.
    pub fn text(s: &str) -> Json {
        Json::Text(s.to_owned())
    }

    /// `null` for `None`, else what `f` makes of the value.
    pub fn option<T>(value: Option<T>, f: impl FnOnce(T) -> Json) -> Json {
        value.map_or(Json::Null, f)
    }

    /// Written out with two-space indentation, as `JSON.stringify(value, null, 2)` writes it.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out
    }

    /// Written out on one line, without spaces.
    pub fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// `indent`: the current depth when pretty, `None` when compact.
    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => out.push_str(n),
            Json::Text(s) => quote(out, s),
            Json::List(items) => {
                let items: Vec<(Option<&str>, &Json)> = items.iter().map(|v| (None, v)).collect();
                write_all(out, indent, ('[', ']'), &items);
            }
            Json::Object(fields) => {
                let fields: Vec<(Option<&str>, &Json)> =
                    fields.iter().map(|(k, v)| (Some(*k), v)).collect();
                write_all(out, indent, ('{', '}'), &fields);
            }
        }
    }
}

/// The members of an array (no names) or an object, between `brackets`.
fn write_all(
    out: &mut String,
    indent: Option<usize>,
    brackets: (char, char),
    members: &[(Option<&str>, &Json)],
) {
    out.push(brackets.0);
    let inner = indent.map(|depth| depth + 1);
    for (i, (name, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline(out, inner);
        if let Some(name) = name {
            quote(out, name);
            out.push_str(if indent.is_some() { ": " } else { ":" });
        }
        value.write(out, inner);
    }
    if !members.is_empty() {
        newline(out, indent);
    }
    out.push(brackets.1);
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(depth) = indent {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    }
}

/// `s` as a JSON string: quotes, backslashes and control characters escaped, the rest as is.
fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn sample() -> Json {
        Json::Object(vec![
            ("name", Json::text("a \"quoted\" \\ name\n\u{1}<b>中文</b>")),
            ("size", Json::whole(68_988_925u64)),
            ("negative", Json::whole(-3i64)),
            ("rate", Json::fixed(1_234.567, 1)),
            ("nan", Json::fixed(f64::NAN, 1)),
            ("on", Json::Bool(true)),
            ("none", Json::option(None::<u32>, Json::whole)),
            ("list", Json::List(vec![Json::whole(1u8), Json::Null])),
            ("empty", Json::List(Vec::new())),
            (
                "nested",
                Json::Object(vec![("x", Json::Object(Vec::new()))]),
            ),
        ])
    }

    #[test]
    fn serde_json_reads_back_what_is_written() {
        let expected = serde_json::json!({
            "name": "a \"quoted\" \\ name\n\u{1}<b>中文</b>",
            "size": 68_988_925,
            "negative": -3,
            "rate": 1234.6,
            "nan": null,
            "on": true,
            "none": null,
            "list": [1, null],
            "empty": [],
            "nested": {"x": {}},
        });
        for text in [sample().pretty(), sample().compact()] {
            let read: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(read, expected, "{text}");
        }
    }

    #[test]
    fn pretty_is_laid_out_like_json_stringify() {
        // serde_json's pretty printer uses the same layout as JSON.stringify(v, null, 2).
        let expected = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&sample().compact()).unwrap(),
        )
        .unwrap();
        // serde_json sorts keys (no preserve_order); compare line sets, not order.
        let lines = |s: &str| {
            let mut v: Vec<String> = s
                .lines()
                .map(|l| l.trim_end_matches(',').to_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(lines(&sample().pretty()), lines(&expected));
        assert_eq!(Json::List(Vec::new()).pretty(), "[]");
        assert_eq!(
            Json::Object(vec![("a", Json::whole(1u8))]).pretty(),
            "{\n  \"a\": 1\n}"
        );
        assert_eq!(
            Json::Object(vec![("a", Json::List(vec![Json::Null]))]).compact(),
            "{\"a\":[null]}"
        );
    }
}
