//! `get` when `DIR/NAME` is already there: it is hashed first, with the reading loop `verify`
//! uses ([`crate::cli::verify::hash_file`]), and judged by the core's verdict against the
//! official file. A match is the answer (nothing is measured or downloaded); anything else is
//! said in the verdict's words and the file is fetched again into `NAME.part`, which replaces
//! `NAME` only once it verifies (the engine's rename).

use std::path::Path;

use crate::explain::{explain, headline};
use crate::i18n::Lang;
use crate::releases::{OfficialFile, Releases};
use crate::verdict::{self, Decision, Expected, Facts, Kind};

use crate::cli::shell::Shell;
use crate::cli::verify::{check_gzip_file, hash_file};

use super::words;

/// Whether the file at `path` is already the official `file`. Says on stderr what was found:
/// that it matches, or the verdict in words and that it is fetched again. A file that is not
/// there is not a match and says nothing; one that cannot be read is said and fetched again.
/// `releases` judges it when it can alone ([`Releases::decides_alone`]: the small list of
/// current releases cannot tell an older release's file from no official file); else `whole`
/// gives the whole list, when it can be had.
pub(super) fn matches(
    path: &Path,
    file: &OfficialFile,
    releases: &Releases,
    whole: &dyn Fn() -> Option<Releases>,
    lang: Lang,
    shell: &Shell,
) -> bool {
    let shown = path.display().to_string();
    if !path.is_file() {
        return false;
    }
    let bar = shell.bytes_bar(file.size_bytes, &shown);
    let hashed = hash_file(path, &bar);
    bar.finish_and_clear();
    let mut hashed = match hashed {
        Ok(hashed) => hashed,
        Err(e) => {
            shell.warn(&words(
                "cli-get-present-unreadable",
                &[("path", &shown), ("error", &e.to_string())],
            ));
            return false;
        }
    };
    let loaded;
    let releases = if releases.decides_alone(&file.filename, hashed.size_bytes, &hashed.sha256) {
        releases
    } else {
        loaded = whole();
        loaded.as_ref().unwrap_or(releases)
    };
    let expected = Expected::default();
    let decide = |hashed: &crate::inspect::Hashed| {
        let facts = Facts {
            name: &file.filename,
            size_bytes: hashed.size_bytes,
            sha256: hashed.sha256,
            findings: hashed.findings,
        };
        verdict::decide(&facts, &expected, Some(releases))
    };
    let verdict = match decide(&hashed) {
        Decision::Final(v) => *v,
        Decision::NeedsGzipCheck => {
            let bar = shell.bytes_bar(file.size_bytes, &shown);
            let structure = check_gzip_file(path, &bar);
            bar.finish_and_clear();
            match structure {
                Ok(structure) => {
                    hashed.findings.structure = structure;
                    match decide(&hashed) {
                        Decision::Final(v) => *v,
                        Decision::NeedsGzipCheck => verdict::unfinished(Kind::Error),
                    }
                }
                Err(_) => verdict::unfinished(Kind::Error),
            }
        }
    };
    // Only the official checksum makes a file the one asked for: the same bytes under
    // another version's name are not it.
    if verdict.kind == Kind::Match && hashed.sha256 == file.sha256 {
        shell.status(&words("cli-get-present-match", &[("path", &shown)]));
        return true;
    }
    let mut lines = vec![format!("{shown}: {}", headline(lang, verdict.kind))];
    lines.extend(
        explain(lang, &verdict, hashed.size_bytes, "")
            .into_iter()
            .map(|s| format!("  {s}")),
    );
    lines.push(format!(
        "  {}",
        words("cli-get-present-again", &[("path", &shown)])
    ));
    shell.warn(&lines.join("\n"));
    false
}
