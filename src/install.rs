//! After the check, the install: for the chosen version, each OS's file of the kind go.dev
//! features for it, and the commands that download it, check it, install it and prove it, with
//! a sentence that says which kind of file they use and, where the list lacks the installer
//! and the archive stands in, why.
//!
//! The install runs only when the check passed: on Linux and macOS the steps are chained with
//! `&&` after `sha256sum -c`/`shasum -c` (and `pkgutil --check-signature`), on Windows they sit
//! in one `if` on `Get-FileHash` and `Get-AuthenticodeSignature`. The steps follow go.dev/doc/install:
//! a `.tar.gz` replaces `/usr/local/go` whole (unpacking over an old tree leaves stale files that
//! break the build) and `/usr/local/go/bin` goes on `PATH`; the `.pkg` and the `.msi` put Go on
//! `PATH` themselves, for shells started after them; the `.zip` on Windows is unpacked for the
//! user alone, replacing an old tree whole, and its `bin` goes on the user's `Path` and this
//! shell's. Each kind's words are true for that kind only (an archive's never say an
//! installer did anything). Every value is quoted for its shell
//! (`commands::quote`); comments are in the visitor's language.
//!
//! Pure text; which mirror the file comes from, and showing the commands, are the browser
//! layer's business.

use crate::commands::{quote, Os};
use crate::i18n::{fill, substitute, text, Lang};
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

/// The kind of file go.dev features for `os`: the archive on Linux, the installer elsewhere.
pub fn featured_kind(os: Os) -> Kind {
    match os {
        Os::Linux => Kind::Archive,
        Os::Darwin | Os::Windows => Kind::Installer,
    }
}

/// Each row: OS, kind, file name ending, template. `{url}`, `{file}`, `{sha256}` and `{check}`
/// (a `sha256sum -c` line) are quoted values, the rest comments in the visitor's language. An
/// installer's comments may say it put Go on `PATH`; an archive's commands put it there
/// themselves, for the shell they run in and for the next ones.
const TEMPLATES: &[(Os, Kind, &str, &str)] = &[
    (
        Os::Linux,
        Kind::Archive,
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
        Kind::Installer,
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
        Kind::Archive,
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
        Kind::Installer,
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
    // The .zip is unpacked for this user alone (no administrator needed), replacing an old tree
    // whole as on Linux; its bin folder goes on the user's Path (once, however often this
    // runs) and on this shell's.
    (
        Os::Windows,
        Kind::Archive,
        ".zip",
        "# {progress}\n\
         $ProgressPreference = 'SilentlyContinue'\n\
         Invoke-WebRequest -Uri {url} -OutFile {file}\n\
         # {check-then-zip}\n\
         $dir = Join-Path $env:LOCALAPPDATA 'Programs'\n\
         if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}) {\n  \
         Remove-Item -LiteralPath (Join-Path $dir 'go') -Recurse -Force -ErrorAction SilentlyContinue\n  \
         Expand-Archive -LiteralPath {file} -DestinationPath $dir\n\
         } else { 'MISMATCH' }\n\
         # {path}\n\
         $bin = Join-Path $dir 'go\\bin'\n\
         $user = @([Environment]::GetEnvironmentVariable('Path', 'User') -split ';' | Where-Object { $_ -and $_ -ne $bin })\n\
         [Environment]::SetEnvironmentVariable('Path', (($user + $bin) -join ';'), 'User')\n\
         $env:Path = \"$bin;$env:Path\"\n\
         # {prove-zip}\n\
         go version\n\
         go env GOROOT",
    ),
];

/// One OS's block of `#install`: the kind of file its commands use, a sentence saying which
/// kind that is and, where an archive stands in for the installer go.dev features, why; and the
/// commands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// `Archive` or `Installer`, as the file the commands use (the contract's `data-kind`).
    pub kind: Kind,
    /// The sentence above the commands.
    pub about: String,
    /// The commands, comments in the visitor's language.
    pub commands: String,
}

/// A kind's name in go.dev's list, which is also the contract's `data-kind` value.
pub fn kind_name(kind: Kind) -> &'static str {
    Kind::NAMES
        .iter()
        .find(|(_, k)| *k == kind)
        .map_or("archive", |(name, _)| name)
}

/// The OS's name in a sentence (the same in every language the page has).
fn os_name(os: Os) -> &'static str {
    match os {
        Os::Linux => "Linux",
        Os::Darwin => "macOS",
        Os::Windows => "Windows",
    }
}

/// The block that downloads `file` (of release `version`) from `url`, checks it against
/// `sha256`, installs it on `os` and proves the install; `None` for a file that is not installed
/// this way (a source archive, a kind the OS has no template for).
pub fn block(
    lang: Lang,
    os: Os,
    version: &str,
    url: &str,
    file: &str,
    sha256: &str,
) -> Option<Block> {
    let &(_, kind, ending, template) = TEMPLATES
        .iter()
        .find(|(o, _, ending, _)| *o == os && file.ends_with(ending))?;
    let featured = featured_kind(os);
    let about = match TEMPLATES
        .iter()
        .find(|(o, k, _, _)| *o == os && *k == featured)
    {
        Some((_, _, wanted, _)) if kind != featured => fill(
            lang,
            "install-kind-fallback",
            &[("wanted", wanted), ("version", version), ("ending", ending)],
        ),
        _ => fill(
            lang,
            &format!("install-kind-{}", kind_name(kind)),
            &[("ending", ending), ("os", os_name(os))],
        ),
    };
    let check = quote(os, &format!("{sha256}  {file}"));
    let commands = substitute(
        template,
        &[
            ("url", &quote(os, url)),
            ("file", &quote(os, file)),
            ("sha256", &quote(os, sha256)),
            ("check", &check),
            ("check-then", text(lang, "cmd-install-check")),
            ("check-then-zip", text(lang, "cmd-install-check-zip")),
            ("path", text(lang, "cmd-install-path")),
            ("prove", text(lang, "cmd-install-prove")),
            ("prove-zip", text(lang, "cmd-install-prove-zip")),
            ("new-shell", text(lang, "cmd-install-new-shell")),
            ("signed-apple", text(lang, "cmd-install-signed-apple")),
            ("signed-windows", text(lang, "cmd-install-signed-windows")),
            ("progress", text(lang, "cmd-progress")),
        ],
    );
    Some(Block {
        kind,
        about,
        commands,
    })
}

/// The commands of [`block`] alone.
pub fn commands(lang: Lang, os: Os, url: &str, file: &str, sha256: &str) -> Option<String> {
    block(lang, os, "", url, file, sha256).map(|b| b.commands)
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
    }

    #[test]
    fn windows_unpacks_the_zip_for_the_user_and_puts_it_on_path() {
        let file = "go1.4.windows-386.zip";
        let got = lines(Os::Windows, file);
        assert_eq!(
            got[3..15],
            [
                "# the install runs only if the checksum matches: Go goes to \
                 $env:LOCALAPPDATA\\Programs\\go, for this user, replacing an old one there whole"
                    .to_string(),
                "$dir = Join-Path $env:LOCALAPPDATA 'Programs'".into(),
                format!(
                    "if ((Get-FileHash -LiteralPath '{file}' -Algorithm SHA256).Hash -eq '{SHA}') {{"
                ),
                "  Remove-Item -LiteralPath (Join-Path $dir 'go') -Recurse -Force \
                 -ErrorAction SilentlyContinue"
                    .into(),
                format!("  Expand-Archive -LiteralPath '{file}' -DestinationPath $dir"),
                "} else { 'MISMATCH' }".into(),
                "# put go on PATH, for this shell and the next ones".into(),
                "$bin = Join-Path $dir 'go\\bin'".into(),
                "$user = @([Environment]::GetEnvironmentVariable('Path', 'User') -split ';' \
                 | Where-Object { $_ -and $_ -ne $bin })"
                    .into(),
                "[Environment]::SetEnvironmentVariable('Path', (($user + $bin) -join ';'), 'User')"
                    .into(),
                "$env:Path = \"$bin;$env:Path\"".into(),
                "# prove it: the new version, from $env:LOCALAPPDATA\\Programs\\go".into(),
            ]
        );
        assert_eq!(got[15..], ["go version", "go env GOROOT"]);
    }

    /// Words and commands only an installer's block may hold, and only an archive's.
    const INSTALLER_ONLY: &[&str] = &[
        "the installer put Go on PATH",
        "安装程序已把 Go 加入 PATH",
        "msiexec",
        "installer -pkg",
        "pkgutil",
        "Get-AuthenticodeSignature",
    ];
    const ARCHIVE_ONLY: &[&str] = &[
        "tar -C",
        "Expand-Archive",
        "PATH=$PATH:/usr/local/go/bin",
        "SetEnvironmentVariable('Path'",
        "put go on PATH",
        "把 go 加入 PATH",
    ];

    #[test]
    fn each_block_says_its_kind_and_holds_only_that_kind_s_words() {
        let cases = [
            (
                Os::Linux,
                "go1.27.2.linux-amd64.tar.gz",
                Kind::Archive,
                false,
            ),
            (
                Os::Darwin,
                "go1.27.2.darwin-arm64.pkg",
                Kind::Installer,
                false,
            ),
            (
                Os::Darwin,
                "go1.27.2.darwin-arm64.tar.gz",
                Kind::Archive,
                true,
            ),
            (
                Os::Windows,
                "go1.27.2.windows-amd64.msi",
                Kind::Installer,
                false,
            ),
            (
                Os::Windows,
                "go1.27.2.windows-amd64.zip",
                Kind::Archive,
                true,
            ),
        ];
        for (os, file, kind, fallback) in cases {
            for lang in [Lang::En, Lang::Zh] {
                let b = block(lang, os, "go1.27.2", &format!("{BASE}{file}"), file, SHA).unwrap();
                let what = format!("{os:?} {file} {lang:?}: {b:?}");
                assert_eq!(b.kind, kind, "{what}");
                assert_eq!(featured_kind(os) != kind, fallback, "{what}");
                let (forbidden, required) = match kind {
                    Kind::Installer => (ARCHIVE_ONLY, INSTALLER_ONLY),
                    _ => (INSTALLER_ONLY, ARCHIVE_ONLY),
                };
                for words in forbidden {
                    assert!(!b.commands.contains(words), "{words:?} in {what}");
                }
                assert!(
                    required.iter().any(|w| b.commands.contains(w)),
                    "no {kind:?} words in {what}"
                );
                assert!(!b.about.contains('{'), "{what}");
            }
            let en = block(Lang::En, os, "go1.27.2", BASE, file, SHA)
                .unwrap()
                .about;
            let ending = &file[file
                .find(".tar.gz")
                .unwrap_or_else(|| file.rfind('.').unwrap())..];
            let name = match os {
                Os::Linux => "Linux",
                Os::Darwin => "macOS",
                Os::Windows => "Windows",
            };
            let want = match (kind, fallback) {
                (Kind::Installer, _) => format!(
                    "The {ending} installer, the kind of file go.dev recommends for {name}: \
                     it puts Go on PATH itself."
                ),
                (_, false) => format!(
                    "The {ending} archive, the kind of file go.dev recommends for {name}: the \
                     commands unpack it and put Go on PATH."
                ),
                (_, true) => {
                    let wanted = if os == Os::Darwin { ".pkg" } else { ".msi" };
                    format!(
                        "The list has no checksum for a {wanted} installer of go1.27.2, so these \
                         commands use the {ending} archive instead: they unpack it and put Go on \
                         PATH themselves."
                    )
                }
            };
            assert_eq!(en, want);
            let zh = block(Lang::Zh, os, "go1.27.2", BASE, file, SHA)
                .unwrap()
                .about;
            assert!(zh.contains(ending) && !zh.is_ascii(), "{zh}");
            assert_eq!(zh.contains("go1.27.2"), fallback, "{zh}");
            assert_eq!(
                kind_name(kind),
                ["installer", "archive"][usize::from(kind == Kind::Archive)]
            );
        }
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
