//! What the analyser answers the page (and `gomirror explain`): a [`Question`] in, an
//! [`Explained`] out, every finding with its words and commands in one language, crossing
//! between the two wasm modules as rows of strings. The findings are [`scan`](super::scan)'s,
//! the words and commands [`advice`](super::advice)'s.

use super::{analyse, commands, words, Rules};
use crate::commands::Os;
use crate::i18n::{fill, text, Lang};

/// What the page asks the analyser: the text of the box (at most [`MAX_PASTE_BYTES`](super::MAX_PASTE_BYTES) of it is
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
    /// The findings, in [`Key::ALL`](super::Key::ALL)'s order.
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
    use crate::paste::tests::rules;
    use crate::paste::MAX_PASTE_BYTES;

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
