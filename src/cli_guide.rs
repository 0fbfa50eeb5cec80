//! The page's `#cli` section: which `gomirror` binaries the site offers, and for each OS the
//! commands that fetch one from the site's own `cli/` folder, check it against the site's
//! `cli/SHA256SUMS` and run it (`gomirror get --install`, then the `PATH` line); where the site
//! lists no binary for an OS, the commands that build one with cargo instead.
//!
//! A binary is offered only under one of the five names the Pages workflow publishes, with one
//! checksum: a list that names a file twice with two checksums offers neither, since the check
//! would depend on which line the commands copied. The check guards against a cut or altered
//! download, not against the site itself: the checksum comes from the same place as the binary.
//!
//! Pure text, like `install.rs`: every value from outside (the site's URL, the checksums) is
//! quoted for its shell (`commands::quote`); comments are in the visitor's language. Fetching the
//! list, finding the page's own URL and drawing the section are the browser layer's.

use crate::checksum::{ChecksumLine, Digest};
use crate::commands::{quote, Os};
use crate::i18n::{substitute, text, Lang};

/// Each binary a site may publish in `cli/`: its OS, GOARCH, what `uname -m` says on such a CPU
/// (a `case` pattern; unused on Windows, which has one), and its file name.
const BINARIES: [(Os, &str, &str, &str); 5] = [
    (Os::Linux, "amd64", "x86_64", "gomirror-linux-amd64"),
    (Os::Linux, "arm64", "aarch64|arm64", "gomirror-linux-arm64"),
    (Os::Darwin, "arm64", "arm64", "gomirror-darwin-arm64"),
    (Os::Darwin, "amd64", "x86_64", "gomirror-darwin-amd64"),
    (Os::Windows, "amd64", "", "gomirror-windows-amd64.exe"),
];

/// One binary the site offers, with the checksum its `SHA256SUMS` gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binary {
    /// The OS it runs on.
    pub os: Os,
    /// Its GOARCH.
    pub arch: &'static str,
    /// Its file name in `cli/`.
    pub file: &'static str,
    /// What `uname -m` says on its CPU, as a `case` pattern.
    cpu: &'static str,
    /// Its checksum.
    pub sha256: Digest,
}

/// The binaries a `SHA256SUMS` lists, in the page's order (each OS's usual CPU first). Lines for
/// other files, and a file given two different checksums, are left out. Plain loops: this runs
/// in the page, whose weight counts every instance of a generic iterator.
pub fn listed(lines: &[ChecksumLine]) -> Vec<Binary> {
    let mut offered = Vec::new();
    for &(os, arch, cpu, file) in &BINARIES {
        let (mut sha256, mut agreed) = (None, true);
        for line in lines {
            if line.file.as_deref() == Some(file) {
                agreed &= sha256.is_none_or(|s| s == line.sha256);
                sha256 = Some(line.sha256);
            }
        }
        if let (Some(sha256), true) = (sha256, agreed) {
            offered.push(Binary {
                os,
                arch,
                file,
                cpu,
                sha256,
            });
        }
    }
    offered
}

/// The absolute URL of the `cli/` folder beside the page at `page` (its own URL, any sub-path):
/// the query and the fragment (a report link's `#r=…`) are not part of it.
pub fn folder_of(page: &str) -> String {
    // Bytes rather than char patterns: the same answer for ASCII delimiters, less code in the
    // page's module.
    let bytes = page.as_bytes();
    let end = bytes
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(bytes.len());
    let dir = bytes[..end]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(end, |at| at + 1);
    let mut folder = page[..dir].to_string();
    folder.push_str("cli/");
    folder
}

/// How an OS's commands get `gomirror`: the contract's `data-way`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Way {
    /// Downloaded from the site and checked.
    Binary,
    /// Built with cargo: the site lists none for the OS.
    Cargo,
}

impl Way {
    /// How `os` gets it when the site offers `binaries`.
    pub fn of(os: Os, binaries: &[Binary]) -> Way {
        if binaries.iter().any(|b| b.os == os) {
            Way::Binary
        } else {
            Way::Cargo
        }
    }

    /// Its name in the page's markup.
    pub fn as_str(self) -> &'static str {
        match self {
            Way::Binary => "binary",
            Way::Cargo => "cargo",
        }
    }
}

/// sh: the binary for this CPU (`{arms}`: one `case` arm per binary), downloaded from `{url}`
/// (the `cli/` folder, quoted) and run only if its checksum matches.
const SH_BINARY: &str = "# {pick}\n\
     case \"$(uname -m)\" in\n\
     {arms}esac\n\
     curl -fLO {url}\"$f\"\n\
     # {check}\n\
     printf '%s  %s\\n' \"$sum\" \"$f\" | {sha256sum} -c - &&\n  \
     chmod +x \"$f\" &&\n  \
     \"./$f\" get --install {dir}\n";

/// One `case` arm: what `uname -m` says, the file, its checksum (quoted).
const SH_ARM: &str = "  {cpu}) f={file} sum={sha256} ;;\n";

/// PowerShell: the one Windows binary, run only if its checksum matches. Windows PowerShell
/// 5.1 draws its progress bar so slowly that it must be turned off (`commands.rs`).
const POWERSHELL_BINARY: &str = "# {progress}\n\
     $ProgressPreference = 'SilentlyContinue'\n\
     Invoke-WebRequest -Uri {url} -OutFile {file}\n\
     # {check}\n\
     if ((Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}) \
     { .\\{file} get --install {dir} } else { 'MISMATCH' }\n";

/// Any OS: built from a checkout of the source (the crate names no public repository).
const CARGO: &str = "# {cargo}\n\
     cargo install --path . --features cli\n\
     gomirror get --install {dir}\n";

/// Where `get --install` puts Go (as `DIR/go`) on `os`, needing no administrator, and the lines
/// that put its `bin` on `PATH` for this shell and the next ones.
fn home(os: Os) -> (&'static str, &'static str) {
    match os {
        Os::Linux => (
            "\"$HOME/.local\"",
            "echo 'export PATH=$PATH:$HOME/.local/go/bin' >> ~/.profile\n\
             export PATH=$PATH:$HOME/.local/go/bin",
        ),
        Os::Darwin => (
            "\"$HOME/.local\"",
            "echo 'export PATH=$PATH:$HOME/.local/go/bin' >> ~/.zprofile\n\
             export PATH=$PATH:$HOME/.local/go/bin",
        ),
        Os::Windows => (
            "\"$env:LOCALAPPDATA\\Programs\"",
            "[Environment]::SetEnvironmentVariable('Path', [Environment]::GetEnvironmentVariable('Path', 'User') + \";$env:LOCALAPPDATA\\Programs\\go\\bin\", 'User')\n\
             $env:Path += \";$env:LOCALAPPDATA\\Programs\\go\\bin\"",
        ),
    }
}

/// The commands for `os`: with the binaries the site lists for it, fetched from `cli_url` (the
/// absolute URL of the site's `cli/` folder, ending in `/`), else with cargo ([`Way::of`]).
/// The file names are this module's own; the URL and the checksums are quoted.
pub fn commands(lang: Lang, os: Os, cli_url: &str, binaries: &[Binary]) -> String {
    let (dir, path) = home(os);
    let (mut arms, mut url, mut file, mut sha256) =
        (String::new(), quote(os, cli_url), "", String::new());
    for b in binaries {
        if b.os == os {
            sha256 = quote(os, &b.sha256.to_hex());
            file = b.file;
            arms += &substitute(
                SH_ARM,
                &[("cpu", b.cpu), ("file", file), ("sha256", &sha256)],
            );
        }
    }
    let template = match (Way::of(os, binaries), os) {
        (Way::Cargo, _) => CARGO,
        (Way::Binary, Os::Windows) => {
            url = quote(os, &format!("{cli_url}{file}"));
            POWERSHELL_BINARY
        }
        (Way::Binary, Os::Linux | Os::Darwin) => SH_BINARY,
    };
    let mut commands = substitute(
        template,
        &[
            ("arms", &arms),
            ("url", &url),
            ("file", file),
            ("sha256", &sha256),
            ("sha256sum", os.sha256sum()),
            ("dir", dir),
            ("pick", text(lang, "bin-cmd-pick")),
            ("check", text(lang, "bin-cmd-check")),
            ("cargo", text(lang, "bin-cmd-cargo")),
            ("progress", text(lang, "cmd-progress")),
        ],
    );
    commands.push_str("# ");
    commands.push_str(text(lang, "cmd-install-path"));
    commands.push('\n');
    commands.push_str(path);
    commands
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checksum::parse_checksums;

    const A: &str = "aa00000000000000000000000000000000000000000000000000000000000000";
    const B: &str = "bb00000000000000000000000000000000000000000000000000000000000000";
    const C: &str = "cc00000000000000000000000000000000000000000000000000000000000000";
    const URL: &str = "https://example.org/some/path/cli/";

    fn offered(sums: &str) -> Vec<(&'static str, String)> {
        listed(&parse_checksums(sums).unwrap())
            .into_iter()
            .map(|b| (b.file, b.sha256.to_hex()))
            .collect()
    }

    #[test]
    fn only_the_five_names_with_one_checksum_each_are_offered() {
        let table: &[(&str, &[(&str, &str)])] = &[
            // sha256sum's text and binary modes, in any order; the page's order out.
            (
                &format!("{B} *gomirror-windows-amd64.exe\n{A}  gomirror-linux-amd64\n"),
                &[
                    ("gomirror-linux-amd64", A),
                    ("gomirror-windows-amd64.exe", B),
                ],
            ),
            // A path before the name, and BSD lines, name the same file.
            (
                &format!(
                    "{A}  ./dist/gomirror-darwin-arm64\nSHA256 (gomirror-linux-arm64) = {B}\n"
                ),
                &[("gomirror-linux-arm64", B), ("gomirror-darwin-arm64", A)],
            ),
            // Other files, near misses and a bare digest are not binaries of ours.
            (
                &format!(
                    "{A}  gomirror\n{A}  gomirror-linux-386\n{A}  gomirror-windows-amd64\n\
                     {A}  GOMIRROR-LINUX-AMD64\n{A}\n{C}  gomirror-darwin-amd64\n"
                ),
                &[("gomirror-darwin-amd64", C)],
            ),
            // The same line twice is one; two checksums for one file offer neither.
            (
                &format!(
                    "{A}  gomirror-linux-amd64\n{A}  gomirror-linux-amd64\n\
                     {A}  gomirror-linux-arm64\n{B}  gomirror-linux-arm64\n"
                ),
                &[("gomirror-linux-amd64", A)],
            ),
            (&format!("{A}  something-else\n"), &[]),
        ];
        for (sums, want) in table {
            let want: Vec<(&str, String)> = want.iter().map(|(f, s)| (*f, s.to_string())).collect();
            assert_eq!(offered(sums), want, "{sums}");
        }
    }

    #[test]
    fn the_folder_is_beside_the_page_whatever_its_path_query_or_fragment() {
        for (page, folder) in [
            ("https://example.org/", "https://example.org/cli/"),
            (
                "https://example.org/gomirror/",
                "https://example.org/gomirror/cli/",
            ),
            (
                "https://example.org/a/b/index.html",
                "https://example.org/a/b/cli/",
            ),
            (
                "http://127.0.0.1:8080/x/?lang=zh/CN",
                "http://127.0.0.1:8080/x/cli/",
            ),
            ("https://example.org/g/#r=a/b", "https://example.org/g/cli/"),
            ("https://example.org/g/?q#r/x", "https://example.org/g/cli/"),
        ] {
            assert_eq!(folder_of(page), folder, "{page}");
        }
    }

    fn every_binary() -> Vec<Binary> {
        let sums: String = BINARIES
            .iter()
            .zip([A, B, C, A, B])
            .map(|((_, _, _, file), sha)| format!("{sha}  {file}\n"))
            .collect();
        listed(&parse_checksums(&sums).unwrap())
    }

    #[test]
    fn linux_picks_the_binary_for_its_cpu_and_runs_it_only_if_it_matches() {
        let text = commands(Lang::En, Os::Linux, URL, &every_binary());
        assert_eq!(Way::of(Os::Linux, &every_binary()), Way::Binary);
        assert_eq!(
            text.lines().collect::<Vec<_>>(),
            [
                "# the file for this machine's CPU",
                "case \"$(uname -m)\" in",
                &format!("  x86_64) f=gomirror-linux-amd64 sum='{A}' ;;"),
                &format!("  aarch64|arm64) f=gomirror-linux-arm64 sum='{B}' ;;"),
                "esac",
                &format!("curl -fLO '{URL}'\"$f\""),
                "# it runs only if the checksum matches: a cut or altered download stops here",
                "printf '%s  %s\\n' \"$sum\" \"$f\" | sha256sum -c - &&",
                "  chmod +x \"$f\" &&",
                "  \"./$f\" get --install \"$HOME/.local\"",
                "# put go on PATH, for this shell and the next ones",
                "echo 'export PATH=$PATH:$HOME/.local/go/bin' >> ~/.profile",
                "export PATH=$PATH:$HOME/.local/go/bin",
            ]
        );
    }

    #[test]
    fn macos_checks_with_shasum_and_offers_only_what_is_listed() {
        let only_intel: Vec<Binary> = every_binary()
            .into_iter()
            .filter(|b| b.file != "gomirror-darwin-arm64")
            .collect();
        let text = commands(Lang::En, Os::Darwin, URL, &only_intel);
        assert_eq!(Way::of(Os::Darwin, &only_intel), Way::Binary);
        assert!(text.contains(&format!(
            "\n  x86_64) f=gomirror-darwin-amd64 sum='{A}' ;;\nesac\n"
        )));
        assert!(!text.contains("arm64"), "{text}");
        assert!(text.contains("| shasum -a 256 -c - &&"));
        assert!(text.ends_with(">> ~/.zprofile\nexport PATH=$PATH:$HOME/.local/go/bin"));
    }

    #[test]
    fn windows_runs_the_exe_only_if_get_filehash_matches() {
        let text = commands(Lang::En, Os::Windows, URL, &every_binary());
        assert_eq!(Way::of(Os::Windows, &every_binary()), Way::Binary);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "$ProgressPreference = 'SilentlyContinue'");
        assert_eq!(
            lines[2],
            format!("Invoke-WebRequest -Uri '{URL}gomirror-windows-amd64.exe' -OutFile gomirror-windows-amd64.exe")
        );
        assert_eq!(
            lines[4],
            format!(
                "if ((Get-FileHash -LiteralPath gomirror-windows-amd64.exe -Algorithm SHA256).Hash -eq '{B}') \
                 {{ .\\gomirror-windows-amd64.exe get --install \"$env:LOCALAPPDATA\\Programs\" }} else {{ 'MISMATCH' }}"
            )
        );
        assert!(text.ends_with("$env:Path += \";$env:LOCALAPPDATA\\Programs\\go\\bin\""));
    }

    #[test]
    fn without_a_listed_binary_cargo_builds_one() {
        for os in Os::ALL {
            let text = commands(Lang::En, os, URL, &[]);
            assert_eq!(Way::of(os, &[]), Way::Cargo);
            assert!(
                text.contains("\ncargo install --path . --features cli\ngomirror get --install ")
            );
            assert!(!text.contains(URL), "{text}");
        }
        // Only Windows missing: the others still download.
        let no_windows: Vec<Binary> = every_binary()
            .into_iter()
            .filter(|b| b.os != Os::Windows)
            .collect();
        assert_eq!(Way::of(Os::Windows, &no_windows), Way::Cargo);
        assert!(commands(Lang::En, Os::Windows, URL, &no_windows).contains("cargo install"));
        assert_eq!(Way::of(Os::Linux, &no_windows), Way::Binary);
        assert!(commands(Lang::En, Os::Linux, URL, &no_windows).contains("curl -fLO"));
    }

    #[test]
    fn the_sites_url_is_quoted_for_each_shell() {
        let hostile = "https://example.org/it's $(id)/cli/";
        let sh = commands(Lang::En, Os::Linux, hostile, &every_binary());
        assert!(
            sh.contains("curl -fLO 'https://example.org/it'\\''s $(id)/cli/'\"$f\"\n"),
            "{sh}"
        );
        let ps = commands(Lang::En, Os::Windows, hostile, &every_binary());
        assert!(
            ps.contains("-Uri 'https://example.org/it''s $(id)/cli/gomirror-windows-amd64.exe'"),
            "{ps}"
        );
    }

    #[test]
    fn comments_follow_the_language() {
        let zh = commands(Lang::Zh, Os::Linux, URL, &every_binary());
        let en = commands(Lang::En, Os::Linux, URL, &every_binary());
        for key in ["bin-cmd-pick", "bin-cmd-check", "cmd-install-path"] {
            assert!(zh.contains(text(Lang::Zh, key)), "{key}");
            assert!(!en.contains(text(Lang::Zh, key)), "{key}");
        }
        // Only the comments differ.
        let code = |t: &str| {
            t.lines()
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(code(&zh), code(&en));
        let cargo = commands(Lang::Zh, Os::Darwin, URL, &[]);
        assert!(cargo.starts_with(&format!("# {}\n", text(Lang::Zh, "bin-cmd-cargo"))));
    }
}
