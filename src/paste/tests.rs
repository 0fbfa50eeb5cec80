//! The paste's tests of a whole analysis (one real paste for every finding, several findings
//! in one paste, big and binary pastes), and what the modules' own tests share: the rules as
//! the page reads them, `go env` listings as Go prints them, and short ways to ask for keys
//! and findings.

use super::*;
use crate::error::Error;

/// The rules the page fetches, read as the page reads them (through serde).
pub(super) fn rules() -> &'static Rules {
    static RULES: std::sync::OnceLock<Rules> = std::sync::OnceLock::new();
    RULES.get_or_init(|| read_rules(include_str!("../../www/data/paste.json")).unwrap())
}

pub(super) fn read_rules(text: &str) -> Result<Rules, Error> {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    Rules::read(value)
}

/// `go env` as Go 1.22 prints it on Linux (abridged only where values are paths).
pub(super) const GO_ENV_LINUX: &str = "GO111MODULE=''
GOARCH='amd64'
GOBIN=''
GOCACHE='/home/ana/.cache/go-build'
GOENV='/home/ana/.config/go/env'
GOEXE=''
GOEXPERIMENT=''
GOFLAGS=''
GOHOSTARCH='amd64'
GOHOSTOS='linux'
GOINSECURE=''
GOMODCACHE='/home/ana/go/pkg/mod'
GONOPROXY=''
GONOSUMDB=''
GOOS='linux'
GOPATH='/home/ana/go'
GOPRIVATE=''
GOPROXY='https://proxy.golang.org,direct'
GOROOT='/usr/local/go'
GOSUMDB='sum.golang.org'
GOTMPDIR=''
GOTOOLCHAIN='auto'
GOTOOLDIR='/usr/local/go/pkg/tool/linux_amd64'
GOVCS=''
GOVERSION='go1.22.0'
GCCGO='gccgo'
GOAMD64='v1'
AR='ar'
CC='gcc'
CGO_ENABLED='1'
GOMOD='/dev/null'
GOWORK=''
CGO_CFLAGS='-O2 -g'";

/// The same as older Go printed it (double quotes), on macOS.
pub(super) const GO_ENV_OLD: &str = "GO111MODULE=\"\"
GOARCH=\"arm64\"
GOFLAGS=\"\"
GOINSECURE=\"\"
GONOPROXY=\"\"
GONOSUMDB=\"\"
GOPRIVATE=\"\"
GOPROXY=\"https://proxy.golang.org,direct\"
GOROOT=\"/opt/homebrew/Cellar/go/1.21.5/libexec\"
GOSUMDB=\"sum.golang.org\"
GOTOOLCHAIN=\"auto\"
GOVERSION=\"go1.21.5\"";

/// Windows: `set NAME=value`, nothing quoted.
pub(super) const GO_ENV_WINDOWS: &str = "set GO111MODULE=
set GOARCH=amd64
set GOBIN=
set GOCACHE=C:\\Users\\ana\\AppData\\Local\\go-build
set GOENV=C:\\Users\\ana\\AppData\\Roaming\\go\\env
set GOFLAGS=
set GOINSECURE=
set GONOPROXY=
set GONOSUMDB=
set GOPRIVATE=
set GOPROXY=https://proxy.golang.org,direct
set GOROOT=C:\\Program Files\\Go
set GOSUMDB=sum.golang.org
set GOTOOLCHAIN=auto
set GOVERSION=go1.22.0";

/// `go env -json`.
pub(super) const GO_ENV_JSON: &str = "{
\t\"AR\": \"ar\",
\t\"CC\": \"gcc\",
\t\"GOFLAGS\": \"\",
\t\"GOINSECURE\": \"\",
\t\"GONOPROXY\": \"\",
\t\"GONOSUMDB\": \"\",
\t\"GOPRIVATE\": \"\",
\t\"GOPROXY\": \"https://proxy.golang.org,direct\",
\t\"GOROOT\": \"C:\\\\Program Files\\\\Go\",
\t\"GOSUMDB\": \"sum.golang.org\",
\t\"GOTOOLCHAIN\": \"auto\",
\t\"GOVERSION\": \"go1.22.0\"
}";

pub(super) fn keys(text: &str) -> Vec<&'static str> {
    analyse(rules(), text).keys()
}

pub(super) fn find(text: &str, key: Key) -> Finding {
    analyse(rules(), text)
        .findings
        .into_iter()
        .find(|f| f.key == key)
        .unwrap_or_else(|| panic!("{key:?} in {text:?}"))
}

/// One real paste for each key of the contract, and what it gives.
#[test]
fn every_key_from_a_real_paste() {
    let cases: &[(&str, &[&str])] = &[
        (GO_ENV_LINUX, &["goproxy-default"]),
        (
            "GOPROXY='https://goproxy.cn,direct'\nGOSUMDB='off'",
            &["gosumdb-off"],
        ),
        ("GOPROXY='https://goproxy.cn'\nGOINSECURE='*.corp.example'", &["insecure"]),
        ("GOFLAGS='-mod=mod -insecure'", &["insecure"]),
        ("GOPRIVATE='*'", &["private-too-wide"]),
        (
            "$ go env -w GOPROXY=https://goproxy.cn,direct\n\
             warning: go env -w GOPROXY=... does not override conflicting OS environment variable",
            &["env-override"],
        ),
        (
            "go: downloading go1.22.0 (linux/amd64)\n\
             go: download go1.22.0 for linux/amd64: toolchain not available",
            &["toolchain-download"],
        ),
        (
            "go: github.com/gin-gonic/gin@v1.9.1: Get \"https://proxy.golang.org/github.com/gin-gonic/gin/@v/v1.9.1.mod\": \
             dial tcp 142.251.43.17:443: i/o timeout",
            &["timeout"],
        ),
        ("curl: (6) Could not resolve host: dl.google.com", &["dns"]),
        (
            "curl: (7) Failed to connect to 127.0.0.1 port 7890 after 0 ms: Connection refused",
            &["refused"],
        ),
        (
            "curl: (35) OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to dl.google.com:443",
            &["tls-handshake"],
        ),
        (
            "curl: (56) Recv failure: Connection reset by peer",
            &["connection-reset"],
        ),
        (
            "go: golang.org/x/net@v0.20.0: Get \"https://goproxy.io/golang.org/x/net/@v/v0.20.0.mod\": \
             tls: failed to verify certificate: x509: certificate signed by unknown authority",
            &["tls-unknown-ca"],
        ),
        (
            "verifying github.com/sirupsen/logrus@v1.9.3: checksum mismatch\n\
             \tdownloaded: h1:dueUQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=\n\
             \tgo.sum:     h1:aaaaQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=\n\
             \n\
             SECURITY ERROR\n\
             This download does NOT match an earlier download recorded in go.sum.",
            &["module-checksum-mismatch"],
        ),
        (
            "$ sudo tar -C /usr/local -xzf go1.22.0.linux-amd64.tar.gz\n\
             \n\
             gzip: stdin: unexpected end of file\n\
             tar: Unexpected EOF in archive\n\
             tar: Unexpected EOF in archive\n\
             tar: Error is not recoverable: exiting now",
            &["archive-cut"],
        ),
        (
            "gzip: stdin: not in gzip format\n\
             tar: Child returned status 1\n\
             tar: Error is not recoverable: exiting now",
            &["not-an-archive"],
        ),
        (
            "go1.22.0.linux-amd64.tar.gz: FAILED\n\
             sha256sum: WARNING: 1 computed checksum did NOT match",
            &["sha256-mismatch"],
        ),
        (
            "--2024-02-07 10:01:12--  https://dl.google.com/go/go1.22.linux-amd64.tar.gz\n\
             Resolving dl.google.com (dl.google.com)... 180.163.151.33\n\
             Connecting to dl.google.com (dl.google.com)|180.163.151.33|:443... connected.\n\
             HTTP request sent, awaiting response... 404 Not Found\n\
             2024-02-07 10:01:12 ERROR 404: Not Found.",
            &["no-such-file"],
        ),
        (
            "curl -fLO https://storage.googleapis.com/golang/go1.21.6.linux-amd64.tar.gz\n\
             curl: (22) The requested URL returned error: 403",
            &["gcs-gone"],
        ),
        ("hello, I cannot build my project", &["not-recognised"]),
    ];
    let mut seen: Vec<&str> = Vec::new();
    for (paste, want) in cases {
        assert_eq!(keys(paste), *want, "{paste}");
        seen.extend(*want);
    }
    for key in Key::ALL {
        assert!(seen.contains(&key.as_str()), "no case for {key:?}");
    }
}

/// A paste from a real session holds several problems: each is a finding, once.
#[test]
fn several_findings_in_one_paste() {
    let paste = format!(
        "{GO_ENV_LINUX}\n$ go build ./...\n\
         go: downloading go1.23.1 (linux/amd64)\n\
         go: download go1.23.1: golang.org/toolchain@v0.0.1-go1.23.1.linux-amd64.zip: \
         Get \"https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go1.23.1.linux-amd64.zip\": \
         dial tcp 142.251.43.17:443: i/o timeout\n\
         $ curl -fLO https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz\n\
         curl: (56) Recv failure: Connection reset by peer\n\
         $ tar -C /usr/local -xzf go1.23.1.linux-amd64.tar.gz\n\
         gzip: stdin: unexpected end of file\n\
         tar: Unexpected EOF in archive\n\
         tar: Error is not recoverable: exiting now"
    );
    let analysis = analyse(rules(), &paste);
    assert_eq!(
        analysis.keys(),
        [
            "goproxy-default",
            "toolchain-download",
            "timeout",
            "connection-reset",
            "archive-cut"
        ]
    );
    let toolchain = &analysis.findings[1];
    // The error's version and the setting's value, both.
    assert_eq!(toolchain.value("version"), Some("go1.23.1"));
    assert_eq!(toolchain.value("value"), Some("auto"));
    assert_eq!(toolchain.value("local"), Some("go1.22.0"));
    assert_eq!(analysis.findings[2].value("host"), Some("proxy.golang.org"));
    let reset = &analysis.findings[3];
    assert_eq!(reset.value("host"), Some("dl.google.com"));
    assert_eq!(
        reset.value("url"),
        Some("https://dl.google.com/go/go1.23.1.linux-amd64.tar.gz")
    );
    assert_eq!(
        analysis.findings[4].value("file"),
        Some("go1.23.1.linux-amd64.tar.gz")
    );
}
/// Pseudo-random bytes, as a file dropped into the text box would give.
fn junk(len: usize) -> String {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A megabyte of log is read up to the limit only; binary junk is named at once.
#[test]
fn big_and_binary_pastes_are_bounded() {
    let noise = "2024-03-01T09:12:44Z INFO build step 17 of 240: compiling package example.com/svc/internal/handlers\n";
    let mut paste = String::from("curl: (6) Could not resolve host: dl.google.com\n");
    while paste.len() < 1 << 20 {
        paste.push_str(noise);
    }
    // Past the limit: never read.
    paste.push_str(
        "curl: (60) SSL certificate problem: self-signed certificate in certificate chain\n",
    );
    let analysis = analyse(rules(), &paste);
    assert_eq!(analysis.keys(), ["dns"]);
    assert!(analysis.cut);
    assert!(analysis.read_bytes <= MAX_PASTE_BYTES);
    // One line of a megabyte: read up to its own limit.
    let line = format!("{}curl: (28) Operation timed out", "x".repeat(1 << 20));
    assert_eq!(keys(&line), ["not-recognised"]);
    let line = format!("curl: (28) Operation timed out{}", "x".repeat(1 << 20));
    assert_eq!(keys(&line), ["timeout"]);
    // Binary junk.
    for len in [64, 4096, 1 << 20] {
        let analysis = analyse(rules(), &junk(len));
        assert_eq!(analysis.keys(), ["not-recognised"], "{len}");
        assert_eq!(analysis.findings[0].value("reason"), Some("binary"));
    }
    // Text with a little binary in it is text.
    let mixed = format!(
        "{}\u{0}\u{1}curl: (6) Could not resolve host: go.dev",
        noise.repeat(3)
    );
    assert_eq!(keys(&mixed), ["dns"]);
    // A cut in the middle of a character stays on a boundary.
    let chinese = "解".repeat(MAX_PASTE_BYTES);
    let analysis = analyse(rules(), &chinese);
    assert!(analysis.cut && analysis.read_bytes <= MAX_PASTE_BYTES);
    assert!(analyse(rules(), "").findings.is_empty());
    assert!(analyse(rules(), " \n\t\n").findings.is_empty());
}
