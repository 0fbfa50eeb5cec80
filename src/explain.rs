//! Verdicts in plain words, with the numbers: what the page says under each checked file.
//!
//! Pure: takes a [`Verdict`] and the file's size and returns sentences in the chosen language.
//! Which elements hold them is the browser layer's business.

use crate::error::{Error, Failure};
use crate::i18n::{bytes, fill, text, Lang};
use crate::probe::{Measured, Reason, Stage};
use crate::rank::Status;
use crate::verdict::{Kind, Note, Source, Verdict};

/// Why a document could not be used, in words.
pub fn failure(lang: Lang, failure: &Failure) -> String {
    match failure {
        Failure::Timeout { after_ms } => fill(
            lang,
            "fail-timeout",
            &[(
                "seconds",
                &crate::i18n::fixed(f64::from(*after_ms) / 1000.0, 0),
            )],
        ),
        Failure::Http { status } => fill(lang, "fail-http", &[("status", &status.to_string())]),
        Failure::Unreachable { detail } => fill(lang, "fail-unreachable", &[("detail", detail)]),
        Failure::Refused(e) => refused(lang, e),
    }
}

/// Why a document that arrived was refused: the kind of fault in the visitor's words, the
/// validator's own (English, technical) in brackets.
fn refused(lang: Lang, e: &Error) -> String {
    match e {
        // Most often an error or login page (a captive portal, a proxy) in place of the JSON.
        Error::Json { message, .. } => fill(lang, "fail-not-json", &[("detail", message)]),
        Error::TooLarge {
            size_bytes,
            limit_bytes,
            ..
        } => fill(
            lang,
            "fail-too-large",
            &[
                ("size", &bytes(lang, *size_bytes)),
                ("limit", &bytes(lang, *limit_bytes)),
            ],
        ),
        Error::Invalid {
            location, problem, ..
        } => fill(
            lang,
            "fail-invalid",
            &[("detail", &format!("{location}: {problem}"))],
        ),
        Error::BadChecksum { .. } => fill(lang, "fail-refused", &[("detail", &e.to_string())]),
    }
}

/// The headline for a verdict, e.g. "Incomplete download".
pub fn headline(lang: Lang, kind: Kind) -> &'static str {
    let key = match kind {
        Kind::Match => "v-match",
        Kind::Mismatch => "v-mismatch",
        Kind::Truncated => "v-truncated",
        Kind::Oversized => "v-oversized",
        Kind::Html => "v-html",
        Kind::Decompressed => "v-decompressed",
        Kind::DoubleGzip => "v-double-gzip",
        Kind::WrongFile => "v-wrong-file",
        Kind::Unknown => "v-unknown",
        Kind::Empty => "v-empty",
        Kind::Error => "v-error",
        Kind::Cancelled => "v-cancelled",
    };
    text(lang, key)
}

/// The words for where the expected checksum came from.
pub fn source_words(lang: Lang, source: Source) -> &'static str {
    text(
        lang,
        match source {
            Source::Official => "source-official",
            Source::Pasted => "source-pasted",
            Source::Sidefile => "source-sidefile",
            Source::None => "source-none-short",
        },
    )
}

/// The sentences that explain a verdict, main one first, then the notes. `reason` is the
/// browser's message for an `error` verdict.
pub fn explain(lang: Lang, verdict: &Verdict, size_bytes: u64, reason: &str) -> Vec<String> {
    let official_name = |f: &Option<crate::releases::OfficialFile>| {
        f.as_ref().map(|f| f.filename.clone()).unwrap_or_default()
    };
    let expected_size = verdict.expected_size_bytes;
    let main = match verdict.kind {
        Kind::Match => match (&verdict.identified, verdict.source) {
            (Some(f), _)
                if verdict
                    .notes
                    .iter()
                    .any(|n| matches!(n, Note::Renamed { .. })) =>
            {
                fill(lang, "x-match-renamed", &[("file", &f.filename)])
            }
            (Some(f), _) => fill(lang, "x-match-official", &[("file", &f.filename)]),
            (None, Source::Sidefile) => text(lang, "x-match-sidefile").to_string(),
            _ => text(lang, "x-match-pasted").to_string(),
        },
        Kind::Mismatch if verdict.identified.is_some() => fill(
            lang,
            "x-mismatch-official",
            &[("file", &official_name(&verdict.identified))],
        ),
        Kind::Mismatch => {
            let key = if expected_size == Some(size_bytes) {
                "x-mismatch"
            } else {
                "x-mismatch-nosize"
            };
            text(lang, key).to_string()
        }
        Kind::Truncated => match expected_size {
            Some(expected) => fill(
                lang,
                "x-truncated-size",
                &[
                    ("actual", &bytes(lang, size_bytes)),
                    ("expected", &bytes(lang, expected)),
                    ("missing", &bytes(lang, expected.saturating_sub(size_bytes))),
                ],
            ),
            None => text(lang, "x-truncated-stream").to_string(),
        },
        Kind::Oversized => {
            let expected = expected_size.unwrap_or_default();
            fill(
                lang,
                "x-oversized",
                &[
                    ("actual", &bytes(lang, size_bytes)),
                    ("expected", &bytes(lang, expected)),
                    ("extra", &bytes(lang, size_bytes.saturating_sub(expected))),
                ],
            )
        }
        Kind::Html => text(lang, "x-html").to_string(),
        Kind::Decompressed => text(lang, "x-decompressed").to_string(),
        Kind::DoubleGzip => text(lang, "x-double-gzip").to_string(),
        Kind::WrongFile => fill(
            lang,
            "x-wrong-file",
            &[
                ("intended", &official_name(&verdict.intended)),
                ("identified", &official_name(&verdict.identified)),
            ],
        ),
        Kind::Unknown => text(lang, "x-unknown").to_string(),
        Kind::Empty => text(lang, "x-empty").to_string(),
        Kind::Error => fill(lang, "x-error", &[("reason", reason)]),
        Kind::Cancelled => text(lang, "x-cancelled").to_string(),
    };
    let mut out = vec![main];
    for note in &verdict.notes {
        let sentence = match note {
            Note::PastedDisagrees { official } => fill(
                lang,
                "n-pasted-disagrees",
                &[("official", &official.to_hex())],
            ),
            Note::SidefileDisagrees { sidefile } => fill(
                lang,
                "n-sidefile-disagrees",
                &[("sidefile", &sidefile.to_hex())],
            ),
            Note::SidefileOnly => text(lang, "n-sidefile-only").to_string(),
            // The match sentence already names the file; other verdicts say it here.
            Note::Renamed { .. } if verdict.kind == Kind::Match => continue,
            Note::Renamed { official_name } => fill(lang, "n-renamed", &[("name", official_name)]),
            Note::StreamDamaged => text(lang, "n-stream-damaged").to_string(),
            Note::StreamWhole => text(lang, "n-stream-whole").to_string(),
        };
        out.push(sentence);
    }
    out
}

/// A row's status in words (`pending` says which part of its run it is in).
pub fn status_words(lang: Lang, m: &Measured) -> &'static str {
    text(
        lang,
        match m.status {
            Status::Pending => match m.stage {
                Stage::Queued => "st-queued",
                Stage::Testing => "st-testing",
                Stage::Latency | Stage::Final => "st-pending",
            },
            Status::Ok => "st-ok",
            Status::Limited => "st-limited",
            Status::Failed => "st-failed",
            Status::Timeout => "st-timeout",
            Status::Gone => "st-gone",
        },
    )
}

/// Why a row failed, or has no throughput figure, in words with the figures.
pub fn reason_words(lang: Lang, reason: &Reason) -> String {
    match reason {
        Reason::Http { status } => fill(lang, "r-http", &[("status", &status.to_string())]),
        Reason::WrongSize {
            served_bytes,
            official_bytes,
        } => fill(
            lang,
            "r-wrong-size",
            &[
                ("served", &bytes(lang, *served_bytes)),
                ("official", &bytes(lang, *official_bytes)),
            ],
        ),
        Reason::Html => text(lang, "r-html").to_string(),
        Reason::Refused => text(lang, "r-refused").to_string(),
        Reason::Timeout => text(lang, "r-timeout").to_string(),
        Reason::Stalled => text(lang, "r-stalled").to_string(),
        Reason::NotMeasured => text(lang, "r-not-measured").to_string(),
        Reason::Encoded { encoding } => fill(lang, "r-encoded", &[("encoding", encoding)]),
        Reason::Cut {
            read_bytes,
            declared_bytes,
        } => match declared_bytes {
            Some(declared) => fill(
                lang,
                "r-cut-of",
                &[
                    ("read", &bytes(lang, *read_bytes)),
                    ("declared", &bytes(lang, *declared)),
                ],
            ),
            None => fill(lang, "r-cut", &[("read", &bytes(lang, *read_bytes))]),
        },
        Reason::DifferentBytes => text(lang, "r-different-bytes").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_status_and_reason_has_words_in_both_languages() {
        let reasons = [
            Reason::Http { status: 404 },
            Reason::WrongSize {
                served_bytes: 1,
                official_bytes: 2,
            },
            Reason::Html,
            Reason::Refused,
            Reason::Timeout,
            Reason::Stalled,
            Reason::NotMeasured,
            Reason::Encoded {
                encoding: "gzip".into(),
            },
            Reason::Cut {
                read_bytes: 1,
                declared_bytes: Some(2),
            },
            Reason::Cut {
                read_bytes: 1,
                declared_bytes: None,
            },
            Reason::DifferentBytes,
        ];
        for lang in [Lang::En, Lang::Zh] {
            for reason in &reasons {
                let words = reason_words(lang, reason);
                assert!(!words.starts_with("r-") && !words.is_empty(), "{words}");
            }
            for status in [Status::Pending, Status::Ok, Status::Limited, Status::Failed] {
                for stage in [Stage::Latency, Stage::Queued, Stage::Testing, Stage::Final] {
                    let m = Measured {
                        status,
                        stage,
                        ..Measured::default()
                    };
                    let words = status_words(lang, &m);
                    assert!(!words.starts_with("st-") && !words.is_empty(), "{words}");
                }
            }
        }
        let testing = Measured {
            stage: Stage::Testing,
            ..Measured::default()
        };
        assert_ne!(
            status_words(Lang::En, &testing),
            status_words(Lang::En, &Measured::default())
        );
    }
    use crate::inspect::Format;

    fn verdict(kind: Kind, expected_size_bytes: Option<u64>) -> Verdict {
        Verdict {
            kind,
            source: Source::Official,
            expected_sha256: None,
            expected_size_bytes,
            intended: None,
            identified: None,
            format: Format::Gzip,
            notes: vec![],
        }
    }

    #[test]
    fn truncated_names_the_numbers() {
        let s = explain(
            Lang::En,
            &verdict(Kind::Truncated, Some(68_988_925)),
            1_048_576,
            "",
        );
        assert!(s[0].contains("1,048,576 bytes (1.0 MiB)"), "{s:?}");
        assert!(s[0].contains("68,988,925 bytes (65.8 MiB)"), "{s:?}");
        assert!(s[0].contains("67,940,349 bytes"), "{s:?}");
        let s = explain(Lang::Zh, &verdict(Kind::Truncated, None), 10, "");
        assert!(s[0].contains("压缩数据"), "{s:?}");
    }

    #[test]
    fn failures_in_words() {
        let timeout = Failure::Timeout { after_ms: 8000 };
        assert_eq!(failure(Lang::En, &timeout), "no answer within 8 s");
        assert_eq!(failure(Lang::Zh, &timeout), "8 秒内没有响应");
        let http = Failure::Http { status: 503 };
        assert_eq!(failure(Lang::En, &http), "the server answered HTTP 503");
        let refused = Failure::from(Error::BadChecksum { text: "x".into() });
        assert!(failure(Lang::Zh, &refused).starts_with("已拒绝："));
        // A document refused: the kind of fault in words, the validator's in brackets.
        let html = Failure::from(Error::Json {
            what: "release list",
            message: "Unexpected token '<'".into(),
        });
        assert_eq!(
            failure(Lang::Zh, &html),
            "不是预期的 JSON 数据，可能是错误页或登录页（Unexpected token '<'）"
        );
        assert!(failure(Lang::En, &html).starts_with("not the expected JSON"));
        let big = Failure::from(Error::TooLarge {
            what: "catalog",
            size_bytes: 2 << 20,
            limit_bytes: 1 << 20,
        });
        assert!(failure(Lang::Zh, &big).contains("超过本页面读取的上限"));
        let bad = Failure::from(Error::Invalid {
            what: "release list",
            location: "release \"go1.22.0\", file 3".into(),
            problem: "sha256 is not 64 hex digits".into(),
        });
        assert_eq!(
            failure(Lang::Zh, &bad),
            "其中一项不符合格式，整个列表不予使用（release \"go1.22.0\", file 3: sha256 is not 64 hex digits）"
        );
    }

    #[test]
    fn every_kind_has_words_in_both_languages() {
        for kind in Kind::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!headline(lang, kind).starts_with("v-"), "{kind:?}");
                let s = explain(lang, &verdict(kind, Some(10)), 5, "boom");
                assert!(!s[0].is_empty() && !s[0].contains('{'), "{kind:?}: {s:?}");
            }
        }
    }
}
