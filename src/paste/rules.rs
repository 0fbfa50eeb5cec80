//! The paste's rules (`www/data/paste.json`): the signs a line is searched for and the
//! command templates of each finding, read and checked here; what a sign means when it is
//! found is [`scan`](super::scan)'s, and filling a template is [`advice`](super::advice)'s.

use serde::Deserializer;

use super::Key;
use crate::commands::Os;
use crate::error::Error;

/// A sign in a line: what it means when the lowercased line contains the needle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Sign {
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
pub(super) enum Serves {
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

/// What [`analyse`](super::analyse) looks for and what [`commands`](super::commands) writes: the signs in a line (needles by
/// sign) and the command templates by finding and OS, read from `www/data/paste.json`. They are
/// data, fetched with the paste's strings when the visitor first uses the box, so a visit that
/// never pastes does not download them.
///
/// The needles are lowercase (`to_ascii_lowercase` leaves Chinese as it is) and are messages
/// as the tools print them: curl's own (never translated; its `strerror` part is), wget's and
/// tar's from their zh_CN translations, glibc's and Windows' error texts in Chinese,
/// PowerShell 5.1's (.NET Framework, translated) and 7's, and the go command's (never
/// translated). In a template, `{c-NAME}` is the comment `paste-c-NAME` in the visitor's
/// language and the other `{…}` are values that [`commands`](super::commands) fills.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rules {
    /// The needles of each sign, in [`Sign`]'s order (a toolchain's fetch before its
    /// requirement, so the version it names is kept first).
    pub(super) signs: Vec<(Sign, Vec<String>)>,
    /// The lines of the commands of each finding, by the OSes they serve.
    pub(super) commands: Vec<(Key, Serves, String)>,
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
    pub(super) fn template(&self, key: Key, os: Os) -> Option<&str> {
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
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::paste::tests::{read_rules, rules};

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
}
