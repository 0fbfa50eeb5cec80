//! The second look at a gzip file that `gomirror verify` takes where the page's worker uses
//! the browser's `DecompressionStream`: flate2's raw inflater fed the file in order, with the
//! gzip header and trailer read here (RFC 1952), so that it says what the browser says — a
//! stream cut short is refused nowhere and does not end; a bad code, a wrong CRC-32 or length,
//! or bytes after the end are refused — and the first bytes a gzip's head inflates to. Reading
//! the file and what the answer means are `verify.rs`'s and the core's (`inspect.rs`,
//! `verdict.rs`).

use flate2::{Crc, Decompress, FlushDecompress, Status};

use crate::inspect::{gzip_structure, Structure};

/// How many inflated bytes of a gzip's head are kept: enough for any magic number (as the
/// page's `worker/gunzip.rs`).
pub const START_BYTES: usize = 512;

/// The first bytes a gzip file's `head` inflates to ([`START_BYTES`] at most); empty if its
/// header is not gzip's or nothing inflates before a fault, as the browser gives nothing then.
pub fn inflated_start(head: &[u8]) -> Vec<u8> {
    let mut check = GzipCheck::new();
    check.keep = START_BYTES;
    check.update(head);
    check.kept
}

/// Where a [`GzipCheck`] is in the stream (RFC 1952: a header, DEFLATE data, an 8-byte
/// trailer).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Header,
    Data,
    Trailer,
    End,
}

/// A gzip file fed in order to an inflater, the output dropped as it comes (only its CRC-32
/// and length are kept): what the browser's `DecompressionStream` would say of it, for
/// [`gzip_structure`]. One member, as the browser reads one: bytes after its trailer are
/// refused.
pub struct GzipCheck {
    place: Place,
    /// The header's bytes so far.
    header: Vec<u8>,
    inflater: Decompress,
    crc: Crc,
    /// The trailer's bytes so far.
    trailer: Vec<u8>,
    out: Vec<u8>,
    /// The inflater (or the header or trailer) refused a byte.
    refused: bool,
    /// How many inflated bytes to keep, and those kept.
    keep: usize,
    kept: Vec<u8>,
}

impl Default for GzipCheck {
    fn default() -> GzipCheck {
        GzipCheck::new()
    }
}

impl GzipCheck {
    /// A check that has seen no bytes.
    pub fn new() -> GzipCheck {
        GzipCheck {
            place: Place::Header,
            header: Vec::new(),
            inflater: Decompress::new(false),
            crc: Crc::new(),
            trailer: Vec::new(),
            out: vec![0; 64 << 10],
            refused: false,
            keep: 0,
            kept: Vec::new(),
        }
    }

    /// Feeds the next bytes of the file.
    pub fn update(&mut self, mut input: &[u8]) {
        while !input.is_empty() && !self.refused {
            match self.place {
                Place::Header => {
                    let before = self.header.len();
                    self.header.extend_from_slice(input);
                    match header_len(&self.header) {
                        Err(()) => self.refused = true,
                        Ok(None) => input = &[],
                        Ok(Some(len)) => {
                            input = &input[len - before..];
                            self.header.clear();
                            self.place = Place::Data;
                        }
                    }
                }
                Place::Data => {
                    let (in_before, out_before) =
                        (self.inflater.total_in(), self.inflater.total_out());
                    let status =
                        self.inflater
                            .decompress(input, &mut self.out, FlushDecompress::None);
                    let consumed = (self.inflater.total_in() - in_before) as usize;
                    let produced = (self.inflater.total_out() - out_before) as usize;
                    let output = &self.out[..produced];
                    self.crc.update(output);
                    let room = self.keep.saturating_sub(self.kept.len());
                    self.kept.extend_from_slice(&output[..room.min(produced)]);
                    input = &input[consumed..];
                    match status {
                        Err(_) => self.refused = true,
                        Ok(Status::StreamEnd) => self.place = Place::Trailer,
                        // No progress with input left and room for output: nothing more
                        // can come of these bytes (never seen; it would otherwise spin).
                        Ok(_) if consumed == 0 && produced == 0 => self.refused = true,
                        Ok(_) => {}
                    }
                }
                Place::Trailer => {
                    let take = (8 - self.trailer.len()).min(input.len());
                    self.trailer.extend_from_slice(&input[..take]);
                    input = &input[take..];
                    if self.trailer.len() == 8 {
                        let crc = u32::from_le_bytes([
                            self.trailer[0],
                            self.trailer[1],
                            self.trailer[2],
                            self.trailer[3],
                        ]);
                        let size = u32::from_le_bytes([
                            self.trailer[4],
                            self.trailer[5],
                            self.trailer[6],
                            self.trailer[7],
                        ]);
                        // ISIZE is the length modulo 2^32.
                        let whole =
                            crc == self.crc.sum() && size == self.inflater.total_out() as u32;
                        self.refused = !whole;
                        self.place = Place::End;
                    }
                }
                // Bytes after the member's end: the browser refuses them.
                Place::End => self.refused = true,
            }
        }
    }

    /// Whether a byte was refused: the rest of the file cannot change the answer then.
    pub fn refused(&self) -> bool {
        self.refused
    }

    /// What the whole stream turned out to be.
    pub fn finish(self) -> Structure {
        gzip_structure(self.refused, self.place == Place::End)
    }
}

/// The length of a gzip member's header (RFC 1952, 2.3) at the start of `bytes`: `Ok(None)`
/// while it is incomplete, `Err` when the bytes are not a gzip header (wrong magic, a method
/// other than DEFLATE, reserved flags), as zlib refuses them.
fn header_len(bytes: &[u8]) -> Result<Option<usize>, ()> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    const RESERVED: u8 = 0xe0;
    for (at, want) in [(0, 0x1f), (1, 0x8b), (2, 8)] {
        match bytes.get(at) {
            None => return Ok(None),
            Some(&b) if b != want => return Err(()),
            Some(_) => {}
        }
    }
    let Some(&flags) = bytes.get(3) else {
        return Ok(None);
    };
    if flags & RESERVED != 0 {
        return Err(());
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let (Some(&lo), Some(&hi)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Ok(None);
        };
        at += 2 + usize::from(u16::from_le_bytes([lo, hi]));
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            match bytes
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
            {
                Some(zero) => at += zero + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok((at <= bytes.len()).then_some(at))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::new(6));
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    /// Deterministic bytes: xorshift32, as the tests' fixtures make them.
    fn bytes(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                x as u8
            })
            .collect()
    }

    fn structure(file: &[u8], chunk: usize) -> Structure {
        let mut check = GzipCheck::new();
        for part in file.chunks(chunk.max(1)) {
            check.update(part);
        }
        check.finish()
    }

    /// What the browser's `DecompressionStream` says (tests/browser_common's table): a whole
    /// stream is complete, every cut ends early, and damage is never called whole.
    #[test]
    fn gzip_streams_whole_cut_and_damaged() {
        let tar_like: Vec<u8> = bytes(300_000, 7).iter().map(|b| b % 7).collect();
        let empty = gzip(b"");
        assert_eq!(structure(&empty, 1), Structure::Complete);
        for cut in 0..empty.len() {
            assert_eq!(structure(&empty[..cut], 3), Structure::EndsEarly, "{cut}");
        }
        for data in [tar_like, bytes(150_000, 9)] {
            let whole = gzip(&data);
            for chunk in [1, 7, 4096, 1 << 20] {
                assert_eq!(structure(&whole, chunk), Structure::Complete, "{chunk}");
            }
            let step = (whole.len() / 97).max(1);
            for cut in (0..whole.len())
                .step_by(step)
                .chain(whole.len() - 12..whole.len())
            {
                assert_eq!(
                    structure(&whole[..cut], 65_536),
                    Structure::EndsEarly,
                    "cut at {cut} of {}",
                    whole.len()
                );
            }
            let step = (whole.len() / 150).max(1);
            for at in (3..whole.len())
                .step_by(step)
                .chain(whole.len() - 8..whole.len())
            {
                for run in [1, 16] {
                    let mut bad = whole.clone();
                    let end = (at + run).min(bad.len());
                    for (i, b) in bad[at..end].iter_mut().enumerate() {
                        *b = if run == 1 {
                            *b ^ (1 << (at % 8))
                        } else {
                            0xff ^ i as u8
                        };
                    }
                    assert_ne!(
                        structure(&bad, 65_536),
                        Structure::Complete,
                        "bytes {at}..{end} damaged"
                    );
                }
            }
            // Bytes after the end, or a second member: the browser reads one member.
            let mut more = whole.clone();
            more.push(0);
            assert_eq!(structure(&more, 65_536), Structure::Damaged);
            let mut two = whole.clone();
            two.extend(gzip(b"x"));
            assert_eq!(structure(&two, 65_536), Structure::Damaged);
        }
        assert_eq!(structure(b"PK\x03\x04", 10), Structure::Damaged);
        assert_eq!(structure(b"\x1f", 10), Structure::EndsEarly);
        assert_eq!(structure(b"\x1f\x8b\x09", 10), Structure::Damaged);
    }

    #[test]
    fn headers_with_every_field() {
        let mut header = vec![0x1f, 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3];
        header.extend([3, 0, b'a', b'b', b'c']);
        header.extend(b"name.tar\0comment\0");
        header.extend([0xaa, 0xbb]);
        for cut in 0..header.len() {
            assert_eq!(header_len(&header[..cut]), Ok(None), "{cut}");
        }
        assert_eq!(header_len(&header), Ok(Some(header.len())));
        header[3] |= 0x20;
        assert_eq!(header_len(&header), Err(()));
    }

    /// gzip in gzip shows in the head alone; a damaged head inflates to nothing.
    #[test]
    fn inflated_start_of_a_head() {
        let once = gzip(&bytes(300_000, 3));
        let twice = gzip(&once);
        let head = |f: &[u8]| f[..f.len().min(65_536)].to_vec();
        assert!(!inflated_start(&head(&once)).starts_with(&[0x1f, 0x8b]));
        assert!(inflated_start(&head(&twice)).starts_with(&[0x1f, 0x8b]));
        assert_eq!(inflated_start(&head(&twice)).len(), START_BYTES);
        let mut damaged = twice.clone();
        damaged[12..40].fill(0xff);
        assert!(!inflated_start(&head(&damaged)).starts_with(&[0x1f, 0x8b]));
        assert!(inflated_start(b"\x1f\x8b\x09\x00").is_empty());
    }
}
