//! The link's tests: the shared vector, round trips, every kind of broken link, the limits.

use super::*;
use crate::catalog::Catalog;
use crate::report::{Checked, ChecksumSource, Recommendation, Source};

/// The shared test vector: a report's JSON in the link's form, and a fragment made from it
/// by another implementation (Python's zlib, raw DEFLATE level 9): the page's e2e spec
/// opens the same fragment.
const VECTOR_JSON: &str = include_str!("../../tests/data/report-link.json");
const VECTOR_FRAGMENT: &str = include_str!("../../tests/data/report-link.fragment");

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
    let catalog = Catalog::parse(include_str!("../../www/data/catalog.json")).unwrap();
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
    assert_eq!(parse(b"\xff{}").unwrap_err().key(), "damaged");
    assert_eq!(parse(b"<html>").unwrap_err().key(), "invalid");
}

/// The reference: the `base64` crate's URL-safe engine without padding.
#[test]
fn base64url_is_the_base64_crates() {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut seed = 0x9e37_79b9_u32;
    for len in 0..300 {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                seed as u8
            })
            .collect();
        let ours = encode(&bytes);
        assert_eq!(ours, engine.encode(&bytes), "{len} bytes");
        assert_eq!(decode(&ours).unwrap(), bytes, "{len} bytes");
    }
    for text in [
        "", "A", "AA", "AB", "AAA", "AAB", "AAAA", "AAAAA", "Zm9v", "Zm9vYg", "Zm9vYh", "Zm9vYmE",
        "Zm9vYmF", "a+b/", "ab$d", "Zm9v\n", "Zm 9v", "-_-_",
    ] {
        let theirs = engine.decode(text);
        assert_eq!(decode(text).is_ok(), theirs.is_ok(), "{text:?}");
        if let Ok(bytes) = theirs {
            assert_eq!(decode(text).unwrap(), bytes, "{text:?}");
        }
    }
}

/// The schema's closed sets are the core's enums' names.
#[test]
fn closed_sets_are_the_enums() {
    use crate::rank::Status;
    use crate::verdict::{Kind, Source as Origin};
    let statuses = [
        Status::Pending,
        Status::Ok,
        Status::Limited,
        Status::Failed,
        Status::Timeout,
        Status::Gone,
    ]
    .map(Status::as_str);
    assert_eq!(STATUSES, statuses);
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(VERDICTS[..VERDICTS.len() - 1], kinds[..]);
    let origins = [
        Origin::Official,
        Origin::Pasted,
        Origin::Sidefile,
        Origin::None,
    ]
    .map(Origin::as_str);
    assert_eq!(ORIGINS, origins);
}

#[test]
fn only_report_fragments_are_links() {
    assert_eq!(payload("#r=abc"), Some("abc"));
    assert_eq!(payload("r=abc"), Some("abc"));
    assert_eq!(payload("#drop-zone"), None);
    assert_eq!(payload(""), None);
}
