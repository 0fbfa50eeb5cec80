//! What a checked file is: the verdict, the checksum it was judged against, and why.
//!
//! Weighs the facts about one file (its name, size, SHA-256 and what `inspect` found) against
//! the expected checksum, in the order of DESIGN.md's page contract: `error` → `empty` → `match`
//! → `wrong-file` → `html` → `decompressed` → `double-gzip` → `truncated` → `oversized` →
//! `mismatch` → `unknown`. The expected checksum comes, first that exists, from a pasted
//! checksum (what the visitor asked about), the official list (the authority over mirrors),
//! or a side file from the same mirror (which proves only that the mirror is self-consistent). Structure checks matter only once the hash
//! failed to match, so a good file costs one pass; when the answer hangs on whether a gzip
//! stream is whole, [`decide`] asks for that second pass instead of guessing.

use serde::Serialize;

use crate::checksum::{parse_checksums, side_file_subject, ChecksumLine, Digest};
use crate::error::Error;
use crate::inspect::{Findings, Format, Structure};
use crate::releases::{strip_copy_number, OfficialFile, Releases};

/// The verdict names of the page contract (`data-verdict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The hash equals the expected checksum, or is an official file's.
    Match,
    /// Same size (or size unknown), different hash: corrupted or tampered.
    Mismatch,
    /// Fewer bytes than the official size, or a stream that ends early.
    Truncated,
    /// More bytes than the official size.
    Oversized,
    /// An HTML page saved instead of the file.
    Html,
    /// A `.tar.gz` whose gzip layer was removed in transit: a plain tar.
    Decompressed,
    /// A gzip compressed again in transit.
    DoubleGzip,
    /// The name names one official file, the bytes are another.
    WrongFile,
    /// Nothing to compare with: no official entry, nothing pasted, no side file.
    Unknown,
    /// Zero bytes.
    Empty,
    /// The file could not be read.
    Error,
    /// The visitor stopped the check.
    Cancelled,
}

impl Kind {
    /// Every verdict, in the contract's order of precedence (after `error`: `empty`, ...).
    pub const ALL: [Kind; 12] = [
        Kind::Error,
        Kind::Empty,
        Kind::Match,
        Kind::WrongFile,
        Kind::Html,
        Kind::Decompressed,
        Kind::DoubleGzip,
        Kind::Truncated,
        Kind::Oversized,
        Kind::Mismatch,
        Kind::Unknown,
        Kind::Cancelled,
    ];

    /// The contract's name, e.g. `double-gzip`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Match => "match",
            Kind::Mismatch => "mismatch",
            Kind::Truncated => "truncated",
            Kind::Oversized => "oversized",
            Kind::Html => "html",
            Kind::Decompressed => "decompressed",
            Kind::DoubleGzip => "double-gzip",
            Kind::WrongFile => "wrong-file",
            Kind::Unknown => "unknown",
            Kind::Empty => "empty",
            Kind::Error => "error",
            Kind::Cancelled => "cancelled",
        }
    }
}

/// Where the expected checksum came from (`data-source`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// The official list.
    Official,
    /// The `#expected-sha256` field.
    Pasted,
    /// A `FILE.sha256` or `SHA256SUMS` dropped with the file.
    Sidefile,
    /// Nothing.
    None,
}

impl Source {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Official => "official",
            Source::Pasted => "pasted",
            Source::Sidefile => "sidefile",
            Source::None => "none",
        }
    }
}

/// Something the visitor should know beside the verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// The pasted checksum is not the official one for this file.
    PastedDisagrees {
        /// The official checksum.
        official: Digest,
    },
    /// A side file gave a checksum that the official list contradicts.
    SidefileDisagrees {
        /// What the side file said.
        sidefile: Digest,
    },
    /// The verdict rests on a checksum from the same place as the file.
    SidefileOnly,
    /// The file's name is not the official name of the bytes it holds.
    Renamed {
        /// The official name.
        official_name: String,
    },
    /// A gzip stream that is damaged before its end.
    StreamDamaged,
    /// The gzip or zip structure is whole, so the bytes were changed, not cut.
    StreamWhole,
}

/// A file's verdict with everything needed to explain it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// The verdict.
    pub kind: Kind,
    /// Where the expected checksum came from.
    pub source: Source,
    /// The checksum the file was judged against.
    pub expected_sha256: Option<Digest>,
    /// The official size of the file the name means, when known.
    pub expected_size_bytes: Option<u64>,
    /// The official file the name means.
    pub intended: Option<OfficialFile>,
    /// The official file the bytes are.
    pub identified: Option<OfficialFile>,
    /// What the first bytes say the file is.
    pub format: Format,
    /// Further things to say.
    pub notes: Vec<Note>,
}

/// The outcome of [`decide`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The verdict is settled.
    Final(Box<Verdict>),
    /// Whether the file is truncated depends on whether its gzip stream is whole: run a
    /// [`crate::inspect::GzipCheck`] over it and decide again with the result in
    /// [`Findings::structure`].
    NeedsGzipCheck,
}

/// The facts about one hashed file.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    /// The file's name as the visitor has it.
    pub name: &'a str,
    /// Its size.
    pub size_bytes: u64,
    /// Its SHA-256.
    pub sha256: Digest,
    /// What its bytes look like.
    pub findings: Findings,
}

/// The checksums a file can be judged against, besides the official list.
#[derive(Clone, Debug, Default)]
pub struct Expected {
    pasted: Vec<ChecksumLine>,
    /// Name → checksum, newest last (a later side file's word wins). A list: side files name a
    /// few files, and a map would bring hashing code into the wasm.
    side: Vec<(String, Digest)>,
}

impl Expected {
    /// Sets the pasted text (`#expected-sha256`); an empty text clears it.
    ///
    /// # Errors
    ///
    /// [`Error::BadChecksum`] when a non-empty text holds no checksum; the old one is cleared.
    pub fn set_pasted(&mut self, text: &str) -> Result<usize, Error> {
        self.pasted.clear();
        if text.trim().is_empty() {
            return Ok(0);
        }
        self.pasted = parse_checksums(text)?;
        Ok(self.pasted.len())
    }

    /// Adds the checksums of a side file (`FILE.sha256`, `SHA256SUMS`); returns how many.
    ///
    /// # Errors
    ///
    /// [`Error::BadChecksum`] when the file holds no checksum.
    pub fn add_side_file(&mut self, name: &str, text: &str) -> Result<usize, Error> {
        let lines = parse_checksums(text)?;
        let subject = side_file_subject(name);
        let mut added = 0;
        for line in lines {
            if let Some(file) = line.file.as_deref().or(subject) {
                self.side.push((file.to_string(), line.sha256));
                added += 1;
            }
        }
        Ok(added)
    }

    /// Whether a pasted checksum applies to a file named `name` (then the official list only
    /// adds notes beside it; the command line fetches no list for such a file).
    pub fn has_pasted_for(&self, name: &str) -> bool {
        self.pasted_for(name).is_some()
    }

    /// The pasted checksum for a file: the only one pasted, or the one whose line names it.
    fn pasted_for(&self, name: &str) -> Option<Digest> {
        match self.pasted.as_slice() {
            [only] => Some(only.sha256),
            lines => lines
                .iter()
                .find(|l| l.file.as_deref() == Some(name))
                .map(|l| l.sha256),
        }
    }

    fn side_for(&self, name: &str) -> Option<Digest> {
        let find = |name: &str| {
            self.side
                .iter()
                .rev()
                .find(|(file, _)| file == name)
                .map(|(_, sha256)| *sha256)
        };
        find(name).or_else(|| find(&strip_copy_number(name)?))
    }
}

/// The verdict for a file that was hashed; see the module doc for the order of the rules.
pub fn decide(facts: &Facts<'_>, expected: &Expected, releases: Option<&Releases>) -> Decision {
    let intended = releases
        .and_then(|r| r.by_intended_name(facts.name))
        .cloned();
    let identified = releases.and_then(|r| r.by_hash(&facts.sha256)).cloned();
    let pasted = expected.pasted_for(facts.name);
    let side = expected.side_for(facts.name);

    let (mut source, mut expected_sha256) = match (pasted, &intended, side) {
        (Some(p), _, _) => (Source::Pasted, Some(p)),
        (None, Some(official), _) => (Source::Official, Some(official.sha256)),
        (None, None, Some(s)) => (Source::Sidefile, Some(s)),
        (None, None, None) => (Source::None, None),
    };
    let mut notes = Vec::new();
    if let (Some(p), Some(official)) = (pasted, &intended) {
        if p != official.sha256 {
            notes.push(Note::PastedDisagrees {
                official: official.sha256,
            });
        }
    }
    if let Some(s) = side {
        if source == Source::Sidefile {
            notes.push(Note::SidefileOnly);
        } else if Some(s) != intended.as_ref().map(|f| f.sha256) && intended.is_some() {
            notes.push(Note::SidefileDisagrees { sidefile: s });
        }
    }
    if let Some(official) = &identified {
        if official.filename != facts.name {
            notes.push(Note::Renamed {
                official_name: official.filename.clone(),
            });
        }
    }

    let mut verdict = Verdict {
        kind: Kind::Unknown,
        source,
        expected_sha256,
        expected_size_bytes: intended.as_ref().and_then(|f| f.size_bytes),
        intended: intended.clone(),
        identified: identified.clone(),
        format: facts.findings.format,
        notes,
    };
    let settle = |mut v: Verdict, kind: Kind| {
        v.kind = kind;
        Decision::Final(Box::new(v))
    };

    if facts.size_bytes == 0 {
        return settle(verdict, Kind::Empty);
    }
    if expected_sha256 == Some(facts.sha256) {
        return settle(verdict, Kind::Match);
    }
    if let Some(official) = &identified {
        match &intended {
            Some(meant) if meant.filename != official.filename => {
                return settle(verdict, Kind::WrongFile);
            }
            // The bytes are an official file, named as such or renamed: a match by the official
            // list, the authority over a mirror's side file. A pasted checksum is different:
            // the visitor asked about that checksum, so it stays the expected one and the
            // official list's word goes beside it in the notes (DESIGN.md, `#expected-sha256`).
            _ if source != Source::Pasted => {
                source = Source::Official;
                expected_sha256 = Some(official.sha256);
                verdict.source = source;
                verdict.expected_sha256 = expected_sha256;
                verdict.expected_size_bytes = official.size_bytes;
                return settle(verdict, Kind::Match);
            }
            _ => {}
        }
    }
    let findings = facts.findings;
    if findings.format == Format::Html {
        return settle(verdict, Kind::Html);
    }
    let gzip_expected = facts.name.to_ascii_lowercase().ends_with(".tar.gz")
        || facts.name.to_ascii_lowercase().ends_with(".tgz")
        || intended
            .as_ref()
            .is_some_and(|f| f.filename.ends_with(".tar.gz"));
    if findings.format == Format::Tar && gzip_expected {
        return settle(verdict, Kind::Decompressed);
    }
    if findings.gzip_in_gzip {
        return settle(verdict, Kind::DoubleGzip);
    }
    match verdict.expected_size_bytes {
        Some(size) if facts.size_bytes < size => return settle(verdict, Kind::Truncated),
        Some(size) if facts.size_bytes > size => return settle(verdict, Kind::Oversized),
        Some(_) => {}
        None => match findings.structure {
            Structure::EndsEarly => return settle(verdict, Kind::Truncated),
            Structure::Unchecked if findings.format == Format::Gzip => {
                return Decision::NeedsGzipCheck
            }
            Structure::Damaged => verdict.notes.push(Note::StreamDamaged),
            Structure::Complete => verdict.notes.push(Note::StreamWhole),
            Structure::Unchecked => {}
        },
    }
    if expected_sha256.is_some() {
        settle(verdict, Kind::Mismatch)
    } else {
        settle(verdict, Kind::Unknown)
    }
}

/// A verdict that was not reached by hashing: `error` or `cancelled`.
pub fn unfinished(kind: Kind) -> Verdict {
    Verdict {
        kind,
        source: Source::None,
        expected_sha256: None,
        expected_size_bytes: None,
        intended: None,
        identified: None,
        format: Format::Other,
        notes: Vec::new(),
    }
}

// Native only: they read JSON text, which the wasm build leaves to the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn digest(seed: u8) -> Digest {
        Digest::of(&[seed])
    }

    /// go1.99.0.linux-amd64.tar.gz = digest(1), 1000 bytes; go1.99.0.linux-arm64.tar.gz =
    /// digest(2), size unknown; go1.99.0.windows-amd64.zip = digest(3), size unknown.
    fn releases() -> Releases {
        let file = |name: &str, os: &str, arch: &str, seed: u8, size: &str| {
            format!(
                r#"{{"filename":"{name}","os":"{os}","arch":"{arch}","version":"go1.99.0","sha256":"{}","size":{size},"kind":"archive"}}"#,
                digest(seed)
            )
        };
        let json = format!(
            r#"[{{"version":"go1.99.0","stable":true,"files":[{},{},{}]}}]"#,
            file("go1.99.0.linux-amd64.tar.gz", "linux", "amd64", 1, "1000"),
            file("go1.99.0.linux-arm64.tar.gz", "linux", "arm64", 2, "null"),
            file("go1.99.0.windows-amd64.zip", "windows", "amd64", 3, "null"),
        );
        Releases::parse(&json).unwrap()
    }

    const AMD64: &str = "go1.99.0.linux-amd64.tar.gz";
    const ARM64: &str = "go1.99.0.linux-arm64.tar.gz";
    const ZIP: &str = "go1.99.0.windows-amd64.zip";

    fn found(format: Format) -> Findings {
        Findings {
            format,
            ..Findings::default()
        }
    }

    /// One row of the verdict table.
    struct Case {
        name: &'static str,
        size_bytes: u64,
        seed: u8,
        findings: Findings,
        pasted: &'static str,
        want: Option<(Kind, Source)>,
    }

    const GZ: Findings = Findings {
        format: Format::Gzip,
        gzip_in_gzip: false,
        structure: Structure::Unchecked,
    };

    const fn case(
        name: &'static str,
        size_bytes: u64,
        seed: u8,
        kind: Kind,
        source: Source,
    ) -> Case {
        Case {
            name,
            size_bytes,
            seed,
            findings: GZ,
            pasted: "",
            want: Some((kind, source)),
        }
    }

    /// Each row: a file (name, size, which bytes by seed: 1–3 are the official files, others
    /// are not), what its bytes look like, a pasted checksum, and the verdict and source
    /// expected (`None` = a gzip stream check is needed first).
    fn cases() -> Vec<Case> {
        vec![
            case(AMD64, 1000, 1, Kind::Match, Source::Official),
            case(
                "go1.99.0.linux-amd64 (1).tar.gz",
                1000,
                1,
                Kind::Match,
                Source::Official,
            ),
            case("go.tgz", 1000, 1, Kind::Match, Source::Official),
            case(AMD64, 0, 9, Kind::Empty, Source::Official),
            case(AMD64, 5000, 2, Kind::WrongFile, Source::Official),
            case(
                "go1.99.0.linux-amd64 (1).tar.gz",
                5000,
                2,
                Kind::WrongFile,
                Source::Official,
            ),
            Case {
                findings: found(Format::Html),
                ..case(AMD64, 300, 9, Kind::Html, Source::Official)
            },
            Case {
                findings: found(Format::Tar),
                ..case(AMD64, 3000, 9, Kind::Decompressed, Source::Official)
            },
            Case {
                findings: found(Format::Tar),
                ..case("x.bin", 3000, 9, Kind::Unknown, Source::None)
            },
            Case {
                findings: Findings {
                    gzip_in_gzip: true,
                    ..GZ
                },
                ..case(AMD64, 1010, 9, Kind::DoubleGzip, Source::Official)
            },
            case(AMD64, 999, 9, Kind::Truncated, Source::Official),
            case(AMD64, 1001, 9, Kind::Oversized, Source::Official),
            case(AMD64, 1000, 9, Kind::Mismatch, Source::Official),
            Case {
                want: None,
                ..case(ARM64, 10, 9, Kind::Mismatch, Source::Official)
            },
            Case {
                findings: Findings {
                    structure: Structure::EndsEarly,
                    ..GZ
                },
                ..case(ARM64, 10, 9, Kind::Truncated, Source::Official)
            },
            Case {
                findings: Findings {
                    structure: Structure::Complete,
                    ..GZ
                },
                ..case(ARM64, 10, 9, Kind::Mismatch, Source::Official)
            },
            Case {
                findings: Findings {
                    format: Format::Zip,
                    structure: Structure::EndsEarly,
                    ..GZ
                },
                ..case(ZIP, 10, 9, Kind::Truncated, Source::Official)
            },
            Case {
                findings: Findings {
                    format: Format::Zip,
                    structure: Structure::Complete,
                    ..GZ
                },
                ..case(ZIP, 10, 9, Kind::Mismatch, Source::Official)
            },
            Case {
                findings: found(Format::Other),
                ..case("notes.txt", 10, 9, Kind::Unknown, Source::None)
            },
            Case {
                want: None,
                ..case("other.tar.gz", 10, 9, Kind::Unknown, Source::None)
            },
            Case {
                findings: Findings {
                    structure: Structure::EndsEarly,
                    ..GZ
                },
                ..case("other.tar.gz", 10, 9, Kind::Truncated, Source::None)
            },
            Case {
                pasted: "e52d9c508c502347344d8c07ad91cbd6068afc75ff6292f062a09ca381c89e71",
                ..case("mine.bin", 1, 4, Kind::Match, Source::Pasted)
            },
            Case {
                pasted:
                    "e52d9c508c502347344d8c07ad91cbd6068afc75ff6292f062a09ca381c89e71  mine.bin",
                findings: found(Format::Other),
                ..case("mine.bin", 1, 5, Kind::Mismatch, Source::Pasted)
            },
            // A pasted checksum stays the expected one even where the bytes are the official
            // file: the page says mismatch and shows the official checksum beside it.
            Case {
                pasted: "e52d9c508c502347344d8c07ad91cbd6068afc75ff6292f062a09ca381c89e71",
                ..case(AMD64, 1000, 1, Kind::Mismatch, Source::Pasted)
            },
        ]
    }

    #[test]
    fn verdict_table() {
        let releases = releases();
        for (i, c) in cases().iter().enumerate() {
            let mut expected = Expected::default();
            expected.set_pasted(c.pasted).unwrap();
            let facts = Facts {
                name: c.name,
                size_bytes: c.size_bytes,
                sha256: digest(c.seed),
                findings: c.findings,
            };
            let got = match decide(&facts, &expected, Some(&releases)) {
                Decision::Final(v) => Some((v.kind, v.source)),
                Decision::NeedsGzipCheck => None,
            };
            assert_eq!(got, c.want, "row {i}: {} seed {}", c.name, c.seed);
        }
    }

    #[test]
    fn identifies_the_bytes_and_notes_renames() {
        let releases = releases();
        let facts = Facts {
            name: AMD64,
            size_bytes: 5000,
            sha256: digest(2),
            findings: GZ,
        };
        let Decision::Final(v) = decide(&facts, &Expected::default(), Some(&releases)) else {
            panic!("final expected")
        };
        assert_eq!(v.intended.unwrap().filename, AMD64);
        assert_eq!(v.identified.unwrap().filename, ARM64);
        assert!(v.notes.contains(&Note::Renamed {
            official_name: ARM64.into()
        }));
    }

    #[test]
    fn side_files_are_weaker_than_the_official_list() {
        let releases = releases();
        let mut expected = Expected::default();
        let text = format!("{}  mine.bin\n{}  {AMD64}\n", digest(4), digest(7));
        assert_eq!(expected.add_side_file("SHA256SUMS", &text).unwrap(), 2);
        expected
            .add_side_file("solo.zip.sha256", &digest(6).to_hex())
            .unwrap();
        let run = |name: &str, seed: u8| {
            let facts = Facts {
                name,
                size_bytes: 1000,
                sha256: digest(seed),
                findings: GZ,
            };
            match decide(&facts, &expected, Some(&releases)) {
                Decision::Final(v) => (v.kind, v.source, v.notes),
                Decision::NeedsGzipCheck => panic!("final expected"),
            }
        };
        assert_eq!(
            run("mine.bin", 4),
            (Kind::Match, Source::Sidefile, vec![Note::SidefileOnly])
        );
        assert_eq!(run("solo.zip", 6).0, Kind::Match);
        let (kind, source, notes) = run(AMD64, 1);
        assert_eq!((kind, source), (Kind::Match, Source::Official));
        assert_eq!(
            notes,
            vec![Note::SidefileDisagrees {
                sidefile: digest(7)
            }]
        );
    }

    #[test]
    fn without_any_list_pasted_still_works() {
        let mut expected = Expected::default();
        expected.set_pasted(&digest(4).to_hex()).unwrap();
        let facts = Facts {
            name: "x",
            size_bytes: 1,
            sha256: digest(4),
            findings: GZ,
        };
        let Decision::Final(v) = decide(&facts, &expected, None) else {
            panic!()
        };
        assert_eq!((v.kind, v.source), (Kind::Match, Source::Pasted));
        assert!(expected.set_pasted("nope").is_err());
        assert_eq!(expected.set_pasted("  ").unwrap(), 0);
    }
}
