//! The commands that download a file and check it, for each OS the page speaks to, and how any
//! command of the page is filled in for its shell.
//!
//! Pure text: templates are one table each, filled in one pass (`i18n::substitute`). Every
//! value that comes from outside the template is quoted for the shell it goes to, with quotes
//! inside it escaped: URLs are validated (`catalog::check_url`), but a file's name is whatever
//! the visitor's disk (or the server that named the download) says, `'` and `$(…)` included.
//! Comments are the visitor's language (`cmd-*` strings). Showing them is the browser layer's
//! business.

use crate::i18n::{substitute, text, Lang};

/// Each row: OS (`data-os`), then the command template; `{url}`, `{file}`, `{sha256}` and
/// `{check}` (a `sha256sum -c` line: the checksum, two spaces, the file) are quoted values,
/// `{no-curl}` and `{progress}` comments. Windows PowerShell 5.1 redraws `Invoke-WebRequest`'s
/// progress bar for every chunk, which makes a large download many times slower; turning the
/// progress off is the documented remedy (PowerShell 7 no longer has the problem).
const TEMPLATES: &[(&str, &str)] = &[
    (
        "linux",
        "curl -fLO {url}\nprintf '%s\\n' {check} | sha256sum -c -\n# {no-curl}: wget {url}",
    ),
    ("darwin", "curl -fLO {url}\nprintf '%s\\n' {check} | shasum -a 256 -c -"),
    (
        "windows",
        "# {progress}\n$ProgressPreference = 'SilentlyContinue'\n\
         Invoke-WebRequest -Uri {url} -OutFile {file}\n\
         if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}) { 'OK' } else { 'MISMATCH' }",
    ),
];

/// The OSes commands exist for, in the page's order.
pub fn oses() -> impl Iterator<Item = &'static str> {
    TEMPLATES.iter().map(|(os, _)| *os)
}

/// `value` as one word for the shell of `os`, whatever it holds: single-quoted, with each quote
/// inside escaped (sh: `'\''`; PowerShell: doubled, typographic single quotes too, which it
/// reads as quotes).
pub fn quote(os: &str, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' if os != "windows" => out.push_str("'\\''"),
            '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' if os == "windows" => {
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
pub fn word(os: &str, value: &str) -> String {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '.' | '-' | '_' | ':' | '/')
            || (os != "windows" && matches!(c, ',' | '=' | '@' | '%' | '+'))
    };
    if !value.is_empty() && value.chars().all(plain) {
        value.to_string()
    } else {
        quote(os, value)
    }
}

/// The commands for `os` that download `url` as `file` and check it against `sha256`.
pub fn download_and_check(
    lang: Lang,
    os: &str,
    url: &str,
    file: &str,
    sha256: &str,
) -> Option<String> {
    let (_, template) = TEMPLATES.iter().find(|(o, _)| *o == os)?;
    let check = quote(os, &format!("{sha256}  {file}"));
    let (url, file, sha256) = (quote(os, url), quote(os, file), quote(os, sha256));
    Some(substitute(
        template,
        &[
            ("url", &url),
            ("file", &file),
            ("sha256", &sha256),
            ("check", &check),
            ("no-curl", text(lang, "cmd-no-curl")),
            ("progress", text(lang, "cmd-progress")),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://mirrors.aliyun.com/golang/go1.22.0.linux-amd64.tar.gz";
    const FILE: &str = "go1.22.0.linux-amd64.tar.gz";
    const SHA: &str = "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265";

    #[test]
    fn each_os_downloads_and_checks() {
        assert_eq!(oses().collect::<Vec<_>>(), ["linux", "darwin", "windows"]);
        let linux = download_and_check(Lang::En, "linux", URL, FILE, SHA).unwrap();
        assert_eq!(
            linux.lines().collect::<Vec<_>>(),
            [
                format!("curl -fLO '{URL}'"),
                format!("printf '%s\\n' '{SHA}  {FILE}' | sha256sum -c -"),
                format!("# without curl: wget '{URL}'"),
            ]
        );
        let zh = download_and_check(Lang::Zh, "linux", URL, FILE, SHA).unwrap();
        assert!(
            zh.ends_with(&format!("# 没有 curl 时: wget '{URL}'")),
            "{zh}"
        );
        let mac = download_and_check(Lang::En, "darwin", URL, FILE, SHA).unwrap();
        assert!(mac.contains("shasum -a 256 -c -"));
        let windows = download_and_check(Lang::En, "windows", URL, FILE, SHA).unwrap();
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
        assert_eq!(download_and_check(Lang::En, "plan9", URL, FILE, SHA), None);
    }

    #[test]
    fn quotes_cannot_be_broken_out_of() {
        let hostile = "go'$(reboot)'`id`;rm -rf ~.tar.gz";
        assert_eq!(
            quote("linux", hostile),
            "'go'\\''$(reboot)'\\''`id`;rm -rf ~.tar.gz'"
        );
        assert_eq!(
            quote("windows", hostile),
            "'go''$(reboot)''`id`;rm -rf ~.tar.gz'"
        );
        // PowerShell ends a single-quoted string at a typographic quote too.
        assert_eq!(quote("windows", "a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(quote("linux", "a\u{2019}b"), "'a\u{2019}b'");
        let windows = download_and_check(Lang::En, "windows", URL, hostile, SHA).unwrap();
        assert!(windows.contains("-OutFile 'go''$(reboot)''`id`;rm -rf ~.tar.gz'"));
        // A name that looks like a placeholder is not filled in.
        let linux = download_and_check(Lang::En, "linux", URL, "{url}", SHA).unwrap();
        assert!(
            linux.contains(&format!("printf '%s\\n' '{SHA}  {{url}}' |")),
            "{linux}"
        );
    }

    #[test]
    fn plain_words_stay_bare() {
        assert_eq!(word("linux", "dl.google.com"), "dl.google.com");
        assert_eq!(word("windows", "127.0.0.1"), "127.0.0.1");
        assert_eq!(word("linux", "[::1]"), "'[::1]'");
        assert_eq!(word("linux", "a;b"), "'a;b'");
        let proxy = "https://goproxy.cn,direct";
        assert_eq!(word("linux", proxy), proxy);
        assert_eq!(word("windows", proxy), format!("'{proxy}'"));
        assert_eq!(word("windows", ""), "''");
    }
}
