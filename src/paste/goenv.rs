//! Reading a `go env` listing: which lines are settings (as Linux, macOS and Windows print
//! them, as `go env -json` does, and as profiles export them) and their values unquoted as the
//! shell or JSON reads them. Which settings make a finding is [`scan`](super::scan)'s.

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

/// A `go env` line: `GOPROXY='…'` (sh-quoted, as Linux and macOS print it; older Go used
/// double quotes), `set GOPROXY=…` (Windows), `"GOPROXY": "…",` (`go env -json`), and
/// `export GOPROXY=…` or `$env:GOPROXY = '…'` from a profile. Only [`VARIABLES`] are read.
pub(super) fn setting(line: &str) -> Option<(&'static str, String)> {
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
pub(super) fn is_variable_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::Key;
    use crate::paste::analyse;
    use crate::paste::tests::{
        find, keys, rules, GO_ENV_JSON, GO_ENV_LINUX, GO_ENV_OLD, GO_ENV_WINDOWS,
    };

    /// `go env` as Linux and macOS print it (single quotes, or double in older Go), as Windows
    /// prints it (`set`), and as `-json`: the same findings and values.
    #[test]
    fn three_go_env_formats() {
        for (name, paste, local) in [
            ("linux", GO_ENV_LINUX, "go1.22.0"),
            ("old", GO_ENV_OLD, "go1.21.5"),
            ("windows", GO_ENV_WINDOWS, "go1.22.0"),
            ("json", GO_ENV_JSON, "go1.22.0"),
        ] {
            // GOTOOLCHAIN=auto, the default, downloads nothing unless a go.mod asks for a
            // newer Go, and a listing shows no go.mod.
            assert_eq!(keys(paste), ["goproxy-default"], "{name}");
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
            // The same listing with a toolchain named: each format's GOTOOLCHAIN and GOVERSION
            // are read.
            let named = paste
                .replace("'auto'", "'go1.23.1'")
                .replace("\"auto\"", "\"go1.23.1\"")
                .replace("=auto", "=go1.23.1");
            assert_eq!(
                keys(&named),
                ["goproxy-default", "toolchain-download"],
                "{name}"
            );
            let toolchain = find(&named, Key::ToolchainDownload);
            assert_eq!(toolchain.value("value"), Some("go1.23.1"), "{name}");
            assert_eq!(toolchain.value("version"), Some("go1.23.1"), "{name}");
            assert_eq!(toolchain.value("local"), Some(local), "{name}");
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
        // Whether a paste gives the finding, and whether from the setting alone (its words
        // then say what the setting does) or from lines that show a download.
        let setting = Some("setting");
        for (paste, downloads, reason) in [
            // The default and the modes that keep the Go installed: what they do depends on a
            // go.mod the paste does not show.
            ("GOTOOLCHAIN='auto'", false, None),
            ("GOTOOLCHAIN='local'", false, None),
            ("GOTOOLCHAIN='path'", false, None),
            ("GOTOOLCHAIN='local+auto'", false, None),
            ("GOTOOLCHAIN='auto'\nGOVERSION='go1.22.5'", false, None),
            // A version named is the toolchain the go command runs, older or newer, unless it
            // is the Go installed; `+path` only looks in PATH.
            (
                "GOTOOLCHAIN='go1.23.1'\nGOVERSION='go1.22.5'",
                true,
                setting,
            ),
            (
                "GOTOOLCHAIN='go1.23.1+auto'\nGOVERSION='go1.22.5'",
                true,
                setting,
            ),
            ("GOTOOLCHAIN='go1.22.5'\nGOVERSION='go1.22.5'", false, None),
            (
                "GOTOOLCHAIN='go1.22.5+auto'\nGOVERSION='go1.22.5'",
                false,
                None,
            ),
            ("GOTOOLCHAIN='go1.22.0+path'", false, None),
            (
                "GOTOOLCHAIN='go1.21.0'\nGOVERSION='go1.22.5 X:rangefunc'",
                true,
                setting,
            ),
            // The installed version unknown: it may well download, and the words say so.
            ("GOTOOLCHAIN='go1.23.1'", true, setting),
            ("GOTOOLCHAIN='go1.22.0+auto'", true, setting),
            // A download shown: the paste's lines give the finding, the setting its values.
            (
                "GOTOOLCHAIN='auto'\ngo: downloading go1.23.1 (linux/amd64)",
                true,
                None,
            ),
            (
                "go: go.mod requires go >= 1.23.1 (running go 1.22.5; GOTOOLCHAIN=local)\n\
                 GOTOOLCHAIN='local'",
                true,
                None,
            ),
        ] {
            let analysis = analyse(rules(), paste);
            let finding = analysis
                .findings
                .iter()
                .find(|f| f.key == Key::ToolchainDownload);
            assert_eq!(finding.is_some(), downloads, "{paste}");
            assert_eq!(finding.and_then(|f| f.value("reason")), reason, "{paste}");
        }
        let shown = find(
            "GOTOOLCHAIN='auto'\nGOVERSION='go1.22.5'\ngo: downloading go1.23.1 (linux/amd64)",
            Key::ToolchainDownload,
        );
        assert_eq!(
            (
                shown.value("line"),
                shown.value("value"),
                shown.value("local")
            ),
            (
                Some("go: downloading go1.23.1 (linux/amd64)"),
                Some("auto"),
                Some("go1.22.5")
            )
        );
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
}
