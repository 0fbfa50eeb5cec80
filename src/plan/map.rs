//! The resume map written beside `NAME.part`: its text (written and read back, refusing any
//! damage) and whether it may be trusted for the file on disk. Writing it to disk is the
//! command's.

use crate::checksum::Digest;

/// Bytes of the file known to be on disk, and the source they came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DoneRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
    /// The catalog id of the source.
    pub source: String,
}

/// The resume map beside `NAME.part`: which file it is and which of its bytes are on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartMap {
    /// The file's name.
    pub file: String,
    /// Its official SHA-256, lowercase hex.
    pub sha256: String,
    /// Its size.
    pub size_bytes: u64,
    /// The bytes on disk, in file order, not overlapping.
    pub done: Vec<DoneRange>,
}

/// The first line of a map: what it is and the version of its format.
const MAP_MAGIC: &str = "gomirror-part 1";

impl PartMap {
    /// The map as text: a header line, `file`, `sha256`, `size`, then one `done START END
    /// SOURCE` line a range (END exclusive).
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{MAP_MAGIC}\nfile {}\nsha256 {}\nsize {}\n",
            self.file, self.sha256, self.size_bytes
        );
        for d in &self.done {
            out.push_str(&format!("done {} {} {}\n", d.start, d.end, d.source));
        }
        out
    }

    /// Reads a map written by [`PartMap::to_text`].
    ///
    /// # Errors
    ///
    /// One line saying what is wrong: another format, a missing or malformed field, ranges
    /// that overlap, are empty, or pass the size.
    pub fn parse(text: &str) -> Result<PartMap, String> {
        let mut lines = text.lines();
        if lines.next() != Some(MAP_MAGIC) {
            return Err(format!("not a map (first line is not {MAP_MAGIC:?})"));
        }
        let mut field = |name: &str| -> Result<String, String> {
            let line = lines.next().unwrap_or_default();
            line.strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(' '))
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .ok_or_else(|| format!("expected {name:?}, found {line:?}"))
        };
        let file = field("file")?;
        let sha256 = field("sha256")?;
        if Digest::from_hex(&sha256).is_none() {
            return Err(format!("sha256 {sha256:?} is not 64 hex digits"));
        }
        let size_text = field("size")?;
        let size_bytes: u64 = size_text
            .parse()
            .map_err(|_| format!("size {size_text:?} is not a number"))?;
        let mut done: Vec<DoneRange> = Vec::new();
        for line in lines {
            if line.is_empty() {
                continue;
            }
            let parts: Vec<&str> = line.split(' ').collect();
            let (start, end, source) = match parts.as_slice() {
                ["done", start, end, source] if !source.is_empty() => {
                    match (start.parse::<u64>(), end.parse::<u64>()) {
                        (Ok(s), Ok(e)) => (s, e, source.to_string()),
                        _ => return Err(format!("malformed range {line:?}")),
                    }
                }
                _ => return Err(format!("malformed line {line:?}")),
            };
            if start >= end || end > size_bytes {
                return Err(format!(
                    "range {start}-{end} is outside a file of {size_bytes} bytes"
                ));
            }
            if done.last().is_some_and(|last| last.end > start) {
                return Err(format!("range {start}-{end} overlaps the one before"));
            }
            done.push(DoneRange { start, end, source });
        }
        Ok(PartMap {
            file,
            sha256,
            size_bytes,
            done,
        })
    }

    /// Whether this map may be trusted for `file` with `sha256` of `size_bytes`, beside a
    /// `.part` of `part_bytes`.
    ///
    /// # Errors
    ///
    /// One line saying why the `.part` must be discarded.
    pub fn check(
        &self,
        file: &str,
        sha256: &Digest,
        size_bytes: u64,
        part_bytes: u64,
    ) -> Result<(), String> {
        if self.file != file {
            return Err(format!("the map is for {:?}, not {file:?}", self.file));
        }
        if Digest::from_hex(&self.sha256).as_ref() != Some(sha256) {
            return Err(format!(
                "the map is for sha256 {}, not {}",
                self.sha256,
                sha256.to_hex()
            ));
        }
        if self.size_bytes != size_bytes {
            return Err(format!(
                "the map is for {} bytes, the file has {size_bytes}",
                self.size_bytes
            ));
        }
        if part_bytes != size_bytes {
            return Err(format!(
                "the .part holds {part_bytes} bytes, the map says {size_bytes}"
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> PartMap {
        PartMap {
            file: "go1.99.1.linux-amd64.tar.gz".into(),
            sha256: "ab".repeat(32),
            size_bytes: 100,
            done: vec![
                DoneRange {
                    start: 0,
                    end: 40,
                    source: "a".into(),
                },
                DoneRange {
                    start: 60,
                    end: 100,
                    source: "b".into(),
                },
            ],
        }
    }

    #[test]
    fn map_round_trips_and_refuses_damage() {
        let m = map();
        assert_eq!(PartMap::parse(&m.to_text()), Ok(m.clone()));
        let text = m.to_text();
        let cases = [
            ("", "not a map"),
            (
                &text.replace("gomirror-part 1", "gomirror-part 2"),
                "not a map",
            ),
            (&text.replace("size 100", "size x"), "not a number"),
            (&text.replace("sha256 ab", "sha256 zz"), "64 hex"),
            (&text.replace("done 60 100 b", "done 30 100 b"), "overlaps"),
            (&text.replace("done 60 100 b", "done 60 101 b"), "outside"),
            (&text.replace("done 60 100 b", "done 60 60 b"), "outside"),
            (&text.replace("done 60 100 b", "done 60 100"), "malformed"),
            (&text.replace("file go", "name go"), "expected \"file\""),
            (&text[..text.len() / 3], "expected"),
        ];
        for (damaged, says) in cases {
            let err = PartMap::parse(damaged).expect_err(damaged);
            assert!(err.contains(says), "{damaged:?}: {err}");
        }
    }

    #[test]
    fn map_is_checked_against_the_file() {
        let m = map();
        let digest = Digest::from_hex(&"ab".repeat(32)).expect("hex");
        let other = Digest::from_hex(&"cd".repeat(32)).expect("hex");
        let name = "go1.99.1.linux-amd64.tar.gz";
        assert_eq!(m.check(name, &digest, 100, 100), Ok(()));
        assert!(m
            .check("go1.99.2.linux-amd64.tar.gz", &digest, 100, 100)
            .is_err());
        assert!(m.check(name, &other, 100, 100).is_err());
        assert!(m.check(name, &digest, 101, 101).is_err());
        assert!(m.check(name, &digest, 100, 99).is_err());
    }
}
