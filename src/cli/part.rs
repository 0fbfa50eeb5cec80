//! The `.part` file and its resume map on disk: where they live (`DIR/NAME.part`,
//! `DIR/NAME.part.map`), opening a `.part` only when its map vouches for it, and writing the
//! map so that a kill at any instant leaves one that never claims bytes not on disk (the data
//! is flushed first; the map is written to a temporary file and renamed over the old one).
//!
//! What the map says and whether it may be trusted is the core's (`plan::PartMap`); which
//! bytes to fetch is `get`'s.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::checksum::Digest;
use crate::plan::{DoneRange, PartMap};

use super::get::words;
use super::shell::Shell;
use super::Failure;

/// `DIR/NAME.part`.
pub fn part_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.part"))
}

/// `DIR/NAME.part.map`.
pub fn map_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.part.map"))
}

/// An open `.part` of the whole file's size, and the ranges its map vouches for.
#[derive(Debug)]
pub struct Part {
    /// The file, opened for reading and writing.
    pub file: File,
    /// `NAME.part`.
    pub path: PathBuf,
    /// `NAME.part.map`.
    pub map: PathBuf,
    /// The ranges on disk from an earlier run.
    pub done: Vec<DoneRange>,
}

/// Opens `DIR/NAME.part` for a file of `size_bytes` with `sha256`: an existing one is kept
/// only with a map that is readable and for this very file (else it is discarded, saying
/// why); a new one is created at full size.
///
/// # Errors
///
/// The folder or file cannot be created or written (exit 1), naming the path.
pub fn open(
    dir: &Path,
    name: &str,
    sha256: &Digest,
    size_bytes: u64,
    shell: &Shell,
) -> Result<Part, Failure> {
    let path = part_path(dir, name);
    let map = map_path(dir, name);
    let mut done = Vec::new();
    if path.exists() {
        match trusted(&path, &map, name, sha256, size_bytes) {
            Ok(ranges) => done = ranges,
            Err(why) => {
                shell.warn(&words(
                    "cli-get-discard",
                    &[("part", &path.display().to_string()), ("why", &why)],
                ));
                remove(&path)?;
            }
        }
    }
    if done.is_empty() {
        // A map without its .part, or one for a discarded .part, says nothing true.
        let _ = fs::remove_file(&map);
    }
    fs::create_dir_all(dir).map_err(|e| Failure::input(format!("{}: {e}", dir.display())))?;
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    file.set_len(size_bytes)
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    Ok(Part {
        file,
        path,
        map,
        done,
    })
}

/// The done ranges of an existing `.part`, if its map may be trusted.
fn trusted(
    path: &Path,
    map: &Path,
    name: &str,
    sha256: &Digest,
    size_bytes: u64,
) -> Result<Vec<DoneRange>, String> {
    let text = match fs::read(map) {
        Ok(bytes) => String::from_utf8(bytes)
            .map_err(|_| words("cli-get-map-damaged", &[("error", "not UTF-8 text")]))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(words("cli-get-no-map", &[]))
        }
        Err(e) => {
            return Err(words(
                "cli-get-map-unreadable",
                &[("error", &e.to_string())],
            ))
        }
    };
    let parsed =
        PartMap::parse(&text).map_err(|e| words("cli-get-map-damaged", &[("error", &e)]))?;
    let part_bytes = fs::metadata(path).map_err(|e| e.to_string())?.len();
    parsed.check(name, sha256, size_bytes, part_bytes)?;
    Ok(parsed.done)
}

/// Removes a `.part` (and its map), naming it when that fails.
///
/// # Errors
///
/// The file cannot be removed (exit 1).
pub fn remove(path: &Path) -> Result<(), Failure> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Failure::input(format!("{}: {e}", path.display()))),
    }
    let mut map = path.as_os_str().to_owned();
    map.push(".map");
    let _ = fs::remove_file(PathBuf::from(map));
    Ok(())
}

/// Writes `map` at `path` by way of a temporary file renamed over it, after flushing `data`
/// (the `.part`) so that the map never claims bytes that are not on disk.
///
/// # Errors
///
/// What the file system said.
pub fn write_map(data: &File, path: &Path, map: &PartMap) -> std::io::Result<()> {
    data.sync_data()?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let mut f = File::create(&tmp)?;
    f.write_all(map.to_text().as_bytes())?;
    f.sync_data()?;
    fs::rename(&tmp, path)
}

/// Writes all of `bytes` at `offset` of `file` (positioned writes: pieces land out of order).
///
/// # Errors
///
/// What the file system said (a full disk among others).
pub fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let (mut bytes, mut offset) = (bytes, offset);
        while !bytes.is_empty() {
            let n = file.seek_write(bytes, offset)?;
            if n == 0 {
                return Err(std::io::ErrorKind::WriteZero.into());
            }
            bytes = &bytes[n..];
            offset += n as u64;
        }
        Ok(())
    }
}

/// Fills `buffer` from `offset` of `file`.
///
/// # Errors
///
/// What the file system said, or the file ending first.
pub fn read_exact_at(file: &File, buffer: &mut [u8], offset: u64) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buffer, offset)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let (mut filled, mut offset) = (0, offset);
        while filled < buffer.len() {
            let n = file.seek_read(&mut buffer[filled..], offset)?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            filled += n;
            offset += n as u64;
        }
        Ok(())
    }
}
