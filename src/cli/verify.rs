//! `gomirror verify FILE...`: the page's verdict for each file, one line a file on stdout
//! (`VERDICT  FILE`, or the report's `verdicts` with `--json`), and on stderr, in words, why
//! each file that is not a match is what it is.
//!
//! It gathers the facts the page's hashing worker gathers (`worker/mod.rs`): the SHA-256
//! ([`StreamHasher`]), what the first and last bytes show ([`inspect`]), what a gzip's head
//! inflates to, and, only when [`verdict::decide`] asks for it, a second pass over a gzip
//! stream; the verdict, its order and its words are the core's (`verdict.rs`, `explain.rs`).
//! Where the page inflates with the browser's `DecompressionStream`, [`GzipCheck`] (`gzip.rs`)
//! inflates with flate2's raw inflater and reads the gzip header and trailer itself, so that it
//! says what the browser says: a stream cut short is refused nowhere and does not end; a bad
//! code, a wrong CRC-32 or length, or bytes after the end are refused. Files are hashed on
//! threads of their own (as many as there are cores), each read in blocks that stay in the
//! cache, so that SHA-256 is the only bottleneck.
//!
//! The official list: `--list`, else the built-in snapshot, and the live list only when some
//! file is in the snapshot neither by name nor by its bytes (and no pasted checksum is for it):
//! a check of files the snapshot knows never touches the network.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use indicatif::ProgressBar;

use crate::checksum::StreamHasher;
use crate::explain::{explain, headline, source_words};
use crate::i18n::{fill, text, Lang};
use crate::inspect::{inspect, Format, Hashed, Structure, HEAD_BYTES, TAIL_BYTES};
use crate::releases::Releases;
use crate::report::Checked;
use crate::verdict::{self, Decision, Expected, Facts, Kind, Verdict};

use super::args::{Common, Verify};
use super::gzip::{inflated_start, GzipCheck};
use super::inputs;
use super::shell::Shell;
use super::{Exit, Failure, Outcome, Settings};

/// How many bytes are read at a time. Small enough that a block stays in the CPU's cache
/// between the kernel's copy and the hash: with 64 KiB, hashing 256 MiB from the page cache
/// took 0.01–0.05 s of system time here; with 128 KiB to 4 MiB, 0.10–0.15 s, for the same
/// user time (SHA-NI's); `sha256sum` and `openssl` read small blocks too.
pub const BLOCK_BYTES: usize = 64 << 10;

/// One file named on the command line, and what became of it.
#[derive(Debug)]
struct Subject {
    /// The path as given.
    path: PathBuf,
    /// The name the verdict goes by: the path's last part, as the page has a file's name.
    name: String,
    /// The first pass, or why the file could not be read.
    hashed: Result<Hashed, String>,
    /// The verdict, once decided.
    verdict: Option<Verdict>,
}

/// Runs `gomirror verify`.
pub fn run(args: &Verify, common: &Common, settings: &Settings, shell: &mut Shell) -> Outcome {
    let lang = settings.lang;
    let mut expected = Expected::default();
    if let Some(value) = &args.sha256 {
        let bad = || Failure::input(fill(lang, "cli-verify-bad-sha256", &[("value", value)]));
        match expected.set_pasted(value) {
            Ok(0) | Err(_) => return Err(bad()),
            Ok(_) => {}
        }
    }

    // A list named on the command line is read first: a bad one fails before any hashing.
    let given = match common.list.as_deref() {
        Some(location) => Some(inputs::list(
            Some(location),
            &inputs::catalog(None)?,
            shell,
        )?),
        None => None,
    };
    let shell: &Shell = shell;
    // A bar for each file while it is read (drawn on a terminal only), gone once it is done.
    let bar = |path: &Path, label: String| {
        let len = std::fs::metadata(path).ok().map(|m| m.len());
        shell.bytes_bar(len, &label)
    };
    let hashed = parallel(&args.files, |_, path| {
        let bar = bar(path, display(path));
        let result = hash_file(path, &bar).map_err(|e| e.to_string());
        bar.finish_and_clear();
        result
    });
    let mut subjects: Vec<Subject> = args
        .files
        .iter()
        .zip(hashed)
        .map(|(path, hashed)| Subject {
            name: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| display(path)),
            path: path.clone(),
            hashed,
            verdict: None,
        })
        .collect();

    let list = match given {
        Some(list) => list,
        None => official_list(&subjects, &expected, common, lang, shell)?,
    };
    let releases = Some(&list.releases);

    // First decisions; a gzip whose verdict hangs on whether its stream is whole gets the
    // second pass, all of them at once, then is decided again.
    let mut second: Vec<usize> = Vec::new();
    for (i, subject) in subjects.iter_mut().enumerate() {
        match &subject.hashed {
            Err(_) => subject.verdict = Some(verdict::unfinished(Kind::Error)),
            Ok(hashed) => match decide(subject, hashed, &expected, releases) {
                Decision::Final(v) => subject.verdict = Some(*v),
                Decision::NeedsGzipCheck => second.push(i),
            },
        }
    }
    let paths: Vec<&Path> = second.iter().map(|&i| subjects[i].path.as_path()).collect();
    let structures = parallel(&paths, |_, path| {
        let label = format!("{} ({})", display(path), text(lang, "cli-verify-checking"));
        let bar = bar(path, label);
        let result = check_gzip_file(path, &bar);
        bar.finish_and_clear();
        result
    });
    for (i, structure) in second.into_iter().zip(structures) {
        let subject = &mut subjects[i];
        match (structure, &mut subject.hashed) {
            (Ok(structure), Ok(hashed)) => {
                hashed.findings.structure = structure;
                let hashed = hashed.clone();
                subject.verdict = Some(match decide(subject, &hashed, &expected, releases) {
                    Decision::Final(v) => *v,
                    // A checked stream is never unchecked again; should the core ask once
                    // more, the file gets no verdict it did not earn.
                    Decision::NeedsGzipCheck => verdict::unfinished(Kind::Error),
                });
            }
            (Err(e), _) => {
                subject.hashed = Err(e.to_string());
                subject.verdict = Some(verdict::unfinished(Kind::Error));
            }
            (Ok(_), Err(_)) => subject.verdict = Some(verdict::unfinished(Kind::Error)),
        }
    }

    let checked: Vec<Checked> = subjects.iter().map(checked).collect();
    for (subject, row) in subjects.iter().zip(&checked) {
        if row.verdict != Kind::Match.as_str() {
            say_why(lang, subject, shell);
        }
    }
    if settings.json {
        let json = serde_json::to_string_pretty(&checked)
            .map_err(|e| Failure::input(format!("the verdicts as JSON: {e}")))?;
        println!("{json}");
    } else {
        for row in &checked {
            println!("{}  {}", row.verdict, row.file);
        }
    }
    Ok(if subjects.iter().any(|s| s.hashed.is_err()) {
        Exit::Input
    } else if checked.iter().any(|c| c.verdict != Kind::Match.as_str()) {
        Exit::Verify
    } else {
        Exit::Ok
    })
}

/// A path as the user wrote it, for lines and labels.
fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// The core's decision for a hashed file.
fn decide(
    subject: &Subject,
    hashed: &Hashed,
    expected: &Expected,
    releases: Option<&Releases>,
) -> Decision {
    let facts = Facts {
        name: &subject.name,
        size_bytes: hashed.size_bytes,
        sha256: hashed.sha256,
        findings: hashed.findings,
    };
    verdict::decide(&facts, expected, releases)
}

/// The report's row for a file, as the page writes it (`web/view/next.rs`): no checksum for a
/// file that could not be read.
fn checked(subject: &Subject) -> Checked {
    let verdict = subject
        .verdict
        .clone()
        .unwrap_or_else(|| verdict::unfinished(Kind::Error));
    let hashed = subject.hashed.as_ref().ok();
    Checked {
        file: display(&subject.path),
        size_bytes: hashed.map_or(0, |h| h.size_bytes),
        sha256: hashed
            .filter(|_| verdict.kind != Kind::Error)
            .map(|h| h.sha256.to_hex()),
        verdict: verdict.kind.as_str().to_string(),
        expected_sha256: verdict.expected_sha256.map(|d| d.to_hex()),
        source: verdict.source.as_str().to_string(),
    }
}

/// Why a file is not a match, on stderr: the headline, the core's sentences, and the two
/// checksums side by side when there are two.
fn say_why(lang: Lang, subject: &Subject, shell: &Shell) {
    let Some(verdict) = &subject.verdict else {
        return;
    };
    let (size, reason) = match &subject.hashed {
        Ok(h) => (h.size_bytes, String::new()),
        Err(e) => (0, e.clone()),
    };
    let mut lines = vec![format!(
        "{}: {}",
        display(&subject.path),
        headline(lang, verdict.kind)
    )];
    // The page's sentence for `error` speaks of the browser; here it is this command.
    let sentences = match verdict.kind {
        Kind::Error => vec![fill(
            lang,
            "cli-verify-unreadable",
            &[("file", &display(&subject.path)), ("reason", &reason)],
        )],
        _ => explain(lang, verdict, size, &reason),
    };
    lines.extend(sentences.into_iter().map(|s| format!("  {s}")));
    if let (Some(expected), Ok(hashed)) = (verdict.expected_sha256, &subject.hashed) {
        // Beside an empty file, the two checksums say nothing more.
        if expected != hashed.sha256 && verdict.kind != Kind::Empty {
            let source = source_words(lang, verdict.source);
            let values = [("sha256", expected.to_hex()), ("source", source.into())];
            let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
            lines.push(format!("  {}", fill(lang, "cli-verify-expected", &values)));
            let got = hashed.sha256.to_hex();
            lines.push(format!(
                "  {}",
                fill(lang, "cli-verify-got", &[("sha256", &got)])
            ));
        }
    }
    shell.status(&lines.join("\n"));
}

/// The official list the files are judged against without `--list`: the built-in snapshot,
/// unless some readable file is in it neither by name nor by its bytes and has no pasted
/// checksum: then the live list (which falls back to the snapshot by itself).
fn official_list(
    subjects: &[Subject],
    expected: &Expected,
    common: &Common,
    lang: Lang,
    shell: &Shell,
) -> Result<inputs::List, Failure> {
    let snapshot = inputs::snapshot()?;
    let unknown = subjects.iter().any(|s| match &s.hashed {
        Ok(h) => {
            !expected.has_pasted_for(&s.name)
                && snapshot.releases.by_intended_name(&s.name).is_none()
                && snapshot.releases.by_hash(&h.sha256).is_none()
        }
        Err(_) => false,
    });
    if !unknown {
        return Ok(snapshot);
    }
    let date = snapshot.source.snapshot_date.clone().unwrap_or_default();
    shell.status(&fill(lang, "cli-verify-live-list", &[("date", &date)]));
    let catalog = inputs::catalog(common.catalog.as_deref())?;
    inputs::list(None, &catalog, shell)
}

/// Runs `work` over every item on up to `available_parallelism` threads; the answers come back
/// in the items' order.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if threads <= 1 {
        return items.iter().enumerate().map(|(i, t)| work(i, t)).collect();
    }
    let next = AtomicUsize::new(0);
    let answers: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let answer = work(i, item);
                if let Ok(mut answers) = answers.lock() {
                    answers[i] = Some(answer);
                }
            });
        }
    });
    answers
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// Reads a file to its end in [`BLOCK_BYTES`] blocks, handing each to `each` in order (whole
/// blocks but the last, whatever the reads return) until it answers `false`. One thread reads
/// and hashes: a reader thread a block ahead measured no faster (the copy then crosses cores),
/// and the kernel's read-ahead already overlaps a disk with the hashing.
fn read_blocks(
    path: &Path,
    bar: &ProgressBar,
    mut each: impl FnMut(&[u8]) -> bool,
) -> io::Result<()> {
    let mut file = File::open(path)?;
    let mut block = vec![0u8; BLOCK_BYTES];
    loop {
        let filled = read_full(&mut file, &mut block)?;
        if filled == 0 {
            return Ok(());
        }
        bar.inc(filled as u64);
        if !each(&block[..filled]) || filled < BLOCK_BYTES {
            return Ok(());
        }
    }
}

/// Fills `block` from `file` as far as the file goes; how many bytes that is.
fn read_full(file: &mut File, block: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < block.len() {
        match file.read(&mut block[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The first pass over a file, as the page's worker makes it (`hash_blob`): its SHA-256 and
/// size, what its first and last bytes show, and for a gzip what its head inflates to.
///
/// # Errors
///
/// When the file cannot be opened or read.
pub fn hash_file(path: &Path, bar: &ProgressBar) -> io::Result<Hashed> {
    let mut hasher = StreamHasher::new();
    let mut head: Vec<u8> = Vec::with_capacity(HEAD_BYTES);
    read_blocks(path, bar, |block| {
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(block.len());
            head.extend_from_slice(&block[..take]);
        }
        hasher.update(block);
        true
    })?;
    // The tail is read again once the hash is done, as the page does for a file: it keeps
    // the loop above to hashing alone.
    let size_bytes = hasher.len_bytes();
    let tail = read_tail(path, size_bytes)?;
    let mut findings = inspect(&head, &tail);
    if findings.format == Format::Gzip {
        findings = findings.with_inflated_start(&inflated_start(&head));
    }
    Ok(Hashed {
        size_bytes,
        sha256: hasher.finish(),
        findings,
    })
}

/// The last [`TAIL_BYTES`] of the first `size_bytes` of a file (the ones that were hashed).
fn read_tail(path: &Path, size_bytes: u64) -> io::Result<Vec<u8>> {
    let mut file = File::open(path)?;
    let start = size_bytes.saturating_sub(TAIL_BYTES as u64);
    file.seek(SeekFrom::Start(start))?;
    let mut tail = Vec::with_capacity(TAIL_BYTES);
    file.take(size_bytes - start).read_to_end(&mut tail)?;
    Ok(tail)
}

/// The second pass over a gzip file: whether its stream is whole.
///
/// # Errors
///
/// When the file cannot be opened or read.
pub fn check_gzip_file(path: &Path, bar: &ProgressBar) -> io::Result<Structure> {
    let mut check = GzipCheck::new();
    read_blocks(path, bar, |block| {
        check.update(block);
        // Once refused, the rest of the file cannot change the answer.
        !check.refused()
    })?;
    Ok(check.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_answers_in_order() {
        let items: Vec<u32> = (0..50).collect();
        let answers = parallel(&items, |i, x| (i as u32) * 1000 + x * 2);
        assert_eq!(answers, items.iter().map(|x| x * 1002).collect::<Vec<_>>());
        assert!(parallel(&Vec::<u32>::new(), |_, x| *x).is_empty());
    }
}
