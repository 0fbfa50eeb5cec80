//! The requests of one source, as the page's `web::probe` makes them: a few small ranged GETs
//! for reachability and latency (the first judged, the median of the next ones the figure),
//! and one throughput test that reads a ranged GET as it arrives and hands each chunk's time to
//! the core's meter. Each has a deadline and runs on a thread of its own. Which source is
//! tested when, within which budget, and how the answers fill a row, is `measure.rs`'s; what
//! an answer means is the core's (`probe::Expected::judge_encoded`, `probe::judge_end`).

use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::probe::{content_range_total, judge_end, Expected, ProbeConfig, Reason, Reply};
use crate::rank::{median, Status};
use crate::throughput::{End, Meter, Outcome};

use super::http::{Chunk, Client, NetError, HEAD_BYTES};

/// What the small requests found.
pub(super) struct Latency {
    pub(super) status: Status,
    pub(super) reason: Option<Reason>,
    pub(super) latency_ms: Option<f64>,
    pub(super) total_bytes: Option<u64>,
    pub(super) redirected_to: Option<String>,
    pub(super) answered: bool,
}

/// One small request's answer.
struct Small {
    reply: Reply,
    content_encoding: Option<String>,
    redirected_to: Option<String>,
    first_byte_ms: f64,
}

/// The first bytes of a file every small request asks for (`bytes=0-1023`): enough to tell an
/// archive from an HTML page.
const SMALL_RANGE: (u64, u64) = (0, HEAD_BYTES as u64 - 1);

/// How much more than the range a small request reads before dropping the connection (a
/// server that ignores the range sends the whole file).
const DRAIN_BYTES: u64 = 64 << 10;

/// How much of a throughput test's body one read takes: small enough that each chunk's
/// arrival time is the meter's, as a browser's stream hands them over.
const CHUNK_BYTES: usize = 16 << 10;

/// A small GET of `url` that must answer by `until`; the whole answer (at most
/// [`DRAIN_BYTES`] past the range) is read, so that the connection is kept for the next.
fn small_get(client: &Client, url: &str, until: Instant) -> Result<Small, NetError> {
    let (tx, rx) = mpsc::channel();
    let (client, owned) = (client.clone(), url.to_string());
    std::thread::spawn(move || {
        let result = client.get(&owned, Some(SMALL_RANGE)).map(|mut answer| {
            // A body that breaks off is judged by what came of it.
            let _ = answer.read_head();
            let small = Small {
                reply: answer.reply.clone(),
                content_encoding: answer.content_encoding.clone(),
                redirected_to: answer.redirected_to.clone(),
                first_byte_ms: answer.first_byte.as_secs_f64() * 1000.0,
            };
            let mut rest = std::io::Read::take(answer.into_reader(), DRAIN_BYTES);
            let _ = std::io::copy(&mut rest, &mut std::io::sink());
            small
        });
        let _ = tx.send(result);
    });
    rx.recv_timeout(until.saturating_duration_since(Instant::now()))
        .unwrap_or_else(|_| {
            Err(NetError {
                reason: Reason::Timeout,
                detail: "no answer before the deadline".into(),
            })
        })
}

/// Reachability and latency of `url`, as the page's `probe::latency`: the first request warms
/// the connection and is judged; the median of the next ones is the latency. Nothing after
/// `deadline`.
pub(super) fn latency(
    client: &Client,
    url: &str,
    expected: Expected,
    config: &ProbeConfig,
    deadline: Instant,
) -> Latency {
    let mut l = Latency {
        status: Status::Pending,
        reason: None,
        latency_ms: None,
        total_bytes: None,
        redirected_to: None,
        answered: false,
    };
    let per_request = Duration::from_millis(u64::from(config.request_timeout_ms));
    let until = || (Instant::now() + per_request).min(deadline);
    let last = |mut l: Latency, status, reason| {
        l.status = status;
        l.reason = Some(reason);
        l
    };
    match small_get(client, url, until()) {
        Ok(first) => {
            l.answered = true;
            l.redirected_to = first.redirected_to.clone();
            l.total_bytes = match first.reply.status {
                206 => first
                    .reply
                    .content_range
                    .as_deref()
                    .and_then(content_range_total),
                200 => first.reply.content_length,
                _ => None,
            };
            if let Err(reason) =
                expected.judge_encoded(&first.reply, first.content_encoding.as_deref())
            {
                return last(l, Status::Failed, reason);
            }
        }
        Err(e) if e.reason == Reason::Timeout => return last(l, Status::Timeout, Reason::Timeout),
        Err(e) => return last(l, Status::Failed, e.reason),
    }
    for _ in 1..config.warmups {
        let _ = small_get(client, url, until());
    }
    let mut samples = Vec::new();
    for _ in 0..config.latency_rounds {
        if Instant::now() >= deadline {
            break;
        }
        match small_get(client, url, until()) {
            Ok(s) => samples.push(s.first_byte_ms),
            Err(_) => break,
        }
    }
    l.latency_ms = median(&samples);
    if l.latency_ms.is_none() {
        return last(l, Status::Timeout, Reason::Timeout);
    }
    l
}

/// What one throughput test found.
pub(super) struct Tested {
    /// The meter's outcome, or the reason the answer is not the file.
    pub(super) outcome: Result<Outcome, Reason>,
    /// The bytes read, when they were to be kept and are the file's.
    pub(super) kept: Option<Vec<u8>>,
}

/// One throughput test of `url`, as the page's `probe::throughput`: a ranged GET of up to the
/// meter's byte cap, read as it arrives until the meter has enough, the body stops or
/// `deadline` passes. `epoch` is the run's clock. The answer is judged as the first small one
/// was (it may differ: a server may fail only the big request).
pub(super) fn throughput(
    run: &Run,
    url: &str,
    expected: Expected,
    deadline: Instant,
    keep: bool,
    progress: &indicatif::ProgressBar,
) -> Tested {
    let Run {
        client,
        config,
        epoch,
    } = *run;
    let ms = |t: Instant| t.saturating_duration_since(epoch).as_secs_f64() * 1000.0;
    let at = |t_ms: f64| epoch + Duration::from_secs_f64(t_ms.max(0.0) / 1000.0);
    let mut meter = Meter::new(config.meter.clone(), ms(Instant::now()));
    let failed = |reason| Tested {
        outcome: Err(reason),
        kept: None,
    };
    let ended = |meter: &Meter, end| Tested {
        outcome: Ok(meter.finish(end)),
        kept: None,
    };
    let silent_or_late = || {
        if Instant::now() >= deadline {
            End::OutOfTime
        } else {
            End::Silent
        }
    };
    let last = config.meter.max_bytes.saturating_sub(1);
    // The status line and headers count against the first byte's deadline.
    let (tx, rx) = mpsc::channel();
    let (owned_client, owned) = (client.clone(), url.to_string());
    std::thread::spawn(move || {
        let _ = tx.send(owned_client.get(&owned, Some((0, last))));
    });
    let until = |meter: &Meter| at(meter.wait_until_ms()).min(deadline);
    let answer = match rx.recv_timeout(until(&meter).saturating_duration_since(Instant::now())) {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) if e.reason == Reason::Refused => return failed(Reason::Refused),
        Ok(Err(_)) | Err(_) => return ended(&meter, silent_or_late()),
    };
    let mut reply = answer.reply.clone();
    let encoding = answer.content_encoding.clone();
    if let Err(reason) = expected.judge_encoded(&reply, encoding.as_deref()) {
        return failed(reason);
    }
    let declared = reply.content_length;
    let whole_status = matches!(reply.status, 200 | 206);
    let chunks = answer.pump(CHUNK_BYTES);
    let mut total = 0u64;
    let mut judged = false;
    let mut kept = Vec::new();
    let mut broke_off = false;
    let end = loop {
        let wait = until(&meter).saturating_duration_since(Instant::now());
        match chunks.recv_timeout(wait) {
            Ok(Chunk::Bytes(bytes, arrived)) => {
                total += bytes.len() as u64;
                progress.set_position(total);
                if reply.head.len() < HEAD_BYTES {
                    let take = (HEAD_BYTES - reply.head.len()).min(bytes.len());
                    reply.head.extend_from_slice(&bytes[..take]);
                }
                if !judged && reply.head.len() >= HEAD_BYTES {
                    judged = true;
                    if let Err(reason) = expected.judge_encoded(&reply, encoding.as_deref()) {
                        return failed(reason);
                    }
                }
                if keep {
                    kept.extend_from_slice(&bytes);
                }
                if meter.push(ms(arrived), total) {
                    break End::Enough;
                }
                if Instant::now() >= deadline {
                    break End::OutOfTime;
                }
            }
            Ok(Chunk::End) => break End::BodyEnded,
            Ok(Chunk::Failed(_)) => {
                broke_off = true;
                break End::BodyEnded;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break silent_or_late(),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                broke_off = true;
                break End::BodyEnded;
            }
        }
    };
    drop(chunks);
    if !judged {
        if let Err(reason) = expected.judge_encoded(&reply, encoding.as_deref()) {
            return failed(reason);
        }
    }
    if end == End::BodyEnded {
        if let Err(reason) = judge_end(total, declared, broke_off) {
            return failed(reason);
        }
    }
    let outcome = meter.finish(end);
    let kept =
        (keep && whole_status && total > 0 && !matches!(outcome, Outcome::Stalled)).then_some(kept);
    Tested {
        outcome: Ok(outcome),
        kept,
    }
}

/// What every test of a run shares: the client, the settings and the run's clock.
#[derive(Clone, Copy)]
pub(super) struct Run<'a> {
    pub(super) client: &'a Client,
    pub(super) config: &'a ProbeConfig,
    pub(super) epoch: Instant,
}
