//! A report as a link to the page (`#report-link`, `gomirror rank --link`): the page's URL, then
//! `#r=`, then base64url without padding of raw DEFLATE (RFC 1951) of the report's JSON. This
//! module owns the link's schema and its limits, base64url, and reading a report back from a
//! link; compressing and inflating are the front ends' (the page's `CompressionStream` and
//! `DecompressionStream` with `deflate-raw`, the command's flate2), and so is drawing what was
//! read, which is someone else's data: text and attributes only, never markup.
//!
//! The link's JSON is the report's (`#report-json`, with `"v": 1`) in a compact form: no blanks,
//! and keys whose value is `null` left out (a reader takes a missing key as `null`). A report of
//! the built-in catalog's sources and two checked files that did not match makes a link of 1,873
//! characters (the test `a_full_report_fits` measures it), under the 2,000 that issue trackers
//! and chat apps keep whole. Nothing in a link reaches any server: a fragment is never sent.
//!
//! Reading refuses, each with its [`Problem`]: a payload that is not base64url or does not
//! inflate (damaged or cut), one that is or inflates to more than this page reads, another
//! schema version, and JSON whose shape or values break the schema and its limits (lengths,
//! counts, the closed sets of statuses and verdicts).
//!
//! Weight: the page checks a link's report as [`Json`], a plain tree its front end fills from
//! `JSON.parse`'s result, against a schema written as tables, and draws from that tree; serde's
//! derived readers through serde-wasm-bindgen cost its module 15 KB of code, reading into the
//! report types by hand 7 KB. base64url is written here rather than taken from the `base64`
//! crate (6.5 KB; the tests hold ours to it). The whole feature still costs the page's module
//! about 10 KB gzip (183,399 against 173,372 with it unwired, measured on the same tree).

use crate::error::quote;
#[cfg(not(target_arch = "wasm32"))]
use crate::report::Report;
use crate::report::VERSION;

/// What follows `#` in a link: `r=` and the payload.
pub const KEY: &str = "r=";
/// The longest payload (base64url characters) a page reads.
pub const MAX_PAYLOAD_CHARS: usize = 16_384;
/// The most JSON a payload may inflate to: a real report is about 7 KB; a small payload that
/// inflates to megabytes is refused as it inflates.
pub const MAX_JSON_BYTES: usize = 65_536;
/// The link length a report of the built-in catalog must fit in (the test below).
pub const TARGET_LINK_CHARS: usize = 2_000;
/// Rows a link may carry: download mirrors (the catalog's and the visitor's own).
pub const MAX_MIRRORS: usize = 64;
/// Module proxies.
pub const MAX_PROXIES: usize = 32;
/// Ways to the checksum database (its hosts and every proxy's).
pub const MAX_SUMDB: usize = 64;
/// Checked files.
pub const MAX_VERDICTS: usize = 32;
/// Findings of the diagnosis.
pub const MAX_DIAGNOSIS: usize = 8;
/// How deep a front end builds a [`Json`] tree: the schema is three levels deep, and a forged
/// link nested thousands deep must not exhaust the stack.
pub const MAX_DEPTH: usize = 8;

/// Characters of names shown (as the catalog's rule).
const NAME_CHARS: usize = 80;
/// Characters of a file's name.
const FILE_CHARS: usize = 255;
/// Characters of a user-agent string.
const BROWSER_CHARS: usize = 512;
/// Characters of a URL (as the catalog's rule), and of a snapshot's origin.
const URL_CHARS: usize = 500;
/// Characters of a key (`id`, `reason`, a finding) and of short values (a time, a platform).
const KEY_CHARS: usize = 40;
/// The largest latency a report holds, in milliseconds (far above any probe's deadline).
const MAX_LATENCY_MS: f64 = 3_600_000.0;
/// The largest throughput, bytes per second (a terabyte a second: beyond any network).
const MAX_BPS: f64 = 1e12;
/// The largest file size JavaScript numbers hold exactly (2^53 - 1).
const MAX_SIZE_BYTES: f64 = 9_007_199_254_740_991.0;
/// The most days a snapshot's age may be, either way.
const MAX_AGE_DAYS: f64 = 100_000.0;

/// Why a link's report cannot be read (or made).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not base64url, or its bytes do not inflate to UTF-8 text: damaged or cut.
    Damaged(String),
    /// Longer than this page reads.
    TooLarge {
        /// What: `link` (the payload) or `report` (its JSON).
        what: &'static str,
        /// Its size, characters or bytes.
        size: usize,
        /// The most this page reads.
        limit: usize,
    },
    /// Written for another version of the schema.
    Version(u32),
    /// The JSON's shape or one of its values breaks the schema or its limits.
    Invalid(String),
}

impl Problem {
    /// The short key (`data-error`), also the end of its words' key (`shared-error-…`).
    pub fn key(&self) -> &'static str {
        match self {
            Problem::Damaged(_) => "damaged",
            Problem::TooLarge { .. } => "too-large",
            Problem::Version(_) => "version",
            Problem::Invalid(_) => "invalid",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Damaged(why) => write!(f, "the report link is damaged: {why}"),
            Problem::TooLarge { what, size, limit } => {
                write!(f, "the {what} is {size} long, more than the {limit} read")
            }
            Problem::Version(v) => write!(
                f,
                "the report link is of version {v}; this page reads version {VERSION}"
            ),
            Problem::Invalid(why) => write!(f, "the report in the link is not valid: {why}"),
        }
    }
}

impl std::error::Error for Problem {}

/// The payload of a page's fragment (`location.hash`, with or without its `#`) when it is a
/// report link; `None` for any other fragment, which leaves the page as it is.
pub fn payload(fragment: &str) -> Option<&str> {
    fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix(KEY)
}

/// base64url's alphabet (RFC 4648, section 5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=group.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

/// The link: `site` without any fragment of its own, then `#r=` and the deflated JSON in
/// base64url without padding.
///
/// # Errors
///
/// [`Problem::TooLarge`] when the payload is longer than a page reads.
pub fn link(site: &str, deflated: &[u8]) -> Result<String, Problem> {
    let payload = encode(deflated);
    too_large("link", payload.len(), MAX_PAYLOAD_CHARS)?;
    let page = site.split('#').next().unwrap_or(site);
    Ok(format!("{page}#{KEY}{payload}"))
}

fn too_large(what: &'static str, size: usize, limit: usize) -> Result<(), Problem> {
    if size > limit {
        return Err(Problem::TooLarge { what, size, limit });
    }
    Ok(())
}

/// The deflated bytes a payload carries (padding `=`, which some tools add, is ignored). As
/// strict as the `base64` crate: a character outside the alphabet, a group cut after one
/// character, or bits left over that are not zero make it damaged.
///
/// # Errors
///
/// [`Problem::TooLarge`] or [`Problem::Damaged`].
pub fn decode(payload: &str) -> Result<Vec<u8>, Problem> {
    too_large("link", payload.len(), MAX_PAYLOAD_CHARS)?;
    let text = payload.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut bits, mut held) = (0u32, 0u32);
    for (i, c) in text.bytes().enumerate() {
        let Some(value) = ALPHABET.iter().position(|&a| a == c) else {
            return Err(Problem::Damaged(format!(
                "character {} is not base64url",
                i + 1
            )));
        };
        bits = bits << 6 | value as u32;
        held += 6;
        if held >= 8 {
            held -= 8;
            out.push((bits >> held) as u8);
            bits &= (1 << held) - 1;
        }
    }
    if held == 6 || bits != 0 {
        return Err(Problem::Damaged("its last base64url group is cut".into()));
    }
    Ok(out)
}

/// Refuses inflated JSON of more than [`MAX_JSON_BYTES`]; the front ends call it as the bytes
/// come, so that a small payload cannot make them inflate megabytes.
///
/// # Errors
///
/// [`Problem::TooLarge`].
pub fn check_size(json_bytes: usize) -> Result<(), Problem> {
    too_large("report", json_bytes, MAX_JSON_BYTES)
}

/// A JSON value as a link carries it, built by a front end from its own JSON reader (the
/// page's `JSON.parse`, the command's serde_json), no deeper than [`MAX_DEPTH`]; [`validate`]
/// checks it against the schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// `null`, or a key left out.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, its keys in their order.
    Obj(Vec<(String, Json)>),
}

#[cfg(not(target_arch = "wasm32"))]
impl From<&serde_json::Value> for Json {
    fn from(value: &serde_json::Value) -> Json {
        use serde_json::Value;
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
            Value::String(s) => Json::Str(s.clone()),
            Value::Array(items) => Json::Arr(items.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Obj(
                map.iter()
                    .map(|(k, v)| (k.clone(), Json::from(v)))
                    .collect(),
            ),
        }
    }
}

impl Json {
    /// The value of `key` of an object; `Null` where there is none.
    pub fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(fields) => fields
                .iter()
                .find(|(k, _)| k == key)
                .map_or(&Json::Null, |(_, v)| v),
            _ => &Json::Null,
        }
    }

    /// The string, or `""`.
    pub fn text(&self) -> &str {
        match self {
            Json::Str(s) => s,
            _ => "",
        }
    }

    /// The string, if it is one.
    pub fn string(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if it is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Json::Num(x) => Some(*x),
            _ => None,
        }
    }

    /// The items of an array, or none.
    pub fn items(&self) -> &[Json] {
        match self {
            Json::Arr(items) => items,
            _ => &[],
        }
    }
}

/// What a value must be.
#[derive(Clone, Copy)]
enum Is {
    /// Text shown as it is: at most this many characters, no control characters (which could
    /// break a line or a table out of its place).
    Text(usize),
    /// A key: 1-40 of a-z, 0-9, `-` and `_` (ids, reasons, findings).
    Key,
    /// An http(s) URL, shown as text (never made a link from someone else's report): no blanks
    /// or control characters.
    Url,
    /// 64 lowercase hex digits.
    Sha256,
    /// One of these.
    OneOf(&'static [&'static str]),
    /// A number in `0..=most`.
    Figure(f64),
    /// A whole number in `-most..=most`.
    Whole(f64),
    /// `true` or `false`.
    Flag,
}

/// One key of an object of the schema: what its value must be, and whether it may be left
/// out (or `null`).
struct Field(&'static str, Is, bool);

/// `data-status` values (`rank::Status`; a test holds them equal).
const STATUSES: &[&str] = &["pending", "ok", "limited", "failed", "timeout", "gone"];
/// `data-verdict` values (`verdict::Kind`, and `pending`; a test holds them equal).
const VERDICTS: &[&str] = &[
    "error",
    "empty",
    "match",
    "wrong-file",
    "html",
    "decompressed",
    "double-gzip",
    "truncated",
    "oversized",
    "mismatch",
    "unknown",
    "cancelled",
    "pending",
];
/// `data-source` values of a checked file (`verdict::Source`; a test holds them equal).
const ORIGINS: &[&str] = &["official", "pasted", "sidefile", "none"];

// The schema, object by object: tables rather than code for each key, which keeps the page's
// module small.
const REPORT: &[Field] = &[
    Field("generated_at", Is::Text(KEY_CHARS), false),
    Field("browser", Is::Text(BROWSER_CHARS), false),
    Field("platform", Is::Text(KEY_CHARS), false),
];
const CHECKSUM_SOURCE: &[Field] = &[
    Field("source", Is::OneOf(&["live", "snapshot", "none"]), false),
    // A live list's URL, or a snapshot's origin, which its maker wrote in words.
    Field("url", Is::Text(URL_CHARS), true),
    Field("snapshot_date", Is::Text(KEY_CHARS), true),
    Field("snapshot_age_days", Is::Whole(MAX_AGE_DAYS), true),
];
const SOURCE: &[Field] = &[
    Field("id", Is::Key, false),
    Field("name", Is::Text(NAME_CHARS), false),
    Field("url", Is::Url, false),
    Field("status", Is::OneOf(STATUSES), false),
    Field("latency_ms", Is::Figure(MAX_LATENCY_MS), true),
    Field("throughput_bps", Is::Figure(MAX_BPS), true),
    Field("reason", Is::Key, true),
    Field("cors", Is::Flag, true),
    Field("timing_allowed", Is::Flag, true),
    Field("redirected_to", Is::Url, true),
];
const CHECKED: &[Field] = &[
    Field("file", Is::Text(FILE_CHARS), false),
    Field("size_bytes", Is::Whole(MAX_SIZE_BYTES), false),
    Field("sha256", Is::Sha256, true),
    Field("verdict", Is::OneOf(VERDICTS), false),
    Field("expected_sha256", Is::Sha256, true),
    Field("source", Is::OneOf(ORIGINS), false),
];
const RECOMMENDATION: &[Field] = &[
    Field("mirror_id", Is::Key, false),
    Field("url", Is::Url, false),
];

impl Is {
    fn allows(self, value: &Json) -> bool {
        let (text, x) = match value {
            Json::Str(s) => (s.as_str(), f64::NAN),
            Json::Num(x) => ("", *x),
            Json::Bool(_) => return matches!(self, Is::Flag),
            _ => return false,
        };
        let chars = text.chars().count();
        let key = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_';
        let hex = |b: u8| b.is_ascii_digit() || (b'a'..=b'f').contains(&b);
        let strange = |c: char| c.is_control();
        match self {
            Is::Text(most) => {
                value.string().is_some() && chars <= most && !text.chars().any(strange)
            }
            Is::Key => (1..=KEY_CHARS).contains(&chars) && text.bytes().all(key),
            Is::Url => {
                let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
                (lower.starts_with("https://") || lower.starts_with("http://"))
                    && chars <= URL_CHARS
                    && !text.chars().any(|c| c.is_whitespace() || strange(c))
            }
            Is::Sha256 => text.len() == 64 && text.bytes().all(hex),
            Is::OneOf(allowed) => allowed.contains(&text),
            Is::Figure(most) => (0.0..=most).contains(&x),
            Is::Whole(most) => x.abs() <= most && x.fract() == 0.0,
            Is::Flag => false,
        }
    }
}

/// Where a value is, for the message that refuses it: `mirrors[3].url`.
fn place(at: &str, key: &str) -> String {
    match (at, key) {
        ("", key) => key.to_string(),
        (at, "") => at.to_string(),
        _ => format!("{at}.{key}"),
    }
}

fn wrong(at: &str, key: &str, what: &str) -> Problem {
    Problem::Invalid(format!("{} {what}", place(at, key)))
}

/// Checks `object` at `at` against its schema.
fn fields(object: &Json, at: &str, schema: &[Field]) -> Result<(), Problem> {
    if !matches!(object, Json::Obj(_)) {
        return Err(wrong(at, "", "is not an object"));
    }
    for Field(key, is, optional) in schema {
        let value = object.get(key);
        if !(matches!(value, Json::Null) && *optional || is.allows(value)) {
            let shown = match value {
                Json::Str(s) => quote(s, 60),
                Json::Num(x) => x.to_string(),
                Json::Null => "missing".into(),
                _ => "of the wrong type".into(),
            };
            return Err(wrong(at, key, &format!("is {shown}: out of bounds")));
        }
    }
    Ok(())
}

/// The array `key` of `object`, at most `most` long; empty where it is null or missing.
fn list<'j>(object: &'j Json, key: &str, most: usize) -> Result<&'j [Json], Problem> {
    match object.get(key) {
        Json::Null => Ok(&[]),
        Json::Arr(items) if items.len() <= most => Ok(items),
        Json::Arr(items) => Err(Problem::Invalid(format!(
            "{key} has {} entries, more than {most}",
            items.len()
        ))),
        _ => Err(wrong("", key, "is not an array")),
    }
}

/// Checks a link's report against the schema: its version, shape and limits. What passes can
/// be drawn from the tree as it is ([`Json::get`] and the like) or, natively, read into a
/// [`Report`] ([`parse`]).
///
/// # Errors
///
/// [`Problem::Version`] for another `v`, [`Problem::Invalid`] naming the first value that
/// breaks a rule.
pub fn validate(json: &Json) -> Result<(), Problem> {
    match json.get("v") {
        Json::Num(v) if *v == f64::from(VERSION) => {}
        Json::Num(v) if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v) => {
            return Err(Problem::Version(*v as u32))
        }
        _ => return Err(wrong("", "v", "is missing or not a version number")),
    }
    fields(json, "", REPORT)?;
    fields(
        json.get("checksum_source"),
        "checksum_source",
        CHECKSUM_SOURCE,
    )?;
    for (key, most, schema) in [
        ("mirrors", MAX_MIRRORS, SOURCE),
        ("proxies", MAX_PROXIES, SOURCE),
        ("sumdb", MAX_SUMDB, SOURCE),
        ("verdicts", MAX_VERDICTS, CHECKED),
    ] {
        for (i, row) in list(json, key, most)?.iter().enumerate() {
            fields(row, &format!("{key}[{i}]"), schema)?;
        }
    }
    let recommendation = json.get("recommendation");
    if !matches!(recommendation, Json::Null) {
        fields(recommendation, "recommendation", RECOMMENDATION)?;
    }
    for finding in list(json, "diagnosis", MAX_DIAGNOSIS)? {
        if !Is::Key.allows(finding) {
            return Err(wrong("", "diagnosis", "holds something other than a key"));
        }
    }
    Ok(())
}

/// The report's JSON in the link's compact form: no blanks, no `null` values (here with keys
/// in alphabetical order, serde_json's; order means nothing to a reader).
#[cfg(not(target_arch = "wasm32"))]
pub fn to_json(report: &Report) -> String {
    fn compact(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.retain(|_, v| !v.is_null());
                map.values_mut().for_each(compact);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(compact),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(report).unwrap_or_default();
    compact(&mut value);
    value.to_string()
}

/// Reads a link's inflated JSON natively.
///
/// # Errors
///
/// As [`validate`]; [`Problem::TooLarge`] beyond [`MAX_JSON_BYTES`], [`Problem::Damaged`] for
/// bytes that are not UTF-8, [`Problem::Invalid`] for text that is not JSON.
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(json: &[u8]) -> Result<Report, Problem> {
    check_size(json.len())?;
    let text = std::str::from_utf8(json)
        .map_err(|_| Problem::Damaged("the report is not UTF-8 text".into()))?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| Problem::Invalid(format!("not JSON: {e}")))?;
    validate(&Json::from(&value))?;
    // Natively the report types read themselves (serde); the page draws from the tree.
    serde_json::from_value(value).map_err(|e| Problem::Invalid(e.to_string()))
}

/// Checks a report against the link's limits before a link is made of it: what a page would
/// refuse to read is not worth sending.
///
/// # Errors
///
/// As [`validate`].
#[cfg(not(target_arch = "wasm32"))]
pub fn check(report: &Report) -> Result<(), Problem> {
    validate(&Json::from(
        &serde_json::to_value(report).unwrap_or_default(),
    ))
}

// Native only: they read JSON text and inflate with miniz_oxide.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
