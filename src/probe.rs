//! What a mirror's answers mean, and how far to push a throughput test.
//!
//! Pure: the browser layer (`web::probe`) makes the requests and hands over what it saw (status,
//! headers, the first bytes, timings); this module decides whether the answer is the file, why
//! not (`data-reason`), and how large the next ranged request may be. Mirror bandwidth is
//! precious, so a throughput test starts small and grows only until one request takes about a
//! second, never past a per-mirror cap (DESIGN.md).

use serde::Serialize;

/// Every tunable of probing, each with its unit and default (DESIGN.md's defaults).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ProbeConfig {
    /// Requests that only warm the connection (DNS, TCP, TLS) before timing. Default 1.
    pub warmups: u32,
    /// Timed small requests; the median is the latency. Default 3.
    pub latency_rounds: u32,
    /// Deadline of one request, in milliseconds. Default 5000.
    pub request_timeout_ms: u32,
    /// Deadline of a whole run, in milliseconds: a mirror not done by then is `timeout`.
    /// Default 10000.
    pub budget_ms: u32,
    /// Size of the first throughput request, in bytes. Default 256 KiB.
    pub first_range_bytes: u64,
    /// Stop growing once one request takes this long, in milliseconds. Default 1000.
    pub target_transfer_ms: f64,
    /// The most bytes a throughput test may download from one mirror. Default 16 MiB.
    pub max_bytes_per_mirror: u64,
}

impl Default for ProbeConfig {
    fn default() -> Self {
        ProbeConfig {
            warmups: 1,
            latency_rounds: 3,
            request_timeout_ms: 5_000,
            budget_ms: 10_000,
            first_range_bytes: 256 << 10,
            target_transfer_ms: 1_000.0,
            max_bytes_per_mirror: 16 << 20,
        }
    }
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
    let html_body = reply
        .head
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'<');
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

/// The size of the next throughput request, or `None` to stop: the last one took long enough,
/// brought fewer bytes than asked (the file ended: a larger range would move the same bytes
/// again), or the next (twice the last) would pass the per-mirror cap or the file's end.
pub fn next_range(
    config: &ProbeConfig,
    asked_bytes: u64,
    last_bytes: u64,
    last_ms: f64,
    spent_bytes: u64,
    file_bytes: Option<u64>,
) -> Option<u64> {
    if last_ms >= config.target_transfer_ms * 0.8 || last_bytes < asked_bytes {
        return None;
    }
    let next = last_bytes.saturating_mul(2);
    let within_cap = spent_bytes + next <= config.max_bytes_per_mirror;
    let within_file = file_bytes.is_none_or(|size| next <= size);
    (within_cap && within_file).then_some(next)
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

    /// Ranges grow 256 KiB, 512 KiB, 1 MiB, ... until a request takes ~1 s or 16 MiB are spent.
    #[test]
    fn ranges_grow_until_a_second_or_the_cap() {
        let c = ProbeConfig::default();
        assert_eq!(
            next_range(&c, 256 << 10, 256 << 10, 100.0, 256 << 10, None),
            Some(512 << 10)
        );
        assert_eq!(next_range(&c, 1 << 20, 1 << 20, 900.0, 2 << 20, None), None);
        // 1+2+4+8 = 15 MiB spent: 16 more would pass the cap.
        assert_eq!(
            next_range(&c, 8 << 20, 8 << 20, 100.0, 15 << 20, None),
            None
        );
        assert_eq!(
            next_range(&c, 4 << 20, 4 << 20, 100.0, 7 << 20, None),
            Some(8 << 20)
        );
        // A 1 MiB file answered a 2 MiB range whole: asking for more moves the same bytes.
        assert_eq!(next_range(&c, 2 << 20, 1 << 20, 100.0, 2 << 20, None), None);
        assert_eq!(
            next_range(&c, 1 << 20, 1 << 20, 100.0, 1 << 20, Some(1_500_000)),
            None
        );
        assert_eq!(Reason::Timeout.key(), "timeout");
    }
}
