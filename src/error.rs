//! The crate's one error type.
//!
//! Every failure the pure core can report is a variant here, with a lowercase message that names
//! the offending value, so that the page can show it as it is. A checksum that does not match is
//! not an error: it is a verdict (`verdict.rs`).

use std::fmt;

/// What went wrong, with the value that caused it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A document (catalog, release list) is not valid JSON or not of the expected shape.
    Json {
        /// Which document, e.g. "release list".
        what: &'static str,
        /// The parser's message, with line and column.
        message: String,
    },
    /// A document is larger than this page will read.
    TooLarge {
        /// Which document.
        what: &'static str,
        /// Its size in bytes.
        size_bytes: u64,
        /// The most this page reads.
        limit_bytes: u64,
    },
    /// One entry of a document breaks a rule; the whole document is refused.
    Invalid {
        /// Which document.
        what: &'static str,
        /// Where in it, e.g. `release "go1.22.0", file 3`.
        location: String,
        /// The rule and the value that broke it.
        problem: String,
    },
    /// A checksum text that holds no 64-digit hexadecimal SHA-256.
    BadChecksum {
        /// The text, shortened.
        text: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json { what, message } => write!(f, "{what} is not valid: {message}"),
            Error::TooLarge {
                what,
                size_bytes,
                limit_bytes,
            } => write!(
                f,
                "{what} is {size_bytes} bytes, more than the {limit_bytes} bytes this page reads"
            ),
            Error::Invalid {
                what,
                location,
                problem,
            } => write!(f, "{what}: {location}: {problem}"),
            Error::BadChecksum { text } => {
                write!(
                    f,
                    "no SHA-256 checksum (64 hex digits) in {}",
                    quote(text, 200)
                )
            }
        }
    }
}

impl std::error::Error for Error {}

/// Reads a document of type `T` from any serde deserializer (`serde_json` natively, the
/// browser's `JSON.parse` result through `serde_wasm_bindgen` in the page). serde's messages
/// name the field for a missing one and the choices for an unknown name; where a value has the
/// wrong type they say what was found and expected, not where (serde_path_to_error would, for
/// 6.7 KB gzip of the page's weight). Rules beyond the shape are checked after reading, by
/// code that names the entry.
///
/// # Errors
///
/// [`Error::Json`] with serde's message.
pub fn read_json<'de, T: serde::Deserialize<'de>, D: serde::Deserializer<'de>>(
    what: &'static str,
    deserializer: D,
) -> Result<T, Error> {
    T::deserialize(deserializer).map_err(|e| {
        // serde_wasm_bindgen's errors are JavaScript `Error`s, printed with that prefix.
        let message = e.to_string();
        let message = message
            .strip_prefix("Error: ")
            .unwrap_or(&message)
            .to_string();
        Error::Json { what, message }
    })
}

/// Why a document (catalog, checksum list) could not be used; shown to the visitor in their
/// language by `explain::failure`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer before the deadline.
    Timeout {
        /// The deadline in milliseconds.
        after_ms: u32,
    },
    /// The server answered with an error status.
    Http {
        /// The status code.
        status: u16,
    },
    /// The request failed: DNS, refused, TLS, or CORS (a browser does not say which).
    Unreachable {
        /// The browser's own words.
        detail: String,
    },
    /// It arrived but was refused by validation.
    Refused(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Refused(e)
    }
}

/// Shortens `text` for a message, on a character boundary, so a hostile megabyte-long value
/// cannot flood the page.
pub(crate) fn clip(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

/// `text` clipped to `max_chars` and quoted for a message: `"go1.22"`. Quotes, backslashes and
/// control characters are escaped as `{:?}` would escape them; other characters are kept as
/// they are, which spares the wasm the Unicode tables of `{:?}` (about 6 KB).
pub(crate) fn quote(text: &str, max_chars: usize) -> String {
    let mut out = String::from('"');
    for c in clip(text, max_chars).chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_debug_for_ordinary_text() {
        for text in [
            "go1.22.0",
            "a \"b\" \\ c",
            "line\nbreak\ttab\r",
            "\u{1b}[31m",
            "中文 <b>",
        ] {
            assert_eq!(quote(text, 80), format!("{text:?}"));
        }
        assert_eq!(quote("abcdef", 3), "\"abc…\"");
    }

    #[test]
    fn messages_name_the_value() {
        let e = Error::Invalid {
            what: "release list",
            location: "release \"go1.22.0\", file 2".into(),
            problem: "sha256 \"abc\" is not 64 hex digits".into(),
        };
        assert_eq!(
            e.to_string(),
            "release list: release \"go1.22.0\", file 2: sha256 \"abc\" is not 64 hex digits"
        );
        let e = Error::TooLarge {
            what: "catalog",
            size_bytes: 10,
            limit_bytes: 5,
        };
        assert_eq!(
            e.to_string(),
            "catalog is 10 bytes, more than the 5 bytes this page reads"
        );
    }

    #[test]
    fn clip_respects_char_boundaries() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("校验和校验和", 2), "校验…");
    }
}
