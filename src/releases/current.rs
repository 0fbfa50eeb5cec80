//! The official list's two sizes (DESIGN.md, "two sizes"): which releases go.dev's small list
//! (`?mode=json`) holds, and when that small list is not enough and the whole one
//! (`?mode=json&include=all`) must be loaded. Fetching either is the caller's business.

use super::{compare_versions, Releases};
use crate::checksum::Digest;

/// The versions go.dev's `?mode=json` lists, newest first: the latest patch release of each of
/// the two newest minor versions, stable ones only (`versions` as the whole list gives them:
/// each version and whether it is stable, in any order).
pub fn current_versions<'a>(versions: impl IntoIterator<Item = (&'a str, bool)>) -> Vec<&'a str> {
    let mut stable: Vec<&str> = versions
        .into_iter()
        .filter_map(|(v, stable)| stable.then_some(v))
        .collect();
    crate::order::sort_by(&mut stable, &|a: &&str, b: &&str| compare_versions(b, a));
    let mut current: Vec<&str> = Vec::new();
    for version in stable {
        let minor = minor_of(version);
        if current.iter().any(|c| minor_of(c) == minor) {
            continue;
        }
        if current.len() == 2 {
            break;
        }
        current.push(version);
    }
    current
}

/// `go1.22.3` → `go1.22`; a version without a patch number is its own minor version.
fn minor_of(version: &str) -> &str {
    match version.match_indices('.').nth(1) {
        Some((second_dot, _)) => &version[..second_dot],
        None => version,
    }
}

impl Releases {
    /// Whether this list holds `version`.
    pub fn has_version(&self, version: &str) -> bool {
        self.releases().iter().any(|r| r.version == version)
    }

    /// Whether a file of this name, size and hash gets the same verdict from this (small) list
    /// as from the whole one. A verdict depends on two look-ups, the file its name means and
    /// the file its bytes are; a small list that finds both has answered both, as the whole
    /// list would. One that misses either cannot tell "no official file" from "an older
    /// release's file" (a `wrong-file`, or a renamed file that is an official one): only the
    /// whole list can. An empty file is `empty` whatever either list says.
    pub fn decides_alone(&self, filename: &str, size_bytes: u64, sha256: &Digest) -> bool {
        size_bytes == 0
            || (self.by_intended_name(filename).is_some() && self.by_hash(sha256).is_some())
    }
}
