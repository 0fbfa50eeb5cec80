//! `get --install DIR`: the verified archive unpacked as `DIR/go`, the old tree replaced only
//! once the new one is whole, by renames: unpack into `DIR/.go.new-PID`, move `DIR/go` aside
//! to `DIR/.go.old`, move the new tree in, remove the old. A run stopped between two renames
//! leaves `DIR/.go.old` and no `DIR/go`; the next run puts it back before anything else
//! ([`recover`]). Entries that would land outside the new tree (absolute paths, `..`, links
//! pointing out) are refused.
//!
//! Which archive fits and whether it verified is decided before this runs; the words of the
//! PATH line for each shell are this file's.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use super::get::words;
use super::shell::Shell;
use super::Failure;

const NEW_PREFIX: &str = ".go.new-";
const OLD: &str = ".go.old";

fn io_error(path: &Path, e: impl std::fmt::Display) -> Failure {
    Failure::input(format!("{}: {e}", path.display()))
}

/// Puts back a tree a stopped run moved aside (`DIR/.go.old` with no `DIR/go`) and removes
/// unfinished new trees (`DIR/.go.new-*`).
///
/// # Errors
///
/// A rename or removal that fails (exit 1), naming the path.
pub fn recover(dir: &Path, shell: &Shell) -> Result<(), Failure> {
    let go = dir.join("go");
    let old = dir.join(OLD);
    if old.is_dir() {
        if go.symlink_metadata().is_err() {
            shell.warn(&words(
                "cli-install-put-back",
                &[("path", &go.display().to_string())],
            ));
            fs::rename(&old, &go).map_err(|e| io_error(&old, e))?;
        } else {
            // The new tree got in; only the old one's removal was left.
            fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
        }
    }
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(NEW_PREFIX) {
                let path = entry.path();
                fs::remove_dir_all(&path).map_err(|e| io_error(&path, e))?;
            }
        }
    }
    Ok(())
}

/// Whether `name` (an entry's path in the archive) stays inside the tree: relative, no `..`,
/// nothing but plain names and `.`.
pub fn stays_inside(name: &Path) -> bool {
    name.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
}

/// Whether a link at `entry` pointing to `target` stays inside the tree it belongs to (the
/// archive's top folder, `go/`, which is what moves into place).
pub fn link_stays_inside(entry: &Path, target: &Path) -> bool {
    if target.is_absolute() {
        return false;
    }
    // Depth below the tree's root of the folder holding the link.
    let mut depth: i64 = entry
        .parent()
        .map(|p| {
            p.components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count() as i64
        })
        .unwrap_or(0);
    for c in target.components() {
        match c {
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            _ => return false,
        }
        if depth < 1 {
            return false;
        }
    }
    true
}

/// Unpacks `archive` (a verified `.tar.gz`, or `.zip`) as `dir/go`, runs `dir/go/bin/go
/// version`, and returns the Go root and that line.
///
/// # Errors
///
/// An entry that escapes the tree, an archive without `go/`, a full disk, a `go` that does not
/// run (exit 1).
pub fn install(archive: &Path, dir: &Path, shell: &Shell) -> Result<(PathBuf, String), Failure> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    recover(dir, shell)?;
    let staging = dir.join(format!("{NEW_PREFIX}{}", std::process::id()));
    fs::create_dir_all(&staging).map_err(|e| io_error(&staging, e))?;
    shell.status(&words(
        "cli-install-unpacking",
        &[("archive", &archive.display().to_string())],
    ));
    let unpacked = unpack(archive, &staging);
    if let Err(e) = unpacked {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let new_root = staging.join("go");
    if !new_root.join("bin").is_dir() {
        let _ = fs::remove_dir_all(&staging);
        return Err(Failure::input(words(
            "cli-install-no-go",
            &[("archive", &archive.display().to_string())],
        )));
    }
    let go = dir.join("go");
    let old = dir.join(OLD);
    if go.symlink_metadata().is_ok() {
        fs::rename(&go, &old).map_err(|e| io_error(&go, e))?;
    }
    fs::rename(&new_root, &go).map_err(|e| io_error(&new_root, e))?;
    let _ = fs::remove_dir_all(&staging);
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| io_error(&old, e))?;
    }
    let root = fs::canonicalize(&go).unwrap_or(go);
    let exe = root
        .join("bin")
        .join(if cfg!(windows) { "go.exe" } else { "go" });
    let output = Command::new(&exe)
        .arg("version")
        .env("GOROOT", &root)
        .output()
        .map_err(|e| io_error(&exe, e))?;
    let line = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if !output.status.success() || line.is_empty() {
        return Err(Failure::input(words(
            "cli-install-go-failed",
            &[
                ("go", &exe.display().to_string()),
                ("error", String::from_utf8_lossy(&output.stderr).trim()),
            ],
        )));
    }
    Ok((root, line))
}

/// The line that puts `root/bin` on PATH in the user's shell.
pub fn path_line(root: &Path) -> String {
    let bin = root.join("bin");
    let shell = std::env::var("SHELL").unwrap_or_default();
    if cfg!(windows) {
        format!("set PATH={};%PATH%", bin.display())
    } else if shell.ends_with("fish") {
        format!("fish_add_path {}", bin.display())
    } else {
        format!("export PATH={}:$PATH", bin.display())
    }
}

fn unpack(archive: &Path, into: &Path) -> Result<(), Failure> {
    let name = archive.to_string_lossy().to_ascii_lowercase();
    if name.ends_with(".zip") {
        unpack_zip(archive, into)
    } else {
        unpack_tar_gz(archive, into)
    }
}

fn unpack_tar_gz(archive: &Path, into: &Path) -> Result<(), Failure> {
    let file = fs::File::open(archive).map_err(|e| io_error(archive, e))?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(std::io::BufReader::new(file)));
    tar.set_preserve_permissions(true);
    tar.set_overwrite(true);
    let entries = tar.entries().map_err(|e| io_error(archive, e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| io_error(archive, e))?;
        let path = entry.path().map_err(|e| io_error(archive, e))?.into_owned();
        if !stays_inside(&path) {
            return Err(Failure::input(words(
                "cli-install-escapes",
                &[
                    ("archive", &archive.display().to_string()),
                    ("entry", &path.display().to_string()),
                ],
            )));
        }
        let kind = entry.header().entry_type();
        if kind.is_symlink() || kind.is_hard_link() {
            let target = entry
                .link_name()
                .map_err(|e| io_error(archive, e))?
                .map(|t| t.into_owned())
                .unwrap_or_default();
            // A hard link's target is a path from the archive's root.
            let inside = if kind.is_hard_link() {
                stays_inside(&target)
            } else {
                link_stays_inside(&path, &target)
            };
            if !inside {
                return Err(Failure::input(words(
                    "cli-install-link-outside",
                    &[
                        ("archive", &archive.display().to_string()),
                        ("entry", &path.display().to_string()),
                        ("target", &target.display().to_string()),
                    ],
                )));
            }
        }
        // unpack_in refuses `..` again and never follows a link out of `into`.
        entry
            .unpack_in(into)
            .map_err(|e| io_error(&into.join(&path), e))?;
    }
    Ok(())
}

fn unpack_zip(archive: &Path, into: &Path) -> Result<(), Failure> {
    let file = fs::File::open(archive).map_err(|e| io_error(archive, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| io_error(archive, e))?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| io_error(archive, e))?;
        let Some(relative) = entry.enclosed_name() else {
            return Err(Failure::input(words(
                "cli-install-escapes",
                &[
                    ("archive", &archive.display().to_string()),
                    ("entry", entry.name()),
                ],
            )));
        };
        let out = into.join(&relative);
        if entry.is_dir() {
            fs::create_dir_all(&out).map_err(|e| io_error(&out, e))?;
            continue;
        }
        if let Some(parent) = out.parent() {
            fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
        }
        let mut w = fs::File::create(&out).map_err(|e| io_error(&out, e))?;
        std::io::copy(&mut entry, &mut w).map_err(|e| io_error(&out, e))?;
        #[cfg(unix)]
        if let Some(mode) = entry.unix_mode() {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&out, fs::Permissions::from_mode(mode & 0o777));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_links_stay_inside() {
        let inside = ["go/bin/go", "./go/x", "go"];
        let outside = ["/etc/passwd", "../x", "go/../../x", "go/.."];
        for p in inside {
            assert!(stays_inside(Path::new(p)), "{p}");
        }
        for p in outside {
            assert!(!stays_inside(Path::new(p)), "{p}");
        }
        let links = [
            ("go/bin/gofmt", "go", true),
            ("go/bin/gofmt", "../pkg/tool", true),
            ("go/bin/gofmt", "../../go/x", false),
            ("go/bin/gofmt", "../../../x", false),
            ("go/bin/gofmt", "/usr/bin/x", false),
            ("go/x", "../../y", false),
        ];
        for (entry, target, ok) in links {
            assert_eq!(
                link_stays_inside(Path::new(entry), Path::new(target)),
                ok,
                "{entry} -> {target}"
            );
        }
    }
}
