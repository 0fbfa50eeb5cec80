//! The reference the page's gzip checks are held against: the checks the page made with
//! miniz_oxide before it used the browser's `DecompressionStream` (a raw inflate after the
//! gzip header, no output kept), and gzip members made with miniz_oxide's compressor.

use miniz_oxide::deflate::compress_to_vec;
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

/// A gzip member around `data`, as gzip(1) writes it, with its real CRC-32 and length.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
    out.extend(compress_to_vec(data, 6));
    out.extend(crc32(data).to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out
}

/// CRC-32 (IEEE, as gzip's trailer carries it), bit by bit: test data only.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The length of a gzip member header (RFC 1952, 2.3), or `None` if `bytes` do not hold it.
fn header_len(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 10 || !bytes.starts_with(&[0x1f, 0x8b]) {
        return None;
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & 4 != 0 {
        let extra = usize::from(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        at += 2 + extra;
    }
    for flag in [8, 16] {
        if flags & flag != 0 {
            at += bytes.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    (at <= bytes.len()).then_some(at)
}

/// What the miniz_oxide check said of a whole file: "complete", "ends-early" or "damaged".
pub fn structure(file: &[u8]) -> &'static str {
    let Some(start) = header_len(file) else {
        return if file.len() >= 2 && !file.starts_with(&[0x1f, 0x8b]) {
            "damaged"
        } else {
            "ends-early"
        };
    };
    let (_, ended, unused) = inflate_all(&file[start..], 0);
    match ended {
        None => "damaged",
        Some(false) => "ends-early",
        Some(true) if unused >= 8 => "complete",
        Some(true) => "ends-early",
    }
}

/// The first 512 bytes a file's head inflates to, as the page's miniz_oxide check had them.
pub fn inflated_start(head: &[u8]) -> Vec<u8> {
    match header_len(head) {
        Some(start) => inflate_all(&head[start..], 512).0,
        None => Vec::new(),
    }
}

/// Inflates raw DEFLATE `input`: the first `keep` output bytes; `None` if damaged, else
/// whether the last block ended; input bytes left after the end.
fn inflate_all(mut input: &[u8], keep: usize) -> (Vec<u8>, Option<bool>, usize) {
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut out = vec![0u8; 64 << 10];
    let mut kept = Vec::new();
    loop {
        let result = inflate(&mut state, input, &mut out, MZFlush::None);
        let room = keep.saturating_sub(kept.len());
        kept.extend_from_slice(&out[..room.min(result.bytes_written)]);
        input = &input[result.bytes_consumed..];
        match result.status {
            Ok(MZStatus::StreamEnd) => return (kept, Some(true), input.len()),
            Ok(_) | Err(MZError::Buf)
                if (input.is_empty() && result.bytes_written < out.len())
                    || (result.bytes_consumed == 0 && result.bytes_written == 0) =>
            {
                return (kept, Some(false), 0)
            }
            Ok(_) | Err(MZError::Buf) => {}
            Err(_) => return (kept, None, 0),
        }
    }
}
