//! The official list of Go releases and their checksums, and lookups in it.
//!
//! Reads go.dev's `?mode=json&include=all` schema, refuses a list that breaks any rule (a
//! hostile or broken list must never become the authority a file is judged by), and answers:
//! which official file has this name, which has these bytes, and which file a visitor on a given
//! platform should download. Where the list came from is the browser layer's business.

use std::cmp::Ordering;

use serde::{Deserialize, Deserializer, Serialize};

use crate::checksum::Digest;
use crate::error::{quote, Error};
use std::collections::HashMap;

/// The largest release list this page reads; go.dev's full list is about 2 MB.
pub const MAX_LIST_BYTES: u64 = 32 << 20;

const WHAT: &str = "release list";

/// What kind of file a release file is, as go.dev says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// `.tar.gz` or `.zip` with the Go tree inside.
    Archive,
    /// `.msi` (Windows) or `.pkg` (macOS).
    Installer,
    /// `go{VERSION}.src.tar.gz`.
    Source,
}

/// One official file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfficialFile {
    /// The file name, e.g. `go1.22.0.linux-amd64.tar.gz`.
    pub filename: String,
    /// The release, e.g. `go1.22.0`.
    pub version: String,
    /// GOOS-style name; empty for source files.
    pub os: String,
    /// Architecture as in the file name; empty for source files.
    pub arch: String,
    /// The published checksum.
    pub sha256: Digest,
    /// Size in bytes, when the list gives it.
    pub size_bytes: Option<u64>,
    /// Archive, installer or source.
    pub kind: Kind,
    /// Whether the release is a stable one (not beta or rc).
    pub stable: bool,
}

/// A release: its version and whether it is stable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Release {
    /// e.g. `go1.22.0`.
    pub version: String,
    /// Not a beta or release candidate.
    pub stable: bool,
}

/// The validated official list, indexed by file name and by checksum.
#[derive(Clone, Debug, Default)]
pub struct Releases {
    releases: Vec<Release>,
    files: Vec<OfficialFile>,
    by_name: HashMap<String, usize>,
    by_hash: HashMap<Digest, usize>,
}

impl Kind {
    /// Each kind by its name in go.dev's list.
    pub const NAMES: [(&'static str, Kind); 3] = [
        ("archive", Kind::Archive),
        ("installer", Kind::Installer),
        ("source", Kind::Source),
    ];
}

/// A release as the list gives it, before validation. Only the fields the page uses are
/// declared; others are skipped unread.
#[derive(Deserialize)]
#[serde(expecting = "a release object")]
struct RawRelease {
    version: String,
    stable: Option<bool>,
    files: Vec<RawFile>,
}

/// A file as the list gives it (`os` and `arch` are empty or absent for the source).
#[derive(Deserialize)]
#[serde(expecting = "a file object")]
struct RawFile {
    filename: String,
    os: Option<String>,
    arch: Option<String>,
    version: String,
    sha256: String,
    size: Option<u64>,
    kind: Kind,
}

/// Where the shipped snapshot came from (`data/snapshot.json`, written by `scripts/snapshot.sh`):
/// `{"generated": "2026-11-25", "source": "..."}`. Anything else reads as unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SnapshotMeta {
    /// When it was made: an ISO date (or a date and time); only `YYYY-MM-DD` is kept.
    #[serde(default)]
    generated: Option<String>,
    /// Where its list came from.
    #[serde(default)]
    source: Option<String>,
}

impl SnapshotMeta {
    /// Reads it from any serde deserializer; a document of any other shape is unknown.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> SnapshotMeta {
        SnapshotMeta::deserialize(deserializer).unwrap_or_default()
    }

    /// The date it was made, `YYYY-MM-DD`, when it says one; else empty.
    pub fn date(&self) -> String {
        let date: String = self
            .generated
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(10)
            .collect();
        let valid = date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if valid {
            date
        } else {
            String::new()
        }
    }

    /// Where it came from, shortened for showing.
    pub fn source(&self) -> String {
        crate::error::clip(self.source.as_deref().unwrap_or(""), 200)
    }
}

/// What the page needs to know to pick a file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Selection {
    /// A release such as `go1.22.0`; `None` is the newest stable one that has the file.
    pub version: Option<String>,
    /// GOOS-style name.
    pub os: String,
    /// Architecture as in file names.
    pub arch: String,
    /// Archive or installer; `None` is what go.dev features for the OS.
    pub kind: Option<Kind>,
}

/// Which selector the visitor changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The release.
    Version,
    /// The OS (GOOS).
    Os,
    /// The architecture.
    Arch,
    /// Archive, installer or source.
    Kind,
}

impl Selection {
    /// The selection with the detected platform (`os`, `arch`) and the newest fitting stable
    /// release filled in where the visitor chose nothing.
    pub fn effective(&self, os: &str, arch: &str, releases: Option<&Releases>) -> Selection {
        let mut selection = self.clone();
        if selection.os.is_empty() {
            selection.os = os.to_string();
            selection.arch = arch.to_string();
        }
        if selection.version.is_none() {
            selection.version = releases
                .and_then(|r| r.pick(&selection))
                .map(|f| f.version.clone())
                .or_else(|| {
                    releases
                        .and_then(|r| r.releases().iter().find(|r| r.stable))
                        .map(|r| r.version.clone())
                });
        }
        selection
    }

    /// The visitor set `field` to `value`. A release or OS without the chosen architecture
    /// keeps the OS and takes its amd64 (or first) architecture, so that a choice never lands
    /// on "no such file". `os` and `arch` are the detected platform.
    pub fn choose(
        &mut self,
        field: Field,
        value: &str,
        os: &str,
        arch: &str,
        releases: Option<&Releases>,
    ) {
        if field == Field::Kind {
            self.kind = Kind::NAMES
                .iter()
                .find(|(name, _)| *name == value)
                .map(|&(_, kind)| kind);
            return;
        }
        let current = self.effective(os, arch, releases);
        let (mut version, mut os, mut arch) = (current.version, current.os, current.arch);
        match field {
            Field::Version => version = Some(value.to_string()),
            Field::Os => os = value.to_string(),
            Field::Arch | Field::Kind => arch = value.to_string(),
        }
        let arches: Vec<String> = releases
            .map(|r| r.platforms_of(version.as_deref().unwrap_or_default()))
            .unwrap_or_default()
            .into_iter()
            .filter(|(o, _)| *o == os)
            .map(|(_, a)| a)
            .collect();
        if !arches.is_empty() && !arches.contains(&arch) {
            arch = arches
                .iter()
                .find(|a| a.as_str() == "amd64")
                .unwrap_or(&arches[0])
                .clone();
        }
        self.version = version;
        self.os = os;
        self.arch = arch;
    }
}

impl Releases {
    /// Parses and validates a list in go.dev's schema.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`], [`Error::Json`] or [`Error::Invalid`] naming the first entry that
    /// breaks a rule. A list with one bad entry is refused whole.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Releases, Error> {
        if text.len() as u64 > MAX_LIST_BYTES {
            return Err(Error::TooLarge {
                what: WHAT,
                size_bytes: text.len() as u64,
                limit_bytes: MAX_LIST_BYTES,
            });
        }
        let mut json = serde_json::Deserializer::from_str(text);
        let list = Releases::read(&mut json)?;
        json.end().map_err(|e| json_error(e.to_string()))?;
        Ok(list)
    }

    /// Reads and validates a list from any serde deserializer: the page hands over what the
    /// browser's `JSON.parse` made of the text (`serde_wasm_bindgen`), which costs the wasm no
    /// JSON parser; native code a `serde_json` one.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when it does not have go.dev's shape, [`Error::Invalid`] as for
    /// [`Releases::parse`].
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Releases, Error> {
        Releases::from_raw(crate::error::read_json(WHAT, deserializer)?)
    }

    fn from_raw(raw: Vec<RawRelease>) -> Result<Releases, Error> {
        let mut list = Releases::default();
        // Where each file was listed, for messages: (release, its version, file within it).
        let mut listed: Vec<(usize, usize)> = Vec::new();
        let at = |ri: usize, version: &str, file: Option<usize>| {
            let file = file.map(|fi| format!(", file {fi}")).unwrap_or_default();
            format!("release {} ({ri}){file}", show(version))
        };
        for (ri, release) in raw.into_iter().enumerate() {
            let here = |file| at(ri, &release.version, file);
            check_version(&release.version).map_err(|p| invalid(here(None), p))?;
            if list.releases.iter().any(|r| r.version == release.version) {
                return Err(invalid(here(None), "listed twice".into()));
            }
            for (fi, f) in release.files.into_iter().enumerate() {
                let file = validate_file(f, &release.version, release.stable.unwrap_or_default())
                    .map_err(|p| invalid(here(Some(fi)), p))?;
                list.files.push(file);
                listed.push((ri, fi));
            }
            list.releases.push(Release {
                version: release.version,
                stable: release.stable.unwrap_or_default(),
            });
        }
        if list.files.is_empty() {
            return Err(invalid("the list".into(), "holds no files".into()));
        }
        // One file per name and per checksum; the first repeat in the list is named.
        let files = &list.files;
        let mut by_name = HashMap::with_capacity(files.len());
        let mut by_hash = HashMap::with_capacity(files.len());
        for (i, file) in files.iter().enumerate() {
            let problem = if let Some(&other) = by_hash.get(&file.sha256) {
                let other: &OfficialFile = &files[other];
                format!(
                    "sha256 {} is also given for {}",
                    file.sha256,
                    show(&other.filename)
                )
            } else if by_name.contains_key(&file.filename) {
                format!("file {} is listed twice", show(&file.filename))
            } else {
                by_hash.insert(file.sha256, i);
                by_name.insert(file.filename.clone(), i);
                continue;
            };
            let (ri, fi) = listed[i];
            return Err(invalid(at(ri, &file.version, Some(fi)), problem));
        }
        (list.by_name, list.by_hash) = (by_name, by_hash);
        // Newest first whatever order the source used, so "newest stable" is the first match.
        crate::order::sort_by(&mut list.releases, &|a, b| {
            compare_versions(&b.version, &a.version)
        });
        Ok(list)
    }

    /// Every release, newest first.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// How many files the list holds.
    pub fn file_count(&self) -> usize {
        self.files.len()
    }

    /// The official file with exactly this name.
    pub fn by_name(&self, filename: &str) -> Option<&OfficialFile> {
        self.by_name.get(filename).map(|&i| &self.files[i])
    }

    /// The official file a (possibly renamed) download's name means: the exact name, or the
    /// name with the copy number a browser or OS adds (`go1.22.0.linux-amd64 (1).tar.gz`).
    pub fn by_intended_name(&self, filename: &str) -> Option<&OfficialFile> {
        self.by_name(filename)
            .or_else(|| self.by_name(&strip_copy_number(filename)?))
    }

    /// The official file whose published checksum this is.
    pub fn by_hash(&self, sha256: &Digest) -> Option<&OfficialFile> {
        self.by_hash.get(sha256).map(|&i| &self.files[i])
    }

    /// Every file of one release.
    pub fn files_of<'a>(&'a self, version: &'a str) -> impl Iterator<Item = &'a OfficialFile> {
        self.files.iter().filter(move |f| f.version == version)
    }

    /// The file to download for a selection: the chosen (or newest stable) release that has a
    /// file for the platform; of the chosen kind, or the kind go.dev features for the OS (`.pkg`
    /// on macOS, `.msi` on Windows, the archive elsewhere), falling back to the archive where the
    /// list lacks that file.
    pub fn pick(&self, selection: &Selection) -> Option<&OfficialFile> {
        let wanted = selection.kind.unwrap_or(match selection.os.as_str() {
            "darwin" | "windows" => Kind::Installer,
            _ => Kind::Archive,
        });
        match &selection.version {
            Some(version) => self.pick_in(version, selection, wanted),
            None => self
                .releases
                .iter()
                .filter(|r| r.stable)
                .chain(self.releases.iter().filter(|r| !r.stable))
                .find_map(|r| self.pick_in(&r.version, selection, wanted)),
        }
    }

    fn pick_in(&self, version: &str, selection: &Selection, wanted: Kind) -> Option<&OfficialFile> {
        let of_kind = |kind: Kind| {
            self.files.iter().find(|f| {
                f.version == version
                    && f.kind == kind
                    // The source archive is the same for every platform.
                    && (kind == Kind::Source || (f.os == selection.os && f.arch == selection.arch))
            })
        };
        of_kind(wanted).or_else(|| of_kind(Kind::Archive))
    }

    /// The (os, arch) pairs a release has binaries for, sorted.
    pub fn platforms_of(&self, version: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .files_of(version)
            .filter(|f| f.kind != Kind::Source)
            .map(|f| (f.os.clone(), f.arch.clone()))
            .collect();
        crate::order::sort_by(&mut pairs, &Ord::cmp);
        pairs.dedup();
        pairs
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn json_error(message: String) -> Error {
    Error::Json {
        what: WHAT,
        message,
    }
}

fn invalid(location: String, problem: String) -> Error {
    Error::Invalid {
        what: WHAT,
        location,
        problem,
    }
}

fn show(text: &str) -> String {
    quote(text, 60)
}

fn check_version(version: &str) -> Result<(), String> {
    let ok = version.len() <= 32
        && version.starts_with("go")
        && version.len() > 2
        && version[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(format!("version {} is not a Go version", show(version)))
    }
}

fn is_name_token(text: &str, max_len: usize) -> bool {
    text.len() <= max_len
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

fn validate_file(f: RawFile, release: &str, stable: bool) -> Result<OfficialFile, String> {
    if f.version != release {
        return Err(format!(
            "version {} differs from its release's",
            show(&f.version)
        ));
    }
    let name_ok = f.filename.len() <= 100
        && f.filename.starts_with(&format!("{release}."))
        && f.filename
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !name_ok {
        return Err(format!(
            "filename {} is not a Go file name of {release}",
            show(&f.filename)
        ));
    }
    let (os, arch) = (f.os.unwrap_or_default(), f.arch.unwrap_or_default());
    if !is_name_token(&os, 16) || !is_name_token(&arch, 16) {
        return Err(format!(
            "os/arch {}/{} are not names",
            show(&os),
            show(&arch)
        ));
    }
    let sha256 = Digest::from_hex(&f.sha256)
        .ok_or_else(|| format!("sha256 {} is not 64 hex digits", show(&f.sha256)))?;
    /// No Go download comes near this; a larger size is an error in the list.
    const MAX_FILE_BYTES: u64 = 1 << 40;
    if let Some(size) = f.size {
        if size == 0 || size > MAX_FILE_BYTES {
            return Err(format!("size {size} is not a plausible file size"));
        }
    }
    Ok(OfficialFile {
        filename: f.filename,
        version: f.version,
        os,
        arch,
        sha256,
        size_bytes: f.size,
        kind: f.kind,
        stable,
    })
}

/// Removes the copy number a browser or OS adds to a repeated download: `name (1).tar.gz`,
/// `name(2).zip`, `name-1.msi`. `None` when there is none.
pub fn strip_copy_number(filename: &str) -> Option<String> {
    let (stem, ext) = split_extension(filename);
    let trimmed = stem.trim_end();
    let cut = if let Some(open) = trimmed.strip_suffix(')').and_then(|s| s.rfind('(')) {
        let digits = &trimmed[open + 1..trimmed.len() - 1];
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(open)
    } else if let Some(dash) = trimmed.rfind('-') {
        let digits = &trimmed[dash + 1..];
        (!digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(dash)
    } else {
        None
    }?;
    Some(format!("{}{ext}", trimmed[..cut].trim_end()))
}

/// Splits `name.tar.gz` into (`name`, `.tar.gz`); other names at their last dot.
fn split_extension(filename: &str) -> (&str, &str) {
    let lower = filename.to_ascii_lowercase();
    if lower.ends_with(".tar.gz") {
        return filename.split_at(filename.len() - 7);
    }
    match filename.rfind('.') {
        Some(dot) if dot > 0 => filename.split_at(dot),
        _ => (filename, ""),
    }
}

/// Orders Go versions: `go1.9` < `go1.10rc1` < `go1.10` < `go1.10.1`.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    version_key(a).cmp(&version_key(b)).then_with(|| a.cmp(b))
}

/// (numbers, stage, stage number): stage 0 beta, 1 rc, 2 release.
fn version_key(version: &str) -> (Vec<u32>, u8, u32) {
    let v = version.strip_prefix("go").unwrap_or(version);
    let (numbers, stage, stage_number) = match v.find(|c: char| c.is_ascii_lowercase()) {
        Some(i) => {
            let (nums, tail) = v.split_at(i);
            let stage = if tail.starts_with("rc") { 1 } else { 0 };
            let n = tail
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .parse()
                .unwrap_or(0);
            (nums, stage, n)
        }
        None => (v, 2, 0),
    };
    let mut parts: Vec<u32> = numbers.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    // go1.21 is go1.21.0.
    while parts.len() < 3 {
        parts.push(0);
    }
    (parts, stage, stage_number)
}

// Native only: they read JSON text, which the wasm build leaves to the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Each row: a snapshot.json and the date read from it.
    #[test]
    fn snapshot_dates() {
        for (json, date) in [
            (
                r#"{"generated": "2026-11-25", "source": "go.dev"}"#,
                "2026-11-25",
            ),
            (r#"{"generated": "2026-11-25T03:17:00Z"}"#, "2026-11-25"),
            (r#"{"generated": "yesterday"}"#, ""),
            (r#"{"generated": "<b>2026</b>-1"}"#, ""),
            (r#"{"generated": 20261125}"#, ""),
            ("[]", ""),
        ] {
            let meta = SnapshotMeta::read(&mut serde_json::Deserializer::from_str(json));
            assert_eq!(meta.date(), date, "{json}");
        }
        let meta = SnapshotMeta::read(&mut serde_json::Deserializer::from_str(
            r#"{"generated": "2026-11-25", "source": "go.dev"}"#,
        ));
        assert_eq!(meta.source(), "go.dev");
    }

    fn list(files: &str) -> String {
        format!(r#"[{{"version":"go1.22.0","stable":true,"files":[{files}]}}]"#)
    }

    /// A release's files as go.dev lists them, from (os, arch, extension, kind).
    fn release(version: &str, files: &[(&str, &str, &str, &str)], seed: usize) -> String {
        let files: Vec<String> = files
            .iter()
            .enumerate()
            .map(|(i, (os, arch, ext, kind))| {
                format!(
                    r#"{{"filename":"{version}.{os}-{arch}.{ext}","os":"{os}","arch":"{arch}","version":"{version}","sha256":"{:064x}","size":100,"kind":"{kind}"}}"#,
                    seed * 100 + i + 1
                )
            })
            .collect();
        format!(
            r#"{{"version":"{version}","stable":true,"files":[{}]}}"#,
            files.join(",")
        )
    }

    #[test]
    fn choices_never_land_on_no_such_file() {
        let text = format!(
            "[{},{}]",
            release(
                "go1.22.0",
                &[
                    ("linux", "amd64", "tar.gz", "archive"),
                    ("linux", "arm64", "tar.gz", "archive"),
                    ("darwin", "arm64", "pkg", "installer"),
                ],
                1
            ),
            release("go1.21.0", &[("linux", "386", "tar.gz", "archive")], 2),
        );
        let r = Releases::parse(&text).unwrap();
        let detected = |s: &Selection| s.effective("linux", "amd64", Some(&r));
        let none = Selection::default();
        let e = detected(&none);
        assert_eq!(
            (e.version.as_deref(), e.os.as_str(), e.arch.as_str()),
            (Some("go1.22.0"), "linux", "amd64")
        );
        // Each row: a field chosen, its value, and the (version, os, arch) that follows.
        for (field, value, want) in [
            (Field::Os, "darwin", ("go1.22.0", "darwin", "arm64")),
            (Field::Version, "go1.21.0", ("go1.21.0", "linux", "386")),
            (Field::Arch, "arm64", ("go1.22.0", "linux", "arm64")),
        ] {
            let mut s = Selection::default();
            s.choose(field, value, "linux", "amd64", Some(&r));
            let got = (
                s.version.as_deref().unwrap_or(""),
                s.os.as_str(),
                s.arch.as_str(),
            );
            assert_eq!(got, want, "{field:?} {value}");
        }
        let mut s = Selection::default();
        s.choose(Field::Kind, "installer", "linux", "amd64", Some(&r));
        assert_eq!(s.kind, Some(Kind::Installer));
        s.choose(Field::Kind, "whatever", "linux", "amd64", Some(&r));
        assert_eq!(s.kind, None);
        // Without a list: the detected platform, no release.
        assert_eq!(none.effective("windows", "arm64", None).os, "windows");
    }

    const GOOD_FILE: &str = r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":68988925,"kind":"archive"}"#;

    #[test]
    fn parses_a_minimal_list() {
        let r = Releases::parse(&list(GOOD_FILE)).unwrap();
        let f = r.by_name("go1.22.0.linux-amd64.tar.gz").unwrap();
        assert_eq!(f.size_bytes, Some(68_988_925));
        assert_eq!(r.by_hash(&f.sha256).unwrap().filename, f.filename);
        assert_eq!(
            r.by_intended_name("go1.22.0.linux-amd64 (1).tar.gz")
                .unwrap()
                .filename,
            f.filename
        );
    }

    /// Each row: a file entry that breaks a rule, and words the refusal must contain.
    const BAD_FILES: &[(&str, &str)] = &[
        (
            r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec104626","size":1,"kind":"archive"}"#,
            "is not 64 hex digits",
        ),
        (
            r#"{"filename":"<script>.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":1,"kind":"archive"}"#,
            "is not a Go file name",
        ),
        (
            r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":-5,"kind":"archive"}"#,
            "not valid",
        ),
        (
            r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":1,"kind":"virus"}"#,
            "not valid",
        ),
        (
            r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.21.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":1,"kind":"archive"}"#,
            "differs from its release",
        ),
        (
            r#"{"filename":"go1.22.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.22.0","sha256":"f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265","size":0,"kind":"archive"}"#,
            "not a plausible file size",
        ),
    ];

    #[test]
    fn refuses_bad_entries() {
        for (file, words) in BAD_FILES {
            let e = Releases::parse(&list(file)).unwrap_err().to_string();
            assert!(e.contains(words), "{e:?} should contain {words:?}");
        }
        let twice = list(&format!("{GOOD_FILE},{GOOD_FILE}"));
        assert!(Releases::parse(&twice)
            .unwrap_err()
            .to_string()
            .contains("file 1: sha256 f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265 is also given for \"go1.22.0.linux-amd64.tar.gz\""));
        // Same name, another checksum: the name is the repeat.
        let renamed = GOOD_FILE.replace("f6c8a87a", "00000000");
        let e = Releases::parse(&list(&format!("{GOOD_FILE},{renamed}")))
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("file 1: file \"go1.22.0.linux-amd64.tar.gz\" is listed twice"),
            "{e}"
        );
        for doc in ["", "{}", "[]", "null", "[1]", "\"x\""] {
            assert!(Releases::parse(doc).is_err(), "{doc:?}");
        }
    }

    /// Each row: two versions in ascending order.
    const ORDER: &[(&str, &str)] = &[
        ("go1.9", "go1.10"),
        ("go1.10beta1", "go1.10rc1"),
        ("go1.10rc2", "go1.10"),
        ("go1.21rc2", "go1.21.0"),
        ("go1.21.0", "go1.21.1"),
        ("go1.2.2", "go1.10"),
    ];

    #[test]
    fn version_order() {
        for (lo, hi) in ORDER {
            assert_eq!(compare_versions(lo, hi), Ordering::Less, "{lo} < {hi}");
            assert_eq!(compare_versions(hi, lo), Ordering::Greater, "{hi} > {lo}");
        }
    }

    /// Each row: a downloaded name and the official name it means (or None).
    const COPIES: &[(&str, Option<&str>)] = &[
        (
            "go1.22.0.linux-amd64 (1).tar.gz",
            Some("go1.22.0.linux-amd64.tar.gz"),
        ),
        (
            "go1.22.0.windows-amd64(12).zip",
            Some("go1.22.0.windows-amd64.zip"),
        ),
        (
            "go1.22.0.windows-amd64-1.msi",
            Some("go1.22.0.windows-amd64.msi"),
        ),
        ("go1.22.0.linux-amd64.tar.gz", None),
        ("go1.22.0.linux-arm64.tar.gz", None),
        ("()", None),
    ];

    #[test]
    fn copy_numbers() {
        for (name, want) in COPIES {
            assert_eq!(strip_copy_number(name).as_deref(), *want, "{name}");
        }
    }
}
