//! The release list's tests: reading and refusing lists, choices of files, versions and
//! names. Native only: they read JSON text, which the wasm build leaves to the browser.

use std::cmp::Ordering;

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

/// The versions of a whole list (and whether each is stable), and what `?mode=json` holds.
type CurrentRow = (&'static [(&'static str, bool)], &'static [&'static str]);

/// Each row: the versions of a whole list, and what `?mode=json` holds.
const CURRENT: &[CurrentRow] = &[
    (
        &[
            ("go1.26rc1", false),
            ("go1.25.4", true),
            ("go1.25.3", true),
            ("go1.25.0", true),
            ("go1.24.10", true),
            ("go1.24.9", true),
            ("go1.23.12", true),
        ],
        &["go1.25.4", "go1.24.10"],
    ),
    // In any order; a `.0` release is still a minor version's latest until its first patch.
    (
        &[
            ("go1.9.7", true),
            ("go1.21.0", true),
            ("go1.20.14", true),
            ("go1.10", true),
            ("go1.21rc2", false),
        ],
        &["go1.21.0", "go1.20.14"],
    ),
    // Versions without a patch number (go1.20 is go1.20.0) sort below their patches.
    (
        &[("go1.20", true), ("go1.20.1", true), ("go1.19", true)],
        &["go1.20.1", "go1.19"],
    ),
    (&[("go1.22.0", true)], &["go1.22.0"]),
    (&[("go1.22rc1", false)], &[]),
    (&[], &[]),
];

#[test]
fn current_releases_are_the_two_newest_minors_latest_stable_patches() {
    for (versions, want) in CURRENT {
        let got = current_versions(versions.iter().copied());
        assert_eq!(got, *want, "{versions:?}");
    }
}

#[test]
fn the_small_list_decides_alone_only_what_it_can_see() {
    let whole = format!(
        "[{},{}]",
        release("go1.22.1", &[("linux", "amd64", "tar.gz", "archive")], 1),
        release("go1.12.0", &[("linux", "amd64", "tar.gz", "archive")], 2),
    );
    let whole = Releases::parse(&whole).unwrap();
    let small = release("go1.22.1", &[("linux", "amd64", "tar.gz", "archive")], 1);
    let small = Releases::parse(&format!("[{small}]")).unwrap();
    let current = whole.by_name("go1.22.1.linux-amd64.tar.gz").unwrap().sha256;
    let old = whole.by_name("go1.12.0.linux-amd64.tar.gz").unwrap().sha256;
    let other = crate::checksum::Digest::from_hex(&"ab".repeat(32)).unwrap();
    // Each row: a file's name, size and hash, and whether the small list's verdict is final.
    let rows = [
        // The current file, whole: `match` from either list.
        ("go1.22.1.linux-amd64.tar.gz", 100, current, true),
        // The same, renamed by the browser: the small list knows the name it means.
        ("go1.22.1.linux-amd64 (1).tar.gz", 100, current, true),
        // A current name with an old release's bytes: `wrong-file`, which only the whole
        // list can tell from a mismatch.
        ("go1.22.1.linux-amd64.tar.gz", 100, old, false),
        // A current name, bytes of no official file: perhaps a mismatch, perhaps an older
        // file's; the whole list decides.
        ("go1.22.1.linux-amd64.tar.gz", 100, other, false),
        // An old release's file: its name is not in the small list.
        ("go1.12.0.linux-amd64.tar.gz", 100, old, false),
        // A name that is no official file's, bytes of the current file: found by its bytes,
        // but the name could still be an older file's in the whole list.
        ("download.bin", 100, current, false),
        ("download.bin", 100, other, false),
        // An empty file is `empty` whatever the list.
        ("download.bin", 0, other, true),
    ];
    for (name, size_bytes, sha256, want) in rows {
        assert_eq!(
            small.decides_alone(name, size_bytes, &sha256),
            want,
            "{name} {size_bytes} {}",
            sha256.to_hex()
        );
    }
    assert!(small.has_version("go1.22.1"));
    assert!(!small.has_version("go1.12.0"));
}
