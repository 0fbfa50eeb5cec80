//! The pure core over the real data the site ships: the official checksum snapshot and the
//! catalog. (Unit tests with small hand-made tables live beside each module.) Native only: the
//! wasm build reads JSON with the browser's parser.
#![cfg(not(target_arch = "wasm32"))]

use gomirror::catalog::Catalog;
use gomirror::checksum::Digest;
use gomirror::inspect::{Findings, Format};
use gomirror::releases::{Kind, Releases, Selection};
use gomirror::verdict::{decide, Decision, Expected, Facts, Kind as Verdict, Source};

fn snapshot() -> Releases {
    Releases::parse(include_str!("../www/data/releases.json")).expect("the shipped snapshot")
}

#[test]
fn snapshot_is_valid_and_complete() {
    let r = snapshot();
    assert_eq!(r.releases().len(), 364);
    assert_eq!(r.file_count(), 7130);
    assert_eq!(r.releases()[0].version, "go1.27.2", "newest first");
    let f = r.by_name("go1.22.0.linux-amd64.tar.gz").unwrap();
    assert_eq!(
        f.sha256.to_hex(),
        "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265"
    );
    assert_eq!(f.size_bytes, Some(68_988_925));
    assert_eq!(
        (f.os.as_str(), f.arch.as_str(), f.kind),
        ("linux", "amd64", Kind::Archive)
    );
    assert_eq!(r.by_hash(&f.sha256).unwrap().filename, f.filename);
}

/// Every file's kind agrees with its extension, and every name parses back to its platform.
#[test]
fn snapshot_names_agree_with_fields() {
    let r = snapshot();
    for release in r.releases() {
        for f in r.files_of(&release.version) {
            let ext_kind = if f.filename.ends_with(".src.tar.gz") {
                Kind::Source
            } else if f.filename.ends_with(".msi") || f.filename.ends_with(".pkg") {
                Kind::Installer
            } else {
                Kind::Archive
            };
            assert_eq!(f.kind, ext_kind, "{}", f.filename);
            if f.kind != Kind::Source {
                let platform = format!("{}.{}-{}.", f.version, f.os, f.arch);
                assert!(f.filename.starts_with(&platform), "{}", f.filename);
            }
        }
    }
}

/// Each row: a platform, and the file the page recommends from the snapshot: the newest
/// stable release that has one, of the kind go.dev features (installer on macOS and Windows),
/// else the archive.
const PICKS: &[(&str, &str, &str)] = &[
    ("linux", "amd64", "go1.27.2.linux-amd64.tar.gz"),
    // The snapshot has no .pkg after go1.18 and no .msi for go1.27.2: archive instead.
    ("darwin", "arm64", "go1.27.2.darwin-arm64.tar.gz"),
    ("windows", "amd64", "go1.27.2.windows-amd64.zip"),
    // go1.27.2 lacks windows/arm64 entirely in the snapshot: the newest release that has it.
    ("windows", "arm64", "go1.27.1.windows-arm64.msi"),
    ("linux", "armv6l", "go1.27.2.linux-armv6l.tar.gz"),
    ("freebsd", "amd64", "go1.27.0.freebsd-amd64.tar.gz"),
    ("linux", "386", "go1.27.0.linux-386.tar.gz"),
];

#[test]
fn picks_the_featured_file() {
    let r = snapshot();
    for (os, arch, want) in PICKS {
        let selection = Selection {
            os: os.to_string(),
            arch: arch.to_string(),
            ..Selection::default()
        };
        assert_eq!(
            r.pick(&selection).map(|f| f.filename.as_str()),
            Some(*want),
            "{os}/{arch}"
        );
    }
    let chosen = Selection {
        version: Some("go1.22.0".into()),
        os: "windows".into(),
        arch: "amd64".into(),
        kind: Some(Kind::Archive),
    };
    assert_eq!(
        r.pick(&chosen).unwrap().filename,
        "go1.22.0.windows-amd64.zip"
    );
    let source = Selection {
        kind: Some(Kind::Source),
        ..chosen
    };
    assert_eq!(r.pick(&source).unwrap().filename, "go1.22.0.src.tar.gz");
    let nothing = Selection {
        os: "plan9".into(),
        arch: "mips".into(),
        ..Selection::default()
    };
    assert_eq!(r.pick(&nothing), None);
}

/// A real official checksum identifies a renamed download, and the size the list gives makes a
/// short file `truncated`.
#[test]
fn verdicts_against_the_snapshot() {
    let r = snapshot();
    let official = r.by_name("go1.22.0.linux-amd64.tar.gz").unwrap().clone();
    let gz = Findings {
        format: Format::Gzip,
        ..Findings::default()
    };
    let run = |name: &str, size_bytes: u64, sha256: Digest| {
        let facts = Facts {
            name,
            size_bytes,
            sha256,
            findings: gz,
        };
        match decide(&facts, &Expected::default(), Some(&r)) {
            Decision::Final(v) => (v.kind, v.source),
            Decision::NeedsGzipCheck => panic!("size is known: no second pass needed"),
        }
    };
    assert_eq!(
        run("go (2).tar.gz", 68_988_925, official.sha256),
        (Verdict::Match, Source::Official)
    );
    assert_eq!(
        run(&official.filename, 1 << 20, Digest::of(b"short")),
        (Verdict::Truncated, Source::Official)
    );
    let arm = r.by_name("go1.22.0.linux-arm64.tar.gz").unwrap().sha256;
    assert_eq!(
        run(&official.filename, 1 << 20, arm),
        (Verdict::WrongFile, Source::Official)
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
