//! The module-proxy route: Go 1.21 and later fetch a toolchain as the module
//! `golang.org/toolchain` through any `GOPROXY` (DESIGN.md, "The module-proxy route").
//!
//! Pure text: which zip a proxy serves for a release and platform, and the commands that make
//! an installed Go fetch it. The go command checks that zip against the checksum database, so
//! the official SHA-256 list does not apply to it.

use std::cmp::Ordering;

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

/// Commands, for `os` (`linux`, `darwin`, `windows`), that make an installed Go 1.21+ fetch
/// `version` through the proxy at `base` and keep that proxy for later.
pub fn commands(os: &str, base: &str, version: &str) -> Option<String> {
    let proxy = goproxy(base);
    match os {
        "linux" | "darwin" => Some(format!(
            "GOPROXY={proxy} GOTOOLCHAIN={version} go version\n\
             # keep the proxy for later\ngo env -w GOPROXY={proxy}"
        )),
        "windows" => Some(format!(
            "$env:GOPROXY='{proxy}'; $env:GOTOOLCHAIN='{version}'; go version\n\
             # keep the proxy for later\ngo env -w GOPROXY={proxy}"
        )),
        _ => None,
    }
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
        let unix = commands("linux", "https://goproxy.cn/", "go1.22.0").unwrap();
        assert_eq!(
            unix.lines().next(),
            Some("GOPROXY=https://goproxy.cn,direct GOTOOLCHAIN=go1.22.0 go version")
        );
        assert!(unix.ends_with("go env -w GOPROXY=https://goproxy.cn,direct"));
        assert_eq!(
            commands("darwin", "https://goproxy.cn/", "go1.22.0"),
            Some(unix)
        );
        let windows = commands("windows", "https://goproxy.cn/", "go1.22.0").unwrap();
        assert!(windows.starts_with("$env:GOPROXY='https://goproxy.cn,direct'; "));
        assert!(windows.contains("$env:GOTOOLCHAIN='go1.22.0'; go version"));
        assert_eq!(commands("plan9", "https://goproxy.cn/", "go1.22.0"), None);
    }
}
