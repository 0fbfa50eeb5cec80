//! HTTP for the command line: one ureq agent, hash-exact bytes (`Accept-Encoding: identity`,
//! no transparent decompression), a deadline for the answer, and what came back as the core's
//! [`Reply`] plus a body to read. What an answer *means* is `probe::judge`'s.
//!
//! A stalled body (no byte for a while) is the caller's to detect: ureq's timeouts bound a whole
//! call, so [`Answer::pump`] reads the body on a thread of its own and hands chunks over a
//! channel that the caller waits on with its own deadline.

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::probe::{Reason, Reply};

/// How many bytes of a body [`Reply::head`] keeps.
pub const HEAD_BYTES: usize = 1024;

/// A client with one connection pool; cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    agent: ureq::Agent,
}

/// The reason a request failed before any answer: `refused` (DNS, TCP, TLS: the
/// connection never carried an answer) or `timeout`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetError {
    /// `Reason::Refused` or `Reason::Timeout`.
    pub reason: Reason,
    /// What the transport said, for a message.
    pub detail: String,
}

/// An answer: status and headers as the core reads them, where it was finally fetched from,
/// and its body.
pub struct Answer {
    /// Status and headers (the head of the body is filled by [`Answer::read_head`]).
    pub reply: Reply,
    /// `Content-Encoding`, when the server sent one (it must not for a hash-exact file).
    pub content_encoding: Option<String>,
    /// The URL that answered, when redirects led elsewhere.
    pub redirected_to: Option<String>,
    /// Time from sending the request to the status line and headers.
    pub first_byte: Duration,
    body: Box<dyn Read + Send>,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("reply", &self.reply)
            .finish()
    }
}

/// A chunk of a body read by [`Answer::pump`], or how the body ended.
#[derive(Debug)]
pub enum Chunk {
    /// The next bytes, and when they arrived.
    Bytes(Vec<u8>, Instant),
    /// The body ended normally.
    End,
    /// The body broke off (reset, cut connection, timeout of the whole call).
    Failed(String),
}

impl Client {
    /// A client whose calls give up after `call_timeout` in all (the body included); the
    /// status line and headers must come within `answer_timeout`.
    pub fn new(answer_timeout: Duration, call_timeout: Duration) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(answer_timeout))
            .timeout_recv_response(Some(answer_timeout))
            .timeout_global(Some(call_timeout))
            .user_agent(concat!("gomirror/", env!("CARGO_PKG_VERSION")))
            .build();
        Client {
            agent: config.into(),
        }
    }

    /// GET `url`, of bytes `range` (inclusive ends) when given; the body is not read yet.
    ///
    /// # Errors
    ///
    /// [`NetError`] when no answer came: refused, unresolved, TLS failure or timeout.
    pub fn get(&self, url: &str, range: Option<(u64, u64)>) -> Result<Answer, NetError> {
        self.request("GET", url, range)
    }

    /// HEAD `url`: status and headers only.
    ///
    /// # Errors
    ///
    /// As [`Client::get`].
    pub fn head(&self, url: &str) -> Result<Answer, NetError> {
        self.request("HEAD", url, None)
    }

    fn request(
        &self,
        method: &str,
        url: &str,
        range: Option<(u64, u64)>,
    ) -> Result<Answer, NetError> {
        let sent = Instant::now();
        let mut request = match method {
            "HEAD" => self.agent.head(url),
            _ => self.agent.get(url),
        }
        .header("Accept-Encoding", "identity");
        if let Some((start, end)) = range {
            request = request.header("Range", format!("bytes={start}-{end}"));
        }
        let response = request.call().map_err(net_error)?;
        let first_byte = sent.elapsed();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let reply = Reply {
            status: response.status().as_u16(),
            content_type: header("content-type"),
            content_range: header("content-range"),
            content_length: header("content-length").and_then(|v| v.trim().parse().ok()),
            head: Vec::new(),
        };
        let content_encoding = header("content-encoding")
            .filter(|e| !e.trim().eq_ignore_ascii_case("identity") && !e.trim().is_empty());
        let final_uri = ureq::ResponseExt::get_uri(&response).to_string();
        let redirected_to = (final_uri != url).then_some(final_uri);
        let body = Box::new(response.into_body().into_reader());
        Ok(Answer {
            reply,
            content_encoding,
            redirected_to,
            first_byte,
            body,
        })
    }
}

impl Answer {
    /// Reads up to [`HEAD_BYTES`] of the body into `reply.head` (for the HTML check) and
    /// returns them; the rest of the body stays to be read.
    ///
    /// # Errors
    ///
    /// What the transport said when the body broke off.
    pub fn read_head(&mut self) -> Result<Vec<u8>, String> {
        let mut head = vec![0u8; HEAD_BYTES];
        let mut filled = 0;
        while filled < HEAD_BYTES {
            match self.body.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.to_string()),
            }
        }
        head.truncate(filled);
        self.reply.head = head.clone();
        Ok(head)
    }

    /// The body as a plain reader (after any head already read).
    pub fn into_reader(self) -> Box<dyn Read + Send> {
        self.body
    }

    /// Reads the body on a thread of its own, `chunk_bytes` at most a chunk, and sends each
    /// chunk (then [`Chunk::End`] or [`Chunk::Failed`]) on the returned channel. Dropping the
    /// receiver stops the thread at its next chunk; a body that hangs ends with the client's
    /// call timeout.
    pub fn pump(self, chunk_bytes: usize) -> mpsc::Receiver<Chunk> {
        let (tx, rx) = mpsc::sync_channel(64);
        let mut body = self.body;
        std::thread::spawn(move || {
            let mut buffer = vec![0u8; chunk_bytes];
            loop {
                let chunk = match body.read(&mut buffer) {
                    Ok(0) => Chunk::End,
                    Ok(n) => Chunk::Bytes(buffer[..n].to_vec(), Instant::now()),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => Chunk::Failed(e.to_string()),
                };
                let last = !matches!(chunk, Chunk::Bytes(..));
                if tx.send(chunk).is_err() || last {
                    return;
                }
            }
        });
        rx
    }
}

fn net_error(e: ureq::Error) -> NetError {
    let reason = match &e {
        ureq::Error::Timeout(_) => Reason::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Reason::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => Reason::Timeout,
        _ => Reason::Refused,
    };
    NetError {
        reason,
        detail: e.to_string(),
    }
}
