//! Whether a source's answer to a ranged GET is exactly the piece asked for ([`check_head`]),
//! why not ([`Fault`], in words and as a report's key), and the file's size when the sources
//! (and the official host) say it.

use crate::probe::{self, Reason, Reply};

/// Why a source's answer to a piece is not that piece, or why the source is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// What the probe's judge says of the answer (status, HTML, size), or the transport
    /// (refused, timeout, stalled).
    Reason(Reason),
    /// A success status other than 206: the range was ignored.
    NotPartial {
        /// The status.
        status: u16,
    },
    /// `Content-Range` missing or not the range asked for.
    WrongRange {
        /// What the source said.
        content_range: Option<String>,
    },
    /// More bytes than asked for.
    TooLong,
}

impl Fault {
    /// The report's reason key, e.g. `http-404`, `different-bytes`.
    pub fn key(&self) -> String {
        match self {
            Fault::Reason(r) => r.key(),
            Fault::NotPartial { status } => format!("not-partial-{status}"),
            Fault::WrongRange { .. } => "wrong-range".into(),
            Fault::TooLong => "too-long".into(),
        }
    }

    /// Whether the source never gave an answer at all (refused, unresolved, no answer in
    /// time): only when every source fails so is the network to blame (exit 3).
    pub fn unreachable(&self) -> bool {
        matches!(
            self,
            Fault::Reason(Reason::Refused) | Fault::Reason(Reason::Timeout)
        )
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Fault::Reason(Reason::WrongSize {
                served_bytes,
                official_bytes,
            }) => format!("wrong size: {served_bytes} bytes, not {official_bytes}"),
            Fault::NotPartial { status } => format!("answered a range with status {status}"),
            Fault::WrongRange { content_range } => format!(
                "Content-Range {} is not the range asked for",
                content_range.as_deref().unwrap_or("(none)")
            ),
            Fault::Reason(Reason::Encoded { encoding }) => {
                format!("encoded: Content-Encoding {encoding}")
            }
            Fault::Reason(Reason::Cut {
                read_bytes,
                declared_bytes,
            }) => format!(
                "cut: the body broke off at {read_bytes} of {} bytes",
                declared_bytes.map_or("?".into(), |d| d.to_string())
            ),
            Fault::Reason(Reason::DifferentBytes) => {
                "different-bytes: its bytes differ from the others'".into()
            }
            Fault::TooLong => "more bytes than asked for".into(),
            Fault::Reason(r) => r.key(),
        }
    }
}

/// Whether the head of an answer to `bytes=start-(end-1)` of a file of `size_bytes` is that
/// piece: the probe's judgement (status, HTML, size), then 206, the exact `Content-Range`, no
/// `Content-Encoding`, and a `Content-Length` (when sent) of the piece's length.
///
/// # Errors
///
/// The [`Fault`] the answer has.
pub fn check_head(
    reply: &Reply,
    content_encoding: Option<&str>,
    start: u64,
    end: u64,
    size_bytes: u64,
) -> Result<(), Fault> {
    probe::judge(reply, Some(size_bytes)).map_err(Fault::Reason)?;
    if reply.status != 206 {
        return Err(Fault::NotPartial {
            status: reply.status,
        });
    }
    if let Some(encoding) = content_encoding {
        return Err(Fault::Reason(Reason::Encoded {
            encoding: encoding.to_string(),
        }));
    }
    let wanted = format!("bytes {}-{}/{}", start, end - 1, size_bytes);
    let range_ok = reply
        .content_range
        .as_deref()
        .is_some_and(|r| r.trim() == wanted);
    let length_ok = reply.content_length.is_none_or(|l| l == end - start);
    if !range_ok || !length_ok {
        return Err(Fault::WrongRange {
            content_range: reply.content_range.clone(),
        });
    }
    Ok(())
}

/// The file's size: the official list's, or else the `Content-Range` totals the sources
/// gave, if they all agree.
///
/// # Errors
///
/// One line: no size known, or the totals disagree (naming them).
pub fn size_of(official_bytes: Option<u64>, totals: &[(String, u64)]) -> Result<u64, String> {
    if let Some(size) = official_bytes {
        return Ok(size);
    }
    let Some((_, first)) = totals.first() else {
        return Err("no source said the file's size".into());
    };
    if totals.iter().all(|(_, t)| t == first) {
        Ok(*first)
    } else {
        let said: Vec<String> = totals.iter().map(|(id, t)| format!("{id} {t}")).collect();
        Err(format!(
            "the sources disagree on the size: {}",
            said.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, range: Option<&str>, length: Option<u64>) -> Reply {
        Reply {
            status,
            content_type: Some("application/gzip".into()),
            content_range: range.map(str::to_string),
            content_length: length,
            head: Vec::new(),
        }
    }

    #[test]
    fn heads_of_pieces() {
        let good = reply(206, Some("bytes 100-199/1000"), Some(100));
        let cases: Vec<(Reply, Option<&str>, Result<(), String>)> = vec![
            (good.clone(), None, Ok(())),
            (good.clone(), Some("gzip"), Err("encoded".into())),
            (
                reply(200, None, Some(1000)),
                None,
                Err("not-partial-200".into()),
            ),
            (reply(404, None, None), None, Err("http-404".into())),
            (
                reply(206, Some("bytes 100-199/999"), Some(100)),
                None,
                Err("wrong-size".into()),
            ),
            (
                reply(206, Some("bytes 0-99/1000"), Some(100)),
                None,
                Err("wrong-range".into()),
            ),
            (reply(206, None, Some(100)), None, Err("wrong-range".into())),
            (
                reply(206, Some("bytes 100-199/1000"), Some(99)),
                None,
                Err("wrong-range".into()),
            ),
            (
                Reply {
                    content_type: Some("text/html".into()),
                    ..good.clone()
                },
                None,
                Err("html".into()),
            ),
        ];
        for (r, enc, want) in cases {
            let got = check_head(&r, enc, 100, 200, 1000).map_err(|f| f.key());
            assert_eq!(got, want, "{r:?}");
        }
    }

    #[test]
    fn sizes() {
        let t = |v: &[(&str, u64)]| {
            v.iter()
                .map(|(a, b)| (a.to_string(), *b))
                .collect::<Vec<_>>()
        };
        assert_eq!(size_of(Some(5), &t(&[("a", 6)])), Ok(5));
        assert_eq!(size_of(None, &t(&[("a", 6), ("b", 6)])), Ok(6));
        assert!(size_of(None, &t(&[("a", 6), ("b", 7)])).is_err());
        assert!(size_of(None, &[]).is_err());
    }
}
