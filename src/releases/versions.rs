//! Names and versions: Go's version order (`go1.9` < `go1.10rc1` < `go1.10` < `go1.10.1`)
//! and the copy number a browser or OS adds to a repeated download's name.

use std::cmp::Ordering;

/// Removes the copy number a browser or OS adds to a repeated download: `name (1).tar.gz`,
/// `name(2).zip`, `name-1.msi`. `None` when there is none.
pub fn strip_copy_number(filename: &str) -> Option<String> {
    let (stem, ext) = split_extension(filename);
    let trimmed = stem.trim_end();
    let cut = if let Some(open) = trimmed.strip_suffix(')').and_then(|s| s.rfind('(')) {
        let digits = &trimmed[open + 1..trimmed.len() - 1];
        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(open)
    } else if let Some(dash) = trimmed.rfind('-') {
        let digits = &trimmed[dash + 1..];
        (!digits.is_empty() && digits.len() <= 3 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then_some(dash)
    } else {
        None
    }?;
    Some(format!("{}{ext}", trimmed[..cut].trim_end()))
}

/// Splits `name.tar.gz` into (`name`, `.tar.gz`); other names at their last dot.
fn split_extension(filename: &str) -> (&str, &str) {
    let lower = filename.to_ascii_lowercase();
    if lower.ends_with(".tar.gz") {
        return filename.split_at(filename.len() - 7);
    }
    match filename.rfind('.') {
        Some(dot) if dot > 0 => filename.split_at(dot),
        _ => (filename, ""),
    }
}

/// Orders Go versions: `go1.9` < `go1.10rc1` < `go1.10` < `go1.10.1`.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    version_key(a).cmp(&version_key(b)).then_with(|| a.cmp(b))
}

/// (numbers, stage, stage number): stage 0 beta, 1 rc, 2 release.
fn version_key(version: &str) -> (Vec<u32>, u8, u32) {
    let v = version.strip_prefix("go").unwrap_or(version);
    let (numbers, stage, stage_number) = match v.find(|c: char| c.is_ascii_lowercase()) {
        Some(i) => {
            let (nums, tail) = v.split_at(i);
            let stage = if tail.starts_with("rc") { 1 } else { 0 };
            let n = tail
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .parse()
                .unwrap_or(0);
            (nums, stage, n)
        }
        None => (v, 2, 0),
    };
    let mut parts: Vec<u32> = numbers.split('.').map(|p| p.parse().unwrap_or(0)).collect();
    // go1.21 is go1.21.0.
    while parts.len() < 3 {
        parts.push(0);
    }
    (parts, stage, stage_number)
}
