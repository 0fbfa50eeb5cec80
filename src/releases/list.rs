//! Reading go.dev's list into [`Releases`]: the schema as go.dev writes it, and the rules a
//! list must keep (a hostile or broken list must never become the authority a file is judged
//! by): versions and names that are Go's, 64 hex digits, plausible sizes, one file per name and
//! per checksum. Lookups in the list are the parent module's.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer};

use super::{compare_versions, Kind, OfficialFile, Release, Releases, WHAT};
use crate::checksum::Digest;
use crate::error::{quote, Error};

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

impl Releases {
    /// Parses and validates a list in go.dev's schema.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`], [`Error::Json`] or [`Error::Invalid`] naming the first entry that
    /// breaks a rule. A list with one bad entry is refused whole.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Releases, Error> {
        if text.len() as u64 > super::MAX_LIST_BYTES {
            return Err(Error::TooLarge {
                what: WHAT,
                size_bytes: text.len() as u64,
                limit_bytes: super::MAX_LIST_BYTES,
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
