//! The pure core over the real data the site ships, the official checksum snapshot and the
//! catalog, and over a small list written here. (Unit tests with hand-made tables live beside
//! each module.) Native only: the wasm build reads JSON with the browser's parser.
//!
//! The snapshot is regenerated from go.dev by `scripts/snapshot.sh` (the deploy does it every
//! day), so no test here pins what it holds: its tests derive what to expect from the list's
//! own text, read independently with `serde_json`, and hold for any valid official list. Facts
//! that need fixed values (which release is picked when the newest lacks a file, which size
//! makes a file `truncated`) are tested on [`FIXTURE`].
#![cfg(not(target_arch = "wasm32"))]

use gomirror::catalog::Catalog;
use gomirror::checksum::Digest;
use gomirror::inspect::{Findings, Format};
use gomirror::releases::{compare_versions, Kind, OfficialFile, Releases, Selection};
use gomirror::verdict::{decide, Decision, Expected, Facts, Kind as Verdict, Source};
use serde_json::Value;

const SNAPSHOT: &str = include_str!("../www/data/releases.json");

fn snapshot() -> Releases {
    Releases::parse(SNAPSHOT).expect("the shipped snapshot is valid")
}

/// One file as the list's text gives it, read without the crate's reader.
struct Listed {
    version: String,
    stable: bool,
    filename: String,
    os: String,
    arch: String,
    sha256: String,
    size: Option<u64>,
    kind: String,
}

/// Every file of a list in go.dev's schema, in the list's order.
fn listed(text: &str) -> Vec<Listed> {
    let value: Value = serde_json::from_str(text).expect("JSON");
    let text_of = |v: &Value, key: &str| v[key].as_str().unwrap_or_default().to_string();
    let mut out = Vec::new();
    for release in value.as_array().expect("an array of releases") {
        for f in release["files"].as_array().expect("files") {
            out.push(Listed {
                version: text_of(release, "version"),
                stable: release["stable"].as_bool().expect("stable"),
                filename: text_of(f, "filename"),
                os: text_of(f, "os"),
                arch: text_of(f, "arch"),
                sha256: text_of(f, "sha256"),
                size: f["size"].as_u64(),
                kind: text_of(f, "kind"),
            });
        }
    }
    out
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Archive => "archive",
        Kind::Installer => "installer",
        Kind::Source => "source",
    }
}

fn select(os: &str, arch: &str) -> Selection {
    Selection {
        os: os.into(),
        arch: arch.into(),
        ..Selection::default()
    }
}

/// The list's releases are all there, once each, newest first; the newest stable release is
/// the first stable one.
#[test]
fn snapshot_releases_newest_first() {
    let r = snapshot();
    let value: Value = serde_json::from_str(SNAPSHOT).unwrap();
    let raw = value.as_array().unwrap();
    assert_eq!(r.releases().len(), raw.len());
    assert_eq!(r.file_count(), listed(SNAPSHOT).len());
    for pair in r.releases().windows(2) {
        assert!(
            compare_versions(&pair[0].version, &pair[1].version).is_gt(),
            "{} before {}",
            pair[0].version,
            pair[1].version
        );
    }
    for release in raw {
        let version = release["version"].as_str().unwrap();
        let found = r.releases().iter().find(|x| x.version == version);
        assert_eq!(
            found.map(|x| x.stable),
            release["stable"].as_bool(),
            "{version}"
        );
    }
    let newest_stable = raw
        .iter()
        .filter(|x| x["stable"].as_bool() == Some(true))
        .map(|x| x["version"].as_str().unwrap())
        .max_by(|a, b| compare_versions(a, b))
        .expect("an official list has a stable release");
    let first_stable = r.releases().iter().find(|x| x.stable).unwrap();
    assert_eq!(first_stable.version, newest_stable);
}

/// Every file is found by its name, by its checksum and by its name with a browser's copy
/// number, with the fields the list gives it.
#[test]
fn snapshot_lookups_round_trip() {
    let r = snapshot();
    for l in listed(SNAPSHOT) {
        let f = r
            .by_name(&l.filename)
            .unwrap_or_else(|| panic!("{}", l.filename));
        assert_eq!(f.sha256.to_hex(), l.sha256.to_ascii_lowercase());
        assert_eq!(f.size_bytes, l.size, "{}", l.filename);
        assert_eq!(
            (f.version.as_str(), f.os.as_str(), f.arch.as_str()),
            (l.version.as_str(), l.os.as_str(), l.arch.as_str())
        );
        assert_eq!(kind_name(f.kind), l.kind, "{}", l.filename);
        assert_eq!(f.stable, l.stable, "{}", l.filename);
        let by_hash = r.by_hash(&Digest::from_hex(&l.sha256).unwrap());
        assert_eq!(
            by_hash.map(|x| x.filename.as_str()),
            Some(f.filename.as_str())
        );
        let (stem, ext) = split_name(&l.filename);
        let copy = format!("{stem} (1){ext}");
        assert_eq!(r.by_intended_name(&copy), Some(f), "{copy}");
    }
    assert_eq!(r.by_name("go1.0.0.plan9-nothing.tar.gz"), None);
    assert_eq!(r.by_hash(&Digest::of(b"no official file")), None);
}

/// `name.tar.gz` → (`name`, `.tar.gz`), other names at their last dot.
fn split_name(name: &str) -> (&str, &str) {
    let at = match name.strip_suffix(".tar.gz") {
        Some(stem) => stem.len(),
        None => name.rfind('.').expect("an extension"),
    };
    name.split_at(at)
}

/// Every name is `{version}.src.tar.gz` or `{version}.{os}-{arch}{ext}` (old macOS files carry
/// a suffix such as `-osx10.8`), its kind agrees with its extension, and a release's platforms
/// are those of its files.
#[test]
fn snapshot_names_agree_with_fields() {
    let r = snapshot();
    for release in r.releases() {
        let mut platforms = Vec::new();
        for f in r.files_of(&release.version) {
            let name = &f.filename;
            let rest = name
                .strip_prefix(&format!("{}.", f.version))
                .unwrap_or_else(|| panic!("{name}"));
            let (_, ext) = split_name(rest);
            let want = match ext {
                ".tar.gz" if rest == "src.tar.gz" => Kind::Source,
                ".tar.gz" | ".zip" => Kind::Archive,
                ".msi" | ".pkg" => Kind::Installer,
                _ => panic!("{name}: extension {ext:?}"),
            };
            assert_eq!(f.kind, want, "{name}");
            if f.kind == Kind::Source {
                assert_eq!((f.os.as_str(), f.arch.as_str()), ("", ""), "{name}");
                continue;
            }
            let platform = format!("{}-{}", f.os, f.arch);
            let after = rest
                .strip_prefix(&platform)
                .unwrap_or_else(|| panic!("{name} is not for {platform}"));
            assert!(after.starts_with(['.', '-']), "{name}");
            platforms.push((f.os.clone(), f.arch.clone()));
        }
        platforms.sort();
        platforms.dedup();
        assert_eq!(r.platforms_of(&release.version), platforms);
    }
}

/// The file DESIGN.md says to recommend, found the slow way from the list's text: the newest
/// stable release with a file for the platform (a prerelease only when no stable release has
/// one), of the kind go.dev features for the OS, else its archive.
fn expected_pick(files: &[Listed], os: &str, arch: &str) -> Option<String> {
    let featured = match os {
        "darwin" | "windows" => "installer",
        _ => "archive",
    };
    let mut versions: Vec<(&str, bool)> = files
        .iter()
        .filter(|l| l.os == os && l.arch == arch && (l.kind == featured || l.kind == "archive"))
        .map(|l| (l.version.as_str(), l.stable))
        .collect();
    versions.sort_by(|a, b| b.1.cmp(&a.1).then(compare_versions(b.0, a.0)));
    let (version, _) = *versions.first()?;
    let of = |kind: &str| {
        files
            .iter()
            .find(|l| l.version == version && l.os == os && l.arch == arch && l.kind == kind)
    };
    of(featured)
        .or_else(|| of("archive"))
        .map(|l| l.filename.clone())
}

/// For every platform in the list, the page recommends the file of [`expected_pick`]; a chosen
/// release, platform and kind gives that release's file of that kind.
#[test]
fn snapshot_picks_the_featured_file() {
    let r = snapshot();
    let files = listed(SNAPSHOT);
    let mut platforms: Vec<(&str, &str)> = files
        .iter()
        .filter(|l| l.kind != "source")
        .map(|l| (l.os.as_str(), l.arch.as_str()))
        .collect();
    platforms.sort();
    platforms.dedup();
    assert!(platforms.contains(&("linux", "amd64")));
    for (os, arch) in &platforms {
        let picked = r.pick(&select(os, arch)).map(|f| f.filename.clone());
        assert_eq!(picked, expected_pick(&files, os, arch), "{os}/{arch}");
    }
    // linux/amd64 in plain words: the newest stable release that has its archive.
    let linux = r.pick(&select("linux", "amd64")).unwrap();
    let newest = r
        .releases()
        .iter()
        .filter(|x| x.stable)
        .find(|x| {
            r.files_of(&x.version)
                .any(|f| f.os == "linux" && f.arch == "amd64")
        })
        .unwrap();
    assert_eq!(
        (linux.version.as_str(), linux.kind),
        (newest.version.as_str(), Kind::Archive)
    );
    assert!(linux.filename.ends_with(".linux-amd64.tar.gz"));

    for f in files_of_list(&r) {
        let chosen = Selection {
            version: Some(f.version.clone()),
            os: f.os.clone(),
            arch: f.arch.clone(),
            kind: Some(f.kind),
        };
        let got = r.pick(&chosen).unwrap_or_else(|| panic!("{}", f.filename));
        assert_eq!(
            (&got.version, got.kind, &got.os, &got.arch),
            (&f.version, f.kind, &f.os, &f.arch),
            "{}",
            f.filename
        );
    }
    assert_eq!(r.pick(&select("plan9", "nothing")), None);
}

fn files_of_list(r: &Releases) -> Vec<OfficialFile> {
    r.releases()
        .iter()
        .flat_map(|x| r.files_of(&x.version).cloned().collect::<Vec<_>>())
        .collect()
}

/// Judges a file named `name` of `size_bytes` whose hash is `sha256` (no structure to check).
fn judge(r: &Releases, name: &str, size_bytes: u64, sha256: Digest) -> (Verdict, Source) {
    let facts = Facts {
        name,
        size_bytes,
        sha256,
        findings: Findings {
            format: Format::Other,
            ..Findings::default()
        },
    };
    match decide(&facts, &Expected::default(), Some(r)) {
        Decision::Final(v) => (v.kind, v.source),
        Decision::NeedsGzipCheck => panic!("{name}: no gzip to check"),
    }
}

/// Every official checksum identifies a renamed download; another file's bytes under a name are
/// the wrong file; where the list gives a size, one byte less is `truncated` and one more
/// `oversized`.
#[test]
fn verdicts_against_the_snapshot() {
    let r = snapshot();
    let files = files_of_list(&r);
    let other = Digest::of(b"not an official file");
    for (i, f) in files.iter().enumerate() {
        let size = f.size_bytes.unwrap_or(1 << 20);
        assert_eq!(
            judge(&r, "download (2).bin", size, f.sha256),
            (Verdict::Match, Source::Official),
            "{}",
            f.filename
        );
        let next = &files[(i + 1) % files.len()];
        assert_eq!(
            judge(&r, &f.filename, size, next.sha256),
            (Verdict::WrongFile, Source::Official),
            "{} holding {}",
            f.filename,
            next.filename
        );
        if let Some(size) = f.size_bytes {
            let short = judge(&r, &f.filename, size - 1, other);
            assert_eq!(short, (Verdict::Truncated, Source::Official));
            let long = judge(&r, &f.filename, size + 1, other);
            assert_eq!(long, (Verdict::Oversized, Source::Official));
            let same = judge(&r, &f.filename, size, other);
            assert_eq!(same, (Verdict::Mismatch, Source::Official));
        }
    }
}

/// A small official list with fixed facts: listed out of order (`go1.9.5` first, which sorts
/// last: 9 < 30), a release candidate newer than every stable release, a newest stable release
/// without some platforms, an installer missing where go.dev would feature one, and sizes.
const FIXTURE: &str = r#"[
 {"version":"go1.9.5","stable":true,"files":[
  {"filename":"go1.9.5.freebsd-amd64.tar.gz","os":"freebsd","arch":"amd64","version":"go1.9.5","sha256":"9000000000000000000000000000000000000000000000000000000000000001","size":1000,"kind":"archive"},
  {"filename":"go1.9.5.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.9.5","sha256":"9000000000000000000000000000000000000000000000000000000000000002","size":null,"kind":"archive"}]},
 {"version":"go1.31rc1","stable":false,"files":[
  {"filename":"go1.31rc1.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.31rc1","sha256":"3100000000000000000000000000000000000000000000000000000000000001","size":3100,"kind":"archive"},
  {"filename":"go1.31rc1.wasip1-wasm.tar.gz","os":"wasip1","arch":"wasm","version":"go1.31rc1","sha256":"3100000000000000000000000000000000000000000000000000000000000002","size":3101,"kind":"archive"}]},
 {"version":"go1.30.1","stable":true,"files":[
  {"filename":"go1.30.1.src.tar.gz","os":"","arch":"","version":"go1.30.1","sha256":"3010000000000000000000000000000000000000000000000000000000000000","size":3010,"kind":"source"},
  {"filename":"go1.30.1.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.30.1","sha256":"3010000000000000000000000000000000000000000000000000000000000001","size":3011,"kind":"archive"},
  {"filename":"go1.30.1.darwin-arm64.tar.gz","os":"darwin","arch":"arm64","version":"go1.30.1","sha256":"3010000000000000000000000000000000000000000000000000000000000002","size":3012,"kind":"archive"},
  {"filename":"go1.30.1.windows-amd64.zip","os":"windows","arch":"amd64","version":"go1.30.1","sha256":"3010000000000000000000000000000000000000000000000000000000000003","size":3013,"kind":"archive"},
  {"filename":"go1.30.1.windows-amd64.msi","os":"windows","arch":"amd64","version":"go1.30.1","sha256":"3010000000000000000000000000000000000000000000000000000000000004","size":3014,"kind":"installer"}]},
 {"version":"go1.30.0","stable":true,"files":[
  {"filename":"go1.30.0.src.tar.gz","os":"","arch":"","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000000","size":3000,"kind":"source"},
  {"filename":"go1.30.0.linux-amd64.tar.gz","os":"linux","arch":"amd64","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000001","size":3001,"kind":"archive"},
  {"filename":"go1.30.0.linux-386.tar.gz","os":"linux","arch":"386","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000002","size":3002,"kind":"archive"},
  {"filename":"go1.30.0.darwin-arm64.tar.gz","os":"darwin","arch":"arm64","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000003","size":3003,"kind":"archive"},
  {"filename":"go1.30.0.darwin-arm64.pkg","os":"darwin","arch":"arm64","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000004","size":3004,"kind":"installer"},
  {"filename":"go1.30.0.windows-arm64.zip","os":"windows","arch":"arm64","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000005","size":3005,"kind":"archive"},
  {"filename":"go1.30.0.windows-arm64.msi","os":"windows","arch":"arm64","version":"go1.30.0","sha256":"3000000000000000000000000000000000000000000000000000000000000006","size":3006,"kind":"installer"}]}
]"#;

fn fixture() -> Releases {
    Releases::parse(FIXTURE).expect("the fixture is valid")
}

#[test]
fn fixture_is_read_newest_first() {
    let r = fixture();
    let versions: Vec<&str> = r.releases().iter().map(|x| x.version.as_str()).collect();
    assert_eq!(versions, ["go1.31rc1", "go1.30.1", "go1.30.0", "go1.9.5"]);
    assert_eq!(r.file_count(), 16);
    let f = r.by_name("go1.30.0.linux-386.tar.gz").unwrap();
    assert_eq!(
        (
            f.os.as_str(),
            f.arch.as_str(),
            f.kind,
            f.size_bytes,
            f.stable
        ),
        ("linux", "386", Kind::Archive, Some(3002), true)
    );
    assert_eq!(r.by_hash(&f.sha256).unwrap().filename, f.filename);
    assert!(!r.by_name("go1.31rc1.linux-amd64.tar.gz").unwrap().stable);
    assert_eq!(
        r.by_name("go1.9.5.linux-amd64.tar.gz").unwrap().size_bytes,
        None
    );
}

/// Each row: a platform, and the file the page recommends from [`FIXTURE`].
const PICKS: &[(&str, &str, Option<&str>)] = &[
    // The newest stable release, not the newer release candidate.
    ("linux", "amd64", Some("go1.30.1.linux-amd64.tar.gz")),
    // go.dev features the .msi on Windows.
    ("windows", "amd64", Some("go1.30.1.windows-amd64.msi")),
    // No .pkg in go1.30.1: its archive, not go1.30.0's older .pkg.
    ("darwin", "arm64", Some("go1.30.1.darwin-arm64.tar.gz")),
    // go1.30.1 has no windows/arm64 or linux/386 at all: the newest release that has them.
    ("windows", "arm64", Some("go1.30.0.windows-arm64.msi")),
    ("linux", "386", Some("go1.30.0.linux-386.tar.gz")),
    // Versions compare as numbers: go1.9.5 is the oldest, and the only one for FreeBSD.
    ("freebsd", "amd64", Some("go1.9.5.freebsd-amd64.tar.gz")),
    // Only a release candidate has it: better that than nothing.
    ("wasip1", "wasm", Some("go1.31rc1.wasip1-wasm.tar.gz")),
    ("plan9", "mips", None),
];

#[test]
fn fixture_picks() {
    let r = fixture();
    for (os, arch, want) in PICKS {
        let got = r.pick(&select(os, arch)).map(|f| f.filename.as_str());
        assert_eq!(got, *want, "{os}/{arch}");
    }
    let files = listed(FIXTURE);
    for (os, arch, want) in PICKS {
        assert_eq!(
            expected_pick(&files, os, arch).as_deref(),
            *want,
            "oracle {os}/{arch}"
        );
    }
    let chosen = |kind| Selection {
        version: Some("go1.30.0".into()),
        kind,
        ..select("darwin", "arm64")
    };
    let name = |s: &Selection| r.pick(s).map(|f| f.filename.clone());
    assert_eq!(name(&chosen(None)).unwrap(), "go1.30.0.darwin-arm64.pkg");
    assert_eq!(
        name(&chosen(Some(Kind::Archive))).unwrap(),
        "go1.30.0.darwin-arm64.tar.gz"
    );
    assert_eq!(
        name(&chosen(Some(Kind::Source))).unwrap(),
        "go1.30.0.src.tar.gz"
    );
    // A chosen release that lacks the platform has nothing to offer.
    let absent = Selection {
        version: Some("go1.30.1".into()),
        ..select("linux", "386")
    };
    assert_eq!(name(&absent), None);
}

/// A renamed download is its official file; the list's size tells a cut or padded file from a
/// corrupted one; another release's bytes are the wrong file.
#[test]
fn fixture_verdicts() {
    let r = fixture();
    let hash = |name: &str| r.by_name(name).unwrap().sha256;
    let bad = Digest::of(b"corrupted");
    let name = "go1.30.0.linux-386.tar.gz";
    assert_eq!(
        judge(&r, "go (2).tar.gz", 3002, hash(name)),
        (Verdict::Match, Source::Official)
    );
    assert_eq!(
        judge(&r, name, 3001, bad),
        (Verdict::Truncated, Source::Official)
    );
    assert_eq!(
        judge(&r, name, 3003, bad),
        (Verdict::Oversized, Source::Official)
    );
    assert_eq!(
        judge(&r, name, 3002, bad),
        (Verdict::Mismatch, Source::Official)
    );
    assert_eq!(
        judge(&r, name, 3001, hash("go1.30.1.linux-amd64.tar.gz")),
        (Verdict::WrongFile, Source::Official)
    );
    assert_eq!(
        judge(&r, "go1.30.0.plan9-mips.tar.gz", 5, bad),
        (Verdict::Unknown, Source::None)
    );
    // No size in the list: a gzip's structure decides, so the page asks for that pass.
    let facts = Facts {
        name: "go1.9.5.linux-amd64.tar.gz",
        size_bytes: 10,
        sha256: bad,
        findings: Findings {
            format: Format::Gzip,
            ..Findings::default()
        },
    };
    assert_eq!(
        decide(&facts, &Expected::default(), Some(&r)),
        Decision::NeedsGzipCheck
    );
}

#[test]
fn shipped_catalog_lists_the_known_sources() {
    let c = Catalog::parse(include_str!("../www/data/catalog.json")).unwrap();
    let ids: Vec<&str> = c.mirrors.iter().map(|m| m.id.as_str()).collect();
    for id in [
        "go-dev",
        "dl-google",
        "golang-google-cn",
        "aliyun",
        "nju",
        "ustc",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    // Official sources come first, as the table lists them.
    assert!(c.mirrors.iter().take(3).all(|m| m.official));
    assert!(c.checksum_sources[1].starts_with("https://golang.google.cn/"));
    assert!(c.module_proxies.iter().any(|p| p.id == "goproxy-cn"));
}

/// Each row: a version, an OS and the visitor's architecture, and the file `#install` offers
/// for that OS from the snapshot: the featured kind where the list has it, the archive where
/// not (the snapshot has no .pkg checksums for recent releases), the visitor's architecture
/// where that OS has it, else the usual one, else any.
const INSTALLS: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "go1.22.0",
        "linux",
        "amd64",
        Some("go1.22.0.linux-amd64.tar.gz"),
    ),
    (
        "go1.22.0",
        "linux",
        "arm64",
        Some("go1.22.0.linux-arm64.tar.gz"),
    ),
    (
        "go1.22.0",
        "windows",
        "amd64",
        Some("go1.22.0.windows-amd64.msi"),
    ),
    (
        "go1.22.0",
        "windows",
        "arm",
        Some("go1.22.0.windows-arm.zip"),
    ),
    (
        "go1.22.0",
        "windows",
        "riscv64",
        Some("go1.22.0.windows-amd64.msi"),
    ),
    (
        "go1.22.0",
        "darwin",
        "amd64",
        Some("go1.22.0.darwin-amd64.tar.gz"),
    ),
    (
        "go1.22.0",
        "darwin",
        "armv6l",
        Some("go1.22.0.darwin-arm64.tar.gz"),
    ),
    ("go1.8", "darwin", "amd64", Some("go1.8.darwin-amd64.pkg")),
    ("go1.8", "darwin", "arm64", Some("go1.8.darwin-amd64.pkg")),
    (
        "go1.22.0",
        "plan9",
        "amd64",
        Some("go1.22.0.plan9-amd64.tar.gz"),
    ),
    (
        "go1.22.0",
        "aix",
        "amd64",
        Some("go1.22.0.aix-ppc64.tar.gz"),
    ),
    ("go0.1", "linux", "amd64", None),
];

#[test]
fn install_offers_each_os_its_featured_file() {
    let r = snapshot();
    for (version, os, arch, want) in INSTALLS {
        let got = gomirror::install::file_for(&r, version, os, arch).map(|f| f.filename.as_str());
        assert_eq!(got, *want, "{version} {os} {arch}");
    }
}

/// The shipped small list (`data/releases-current.json`, written beside the snapshot by the
/// same command) is the snapshot's current releases, each entry as the whole list has it.
#[test]
fn shipped_current_list_is_the_snapshots_current_releases() {
    let whole = snapshot();
    let current = Releases::parse(include_str!("../www/data/releases-current.json"))
        .expect("the shipped small list is valid");
    let expected = gomirror::releases::current_versions(
        whole
            .releases()
            .iter()
            .map(|r| (r.version.as_str(), r.stable)),
    );
    let versions: Vec<&str> = current
        .releases()
        .iter()
        .map(|r| r.version.as_str())
        .collect();
    assert_eq!(versions, expected);
    assert!(!versions.is_empty());
    let in_whole: usize = versions.iter().map(|v| whole.files_of(v).count()).sum();
    assert_eq!(current.file_count(), in_whole);
    for version in versions {
        for file in current.files_of(version) {
            assert_eq!(
                whole.by_name(&file.filename),
                Some(file),
                "{}",
                file.filename
            );
        }
    }
}
