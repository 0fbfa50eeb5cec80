//! What every command starts from: the catalog (built in, or `--catalog FILE|URL`), the
//! official list (`--list FILE|URL`; else the catalog's checksum sources live, each with a
//! deadline; else the built-in snapshot), this machine's platform, and the official file a
//! command is about. A command about one file (`get`, `rank`) reads the small list of current
//! releases first and the whole list only when the small one does not hold that file, as the
//! page does (DESIGN.md, "two sizes"). The list is never taken from a source being judged:
//! only from the catalog's checksum sources, a list the user names, or the snapshot.

use std::time::Duration;

use crate::catalog::Catalog;
use crate::releases::{Kind, OfficialFile, Releases, Selection, SnapshotMeta};
use crate::report::ChecksumSource;

use super::args::FileChoice;
use super::http::Client;
use super::shell::Shell;
use super::Failure;

/// The catalog shipped with the page, built in.
pub const BUILT_IN_CATALOG: &str = include_str!("../../www/data/catalog.json");
/// The official list shipped with the page (the snapshot), built in.
pub const BUILT_IN_LIST: &str = include_str!("../../www/data/releases.json");
/// Where and when the snapshot was made.
pub const BUILT_IN_SNAPSHOT: &str = include_str!("../../www/data/snapshot.json");

/// How long one checksum source may take to send the whole list.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(10);

/// The official list in use and where it came from (the report's `checksum_source`).
#[derive(Debug)]
pub struct List {
    /// The validated list.
    pub releases: Releases,
    /// Where it came from.
    pub source: ChecksumSource,
    /// Whether it is the small list of current releases (`checksum_sources_current`): then a
    /// verdict it cannot give alone ([`Releases::decides_alone`]) needs the whole list.
    pub small: bool,
}

/// Reads a file or fetches a URL (`http://`, `https://`) as text, at most `limit_bytes`.
///
/// # Errors
///
/// One line naming the file or URL and what went wrong.
pub fn read_text(what: &str, location: &str, limit_bytes: u64) -> Result<String, Failure> {
    if location.starts_with("http://") || location.starts_with("https://") {
        let client = Client::new(LIST_TIMEOUT, LIST_TIMEOUT);
        let answer = client
            .get(location, None)
            .map_err(|e| Failure::network(format!("{what} {location}: {}", e.detail)))?;
        if !(200..300).contains(&answer.reply.status) {
            return Err(Failure::network(format!(
                "{what} {location}: HTTP {}",
                answer.reply.status
            )));
        }
        let mut text = String::new();
        use std::io::Read;
        answer
            .into_reader()
            .take(limit_bytes + 1)
            .read_to_string(&mut text)
            .map_err(|e| Failure::network(format!("{what} {location}: {e}")))?;
        Ok(text)
    } else {
        let bytes = std::fs::read(location)
            .map_err(|e| Failure::input(format!("{what} {location}: {e}")))?;
        String::from_utf8(bytes)
            .map_err(|_| Failure::input(format!("{what} {location}: not UTF-8 text")))
    }
}

/// The catalog: `--catalog`, or the built-in one.
///
/// # Errors
///
/// An unreadable or malformed catalog (exit 1), one line naming it.
pub fn catalog(flag: Option<&str>) -> Result<Catalog, Failure> {
    match flag {
        None => Catalog::parse(BUILT_IN_CATALOG).map_err(Failure::from),
        Some(location) => {
            let text = read_text("catalog", location, crate::catalog::MAX_CATALOG_BYTES)
                .map_err(|f| Failure::input(f.message))?;
            Catalog::parse(&text).map_err(|e| Failure::input(format!("catalog {location}: {e}")))
        }
    }
}

/// The official list: `--list`, else each of the catalog's checksum sources in turn, else the
/// built-in snapshot (with a warning saying why).
///
/// # Errors
///
/// A `--list` that cannot be read or breaks a rule (exit 1).
pub fn list(flag: Option<&str>, catalog: &Catalog, shell: &Shell) -> Result<List, Failure> {
    if let Some(location) = flag {
        let text = read_text("list", location, crate::releases::MAX_LIST_BYTES)
            .map_err(|f| Failure::input(f.message))?;
        let releases =
            Releases::parse(&text).map_err(|e| Failure::input(format!("list {location}: {e}")))?;
        return Ok(List::live(releases, location, false));
    }
    for url in &catalog.checksum_sources {
        match read_live(url) {
            Ok(releases) => return Ok(List::live(releases, url, false)),
            // The message names the list's URL already.
            Err(f) => shell.warn(&f.message),
        }
    }
    snapshot()
}

/// One of the catalog's checksum sources, read and checked.
fn read_live(url: &str) -> Result<Releases, Failure> {
    let text = read_text("official list", url, crate::releases::MAX_LIST_BYTES)?;
    Releases::parse(&text).map_err(|e| Failure::input(format!("official list {url}: {e}")))
}

impl List {
    /// A list read from `url` (or a file), whole or `small`.
    fn live(releases: Releases, url: &str, small: bool) -> List {
        List {
            releases,
            source: ChecksumSource {
                source: "live".into(),
                url: Some(url.to_string()),
                ..ChecksumSource::default()
            },
            small,
        }
    }
}

/// The official list for a command about one file (`get`, `rank`), in the page's order:
/// `--list`; else the first of the catalog's small lists (`checksum_sources_current`: go.dev's
/// current releases, tens of KB against the whole list's 2 MB) that can be read, when it holds
/// the file `choice` names; when none can be read, the built-in snapshot, when it holds the
/// file (the network that failed the small lists would fail the whole ones, each after its
/// deadline); else the whole list as [`list`] reads it (an older version, or a newer one than
/// the snapshot). A list that cannot be read is said, as [`list`] says one.
///
/// # Errors
///
/// As [`list`].
pub fn list_for(
    flag: Option<&str>,
    catalog: &Catalog,
    choice: &FileChoice,
    default_kind: Option<Kind>,
    shell: &Shell,
) -> Result<List, Failure> {
    if flag.is_some() || catalog.checksum_sources_current.is_empty() {
        return list(flag, catalog, shell);
    }
    let mut read_one = false;
    for url in &catalog.checksum_sources_current {
        match read_live(url) {
            Ok(releases) => {
                if official_file(choice, default_kind, &releases).is_ok() {
                    return Ok(List::live(releases, url, true));
                }
                // Every small list holds the same current releases.
                read_one = true;
                break;
            }
            Err(f) => shell.warn(&f.message),
        }
    }
    if !read_one {
        let snapshot = snapshot()?;
        if official_file(choice, default_kind, &snapshot.releases).is_ok() {
            return Ok(snapshot);
        }
    }
    list(None, catalog, shell)
}

/// The built-in snapshot of the official list.
///
/// # Errors
///
/// Never in a release build (a test checks the snapshot); a broken build says so.
pub fn snapshot() -> Result<List, Failure> {
    let releases = Releases::parse(BUILT_IN_LIST)?;
    let meta: SnapshotMeta = serde_json::from_str(BUILT_IN_SNAPSHOT).unwrap_or_default();
    Ok(List {
        releases,
        source: ChecksumSource {
            source: "snapshot".into(),
            url: Some(meta.source()),
            snapshot_date: Some(meta.date()),
            snapshot_age_days: None,
        },
        small: false,
    })
}

/// This machine's GOOS and GOARCH.
pub fn this_platform() -> (String, String) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "arm" => "armv6l",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    };
    (os.to_string(), arch.to_string())
}

/// `1.22.0` and `go1.22.0` both mean `go1.22.0`.
pub fn normalize_version(version: &str) -> String {
    let v = version.trim();
    if v.starts_with("go") {
        v.to_string()
    } else {
        format!("go{v}")
    }
}

/// The official file a command is about: the choice's version (default: the newest stable
/// that has the file), OS, arch (default: this machine's) and kind, in `list`.
///
/// # Errors
///
/// An unknown version, OS, arch or kind (exit 1), one line naming the value and the nearest
/// valid ones.
pub fn official_file<'a>(
    choice: &FileChoice,
    default_kind: Option<Kind>,
    list: &'a Releases,
) -> Result<&'a OfficialFile, Failure> {
    let (this_os, this_arch) = this_platform();
    let version = choice.version.as_deref().map(normalize_version);
    if let Some(v) = &version {
        if list.files_of(v).next().is_none() {
            let known: Vec<&str> = list.releases().iter().map(|r| r.version.as_str()).collect();
            return Err(Failure::input(format!(
                "unknown version {v:?}; nearest: {}",
                nearest(v, &known).join(", ")
            )));
        }
    }
    let kind = match choice.kind.as_deref() {
        None => default_kind,
        Some(name) => Some(
            Kind::NAMES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|&(_, k)| k)
                .ok_or_else(|| {
                    Failure::input(format!(
                        "unknown kind {name:?}; valid: archive, installer, source"
                    ))
                })?,
        ),
    };
    let selection = Selection {
        version: version.clone(),
        os: choice.os.clone().unwrap_or(this_os),
        arch: choice.arch.clone().unwrap_or(this_arch),
        kind,
    };
    if let Some(file) = list.pick(&selection) {
        return Ok(file);
    }
    // Say which of OS and arch is unknown, with the nearest valid ones.
    let version = version
        .or_else(|| {
            list.releases()
                .iter()
                .find(|r| r.stable)
                .map(|r| r.version.clone())
        })
        .unwrap_or_default();
    let platforms = list.platforms_of(&version);
    let oses: Vec<&str> = platforms.iter().map(|(o, _)| o.as_str()).collect();
    if !oses.contains(&selection.os.as_str()) {
        return Err(Failure::input(format!(
            "unknown os {:?} for {version}; nearest: {}",
            selection.os,
            nearest(&selection.os, &oses).join(", ")
        )));
    }
    let arches: Vec<&str> = platforms
        .iter()
        .filter(|(o, _)| *o == selection.os)
        .map(|(_, a)| a.as_str())
        .collect();
    Err(Failure::input(format!(
        "unknown arch {:?} for {version} on {}; valid: {}",
        selection.arch,
        selection.os,
        nearest(&selection.arch, &arches).join(", ")
    )))
}

/// Up to five of `known`, closest to `value` first (edit distance), without repeats.
pub fn nearest<'a>(value: &str, known: &[&'a str]) -> Vec<&'a str> {
    let mut scored: Vec<(usize, usize, &str)> = known
        .iter()
        .enumerate()
        .map(|(i, k)| (distance(value, k), i, *k))
        .collect();
    scored.sort();
    let mut out: Vec<&str> = Vec::new();
    for (_, _, k) in scored {
        if !out.contains(&k) {
            out.push(k);
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

/// Levenshtein distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_versions_first() {
        let known = ["go1.22.0", "go1.22.1", "go1.21.0", "go1.9"];
        assert_eq!(nearest("go1.22.9", &known)[..2], ["go1.22.0", "go1.22.1"]);
        assert_eq!(normalize_version("1.22.0"), "go1.22.0");
        assert_eq!(normalize_version("go1.22.0"), "go1.22.0");
    }

    #[test]
    fn built_in_data_is_valid() {
        assert!(catalog(None).is_ok());
        assert!(snapshot().is_ok());
    }
}
