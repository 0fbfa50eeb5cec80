//! A report as a link to the page (`#report-link`, `gomirror rank --link`): the page's URL, then
//! `#r=`, then base64url without padding of raw DEFLATE (RFC 1951) of the report's JSON. This
//! module owns the link's schema and its limits, base64url, and reading a report back from a
//! link; compressing and inflating are the front ends' (the page's `CompressionStream` and
//! `DecompressionStream` with `deflate-raw`, the command's flate2), and so is drawing what was
//! read, which is someone else's data: text and attributes only, never markup.
//!
//! The link's JSON is the report's (`#report-json`, with `"v": 1`) in a compact form: no blanks,
//! and keys whose value is `null` left out (a reader takes a missing key as `null`). A report of
//! the built-in catalog's sources and two checked files makes a link of about 1,850 characters
//! (the test `a_full_report_fits` measures it), under the 2,000 that issue trackers and chat
//! apps keep whole. Nothing in a link reaches any server: a fragment is never sent.
//!
//! Reading refuses, each with its [`Problem`]: a payload that is not base64url or does not
//! inflate (damaged or cut), one that is or inflates to more than this page reads, another
//! schema version, and JSON whose shape or values break the schema and its limits (lengths,
//! counts, the closed sets of statuses and verdicts).

use base64::Engine;
use serde::Deserializer;

use crate::error::quote;
use crate::rank::Status;
use crate::report::{Checked, Report, Source, Stamped, VERSION};
use crate::verdict::{Kind, Source as Origin};

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

/// Characters of names shown (as the catalog's rule).
const NAME_CHARS: usize = 80;
/// Characters of a file's name.
const FILE_CHARS: usize = 255;
/// Characters of a user-agent string.
const BROWSER_CHARS: usize = 512;
/// Characters of a URL (as the catalog's rule).
const URL_CHARS: usize = 500;
/// Characters of a key (`id`, `reason`, a finding) and of short values (a time, a platform).
const KEY_CHARS: usize = 40;
/// The largest latency a report holds, in milliseconds (far above any probe's deadline).
const MAX_LATENCY_MS: f64 = 3_600_000.0;
/// The largest throughput, bytes per second (a terabyte a second: beyond any network).
const MAX_BPS: f64 = 1e12;
/// The largest file size JavaScript numbers hold exactly (2^53 - 1).
const MAX_SIZE_BYTES: u64 = (1 << 53) - 1;

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

/// The link: `site` without any fragment of its own, then `#r=` and the deflated JSON in
/// base64url without padding.
///
/// # Errors
///
/// [`Problem::TooLarge`] when the payload is longer than a page reads.
pub fn link(site: &str, deflated: &[u8]) -> Result<String, Problem> {
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated);
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(Problem::TooLarge {
            what: "link",
            size: payload.len(),
            limit: MAX_PAYLOAD_CHARS,
        });
    }
    let page = site.split('#').next().unwrap_or(site);
    Ok(format!("{page}#{KEY}{payload}"))
}

/// The deflated bytes a payload carries (padding `=`, which some tools add, is ignored).
///
/// # Errors
///
/// [`Problem::TooLarge`] or [`Problem::Damaged`].
pub fn decode(payload: &str) -> Result<Vec<u8>, Problem> {
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(Problem::TooLarge {
            what: "link",
            size: payload.len(),
            limit: MAX_PAYLOAD_CHARS,
        });
    }
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| Problem::Damaged(format!("not base64url ({e})")))
}

/// Refuses inflated JSON of more than [`MAX_JSON_BYTES`]; the front ends call it as the bytes
/// come, so that a small payload cannot make them inflate megabytes.
///
/// # Errors
///
/// [`Problem::TooLarge`].
pub fn check_size(json_bytes: usize) -> Result<(), Problem> {
    if json_bytes > MAX_JSON_BYTES {
        return Err(Problem::TooLarge {
            what: "report",
            size: json_bytes,
            limit: MAX_JSON_BYTES,
        });
    }
    Ok(())
}

/// Reads a link's report from any serde deserializer (the page's `JSON.parse` result through
/// `serde_wasm_bindgen`, natively `serde_json`), and checks its version and limits.
///
/// # Errors
///
/// [`Problem::Invalid`] for a wrong shape, [`Problem::Version`], or what [`check`] finds.
pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Report, Problem> {
    let stamped: Stamped = serde::Deserialize::deserialize(deserializer)
        .map_err(|e: D::Error| Problem::Invalid(e.to_string()))?;
    if stamped.v != VERSION {
        return Err(Problem::Version(stamped.v));
    }
    check(&stamped.report)?;
    Ok(stamped.report)
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
/// As [`read`], and [`Problem::TooLarge`] beyond [`MAX_JSON_BYTES`].
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(json: &[u8]) -> Result<Report, Problem> {
    check_size(json.len())?;
    let mut de = serde_json::Deserializer::from_slice(json);
    let report = read(&mut de)?;
    de.end().map_err(|e| Problem::Invalid(e.to_string()))?;
    Ok(report)
}

/// Checks a report against the link's limits: what the page reads is what a link may carry,
/// so a front end checks before it makes one.
///
/// # Errors
///
/// [`Problem::Invalid`] naming the first value that breaks a rule.
pub fn check(report: &Report) -> Result<(), Problem> {
    let r = report;
    short("generated_at", &r.generated_at, KEY_CHARS)?;
    short("browser", &r.browser, BROWSER_CHARS)?;
    short("platform", &r.platform, KEY_CHARS)?;
    let c = &r.checksum_source;
    one_of(
        "checksum_source.source",
        &c.source,
        &["live", "snapshot", "none"],
    )?;
    if let Some(u) = &c.url {
        url("checksum_source.url", u)?;
    }
    if let Some(date) = &c.snapshot_date {
        short("checksum_source.snapshot_date", date, KEY_CHARS)?;
    }
    if let Some(days) = c.snapshot_age_days {
        if days.abs() > 100_000 {
            return Err(bad("checksum_source.snapshot_age_days", &days.to_string()));
        }
    }
    for (what, rows, most) in [
        ("mirrors", &r.mirrors, MAX_MIRRORS),
        ("proxies", &r.proxies, MAX_PROXIES),
        ("sumdb", &r.sumdb, MAX_SUMDB),
    ] {
        count(what, rows.len(), most)?;
        for (i, s) in rows.iter().enumerate() {
            source(&format!("{what}[{i}]"), s)?;
        }
    }
    count("verdicts", r.verdicts.len(), MAX_VERDICTS)?;
    for (i, v) in r.verdicts.iter().enumerate() {
        checked(&format!("verdicts[{i}]"), v)?;
    }
    if let Some(rec) = &r.recommendation {
        key("recommendation.mirror_id", &rec.mirror_id)?;
        url("recommendation.url", &rec.url)?;
    }
    count("diagnosis", r.diagnosis.len(), MAX_DIAGNOSIS)?;
    for (i, d) in r.diagnosis.iter().enumerate() {
        key(&format!("diagnosis[{i}]"), d)?;
    }
    Ok(())
}

fn source(at: &str, s: &Source) -> Result<(), Problem> {
    key(&format!("{at}.id"), &s.id)?;
    short(&format!("{at}.name"), &s.name, NAME_CHARS)?;
    url(&format!("{at}.url"), &s.url)?;
    let statuses = [
        Status::Pending,
        Status::Ok,
        Status::Limited,
        Status::Failed,
        Status::Timeout,
        Status::Gone,
    ]
    .map(Status::as_str);
    one_of(&format!("{at}.status"), &s.status, &statuses)?;
    figure(&format!("{at}.latency_ms"), s.latency_ms, MAX_LATENCY_MS)?;
    figure(&format!("{at}.throughput_bps"), s.throughput_bps, MAX_BPS)?;
    if let Some(reason) = &s.reason {
        key(&format!("{at}.reason"), reason)?;
    }
    if let Some(to) = &s.redirected_to {
        url(&format!("{at}.redirected_to"), to)?;
    }
    Ok(())
}

fn checked(at: &str, v: &Checked) -> Result<(), Problem> {
    short(&format!("{at}.file"), &v.file, FILE_CHARS)?;
    if v.size_bytes > MAX_SIZE_BYTES {
        return Err(bad(&format!("{at}.size_bytes"), &v.size_bytes.to_string()));
    }
    for (field, hash) in [
        ("sha256", &v.sha256),
        ("expected_sha256", &v.expected_sha256),
    ] {
        if let Some(hash) = hash {
            let hex = hash.len() == 64
                && hash
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex {
                return Err(bad(&format!("{at}.{field}"), hash));
            }
        }
    }
    let verdicts: Vec<&str> = Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(["pending"])
        .collect();
    one_of(&format!("{at}.verdict"), &v.verdict, &verdicts)?;
    let origins = [
        Origin::Official,
        Origin::Pasted,
        Origin::Sidefile,
        Origin::None,
    ]
    .map(Origin::as_str);
    one_of(&format!("{at}.source"), &v.source, &origins)
}

fn bad(at: &str, value: &str) -> Problem {
    Problem::Invalid(format!("{at} {} is out of bounds", quote(value, 60)))
}

fn count(at: &str, n: usize, most: usize) -> Result<(), Problem> {
    if n > most {
        return Err(Problem::Invalid(format!(
            "{at} has {n} entries, more than {most}"
        )));
    }
    Ok(())
}

/// Text shown as it is: at most `most` characters, no control characters (which could break
/// a line or a table out of its place).
fn short(at: &str, value: &str, most: usize) -> Result<(), Problem> {
    if value.chars().count() > most || value.chars().any(char::is_control) {
        return Err(bad(at, value));
    }
    Ok(())
}

/// A key: 1-40 of a-z, 0-9, `-` and `_` (ids, reasons, findings).
fn key(at: &str, value: &str) -> Result<(), Problem> {
    let ok = !value.is_empty()
        && value.len() <= KEY_CHARS
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        return Err(bad(at, value));
    }
    Ok(())
}

fn one_of(at: &str, value: &str, allowed: &[&str]) -> Result<(), Problem> {
    if !allowed.contains(&value) {
        return Err(bad(at, value));
    }
    Ok(())
}

/// An http(s) URL, shown as text (never made a link from someone else's report): no blanks or
/// control characters.
fn url(at: &str, value: &str) -> Result<(), Problem> {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let scheme = lower.starts_with("https://") || lower.starts_with("http://");
    let chars = value.chars().all(|c| !c.is_whitespace() && !c.is_control());
    if !scheme || !chars || value.chars().count() > URL_CHARS {
        return Err(bad(at, value));
    }
    Ok(())
}

fn figure(at: &str, value: Option<f64>, most: f64) -> Result<(), Problem> {
    match value {
        Some(x) if !(x.is_finite() && (0.0..=most).contains(&x)) => Err(bad(at, &x.to_string())),
        _ => Ok(()),
    }
}

// Native only: they read JSON text and inflate with miniz_oxide.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::report::{ChecksumSource, Recommendation};

    /// The shared test vector: a report's JSON in the link's form, and a fragment made from it
    /// by another implementation (Python's zlib, raw DEFLATE level 9): the page's e2e spec
    /// opens the same fragment.
    const VECTOR_JSON: &str = include_str!("../tests/data/report-link.json");
    const VECTOR_FRAGMENT: &str = include_str!("../tests/data/report-link.fragment");

    fn inflate(payload: &str) -> Vec<u8> {
        let deflated = decode(payload).unwrap();
        miniz_oxide::inflate::decompress_to_vec(&deflated).unwrap()
    }

    fn deflate(json: &str) -> Vec<u8> {
        // Level 6: zlib's default, which the page's CompressionStream uses.
        miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 6)
    }

    #[test]
    fn the_vector_decodes_to_its_json() {
        let payload = payload(VECTOR_FRAGMENT.trim()).unwrap();
        assert_eq!(
            String::from_utf8(inflate(payload)).unwrap(),
            VECTOR_JSON.trim()
        );
        let report = parse(VECTOR_JSON.trim().as_bytes()).unwrap();
        // The vector's JSON is the link's compact form of its report (keys in any order).
        let value = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap();
        assert_eq!(value(&to_json(&report)), value(VECTOR_JSON));
        assert!(!to_json(&report).contains("null"));
        assert_eq!(report.mirrors[0].id, "aliyun");
        assert_eq!(report.verdicts.len(), 2);
    }

    #[test]
    fn links_round_trip() {
        let report = parse(VECTOR_JSON.trim().as_bytes()).unwrap();
        let link = link("https://example.org/go/#old", &deflate(&to_json(&report))).unwrap();
        let (page, fragment) = link.split_once('#').unwrap();
        assert_eq!(page, "https://example.org/go/");
        let back = parse(&inflate(payload(fragment).unwrap())).unwrap();
        assert_eq!(back, report);
        // base64url without padding: nothing a URL would escape.
        assert!(fragment[2..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    /// A report as the page makes it for the built-in catalog: every source measured, two
    /// checked files that did not match (four hashes, which do not compress).
    fn full_report(catalog: &Catalog) -> Report {
        let file = "go1.25.5.linux-amd64.tar.gz";
        let measured = |i: usize, id: String, name: &str, url: String| Source {
            id,
            name: name.into(),
            url,
            status: "ok".into(),
            latency_ms: Some(20.0 + 37.3 * i as f64),
            throughput_bps: Some(1_000_000.0 + 2_345_678.0 * i as f64),
            reason: (i % 4 == 3).then(|| "http-404".into()),
            cors: i.is_multiple_of(2),
            timing_allowed: i.is_multiple_of(3),
            redirected_to: (i < 3).then(|| format!("https://dl.google.com/go/{file}")),
        };
        let zip = "golang.org/toolchain/@v/v0.0.1-go1.25.5.linux-amd64.zip";
        let hash = |seed: u64| -> String {
            (0..8u64)
                .map(|k| format!("{:08x}", (seed * 2_654_435_761 + k * 40_503) as u32))
                .collect()
        };
        let proxies = &catalog.module_proxies;
        Report {
            generated_at: "2026-12-07T18:40:00.123Z".into(),
            browser: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0".into(),
            platform: "windows/amd64".into(),
            checksum_source: ChecksumSource {
                source: "live".into(),
                url: catalog.checksum_sources.first().cloned(),
                ..ChecksumSource::default()
            },
            mirrors: catalog
                .mirrors
                .iter()
                .enumerate()
                .map(|(i, m)| measured(i, m.id.clone(), &m.name, m.url_for(file)))
                .collect(),
            proxies: proxies
                .iter()
                .enumerate()
                .map(|(i, p)| measured(i, p.id.clone(), &p.name, format!("{}{zip}", p.url)))
                .collect(),
            sumdb: catalog
                .checksum_databases
                .iter()
                .map(|d| (d.id.clone(), &d.name, d.latest_url()))
                .chain(proxies.iter().map(|p| {
                    let url = format!("{}{}", p.url, crate::catalog::SUMDB_SUPPORTED);
                    (format!("proxy-{}", p.id), &p.name, url)
                }))
                .enumerate()
                .map(|(i, (id, name, url))| Source {
                    throughput_bps: None,
                    ..measured(i, id, name, url)
                })
                .collect(),
            verdicts: (0..2)
                .map(|i| Checked {
                    file: ["go1.25.5.windows-amd64.msi", file][i].into(),
                    size_bytes: 75_123_456 + i as u64,
                    sha256: Some(hash(2 * i as u64 + 1)),
                    verdict: "mismatch".into(),
                    expected_sha256: Some(hash(2 * i as u64 + 2)),
                    source: "official".into(),
                })
                .collect(),
            recommendation: Some(Recommendation {
                mirror_id: "aliyun".into(),
                url: format!("https://mirrors.aliyun.com/golang/{file}"),
            }),
            diagnosis: vec!["slow".into(), "bad-file".into()],
        }
    }

    #[test]
    fn a_full_report_fits() {
        let catalog = Catalog::parse(include_str!("../www/data/catalog.json")).unwrap();
        let site = catalog.site_url.clone().unwrap();
        let report = full_report(&catalog);
        assert_eq!(report.mirrors.len(), catalog.mirrors.len());
        assert_eq!(report.sumdb.len(), 2 + catalog.module_proxies.len());
        check(&report).unwrap();
        let json = to_json(&report);
        let link = link(&site, &deflate(&json)).unwrap();
        eprintln!(
            "a full report: {} bytes of JSON, a link of {} characters (target {TARGET_LINK_CHARS})",
            json.len(),
            link.len()
        );
        assert!(link.len() <= TARGET_LINK_CHARS, "{}", link.len());
    }

    /// Each row: a change to the vector's JSON, and the problem's key.
    #[allow(clippy::type_complexity)]
    const BROKEN: &[(&str, fn(&mut serde_json::Value), &str)] = &[
        ("wrong v", |j| j["v"] = 2.into(), "version"),
        ("v as text", |j| j["v"] = "1".into(), "invalid"),
        (
            "no v",
            |j| drop(j.as_object_mut().unwrap().remove("v")),
            "invalid",
        ),
        (
            "latency as text",
            |j| j["mirrors"][0]["latency_ms"] = "fast".into(),
            "invalid",
        ),
        (
            "negative latency",
            |j| j["mirrors"][0]["latency_ms"] = (-1.0).into(),
            "invalid",
        ),
        (
            "status unknown",
            |j| j["mirrors"][0]["status"] = "great".into(),
            "invalid",
        ),
        (
            "id with markup",
            |j| j["mirrors"][0]["id"] = "<b>".into(),
            "invalid",
        ),
        (
            "javascript url",
            |j| j["mirrors"][0]["url"] = "javascript:alert(1)".into(),
            "invalid",
        ),
        (
            "long name",
            |j| j["mirrors"][0]["name"] = "x".repeat(81).into(),
            "invalid",
        ),
        ("line break", |j| j["browser"] = "a\nb".into(), "invalid"),
        (
            "short hash",
            |j| j["verdicts"][0]["sha256"] = "abc".into(),
            "invalid",
        ),
        (
            "verdict unknown",
            |j| j["verdicts"][0]["verdict"] = "fine".into(),
            "invalid",
        ),
        (
            "mirrors as object",
            |j| j["mirrors"] = serde_json::json!({}),
            "invalid",
        ),
        (
            "too many verdicts",
            |j| {
                let one = j["verdicts"][0].clone();
                j["verdicts"] = vec![one; MAX_VERDICTS + 1].into();
            },
            "invalid",
        ),
        (
            "too many findings",
            |j| j["diagnosis"] = vec!["ok"; 9].into(),
            "invalid",
        ),
    ];

    #[test]
    fn broken_reports_are_refused() {
        let good: serde_json::Value = serde_json::from_str(VECTOR_JSON).unwrap();
        for (what, change, want) in BROKEN {
            let mut json = good.clone();
            change(&mut json);
            let got = parse(json.to_string().as_bytes()).unwrap_err();
            assert_eq!(got.key(), *want, "{what}: {got}");
        }
    }

    #[test]
    fn damaged_payloads_are_refused() {
        let payload = payload(VECTOR_FRAGMENT.trim()).unwrap();
        assert_eq!(decode("ab$d").unwrap_err().key(), "damaged");
        assert_eq!(
            decode(&"A".repeat(MAX_PAYLOAD_CHARS + 1))
                .unwrap_err()
                .key(),
            "too-large"
        );
        // Cut: base64 that decodes, to a deflate stream that ends early.
        let cut = decode(&payload[..payload.len() / 8 * 4]).unwrap();
        assert!(miniz_oxide::inflate::decompress_to_vec(&cut).is_err());
        assert_eq!(
            check_size(MAX_JSON_BYTES + 1).unwrap_err().key(),
            "too-large"
        );
        assert_eq!(
            parse(&vec![b' '; MAX_JSON_BYTES + 1]).unwrap_err().key(),
            "too-large"
        );
        assert_eq!(parse(b"\xff{}").unwrap_err().key(), "invalid");
    }

    #[test]
    fn only_report_fragments_are_links() {
        assert_eq!(payload("#r=abc"), Some("abc"));
        assert_eq!(payload("r=abc"), Some("abc"));
        assert_eq!(payload("#drop-zone"), None);
        assert_eq!(payload(""), None);
    }
}
