//! The report a visitor saves (JSON) or pastes into an issue or a chat (Markdown): when, which
//! browser and platform, where the official list came from, every source's measurements, every
//! verdict, the recommendation and the diagnosis. Nothing about the visitor beyond that.
//!
//! Pure: the browser layer fills a [`Report`] from its state; this module writes the Markdown,
//! and serde the JSON (`serde_json` natively, `serde_wasm_bindgen` and `JSON.stringify` in the
//! page). The JSON keys are the page contract's (`#report-json`), in the fields' order, after
//! the schema's version `v` ([`VERSION`]). Reading a report back from a link is `share`'s.

use serde::{Serialize, Serializer};

/// The report's schema version, its JSON's `"v"` key: a reader of another version refuses it
/// rather than guess (a shared link, `share`).
pub const VERSION: u32 = 1;

/// Milliseconds with one decimal.
fn tenths<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x.filter(|x| x.is_finite()) {
        Some(x) => s.serialize_some(&((x * 10.0).round() / 10.0)),
        None => s.serialize_none(),
    }
}

/// A whole number of bytes per second.
fn whole<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x.filter(|x| x.is_finite() && *x >= 0.0) {
        Some(x) => s.serialize_some(&(x.round() as u64)),
        None => s.serialize_none(),
    }
}

/// Where the official checksums came from.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(
    any(not(target_arch = "wasm32"), feature = "share-module"),
    derive(serde::Deserialize),
    serde(default)
)]
pub struct ChecksumSource {
    /// `live`, `snapshot` or `none`.
    pub source: String,
    /// The list's URL (live) or origin (snapshot).
    pub url: Option<String>,
    /// The snapshot's date.
    pub snapshot_date: Option<String>,
    /// How old the snapshot was when the report was made, in days.
    pub snapshot_age_days: Option<i64>,
}

/// One measured source.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(
    any(not(target_arch = "wasm32"), feature = "share-module"),
    derive(serde::Deserialize),
    serde(default)
)]
pub struct Source {
    /// Catalog id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The file's URL on it.
    pub url: String,
    /// `data-status`.
    pub status: String,
    /// Median latency, milliseconds.
    #[serde(serialize_with = "tenths")]
    pub latency_ms: Option<f64>,
    /// Bytes per second.
    #[serde(serialize_with = "whole")]
    pub throughput_bps: Option<f64>,
    /// `data-reason`.
    pub reason: Option<String>,
    /// Whether it let the page read its answers (CORS).
    pub cors: bool,
    /// Whether it sent `Timing-Allow-Origin`.
    pub timing_allowed: bool,
    /// Where the file URL redirected to.
    pub redirected_to: Option<String>,
}

/// One checked file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(
    any(not(target_arch = "wasm32"), feature = "share-module"),
    derive(serde::Deserialize),
    serde(default)
)]
pub struct Checked {
    /// The file's name.
    pub file: String,
    /// Its size.
    pub size_bytes: u64,
    /// Its SHA-256, when hashed.
    pub sha256: Option<String>,
    /// `data-verdict`.
    pub verdict: String,
    /// What it was compared with.
    pub expected_sha256: Option<String>,
    /// Where that came from (`data-source`).
    pub source: String,
}

/// The recommended download.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(
    any(not(target_arch = "wasm32"), feature = "share-module"),
    derive(serde::Deserialize),
    serde(default)
)]
pub struct Recommendation {
    /// The mirror's id.
    pub mirror_id: String,
    /// The link.
    pub url: String,
}

/// The whole report. Its JSON starts with `"v"` ([`VERSION`]; the `Serialize` below). Natively
/// a checked link reads itself into it (`share::parse`: `v` is checked there); the page draws
/// from the link's tree and keeps serde's readers out of its module: only the report links'
/// module (`share_module.rs`) reads one, the page's own, to write its Markdown.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(
    any(not(target_arch = "wasm32"), feature = "share-module"),
    derive(serde::Deserialize),
    serde(default)
)]
pub struct Report {
    /// ISO 8601 time, UTC.
    pub generated_at: String,
    /// The browser's user-agent string.
    pub browser: String,
    /// The platform the page chose for, e.g. `linux/amd64`.
    pub platform: String,
    /// Where the official list came from.
    pub checksum_source: ChecksumSource,
    /// Download mirrors.
    pub mirrors: Vec<Source>,
    /// Module proxies.
    pub proxies: Vec<Source>,
    /// The ways to the checksum database (`#sumdb-table`): its hosts' `latest` and the
    /// proxies' `supported`, latency only.
    pub sumdb: Vec<Source>,
    /// Checked files, oldest first.
    pub verdicts: Vec<Checked>,
    /// The recommended download, once known.
    pub recommendation: Option<Recommendation>,
    /// `data-diagnosis` values.
    pub diagnosis: Vec<String>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = s.serialize_struct("Report", 11)?;
        out.serialize_field("v", &VERSION)?;
        out.serialize_field("generated_at", &self.generated_at)?;
        out.serialize_field("browser", &self.browser)?;
        out.serialize_field("platform", &self.platform)?;
        out.serialize_field("checksum_source", &self.checksum_source)?;
        out.serialize_field("mirrors", &self.mirrors)?;
        out.serialize_field("proxies", &self.proxies)?;
        out.serialize_field("sumdb", &self.sumdb)?;
        out.serialize_field("verdicts", &self.verdicts)?;
        out.serialize_field("recommendation", &self.recommendation)?;
        out.serialize_field("diagnosis", &self.diagnosis)?;
        out.end()
    }
}

impl Report {
    /// Pretty JSON, as the page saves it (there through `serde_wasm_bindgen`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Markdown for an issue or a chat.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("## gomirror report\n\n");
        let line = |out: &mut String, key: &str, value: &str| {
            out.push_str(&format!("- {key}: {}\n", cell(value)));
        };
        line(&mut out, "Generated", &self.generated_at);
        line(&mut out, "Browser", &self.browser);
        line(&mut out, "Platform", &self.platform);
        let c = &self.checksum_source;
        let list = match (c.source.as_str(), &c.url, &c.snapshot_date) {
            ("snapshot", _, Some(date)) => match c.snapshot_age_days {
                Some(days) => format!("shipped snapshot of {date} ({days} days old)"),
                None => format!("shipped snapshot of {date}"),
            },
            (source, Some(url), _) => format!("{source} ({url})"),
            (source, _, _) => source.to_string(),
        };
        line(&mut out, "Official checksums", &list);
        if let Some(r) = &self.recommendation {
            line(
                &mut out,
                "Recommended",
                &format!("{} {}", r.mirror_id, r.url),
            );
        }
        line(&mut out, "Diagnosis", &self.diagnosis.join(" "));
        for (title, sources) in [
            ("Mirrors", &self.mirrors),
            ("Module proxies", &self.proxies),
            ("Checksum database", &self.sumdb),
        ] {
            if sources.is_empty() {
                continue;
            }
            out.push_str(&format!(
                "\n### {title}\n\n| Source | Status | Latency | Throughput | CORS | Notes |\n|---|---|---:|---:|---|---|\n"
            ));
            for s in sources {
                let mut notes = Vec::new();
                if let Some(reason) = &s.reason {
                    notes.push(reason.clone());
                }
                if let Some(to) = &s.redirected_to {
                    notes.push(format!("redirects to {to}"));
                }
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    cell(&format!("{} ({})", s.name, s.id)),
                    cell(&s.status),
                    s.latency_ms
                        .map(|l| format!("{} ms", crate::i18n::fixed(l, 0)))
                        .unwrap_or_default(),
                    s.throughput_bps.map(crate::i18n::rate).unwrap_or_default(),
                    if s.cors { "yes" } else { "no" },
                    cell(&notes.join("; ")),
                ));
            }
        }
        if !self.verdicts.is_empty() {
            out.push_str(
                "\n### Checked files\n\n| File | Size | Verdict | SHA-256 | Expected | From |\n|---|---:|---|---|---|---|\n",
            );
            for v in &self.verdicts {
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    cell(&v.file),
                    v.size_bytes,
                    cell(&v.verdict),
                    v.sha256.as_deref().unwrap_or(""),
                    v.expected_sha256.as_deref().unwrap_or(""),
                    cell(&v.source),
                ));
            }
        }
        out
    }
}

/// A value made safe for one Markdown table cell or list item: characters that would end the
/// cell, start markup or raw HTML are escaped, line breaks become spaces.
fn cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

// Native only: they read JSON text, which the wasm build leaves to the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn sample() -> Report {
        Report {
            generated_at: "2026-11-25T07:40:00Z".into(),
            browser: "Mozilla/5.0 (X11; Linux x86_64)".into(),
            platform: "linux/amd64".into(),
            checksum_source: ChecksumSource {
                source: "snapshot".into(),
                url: Some("https://go.dev/dl/?mode=json&include=all".into()),
                snapshot_date: Some("2026-11-01".into()),
                snapshot_age_days: Some(24),
            },
            mirrors: vec![Source {
                id: "aliyun".into(),
                name: "Alibaba Cloud".into(),
                url: "https://mirrors.aliyun.com/golang/go1.22.0.linux-amd64.tar.gz".into(),
                status: "ok".into(),
                latency_ms: Some(35.24),
                throughput_bps: Some(2_097_152.4),
                cors: true,
                ..Source::default()
            }],
            proxies: Vec::new(),
            sumdb: vec![Source {
                id: "proxy-goproxy-cn".into(),
                name: "goproxy.cn".into(),
                url: "https://goproxy.cn/sumdb/sum.golang.org/supported".into(),
                status: "ok".into(),
                latency_ms: Some(48.0),
                cors: true,
                ..Source::default()
            }],
            verdicts: vec![Checked {
                file: "<img src=x>|a.tar.gz".into(),
                size_bytes: 10,
                sha256: Some("ab".repeat(32)),
                verdict: "mismatch".into(),
                expected_sha256: Some("cd".repeat(32)),
                source: "official".into(),
            }],
            recommendation: Some(Recommendation {
                mirror_id: "aliyun".into(),
                url: "https://mirrors.aliyun.com/golang/go1.22.0.linux-amd64.tar.gz".into(),
            }),
            diagnosis: vec!["bad-file".into()],
        }
    }

    #[test]
    fn figures_are_rounded() {
        let value: serde_json::Value = serde_json::from_str(&sample().to_json()).unwrap();
        let mirror = &value["mirrors"][0];
        assert_eq!(mirror["latency_ms"].as_f64(), Some(35.2), "{mirror}");
        assert_eq!(
            mirror["throughput_bps"].as_u64(),
            Some(2_097_152),
            "{mirror}"
        );
        let empty: serde_json::Value = serde_json::from_str(&Report::default().to_json()).unwrap();
        assert!(empty["recommendation"].is_null());
    }

    #[test]
    fn json_has_the_contract_keys() {
        let json = sample().to_json();
        assert!(json.starts_with("{\n  \"v\": 1,\n"), "{json}");
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in [
            "generated_at",
            "browser",
            "platform",
            "checksum_source",
            "mirrors",
            "sumdb",
            "verdicts",
            "recommendation",
            "diagnosis",
        ] {
            assert!(value.get(key).is_some(), "{key}");
        }
        assert_eq!(value["checksum_source"]["snapshot_date"], "2026-11-01");
        assert_eq!(value["checksum_source"]["snapshot_age_days"], 24);
        let mirror = &value["mirrors"][0];
        for key in [
            "id",
            "name",
            "url",
            "status",
            "latency_ms",
            "throughput_bps",
            "reason",
        ] {
            assert!(mirror.get(key).is_some(), "mirrors[0].{key}");
        }
        assert_eq!(mirror["throughput_bps"], 2_097_152.0);
        assert!(mirror["reason"].is_null());
        let verdict = &value["verdicts"][0];
        for key in [
            "file",
            "size_bytes",
            "sha256",
            "verdict",
            "expected_sha256",
            "source",
        ] {
            assert!(verdict.get(key).is_some(), "verdicts[0].{key}");
        }
        assert_eq!(value["recommendation"]["mirror_id"], "aliyun");
        assert_eq!(value["diagnosis"][0], "bad-file");
    }

    #[test]
    fn markdown_tables_escape_names() {
        let md = sample().to_markdown();
        assert!(md.starts_with("## gomirror report\n"));
        assert!(md.contains("- Official checksums: shipped snapshot of 2026-11-01 (24 days old)\n"));
        assert!(md.contains("| Alibaba Cloud (aliyun) | ok | 35 ms | 2.0 MiB/s | yes |  |\n"));
        assert!(md.contains("\n### Checksum database\n\n"));
        assert!(md.contains("| goproxy.cn (proxy-goproxy-cn) | ok | 48 ms |  | yes |  |\n"));
        assert!(md.contains("| \\<img src=x\\>\\|a.tar.gz | 10 | mismatch |"));
        // No raw HTML: every `<` is escaped.
        assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')));
        // Every table row has as many cells as its header.
        for table in md.split("\n\n").filter(|t| t.starts_with('|')) {
            let widths: Vec<usize> = table
                .lines()
                .map(|l| l.replace("\\|", "").matches('|').count())
                .collect();
            assert!(widths.windows(2).all(|w| w[0] == w[1]), "{table}");
        }
    }

    #[test]
    fn cells_lose_line_breaks() {
        assert_eq!(cell("a\nb|c"), "a b\\|c");
    }
}
