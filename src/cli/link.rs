//! `rank --link`: the report as a link to the page, which opens it read-only (DESIGN.md,
//! `#report-link`). The schema, its limits and base64url are the core's (`crate::share`); this
//! file only deflates the JSON (flate2's `DeflateEncoder` writes raw DEFLATE, RFC 1951, as the
//! page's `CompressionStream('deflate-raw')` does).

use std::io::Write;

use flate2::write::DeflateEncoder;
use flate2::Compression;

use crate::catalog::check_url;
use crate::report::Report;
use crate::share;

use super::Failure;

/// The page's URL `site` with the report in its fragment (`#r=`, DESIGN.md's encoding).
///
/// # Errors
///
/// A report that breaks the link's limits, or a site that is no http(s) URL (exit 1).
pub fn url_for(report: &Report, site: &str) -> Result<String, Failure> {
    check_url(site).map_err(|e| Failure::input(format!("--site: {e}")))?;
    share::check(report).map_err(|e| Failure::input(e.to_string()))?;
    let json = share::to_json(report);
    // The best level: a link is made once and should be short (chat apps cut long ones).
    let mut deflater = DeflateEncoder::new(Vec::new(), Compression::best());
    deflater
        .write_all(json.as_bytes())
        .and_then(|()| deflater.finish())
        .map_err(|e| Failure::input(format!("cannot compress the report: {e}")))
        .and_then(|deflated| {
            share::link(site, &deflated).map_err(|e| Failure::input(e.to_string()))
        })
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use flate2::read::DeflateDecoder;

    use super::*;

    const VECTOR_JSON: &str = include_str!("../../tests/data/report-link.json");

    /// The JSON a link carries, inflated with flate2 (the reader the page does not use).
    fn carried(link: &str) -> String {
        let (_, fragment) = link.split_once('#').unwrap();
        let deflated = share::decode(share::payload(fragment).unwrap()).unwrap();
        let mut json = String::new();
        DeflateDecoder::new(&deflated[..])
            .read_to_string(&mut json)
            .unwrap();
        json
    }

    #[test]
    fn the_vector_makes_a_link_that_carries_it() {
        let report = share::parse(VECTOR_JSON.trim().as_bytes()).unwrap();
        let link = url_for(&report, "https://gomirror.github.io/gomirror/").unwrap();
        assert!(
            link.starts_with("https://gomirror.github.io/gomirror/#r="),
            "{link}"
        );
        let json = carried(&link);
        let value = |json: &str| serde_json::from_str::<serde_json::Value>(json).unwrap();
        assert_eq!(value(&json), value(VECTOR_JSON));
        assert_eq!(share::parse(json.as_bytes()).unwrap(), report);
    }

    #[test]
    fn a_report_comes_back_equal() {
        let report = Report {
            generated_at: "2026-12-07T18:40:00Z".into(),
            browser: "gomirror/0.1.0 (linux/amd64)".into(),
            platform: "linux/amd64".into(),
            checksum_source: crate::report::ChecksumSource {
                source: "none".into(),
                ..Default::default()
            },
            diagnosis: vec!["all-unreachable".into()],
            ..Report::default()
        };
        let link = url_for(&report, "http://127.0.0.1:8080/page/index.html").unwrap();
        assert_eq!(share::parse(carried(&link).as_bytes()).unwrap(), report);
    }

    #[test]
    fn bad_sites_and_reports_are_refused() {
        let report = share::parse(VECTOR_JSON.trim().as_bytes()).unwrap();
        for site in ["javascript:alert(1)", "gomirror.github.io", ""] {
            let e = url_for(&report, site).unwrap_err();
            assert_eq!(e.exit, super::super::Exit::Input, "{site}");
            assert!(e.message.starts_with("--site: "), "{}", e.message);
        }
        let mut broken = report;
        broken.verdicts[0].verdict = "fine".into();
        let e = url_for(&broken, "https://example.org/").unwrap_err();
        assert!(e.message.contains("verdicts[0].verdict"), "{}", e.message);
    }
}
