//! `gomirror explain [FILE|-]`: the page's paste analyser (`paste.rs`) over a file or stdin.
//! Each finding goes to stdout with its title, its explanation, the line that showed it and
//! the commands for one OS (`--os`, default this machine's); `--json` gives
//! `[{key, line, title, commands}]`.
//!
//! What a text means, in which words and with which commands, is the core's
//! ([`paste::explain`], with the rules the page fetches, `www/data/paste.json`, built in);
//! this module reads the input as the page reads its box (at most [`MAX_PASTE_BYTES`], and
//! whether there was more) and lays the answer out. It exits 0 once it has read its input,
//! whatever it found.

use std::io::Read;

use serde::Serialize;

use crate::commands::Os;
use crate::i18n::{fill, text};
use crate::paste::{self, Explained, Question, Rules, MAX_PASTE_BYTES};

use super::args::{Common, Explain};
use super::inputs;
use super::shell::Shell;
use super::{Exit, Failure, Outcome, Settings};

/// The rules the page fetches on the paste box's first use, built in.
pub const BUILT_IN_RULES: &str = include_str!("../../www/data/paste.json");

/// One finding as `--json` writes it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    /// The contract's `data-finding` key.
    key: &'a str,
    /// The first line of the input that showed it.
    line: Option<&'a str>,
    /// Its title in the chosen language.
    title: &'a str,
    /// Its commands for the chosen OS.
    commands: Option<&'a str>,
}

/// Runs `gomirror explain`.
pub fn run(args: &Explain, _common: &Common, settings: &Settings, shell: &mut Shell) -> Outcome {
    let lang = settings.lang;
    let os = match args.os.as_deref() {
        Some(name) => Os::from_goos(name).ok_or_else(|| {
            let valid: Vec<&str> = Os::ALL.iter().map(|o| o.as_str()).collect();
            Failure::input(fill(
                lang,
                "cli-explain-bad-os",
                &[("value", name), ("valid", &valid.join(", "))],
            ))
        })?,
        None => this_os(),
    };
    let (input, longer) = read_input(args.input.as_deref().and_then(|p| p.to_str()), lang)?;
    let rules = rules()?;
    let explained = paste::explain(
        &rules,
        &Question {
            text: input,
            longer,
            lang: lang.tag().to_string(),
            official_failing: false,
        },
    );
    if explained.findings.is_empty() {
        shell.status(text(lang, "cli-explain-empty"));
    } else if !explained.status.is_empty() {
        shell.status(&explained.status);
    }
    if settings.json {
        let rows: Vec<Row<'_>> = explained
            .findings
            .iter()
            .map(|f| Row {
                key: &f.key,
                line: f.line.as_deref(),
                title: &f.title,
                commands: commands_for(f, os),
            })
            .collect();
        let json = serde_json::to_string_pretty(&rows)
            .map_err(|e| Failure::input(format!("the findings as JSON: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", as_text(&explained, os, lang));
    }
    Ok(Exit::Ok)
}

/// The OS whose commands are shown when `--os` is not given: this machine's, or Linux's for a
/// system the page writes no commands for (its shell is sh, as on most of them).
fn this_os() -> Os {
    Os::from_goos(&inputs::this_platform().0).unwrap_or(Os::Linux)
}

/// The rules, read and checked as the page reads them.
///
/// # Errors
///
/// Never in a release build (a test reads them); a broken build says so.
pub fn rules() -> Result<Rules, Failure> {
    let value: serde_json::Value = serde_json::from_str(BUILT_IN_RULES)
        .map_err(|e| Failure::input(format!("{}: {e}", paste::RULES_WHAT)))?;
    Rules::read(value).map_err(Failure::from)
}

/// The input: a file, or stdin for `-` or nothing; at most [`MAX_PASTE_BYTES`] of it (on a
/// character boundary, as the page's box is cut), and whether there was more. Bytes that are
/// not UTF-8 become U+FFFD, which the analyser counts towards calling a text binary.
fn read_input(path: Option<&str>, lang: crate::i18n::Lang) -> Result<(String, bool), Failure> {
    let limit = MAX_PASTE_BYTES as u64;
    let mut bytes = Vec::new();
    let result = match path {
        None | Some("-") => std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes),
        Some(file) => {
            std::fs::File::open(file).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        }
    };
    result.map_err(|e| {
        let name = path.unwrap_or("-");
        Failure::input(fill(
            lang,
            "cli-explain-unreadable",
            &[("file", name), ("reason", &e.to_string())],
        ))
    })?;
    let longer = bytes.len() > MAX_PASTE_BYTES;
    bytes.truncate(MAX_PASTE_BYTES);
    // A character cut by the limit is dropped rather than turned into U+FFFD.
    if let Err(e) = std::str::from_utf8(&bytes) {
        if e.error_len().is_none() {
            bytes.truncate(e.valid_up_to());
        }
    }
    Ok((String::from_utf8_lossy(&bytes).into_owned(), longer))
}

/// A finding's commands for `os`, if it has some.
fn commands_for(finding: &paste::Shown, os: Os) -> Option<&str> {
    finding
        .commands
        .iter()
        .find(|(o, _)| *o == os)
        .map(|(_, c)| c.as_str())
}

/// The findings as text for a terminal: each one's title with its key, its explanation, the
/// line it was seen in, and its commands, indented so that they can be copied as they are.
fn as_text(explained: &Explained, os: Os, lang: crate::i18n::Lang) -> String {
    let mut out = String::new();
    for (i, finding) in explained.findings.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{} [{}]\n", finding.title, finding.key));
        out.push_str(&format!("  {}\n", finding.sentence));
        if let Some(line) = &finding.line {
            out.push_str(&format!("  {} {line}\n", explained.seen));
        }
        match commands_for(finding, os) {
            Some(commands) => {
                out.push_str(&format!(
                    "  {}\n",
                    fill(lang, "cli-explain-commands", &[("os", os.as_str())])
                ));
                for line in commands.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            None => out.push_str(&format!(
                "  {}\n",
                fill(lang, "cli-explain-no-commands", &[("os", os.as_str())])
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// The real pastes that tests/cli/explain.spec.mjs runs through the binary give the core
    /// the keys the data file says: the file and the analyser agree.
    #[test]
    fn the_shared_pastes_give_their_keys() {
        let data: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/data/pastes.json")).unwrap();
        let rules = rules().unwrap();
        let cases = data["cases"].as_array().unwrap();
        assert!(cases.len() > 30);
        let mut seen = std::collections::BTreeSet::new();
        for case in cases {
            let text = case["text"].as_str().unwrap();
            let want: Vec<&str> = case["keys"]
                .as_array()
                .unwrap()
                .iter()
                .map(|k| k.as_str().unwrap())
                .collect();
            assert_eq!(
                paste::analyse(&rules, text).keys(),
                want,
                "{}",
                case["name"]
            );
            seen.extend(want);
        }
        for key in paste::Key::ALL {
            assert!(seen.contains(key.as_str()), "no paste for {key:?}");
        }
    }

    #[test]
    fn text_names_each_finding_with_its_commands() {
        let rules = rules().unwrap();
        let question = Question {
            text: "curl: (6) Could not resolve host: dl.google.com".into(),
            lang: "en".into(),
            ..Question::default()
        };
        let explained = paste::explain(&rules, &question);
        let text = as_text(&explained, Os::Windows, Lang::En);
        assert!(text.contains("[dns]"), "{text}");
        assert!(text.contains("Commands (windows):"), "{text}");
        assert!(
            text.contains("  From your paste: curl: (6) Could not resolve host: dl.google.com"),
            "{text}"
        );
        let windows = commands_for(&explained.findings[0], Os::Windows).unwrap();
        let linux = commands_for(&explained.findings[0], Os::Linux).unwrap();
        assert_ne!(windows, linux);
        for line in windows.lines() {
            assert!(text.contains(&format!("    {line}\n")), "{line}");
        }
    }
}
