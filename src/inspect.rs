//! What a file's bytes are, as far as its first and last bytes and its compressed stream tell.
//!
//! Decides the facts behind the structural verdicts (DESIGN.md, "How a download goes wrong"):
//! an HTML page saved as an archive, a tar whose gzip layer a proxy removed, a gzip inside a
//! gzip, a zip or gzip stream that ends early. It reads bytes handed to it and knows nothing of
//! files, threads or the official list; `verdict.rs` weighs these facts.

use serde::{Deserialize, Serialize};

use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZError, MZFlush, MZStatus};

use crate::checksum::Digest;

/// How many bytes from the start of a file the inspection reads.
pub const HEAD_BYTES: usize = 64 * 1024;

/// How many bytes from the end of a file the inspection reads: a zip's end-of-central-directory
/// record (22 bytes) plus the longest comment it may carry (65,535 bytes).
pub const TAIL_BYTES: usize = 22 + 65_535;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZIP_MAGIC: [u8; 4] = *b"PK\x03\x04";
const ZIP_EMPTY_MAGIC: [u8; 4] = *b"PK\x05\x06";
const ZIP_EOCD: [u8; 4] = *b"PK\x05\x06";
const XAR_MAGIC: [u8; 4] = *b"xar!";
const OLE_MAGIC: [u8; 8] = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/// POSIX tar headers carry "ustar" at this offset.
const TAR_MAGIC_OFFSET: usize = 257;

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// gzip (`1f 8b`): a `.tar.gz`.
    Gzip,
    /// zip (`PK\3\4`).
    Zip,
    /// xar (`xar!`): a macOS `.pkg`.
    Xar,
    /// OLE compound file: a Windows `.msi`.
    Msi,
    /// An uncompressed tar (`ustar` at byte 257).
    Tar,
    /// Text whose first non-blank byte is `<`.
    Html,
    /// None of these.
    #[default]
    Other,
}

/// Whether a compressed stream is whole.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Structure {
    /// Not looked at (not a gzip or zip, or not needed).
    #[default]
    Unchecked,
    /// The stream ends where it says it ends.
    Complete,
    /// The bytes stop before the stream does: the download was cut short.
    EndsEarly,
    /// The stream is damaged before its end: corrupted bytes.
    Damaged,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 7] = [
        Format::Gzip,
        Format::Zip,
        Format::Xar,
        Format::Msi,
        Format::Tar,
        Format::Html,
        Format::Other,
    ];

    /// The name serde gives it (the one name table is the derive's rule).
    pub fn name(self) -> &'static str {
        match self {
            Format::Gzip => "gzip",
            Format::Zip => "zip",
            Format::Xar => "xar",
            Format::Msi => "msi",
            Format::Tar => "tar",
            Format::Html => "html",
            Format::Other => "other",
        }
    }
}

impl Structure {
    /// Every structure.
    pub const ALL: [Structure; 4] = [
        Structure::Unchecked,
        Structure::Complete,
        Structure::EndsEarly,
        Structure::Damaged,
    ];

    /// The name serde gives it.
    pub fn name(self) -> &'static str {
        match self {
            Structure::Unchecked => "unchecked",
            Structure::Complete => "complete",
            Structure::EndsEarly => "ends-early",
            Structure::Damaged => "damaged",
        }
    }
}

impl Structure {
    /// Each structure by its name in JSON (as serialized).
    pub const NAMES: [(&'static str, Structure); 4] = [
        ("unchecked", Structure::Unchecked),
        ("complete", Structure::Complete),
        ("ends-early", Structure::EndsEarly),
        ("damaged", Structure::Damaged),
    ];
}

/// The facts read from a file's head and tail.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    /// What the first bytes say the file is.
    pub format: Format,
    /// A gzip whose inflated start is gzip again: compressed twice in transit.
    pub gzip_in_gzip: bool,
    /// For a zip, whether its end record is there; for a gzip, filled by a [`GzipCheck`] pass.
    pub structure: Structure,
}

/// What the hashing pass learned about a file: the hashing worker's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hashed {
    /// The file's SHA-256.
    pub sha256: Digest,
    /// Its size.
    pub size_bytes: u64,
    /// What its first and last bytes show.
    pub findings: Findings,
}

/// Reads the facts from the first [`HEAD_BYTES`] and last [`TAIL_BYTES`] bytes of a file (fewer
/// when the file is smaller; `tail` may overlap `head`).
pub fn inspect(head: &[u8], tail: &[u8]) -> Findings {
    let format = format_of(head);
    let mut findings = Findings {
        format,
        ..Findings::default()
    };
    match format {
        Format::Gzip => findings.gzip_in_gzip = inflated_start(head).starts_with(&GZIP_MAGIC),
        Format::Zip => {
            findings.structure = if has_zip_end(tail) {
                Structure::Complete
            } else {
                Structure::EndsEarly
            }
        }
        _ => {}
    }
    findings
}

/// The first [`HEAD_BYTES`] and last [`TAIL_BYTES`] bytes of a stream, kept as it passes
/// (a download, which cannot be read again), for [`inspect`].
#[derive(Clone, Debug, Default)]
pub struct Ends {
    head: Vec<u8>,
    /// At least the last `TAIL_BYTES` seen, at most twice that.
    tail: Vec<u8>,
}

impl Ends {
    /// Keeps what it needs of the next chunk.
    pub fn update(&mut self, chunk: &[u8]) {
        if self.head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        let keep = chunk.len().min(TAIL_BYTES);
        self.tail.extend_from_slice(&chunk[chunk.len() - keep..]);
        if self.tail.len() > 2 * TAIL_BYTES {
            self.tail.drain(..self.tail.len() - TAIL_BYTES);
        }
    }

    /// The first bytes seen.
    pub fn head(&self) -> &[u8] {
        &self.head
    }

    /// The facts of the stream so far.
    pub fn findings(&self) -> Findings {
        let start = self.tail.len().saturating_sub(TAIL_BYTES);
        inspect(&self.head, &self.tail[start..])
    }
}

fn format_of(head: &[u8]) -> Format {
    if head.starts_with(&GZIP_MAGIC) {
        Format::Gzip
    } else if head.starts_with(&ZIP_MAGIC) || head.starts_with(&ZIP_EMPTY_MAGIC) {
        Format::Zip
    } else if head.starts_with(&XAR_MAGIC) {
        Format::Xar
    } else if head.starts_with(&OLE_MAGIC) {
        Format::Msi
    } else if head.get(TAR_MAGIC_OFFSET..TAR_MAGIC_OFFSET + 5) == Some(b"ustar") {
        Format::Tar
    } else if first_non_blank(head) == Some(b'<') {
        Format::Html
    } else {
        Format::Other
    }
}

/// The first byte that is not whitespace or a UTF-8 byte-order mark.
fn first_non_blank(head: &[u8]) -> Option<u8> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// A zip ends with its end-of-central-directory record, whose comment runs to the last byte.
fn has_zip_end(tail: &[u8]) -> bool {
    if tail.len() < 22 {
        return false;
    }
    (0..=tail.len() - 22).rev().any(|at| {
        let record = &tail[at..];
        record.starts_with(&ZIP_EOCD)
            && usize::from(u16::from_le_bytes([record[20], record[21]])) == record.len() - 22
    })
}

/// The length of a gzip member header (RFC 1952, 2.3), or `None` if `bytes` do not hold all of
/// it.
fn gzip_header_len(bytes: &[u8]) -> Option<usize> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if bytes.len() < 10 || !bytes.starts_with(&GZIP_MAGIC) {
        return None;
    }
    let flags = bytes[3];
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let extra = usize::from(u16::from_le_bytes([*bytes.get(at)?, *bytes.get(at + 1)?]));
        at += 2 + extra;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            at += bytes.get(at..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    (at <= bytes.len()).then_some(at)
}

/// Up to 512 inflated bytes from the start of a gzip; fewer if the head is damaged.
fn inflated_start(head: &[u8]) -> Vec<u8> {
    let Some(start) = gzip_header_len(head) else {
        return Vec::new();
    };
    let mut inflate = Inflate::new(512);
    inflate.update(&head[start..]);
    inflate.kept().to_vec()
}

/// What a DEFLATE stream has shown so far.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    /// Not ended yet: more input may complete it.
    Open,
    /// The last block ended; this many input bytes after it were not part of the stream (a
    /// gzip trailer, or anything after).
    Ended { unused: u64 },
    /// Not a valid DEFLATE stream.
    Damaged,
}

/// A DEFLATE (RFC 1951) stream inflated by miniz_oxide to learn whether it is whole, cut short
/// or damaged, keeping only its first `keep` bytes of output. Input comes in chunks of any size;
/// memory stays at miniz_oxide's state (its 32 KiB window) and one output buffer.
struct Inflate {
    state: Box<InflateState>,
    /// Where output goes and is dropped.
    out: Vec<u8>,
    kept: Vec<u8>,
    keep: usize,
    status: Status,
}

impl Inflate {
    fn new(keep: usize) -> Inflate {
        /// Output per call: large enough that a call does a useful amount of work.
        const OUT_BYTES: usize = 64 << 10;
        Inflate {
            state: InflateState::new_boxed(DataFormat::Raw),
            out: vec![0; OUT_BYTES],
            kept: Vec::new(),
            keep,
            status: Status::Open,
        }
    }

    fn kept(&self) -> &[u8] {
        &self.kept
    }

    fn status(&self) -> Status {
        self.status
    }

    fn update(&mut self, mut input: &[u8]) {
        loop {
            match &mut self.status {
                Status::Ended { unused } => {
                    *unused += input.len() as u64;
                    return;
                }
                Status::Damaged => return,
                Status::Open => {}
            }
            let result = inflate(&mut self.state, input, &mut self.out, MZFlush::None);
            let room = self.keep.saturating_sub(self.kept.len());
            self.kept
                .extend_from_slice(&self.out[..room.min(result.bytes_written)]);
            input = &input[result.bytes_consumed..];
            match result.status {
                Ok(MZStatus::StreamEnd) => self.status = Status::Ended { unused: 0 },
                // All input taken and all output given (a full buffer may hold more back), or
                // no progress: the next bits have not arrived yet.
                Ok(_) | Err(MZError::Buf)
                    if (input.is_empty() && result.bytes_written < self.out.len())
                        || (result.bytes_consumed == 0 && result.bytes_written == 0) =>
                {
                    return
                }
                Ok(_) | Err(MZError::Buf) => {}
                Err(_) => self.status = Status::Damaged,
            }
        }
    }
}

/// Reads a gzip file from end to end, inflating it without keeping the output, to learn whether
/// the stream is whole. Fed in chunks of any size; memory stays small.
pub struct GzipCheck {
    inflate: Inflate,
    /// Bytes of the header seen so far, until the whole header has arrived.
    header: Vec<u8>,
    header_done: bool,
    damaged: bool,
}

impl Default for GzipCheck {
    fn default() -> Self {
        GzipCheck::new()
    }
}

impl GzipCheck {
    /// A check that has seen no bytes.
    pub fn new() -> GzipCheck {
        GzipCheck {
            inflate: Inflate::new(0),
            header: Vec::new(),
            header_done: false,
            damaged: false,
        }
    }

    /// Feeds the next bytes of the file.
    pub fn update(&mut self, chunk: &[u8]) {
        /// A header longer than this (a giant name or comment field) is not a real download.
        const MAX_HEADER_BYTES: usize = 1 << 20;
        if self.damaged {
            return;
        }
        if self.header_done {
            self.inflate.update(chunk);
            return;
        }
        // The header's length is known only once its variable fields have arrived.
        self.header.extend_from_slice(chunk);
        if let Some(len) = gzip_header_len(&self.header) {
            let rest = self.header.split_off(len);
            self.header = Vec::new();
            self.header_done = true;
            self.inflate.update(&rest);
        } else if self.header.len() > MAX_HEADER_BYTES
            || (self.header.len() >= 2 && !self.header.starts_with(&GZIP_MAGIC))
        {
            self.damaged = true;
        }
    }

    /// What the whole stream turned out to be.
    pub fn finish(self) -> Structure {
        /// CRC-32 and ISIZE follow the deflate stream (RFC 1952, 2.3.1).
        const TRAILER_BYTES: u64 = 8;
        match self.inflate.status() {
            _ if self.damaged => Structure::Damaged,
            Status::Damaged => Structure::Damaged,
            Status::Ended { unused } if unused >= TRAILER_BYTES => Structure::Complete,
            Status::Ended { .. } | Status::Open => Structure::EndsEarly,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use miniz_oxide::deflate::compress_to_vec;

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn findings_read_back_what_serde_writes() {
        for format in Format::ALL {
            assert_eq!(serde_json::to_value(format).unwrap(), format.name());
        }
        for structure in Structure::ALL {
            assert_eq!(serde_json::to_value(structure).unwrap(), structure.name());
            let hashed = Hashed {
                sha256: Digest::from_hex(&"ab".repeat(32)).unwrap(),
                size_bytes: 68_988_925,
                findings: Findings {
                    format: Format::Gzip,
                    gzip_in_gzip: true,
                    structure,
                },
            };
            let json = serde_json::to_string(&hashed).unwrap();
            assert_eq!(serde_json::from_str::<Hashed>(&json).unwrap(), hashed);
        }
        let bad = r#"{"format": "rar", "gzip_in_gzip": false, "structure": "complete"}"#;
        let e = serde_json::from_str::<Findings>(bad)
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown variant `rar`"), "{e}");
    }

    #[test]
    fn ends_of_a_stream_are_those_of_the_whole() {
        let mut zip = vec![0u8; 300_000];
        for (i, b) in zip.iter_mut().enumerate() {
            *b = (i * 7 % 251) as u8;
        }
        zip[..4].copy_from_slice(&ZIP_MAGIC);
        let end = zip.len() - 22;
        zip[end..end + 4].copy_from_slice(&[0x50, 0x4b, 5, 6]);
        zip[end + 20..].fill(0); // no comment
        let whole = inspect(&zip[..HEAD_BYTES], &zip[zip.len() - TAIL_BYTES..]);
        assert_eq!(whole.structure, Structure::Complete);
        for chunk in [1_000, 65_536, 100_000, 300_000] {
            let mut ends = Ends::default();
            for part in zip.chunks(chunk) {
                ends.update(part);
            }
            assert_eq!(ends.findings(), whole, "chunks of {chunk}");
            assert_eq!(ends.head(), &zip[..HEAD_BYTES]);
        }
        let mut cut = Ends::default();
        cut.update(&zip[..250_000]);
        assert_eq!(cut.findings().structure, Structure::EndsEarly);
    }

    /// A gzip member around `data`, as gzip(1) writes it (CRC left zero: nothing here checks it).
    pub(crate) fn gzip(data: &[u8]) -> Vec<u8> {
        let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        out.extend(compress_to_vec(data, 6));
        out.extend(0u32.to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out
    }

    fn tar_like(len: usize) -> Vec<u8> {
        let mut data: Vec<u8> = (0..len as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 % 7)
            .collect();
        data[TAR_MAGIC_OFFSET..TAR_MAGIC_OFFSET + 6].copy_from_slice(b"ustar\0");
        data
    }

    fn check(bytes: &[u8], chunk: usize) -> Structure {
        let mut c = GzipCheck::new();
        for part in bytes.chunks(chunk) {
            c.update(part);
        }
        c.finish()
    }

    /// Each row: the first bytes of a file and the format they show.
    const FORMATS: &[(&[u8], Format)] = &[
        (b"\x1f\x8b\x08\x00", Format::Gzip),
        (b"PK\x03\x04rest", Format::Zip),
        (b"xar!\x00\x1c", Format::Xar),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", Format::Msi),
        (b"  \r\n<!DOCTYPE html>", Format::Html),
        (b"\xef\xbb\xbf<html>", Format::Html),
        (b"<?xml version", Format::Html),
        (b"hello", Format::Other),
        (b"", Format::Other),
    ];

    #[test]
    fn formats() {
        for (head, want) in FORMATS {
            assert_eq!(inspect(head, head).format, *want, "{head:?}");
        }
        assert_eq!(inspect(&tar_like(1024), &[]).format, Format::Tar);
    }

    #[test]
    fn gzip_in_gzip() {
        let once = gzip(&tar_like(100_000));
        let twice = gzip(&once);
        assert!(!inspect(&once, &once).gzip_in_gzip);
        assert!(inspect(&twice, &twice).gzip_in_gzip);
    }

    #[test]
    fn gzip_stream_whole_short_and_damaged() {
        let data = tar_like(300_000);
        let whole = gzip(&data);
        for chunk in [1, 7, 4096, 1 << 20] {
            assert_eq!(check(&whole, chunk), Structure::Complete, "chunk {chunk}");
        }
        assert_eq!(check(&whole[..whole.len() - 3], 4096), Structure::EndsEarly);
        assert_eq!(check(&whole[..whole.len() / 2], 4096), Structure::EndsEarly);
        assert_eq!(check(&whole[..5], 4096), Structure::EndsEarly);
        let mut damaged = whole.clone();
        for b in &mut damaged[20..60] {
            *b = 0xff;
        }
        assert_eq!(check(&damaged, 4096), Structure::Damaged);
        assert_eq!(check(b"not gzip at all", 4), Structure::Damaged);
        // Cut anywhere before its trailer, a stream is never whole, whatever the chunks.
        for cut in (1..whole.len() - 8).step_by(997) {
            assert_ne!(
                check(&whole[..cut], 1 + cut % 5000),
                Structure::Complete,
                "cut {cut}"
            );
        }
        // Incompressible data inflates to more than one output buffer per chunk.
        let noise: Vec<u8> = (0..400_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let stored = gzip(&noise);
        for chunk in [3, 65_536, 1 << 20] {
            assert_eq!(check(&stored, chunk), Structure::Complete, "chunk {chunk}");
        }
        // Highly compressible data: 8 MB of output from a few KB of input in one chunk.
        let zeros = gzip(&vec![0u8; 8 << 20]);
        assert_eq!(check(&zeros, 1 << 20), Structure::Complete);
        assert_eq!(
            check(&zeros[..zeros.len() - 9], 1 << 20),
            Structure::EndsEarly
        );
    }

    #[test]
    fn zip_end_record() {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend([0u8; 100]);
        let mut end = b"PK\x05\x06".to_vec();
        end.extend([0u8; 16]);
        end.extend(3u16.to_le_bytes());
        end.extend(b"abc");
        let mut whole = zip.clone();
        whole.extend(&end);
        assert_eq!(inspect(&whole, &whole).structure, Structure::Complete);
        let cut = &whole[..whole.len() - 1];
        assert_eq!(inspect(cut, cut).structure, Structure::EndsEarly);
        assert_eq!(inspect(&zip, &zip).structure, Structure::EndsEarly);
    }
}
