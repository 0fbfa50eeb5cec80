//! After the check, the install: for the chosen version, each OS's file of the kind go.dev
//! features for it, and the commands that download it, check it, install it and prove it.
//!
//! The install runs only when the check passed: on Linux and macOS the steps are chained with
//! `&&` after `sha256sum -c`/`shasum -c` (and `pkgutil --check-signature`), on Windows they sit
//! in one `if` on `Get-FileHash` and `Get-AuthenticodeSignature`. The steps follow go.dev/doc/install:
//! a `.tar.gz` replaces `/usr/local/go` whole (unpacking over an old tree leaves stale files that
//! break the build) and `/usr/local/go/bin` goes on `PATH`; the `.pkg` and the `.msi` put Go on
//! `PATH` themselves, for shells started after them. Every value is quoted for its shell
//! (`commands::quote`); comments are in the visitor's language.
//!
//! Pure text; which mirror the file comes from, and showing the commands, are the browser
//! layer's business.

use crate::commands::{quote, Os};
use crate::i18n::{substitute, text, Lang};
use crate::releases::{Kind, OfficialFile, Releases, Selection};

/// The architecture a release's file for `goos` is offered in when the visitor's is not there:
/// the one most machines of that OS have.
fn usual_arch(goos: &str) -> &'static str {
    match Os::from_goos(goos) {
        Some(Os::Darwin) => "arm64",
        Some(Os::Linux | Os::Windows) | None => "amd64",
    }
}

/// The file to install `version` on `os`, a GOOS name (the list has files for more OSes than
/// the page has commands for): the kind go.dev features for it (`.tar.gz` on Linux,
/// `.pkg` on macOS, `.msi` on Windows; the archive where the list lacks that), for `arch` where
/// the release has it on that OS, else for the OS's usual architecture, else for any it has.
pub fn file_for<'a>(
    releases: &'a Releases,
    version: &str,
    os: &str,
    arch: &str,
) -> Option<&'a OfficialFile> {
    let pick = |arch: &str| {
        releases
            .pick(&Selection {
                version: Some(version.to_string()),
                os: os.to_string(),
                arch: arch.to_string(),
                kind: None,
            })
            .filter(|f| f.kind != Kind::Source)
    };
    pick(arch).or_else(|| pick(usual_arch(os))).or_else(|| {
        let platforms = releases.platforms_of(version);
        let (_, arch) = platforms.iter().find(|(o, _)| o == os)?;
        pick(arch)
    })
}

/// Each row: OS, file name ending, template. `{url}`, `{file}`, `{sha256}` and `{check}` (a
/// `sha256sum -c` line) are quoted values, the rest comments in the visitor's language.
const TEMPLATES: &[(Os, &str, &str)] = &[
    (
        Os::Linux,
        ".tar.gz",
        "curl -fLO {url}\n\
         # {check-then}\n\
         printf '%s\\n' {check} | sha256sum -c - &&\n  \
         sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf {file}\n\
         # {path}\n\
         echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.profile\n\
         export PATH=$PATH:/usr/local/go/bin\n\
         # {prove}\n\
         go version\n\
         go env GOROOT",
    ),
    (
        Os::Darwin,
        ".pkg",
        "curl -fLO {url}\n\
         # {check-then} {signed-apple}\n\
         printf '%s\\n' {check} | shasum -a 256 -c - &&\n  \
         pkgutil --check-signature {file} &&\n  \
         sudo installer -pkg {file} -target /\n\
         # {new-shell}\n\
         go version\n\
         go env GOROOT",
    ),
    (
        Os::Darwin,
        ".tar.gz",
        "curl -fLO {url}\n\
         # {check-then}\n\
         printf '%s\\n' {check} | shasum -a 256 -c - &&\n  \
         sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf {file}\n\
         # {path}\n\
         echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.zprofile\n\
         export PATH=$PATH:/usr/local/go/bin\n\
         # {prove}\n\
         go version\n\
         go env GOROOT",
    ),
    (
        Os::Windows,
        ".msi",
        "# {progress}\n\
         $ProgressPreference = 'SilentlyContinue'\n\
         Invoke-WebRequest -Uri {url} -OutFile {file}\n\
         # {signed-windows}\n\
         $sig = Get-AuthenticodeSignature -LiteralPath {file}\n\
         $sig.Status; $sig.SignerCertificate.Subject\n\
         # {check-then}\n\
         if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256} -and $sig.Status -eq 'Valid') \
         { msiexec /i {file} } else { 'MISMATCH' }\n\
         # {new-shell}\n\
         go version\n\
         go env GOROOT",
    ),
    (
        Os::Windows,
        ".zip",
        "# {progress}\n\
         $ProgressPreference = 'SilentlyContinue'\n\
         Invoke-WebRequest -Uri {url} -OutFile {file}\n\
         # {check-then}\n\
         if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}) \
         { Expand-Archive -LiteralPath {file} -DestinationPath 'C:\\' } else { 'MISMATCH' }\n\
         # {path}\n\
         [Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + ';C:\\go\\bin', 'User')\n\
         # {new-shell}\n\
         go version\n\
         go env GOROOT",
    ),
];

/// The commands that download `file` from `url`, check it against `sha256`, install it on `os`
/// and prove the install; `None` for a file that is not installed this way (a source archive,
/// a kind the OS has no template for).
pub fn commands(lang: Lang, os: Os, url: &str, file: &str, sha256: &str) -> Option<String> {
    let (_, _, template) = TEMPLATES
        .iter()
        .find(|(o, ending, _)| *o == os && file.ends_with(ending))?;
    let check = quote(os, &format!("{sha256}  {file}"));
    Some(substitute(
        template,
        &[
            ("url", &quote(os, url)),
            ("file", &quote(os, file)),
            ("sha256", &quote(os, sha256)),
            ("check", &check),
            ("check-then", text(lang, "cmd-install-check")),
            ("path", text(lang, "cmd-install-path")),
            ("prove", text(lang, "cmd-install-prove")),
            ("new-shell", text(lang, "cmd-install-new-shell")),
            ("signed-apple", text(lang, "cmd-install-signed-apple")),
            ("signed-windows", text(lang, "cmd-install-signed-windows")),
            ("progress", text(lang, "cmd-progress")),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265";
    const BASE: &str = "https://mirrors.aliyun.com/golang/";

    fn lines(os: Os, file: &str) -> Vec<String> {
        commands(Lang::En, os, &format!("{BASE}{file}"), file, SHA)
            .unwrap()
            .lines()
            .map(String::from)
            .collect()
    }

    #[test]
    fn linux_replaces_usr_local_go_only_after_the_check() {
        let file = "go1.22.0.linux-amd64.tar.gz";
        assert_eq!(
            lines(Os::Linux, file),
            [
                format!("curl -fLO '{BASE}{file}'"),
                "# the install runs only if the checksum matches".into(),
                format!("printf '%s\\n' '{SHA}  {file}' | sha256sum -c - &&"),
                format!("  sudo rm -rf /usr/local/go && sudo tar -C /usr/local -xzf '{file}'"),
                "# put go on PATH, for this shell and the next ones".into(),
                "echo 'export PATH=$PATH:/usr/local/go/bin' >> ~/.profile".into(),
                "export PATH=$PATH:/usr/local/go/bin".into(),
                "# prove it: the new version, from /usr/local/go".into(),
                "go version".into(),
                "go env GOROOT".into(),
            ]
        );
    }

    #[test]
    fn macos_checks_the_pkg_signature_before_installer() {
        let file = "go1.22.0.darwin-arm64.pkg";
        let got = lines(Os::Darwin, file);
        assert_eq!(got[0], format!("curl -fLO '{BASE}{file}'"));
        assert!(
            got[1].contains("Developer ID Installer: Google LLC"),
            "{got:?}"
        );
        assert_eq!(
            got[2..5],
            [
                format!("printf '%s\\n' '{SHA}  {file}' | shasum -a 256 -c - &&"),
                format!("  pkgutil --check-signature '{file}' &&"),
                format!("  sudo installer -pkg '{file}' -target /"),
            ]
        );
        assert_eq!(got[got.len() - 2..], ["go version", "go env GOROOT"]);
        // An archive where the list has no .pkg: unpacked like on Linux, PATH in zsh's profile.
        let archive = lines(Os::Darwin, "go1.4.darwin-amd64.tar.gz").join("\n");
        assert!(archive.contains("shasum -a 256 -c - &&\n  sudo rm -rf /usr/local/go"));
        assert!(archive.contains(">> ~/.zprofile"));
    }

    #[test]
    fn windows_installs_the_msi_only_when_hash_and_signature_hold() {
        let file = "go1.22.0.windows-amd64.msi";
        let got = lines(Os::Windows, file);
        assert_eq!(got[1], "$ProgressPreference = 'SilentlyContinue'");
        assert_eq!(
            got[2],
            format!("Invoke-WebRequest -Uri '{BASE}{file}' -OutFile '{file}'")
        );
        assert!(got.contains(&format!(
            "$sig = Get-AuthenticodeSignature -LiteralPath '{file}'"
        )));
        assert!(got.contains(&format!(
            "if ((Get-FileHash -LiteralPath '{file}' -Algorithm SHA256).Hash -eq '{SHA}' \
             -and $sig.Status -eq 'Valid') {{ msiexec /i '{file}' }} else {{ 'MISMATCH' }}"
        )));
        assert_eq!(got[got.len() - 2..], ["go version", "go env GOROOT"]);
        let zip = lines(Os::Windows, "go1.4.windows-386.zip").join("\n");
        assert!(zip.contains("Expand-Archive -LiteralPath 'go1.4.windows-386.zip'"));
        assert!(zip.contains(";C:\\go\\bin', 'User')"));
    }

    #[test]
    fn hostile_names_stay_one_word_and_other_kinds_have_none() {
        let hostile = "go'$(reboot)'.linux-amd64.tar.gz";
        let linux = commands(Lang::En, Os::Linux, "https://h/x", hostile, SHA).unwrap();
        assert!(linux.contains("-xzf 'go'\\''$(reboot)'\\''.linux-amd64.tar.gz'"));
        let hostile = "go'$(reboot)'.windows-amd64.msi";
        let windows = commands(Lang::En, Os::Windows, "https://h/x", hostile, SHA).unwrap();
        assert!(windows.contains("msiexec /i 'go''$(reboot)''.windows-amd64.msi'"));
        assert_eq!(
            commands(Lang::En, Os::Linux, BASE, "go1.22.0.linux-amd64.zip", SHA),
            None
        );
        assert_eq!(Os::from_goos("plan9"), None);
        // Comments in Chinese, every placeholder filled.
        for (os, file) in [
            (Os::Linux, "a.tar.gz"),
            (Os::Darwin, "a.pkg"),
            (Os::Darwin, "a.tar.gz"),
            (Os::Windows, "a.msi"),
            (Os::Windows, "a.zip"),
        ] {
            let zh = commands(Lang::Zh, os, BASE, file, SHA).unwrap();
            let open = zh
                .lines()
                .filter(|l| l.starts_with('#'))
                .any(|l| l.contains('{'));
            assert!(!open, "{zh}");
        }
    }
}
