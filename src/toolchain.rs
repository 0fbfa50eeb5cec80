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
