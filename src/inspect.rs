//! What a file's bytes are, as far as its first and last bytes and its compressed stream tell.
//!
//! Decides the facts behind the structural verdicts (DESIGN.md, "How a download goes wrong"):
//! an HTML page saved as an archive, a tar whose gzip layer a proxy removed, a gzip inside a
//! gzip, a zip or gzip stream that ends early. It reads bytes handed to it and knows nothing of
//! files, threads or the official list; `verdict.rs` weighs these facts. Inflating is the
//! browser's (`DecompressionStream`, in `web/gunzip.rs`): this module decides from what the
//! decompressor gave and said.

use serde::{Deserialize, Serialize};

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
    /// Text that is markup ([`is_html`]).
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
    /// A gzip whose inflated start is gzip again: compressed twice in transit
    /// ([`Findings::with_inflated_start`]).
    pub gzip_in_gzip: bool,
    /// For a zip, whether its end record is there; for a gzip, filled by a second pass
    /// ([`gzip_structure`]).
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
/// when the file is smaller; `tail` may overlap `head`). A gzip's `gzip_in_gzip` waits for
/// [`Findings::with_inflated_start`].
pub fn inspect(head: &[u8], tail: &[u8]) -> Findings {
    let format = format_of(head);
    let mut findings = Findings {
        format,
        ..Findings::default()
    };
    if format == Format::Zip {
        findings.structure = if has_zip_end(tail) {
            Structure::Complete
        } else {
            Structure::EndsEarly
        }
    }
    findings
}

impl Findings {
    /// The findings of a gzip once its head was inflated: `inflated` is the decompressor's
    /// first output (empty if it gave none: a damaged head). Inflated bytes that start with
    /// gzip's magic again mean the file was compressed twice in transit.
    pub fn with_inflated_start(self, inflated: &[u8]) -> Findings {
        Findings {
            gzip_in_gzip: self.format == Format::Gzip && inflated.starts_with(&GZIP_MAGIC),
            ..self
        }
    }
}

/// Whether a gzip file's stream is whole, from what a gzip decompressor said when fed the whole
/// file in order: `refused` if it rejected bytes before the input ended (a bad code, a wrong
/// CRC-32 or length in the trailer, bytes after the end), `ended` if it then found the stream
/// and its trailer complete at the last byte. A stream cut short is refused nowhere, since
/// every prefix of a valid stream is valid; it only fails to end.
pub fn gzip_structure(refused: bool, ended: bool) -> Structure {
    match (refused, ended) {
        (true, _) => Structure::Damaged,
        (false, true) => Structure::Complete,
        (false, false) => Structure::EndsEarly,
    }
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
    } else if is_html(head) {
        Format::Html
    } else {
        Format::Other
    }
}

/// How many bytes after the blanks must be UTF-8 for [`is_html`]: enough that a binary file
/// fails (random bytes break UTF-8 within a few dozen), few enough that a page with a stray
/// byte further down still counts.
const HTML_TEXT_BYTES: usize = 512;

/// Whether a file's first bytes are text that is markup (DESIGN.md's "HTML means text"): after
/// optional blanks and a UTF-8 byte-order mark, valid UTF-8 that opens with `<!doctype`,
/// `<html`, `<head`, `<body`, `<?xml`, `<!--`, or a tag name followed by `>` or a blank, in
/// any case. A binary file that happens to start with `<` is not HTML: its next bytes are
/// rarely a tag name, and its first few hundred bytes are not UTF-8.
pub fn is_html(head: &[u8]) -> bool {
    let blank = |b: &u8| b.is_ascii_whitespace();
    let start = head.iter().position(|b| !blank(b)).unwrap_or(head.len());
    let head = &head[start..];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let start = head.iter().position(|b| !blank(b)).unwrap_or(head.len());
    let text = &head[start..head.len().min(start + HTML_TEXT_BYTES)];
    // A character cut by the end of what is looked at is not a fault of the text.
    let utf8 = match std::str::from_utf8(text) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    if !utf8 || !text.starts_with(b"<") {
        return false;
    }
    let lower: Vec<u8> = text.iter().take(16).map(u8::to_ascii_lowercase).collect();
    const OPENINGS: [&[u8]; 6] = [
        b"<!doctype",
        b"<html",
        b"<head",
        b"<body",
        b"<?xml",
        b"<!--",
    ];
    if OPENINGS.iter().any(|o| lower.starts_with(o)) {
        return true;
    }
    let name_len = text[1..]
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
        .unwrap_or(text.len() - 1);
    name_len > 0
        && text[1].is_ascii_alphabetic()
        && text
            .get(1 + name_len)
            .is_some_and(|b| *b == b'>' || blank(b))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn tar_like(len: usize) -> Vec<u8> {
        let mut data: Vec<u8> = (0..len as u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 7) as u8 % 7)
            .collect();
        data[TAR_MAGIC_OFFSET..TAR_MAGIC_OFFSET + 6].copy_from_slice(b"ustar\0");
        data
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
        (b"\x00<html>", Format::Other),
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

    /// Each row: the first bytes of a file and whether they are HTML.
    const HTML: &[(&[u8], bool)] = &[
        // nginx's own error page, as `curl -o` saves it.
        (b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n", true),
        // A captive portal's redirect after blank lines.
        (b"\r\n\n \t<!DOCTYPE html>\n<html><head><meta http-equiv=\"refresh\" content=\"0; url=https://portal.example/login\"></head></html>", true),
        // Apache's redirect notice, which `curl -O` without -L saves.
        (b"<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>302 Found</title>", true),
        // A Chinese error page in UTF-8, with a byte-order mark and a blank before it.
        ("\u{feff}<html><head><title>访问被拒绝</title></head></html>".as_bytes(), true),
        (" \u{feff}\n<HEAD><TITLE>403</TITLE>".as_bytes(), true),
        (b"<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code></Error>", true),
        (b"<!-- a proxy's banner -->\n", true),
        (b"<Error><Code>NoSuchKey</Code>", true),
        (b"<center>\n<h1>502 Bad Gateway</h1>", true),
        (b"<div class=\"error\">", true),
        (b"<BODY>", true),
        (b"<html", true),
        // Not markup: a binary that starts with `<` and then bytes that are not UTF-8 …
        (b"<html>\x00\xff\xfe\x80\x81 binary", false),
        (b"<b \xc3\x28 bad continuation", false),
        (b"<\x9c\x12\xff\xd8", false),
        // … or text that is not a tag.
        (b"<3 bytes", false),
        (b"< html>", false),
        (b"<=>", false),
        (b"<", false),
        (b"<p", false),
        (b"<-- not a comment -->", false),
        (b"hello <html>", false),
        (b"", false),
        (b"   \r\n", false),
        (b"\xef\xbb\xbf", false),
    ];

    #[test]
    fn html_is_text_that_is_markup() {
        for (head, want) in HTML {
            assert_eq!(is_html(head), *want, "{:?}", String::from_utf8_lossy(head));
            let format = if *want { Format::Html } else { Format::Other };
            assert_eq!(inspect(head, head).format, format);
        }
        // A character cut by the end of the head does not make a page binary.
        let mut page = b"<html><title>".to_vec();
        while page.len() < HTML_TEXT_BYTES + 10 {
            page.extend("访问".as_bytes());
        }
        for end in HTML_TEXT_BYTES - 3..HTML_TEXT_BYTES + 3 {
            assert!(is_html(&page[..end]), "cut at {end}");
        }
    }

    #[test]
    fn gzip_in_gzip() {
        let gzip = inspect(b"\x1f\x8b\x08\x00", &[]);
        assert!(!gzip.gzip_in_gzip, "not before the head was inflated");
        assert!(!gzip.with_inflated_start(&tar_like(1024)).gzip_in_gzip);
        assert!(gzip.with_inflated_start(b"\x1f\x8b\x08").gzip_in_gzip);
        assert!(
            !gzip.with_inflated_start(b"").gzip_in_gzip,
            "a damaged head"
        );
        let tar = inspect(&tar_like(1024), &[]);
        assert!(
            !tar.with_inflated_start(b"\x1f\x8b").gzip_in_gzip,
            "only a gzip"
        );
    }

    /// Each row: what the decompressor said, and the structure it means.
    const DECODED: &[(bool, bool, Structure)] = &[
        (false, true, Structure::Complete),
        (false, false, Structure::EndsEarly),
        (true, false, Structure::Damaged),
        (true, true, Structure::Damaged),
    ];

    #[test]
    fn gzip_structure_from_the_decompressor() {
        for &(refused, ended, want) in DECODED {
            assert_eq!(gzip_structure(refused, ended), want, "{refused} {ended}");
        }
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
