//! Which official file a visitor should download: the selection of release, OS, architecture
//! and kind, filled from the detected platform where the visitor chose nothing, and kept on a
//! file that exists when one selector changes.

use serde::Serialize;

use super::{Kind, OfficialFile, Releases};

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
