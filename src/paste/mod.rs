//! What a pasted text says: the output of `go env` (as Linux and macOS print it, as `set X=…` on
//! Windows, or `go env -json`) or an error message from go, curl, wget, tar, gzip, sha256sum or
//! PowerShell, in English or as a Chinese locale prints it, read into findings
//! (`#paste-findings [data-finding]`), each with its words and the commands that confirm or
//! fix it on each OS.
//!
//! The signs it looks for and the command templates are data ([`Rules`], `www/data/paste.json`),
//! and the words are the strings of [`Part::Paste`](crate::i18n::Part): the page fetches both
//! on the box's first use, so a visit that never pastes does not download them. The reading of
//! lines, values and settings stays here.
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

use serde::Deserializer;

use crate::commands::{quote, word, Os};
use crate::diagnosis::host_of;
use crate::error::Error;
use crate::i18n::{fill, substitute, text, Lang};
use crate::releases::compare_versions;

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
    /// A Go toolchain download failed, or GOTOOLCHAIN will download one.
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

/// A sign in a line: what it means when the lowercased line contains the needle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Sign {
    /// This key.
    Is(Key),
    /// curl 7: timed out when the line says so, refused otherwise.
    Curl7,
    /// The go command downloading a toolchain: `go: downloading go1.22.0 (linux/amd64)`.
    ToolchainFetch,
    /// `go.mod requires go >= 1.22.0 (running go 1.21.0; GOTOOLCHAIN=local)`.
    Requires,
    /// `warning: go env -w GOPROXY=... does not override conflicting OS environment variable`.
    Override,
    /// `verifying golang.org/x/net@v0.1.0: checksum mismatch`.
    Verifying,
    /// storage.googleapis.com named; a 403 makes it `gcs-gone`.
    Bucket,
    /// A 403 or "forbidden".
    Forbidden,
}

impl Sign {
    /// The sign named `name` in the rules file: a finding's key, or one of the signs that read
    /// more of the line.
    fn from_name(name: &str) -> Option<Sign> {
        const READERS: [(&str, Sign); 7] = [
            ("curl-7", Sign::Curl7),
            ("toolchain-fetch", Sign::ToolchainFetch),
            ("requires", Sign::Requires),
            ("override", Sign::Override),
            ("verifying", Sign::Verifying),
            ("bucket", Sign::Bucket),
            ("forbidden", Sign::Forbidden),
        ];
        Key::ALL
            .iter()
            .find(|k| k.as_str() == name)
            .map(|&k| Sign::Is(k))
            .or_else(|| READERS.iter().find(|(n, _)| *n == name).map(|(_, s)| *s))
    }
}

/// Where the page finds the rules, relative to the page.
pub const RULES_FILE: &str = "data/paste.json";
/// The rules' name in messages.
pub const RULES_WHAT: &str = "paste rules";

/// The OSes a template of the rules serves, named in the rules file by one OS's GOOS name,
/// `unix` (Linux and macOS where they agree) or `any` (all three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Serves {
    /// `any`.
    Any,
    /// `unix`.
    Unix,
    /// `linux`, `darwin` or `windows`.
    One(Os),
}

impl Serves {
    /// What `name` in the rules file serves; `None` for no such name.
    fn from_name(name: &str) -> Option<Serves> {
        match name {
            "any" => Some(Serves::Any),
            "unix" => Some(Serves::Unix),
            goos => Os::from_goos(goos).map(Serves::One),
        }
    }
}

/// What [`analyse`] looks for and what [`commands`] writes: the signs in a line (needles by
/// sign) and the command templates by finding and OS, read from `www/data/paste.json`. They are
/// data, fetched with the paste's strings when the visitor first uses the box, so a visit that
/// never pastes does not download them.
///
/// The needles are lowercase (`to_ascii_lowercase` leaves Chinese as it is) and are messages
/// as the tools print them: curl's own (never translated; its `strerror` part is), wget's and
/// tar's from their zh_CN translations, glibc's and Windows' error texts in Chinese,
/// PowerShell 5.1's (.NET Framework, translated) and 7's, and the go command's (never
/// translated). In a template, `{c-NAME}` is the comment `paste-c-NAME` in the visitor's
/// language and the other `{…}` are values that [`commands`] fills.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// The needles of each sign, in [`Sign`]'s order (a toolchain's fetch before its
    /// requirement, so the version it names is kept first).
    signs: Vec<(Sign, Vec<String>)>,
    /// The lines of the commands of each finding, by the OSes they serve.
    commands: Vec<(Key, Serves, String)>,
}

/// The rules file as written: lists of strings, whose first items say what the rest are
/// (lists rather than objects, so that reading them adds little to the page's wasm).
#[derive(serde::Deserialize)]
struct RawRules {
    /// Each a sign's name, then its needles.
    signs: Vec<Vec<String>>,
    /// Each a finding's key, an OS (`linux`, `darwin`, `windows`, `unix` or `any`), then the
    /// lines of its commands.
    commands: Vec<Vec<String>>,
}

impl Rules {
    /// Reads and checks the rules (`www/data/paste.json`): every sign and finding named must
    /// exist, every needle be lowercase and not empty, and every finding have commands for
    /// Linux, macOS and Windows.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] when the file is not of the rules' shape, [`Error::Invalid`] naming the
    /// entry that breaks a rule.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Rules, Error> {
        let raw: RawRules = crate::error::read_json(RULES_WHAT, deserializer)?;
        let invalid = |location: String, problem: String| Error::Invalid {
            what: RULES_WHAT,
            location,
            problem,
        };
        let mut rules = Rules::default();
        for (i, mut needles) in raw.signs.into_iter().enumerate() {
            let name = if needles.is_empty() {
                String::new()
            } else {
                needles.remove(0)
            };
            let location = format!("signs[{i}] {}", crate::error::quote(&name, 40));
            let sign = Sign::from_name(&name)
                .ok_or_else(|| invalid(location.clone(), "no such sign".into()))?;
            if let Some(bad) = needles
                .iter()
                .find(|n| n.trim().is_empty() || n.to_ascii_lowercase() != **n)
            {
                let problem = format!(
                    "needle {} must be lowercase and not empty",
                    crate::error::quote(bad, 80)
                );
                return Err(invalid(location, problem));
            }
            rules.signs.push((sign, needles));
        }
        crate::order::sort_by(&mut rules.signs, &|a, b| a.0.cmp(&b.0));
        for (i, entry) in raw.commands.iter().enumerate() {
            let (name, os) = match entry.as_slice() {
                [name, os, _, ..] => (name.as_str(), os.as_str()),
                _ => ("", ""),
            };
            let location = format!("commands[{i}] {}", crate::error::quote(name, 40));
            let key = Key::ALL
                .into_iter()
                .find(|k| k.as_str() == name)
                .ok_or_else(|| invalid(location.clone(), "no such finding".into()))?;
            let serves = Serves::from_name(os).ok_or_else(|| {
                invalid(
                    location,
                    format!("no such OS {}", crate::error::quote(os, 40)),
                )
            })?;
            rules.commands.push((key, serves, entry[2..].join("\n")));
        }
        for key in Key::ALL {
            for os in Os::ALL {
                if rules.template(key, os).is_none() {
                    let location = format!("commands of {}", crate::error::quote(key.as_str(), 40));
                    return Err(invalid(location, format!("none for {}", os.as_str())));
                }
            }
        }
        Ok(rules)
    }

    /// The template of `key`'s commands on `os`: its own, its family's (`unix`), or `any`.
    fn template(&self, key: Key, os: Os) -> Option<&str> {
        let family = match os {
            Os::Linux | Os::Darwin => Serves::Unix,
            Os::Windows => Serves::One(os),
        };
        [Serves::One(os), family, Serves::Any]
            .into_iter()
            .find_map(|wanted| {
                self.commands
                    .iter()
                    .find(|(k, o, _)| *k == key && *o == wanted)
                    .map(|(_, _, t)| t.as_str())
            })
    }
}

/// The variables of `go env` that findings read.
const VARIABLES: &[&str] = &[
    "GOPROXY",
    "GOSUMDB",
    "GOINSECURE",
    "GOFLAGS",
    "GOPRIVATE",
    "GONOSUMDB",
    "GONOPROXY",
    "GOTOOLCHAIN",
    "GOVERSION",
];

/// The findings of `text`, by `rules` (see the module's doc).
pub fn analyse(rules: &Rules, text: &str) -> Analysis {
    let (text, cut) = head(text, MAX_PASTE_BYTES);
    let mut analysis = Analysis {
        findings: Vec::new(),
        read_bytes: text.len(),
        cut,
    };
    if text.trim().is_empty() {
        return analysis;
    }
    if binary(text) {
        let mut finding = Finding::new(Key::NotRecognised);
        finding.keep("reason", Some("binary".into()));
        analysis.findings.push(finding);
        return analysis;
    }
    let mut scan = Scan {
        signs: &rules.signs,
        ..Scan::default()
    };
    for line in text.lines() {
        scan.line(head(line, MAX_LINE_BYTES).0);
    }
    analysis.findings = scan.finish();
    analysis
}

/// What the lines read so far hold.
#[derive(Default)]
struct Scan<'r> {
    /// The signs to look for.
    signs: &'r [(Sign, Vec<String>)],
    found: Vec<Finding>,
    /// `go env` values, the last one of each variable.
    env: Vec<(&'static str, String)>,
    /// The last host, URL and Go file name seen.
    host: Option<String>,
    url: Option<String>,
    file: Option<String>,
    /// A storage.googleapis.com URL, and whether a 403 was seen.
    bucket: Option<String>,
    forbidden: bool,
}

impl Scan<'_> {
    fn finding(&mut self, key: Key) -> &mut Finding {
        let at = match self.found.iter().position(|f| f.key == key) {
            Some(at) => at,
            None => {
                self.found.push(Finding::new(key));
                self.found.len() - 1
            }
        };
        &mut self.found[at]
    }

    fn line(&mut self, line: &str) {
        if let Some((name, value)) = setting(line) {
            match self.env.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = value,
                None => self.env.push((name, value)),
            }
            return;
        }
        let lower = line.to_ascii_lowercase();
        let url = url_in(line);
        let host = url
            .as_deref()
            .map(|u| host_of(u).to_string())
            .filter(|h| is_host(h))
            .or_else(|| host_near(line));
        let file = go_file_in(line);
        if url.is_some() {
            self.url.clone_from(&url);
        }
        if host.is_some() {
            self.host.clone_from(&host);
        }
        if file.is_some() {
            self.file.clone_from(&file);
        }
        let mut keys: Vec<Key> = Vec::new();
        let signs = self.signs;
        for (sign, needles) in signs {
            for needle in needles {
                if lower.contains(needle.as_str()) {
                    self.sign(*sign, line, &lower, url.as_ref(), &mut keys);
                }
            }
        }
        // sha256sum -c: `go1.22.0.linux-amd64.tar.gz: FAILED` (zh_CN: `: 失败`); the Windows
        // commands of this page print MISMATCH.
        let trimmed = line.trim();
        let failed = trimmed
            .strip_suffix(": FAILED")
            .or_else(|| trimmed.strip_suffix(": 失败"));
        if let Some(name) = failed {
            keys.push(Key::Sha256Mismatch);
            let name = name.trim().to_string();
            self.finding(Key::Sha256Mismatch).keep("file", Some(name));
        } else if trimmed == "MISMATCH" {
            keys.push(Key::Sha256Mismatch);
        }
        for key in keys {
            let (host, url, file) = (
                host.clone().or_else(|| self.host.clone()),
                url.clone().or_else(|| self.url.clone()),
                file.clone().or_else(|| self.file.clone()),
            );
            let finding = self.finding(key);
            finding.keep("line", Some(crate::error::clip(line.trim(), 300)));
            if key.about_network() {
                finding.keep("host", host);
            }
            // A proxy's 404 for a toolchain names its version, not a file.
            if matches!(key, Key::NoSuchFile) && lower.contains("toolchain") {
                finding.keep("version", toolchain_version(&lower));
            }
            if matches!(
                key,
                Key::NoSuchFile
                    | Key::ArchiveCut
                    | Key::NotAnArchive
                    | Key::Sha256Mismatch
                    | Key::ConnectionReset
            ) {
                finding.keep("url", url);
                finding.keep("file", file);
            }
        }
    }

    /// What one sign in `line` says: the keys it adds, and the values it reads.
    fn sign(
        &mut self,
        sign: Sign,
        line: &str,
        lower: &str,
        url: Option<&String>,
        keys: &mut Vec<Key>,
    ) {
        match sign {
            Sign::Is(key) => keys.push(key),
            Sign::Curl7 => keys.push(if lower.contains("timed out") {
                Key::Timeout
            } else {
                Key::Refused
            }),
            Sign::ToolchainFetch => {
                keys.push(Key::ToolchainDownload);
                let version = toolchain_version(lower);
                self.finding(Key::ToolchainDownload)
                    .keep("version", version);
            }
            Sign::Requires => {
                keys.push(Key::ToolchainDownload);
                let version = lower
                    .split("requires go >=")
                    .nth(1)
                    .and_then(|rest| version_token(rest.trim_start()))
                    .map(|v| format!("go{v}"));
                self.finding(Key::ToolchainDownload)
                    .keep("version", version);
            }
            Sign::Override => {
                let var = line
                    .split("-w ")
                    .nth(1)
                    .and_then(|rest| rest.split('=').next())
                    .filter(|v| is_variable_name(v))
                    .map(str::to_string);
                keys.push(Key::EnvOverride);
                self.finding(Key::EnvOverride).keep("var", var);
            }
            Sign::Verifying => {
                let module = line
                    .split("verifying ")
                    .nth(1)
                    .and_then(|rest| rest.split(": ").next())
                    .map(|m| m.trim().to_string())
                    .filter(|m| !m.is_empty() && !m.contains(char::is_whitespace));
                keys.push(Key::ModuleChecksumMismatch);
                self.finding(Key::ModuleChecksumMismatch)
                    .keep("module", module);
            }
            Sign::Bucket => {
                if self.bucket.is_none() {
                    self.bucket = url.cloned().or_else(|| Some(String::new()));
                }
                if lower.contains("storage.googleapis.com/golang") {
                    self.forbidden = true;
                }
            }
            Sign::Forbidden => self.forbidden = true,
        }
    }

    fn env(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The findings of the settings read, then every finding in the page's order.
    fn finish(mut self) -> Vec<Finding> {
        // A setting's finding shows the setting as its line.
        let setting = |key: Key, values: Vec<(&'static str, String)>| {
            let mut finding = Finding::new(key);
            if let [(_, var), (_, value), ..] = values.as_slice() {
                finding.keep(
                    "line",
                    Some(crate::error::clip(&format!("{var}={value}"), 300)),
                );
            }
            for (name, value) in values {
                finding.keep(name, Some(value));
            }
            finding
        };
        let mut settings = Vec::new();
        if let Some(value) = self.env("GOPROXY") {
            let first = value
                .split([',', '|'])
                .next()
                .unwrap_or_default()
                .trim()
                .trim_end_matches('/')
                .to_ascii_lowercase();
            if matches!(
                first.as_str(),
                "direct" | "https://proxy.golang.org" | "proxy.golang.org"
            ) {
                settings.push(setting(
                    Key::GoproxyDefault,
                    vec![("var", "GOPROXY".into()), ("value", value.into())],
                ));
            }
        }
        if self.env("GOSUMDB").is_some_and(|v| v.trim() == "off") {
            settings.push(setting(
                Key::GosumdbOff,
                vec![("var", "GOSUMDB".into()), ("value", "off".into())],
            ));
        }
        let goflags = self.env("GOFLAGS").unwrap_or_default();
        let flags: Vec<&str> = goflags.split_whitespace().collect();
        let insecure = |f: &&str| matches!(*f, "-insecure" | "--insecure" | "-insecure=true");
        if let Some(value) = self.env("GOINSECURE").filter(|v| !v.trim().is_empty()) {
            settings.push(setting(
                Key::Insecure,
                vec![("var", "GOINSECURE".into()), ("value", value.into())],
            ));
        } else if flags.iter().any(insecure) {
            let rest: Vec<&str> = flags.iter().filter(|f| !insecure(f)).copied().collect();
            settings.push(setting(
                Key::Insecure,
                vec![
                    ("var", "GOFLAGS".into()),
                    ("value", goflags.into()),
                    ("flags", rest.join(" ")),
                ],
            ));
        }
        for var in ["GOPRIVATE", "GONOSUMDB", "GONOPROXY"] {
            let Some(value) = self.env(var) else { continue };
            let patterns: Vec<&str> = value
                .split(',')
                .map(|p| p.trim().trim_end_matches('/'))
                .filter(|p| !p.is_empty())
                .collect();
            if let Some(wide) = patterns.iter().find(|p| matches_everything(p)) {
                let narrow: Vec<&str> = patterns
                    .iter()
                    .filter(|p| !matches_everything(p))
                    .copied()
                    .collect();
                settings.push(setting(
                    Key::PrivateTooWide,
                    vec![
                        ("var", var.into()),
                        ("value", value.into()),
                        ("pattern", (*wide).into()),
                        ("narrow", narrow.join(",")),
                    ],
                ));
                break;
            }
        }
        if let Some(value) = self.env("GOTOOLCHAIN") {
            let local = self
                .env("GOVERSION")
                .and_then(|v| v.split_whitespace().next())
                .map(str::to_string);
            let (min, mode) = match value.trim().split_once('+') {
                Some((min, mode)) => (min, mode),
                None => (value.trim(), ""),
            };
            let downloads = match (min, mode) {
                ("auto", _) | (_, "auto") => true,
                ("local" | "path" | "", _) | (_, "path") => false,
                (version, _) => local
                    .as_deref()
                    .is_none_or(|l| compare_versions(version, l).is_gt()),
            };
            if downloads {
                let mut values = vec![("var", "GOTOOLCHAIN".into()), ("value", value.into())];
                if min.starts_with("go1") {
                    values.push(("version", min.into()));
                }
                if let Some(local) = local {
                    values.push(("local", local));
                }
                settings.push(setting(Key::ToolchainDownload, values));
            }
        }
        // A paste's own sighting keeps its line; a setting adds its values.
        for mut finding in settings {
            let found = self.finding(finding.key);
            for (name, value) in finding.values.drain(..) {
                found.keep(name, Some(value));
            }
        }
        if let Some(url) = self.bucket.take().filter(|_| self.forbidden) {
            let file = self.file.clone();
            let finding = self.finding(Key::GcsGone);
            finding.keep("url", Some(url));
            finding.keep("file", file);
        }
        // Go 1.21 and later name a line's first release `go1.N.0`: a `go1.22` name is missing.
        for finding in &mut self.found {
            if matches!(finding.key, Key::NoSuchFile | Key::ToolchainDownload) {
                let name = finding.value("file").or(finding.value("version"));
                let suggested = name.and_then(first_release_name);
                finding.keep("suggested", suggested);
            }
        }
        if self.found.is_empty() {
            let mut finding = Finding::new(Key::NotRecognised);
            finding.keep("reason", Some("text".into()));
            self.found.push(finding);
        }
        crate::order::sort_by(&mut self.found, &|a, b| a.key.cmp(&b.key));
        self.found
    }
}

/// A `go env` line: `GOPROXY='…'` (sh-quoted, as Linux and macOS print it; older Go used
/// double quotes), `set GOPROXY=…` (Windows), `"GOPROXY": "…",` (`go env -json`), and
/// `export GOPROXY=…` or `$env:GOPROXY = '…'` from a profile. Only [`VARIABLES`] are read.
fn setting(line: &str) -> Option<(&'static str, String)> {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix('"') {
        let (name, rest) = rest.split_once('"')?;
        let name = VARIABLES.iter().find(|v| **v == name)?;
        let rest = rest.trim_start().strip_prefix(':')?.trim_start();
        return Some((name, json_string(rest)?));
    }
    // Windows' `set` prints the value as it is: no quotes to take off, `\` in paths kept.
    let (line, raw) = match line.strip_prefix("set ") {
        Some(rest) => (rest, true),
        None => (
            ["export ", "$env:"]
                .iter()
                .find_map(|p| line.strip_prefix(p))
                .unwrap_or(line),
            false,
        ),
    };
    let (name, value) = line.split_once('=')?;
    let name = VARIABLES.iter().find(|v| **v == name.trim())?;
    let value = value.trim();
    Some((
        name,
        if raw {
            value.to_string()
        } else {
            sh_unquote(value)
        },
    ))
}

/// A value as a shell reads it: `'…'` literally, `"…"` with `\` escapes, `\x` as `x`, others
/// as they are; concatenated (`'a'\''b'` is `a'b`).
fn sh_unquote(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    out.push(c);
                }
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(next) = chars.next() {
                                if !matches!(next, '"' | '\\' | '$' | '`') {
                                    out.push('\\');
                                }
                                out.push(next);
                            }
                        }
                        c => out.push(c),
                    }
                }
            }
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

/// The JSON string at the start of `text` (`"…"`, with its escapes), if it is one.
fn json_string(text: &str) -> Option<String> {
    let mut chars = text.strip_prefix('"')?.chars();
    let mut out = String::new();
    loop {
        match chars.next()? {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let unit = u32::from_str_radix(&hex, 16).ok()?;
                    // A surrogate half alone is no character: the replacement character.
                    out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                }
                c => out.push(c),
            },
            c => out.push(c),
        }
    }
}

/// Whether `name` looks like an environment variable's name.
fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// The first http(s) URL in `line`, without the quotes and punctuation around it.
fn url_in(line: &str) -> Option<String> {
    let at = line.find("https://").or_else(|| line.find("http://"))?;
    let url: String = line[at..]
        .chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '‘' | '’' | '“' | '”')
        })
        .collect();
    let url = url.trim_end_matches(['.', ',', ';', ':', ')', ']', '。', '，']);
    (url.len() > "https://".len()).then(|| url.to_string())
}

/// Whether `host` is a plausible host name or IPv4 address (a dot in it, host characters only).
fn is_host(host: &str) -> bool {
    host.len() <= 253
        && host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// A host named after the words tools put before one: curl's `resolve host:`, `connect to`,
/// Go's `lookup`, wget's `Resolving` and `Connecting to` (and their zh_CN words), PowerShell's
/// `could not be resolved:`.
fn host_near(line: &str) -> Option<String> {
    const BEFORE: &[&str] = &[
        "resolve host: ",
        "resolve host ",
        "connect to ",
        "lookup ",
        "Resolving ",
        "Connecting to ",
        "host address ",
        "could not be resolved: ",
        "正在解析主机 ",
        "正在连接 ",
        "无法解析主机地址 ",
        "未能解析此远程名称: ",
        "未能解析此远程名称:",
    ];
    BEFORE.iter().find_map(|before| {
        let rest = line.split(before).nth(1)?;
        let token: String = rest
            .trim_start_matches(['\'', '"', '‘', '“', '`'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .collect();
        let token = token.trim_end_matches('.');
        is_host(token).then(|| token.to_string())
    })
}

/// A Go release file named in `line` (`go1.22.0.linux-amd64.tar.gz`, or the toolchain module's
/// zip `v0.0.1-go1.22.0.linux-amd64.zip`).
fn go_file_in(line: &str) -> Option<String> {
    let separators = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '/' | '"' | '\'' | '`' | '(' | ')' | '<' | '>' | '‘' | '’' | '“' | '”' | '@' | '：'
            )
    };
    line.split(separators).find_map(|token| {
        let token = token.trim_end_matches(['.', ',', ';', ':', '。']);
        let token = token.strip_prefix("v0.0.1-").unwrap_or(token);
        let name_ok = token.starts_with("go1")
            && [".tar.gz", ".zip", ".msi", ".pkg"]
                .iter()
                .any(|ext| token.ends_with(ext))
            && token.len() <= 80
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        name_ok.then(|| token.to_string())
    })
}

/// A version's digits and dots at the start of `text` (`1.22.0`, `1.22rc1`).
fn version_token(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(text.len());
    let token = text[..end].trim_end_matches('.');
    token
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(token)
}

/// The toolchain version in a go command's line: `go1.22.0` of `go: downloading go1.22.0
/// (linux/amd64)`, `go: download go1.22.0 for …`, `golang.org/toolchain@v0.0.1-go1.22.0.…`.
fn toolchain_version(lower: &str) -> Option<String> {
    let at = lower
        .find("download go1")
        .map(|i| i + "download go".len())
        .or_else(|| {
            lower
                .find("downloading go1")
                .map(|i| i + "downloading go".len())
        })
        .or_else(|| lower.find("v0.0.1-go1").map(|i| i + "v0.0.1-go".len()))
        .or_else(|| lower.find(": go1").map(|i| i + ": go".len()))?;
    let version = version_token(&lower[at..])?;
    // The toolchain zip's name goes on with the platform: `1.22.0.linux-amd64`.
    let numbers: Vec<&str> = version
        .split('.')
        .take_while(|p| p.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    Some(format!("go{}", numbers.join(".")))
}

/// For a name of a release line without its patch number, from Go 1.21 on (`go1.22`,
/// `go1.22.linux-amd64.tar.gz`), the name of that line's first release (`go1.22.0…`).
fn first_release_name(name: &str) -> Option<String> {
    let rest = name.strip_prefix("go1.")?;
    let minor_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let minor: u32 = rest[..minor_end].parse().ok()?;
    let after = &rest[minor_end..];
    // `go1.22.0…` already has its patch; `go1.22rc1` is a release candidate.
    let patched = after
        .strip_prefix('.')
        .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
    if minor < 21 || patched || after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(format!("go1.{minor}.0{after}"))
}

/// Public module paths of different hosts: a pattern that matches two of them matches
/// everything that matters.
const PUBLIC_MODULES: &[&str] = &[
    "github.com/gin-gonic/gin",
    "golang.org/x/net",
    "google.golang.org/grpc",
    "gopkg.in/yaml.v3",
    "go.uber.org/zap",
    "k8s.io/client-go",
];

/// Whether a GOPRIVATE-style pattern matches public modules of more than one host, as the go
/// command matches them (`module.MatchPrefixPatterns`: the pattern against the path's prefix of
/// as many elements, with `path.Match`).
fn matches_everything(pattern: &str) -> bool {
    if pattern.len() > 256 {
        return false;
    }
    let elements = pattern.split('/').count();
    PUBLIC_MODULES
        .iter()
        .filter(|module| {
            let parts: Vec<&str> = module.split('/').collect();
            parts.len() >= elements && glob(pattern, &parts[..elements].join("/"))
        })
        .count()
        >= 2
}

/// One piece of a `path.Match` pattern.
enum Piece {
    Star,
    Any,
    Char(char),
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

/// Go's `path.Match`: `*` and `?` never match `/`; `[…]` classes with ranges and `^`; `\`
/// escapes. A malformed pattern matches nothing, as `path.Match`'s error makes the go command
/// skip it.
fn glob(pattern: &str, name: &str) -> bool {
    let Some(pieces) = pieces(pattern) else {
        return false;
    };
    let name: Vec<char> = name.chars().collect();
    let fits = |piece: &Piece, c: char| match piece {
        Piece::Star => false,
        Piece::Any => c != '/',
        Piece::Char(p) => *p == c,
        Piece::Class { negated, ranges } => {
            c != '/' && ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
        }
    };
    // Greedy with a return to the last star: a star never spans a `/`, so no earlier star
    // could take what the last one cannot.
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pieces.get(p) {
            Some(Piece::Star) => {
                star = Some((p, n));
                p += 1;
            }
            Some(piece) if fits(piece, name[n]) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((sp, sn)) if name[sn] != '/' => {
                    star = Some((sp, sn + 1));
                    p = sp + 1;
                    n = sn + 1;
                }
                _ => return false,
            },
        }
    }
    pieces[p..].iter().all(|piece| matches!(piece, Piece::Star))
}

fn pieces(pattern: &str) -> Option<Vec<Piece>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // The character at `i`, taking a `\` escape; `None` past the end.
    let escaped = |i: &mut usize| -> Option<char> {
        let mut c = *chars.get(*i)?;
        if c == '\\' {
            *i += 1;
            c = *chars.get(*i)?;
        }
        *i += 1;
        Some(c)
    };
    while i < chars.len() {
        let piece = match chars[i] {
            '*' => {
                i += 1;
                Piece::Star
            }
            '?' => {
                i += 1;
                Piece::Any
            }
            '[' => {
                i += 1;
                let negated = chars.get(i) == Some(&'^');
                if negated {
                    i += 1;
                }
                let mut ranges = Vec::new();
                loop {
                    if chars.get(i) == Some(&']') && !ranges.is_empty() {
                        i += 1;
                        break;
                    }
                    let lo = escaped(&mut i)?;
                    let hi = if chars.get(i) == Some(&'-') {
                        i += 1;
                        escaped(&mut i)?
                    } else {
                        lo
                    };
                    ranges.push((lo, hi));
                }
                Piece::Class { negated, ranges }
            }
            _ => Piece::Char(escaped(&mut i)?),
        };
        out.push(piece);
    }
    Some(out)
}

/// The hosts of the official downloads, module proxy and checksum database: from mainland
/// China the answer to their failing is a mirror or another proxy.
const OFFICIAL_HOSTS: &[&str] = &[
    "go.dev",
    "dl.google.com",
    "proxy.golang.org",
    "sum.golang.org",
    "golang.org",
    "storage.googleapis.com",
];

/// The finding's title and its explanation in `lang`; `official_failing` is whether the page
/// found the official hosts failing while other sources worked (it makes `goproxy-default`
/// say so).
pub fn words(lang: Lang, finding: &Finding, official_failing: bool) -> (String, String) {
    let key = finding.key.as_str();
    let title = text(lang, &format!("paste-{key}")).to_string();
    // What the sentence says where the paste did not name it ("the server", "a module").
    let value = |name: &str| match (finding.value(name), name) {
        (Some(v), _) => v.to_string(),
        (None, "host" | "file" | "module" | "version") => {
            text(lang, &format!("paste-unknown-{name}")).to_string()
        }
        (None, _) => String::new(),
    };
    let sentence_key = match finding.key {
        Key::GoproxyDefault if official_failing => format!("paste-{key}-strong"),
        Key::NotRecognised if finding.value("reason") == Some("binary") => {
            format!("paste-{key}-binary")
        }
        _ => format!("paste-{key}-text"),
    };
    let names = [
        "var", "value", "pattern", "version", "host", "file", "module",
    ];
    let values: Vec<(&str, String)> = names.iter().map(|n| (*n, value(n))).collect();
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let mut sentence = fill(lang, &sentence_key, &values);
    let mut add = |key: &str, values: &[(&str, &str)]| {
        sentence.push(' ');
        sentence.push_str(&fill(lang, key, values));
    };
    if let Some(suggested) = finding.value("suggested") {
        add("paste-suggested", &[("suggested", suggested)]);
    }
    if finding.key.about_network() {
        if let Some(host) = finding.value("host").filter(|h| {
            OFFICIAL_HOSTS
                .iter()
                .any(|o| h == o || h.ends_with(&format!(".{o}")))
        }) {
            add("paste-official-host", &[("host", host)]);
        }
    }
    (title, sentence)
}

/// Where a Go file is when nothing says otherwise.
const OFFICIAL_FILES: &str = "https://dl.google.com/go/";
/// A mirror for the same file (DESIGN.md's table).
const MIRROR_FILES: &str = "https://mirrors.aliyun.com/golang/";

/// The commands for `finding` on `os` from `rules`' template, with comments in `lang`, every
/// value from the paste quoted for that OS's shell.
pub fn commands(rules: &Rules, lang: Lang, finding: &Finding, os: Os) -> Option<String> {
    let template = rules.template(finding.key, os)?;
    let windows = os.is_windows();
    let value = |name: &str| finding.value(name).unwrap_or_default();
    let host = finding.value("host").unwrap_or("dl.google.com");
    let root = format!("https://{host}/");
    let file_name = finding
        .value("file")
        .map(|f| {
            // A name that starts with `-` would be read as an option.
            if f.starts_with('-') {
                format!("./{f}")
            } else {
                f.to_string()
            }
        })
        .unwrap_or_else(|| text(lang, "paste-unknown-file-name").to_string());
    let url = finding.value("url").map(str::to_string).unwrap_or_else(|| {
        if finding.key.about_network() {
            root.clone()
        } else {
            format!("{OFFICIAL_FILES}{file_name}")
        }
    });
    let var = finding
        .value("var")
        .filter(|v| is_variable_name(v))
        .unwrap_or("GOPROXY");
    // `go env -w NAME=VALUE`: sh takes `NAME=` bare and the value quoted; PowerShell reads a
    // bare `a,b` as a list, so the whole argument is quoted there.
    let set = |name: &str, value: &str| {
        if windows {
            format!("go env -w {}", quote(os, &format!("{name}={value}")))
        } else {
            format!("go env -w {name}={}", word(os, value))
        }
    };
    let fix = match finding.key {
        Key::Insecure if var == "GOFLAGS" && !value("flags").is_empty() => {
            set("GOFLAGS", value("flags"))
        }
        Key::Insecure => format!("go env -u {var}"),
        Key::PrivateTooWide if !value("narrow").is_empty() => set(var, value("narrow")),
        Key::PrivateTooWide => format!("go env -u {var}"),
        _ => String::new(),
    };
    let curl = if windows { "curl.exe" } else { "curl" };
    let try_line = match finding.value("suggested") {
        Some(s) if go_file_in(s).is_some() => format!(
            "# {}\n{curl} -fLO {}",
            text(lang, "paste-c-try"),
            quote(os, &format!("{OFFICIAL_FILES}{s}"))
        ),
        Some(s) if windows => format!(
            "# {}\n$env:GOTOOLCHAIN={}; go version",
            text(lang, "paste-c-try"),
            quote(os, s)
        ),
        Some(s) => format!(
            "# {}\nGOTOOLCHAIN={} go version",
            text(lang, "paste-c-try"),
            word(os, s)
        ),
        None => String::new(),
    };
    // Resuming needs the file's URL: from the paste, or the official one for a Go file named.
    let resume = match (finding.value("url"), finding.value("file")) {
        (None, None) => String::new(),
        _ => format!(
            "# {}\n{curl} -fL -C - -o {} {}",
            text(lang, "paste-c-resume"),
            quote(os, &file_name),
            quote(os, &url)
        ),
    };
    let gcs_file = finding
        .value("file")
        .map(str::to_string)
        .unwrap_or_else(|| text(lang, "paste-unknown-file-name").to_string());
    let filled: Vec<(String, String)> = vec![
        ("value".into(), quote(os, value("value"))),
        (
            "setting".into(),
            quote(os, &format!("GOPROXY={}", value("value"))),
        ),
        ("var".into(), var.to_string()),
        ("var-q".into(), quote(os, var)),
        ("fix".into(), fix),
        (
            "version".into(),
            quote(os, finding.value("version").unwrap_or("auto")),
        ),
        ("host".into(), word(os, host)),
        ("host-q".into(), quote(os, host)),
        ("root".into(), quote(os, &root)),
        ("url".into(), quote(os, &url)),
        ("file".into(), quote(os, &file_name)),
        (
            "module".into(),
            finding
                .value("module")
                .map_or_else(|| "all".to_string(), |m| quote(os, m)),
        ),
        ("sum".into(), os.sha256sum().into()),
        ("try".into(), try_line),
        ("resume".into(), resume),
        (
            "official".into(),
            quote(os, &format!("{OFFICIAL_FILES}{gcs_file}")),
        ),
        (
            "mirror".into(),
            quote(os, &format!("{MIRROR_FILES}{gcs_file}")),
        ),
    ];
    // Each `{c-NAME}` of the template is the comment `paste-c-NAME`.
    let comments: Vec<(String, String)> = template
        .split("{c-")
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| {
            (
                format!("c-{name}"),
                text(lang, &format!("paste-c-{name}")).to_string(),
            )
        })
        .collect();
    let values: Vec<(&str, &str)> = filled
        .iter()
        .chain(&comments)
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let out = substitute(template, &values);
    // An empty line where a placeholder was (no fix, nothing to try) goes.
    Some(
        out.lines()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// What the page asks the analyser: the text of the box (at most [`MAX_PASTE_BYTES`] of it is
/// read), whether the box held more than that text, the page's language (a tag,
/// [`Lang::from_tag`]), and whether the page found the official hosts failing while other
/// sources worked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Question {
    /// What was pasted.
    pub text: String,
    /// Whether the box held more than `text`.
    pub longer: bool,
    /// The page's language.
    pub lang: String,
    /// Whether the official hosts failed here while other sources worked.
    pub official_failing: bool,
}

/// One finding as the page shows it, in one language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The contract's `data-finding` key.
    pub key: String,
    /// Its title.
    pub title: String,
    /// What it means.
    pub sentence: String,
    /// The first pasted line that showed it, if one did.
    pub line: Option<String>,
    /// Its commands: each OS of [`Os::ALL`] that has some, and their text.
    pub commands: Vec<(Os, String)>,
}

/// A paste explained, in one language: what the analyser answers the page.
///
/// It crosses between the two modules as rows of strings ([`Rows`]): the page reads them with
/// the deserializer of `Vec<Vec<String>>`, where serde's derive for these two structs would add
/// about 3.4 KB gzip to the page's own module (measured on the built page).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "Rows", try_from = "Rows")]
pub struct Explained {
    /// How many findings there are and whether only part of the paste was read, in words;
    /// empty for an empty paste.
    pub status: String,
    /// The words before a pasted line.
    pub seen: String,
    /// The findings, in [`Key::ALL`]'s order.
    pub findings: Vec<Shown>,
}

/// An [`Explained`] as rows of strings: first `[status, seen]`, then a row per finding:
/// `[key, title, sentence, line or "", commands on each OS of Os::ALL or ""]`.
pub type Rows = Vec<Vec<String>>;

impl From<Explained> for Rows {
    fn from(explained: Explained) -> Rows {
        let head = vec![explained.status, explained.seen];
        let findings = explained.findings.into_iter().map(|f| {
            let mut row = vec![f.key, f.title, f.sentence, f.line.unwrap_or_default()];
            row.extend(Os::ALL.into_iter().map(|os| {
                let mine = f.commands.iter().find(|(o, _)| *o == os);
                mine.map(|(_, text)| text.clone()).unwrap_or_default()
            }));
            row
        });
        std::iter::once(head).chain(findings).collect()
    }
}

impl TryFrom<Rows> for Explained {
    type Error = &'static str;

    fn try_from(rows: Rows) -> Result<Explained, &'static str> {
        let mut rows = rows.into_iter();
        let [status, seen] =
            <[String; 2]>::try_from(rows.next().unwrap_or_default()).map_err(|_| "no head row")?;
        let mut findings = Vec::new();
        for mut row in rows {
            let texts = row.split_off(row.len().min(4));
            let [key, title, sentence, line] =
                <[String; 4]>::try_from(row).map_err(|_| "a finding row is too short")?;
            let commands = Os::ALL
                .into_iter()
                .zip(texts)
                .filter(|(_, text)| !text.is_empty())
                .collect();
            let line = Some(line).filter(|l| !l.is_empty());
            findings.push(Shown {
                key,
                title,
                sentence,
                line,
                commands,
            });
        }
        Ok(Explained {
            status,
            seen,
            findings,
        })
    }
}

/// Answers `question` with `rules` and the words of its language: each finding with its
/// words ([`words`]) and its commands on every OS ([`commands`]).
pub fn explain(rules: &Rules, question: &Question) -> Explained {
    let lang = Lang::from_tag(&question.lang);
    let analysis = analyse(rules, &question.text);
    let findings: Vec<Shown> = analysis
        .findings
        .iter()
        .map(|finding| {
            let (title, sentence) = words(lang, finding, question.official_failing);
            Shown {
                key: finding.key.as_str().to_string(),
                title,
                sentence,
                line: finding.value("line").map(str::to_string),
                commands: Os::ALL
                    .into_iter()
                    .filter_map(|os| Some((os, commands(rules, lang, finding, os)?)))
                    .collect(),
            }
        })
        .collect();
    let mut status = Vec::new();
    if !findings.is_empty() {
        let count = findings.len().to_string();
        status.push(fill(lang, "paste-status", &[("count", &count)]));
    }
    if analysis.cut || question.longer {
        let size = (analysis.read_bytes / 1024).to_string();
        status.push(fill(lang, "paste-cut", &[("size", &size)]));
    }
    Explained {
        status: status.join(" "),
        seen: text(lang, "paste-seen").to_string(),
        findings,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The rules the page fetches, read as the page reads them (through serde).
    fn rules() -> &'static Rules {
        static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
        RULES.get_or_init(|| read_rules(include_str!("../../www/data/paste.json")).unwrap())
    }

    fn read_rules(text: &str) -> Result<Rules, Error> {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        Rules::read(value)
    }

    /// The rules file holds every sign; a broken one is refused with a message naming the entry.
    #[test]
    fn rules_are_read_and_checked() {
        let all = rules();
        for sign in [
            Sign::Curl7,
            Sign::ToolchainFetch,
            Sign::Requires,
            Sign::Override,
            Sign::Verifying,
            Sign::Bucket,
            Sign::Forbidden,
        ] {
            assert!(all.signs.iter().any(|(s, _)| *s == sign), "{sign:?}");
        }
        // In Sign's order, whatever the file's.
        assert!(all.signs.windows(2).all(|w| w[0].0 < w[1].0));
        let commands = r#""commands": [["not-recognised", "any", "go version"]]"#;
        let cases = [
            (
                r#"{"signs": [["dns", "Could Not Resolve"]], "#.to_string() + commands + "}",
                r#"paste rules: signs[0] "dns": needle "Could Not Resolve" must be lowercase and not empty"#,
            ),
            (
                r#"{"signs": [["dns"], ["dnss", "x"]], "#.to_string() + commands + "}",
                r#"paste rules: signs[1] "dnss": no such sign"#,
            ),
            (
                r#"{"signs": [[]], "#.to_string() + commands + "}",
                r#"paste rules: signs[0] "": no such sign"#,
            ),
            (
                r#"{"signs": [], "commands": [["dns", "beos", "x"]]}"#.to_string(),
                r#"paste rules: commands[0] "dns": no such OS "beos""#,
            ),
            (
                r#"{"signs": [], "commands": [["dns", "linux"]]}"#.to_string(),
                r#"paste rules: commands[0] "": no such finding"#,
            ),
            (
                r#"{"signs": [], "#.to_string() + commands + "}",
                r#"paste rules: commands of "goproxy-default": none for linux"#,
            ),
            (
                r#"{"signs": {}}"#.to_string(),
                "paste rules is not valid: invalid type: map, expected a sequence",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(
                read_rules(&text).unwrap_err().to_string(),
                message,
                "{text}"
            );
        }
    }

    /// `go env` as Go 1.22 prints it on Linux (abridged only where values are paths).
    const GO_ENV_LINUX: &str = "GO111MODULE=''
GOARCH='amd64'
GOBIN=''
GOCACHE='/home/ana/.cache/go-build'
GOENV='/home/ana/.config/go/env'
GOEXE=''
GOEXPERIMENT=''
GOFLAGS=''
GOHOSTARCH='amd64'
GOHOSTOS='linux'
GOINSECURE=''
GOMODCACHE='/home/ana/go/pkg/mod'
GONOPROXY=''
GONOSUMDB=''
GOOS='linux'
GOPATH='/home/ana/go'
GOPRIVATE=''
GOPROXY='https://proxy.golang.org,direct'
GOROOT='/usr/local/go'
GOSUMDB='sum.golang.org'
GOTMPDIR=''
GOTOOLCHAIN='auto'
GOTOOLDIR='/usr/local/go/pkg/tool/linux_amd64'
GOVCS=''
GOVERSION='go1.22.0'
GCCGO='gccgo'
GOAMD64='v1'
AR='ar'
CC='gcc'
CGO_ENABLED='1'
GOMOD='/dev/null'
GOWORK=''
CGO_CFLAGS='-O2 -g'";

    /// The same as older Go printed it (double quotes), on macOS.
    const GO_ENV_OLD: &str = "GO111MODULE=\"\"
GOARCH=\"arm64\"
GOFLAGS=\"\"
GOINSECURE=\"\"
GONOPROXY=\"\"
GONOSUMDB=\"\"
GOPRIVATE=\"\"
GOPROXY=\"https://proxy.golang.org,direct\"
GOROOT=\"/opt/homebrew/Cellar/go/1.21.5/libexec\"
GOSUMDB=\"sum.golang.org\"
GOTOOLCHAIN=\"auto\"
GOVERSION=\"go1.21.5\"";

    /// Windows: `set NAME=value`, nothing quoted.
    const GO_ENV_WINDOWS: &str = "set GO111MODULE=
set GOARCH=amd64
set GOBIN=
set GOCACHE=C:\\Users\\ana\\AppData\\Local\\go-build
set GOENV=C:\\Users\\ana\\AppData\\Roaming\\go\\env
set GOFLAGS=
set GOINSECURE=
set GONOPROXY=
set GONOSUMDB=
set GOPRIVATE=
set GOPROXY=https://proxy.golang.org,direct
set GOROOT=C:\\Program Files\\Go
set GOSUMDB=sum.golang.org
set GOTOOLCHAIN=auto
set GOVERSION=go1.22.0";

    /// `go env -json`.
    const GO_ENV_JSON: &str = "{
\t\"AR\": \"ar\",
\t\"CC\": \"gcc\",
\t\"GOFLAGS\": \"\",
\t\"GOINSECURE\": \"\",
\t\"GONOPROXY\": \"\",
\t\"GONOSUMDB\": \"\",
\t\"GOPRIVATE\": \"\",
\t\"GOPROXY\": \"https://proxy.golang.org,direct\",
\t\"GOROOT\": \"C:\\\\Program Files\\\\Go\",
\t\"GOSUMDB\": \"sum.golang.org\",
\t\"GOTOOLCHAIN\": \"auto\",
\t\"GOVERSION\": \"go1.22.0\"
}";

    fn keys(text: &str) -> Vec<&'static str> {
        analyse(rules(), text).keys()
    }

    fn find(text: &str, key: Key) -> Finding {
        analyse(rules(), text)
            .findings
            .into_iter()
            .find(|f| f.key == key)
            .unwrap_or_else(|| panic!("{key:?} in {text:?}"))
    }

    /// One real paste for each key of the contract, and what it gives.
    #[test]
    fn every_key_from_a_real_paste() {
        let cases: &[(&str, &[&str])] = &[
            (GO_ENV_LINUX, &["goproxy-default", "toolchain-download"]),
            (
                "GOPROXY='https://goproxy.cn,direct'\nGOSUMDB='off'",
                &["gosumdb-off"],
            ),
            ("GOPROXY='https://goproxy.cn'\nGOINSECURE='*.corp.example'", &["insecure"]),
            ("GOFLAGS='-mod=mod -insecure'", &["insecure"]),
            ("GOPRIVATE='*'", &["private-too-wide"]),
            (
                "$ go env -w GOPROXY=https://goproxy.cn,direct\n\
                 warning: go env -w GOPROXY=... does not override conflicting OS environment variable",
                &["env-override"],
            ),
            (
                "go: downloading go1.22.0 (linux/amd64)\n\
                 go: download go1.22.0 for linux/amd64: toolchain not available",
                &["toolchain-download"],
            ),
            (
                "go: github.com/gin-gonic/gin@v1.9.1: Get \"https://proxy.golang.org/github.com/gin-gonic/gin/@v/v1.9.1.mod\": \
                 dial tcp 142.251.43.17:443: i/o timeout",
                &["timeout"],
            ),
            ("curl: (6) Could not resolve host: dl.google.com", &["dns"]),
            (
                "curl: (7) Failed to connect to 127.0.0.1 port 7890 after 0 ms: Connection refused",
                &["refused"],
            ),
            (
                "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to dl.google.com:443",
                &["tls-handshake"],
            ),
            (
                "curl: (56) Recv failure: Connection reset by peer",
                &["connection-reset"],
            ),
            (
                "go: golang.org/x/net@v0.20.0: Get \"https://goproxy.io/golang.org/x/net/@v/v0.20.0.mod\": \
                 tls: failed to verify certificate: x509: certificate signed by unknown authority",
                &["tls-unknown-ca"],
            ),
            (
                "verifying github.com/sirupsen/logrus@v1.9.3: checksum mismatch\n\
                 \tdownloaded: h1:dueUQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=\n\
                 \tgo.sum:     h1:aaaaQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=\n\
                 \n\
                 SECURITY ERROR\n\
                 This download does NOT match an earlier download recorded in go.sum.",
                &["module-checksum-mismatch"],
            ),
            (
                "$ sudo tar -C /usr/local -xzf go1.22.0.linux-amd64.tar.gz\n\
                 \n\
                 gzip: stdin: unexpected end of file\n\
                 tar: Unexpected EOF in archive\n\
                 tar: Unexpected EOF in archive\n\
                 tar: Error is not recoverable: exiting now",
                &["archive-cut"],
            ),
            (
                "gzip: stdin: not in gzip format\n\
                 tar: Child returned status 1\n\
                 tar: Error is not recoverable: exiting now",
                &["not-an-archive"],
            ),
            (
                "go1.22.0.linux-amd64.tar.gz: FAILED\n\
                 sha256sum: WARNING: 1 computed checksum did NOT match",
                &["sha256-mismatch"],
            ),
            (
                "--2024-02-07 10:01:12--  https://dl.google.com/go/go1.22.linux-amd64.tar.gz\n\
                 Resolving dl.google.com (dl.google.com)... 180.163.151.33\n\
                 Connecting to dl.google.com (dl.google.com)|180.163.151.33|:443... connected.\n\
                 HTTP request sent, awaiting response... 404 Not Found\n\
                 2024-02-07 10:01:12 ERROR 404: Not Found.",
                &["no-such-file"],
            ),
            (
                "curl -fLO https://storage.googleapis.com/golang/go1.21.6.linux-amd64.tar.gz\n\
                 curl: (22) The requested URL returned error: 403",
                &["gcs-gone"],
            ),
            ("hello, I cannot build my project", &["not-recognised"]),
        ];
        let mut seen: Vec<&str> = Vec::new();
        for (paste, want) in cases {
            assert_eq!(keys(paste), *want, "{paste}");
            seen.extend(*want);
        }
        for key in Key::ALL {
            assert!(seen.contains(&key.as_str()), "no case for {key:?}");
        }
    }

    /// `go env` as Linux and macOS print it (single quotes, or double in older Go), as Windows
    /// prints it (`set`), and as `-json`: the same findings and values.
    #[test]
    fn three_go_env_formats() {
        for (name, paste) in [
            ("linux", GO_ENV_LINUX),
            ("old", GO_ENV_OLD),
            ("windows", GO_ENV_WINDOWS),
            ("json", GO_ENV_JSON),
        ] {
            assert_eq!(
                keys(paste),
                ["goproxy-default", "toolchain-download"],
                "{name}"
            );
            let proxy = find(paste, Key::GoproxyDefault);
            assert_eq!(
                proxy.value("value"),
                Some("https://proxy.golang.org,direct"),
                "{name}"
            );
            assert_eq!(
                proxy.value("line"),
                Some("GOPROXY=https://proxy.golang.org,direct"),
                "{name}"
            );
            let toolchain = find(paste, Key::ToolchainDownload);
            assert_eq!(toolchain.value("value"), Some("auto"), "{name}");
        }
        // A proxy first, the checks on, the installed Go kept: nothing to say.
        let good = "GOPROXY='https://goproxy.cn,direct'\nGOSUMDB='sum.golang.org'\n\
                    GOTOOLCHAIN='local'\nGOPRIVATE='git.corp.example.com'\nGOFLAGS='-mod=mod'";
        assert_eq!(keys(good), ["not-recognised"]);
        // `direct` first is the default's problem too; `off` is not a proxy at all.
        assert_eq!(keys("GOPROXY=\"direct\""), ["goproxy-default"]);
        assert_eq!(
            keys("set GOPROXY=https://proxy.golang.org/|direct"),
            ["goproxy-default"]
        );
        assert_eq!(
            keys("export GOPROXY=https://goproxy.cn"),
            ["not-recognised"]
        );
        assert_eq!(keys("$env:GOSUMDB = 'off'"), ["gosumdb-off"]);
        // JSON escapes; a cut-off object still counts line by line.
        assert_eq!(
            find(
                "{\n \"GOPRIVATE\": \"\\u002a,git.corp\",",
                Key::PrivateTooWide
            )
            .value("pattern"),
            Some("*")
        );
    }

    #[test]
    fn toolchains_that_download() {
        for (paste, downloads) in [
            ("GOTOOLCHAIN='auto'", true),
            ("GOTOOLCHAIN='go1.22.0+auto'", true),
            ("GOTOOLCHAIN='local'", false),
            ("GOTOOLCHAIN='path'", false),
            ("GOTOOLCHAIN='go1.22.0+path'", false),
            ("GOTOOLCHAIN='go1.23.1'\nGOVERSION='go1.22.5'", true),
            ("GOTOOLCHAIN='go1.22.5'\nGOVERSION='go1.22.5'", false),
            (
                "GOTOOLCHAIN='go1.21.0'\nGOVERSION='go1.22.5 X:rangefunc'",
                false,
            ),
            // The installed version unknown: it may well download.
            ("GOTOOLCHAIN='go1.23.1'", true),
        ] {
            assert_eq!(
                keys(paste).contains(&"toolchain-download"),
                downloads,
                "{paste}"
            );
        }
        let f = find(
            "GOTOOLCHAIN='go1.23.1'\nGOVERSION='go1.22.5'",
            Key::ToolchainDownload,
        );
        assert_eq!(f.value("version"), Some("go1.23.1"));
        assert_eq!(f.value("local"), Some("go1.22.5"));
        for (paste, version) in [
            ("go: downloading go1.22.0 (linux/amd64)", "go1.22.0"),
            (
                "go: go.mod requires go >= 1.22.0 (running go 1.21.0; GOTOOLCHAIN=local)",
                "go1.22.0",
            ),
            (
                "go: download go1.23.4: golang.org/toolchain@v0.0.1-go1.23.4.darwin-arm64.zip: \
                 Get \"https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.4.darwin-arm64.zip\": \
                 dial tcp 142.250.196.209:443: i/o timeout",
                "go1.23.4",
            ),
        ] {
            assert_eq!(
                find(paste, Key::ToolchainDownload).value("version"),
                Some(version),
                "{paste}"
            );
        }
        // A language version is no toolchain: the page names the one that exists.
        let paste = "go: downloading go1.22 (linux/amd64)\n\
                     go: invalid toolchain: go1.22 is a language version but not a toolchain version (go1.22.x)";
        let analysis = analyse(rules(), paste);
        assert_eq!(analysis.keys(), ["toolchain-download", "no-such-file"]);
        assert_eq!(analysis.findings[0].value("suggested"), Some("go1.22.0"));
    }

    /// Messages as tools print them in a Chinese locale: wget and tar translate their own,
    /// glibc and Windows their error texts, PowerShell 5.1 its .NET messages; gzip, curl and go
    /// translate nothing of their own.
    #[test]
    fn chinese_locale_messages() {
        let cases: &[(&str, &[&str])] = &[
            (
                "--2024-03-01 09:12:44--  https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz\n\
                 正在解析主机 dl.google.com (dl.google.com)... 失败：名字解析时有临时错误。\n\
                 wget: 无法解析主机地址 “dl.google.com”",
                &["dns"],
            ),
            (
                "正在连接 dl.google.com (dl.google.com)|142.250.66.78|:443... 失败：连接超时。",
                &["timeout"],
            ),
            (
                "正在连接 127.0.0.1:7890... 失败：拒绝连接。",
                &["refused"],
            ),
            (
                "错误: 无法验证 dl.google.com 的由 “CN=Corp Root CA” 颁发的证书:\n  无法本地校验颁发者的权限。",
                &["tls-unknown-ca"],
            ),
            ("2024-03-01 09:13:02 错误 404：Not Found。", &["no-such-file"]),
            (
                "gzip: stdin: unexpected end of file\ntar: 归档文件中异常的 EOF\ntar: 归档文件中异常的 EOF\n\
                 tar: Error is not recoverable: exiting now",
                &["archive-cut"],
            ),
            (
                "go1.22.0.linux-amd64.tar.gz: 失败\nsha256sum: 警告：1 个校验和不匹配",
                &["sha256-mismatch"],
            ),
            ("curl: (56) Recv failure: 连接被对方重设", &["connection-reset"]),
            (
                "curl#6 - \"Could not resolve host: mirrors.example.com; 未知的名称或服务\"",
                &["dns"],
            ),
            (
                "go: github.com/gin-gonic/gin@v1.9.1: Get \"https://proxy.golang.org/github.com/gin-gonic/gin/@v/list\": \
                 dial tcp 142.251.42.241:443: connectex: 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。",
                &["timeout"],
            ),
            (
                "dial tcp 127.0.0.1:7890: connectex: 由于目标计算机积极拒绝，无法连接。",
                &["refused"],
            ),
            (
                "read tcp 192.168.1.5:51234->120.232.1.1:443: wsarecv: 远程主机强迫关闭了一个现有的连接。",
                &["connection-reset"],
            ),
            (
                "Invoke-WebRequest : 未能解析此远程名称: 'dl.google.com'",
                &["dns"],
            ),
            (
                "Invoke-WebRequest : 请求被中止: 未能创建 SSL/TLS 安全通道。",
                &["tls-handshake"],
            ),
            (
                "Invoke-WebRequest : 基础连接已经关闭: 未能为 SSL/TLS 安全通道建立信任关系。",
                &["tls-unknown-ca"],
            ),
            (
                "Invoke-WebRequest : 远程服务器返回错误: (404) 未找到。\n所在位置 行:1 字符: 1\n\
                 + Invoke-WebRequest -Uri https://dl.google.com/go/go1.22.windows-amd64.msi -OutFile go.msi",
                &["no-such-file"],
            ),
        ];
        for (paste, want) in cases {
            assert_eq!(keys(paste), *want, "{paste}");
        }
        assert_eq!(
            find(cases[0].0, Key::Dns).value("host"),
            Some("dl.google.com")
        );
        // The URL comes after the 404 line: the file is still the one the paste names.
        let msi = find(cases[15].0, Key::NoSuchFile);
        assert_eq!(msi.value("suggested"), None, "the 404 line came first");
        let msi = find(
            "+ Invoke-WebRequest -Uri https://dl.google.com/go/go1.22.windows-amd64.msi -OutFile go.msi\n\
             Invoke-WebRequest : 远程服务器返回错误: (404) 未找到。",
            Key::NoSuchFile,
        );
        assert_eq!(msi.value("suggested"), Some("go1.22.0.windows-amd64.msi"));
    }

    /// What tools print in English, as more real pastes: the finding and a value it names.
    #[test]
    fn english_messages_and_their_values() {
        let cases: &[(&str, Key, &str, &str)] = &[
            (
                "curl: (28) Operation timed out after 30002 milliseconds with 1048576 out of 68988925 bytes received",
                Key::Timeout,
                "line",
                "curl: (28) Operation timed out after 30002 milliseconds with 1048576 out of 68988925 bytes received",
            ),
            (
                "curl: (7) Failed to connect to dl.google.com port 443 after 21043 ms: Timed out",
                Key::Timeout,
                "host",
                "dl.google.com",
            ),
            (
                "go: golang.org/x/tools@v0.17.0: Get \"https://proxy.golang.org/golang.org/x/tools/@v/v0.17.0.mod\": \
                 dial tcp: lookup proxy.golang.org on 127.0.0.53:53: server misbehaving",
                Key::Dns,
                "host",
                "proxy.golang.org",
            ),
            (
                "Resolving go.dev (go.dev)... failed: Temporary failure in name resolution.\n\
                 wget: unable to resolve host address 'go.dev'",
                Key::Dns,
                "host",
                "go.dev",
            ),
            (
                "curl: (35) TLS connect error: error:0A000126:SSL routines::unexpected eof while reading",
                Key::TlsHandshake,
                "line",
                "curl: (35) TLS connect error: error:0A000126:SSL routines::unexpected eof while reading",
            ),
            (
                "go: downloading golang.org/x/sys v0.16.0\n\
                 Get \"https://sum.golang.org/lookup/golang.org/x/sys@v0.16.0\": net/http: TLS handshake timeout",
                Key::TlsHandshake,
                "host",
                "sum.golang.org",
            ),
            (
                "curl: (60) SSL certificate problem: unable to get local issuer certificate\n\
                 More details here: https://curl.se/docs/sslcerts.html",
                Key::TlsUnknownCa,
                "line",
                "curl: (60) SSL certificate problem: unable to get local issuer certificate",
            ),
            (
                "ERROR: cannot verify dl.google.com's certificate, issued by 'CN=Fortinet CA,O=Fortinet':\n  \
                 Unable to locally verify the issuer's authority.\n\
                 To connect to dl.google.com insecurely, use `--no-check-certificate'.",
                Key::TlsUnknownCa,
                "line",
                "ERROR: cannot verify dl.google.com's certificate, issued by 'CN=Fortinet CA,O=Fortinet':",
            ),
            (
                "verifying golang.org/x/text@v0.14.0/go.mod: checksum mismatch",
                Key::ModuleChecksumMismatch,
                "module",
                "golang.org/x/text@v0.14.0/go.mod",
            ),
            (
                "go: golang.org/toolchain@v0.0.1-go1.22.linux-amd64: reading https://goproxy.cn/golang.org/toolchain/@v/v0.0.1-go1.22.linux-amd64.info: 404 Not Found",
                Key::NoSuchFile,
                "suggested",
                "go1.22.0",
            ),
            (
                "go: example.com/gone@v1.0.0: reading https://proxy.golang.org/example.com/gone/@v/v1.0.0.info: 410 Gone",
                Key::NoSuchFile,
                "url",
                "https://proxy.golang.org/example.com/gone/@v/v1.0.0.info",
            ),
            (
                "Invoke-WebRequest : The remote server returned an error: (404) Not Found.",
                Key::NoSuchFile,
                "line",
                "Invoke-WebRequest : The remote server returned an error: (404) Not Found.",
            ),
            (
                "PS> if ((Get-FileHash -LiteralPath 'go1.22.0.windows-amd64.msi' -Algorithm SHA256).Hash -eq 'abc') { 'OK' } else { 'MISMATCH' }\nMISMATCH",
                Key::Sha256Mismatch,
                "file",
                "go1.22.0.windows-amd64.msi",
            ),
            (
                "shasum: WARNING: 1 computed checksum did NOT match\ngo1.22.0.darwin-arm64.pkg: FAILED",
                Key::Sha256Mismatch,
                "file",
                "go1.22.0.darwin-arm64.pkg",
            ),
            (
                "Step 4/9 : RUN wget -q https://storage.googleapis.com/golang/go1.20.linux-amd64.tar.gz\n\
                 HTTP request sent, awaiting response... 403 Forbidden\n\
                 ERROR 403: Forbidden.",
                Key::GcsGone,
                "file",
                "go1.20.linux-amd64.tar.gz",
            ),
        ];
        for (paste, key, name, value) in cases {
            assert_eq!(find(paste, *key).value(name), Some(*value), "{paste}");
        }
        // A 404 for go1.20: that release really is named go1.20.
        assert_eq!(
            find(
                "https://dl.google.com/go/go1.20.linux-amd64.tar.gz: 404 Not Found",
                Key::NoSuchFile
            )
            .value("suggested"),
            None
        );
        // sha256sum could not open the file: no mismatch of a checksum.
        assert_eq!(
            keys("go1.22.0.linux-amd64.tar.gz: FAILED open or read"),
            ["not-recognised"]
        );
    }

    /// A paste from a real session holds several problems: each is a finding, once.
    #[test]
    fn several_findings_in_one_paste() {
        let paste = format!(
            "{GO_ENV_LINUX}\n$ go build ./...\n\
             go: downloading go1.23.1 (linux/amd64)\n\
             go: download go1.23.1: golang.org/toolchain@v0.0.1-go1.23.1.linux-amd64.zip: \
             Get \"https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.1.linux-amd64.zip\": \
             dial tcp 142.251.43.17:443: i/o timeout\n\
             $ curl -fLO https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz\n\
             curl: (56) Recv failure: Connection reset by peer\n\
             $ tar -C /usr/local -xzf go1.23.1.linux-amd64.tar.gz\n\
             gzip: stdin: unexpected end of file\n\
             tar: Unexpected EOF in archive\n\
             tar: Error is not recoverable: exiting now"
        );
        let analysis = analyse(rules(), &paste);
        assert_eq!(
            analysis.keys(),
            [
                "goproxy-default",
                "toolchain-download",
                "timeout",
                "connection-reset",
                "archive-cut"
            ]
        );
        let toolchain = &analysis.findings[1];
        // The error's version and the setting's value, both.
        assert_eq!(toolchain.value("version"), Some("go1.23.1"));
        assert_eq!(toolchain.value("value"), Some("auto"));
        assert_eq!(toolchain.value("local"), Some("go1.22.0"));
        assert_eq!(analysis.findings[2].value("host"), Some("proxy.golang.org"));
        let reset = &analysis.findings[3];
        assert_eq!(reset.value("host"), Some("dl.google.com"));
        assert_eq!(
            reset.value("url"),
            Some("https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz")
        );
        assert_eq!(
            analysis.findings[4].value("file"),
            Some("go1.23.1.linux-amd64.tar.gz")
        );
    }

    /// Which GOPRIVATE-style patterns match public modules of every host, as the go command
    /// matches them.
    #[test]
    fn patterns_that_match_everything() {
        for (pattern, wide) in [
            ("*", true),
            ("*.*", true),
            ("*/*", true),
            ("*.*/*", true),
            ("?*", true),
            ("[a-z]*", true),
            ("*/*/*/*/*", false),
            ("github.com", false),
            ("*.corp.example.com", false),
            ("git.corp.example.com/team/*", false),
            ("*.com", false),
            ("[", false),
        ] {
            assert_eq!(matches_everything(pattern), wide, "{pattern}");
        }
        // path.Match itself.
        for (pattern, name, matched) in [
            ("*", "github.com", true),
            ("*", "github.com/x", false),
            ("*/*", "github.com/x", true),
            ("g?thub.com", "github.com", true),
            ("[^a-f]ithub.com", "github.com", true),
            ("[a-f]ithub.com", "github.com", false),
            ("\\*", "*", true),
            ("a*b*c", "aXbYbZc", true),
            ("a*b*c", "aXbYbZ", false),
            ("a*/b", "ax/b", true),
        ] {
            assert_eq!(glob(pattern, name), matched, "{pattern} {name}");
        }
        let f = find("GONOSUMDB='git.corp.example.com,*.*'", Key::PrivateTooWide);
        assert_eq!(
            (f.value("var"), f.value("pattern"), f.value("narrow")),
            (Some("GONOSUMDB"), Some("*.*"), Some("git.corp.example.com"))
        );
    }

    #[test]
    fn first_releases_end_in_zero() {
        for (name, first) in [
            ("go1.22", Some("go1.22.0")),
            (
                "go1.22.linux-amd64.tar.gz",
                Some("go1.22.0.linux-amd64.tar.gz"),
            ),
            (
                "go1.25.windows-arm64.msi",
                Some("go1.25.0.windows-arm64.msi"),
            ),
            ("go1.22.0.linux-amd64.tar.gz", None),
            ("go1.22.3", None),
            ("go1.22rc1.linux-amd64.tar.gz", None),
            ("go1.20.linux-amd64.tar.gz", None),
            ("go1.21", Some("go1.21.0")),
        ] {
            assert_eq!(first_release_name(name).as_deref(), first, "{name}");
        }
    }

    /// A pasted value with quotes and `$(…)` stays one quoted word in every command it reaches.
    #[test]
    fn hostile_values_are_quoted() {
        let proxy = "direct,https://x/'$(rm -rf ~)";
        for paste in [
            "GOPROXY='direct,https://x/'\\''$(rm -rf ~)'".to_string(),
            "GOPROXY=\"direct,https://x/'\\$(rm -rf ~)\"".to_string(),
            format!("set GOPROXY={proxy}"),
            "\"GOPROXY\": \"direct,https://x/'$(rm -rf ~)\",".to_string(),
        ] {
            let f = find(&paste, Key::GoproxyDefault);
            assert_eq!(f.value("value"), Some(proxy), "{paste}");
            let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
            assert!(
                linux.ends_with(&format!("go env -w GOPROXY={}", quote(Os::Linux, proxy))),
                "{linux}"
            );
            assert!(
                linux.contains("'direct,https://x/'\\''$(rm -rf ~)'"),
                "{linux}"
            );
            let windows = commands(rules(), Lang::En, &f, Os::Windows).unwrap();
            assert!(
                windows.ends_with("go env -w 'GOPROXY=direct,https://x/''$(rm -rf ~)'"),
                "{windows}"
            );
        }
        let f = find("GOPRIVATE='*,x$(id)'\"'\"", Key::PrivateTooWide);
        assert_eq!(f.value("narrow"), Some("x$(id)'"));
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(
            linux.contains("go env -w GOPRIVATE='x$(id)'\\'''"),
            "{linux}"
        );
        let f = find("GOFLAGS='-insecure -ldflags=-X=a=$(id)'", Key::Insecure);
        let darwin = commands(rules(), Lang::En, &f, Os::Darwin).unwrap();
        assert!(
            darwin.contains("go env -w GOFLAGS='-ldflags=-X=a=$(id)'"),
            "{darwin}"
        );
        let name = "go1.22.0'$(reboot)'.tar.gz";
        let f = find(&format!("{name}: FAILED"), Key::Sha256Mismatch);
        for os in Os::ALL {
            let c = commands(rules(), Lang::En, &f, os).unwrap();
            assert!(c.contains(&quote(os, name)), "{os:?}: {c}");
        }
        // A file name that looks like an option is not read as one.
        let f = find("-rf.tar.gz: FAILED", Key::Sha256Mismatch);
        assert!(commands(rules(), Lang::En, &f, Os::Linux)
            .unwrap()
            .contains("ls -l './-rf.tar.gz'"));
        // A host never holds anything but host characters.
        assert_eq!(host_near("Could not resolve host: a$(id).example"), None);
    }

    /// Pseudo-random bytes, as a file dropped into the text box would give.
    fn junk(len: usize) -> String {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// A megabyte of log is read up to the limit only; binary junk is named at once.
    #[test]
    fn big_and_binary_pastes_are_bounded() {
        let noise = "2024-03-01T09:12:44Z INFO build step 17 of 240: compiling package example.com/svc/internal/handlers\n";
        let mut paste = String::from("curl: (6) Could not resolve host: dl.google.com\n");
        while paste.len() < 1 << 20 {
            paste.push_str(noise);
        }
        // Past the limit: never read.
        paste.push_str(
            "curl: (60) SSL certificate problem: self-signed certificate in certificate chain\n",
        );
        let analysis = analyse(rules(), &paste);
        assert_eq!(analysis.keys(), ["dns"]);
        assert!(analysis.cut);
        assert!(analysis.read_bytes <= MAX_PASTE_BYTES);
        // One line of a megabyte: read up to its own limit.
        let line = format!("{}curl: (28) Operation timed out", "x".repeat(1 << 20));
        assert_eq!(keys(&line), ["not-recognised"]);
        let line = format!("curl: (28) Operation timed out{}", "x".repeat(1 << 20));
        assert_eq!(keys(&line), ["timeout"]);
        // Binary junk.
        for len in [64, 4096, 1 << 20] {
            let analysis = analyse(rules(), &junk(len));
            assert_eq!(analysis.keys(), ["not-recognised"], "{len}");
            assert_eq!(analysis.findings[0].value("reason"), Some("binary"));
        }
        // Text with a little binary in it is text.
        let mixed = format!(
            "{}\u{0}\u{1}curl: (6) Could not resolve host: go.dev",
            noise.repeat(3)
        );
        assert_eq!(keys(&mixed), ["dns"]);
        // A cut in the middle of a character stays on a boundary.
        let chinese = "解".repeat(MAX_PASTE_BYTES);
        let analysis = analyse(rules(), &chinese);
        assert!(analysis.cut && analysis.read_bytes <= MAX_PASTE_BYTES);
        assert!(analyse(rules(), "").findings.is_empty());
        assert!(analyse(rules(), " \n\t\n").findings.is_empty());
    }

    fn sample(key: Key) -> Finding {
        let mut f = Finding::new(key);
        f.keep("var", Some("GOPROXY".into()));
        f.keep("value", Some("https://proxy.golang.org,direct".into()));
        f.keep("host", Some("dl.google.com".into()));
        f.keep("file", Some("go1.22.linux-amd64.tar.gz".into()));
        f.keep("suggested", Some("go1.22.0.linux-amd64.tar.gz".into()));
        f
    }

    /// Every key has words in both languages and commands for every OS, with every placeholder
    /// filled.
    #[test]
    fn every_finding_has_words_and_commands() {
        let placeholders: Vec<String> = [
            "value", "setting", "var", "var-q", "fix", "version", "host", "host-q", "root", "url",
            "file", "module", "sum", "try", "resume", "official", "mirror",
        ]
        .iter()
        .map(|p| format!("{{{p}}}"))
        .collect();
        for key in Key::ALL {
            let finding = sample(key);
            for lang in [Lang::En, Lang::Zh] {
                for failing in [false, true] {
                    let (title, sentence) = words(lang, &finding, failing);
                    assert!(!title.starts_with("paste-"), "{key:?} {lang:?}: {title}");
                    assert!(!sentence.starts_with("paste-"), "{key:?}: {sentence}");
                    assert!(!sentence.contains('{'), "{key:?}: {sentence}");
                }
                for os in Os::ALL {
                    let c = commands(rules(), lang, &finding, os)
                        .unwrap_or_else(|| panic!("{key:?} has no commands for {os:?}"));
                    assert!(!c.contains("{c-"), "{key:?} {os:?}: {c}");
                    for p in &placeholders {
                        assert!(!c.contains(p.as_str()), "{key:?} {os:?}: {p} in {c}");
                    }
                    assert!(!c.contains("paste-"), "{key:?} {os:?}: {c}");
                }
            }
        }
        // The templates' comments all have words in both languages.
        for (_, _, template) in &rules().commands {
            for part in template.split("{c-").skip(1) {
                let name = part.split('}').next().unwrap_or_default();
                for lang in [Lang::En, Lang::Zh] {
                    let key = format!("paste-c-{name}");
                    assert!(crate::i18n::lookup(lang, &key).is_some(), "{key} {lang:?}");
                }
            }
        }
        // The wording is stronger when the page found the official hosts failing.
        let f = sample(Key::GoproxyDefault);
        assert_ne!(words(Lang::En, &f, false).1, words(Lang::En, &f, true).1);
        assert!(words(Lang::Zh, &f, true)
            .1
            .contains("https://proxy.golang.org,direct"));
        // A host of Go's own gets the mirror advice; another does not.
        let official = words(Lang::En, &sample(Key::Timeout), false).1;
        assert!(official.contains("official Go host"), "{official}");
        let mut other = Finding::new(Key::Timeout);
        other.keep("host", Some("git.corp.example.com".into()));
        assert!(!words(Lang::En, &other, false)
            .1
            .contains("official Go host"));
        // What a paste did not name is said in words.
        let unnamed = words(Lang::Zh, &Finding::new(Key::Dns), false).1;
        assert!(unnamed.starts_with("无法把 服务器 解析为地址"), "{unnamed}");
    }

    #[test]
    fn commands_follow_the_finding() {
        let f = find("curl: (6) Could not resolve host: goproxy.io", Key::Dns);
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(linux.contains("nslookup goproxy.io 223.5.5.5"), "{linux}");
        let windows = commands(rules(), Lang::Zh, &f, Os::Windows).unwrap();
        assert!(windows.contains("Resolve-DnsName goproxy.io -Server 223.5.5.5"));
        assert!(windows.starts_with("# 本机解析器"), "{windows}");
        let f = find(
            "x509: certificate signed by unknown authority https://goproxy.io/",
            Key::TlsUnknownCa,
        );
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(linux.contains(
            "openssl s_client -connect goproxy.io:443 -servername goproxy.io </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject -dates"
        ));
        assert!(linux.contains("# never curl -k or wget --no-check-certificate"));
        let f = find(
            "curl: (28) Connection timed out after 10001 milliseconds https://go.dev/dl/",
            Key::Timeout,
        );
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(linux.contains("curl -4 -sS -o /dev/null --max-time 20"));
        assert!(linux.contains("curl -6 "));
        assert!(linux.contains("sudo mtr -rwT -P 443 go.dev"), "{linux}");
        let f = find(
            "go: downloading go1.22.0 (linux/amd64)\ngo: download go1.22.0 for linux/amd64: toolchain not available",
            Key::ToolchainDownload,
        );
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(
            linux.contains("GOPROXY=https://goproxy.cn,direct GOTOOLCHAIN='go1.22.0' go version")
        );
        assert!(linux.contains("GOTOOLCHAIN=local go version"));
        let windows = commands(rules(), Lang::En, &f, Os::Windows).unwrap();
        assert!(windows.contains("$env:GOTOOLCHAIN='go1.22.0'; go version"));
        let f = find(
            "--2024-02-07--  https://dl.google.com/go/go1.22.linux-amd64.tar.gz\nERROR 404: Not Found.",
            Key::NoSuchFile,
        );
        let linux = commands(rules(), Lang::En, &f, Os::Linux).unwrap();
        assert!(
            linux.contains("curl -fLO 'https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz'"),
            "{linux}"
        );
        let f = find(
            "verifying golang.org/x/net@v0.20.0: checksum mismatch",
            Key::ModuleChecksumMismatch,
        );
        let any = commands(rules(), Lang::En, &f, Os::Windows).unwrap();
        assert!(any.contains(
            "go clean -modcache\ngo mod download 'golang.org/x/net@v0.20.0'\ngo mod verify"
        ));
        let f = find("gzip: stdin: unexpected end of file", Key::ArchiveCut);
        let zh = commands(rules(), Lang::Zh, &f, Os::Linux).unwrap();
        assert!(
            zh.contains("curl -fL -C - -o '文件名' 'https://dl.google.com/go/文件名'"),
            "{zh}"
        );
    }

    /// What the analyser module answers the page: every finding of a paste with its words and
    /// the commands of each OS, in the question's language; the same through serde as it is.
    #[test]
    fn explain_answers_with_words_and_commands() {
        let question = Question {
            text: "GOPROXY='https://proxy.golang.org,direct'\ncurl: (6) Could not resolve host: goproxy.cn".into(),
            lang: "zh-CN".into(),
            official_failing: true,
            ..Question::default()
        };
        let explained = explain(rules(), &question);
        let keys: Vec<&str> = explained.findings.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["goproxy-default", "dns"]);
        assert_eq!(explained.status, "发现 2 项");
        assert_eq!(explained.seen, "来自你粘贴的内容：");
        let first = &explained.findings[0];
        let analysis = analyse(rules(), &question.text);
        assert_eq!(
            (first.title.clone(), first.sentence.clone()),
            words(Lang::Zh, &analysis.findings[0], true)
        );
        assert_eq!(first.line.as_deref(), analysis.findings[0].value("line"));
        assert!(first.line.is_some());
        let oses: Vec<&str> = first.commands.iter().map(|(os, _)| os.as_str()).collect();
        assert_eq!(oses, Os::ALL.map(Os::as_str));
        for (os, text) in &first.commands {
            assert_eq!(
                Some(text.clone()),
                commands(rules(), Lang::Zh, &analysis.findings[0], *os)
            );
        }
        // Through serde as rows, and back.
        let json = serde_json::to_value(&explained).unwrap();
        assert_eq!(
            json[0],
            serde_json::json!(["发现 2 项", "来自你粘贴的内容："])
        );
        assert_eq!(json[1][0], "goproxy-default");
        assert_eq!(
            serde_json::from_value::<Explained>(json).unwrap(),
            explained
        );
        for bad in [
            serde_json::json!([]),
            serde_json::json!([["x"]]),
            serde_json::json!([["", ""], ["dns", "title"]]),
            serde_json::json!([["", ""], ["dns", "t", "s"]]),
        ] {
            assert!(
                serde_json::from_value::<Explained>(bad.clone()).is_err(),
                "{bad}"
            );
        }
        // Nothing pasted, nothing found, nothing to say.
        let empty = explain(
            rules(),
            &Question {
                lang: "en".into(),
                ..Question::default()
            },
        );
        assert_eq!((empty.status.as_str(), empty.findings.len()), ("", 0));
        // Longer than what is read: said, with what was read, whichever side cut it.
        let long = "curl: (6) Could not resolve host: x\n".repeat(MAX_PASTE_BYTES / 30);
        let cut = explain(
            rules(),
            &Question {
                text: long,
                lang: "en".into(),
                ..Question::default()
            },
        );
        assert_eq!(
            cut.status,
            "Findings: 1 Only the first 256 KiB of the paste were read."
        );
        // The page cut the box to what is read, exactly: it says so.
        let mut text = "tar: Unexpected EOF in archive\n".repeat(MAX_PASTE_BYTES / 31);
        text.push_str(&"x".repeat(MAX_PASTE_BYTES - text.len()));
        let longer = Question {
            text,
            longer: true,
            lang: "en".into(),
            ..Question::default()
        };
        assert_eq!(
            explain(rules(), &longer).status,
            "Findings: 1 Only the first 256 KiB of the paste were read."
        );
    }
}
