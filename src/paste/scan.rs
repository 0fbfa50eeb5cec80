//! Reading a paste line by line into findings: the signs of the rules in each line, the host,
//! URL and file it names, and at the end the findings of the `go env` settings read. What a
//! setting line or a value in a line looks like is [`goenv`](super::goenv)'s and
//! [`lines`](super::lines)'s; the words and commands of a finding are not decided here.

use super::goenv::{is_variable_name, setting};
use super::lines::{
    first_release_name, go_file_in, host_near, is_host, toolchain_version, url_in, version_token,
};
use super::patterns::matches_everything;
use super::rules::{Rules, Sign};
use super::{binary, head, Analysis, Finding, Key, MAX_LINE_BYTES, MAX_PASTE_BYTES};
use crate::diagnosis::host_of;
use crate::releases::compare_versions;

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
            // The setting alone (go.dev/doc/toolchain): `auto` (the default), `path` and
            // `local` keep the Go installed unless a go.mod or go.work asks for a newer one,
            // which a `go env` listing does not show, so they say nothing of a download. A
            // version named (`go1.23.1`, `go1.23.1+auto`) is the toolchain the go command runs,
            // older or newer, taken from PATH or downloaded (never with `+path`) unless it is
            // the Go installed: that is a download the paste does show, or may (no GOVERSION).
            let forced = min.starts_with("go1")
                && mode != "path"
                && local
                    .as_deref()
                    .is_none_or(|l| compare_versions(min, l).is_ne());
            // A paste that shows a download or a go.mod asking for a newer Go has its finding
            // from those lines; the setting then adds its values to it.
            let shown = self.found.iter().any(|f| f.key == Key::ToolchainDownload);
            if forced || shown {
                let mut values = vec![("var", "GOTOOLCHAIN".into()), ("value", value.into())];
                if min.starts_with("go1") {
                    values.push(("version", min.into()));
                }
                if let Some(local) = local {
                    values.push(("local", local));
                }
                if !shown {
                    // Its words say what the setting does, not that a download was seen.
                    values.push(("reason", "setting".into()));
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
