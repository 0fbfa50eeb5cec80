//! What a mirror's answers mean, and the order of the throughput tests.
//!
//! Pure: the browser layer (`web::probe`) makes the requests and hands over what it saw (status,
//! headers, the first bytes, timings); this module decides whether the answer is the file, why
//! not (`data-reason`), and which source's throughput test runs next. How one throughput test
//! turns its stream into a figure is `throughput.rs`'s.

use serde::Serialize;

use crate::rank::Status;
use crate::throughput::MeterConfig;

/// Every tunable of probing, each with its unit and default (DESIGN.md's defaults).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProbeConfig {
    /// Requests that only warm the connection (DNS, TCP, TLS) before timing. Default 1.
    pub warmups: u32,
    /// Timed small requests; the median is the latency. Default 3.
    pub latency_rounds: u32,
    /// Deadline of one small request, in milliseconds. Default 5000.
    pub request_timeout_ms: u32,
    /// Time from the start of a run until the mirror table must be final, in milliseconds:
    /// a mirror whose latency is not known by then is `timeout`, one whose throughput test
    /// was not reached ranks by latency. Default 13000 (the table settles within 15 s of
    /// opening the page, the official list taking the rest). `gomirror rank` keeps the same
    /// budgets (`cli::measure::default_budget`); its `--budget` scales both alike.
    pub mirror_budget_ms: u32,
    /// The same for the module proxies, whose throughput tests follow the mirrors'.
    /// Default 23000 (settled within 25 s of opening).
    pub proxy_budget_ms: u32,
    /// The least time left in the budget worth starting a throughput test for, in
    /// milliseconds. Default 1500: less cannot give a steady figure.
    pub min_test_ms: u32,
    /// The pause between one throughput test and the next, in milliseconds. Default 100: the
    /// browser closes an aborted download's connection asynchronously, and the next test must
    /// not share the link with its last bytes.
    pub rest_ms: u32,
    /// How one throughput test reads and measures its stream.
    pub meter: MeterConfig,
}

impl Default for ProbeConfig {
    fn default() -> Self {
        ProbeConfig {
            warmups: 1,
            latency_rounds: 3,
            request_timeout_ms: 5_000,
            mirror_budget_ms: 13_000,
            proxy_budget_ms: 23_000,
            min_test_ms: 1_500,
            rest_ms: 100,
            meter: MeterConfig::default(),
        }
    }
}

/// What was measured of one source so far: the browser layer fills it in, the table, the
/// ranking, the diagnosis and the report read it.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// `data-status`; `pending` until `stage` is `Final`.
    pub status: Status,
    /// Median latency, milliseconds.
    pub latency_ms: Option<f64>,
    /// The source's own speed, bytes per second.
    pub throughput_bps: Option<f64>,
    /// Why it failed, or why it has no throughput (`data-reason`).
    pub reason: Option<Reason>,
    /// The mirror lets the page read its answers.
    pub cors: bool,
    /// The mirror sends `Timing-Allow-Origin`: latency is request-to-first-byte.
    pub timing_allowed: bool,
    /// Where the file URL redirected to, when the browser could see it.
    pub redirected_to: Option<String>,
    /// Bytes downloaded from this mirror by the probe.
    pub bytes_used: u64,
    /// `throughput_bps` is a floor: the byte cap or the file's end came before a steady figure.
    pub floor: bool,
    /// Where the source is in its run.
    pub stage: Stage,
}

/// Where a source is in a run; its status stays `pending` until `Final`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Its small requests are under way.
    Latency,
    /// Readable, latency known: waiting for its throughput test.
    Queued,
    /// Its throughput test is running.
    Testing,
    /// Its figures are final.
    Final,
}

impl Default for Measured {
    fn default() -> Self {
        Measured {
            status: Status::Pending,
            latency_ms: None,
            throughput_bps: None,
            reason: None,
            cors: false,
            timing_allowed: false,
            redirected_to: None,
            bytes_used: 0,
            floor: false,
            stage: Stage::Latency,
        }
    }
}

/// A source whose latency is known and whose throughput test has not run.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Waiting {
    /// A module proxy (tested after every mirror).
    pub proxy: bool,
    /// Its median latency, in milliseconds.
    pub latency_ms: f64,
}

/// Which waiting source to test next, or `None` to wait: throughput tests run one at a time,
/// so that each measures the source's own speed rather than its share of the visitor's link
/// (DESIGN.md). Mirrors come first, most promising (lowest latency) first; module proxies only
/// once no mirror can still join the queue (`mirrors_pending`: some mirror's latency is not
/// known yet).
pub fn next_test(waiting: &[Waiting], mirrors_pending: bool) -> Option<usize> {
    let best = |proxy: bool| {
        waiting
            .iter()
            .enumerate()
            .filter(|(_, w)| w.proxy == proxy)
            .min_by(|a, b| a.1.latency_ms.total_cmp(&b.1.latency_ms))
            .map(|(i, _)| i)
    };
    best(false).or_else(|| if mirrors_pending { None } else { best(true) })
}

/// Why a mirror failed (`data-reason`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Reason {
    /// An HTTP error status.
    Http {
        /// The status.
        status: u16,
    },
    /// The file there is not the official size.
    WrongSize {
        /// What the mirror's `Content-Range` says.
        served_bytes: u64,
        /// What the official list says.
        official_bytes: u64,
    },
    /// An HTML page instead of the file (an error or login page, often after a redirect).
    Html,
    /// The connection failed: DNS, refused, TLS (a browser does not say which).
    Refused,
    /// No answer before the deadline.
    Timeout,
    /// The body stopped arriving in the middle of the throughput test.
    Stalled,
    /// Readable, but the run's time budget ended before its throughput test (status `ok`).
    NotMeasured,
    /// The file came with a `Content-Encoding` (transport gzip, br …): the bytes are not the
    /// file's, whatever a client that decodes them shows. Seen by the command line, which
    /// reads every header; a browser decodes silently.
    Encoded {
        /// The `Content-Encoding` sent.
        encoding: String,
    },
    /// The body broke off before its end: cut short of its `Content-Length`, or the connection
    /// reset mid-way.
    Cut {
        /// Bytes that arrived.
        read_bytes: u64,
        /// The length the answer declared, when it did.
        declared_bytes: Option<u64>,
    },
    /// The source's bytes differ from the official file's where other sources agree (found by
    /// `gomirror get` when the whole file does not verify).
    DifferentBytes,
}

impl Reason {
    /// The short key for `data-reason`, e.g. `http-404`.
    pub fn key(&self) -> String {
        match self {
            Reason::Http { status } => format!("http-{status}"),
            Reason::WrongSize { .. } => "wrong-size".into(),
            Reason::Html => "html".into(),
            Reason::Refused => "refused".into(),
            Reason::Timeout => "timeout".into(),
            Reason::Stalled => "stalled".into(),
            Reason::NotMeasured => "not-measured".into(),
            Reason::Encoded { .. } => "encoded".into(),
            Reason::Cut { .. } => "cut".into(),
            Reason::DifferentBytes => "different-bytes".into(),
        }
    }
}

/// What a readable (CORS) answer to a ranged GET showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if sent.
    pub content_type: Option<String>,
    /// `Content-Range`, if sent.
    pub content_range: Option<String>,
    /// `Content-Length`, if sent.
    pub content_length: Option<u64>,
    /// The first bytes of the body.
    pub head: Vec<u8>,
}

/// What a probed URL should answer with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A file of the official list (or a toolchain zip), of this size when known: [`judge`].
    File(Option<u64>),
    /// A small plain-text answer of the checksum database: its signed tree head (`latest`) or
    /// a proxy's `sumdb/sum.golang.org/supported`, which is 200 with an empty body. Any success
    /// is the answer, and so is 416: the probe's first request asks for a range, which a
    /// server may refuse as past the end of an empty body — the resource is there. An error
    /// status (404 or 410: the proxy does not proxy the database) or an HTML page is not.
    Text,
}

impl Expected {
    /// Whether `reply` is what was expected.
    ///
    /// # Errors
    ///
    /// The [`Reason`] the answer fails for.
    pub fn judge(self, reply: &Reply) -> Result<(), Reason> {
        match self {
            Expected::File(official_bytes) => judge(reply, official_bytes),
            Expected::Text if reply.status == 416 => Ok(()),
            Expected::Text => judge(reply, None),
        }
    }

    /// As [`Expected::judge`], for a client that sees every header: a file that came with a
    /// `Content-Encoding` other than `identity` is not the file's bytes (a request says
    /// `Accept-Encoding: identity`, so a server that encodes anyway transforms the file).
    /// An error status stays the first reason.
    ///
    /// # Errors
    ///
    /// The [`Reason`] the answer fails for.
    pub fn judge_encoded(
        self,
        reply: &Reply,
        content_encoding: Option<&str>,
    ) -> Result<(), Reason> {
        let encoding = content_encoding
            .map(str::trim)
            .filter(|e| !e.is_empty() && !e.eq_ignore_ascii_case("identity"));
        match (self, encoding) {
            (Expected::File(_), Some(encoding)) if (200..300).contains(&reply.status) => {
                Err(Reason::Encoded {
                    encoding: encoding.to_string(),
                })
            }
            _ => self.judge(reply),
        }
    }
}

/// How a body ended, once its first answer passed: whole, or `cut` when the transport broke
/// off (a reset, a connection closed early) or fewer bytes came than the answer declared.
///
/// # Errors
///
/// [`Reason::Cut`] with the bytes that came.
pub fn judge_end(
    read_bytes: u64,
    declared_bytes: Option<u64>,
    broke_off: bool,
) -> Result<(), Reason> {
    let short = declared_bytes.is_some_and(|d| read_bytes < d);
    if broke_off || short {
        return Err(Reason::Cut {
            read_bytes,
            declared_bytes,
        });
    }
    Ok(())
}

/// The total size in `Content-Range: bytes 0-262143/68988925`; `None` if absent or `*`.
pub fn content_range_total(header: &str) -> Option<u64> {
    let rest = header.trim().strip_prefix("bytes")?.trim_start();
    let (_, total) = rest.split_once('/')?;
    total.trim().parse().ok()
}

/// Whether an answer is the file: a success status, not HTML, and (when the official size is
/// known and the mirror says its size) the official size.
///
/// # Errors
///
/// The [`Reason`] the mirror fails for.
pub fn judge(reply: &Reply, official_bytes: Option<u64>) -> Result<(), Reason> {
    if !(200..300).contains(&reply.status) {
        return Err(Reason::Http {
            status: reply.status,
        });
    }
    let html_type = reply
        .content_type
        .as_deref()
        .is_some_and(|t| t.to_ascii_lowercase().starts_with("text/html"));
    // Markup, not any body that starts with `<` (a binary file may): the verdict's own test.
    let html_body = crate::inspect::is_html(&reply.head);
    if html_type || html_body {
        return Err(Reason::Html);
    }
    // With a range, Content-Range tells the whole file's size; a 200 tells it in the length.
    let served = match (&reply.content_range, reply.status) {
        (Some(range), 206) => content_range_total(range),
        (_, 200) => reply.content_length,
        _ => None,
    };
    if let (Some(served_bytes), Some(official_bytes)) = (served, official_bytes) {
        if served_bytes != official_bytes {
            return Err(Reason::WrongSize {
                served_bytes,
                official_bytes,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges() {
        assert_eq!(
            content_range_total("bytes 0-262143/68988925"),
            Some(68_988_925)
        );
        assert_eq!(content_range_total("bytes 0-0/*"), None);
        assert_eq!(content_range_total("items 0-1/2"), None);
        assert_eq!(content_range_total(""), None);
    }

    fn reply(status: u16, content_type: &str, range: Option<&str>, head: &[u8]) -> Reply {
        Reply {
            status,
            content_type: Some(content_type.into()),
            content_range: range.map(String::from),
            content_length: None,
            head: head.to_vec(),
        }
    }

    /// Each row: an answer, the official size, and the reason it fails (None = it is the file).
    fn cases() -> Vec<(Reply, Option<u64>, Option<&'static str>)> {
        let gz = b"\x1f\x8b\x08";
        vec![
            (
                reply(206, "application/gzip", Some("bytes 0-9/100"), gz),
                Some(100),
                None,
            ),
            (
                reply(206, "application/octet-stream", Some("bytes 0-9/100"), gz),
                None,
                None,
            ),
            (
                reply(206, "application/gzip", Some("bytes 0-9/99"), gz),
                Some(100),
                Some("wrong-size"),
            ),
            (
                reply(404, "text/html", None, b"<html>"),
                Some(100),
                Some("http-404"),
            ),
            (
                reply(503, "text/plain", None, b"busy"),
                None,
                Some("http-503"),
            ),
            (
                reply(200, "text/html; charset=utf-8", None, b"<!doctype html>"),
                None,
                Some("html"),
            ),
            (
                reply(
                    206,
                    "application/octet-stream",
                    Some("bytes 0-9/100"),
                    b"  <html>",
                ),
                None,
                Some("html"),
            ),
            // A binary file that happens to start with `<` is the file, not a web page.
            (
                reply(
                    206,
                    "application/octet-stream",
                    Some("bytes 0-9/100"),
                    b"<\x9f\x00\xff\x10binary",
                ),
                Some(100),
                None,
            ),
            (
                Reply {
                    content_length: Some(99),
                    ..reply(200, "application/gzip", None, gz)
                },
                Some(100),
                Some("wrong-size"),
            ),
        ]
    }

    #[test]
    fn judging_answers() {
        for (i, (r, size, want)) in cases().into_iter().enumerate() {
            let got = judge(&r, size).err().map(|reason| reason.key());
            assert_eq!(got.as_deref(), want, "row {i}");
        }
    }

    #[test]
    fn judging_text_answers() {
        let text = |status, body: &[u8]| reply(status, "text/plain; charset=utf-8", None, body);
        let cases = [
            (text(200, b"go.sum database tree\n35919231\n"), None),
            (text(200, b""), None),
            (text(206, b"go.sum"), None),
            (text(416, b""), None),
            (text(404, b"not found"), Some("http-404")),
            (text(410, b""), Some("http-410")),
            (reply(200, "text/html", None, b"<html>"), Some("html")),
        ];
        for (i, (r, want)) in cases.into_iter().enumerate() {
            let got = Expected::Text.judge(&r).err().map(|reason| reason.key());
            assert_eq!(got.as_deref(), want, "row {i}");
        }
        // A file's range past its end is a failure, not an answer.
        let past = reply(416, "text/html", None, b"");
        assert_eq!(
            Expected::File(None).judge(&past),
            Err(Reason::Http { status: 416 })
        );
    }

    #[test]
    fn judging_encodings_and_ends() {
        let gz = b"\x1f\x8b\x08";
        let file = reply(206, "application/gzip", Some("bytes 0-9/100"), gz);
        let rows: [(Expected, &Reply, Option<&str>, Option<&str>); 6] = [
            (Expected::File(Some(100)), &file, None, None),
            (Expected::File(Some(100)), &file, Some("identity"), None),
            (
                Expected::File(Some(100)),
                &file,
                Some("gzip"),
                Some("encoded"),
            ),
            (Expected::File(None), &file, Some(" br "), Some("encoded")),
            // An error status says more than its encoding.
            (
                Expected::File(None),
                &reply(404, "text/html", None, b"<html>"),
                Some("gzip"),
                Some("http-404"),
            ),
            // The checksum database's small text answers may come encoded.
            (
                Expected::Text,
                &reply(200, "text/plain", None, b"go"),
                Some("gzip"),
                None,
            ),
        ];
        for (i, (expected, r, encoding, want)) in rows.into_iter().enumerate() {
            let got = expected.judge_encoded(r, encoding).err().map(|x| x.key());
            assert_eq!(got.as_deref(), want, "row {i}");
        }
        assert_eq!(
            Expected::File(None).judge_encoded(&file, Some("gzip")),
            Err(Reason::Encoded {
                encoding: "gzip".into()
            })
        );
        // (bytes read, declared, broke off) → reason
        let ends: [(u64, Option<u64>, bool, Option<&str>); 5] = [
            (100, Some(100), false, None),
            (100, None, false, None),
            (60, Some(100), false, Some("cut")),
            (60, Some(100), true, Some("cut")),
            (60, None, true, Some("cut")),
        ];
        for (i, (read, declared, broke, want)) in ends.into_iter().enumerate() {
            let got = judge_end(read, declared, broke).err().map(|x| x.key());
            assert_eq!(got.as_deref(), want, "end row {i}");
        }
        assert_eq!(Reason::DifferentBytes.key(), "different-bytes");
    }

    type QueueCase = (&'static [(bool, f64)], bool, Option<usize>);

    /// Each row: the waiting sources (proxy?, latency), whether some mirror's latency is still
    /// unknown, and the index tested next.
    const QUEUES: &[QueueCase] = &[
        (&[], false, None),
        (
            &[(false, 80.0), (false, 20.0), (false, 50.0)],
            true,
            Some(1),
        ),
        // Proxies wait while a mirror may still join, even with a lower latency.
        (&[(true, 5.0)], true, None),
        (&[(true, 5.0), (false, 90.0)], true, Some(1)),
        (&[(true, 30.0), (true, 5.0)], false, Some(1)),
    ];

    #[test]
    fn the_queue_takes_mirrors_first_and_the_most_promising_first() {
        for (i, (waiting, pending, want)) in QUEUES.iter().enumerate() {
            let waiting: Vec<Waiting> = waiting
                .iter()
                .map(|&(proxy, latency_ms)| Waiting { proxy, latency_ms })
                .collect();
            assert_eq!(next_test(&waiting, *pending), *want, "row {i}");
        }
        assert_eq!(Reason::Timeout.key(), "timeout");
        assert_eq!(Reason::NotMeasured.key(), "not-measured");
    }
}
