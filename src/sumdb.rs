//! The Go checksum database from the visitor's network: which way the go command can reach it,
//! and the `GOPROXY`/`GOSUMDB` settings that follow.
//!
//! The go command checks every module it downloads (and every toolchain it fetches) against the
//! checksum database, `sum.golang.org`. It reaches it through the first proxy of `GOPROXY`
//! whose `sumdb/sum.golang.org/supported` answers 200, trying the next on 404 or 410, and
//! connects to the database itself only when no proxy before `direct` supports it
//! (`cmd/go/internal/modfetch/sumdb.go`, `dbDial`). `GOSUMDB=sum.golang.google.cn` is the same
//! database under a host reachable in mainland China (the go command knows that name and
//! checks it with sum.golang.org's key). `GOSUMDB=off` turns the check off: never advised.
//!
//! Pure: the browser layer probes each database's `latest` and each proxy's `supported`
//! (`probe::Expected::Text`) and hands over the statuses; this module decides the advice and
//! writes its commands. Showing them is the browser layer's business.

use crate::catalog::SUMDB_SUPPORTED;
use crate::commands::{quote, word, Os};
use crate::i18n::{substitute, text, Lang};
use crate::rank::Status;
use crate::toolchain::goproxy;

/// The catalog id of the database itself.
pub const PRIMARY: &str = "sum-golang-org";
/// The catalog id of its mainland China host.
pub const CHINA: &str = "sum-golang-google-cn";
/// The `GOSUMDB` value for the mainland China host.
pub const CHINA_GOSUMDB: &str = "sum.golang.google.cn";
/// The database's signed tree head, where the catalog does not name the database.
pub const DEFAULT_LATEST: &str = "https://sum.golang.org/latest";

/// What the probe found at one database host or one proxy.
#[derive(Clone, Debug, PartialEq)]
pub struct Probed<'a> {
    /// The catalog id (a database's, or a module proxy's).
    pub id: &'a str,
    /// The database's base URL, or the proxy's.
    pub url: &'a str,
    /// `data-status` of its row.
    pub status: Status,
    /// Its median latency, in milliseconds.
    pub latency_ms: Option<f64>,
}

/// The advice (`data-advice` of `#sumdb-advice`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Advice {
    /// Some row is still being measured.
    Measuring,
    /// A proxy answered that it proxies the database: set `GOPROXY` to it and leave `GOSUMDB`
    /// at its default.
    Proxy {
        /// The proxy's catalog id.
        id: String,
        /// Its base URL.
        base: String,
    },
    /// No proxy confirmed it, but sum.golang.org answers: the default works directly.
    Direct {
        /// The URL of its signed tree head, to check.
        latest: String,
    },
    /// Only sum.golang.google.cn answers: `GOSUMDB=sum.golang.google.cn`.
    China {
        /// The URL of its signed tree head, to check.
        latest: String,
    },
    /// Nothing answers: keep the check on and find out where the connection stops.
    Unreachable {
        /// The URL of sum.golang.org's signed tree head.
        latest: String,
    },
}

impl Advice {
    /// The key for `data-advice`.
    pub fn key(&self) -> &'static str {
        match self {
            Advice::Measuring => "measuring",
            Advice::Proxy { .. } => "proxy",
            Advice::Direct { .. } => "direct",
            Advice::China { .. } => "google-cn",
            Advice::Unreachable { .. } => "unreachable",
        }
    }
}

/// The advice from the database hosts' rows and the proxies' rows.
///
/// A proxy counts only with a readable answer (`ok`): an opaque one (`limited`, no CORS) says
/// the host answered, not whether `supported` was 200 or 404. A database host counts when it
/// answered at all (`ok` or `limited`): the question there is whether it is blocked.
/// Among proxies that support it, the lowest latency wins.
pub fn advise(databases: &[Probed], proxies: &[Probed]) -> Advice {
    if databases
        .iter()
        .chain(proxies)
        .any(|p| p.status == Status::Pending)
    {
        return Advice::Measuring;
    }
    let best = proxies
        .iter()
        .filter(|p| p.status == Status::Ok)
        .min_by(|a, b| {
            let l = |p: &Probed| p.latency_ms.unwrap_or(f64::MAX);
            l(a).total_cmp(&l(b))
        });
    if let Some(p) = best {
        return Advice::Proxy {
            id: p.id.to_string(),
            base: p.url.to_string(),
        };
    }
    let host = |id: &str| databases.iter().find(|d| d.id == id);
    let latest = |d: &Probed| format!("{}latest", d.url);
    match (host(PRIMARY), host(CHINA)) {
        (Some(d), _) if d.status.works() => Advice::Direct { latest: latest(d) },
        (_, Some(d)) if d.status.works() => Advice::China { latest: latest(d) },
        (primary, _) => Advice::Unreachable {
            latest: primary.map_or_else(|| DEFAULT_LATEST.to_string(), latest),
        },
    }
}

/// Each row: the advice's key and OS family, then the template. `{proxy}`, `{url}` and
/// `{setting}` are quoted values; `{via}`, `{default}`, `{check}`, `{china}`, `{never-off}` and
/// `{where}` are comments in the visitor's language.
const TEMPLATES: &[(&str, bool, &str)] = &[
    (
        "proxy",
        false,
        "go env -w GOPROXY={proxy}\n# {via}\ngo env -u GOSUMDB\n# {check}\n\
         curl -fsS -o /dev/null -w '%{http_code}\\n' {url}\ngo env GOPROXY GOSUMDB",
    ),
    (
        "proxy",
        true,
        "go env -w {setting}\n# {via}\ngo env -u GOSUMDB\n# {check}\n\
         (Invoke-WebRequest -UseBasicParsing -Uri {url}).StatusCode\ngo env GOPROXY GOSUMDB",
    ),
    (
        "direct",
        false,
        "# {default}\ngo env -u GOSUMDB\n# {check}\ncurl -fsS {url}",
    ),
    (
        "direct",
        true,
        "# {default}\ngo env -u GOSUMDB\n# {check}\ncurl.exe -fsS {url}",
    ),
    (
        "google-cn",
        false,
        "# {china}\ngo env -w GOSUMDB={setting}\n# {check}\ncurl -fsS {url}",
    ),
    (
        "google-cn",
        true,
        "# {china}\ngo env -w GOSUMDB={setting}\n# {check}\ncurl.exe -fsS {url}",
    ),
    (
        "unreachable",
        false,
        "# {never-off}\ngo env -u GOSUMDB\n# {where}\ncurl -v {url}",
    ),
    (
        "unreachable",
        true,
        "# {never-off}\ngo env -u GOSUMDB\n# {where}\ncurl.exe -v {url}",
    ),
];

/// The commands for `os` that apply `advice` and check it; `None` while measuring.
pub fn commands(lang: Lang, os: Os, advice: &Advice) -> Option<String> {
    let windows = os.is_windows();
    let (proxy, url, setting) = match advice {
        Advice::Measuring => return None,
        Advice::Proxy { base, .. } => {
            let value = goproxy(base);
            (
                word(os, &value),
                format!("{base}{SUMDB_SUPPORTED}"),
                quote(os, &format!("GOPROXY={value}")),
            )
        }
        Advice::Direct { latest } | Advice::Unreachable { latest } => {
            (String::new(), latest.clone(), String::new())
        }
        Advice::China { latest } => (String::new(), latest.clone(), word(os, CHINA_GOSUMDB)),
    };
    let (_, _, template) = TEMPLATES
        .iter()
        .find(|(key, w, _)| *key == advice.key() && *w == windows)?;
    Some(substitute(
        template,
        &[
            ("proxy", &proxy),
            ("url", &quote(os, &url)),
            ("setting", &setting),
            ("via", text(lang, "cmd-sumdb-via")),
            ("default", text(lang, "cmd-sumdb-default")),
            ("check", text(lang, "cmd-sumdb-check")),
            ("china", text(lang, "cmd-sumdb-china")),
            ("never-off", text(lang, "cmd-sumdb-never-off")),
            ("where", text(lang, "cmd-sumdb-where")),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db(id: &'static str, url: &'static str, status: Status) -> Probed<'static> {
        Probed {
            id,
            url,
            status,
            latency_ms: Some(50.0),
        }
    }

    fn proxy(id: &'static str, status: Status, latency_ms: f64) -> Probed<'static> {
        let url = match id {
            "cn" => "https://goproxy.cn/",
            "io" => "https://goproxy.io/",
            _ => "https://proxy.golang.org/",
        };
        Probed {
            id,
            url,
            status,
            latency_ms: Some(latency_ms),
        }
    }

    const ORG: &str = "https://sum.golang.org/";
    const CN: &str = "https://sum.golang.google.cn/";

    /// Each row: sum.golang.org's status, sum.golang.google.cn's, the proxies (id, status,
    /// latency), and the advice's key with the proxy or URL it names.
    #[allow(clippy::type_complexity)]
    const CASES: &[(Status, Status, &[(&str, Status, f64)], &str, &str)] = &[
        // A proxy that supports it wins, the fastest of them; GOSUMDB stays the default.
        (
            Status::Failed,
            Status::Ok,
            &[("cn", Status::Ok, 80.0), ("io", Status::Ok, 30.0)],
            "proxy",
            "io",
        ),
        (
            Status::Ok,
            Status::Ok,
            &[("cn", Status::Ok, 80.0)],
            "proxy",
            "cn",
        ),
        // A proxy without CORS (limited) or one that answers 404 proves nothing.
        (
            Status::Limited,
            Status::Ok,
            &[("org", Status::Limited, 5.0), ("cn", Status::Failed, 9.0)],
            "direct",
            "https://sum.golang.org/latest",
        ),
        // sum.golang.google.cn only where sum.golang.org and every proxy fail.
        (
            Status::Timeout,
            Status::Limited,
            &[("cn", Status::Failed, 9.0)],
            "google-cn",
            "https://sum.golang.google.cn/latest",
        ),
        (
            Status::Failed,
            Status::Timeout,
            &[("cn", Status::Timeout, 9.0)],
            "unreachable",
            "https://sum.golang.org/latest",
        ),
        // Any row still measuring: no advice yet.
        (
            Status::Ok,
            Status::Pending,
            &[("cn", Status::Ok, 9.0)],
            "measuring",
            "",
        ),
        (
            Status::Ok,
            Status::Ok,
            &[("cn", Status::Pending, 9.0)],
            "measuring",
            "",
        ),
    ];

    #[test]
    fn advice_follows_what_works() {
        for (i, (org, cn, proxies, key, named)) in CASES.iter().enumerate() {
            let databases = [db(PRIMARY, ORG, *org), db(CHINA, CN, *cn)];
            let proxies: Vec<Probed> = proxies.iter().map(|(id, s, l)| proxy(id, *s, *l)).collect();
            let advice = advise(&databases, &proxies);
            assert_eq!(advice.key(), *key, "row {i}");
            let got = match &advice {
                Advice::Proxy { id, .. } => id.as_str(),
                Advice::Direct { latest }
                | Advice::China { latest }
                | Advice::Unreachable { latest } => latest.as_str(),
                Advice::Measuring => "",
            };
            assert_eq!(got, *named, "row {i}");
        }
    }

    #[test]
    fn a_catalog_without_databases_still_gets_advice() {
        assert_eq!(
            advise(&[], &[]),
            Advice::Unreachable {
                latest: DEFAULT_LATEST.into()
            }
        );
        // An operator's own database host under another id is listed, never advised.
        let other = [db("company-sumdb", "https://sum.example.com/", Status::Ok)];
        assert_eq!(advise(&other, &[]).key(), "unreachable");
    }

    #[test]
    fn commands_per_advice_and_os() {
        let via = Advice::Proxy {
            id: "cn".into(),
            base: "https://goproxy.cn/".into(),
        };
        let linux = commands(Lang::En, Os::Linux, &via).unwrap();
        assert_eq!(
            linux.lines().collect::<Vec<_>>(),
            [
                "go env -w GOPROXY=https://goproxy.cn,direct",
                "# the checksum database stays the default, sum.golang.org, reached through the proxy",
                "go env -u GOSUMDB",
                "# check it",
                "curl -fsS -o /dev/null -w '%{http_code}\\n' 'https://goproxy.cn/sumdb/sum.golang.org/supported'",
                "go env GOPROXY GOSUMDB",
            ]
        );
        assert_eq!(commands(Lang::En, Os::Darwin, &via), Some(linux));
        let windows = commands(Lang::En, Os::Windows, &via).unwrap();
        assert!(
            windows.starts_with("go env -w 'GOPROXY=https://goproxy.cn,direct'\n"),
            "{windows}"
        );
        assert!(windows.contains(
            "(Invoke-WebRequest -UseBasicParsing -Uri 'https://goproxy.cn/sumdb/sum.golang.org/supported').StatusCode"
        ));

        let china = Advice::China {
            latest: "https://sum.golang.google.cn/latest".into(),
        };
        let zh = commands(Lang::Zh, Os::Linux, &china).unwrap();
        assert!(
            zh.contains("go env -w GOSUMDB=sum.golang.google.cn\n"),
            "{zh}"
        );
        assert!(zh.ends_with("curl -fsS 'https://sum.golang.google.cn/latest'"));
        assert!(!zh.contains("{"), "every placeholder filled: {zh}");
        let windows = commands(Lang::En, Os::Windows, &china).unwrap();
        assert!(windows.contains("go env -w GOSUMDB=sum.golang.google.cn\n"));
        assert!(windows.ends_with("curl.exe -fsS 'https://sum.golang.google.cn/latest'"));

        // Never GOSUMDB=off, whatever the advice.
        let all = [
            via,
            china,
            Advice::Direct {
                latest: DEFAULT_LATEST.into(),
            },
            Advice::Unreachable {
                latest: DEFAULT_LATEST.into(),
            },
        ];
        for advice in &all {
            for os in Os::ALL {
                for lang in [Lang::En, Lang::Zh] {
                    let c = commands(lang, os, advice).unwrap();
                    let run: Vec<&str> = c.lines().filter(|l| !l.starts_with('#')).collect();
                    assert!(!run.iter().any(|l| l.contains("off")), "{c}");
                    assert!(!run.iter().any(|l| l.contains("GONOSUMDB")), "{c}");
                }
            }
        }
        assert_eq!(commands(Lang::En, Os::Linux, &Advice::Measuring), None);
        assert_eq!(Os::from_goos("plan9"), None);
    }

    #[test]
    fn values_are_quoted_for_their_shell() {
        // A catalog URL is validated, but quoting must hold whatever it holds.
        let via = Advice::Proxy {
            id: "x".into(),
            base: "https://p.example/a'b/".into(),
        };
        let linux = commands(Lang::En, Os::Linux, &via).unwrap();
        assert!(linux.contains("go env -w GOPROXY='https://p.example/a'\\''b,direct'"));
        let windows = commands(Lang::En, Os::Windows, &via).unwrap();
        assert!(windows.contains("go env -w 'GOPROXY=https://p.example/a''b,direct'"));
        assert!(windows.contains("-Uri 'https://p.example/a''b/sumdb/sum.golang.org/supported'"));
    }
}
