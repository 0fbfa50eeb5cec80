//! The official list of Go releases and their checksums, and lookups in it.
//!
//! Reads go.dev's `?mode=json&include=all` schema, refuses a list that breaks any rule (a
//! hostile or broken list must never become the authority a file is judged by), and answers:
//! which official file has this name, which has these bytes, and which file a visitor on a given
//! platform should download. Where the list came from is the browser layer's business.

mod current;
mod list;
mod selection;
mod snapshot;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
mod versions;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::checksum::Digest;

pub use current::current_versions;
pub use selection::{Field, Selection};
pub use snapshot::SnapshotMeta;
pub use versions::{compare_versions, strip_copy_number};

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

impl Releases {
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
}
