//! The visitor's operating system and CPU architecture, in the names Go's download files use.
//!
//! Decides from the user-agent string and, where the browser sends them, User-Agent Client
//! Hints (`navigator.userAgentData`). Hints win where they say something: Chromium freezes the
//! UA string, so Windows on ARM still says "Win64; x64", and every Mac browser says "Intel Mac
//! OS X" even on Apple silicon. Without hints a Mac is assumed to be Apple silicon (Apple has
//! sold nothing else since 2023), flagged as a guess so the page can say so. Which file to
//! offer for the platform is `releases.rs`'s business.

use serde::Serialize;

/// What User-Agent Client Hints said; every field optional because Safari and Firefox send
/// none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientHints {
    /// `platform`, e.g. "Windows", "macOS", "Linux", "Android", "Chrome OS".
    pub platform: Option<String>,
    /// High-entropy `architecture`: "x86" or "arm" ("" when unknown).
    pub architecture: Option<String>,
    /// High-entropy `bitness`: "64" or "32".
    pub bitness: Option<String>,
    /// `mobile`.
    pub mobile: Option<bool>,
}

/// How sure the detection is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Client hints named both the OS and the architecture.
    Certain,
    /// The UA string names both, as browsers usually report them truthfully.
    Likely,
    /// Something had to be assumed (a Mac's chip, an unknown browser).
    Guess,
}

/// The visitor's platform in Go's names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Platform {
    /// GOOS-style name used in download file names, e.g. "linux".
    pub os: String,
    /// Architecture as in download file names, e.g. "amd64", "armv6l".
    pub arch: String,
    /// How sure the detection is.
    pub confidence: Confidence,
}

/// UA tokens and the OS they mean, most specific first (Android and ChromeOS UAs also say
/// "Linux"; iOS UAs say "like Mac OS X").
const OS_TOKENS: &[(&str, &str)] = &[
    ("windows", "windows"),
    ("iphone", "ios"),
    ("ipad", "ios"),
    ("android", "android"),
    ("cros", "linux"),
    ("mac os x", "darwin"),
    ("macintosh", "darwin"),
    ("freebsd", "freebsd"),
    ("openbsd", "openbsd"),
    ("netbsd", "netbsd"),
    ("dragonfly", "dragonfly"),
    ("sunos", "illumos"),
    ("linux", "linux"),
    ("x11", "linux"),
];

/// UA tokens and the architecture they mean, most specific first ("x86_64" before "x86").
const ARCH_TOKENS: &[(&str, &str)] = &[
    ("aarch64", "arm64"),
    ("arm64", "arm64"),
    ("armv8", "armv6l"),
    ("armv7", "armv6l"),
    ("armv6", "armv6l"),
    ("x86_64", "amd64"),
    ("x86-64", "amd64"),
    ("amd64", "amd64"),
    ("x64", "amd64"),
    ("win64", "amd64"),
    ("wow64", "amd64"),
    ("ppc64le", "ppc64le"),
    ("ppc64", "ppc64"),
    ("s390x", "s390x"),
    ("riscv64", "riscv64"),
    ("loongarch64", "loong64"),
    ("mips64", "mips64le"),
    ("i686", "386"),
    ("i586", "386"),
    ("i386", "386"),
    ("x86", "386"),
];

/// Detects the platform; never fails: an unknown browser yields linux/amd64 as a guess.
pub fn detect(user_agent: &str, hints: Option<&ClientHints>) -> Platform {
    // A bounded, lowercase copy: the UA is the visitor's, and may be anything.
    let ua: String = user_agent
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let ua_os = OS_TOKENS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|&(_, os)| os);
    let ua_arch = ARCH_TOKENS
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|&(_, arch)| arch);

    let hint_os = hints
        .and_then(|h| h.platform.as_deref())
        .and_then(os_from_hint);
    let hint_arch = hints.and_then(arch_from_hints);

    let os = hint_os.or(ua_os);
    let (os, mut confidence) = match os {
        Some(os) => (os, Confidence::Likely),
        None => ("linux", Confidence::Guess),
    };
    let (os, arch) = match os {
        // Go ships no iOS or Android toolchains: such a visitor is reading on a phone and will
        // install on a computer. Offer the most likely one.
        "ios" => {
            confidence = Confidence::Guess;
            ("darwin", "arm64")
        }
        "android" => {
            confidence = Confidence::Guess;
            ("linux", hint_arch.or(ua_arch).unwrap_or("arm64"))
        }
        "darwin" => match hint_arch {
            Some(arch) => (os, arch),
            None => {
                // "Intel Mac OS X" is frozen into every Mac browser's UA string.
                confidence = Confidence::Guess;
                (os, "arm64")
            }
        },
        "windows" => match hint_arch.or(ua_arch) {
            Some(arch) => (os, arch),
            // A Windows UA without Win64/WOW64 is a 32-bit Windows.
            None => (os, "386"),
        },
        _ => match hint_arch.or(ua_arch) {
            Some(arch) => (os, arch),
            None => {
                confidence = Confidence::Guess;
                (os, "amd64")
            }
        },
    };
    let arch = match (os, arch) {
        // Go's 32-bit ARM download is named armv6l only on Linux.
        ("linux", "armv6l") => "armv6l",
        (_, "armv6l") => "arm",
        (_, arch) => arch,
    };
    if hint_os.is_some() && hint_arch.is_some() && confidence != Confidence::Guess {
        confidence = Confidence::Certain;
    }
    Platform {
        os: os.to_string(),
        arch: arch.to_string(),
        confidence,
    }
}

fn os_from_hint(platform: &str) -> Option<&'static str> {
    match platform.trim().to_ascii_lowercase().as_str() {
        "windows" => Some("windows"),
        "macos" => Some("darwin"),
        "linux" | "chrome os" | "chromeos" => Some("linux"),
        "android" => Some("android"),
        "ios" => Some("ios"),
        _ => None,
    }
}

fn arch_from_hints(hints: &ClientHints) -> Option<&'static str> {
    let bits64 = hints.bitness.as_deref().map(str::trim) != Some("32");
    match (
        hints
            .architecture
            .as_deref()?
            .trim()
            .to_ascii_lowercase()
            .as_str(),
        bits64,
    ) {
        ("x86", true) => Some("amd64"),
        ("x86", false) => Some("386"),
        ("arm", true) => Some("arm64"),
        ("arm", false) => Some("armv6l"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Confidence::*;

    /// Each row: a real user-agent string, and the (os, arch, confidence) detected without
    /// client hints.
    const USER_AGENTS: &[(&str, (&str, &str, Confidence))] = &[
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ("windows", "amd64", Likely)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", ("windows", "amd64", Likely)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", ("windows", "amd64", Likely)),
        ("Mozilla/5.0 (Windows NT 6.1; WOW64; rv:52.0) Gecko/20100101 Firefox/52.0", ("windows", "amd64", Likely)),
        ("Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", ("windows", "386", Likely)),
        ("Mozilla/5.0 (Windows NT 10.0; ARM64; RM-1116) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", ("windows", "arm64", Likely)),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0", ("windows", "amd64", Likely)),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ("darwin", "arm64", Guess)),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", ("darwin", "arm64", Guess)),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", ("darwin", "arm64", Guess)),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", ("darwin", "arm64", Guess)),
        ("Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1", ("darwin", "arm64", Guess)),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ("linux", "amd64", Likely)),
        ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", ("linux", "amd64", Likely)),
        ("Mozilla/5.0 (X11; Fedora; Linux aarch64; rv:132.0) Gecko/20100101 Firefox/132.0", ("linux", "arm64", Likely)),
        ("Mozilla/5.0 (X11; Linux armv7l) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36", ("linux", "armv6l", Likely)),
        ("Mozilla/5.0 (X11; Linux aarch64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/128.0.0.0 Chrome/128.0.0.0 Safari/537.36", ("linux", "arm64", Likely)),
        ("Mozilla/5.0 (X11; Linux i686; rv:109.0) Gecko/20100101 Firefox/115.0", ("linux", "386", Likely)),
        ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", ("linux", "arm64", Guess)),
        ("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", ("linux", "arm64", Guess)),
        ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", ("linux", "amd64", Likely)),
        ("Mozilla/5.0 (X11; CrOS aarch64 15633.69.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.212 Safari/537.36", ("linux", "arm64", Likely)),
        ("Mozilla/5.0 (X11; FreeBSD amd64; rv:132.0) Gecko/20100101 Firefox/132.0", ("freebsd", "amd64", Likely)),
        ("Mozilla/5.0 (X11; OpenBSD amd64; rv:128.0) Gecko/20100101 Firefox/128.0", ("openbsd", "amd64", Likely)),
        ("Mozilla/5.0 (X11; Linux ppc64le; rv:128.0) Gecko/20100101 Firefox/128.0", ("linux", "ppc64le", Likely)),
        ("Mozilla/5.0 (X11; Linux riscv64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", ("linux", "riscv64", Likely)),
        ("curl/8.5.0", ("linux", "amd64", Guess)),
        ("", ("linux", "amd64", Guess)),
    ];

    #[test]
    fn user_agents() {
        for (ua, (os, arch, confidence)) in USER_AGENTS {
            let p = detect(ua, None);
            assert_eq!(
                (p.os.as_str(), p.arch.as_str(), p.confidence),
                (*os, *arch, *confidence),
                "{ua}"
            );
        }
    }

    /// Client hints as (platform, architecture, bitness); "" is absent.
    type Hints = (&'static str, &'static str, &'static str);
    /// What is detected: (os, arch, confidence).
    type Detected = (&'static str, &'static str, Confidence);

    /// Each row: a UA string, client hints, and what is detected: hints win over the frozen
    /// UA string.
    const HINTS: &[(&str, Hints, Detected)] = &[
        // Apple silicon Mac in Chrome: the UA says Intel, the hints say arm.
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0",
            ("macOS", "arm", "64"),
            ("darwin", "arm64", Certain),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0",
            ("macOS", "x86", "64"),
            ("darwin", "amd64", Certain),
        ),
        // Windows on ARM: Chrome reports "Win64; x64" in the UA.
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0",
            ("Windows", "arm", "64"),
            ("windows", "arm64", Certain),
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0",
            ("Windows", "x86", "32"),
            ("windows", "386", Certain),
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0",
            ("Linux", "x86", "64"),
            ("linux", "amd64", Certain),
        ),
        (
            "Mozilla/5.0 (X11; CrOS aarch64) Chrome/131.0.0.0",
            ("Chrome OS", "arm", "64"),
            ("linux", "arm64", Certain),
        ),
        (
            "Mozilla/5.0 (X11; Linux armv7l) Chrome/126.0.0.0",
            ("Linux", "arm", "32"),
            ("linux", "armv6l", Certain),
        ),
        // Low-entropy hints only (no architecture yet): the UA decides the architecture.
        (
            "Mozilla/5.0 (X11; Linux aarch64) Chrome/131.0.0.0",
            ("Linux", "", ""),
            ("linux", "arm64", Likely),
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/131.0.0.0",
            ("macOS", "", ""),
            ("darwin", "arm64", Guess),
        ),
    ];

    #[test]
    fn client_hints_win() {
        for (ua, (platform, architecture, bitness), (os, arch, confidence)) in HINTS {
            let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let hints = ClientHints {
                platform: some(platform),
                architecture: some(architecture),
                bitness: some(bitness),
                mobile: Some(false),
            };
            let p = detect(ua, Some(&hints));
            assert_eq!(
                (p.os.as_str(), p.arch.as_str(), p.confidence),
                (*os, *arch, *confidence),
                "{ua} with {hints:?}"
            );
        }
    }

    #[test]
    fn junk_never_panics() {
        let long = "x".repeat(100_000);
        for ua in [
            long.as_str(),
            "\u{0}\u{ffff}",
            "Windows 🪟 aarch64",
            "ÄÖÜ linux",
        ] {
            let p = detect(ua, None);
            assert!(!p.os.is_empty() && !p.arch.is_empty());
        }
        let hints = ClientHints {
            platform: Some("TempleOS".into()),
            architecture: Some("z80".into()),
            bitness: Some("8".into()),
            mobile: None,
        };
        assert_eq!(detect("", Some(&hints)).os, "linux");
    }
}
