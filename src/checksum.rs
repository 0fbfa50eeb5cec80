//! SHA-256 values, the streaming hash state, and checksum texts as people paste them.
//!
//! Decides what a pasted checksum or a dropped side file (`FILE.sha256`, `SHA256SUMS`) says,
//! and hashes bytes fed in any chunking. Reading files and threads are the browser layer's
//! (`web::hasher`); which checksum wins is `verdict.rs`'s.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::error::{clip, quote, Error};

/// A SHA-256 digest. Shown and serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest([u8; 32]);

impl Digest {
    /// Parses exactly 64 hex digits, either case.
    pub fn from_hex(text: &str) -> Option<Digest> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            out[i] = (hex_value(pair[0])? << 4) | hex_value(pair[1])?;
        }
        Some(Digest(out))
    }

    /// The digest of `bytes` in one pass.
    pub fn of(bytes: &[u8]) -> Digest {
        Digest(Sha256::digest(bytes).into())
    }

    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = String::with_capacity(64);
        for b in self.0 {
            s.push(HEX[usize::from(b >> 4)] as char);
            s.push(HEX[usize::from(b & 15)] as char);
        }
        s
    }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest({})", self.to_hex())
    }
}

impl Serialize for Digest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for Digest {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Digest, D::Error> {
        let text = String::deserialize(d)?;
        Digest::from_hex(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("{} is not 64 hex digits", quote(&text, 80)))
        })
    }
}

/// SHA-256 over bytes that arrive in chunks of any size; memory stays constant.
#[derive(Clone, Default)]
pub struct StreamHasher {
    state: Sha256,
    len_bytes: u64,
}

impl StreamHasher {
    /// A hasher that has seen no bytes.
    pub fn new() -> StreamHasher {
        StreamHasher::default()
    }

    /// Feeds the next bytes.
    pub fn update(&mut self, chunk: &[u8]) {
        self.state.update(chunk);
        self.len_bytes += chunk.len() as u64;
    }

    /// How many bytes have been fed.
    pub fn len_bytes(&self) -> u64 {
        self.len_bytes
    }

    /// The digest of everything fed.
    pub fn finish(self) -> Digest {
        Digest(self.state.finalize().into())
    }
}

/// One checksum from a text: the digest and, when the line names one, the file it is for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecksumLine {
    /// The checksum.
    pub sha256: Digest,
    /// The file name the line gives, without any directory, if it gives one.
    pub file: Option<String>,
}

/// The most lines read from one checksum text; real `SHA256SUMS` files have a few dozen.
const MAX_LINES: usize = 10_000;

/// Reads every checksum in a text: a bare digest, `sha256sum` lines (`HEX  NAME`, `HEX *NAME`),
/// BSD lines (`SHA256 (NAME) = HEX`) and PowerShell's `Get-FileHash` table rows. Lines without a
/// digest (comments, headers, PGP armour) are skipped.
///
/// # Errors
///
/// [`Error::BadChecksum`] when the text holds no digest at all.
pub fn parse_checksums(text: &str) -> Result<Vec<ChecksumLine>, Error> {
    let lines: Vec<ChecksumLine> = text
        .lines()
        .take(MAX_LINES)
        .filter_map(parse_line)
        .collect();
    if lines.is_empty() {
        return Err(Error::BadChecksum {
            text: clip(text.trim(), 80),
        });
    }
    Ok(lines)
}

fn parse_line(line: &str) -> Option<ChecksumLine> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    // BSD / `shasum --tag` / openssl: "SHA256 (go1.22.0.linux-amd64.tar.gz) = HEX".
    if let Some(rest) = line
        .strip_prefix("SHA256 (")
        .or_else(|| line.strip_prefix("SHA2-256("))
    {
        let (name, hex) = rest
            .rsplit_once(")= ")
            .or_else(|| rest.rsplit_once(") = "))?;
        return Some(ChecksumLine {
            sha256: Digest::from_hex(hex.trim())?,
            file: base_name(name),
        });
    }
    let mut words = line.split_whitespace();
    let first = words.next()?;
    if let Some(sha256) = Digest::from_hex(first) {
        // sha256sum: "HEX  NAME" or "HEX *NAME" (binary mode); the name may contain spaces.
        let rest = line[first.len()..].trim_start();
        let name = rest.strip_prefix('*').unwrap_or(rest);
        return Some(ChecksumLine {
            sha256,
            file: base_name(name),
        });
    }
    // Get-FileHash: "SHA256    HEX    C:\path\file.zip".
    if first.eq_ignore_ascii_case("sha256") {
        let hex = words.next()?;
        let sha256 = Digest::from_hex(hex)?;
        let rest = line[line.find(hex)? + hex.len()..].trim();
        return Some(ChecksumLine {
            sha256,
            file: base_name(rest),
        });
    }
    None
}

/// The last path component of a name, or `None` when nothing is left.
fn base_name(name: &str) -> Option<String> {
    let name = name.trim();
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    (!base.is_empty()).then(|| base.to_string())
}

/// Whether a dropped file is a checksum list to read rather than a download to verify: by name
/// (`FILE.sha256`, `FILE.sha256sum`, `SHA256SUMS`, `sha256sums.txt`) and small size.
pub fn is_checksum_file(name: &str, size_bytes: u64) -> bool {
    /// Checksum files are tiny; a large file with such a name is something else.
    const MAX_CHECKSUM_FILE_BYTES: u64 = 1 << 20;
    let lower = name.to_ascii_lowercase();
    size_bytes > 0
        && size_bytes <= MAX_CHECKSUM_FILE_BYTES
        && (lower.ends_with(".sha256")
            || lower.ends_with(".sha256sum")
            || lower.ends_with(".sha256sums")
            || lower == "sha256sums"
            || lower == "sha256sums.txt"
            || lower.starts_with("sha256sums."))
}

/// The file a side file speaks for when its lines name none: `X.sha256` is about `X`.
pub fn side_file_subject(name: &str) -> Option<&str> {
    let lower = name.to_ascii_lowercase();
    [".sha256", ".sha256sum"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map(|ext| &name[..name.len() - ext.len()])
        .filter(|subject| !subject.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn known_vectors() {
        assert_eq!(Digest::of(b"").to_hex(), EMPTY);
        assert_eq!(Digest::of(b"abc").to_hex(), ABC);
        assert_eq!(StreamHasher::new().finish().to_hex(), EMPTY);
    }

    /// Chunk sizes straddling SHA-256's 64-byte block must all give the one-pass digest.
    #[test]
    fn chunking_never_changes_the_digest() {
        let data: Vec<u8> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let want = Digest::of(&data);
        for size in [1, 63, 64, 65, 4096, 99_999, 100_000] {
            let mut h = StreamHasher::new();
            for chunk in data.chunks(size) {
                h.update(chunk);
            }
            assert_eq!(h.len_bytes(), data.len() as u64, "chunk size {size}");
            assert_eq!(h.finish(), want, "chunk size {size}");
        }
    }

    #[test]
    fn hex_round_trip_and_rejects() {
        let d = Digest::from_hex(&ABC.to_uppercase()).unwrap();
        assert_eq!(d.to_hex(), ABC);
        for bad in [
            "",
            "abc",
            &ABC[1..],
            &format!("{ABC}0"),
            &ABC.replace('b', "g"),
        ] {
            assert_eq!(Digest::from_hex(bad), None, "{bad:?}");
        }
    }

    /// A (digest, file) pair a checksum text holds.
    type Pair = (&'static str, Option<&'static str>);

    /// Each row: a checksum text as people paste it, and the (digest, file) pairs it holds.
    const LINES: &[(&str, &[Pair])] = &[
        (ABC, &[(ABC, None)]),
        ("  ABC\n", &[]),
        (
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  go1.22.0.linux-amd64.tar.gz",
            &[(ABC, Some("go1.22.0.linux-amd64.tar.gz"))],
        ),
        (
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad *dist/my file.zip",
            &[(ABC, Some("my file.zip"))],
        ),
        (
            "SHA256 (go.tar.gz) = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            &[(ABC, Some("go.tar.gz"))],
        ),
        (
            "Algorithm Hash Path\n--------- ---- ----\nSHA256    BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD    C:\\Users\\me\\go.msi",
            &[(ABC, Some("go.msi"))],
        ),
        (
            "# sums\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  b\n",
            &[(ABC, Some("a")), (EMPTY, Some("b"))],
        ),
    ];

    #[test]
    fn checksum_texts() {
        for (text, want) in LINES {
            let got = parse_checksums(text);
            if want.is_empty() {
                assert!(got.is_err(), "{text:?}");
                continue;
            }
            let got: Vec<(String, Option<String>)> = got
                .unwrap()
                .into_iter()
                .map(|l| (l.sha256.to_hex(), l.file))
                .collect();
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(h, f)| (h.to_string(), f.map(String::from)))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn bad_checksum_message_names_the_text() {
        let e = parse_checksums("not a checksum").unwrap_err();
        assert_eq!(
            e.to_string(),
            "no SHA-256 checksum (64 hex digits) in \"not a checksum\""
        );
    }

    #[test]
    fn side_files() {
        assert!(is_checksum_file("go1.22.0.linux-amd64.tar.gz.sha256", 65));
        assert!(is_checksum_file("SHA256SUMS", 300));
        assert!(is_checksum_file("sha256sums.txt", 300));
        assert!(!is_checksum_file("SHA256SUMS", 0));
        assert!(!is_checksum_file("big.sha256", 5 << 20));
        assert!(!is_checksum_file("go1.22.0.linux-amd64.tar.gz", 65));
        assert_eq!(side_file_subject("a.zip.sha256"), Some("a.zip"));
        assert_eq!(side_file_subject("a.zip.SHA256SUM"), Some("a.zip"));
        assert_eq!(side_file_subject(".sha256"), None);
        assert_eq!(side_file_subject("SHA256SUMS"), None);
    }
}
