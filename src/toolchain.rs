//! The module-proxy route: Go 1.21 and later fetch a toolchain as the module
//! `golang.org/toolchain` through any `GOPROXY` (DESIGN.md, "The module-proxy route").
//!
//! Pure text: which zip a proxy serves for a release and platform, and the commands that make
//! an installed Go fetch it. The go command checks that zip against the checksum database, so
//! the official SHA-256 list does not apply to it.

use std::cmp::Ordering;

use crate::commands::{quote, word, Os};
use crate::i18n::{substitute, text, Lang};
use crate::releases::compare_versions;

/// The first release published as a toolchain module.
pub const FIRST_TOOLCHAIN: &str = "go1.21.0";

/// The module's path below a proxy's base URL.
const MODULE_PATH: &str = "golang.org/toolchain/@v/";

/// The zip a proxy serves for `version` (`go1.22.0`) on `os`/`arch`, e.g.
/// `v0.0.1-go1.22.0.linux-amd64.zip`; `None` before [`FIRST_TOOLCHAIN`] or without a platform.
pub fn module_file(version: &str, os: &str, arch: &str) -> Option<String> {
    if os.is_empty()
        || arch.is_empty()
        || !version.starts_with("go")
        || compare_versions(version, FIRST_TOOLCHAIN) == Ordering::Less
    {
        return None;
    }
    // The module names 32-bit ARM `arm`, where the download page says `armv6l`.
    let arch = if arch == "armv6l" { "arm" } else { arch };
    Some(format!("v0.0.1-{version}.{os}-{arch}.zip"))
}

/// The toolchain release and zip the proxies are measured on for `file`: the file's own
/// release where it is a module, else (releases before Go 1.21) the newest stable one's; for
/// the platform of the file, or `os`/`arch` for a source file, which has none.
pub fn zip_for(
    releases: &crate::releases::Releases,
    file: &crate::releases::OfficialFile,
    os: &str,
    arch: &str,
) -> Option<(String, String)> {
    let (os, arch) = if file.os.is_empty() {
        (os, arch)
    } else {
        (file.os.as_str(), file.arch.as_str())
    };
    let zip = |version: &str| module_file(version, os, arch).map(|z| (version.to_string(), z));
    zip(&file.version).or_else(|| {
        let newest = releases.releases().iter().find(|r| r.stable)?;
        zip(&newest.version)
    })
}

/// A proxy's base URL as a mirror URL template: `{base}golang.org/toolchain/@v/{file}`.
pub fn template(base: &str) -> String {
    let base = base.strip_suffix('/').unwrap_or(base);
    format!("{base}/{MODULE_PATH}{{file}}")
}

/// The value for `GOPROXY`: the proxy, then `direct` for modules it does not have.
pub fn goproxy(base: &str) -> String {
    format!("{},direct", base.strip_suffix('/').unwrap_or(base))
}

/// Commands, for `os`, that make an installed Go 1.21+ fetch `version` through the proxy at
/// `base` and keep that proxy for later (a comment in the visitor's language says so).
pub fn commands(lang: Lang, os: Os, base: &str, version: &str) -> String {
    let proxy = goproxy(base);
    let (template, proxy, version, setting) = match os {
        Os::Linux | Os::Darwin => (
            "GOPROXY={proxy} GOTOOLCHAIN={version} go version\n\
             # {keep}\ngo env -w GOPROXY={proxy}",
            word(os, &proxy),
            word(os, version),
            String::new(),
        ),
        // PowerShell reads a bare `a,b` as a list: the whole setting is quoted.
        Os::Windows => (
            "$env:GOPROXY={proxy}; $env:GOTOOLCHAIN={version}; go version\n\
             # {keep}\ngo env -w {setting}",
            quote(os, &proxy),
            quote(os, version),
            quote(os, &format!("GOPROXY={proxy}")),
        ),
    };
    substitute(
        template,
        &[
            ("proxy", &proxy),
            ("version", &version),
            ("setting", &setting),
            ("keep", text(lang, "cmd-keep-proxy")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_file_follows_the_design() {
        assert_eq!(
            module_file("go1.22.0", "linux", "amd64").as_deref(),
            Some("v0.0.1-go1.22.0.linux-amd64.zip")
        );
        assert_eq!(
            module_file("go1.23.4", "linux", "armv6l").as_deref(),
            Some("v0.0.1-go1.23.4.linux-arm.zip")
        );
        assert_eq!(
            module_file("go1.21.0", "windows", "arm64").as_deref(),
            Some("v0.0.1-go1.21.0.windows-arm64.zip")
        );
        assert_eq!(module_file("go1.20.14", "linux", "amd64"), None);
        assert_eq!(module_file("go1.21rc2", "linux", "amd64"), None);
        assert_eq!(module_file("go1.22.0", "", ""), None);
        assert_eq!(module_file("1.22.0", "linux", "amd64"), None);
    }

    // Native only: it reads a list with Releases::parse, which the wasm build leaves to the
    // browser's JSON.parse.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_zip_of_a_file_or_of_the_newest_stable_release() {
        let file = |name: &str, version: &str, os: &str, arch: &str, kind: &str, n: u32| {
            format!(
                r#"{{"filename":"{name}","os":"{os}","arch":"{arch}","version":"{version}","sha256":"{n:064x}","size":100,"kind":"{kind}"}}"#
            )
        };
        let list = format!(
            r#"[{{"version":"go1.23.4","stable":true,"files":[{},{}]}},{{"version":"go1.20.14","stable":true,"files":[{},{}]}}]"#,
            file(
                "go1.23.4.linux-armv6l.tar.gz",
                "go1.23.4",
                "linux",
                "armv6l",
                "archive",
                1
            ),
            file("go1.23.4.src.tar.gz", "go1.23.4", "", "", "source", 2),
            file(
                "go1.20.14.darwin-arm64.tar.gz",
                "go1.20.14",
                "darwin",
                "arm64",
                "archive",
                3
            ),
            file("go1.20.14.src.tar.gz", "go1.20.14", "", "", "source", 4),
        );
        let releases = crate::releases::Releases::parse(&list).unwrap();
        let zip = |name: &str| {
            let f = releases.by_name(name).unwrap();
            zip_for(&releases, f, "windows", "amd64").map(|(_, z)| z)
        };
        // Each row: the file, and the zip the proxies are measured on.
        let rows = [
            (
                "go1.23.4.linux-armv6l.tar.gz",
                "v0.0.1-go1.23.4.linux-arm.zip",
            ),
            ("go1.23.4.src.tar.gz", "v0.0.1-go1.23.4.windows-amd64.zip"),
            (
                "go1.20.14.darwin-arm64.tar.gz",
                "v0.0.1-go1.23.4.darwin-arm64.zip",
            ),
            ("go1.20.14.src.tar.gz", "v0.0.1-go1.23.4.windows-amd64.zip"),
        ];
        for (name, want) in rows {
            assert_eq!(zip(name).as_deref(), Some(want), "{name}");
        }
    }

    #[test]
    fn template_and_goproxy_take_a_base_with_or_without_slash() {
        for base in ["https://goproxy.cn/", "https://goproxy.cn"] {
            assert_eq!(
                template(base),
                "https://goproxy.cn/golang.org/toolchain/@v/{file}"
            );
            assert_eq!(goproxy(base), "https://goproxy.cn,direct");
        }
        assert_eq!(
            template("https://mirrors.aliyun.com/goproxy/"),
            "https://mirrors.aliyun.com/goproxy/golang.org/toolchain/@v/{file}"
        );
    }

    #[test]
    fn commands_per_os() {
        let base = "https://goproxy.cn/";
        let unix = commands(Lang::En, Os::Linux, base, "go1.22.0");
        assert_eq!(
            unix.lines().collect::<Vec<_>>(),
            [
                "GOPROXY=https://goproxy.cn,direct GOTOOLCHAIN=go1.22.0 go version",
                "# keep the proxy for later",
                "go env -w GOPROXY=https://goproxy.cn,direct",
            ]
        );
        assert_eq!(commands(Lang::En, Os::Darwin, base, "go1.22.0"), unix);
        let windows = commands(Lang::En, Os::Windows, base, "go1.22.0");
        assert_eq!(
            windows.lines().collect::<Vec<_>>(),
            [
                "$env:GOPROXY='https://goproxy.cn,direct'; $env:GOTOOLCHAIN='go1.22.0'; go version",
                "# keep the proxy for later",
                "go env -w 'GOPROXY=https://goproxy.cn,direct'",
            ]
        );
        let zh = commands(Lang::Zh, Os::Linux, base, "go1.22.0");
        assert_eq!(zh.lines().nth(1), Some("# 以后也用这个代理"));
        assert_eq!(Os::from_goos("plan9"), None);
    }
}
