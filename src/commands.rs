//! The OSes the page writes commands for ([`Os`]), the commands that download a file and
//! check it on each, and how any command of the page is filled in for its shell.
//!
//! Pure text: templates are one table each, filled in one pass (`i18n::substitute`). Every
//! value that comes from outside the template is quoted for the shell it goes to, with quotes
//! inside it escaped: URLs are validated (`catalog::check_url`), but a file's name is whatever
//! the visitor's disk (or the server that named the download) says, `'` and `$(…)` included.
//! Comments are the visitor's language (`cmd-*` strings). Showing them is the browser layer's
//! business.

use crate::i18n::{substitute, text, Lang};

/// An OS the page writes commands for. Its shell decides how a value is quoted: sh on Linux
/// and macOS, PowerShell on Windows.
///
/// GOOS names that come from data (the release list, the chosen and the detected platform)
/// stay strings, since Go runs on many more OSes than the page has commands for;
/// [`Os::from_goos`] is where the two meet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Os {
    /// Linux: sh, GNU coreutils.
    Linux,
    /// macOS: sh, BSD and Perl tools.
    Darwin,
    /// Windows: PowerShell.
    Windows,
}

impl Os {
    /// Every OS, in the page's order.
    pub const ALL: [Os; 3] = [Os::Linux, Os::Darwin, Os::Windows];

    /// Its GOOS name, which is also the contract's `data-os` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Os::Linux => "linux",
            Os::Darwin => "darwin",
            Os::Windows => "windows",
        }
    }

    /// The OS of a GOOS name, if the page writes commands for it.
    pub fn from_goos(goos: &str) -> Option<Os> {
        Os::ALL.into_iter().find(|os| os.as_str() == goos)
    }

    /// Whether its shell is PowerShell rather than sh.
    pub fn is_windows(self) -> bool {
        matches!(self, Os::Windows)
    }

    /// Its sh command that prints a file's SHA-256 and checks a `sha256sum -c` list
    /// (`shasum -a 256` on macOS, where `sha256sum` is not always there). PowerShell's commands
    /// use `Get-FileHash` instead.
    pub fn sha256sum(self) -> &'static str {
        match self {
            Os::Darwin => "shasum -a 256",
            Os::Linux | Os::Windows => "sha256sum",
        }
    }
}

/// The command template for `os`: `{url}`, `{file}`, `{sha256}` and `{check}` (a
/// `sha256sum -c` line: the checksum, two spaces, the file) are quoted values, `{no-curl}` and
/// `{progress}` comments. Windows PowerShell 5.1 redraws `Invoke-WebRequest`'s progress bar
/// for every chunk, which makes a large download many times slower; turning the progress off
/// is the documented remedy (PowerShell 7 no longer has the problem).
fn template(os: Os) -> &'static str {
    match os {
        Os::Linux => {
            "curl -fLO {url}\nprintf '%s\\n' {check} | sha256sum -c -\n# {no-curl}: wget {url}"
        }
        Os::Darwin => "curl -fLO {url}\nprintf '%s\\n' {check} | shasum -a 256 -c -",
        Os::Windows => {
            "# {progress}\n$ProgressPreference = 'SilentlyContinue'\n\
             Invoke-WebRequest -Uri {url} -OutFile {file}\n\
             if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}) { 'OK' } else { 'MISMATCH' }"
        }
    }
}

/// `value` as one word for the shell of `os`, whatever it holds: single-quoted, with each quote
/// inside escaped (sh: `'\''`; PowerShell: doubled, typographic single quotes too, which it
/// reads as quotes).
pub fn quote(os: Os, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match (os, c) {
            (Os::Linux | Os::Darwin, '\'') => out.push_str("'\\''"),
            (Os::Windows, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') => {
                out.push(c);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A host name or a URL as it stands in a command: bare where the shell of `os` can read
/// nothing into it (sh: also `,` `=` `@` `%` `+`, which PowerShell would), quoted otherwise.
pub fn word(os: Os, value: &str) -> String {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '_' | ':' | '/')
            || match os {
                Os::Linux | Os::Darwin => matches!(c, ',' | '=' | '@' | '%' | '+'),
                Os::Windows => false,
            }
    };
    if !value.is_empty() && value.chars().all(plain) {
        value.to_string()
    } else {
        quote(os, value)
    }
}

/// The commands for `os` that download `url` as `file` and check it against `sha256`.
pub fn download_and_check(lang: Lang, os: Os, url: &str, file: &str, sha256: &str) -> String {
    let check = quote(os, &format!("{sha256}  {file}"));
    let (url, file, sha256) = (quote(os, url), quote(os, file), quote(os, sha256));
    substitute(
        template(os),
        &[
            ("url", &url),
            ("file", &file),
            ("sha256", &sha256),
            ("check", &check),
            ("no-curl", text(lang, "cmd-no-curl")),
            ("progress", text(lang, "cmd-progress")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mirrors.aliyun.com/golang/go1.22.0.linux-amd64.tar.gz";
    const FILE: &str = "go1.22.0.linux-amd64.tar.gz";
    const SHA: &str = "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265";

    #[test]
    fn each_os_downloads_and_checks() {
        assert_eq!(Os::ALL.map(Os::as_str), ["linux", "darwin", "windows"]);
        for os in Os::ALL {
            assert_eq!(Os::from_goos(os.as_str()), Some(os));
        }
        for other in ["freebsd", "aix", "Linux", ""] {
            assert_eq!(Os::from_goos(other), None, "{other}");
        }
        let linux = download_and_check(Lang::En, Os::Linux, URL, FILE, SHA);
        assert_eq!(
            linux.lines().collect::<Vec<_>>(),
            [
                format!("curl -fLO '{URL}'"),
                format!("printf '%s\\n' '{SHA}  {FILE}' | sha256sum -c -"),
                format!("# without curl: wget '{URL}'"),
            ]
        );
        let zh = download_and_check(Lang::Zh, Os::Linux, URL, FILE, SHA);
        assert!(
            zh.ends_with(&format!("# 没有 curl 时: wget '{URL}'")),
            "{zh}"
        );
        let mac = download_and_check(Lang::En, Os::Darwin, URL, FILE, SHA);
        assert!(mac.contains("shasum -a 256 -c -"));
        let windows = download_and_check(Lang::En, Os::Windows, URL, FILE, SHA);
        assert_eq!(
            windows.lines().collect::<Vec<_>>(),
            [
                "# Windows PowerShell 5.1 downloads many times slower while it draws the progress bar".to_string(),
                "$ProgressPreference = 'SilentlyContinue'".to_string(),
                format!("Invoke-WebRequest -Uri '{URL}' -OutFile '{FILE}'"),
                format!(
                    "if ((Get-FileHash -LiteralPath '{FILE}' -Algorithm SHA256).Hash -eq '{SHA}') \
                     {{ 'OK' }} else {{ 'MISMATCH' }}"
                ),
            ]
        );
        assert_eq!(Os::from_goos("plan9"), None);
    }

    #[test]
    fn quotes_cannot_be_broken_out_of() {
        let hostile = "go'$(reboot)'`id`;rm -rf ~.tar.gz";
        assert_eq!(
            quote(Os::Linux, hostile),
            "'go'\\''$(reboot)'\\''`id`;rm -rf ~.tar.gz'"
        );
        assert_eq!(
            quote(Os::Windows, hostile),
            "'go''$(reboot)''`id`;rm -rf ~.tar.gz'"
        );
        // PowerShell ends a single-quoted string at a typographic quote too.
        assert_eq!(quote(Os::Windows, "a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(quote(Os::Linux, "a\u{2019}b"), "'a\u{2019}b'");
        let windows = download_and_check(Lang::En, Os::Windows, URL, hostile, SHA);
        assert!(windows.contains("-OutFile 'go''$(reboot)''`id`;rm -rf ~.tar.gz'"));
        // A name that looks like a placeholder is not filled in.
        let linux = download_and_check(Lang::En, Os::Linux, URL, "{url}", SHA);
        assert!(
            linux.contains(&format!("printf '%s\\n' '{SHA}  {{url}}' |")),
            "{linux}"
        );
    }

    #[test]
    fn plain_words_stay_bare() {
        assert_eq!(word(Os::Linux, "dl.google.com"), "dl.google.com");
        assert_eq!(word(Os::Windows, "127.0.0.1"), "127.0.0.1");
        assert_eq!(word(Os::Linux, "[::1]"), "'[::1]'");
        assert_eq!(word(Os::Linux, "a;b"), "'a;b'");
        let proxy = "https://goproxy.cn,direct";
        assert_eq!(word(Os::Linux, proxy), proxy);
        assert_eq!(word(Os::Windows, proxy), format!("'{proxy}'"));
        assert_eq!(word(Os::Windows, ""), "''");
    }
}
