//! A finding in words and commands: its title and sentence in the visitor's language, and the
//! commands that confirm or fix it on each OS, filled from the rules' templates with every
//! pasted value quoted for that OS's shell. What a paste holds is decided before
//! ([`scan`](super::scan)).

use super::goenv::is_variable_name;
use super::lines::go_file_in;
use super::rules::Rules;
use super::{Finding, Key};
use crate::commands::{quote, word, Os};
use crate::i18n::{fill, substitute, text, Lang};

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
        // Only the setting showed it: what the setting does, with or without the Go installed.
        Key::ToolchainDownload if finding.value("reason") == Some("setting") => {
            match finding.value("local") {
                Some(_) => format!("paste-{key}-setting"),
                None => format!("paste-{key}-setting-unknown"),
            }
        }
        _ => format!("paste-{key}-text"),
    };
    let names = [
        "var", "value", "pattern", "version", "local", "host", "file", "module",
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
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::paste::lines::host_near;
    use crate::paste::tests::{find, rules};

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

    /// A toolchain finding says what the paste shows: a download seen, a version named with
    /// the Go installed, or a version named with the Go installed unknown.
    #[test]
    fn toolchain_words_say_what_the_paste_shows() {
        let shown = find(
            "GOTOOLCHAIN='auto'\ngo: downloading go1.23.1 (linux/amd64)",
            Key::ToolchainDownload,
        );
        let named = find(
            "GOTOOLCHAIN='go1.23.1'\nGOVERSION='go1.22.5'",
            Key::ToolchainDownload,
        );
        let unknown = find("GOTOOLCHAIN='go1.23.1'", Key::ToolchainDownload);
        for lang in [Lang::En, Lang::Zh] {
            let [shown, named, unknown] =
                [&shown, &named, &unknown].map(|f| words(lang, f, false).1);
            assert!(shown.contains("go1.23.1"), "{shown}");
            assert!(
                named.contains("go1.23.1") && named.contains("go1.22.5"),
                "{named}"
            );
            assert!(unknown.contains("GOVERSION"), "{unknown}");
            for sentence in [&shown, &named, &unknown] {
                assert!(!sentence.contains('{'), "{sentence}");
            }
            assert!(shown != named && named != unknown && shown != unknown);
        }
        let en = |f: &Finding| words(Lang::En, f, false).1;
        assert!(en(&shown).starts_with("The paste shows the go command downloading go1.23.1"));
        assert!(en(&named).starts_with("GOTOOLCHAIN is go1.23.1: the go command runs go1.23.1"));
        // Every OS has commands for a version named, as for one seen.
        for os in Os::ALL {
            let c = commands(rules(), Lang::En, &named, os).unwrap();
            assert!(c.contains("go1.23.1"), "{os:?}: {c}");
        }
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
}
