//! What a pasted text says: the output of `go env` (as Linux and macOS print it, as `set X=…` on
//! Windows, or `go env -json`) or an error message from go, curl, wget, tar, gzip, sha256sum or
//! PowerShell, in English or as a Chinese locale prints it, read into findings
//! (`#paste-findings [data-finding]`), each with its words and the commands that confirm or
//! fix it on each OS.
//!
//! The signs it looks for and the command templates are data ([`Rules`], `www/data/paste.json`),
//! and the words are the strings of [`Part::Paste`](crate::i18n::Part): the page fetches both
//! on the box's first use, so a visit that never pastes does not download them. The reading of
//! lines, values and settings stays in this module's files: `rules` (the rules read and
//! checked), `scan` (lines into findings), `goenv` (a `go env` listing), `lines` (what a line
//! of an error names), `patterns` (GOPRIVATE patterns), `advice` (words and commands) and
//! `answer` (what the page is answered).
//!
//! A finding says only what the paste shows: GOTOOLCHAIN=auto, the default, makes no finding
//! by itself, since the go command downloads a toolchain only when a go.mod asks for a newer Go
//! than the one installed, which a `go env` listing does not show.
//!
//! Pure and bounded: [`analyse`] reads at most [`MAX_PASTE_BYTES`] of the text, and each line
//! at most [`MAX_LINE_BYTES`], with a fixed set of signs, so its work grows linearly with what
//! it reads whatever is pasted; text that is mostly control characters is called binary at
//! once. The findings do not depend on the language; [`words`] and [`commands`] put them in
//! the visitor's language. Every pasted value that goes into a command is quoted for that OS's
//! shell (`commands::quote`), so a value holding `'` or `$(…)` stays one word. Nothing here
//! touches the network: a paste never leaves the page.
//!
//! `go env -json` is read line by line (`"KEY": "value",`), as `go env` prints it, rather than
//! with a JSON parser: a paste is often a cut-off object among other lines, and the page keeps
//! a JSON parser out of its wasm (Cargo.toml).

mod advice;
mod answer;
mod goenv;
mod lines;
mod patterns;
mod rules;
mod scan;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use advice::{commands, words};
pub use answer::{explain, Explained, Question, Rows, Shown};
pub use rules::{Rules, RULES_FILE, RULES_WHAT};
pub use scan::analyse;

/// The most of a paste that is read, in bytes: a `go env` output or an error is a few KiB.
pub const MAX_PASTE_BYTES: usize = 256 * 1024;
/// The most of one line that is read, in bytes.
pub const MAX_LINE_BYTES: usize = 4 * 1024;
/// How much of the start decides whether a paste is binary, in bytes.
const BINARY_SAMPLE_BYTES: usize = 16 * 1024;

/// What a finding is about: the contract's `data-finding` keys (DESIGN.md), in the order the
/// page shows them: settings first, then the network, then files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// GOPROXY is the default or starts with `direct`.
    GoproxyDefault,
    /// `GOSUMDB=off`.
    GosumdbOff,
    /// GOINSECURE is set, or GOFLAGS holds `-insecure`.
    Insecure,
    /// GOPRIVATE, GONOSUMDB or GONOPROXY match public modules of every host.
    PrivateTooWide,
    /// A variable of the environment shadows `go env -w`.
    EnvOverride,
    /// The paste shows the go command downloading a Go toolchain or needing a newer Go, or
    /// GOTOOLCHAIN names a toolchain other than the Go installed (`reason` `setting`).
    ToolchainDownload,
    /// A connection or a read timed out (curl 28).
    Timeout,
    /// A host name could not be resolved (curl 6).
    Dns,
    /// A connection was refused or had no route (curl 7).
    Refused,
    /// The TLS handshake broke off (curl 35).
    TlsHandshake,
    /// The connection was reset or cut (curl 56).
    ConnectionReset,
    /// The certificate is signed by an unknown authority (x509, curl 60).
    TlsUnknownCa,
    /// A module does not match go.sum or the checksum database (`SECURITY ERROR`).
    ModuleChecksumMismatch,
    /// gzip or tar found the archive cut short or damaged.
    ArchiveCut,
    /// gzip found no gzip data at all (an HTML page saved as the archive).
    NotAnArchive,
    /// sha256sum (or shasum, or a PowerShell comparison) found another SHA-256.
    Sha256Mismatch,
    /// 404, or a module proxy's 404 or 410.
    NoSuchFile,
    /// 403 from the closed storage.googleapis.com bucket.
    GcsGone,
    /// Nothing else matched.
    NotRecognised,
}

impl Key {
    /// Every key, in the page's order.
    pub const ALL: [Key; 19] = [
        Key::GoproxyDefault,
        Key::GosumdbOff,
        Key::Insecure,
        Key::PrivateTooWide,
        Key::EnvOverride,
        Key::ToolchainDownload,
        Key::Timeout,
        Key::Dns,
        Key::Refused,
        Key::TlsHandshake,
        Key::ConnectionReset,
        Key::TlsUnknownCa,
        Key::ModuleChecksumMismatch,
        Key::ArchiveCut,
        Key::NotAnArchive,
        Key::Sha256Mismatch,
        Key::NoSuchFile,
        Key::GcsGone,
        Key::NotRecognised,
    ];

    /// The contract's name (`data-finding`), also the stem of the finding's strings.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::GoproxyDefault => "goproxy-default",
            Key::GosumdbOff => "gosumdb-off",
            Key::Insecure => "insecure",
            Key::PrivateTooWide => "private-too-wide",
            Key::EnvOverride => "env-override",
            Key::ToolchainDownload => "toolchain-download",
            Key::Timeout => "timeout",
            Key::Dns => "dns",
            Key::Refused => "refused",
            Key::TlsHandshake => "tls-handshake",
            Key::ConnectionReset => "connection-reset",
            Key::TlsUnknownCa => "tls-unknown-ca",
            Key::ModuleChecksumMismatch => "module-checksum-mismatch",
            Key::ArchiveCut => "archive-cut",
            Key::NotAnArchive => "not-an-archive",
            Key::Sha256Mismatch => "sha256-mismatch",
            Key::NoSuchFile => "no-such-file",
            Key::GcsGone => "gcs-gone",
            Key::NotRecognised => "not-recognised",
        }
    }

    /// Whether the finding is about reaching a host (its words and commands name the host).
    fn about_network(self) -> bool {
        matches!(
            self,
            Key::Timeout
                | Key::Dns
                | Key::Refused
                | Key::TlsHandshake
                | Key::ConnectionReset
                | Key::TlsUnknownCa
        )
    }
}

/// One finding: its key and the values read from the paste, by name (`var`, `value`,
/// `pattern`, `flags`, `version`, `local`, `host`, `url`, `file`, `suggested`, `module`,
/// `reason`, `line`: the first line that showed it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it is about.
    pub key: Key,
    values: Vec<(&'static str, String)>,
}

impl Finding {
    fn new(key: Key) -> Finding {
        Finding {
            key,
            values: Vec::new(),
        }
    }

    /// The value read for `name`, if any.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` unless it has a value (the first sighting wins).
    fn keep(&mut self, name: &'static str, value: Option<String>) {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            if self.value(name).is_none() {
                self.values.push((name, value));
            }
        }
    }
}

/// What a paste holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The findings, in [`Key::ALL`]'s order, one per key; empty for an empty paste.
    pub findings: Vec<Finding>,
    /// How many bytes were read.
    pub read_bytes: usize,
    /// Whether the paste was longer than what was read.
    pub cut: bool,
}

impl Analysis {
    /// The contract's keys, in order.
    pub fn keys(&self) -> Vec<&'static str> {
        self.findings.iter().map(|f| f.key.as_str()).collect()
    }
}

/// `text` up to `max` bytes, on a character boundary; and whether it was longer.
fn head(text: &str, max: usize) -> (&str, bool) {
    if text.len() <= max {
        return (text, false);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], true)
}

/// Whether the text is binary rather than something a terminal printed: more than one in
/// twenty characters of its start are control characters or replacement characters (which is
/// what bytes that are not UTF-8 become).
fn binary(text: &str) -> bool {
    let (sample, _) = head(text, BINARY_SAMPLE_BYTES);
    let (mut all, mut odd) = (0usize, 0usize);
    for c in sample.chars() {
        all += 1;
        if (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{1b}')) || c == '\u{fffd}' {
            odd += 1;
        }
    }
    odd * 20 > all
}
