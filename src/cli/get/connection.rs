//! One source's connection: its thread takes pieces from the plan and fetches each with a
//! ranged GET, checking the answer's head (the core's `plan::check_head`) and cutting a body
//! that stalls, is short or runs long.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::plan::{self, Fault, Piece, Plan};
use crate::probe::Reason;

use crate::cli::http::{Chunk, Client};

use super::engine::{Event, Stop};
use super::{INTERRUPTED, STALL_TIMEOUT};

/// A source's thread: takes pieces from the plan until there are none or the source fails.
pub(super) fn fetch_loop(
    index: usize,
    url: &str,
    size: u64,
    client: &Client,
    plan: &Mutex<Plan>,
    stop: &AtomicBool,
    tx: &mpsc::Sender<Event>,
) {
    let lock = || {
        plan.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    loop {
        if stop.load(Ordering::SeqCst) || INTERRUPTED.load(Ordering::SeqCst) {
            return;
        }
        let next = {
            let mut p = lock();
            if !p.is_alive(index) || p.is_complete() {
                return;
            }
            p.next(index)
        };
        let Some(piece) = next else {
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let started = Instant::now();
        let wanted = |got: u64| {
            let mut p = lock();
            p.progress(piece.id, index, got);
            p.wanted(piece.id, index) && !stop.load(Ordering::SeqCst)
        };
        match fetch_piece(client, url, piece, size, &INTERRUPTED, &wanted) {
            Ok(bytes) => {
                let seconds = started.elapsed().as_secs_f64();
                let landed = {
                    let mut p = lock();
                    if seconds > 0.05 {
                        p.set_rate(index, bytes.len() as f64 / seconds);
                    }
                    p.land(piece.id, index)
                };
                // Another source's copy got there first.
                if !landed {
                    continue;
                }
                if tx
                    .send(Event::Piece {
                        source: index,
                        piece,
                        bytes,
                    })
                    .is_err()
                {
                    return;
                }
            }
            Err(Stop::Cancelled) => lock().release(piece.id, index),
            Err(Stop::Fault(fault)) => {
                let _ = tx.send(Event::Failed {
                    source: index,
                    fault,
                });
                return;
            }
        }
    }
}

/// A body that broke off after `read` of `declared` bytes.
pub(super) fn cut(read: usize, declared: u64) -> Fault {
    Fault::Reason(Reason::Cut {
        read_bytes: read as u64,
        declared_bytes: Some(declared),
    })
}

/// Fetches `piece` of a file of `size` bytes from `url` and checks it as it arrives (status
/// 206, the exact `Content-Range`, no `Content-Encoding`, the exact length). `wanted` is asked
/// with the bytes so far after every chunk; `false` (or `interrupted`) cancels.
pub(super) fn fetch_piece(
    client: &Client,
    url: &str,
    piece: Piece,
    size: u64,
    interrupted: &AtomicBool,
    wanted: &dyn Fn(u64) -> bool,
) -> Result<Vec<u8>, Stop> {
    let len = piece.end - piece.start;
    let answer = client
        .get(url, Some((piece.start, piece.end - 1)))
        .map_err(|e| Stop::Fault(Fault::Reason(e.reason)))?;
    let encoding = answer.content_encoding.clone();
    let mut reply = answer.reply.clone();
    plan::check_head(&reply, encoding.as_deref(), piece.start, piece.end, size)
        .map_err(Stop::Fault)?;
    let rx = answer.pump(64 << 10);
    let mut bytes: Vec<u8> = Vec::with_capacity(len as usize);
    loop {
        match rx.recv_timeout(STALL_TIMEOUT) {
            Ok(Chunk::Bytes(chunk, _)) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() as u64 > len {
                    return Err(Stop::Fault(Fault::TooLong));
                }
                if interrupted.load(Ordering::SeqCst) || !wanted(bytes.len() as u64) {
                    return Err(Stop::Cancelled);
                }
            }
            Ok(Chunk::End) => break,
            Ok(Chunk::Failed(_)) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(Stop::Fault(cut(bytes.len(), len)))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(Stop::Fault(Fault::Reason(Reason::Stalled)))
            }
        }
    }
    if (bytes.len() as u64) < len {
        return Err(Stop::Fault(cut(bytes.len(), len)));
    }
    // Only the file's first bytes are known not to start with `<`: a piece from the middle
    // of an archive may.
    if piece.start == 0 {
        reply.head = bytes[..bytes.len().min(crate::cli::http::HEAD_BYTES)].to_vec();
        plan::check_head(&reply, None, piece.start, piece.end, size).map_err(Stop::Fault)?;
    }
    Ok(bytes)
}
