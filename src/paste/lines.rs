//! What a line of an error message names: a URL, a host after the words tools put before one,
//! a Go release file, a toolchain's version; and the first release of a line named without its
//! patch number. Which signs a line holds is the rules' ([`rules`](super::rules)), and what
//! they add up to is [`scan`](super::scan)'s.

/// The first http(s) URL in `line`, without the quotes and punctuation around it.
pub(super) fn url_in(line: &str) -> Option<String> {
    let at = line.find("https://").or_else(|| line.find("http://"))?;
    let url: String = line[at..]
        .chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '‘' | '’' | '“' | '”')
        })
        .collect();
    let url = url.trim_end_matches(['.', ',', ';', ':', ')', ']', '。', '，']);
    (url.len() > "https://".len()).then(|| url.to_string())
}

/// Whether `host` is a plausible host name or IPv4 address (a dot in it, host characters only).
pub(super) fn is_host(host: &str) -> bool {
    host.len() <= 253
        && host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// A host named after the words tools put before one: curl's `resolve host:`, `connect to`,
/// Go's `lookup`, wget's `Resolving` and `Connecting to` (and their zh_CN words), PowerShell's
/// `could not be resolved:`.
pub(super) fn host_near(line: &str) -> Option<String> {
    const BEFORE: &[&str] = &[
        "resolve host: ",
        "resolve host ",
        "connect to ",
        "lookup ",
        "Resolving ",
        "Connecting to ",
        "host address ",
        "could not be resolved: ",
        "正在解析主机 ",
        "正在连接 ",
        "无法解析主机地址 ",
        "未能解析此远程名称: ",
        "未能解析此远程名称:",
    ];
    BEFORE.iter().find_map(|before| {
        let rest = line.split(before).nth(1)?;
        let token: String = rest
            .trim_start_matches(['\'', '"', '‘', '“', '`'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .collect();
        let token = token.trim_end_matches('.');
        is_host(token).then(|| token.to_string())
    })
}

/// A Go release file named in `line` (`go1.22.0.linux-amd64.tar.gz`, or the toolchain module's
/// zip `v0.0.1-go1.22.0.linux-amd64.zip`).
pub(super) fn go_file_in(line: &str) -> Option<String> {
    let separators = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '/' | '"' | '\'' | '`' | '(' | ')' | '<' | '>' | '‘' | '’' | '“' | '”' | '@' | '：'
            )
    };
    line.split(separators).find_map(|token| {
        let token = token.trim_end_matches(['.', ',', ';', ':', '。']);
        let token = token.strip_prefix("v0.0.1-").unwrap_or(token);
        let name_ok = token.starts_with("go1")
            && [".tar.gz", ".zip", ".msi", ".pkg"]
                .iter()
                .any(|ext| token.ends_with(ext))
            && token.len() <= 80
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        name_ok.then(|| token.to_string())
    })
}

/// A version's digits and dots at the start of `text` (`1.22.0`, `1.22rc1`).
pub(super) fn version_token(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.'))
        .unwrap_or(text.len());
    let token = text[..end].trim_end_matches('.');
    token
        .starts_with(|c: char| c.is_ascii_digit())
        .then_some(token)
}

/// The toolchain version in a go command's line: `go1.22.0` of `go: downloading go1.22.0
/// (linux/amd64)`, `go: download go1.22.0 for …`, `golang.org/toolchain@v0.0.1-go1.22.0.…`.
pub(super) fn toolchain_version(lower: &str) -> Option<String> {
    let at = lower
        .find("download go1")
        .map(|i| i + "download go".len())
        .or_else(|| {
            lower
                .find("downloading go1")
                .map(|i| i + "downloading go".len())
        })
        .or_else(|| lower.find("v0.0.1-go1").map(|i| i + "v0.0.1-go".len()))
        .or_else(|| lower.find(": go1").map(|i| i + ": go".len()))?;
    let version = version_token(&lower[at..])?;
    // The toolchain zip's name goes on with the platform: `1.22.0.linux-amd64`.
    let numbers: Vec<&str> = version
        .split('.')
        .take_while(|p| p.starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    Some(format!("go{}", numbers.join(".")))
}

/// For a name of a release line without its patch number, from Go 1.21 on (`go1.22`,
/// `go1.22.linux-amd64.tar.gz`), the name of that line's first release (`go1.22.0…`).
pub(super) fn first_release_name(name: &str) -> Option<String> {
    let rest = name.strip_prefix("go1.")?;
    let minor_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let minor: u32 = rest[..minor_end].parse().ok()?;
    let after = &rest[minor_end..];
    // `go1.22.0…` already has its patch; `go1.22rc1` is a release candidate.
    let patched = after
        .strip_prefix('.')
        .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
    if minor < 21 || patched || after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(format!("go1.{minor}.0{after}"))
}
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::paste::tests::{find, keys};
    use crate::paste::Key;

    /// Messages as tools print them in a Chinese locale: wget and tar translate their own,
    /// glibc and Windows their error texts, PowerShell 5.1 its .NET messages; gzip, curl and go
    /// translate nothing of their own.
    #[test]
    fn chinese_locale_messages() {
        let cases: &[(&str, &[&str])] = &[
            (
                "--2024-03-01 09:12:44--  https://dl.google.com/go/go1.22.0.linux-amd64.tar.gz\n\
                 正在解析主机 dl.google.com (dl.google.com)... 失败：名字解析时有临时错误。\n\
                 wget: 无法解析主机地址 “dl.google.com”",
                &["dns"],
            ),
            (
                "正在连接 dl.google.com (dl.google.com)|142.250.66.78|:443... 失败：连接超时。",
                &["timeout"],
            ),
            (
                "正在连接 127.0.0.1:7890... 失败：拒绝连接。",
                &["refused"],
            ),
            (
                "错误: 无法验证 dl.google.com 的由 “CN=Corp Root CA” 颁发的证书:\n  无法本地校验颁发者的权限。",
                &["tls-unknown-ca"],
            ),
            ("2024-03-01 09:13:02 错误 404：Not Found。", &["no-such-file"]),
            (
                "gzip: stdin: unexpected end of file\ntar: 归档文件中异常的 EOF\ntar: 归档文件中异常的 EOF\n\
                 tar: Error is not recoverable: exiting now",
                &["archive-cut"],
            ),
            (
                "go1.22.0.linux-amd64.tar.gz: 失败\nsha256sum: 警告：1 个校验和不匹配",
                &["sha256-mismatch"],
            ),
            ("curl: (56) Recv failure: 连接被对方重设", &["connection-reset"]),
            (
                "curl#6 - \"Could not resolve host: mirrors.example.com; 未知的名称或服务\"",
                &["dns"],
            ),
            (
                "go: github.com/gin-gonic/gin@v1.9.1: Get \"https://proxy.golang.org/github.com/gin-gonic/gin/@v/list\": \
                 dial tcp 142.251.42.241:443: connectex: 由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。",
                &["timeout"],
            ),
            (
                "dial tcp 127.0.0.1:7890: connectex: 由于目标计算机积极拒绝，无法连接。",
                &["refused"],
            ),
            (
                "read tcp 192.168.1.5:51234->120.232.1.1:443: wsarecv: 远程主机强迫关闭了一个现有的连接。",
                &["connection-reset"],
            ),
            (
                "Invoke-WebRequest : 未能解析此远程名称: 'dl.google.com'",
                &["dns"],
            ),
            (
                "Invoke-WebRequest : 请求被中止: 未能创建 SSL/TLS 安全通道。",
                &["tls-handshake"],
            ),
            (
                "Invoke-WebRequest : 基础连接已经关闭: 未能为 SSL/TLS 安全通道建立信任关系。",
                &["tls-unknown-ca"],
            ),
            (
                "Invoke-WebRequest : 远程服务器返回错误: (404) 未找到。\n所在位置 行:1 字符: 1\n\
                 + Invoke-WebRequest -Uri https://dl.google.com/go/go1.22.windows-amd64.msi -OutFile go.msi",
                &["no-such-file"],
            ),
        ];
        for (paste, want) in cases {
            assert_eq!(keys(paste), *want, "{paste}");
        }
        assert_eq!(
            find(cases[0].0, Key::Dns).value("host"),
            Some("dl.google.com")
        );
        // The URL comes after the 404 line: the file is still the one the paste names.
        let msi = find(cases[15].0, Key::NoSuchFile);
        assert_eq!(msi.value("suggested"), None, "the 404 line came first");
        let msi = find(
            "+ Invoke-WebRequest -Uri https://dl.google.com/go/go1.22.windows-amd64.msi -OutFile go.msi\n\
             Invoke-WebRequest : 远程服务器返回错误: (404) 未找到。",
            Key::NoSuchFile,
        );
        assert_eq!(msi.value("suggested"), Some("go1.22.0.windows-amd64.msi"));
    }

    /// What tools print in English, as more real pastes: the finding and a value it names.
    #[test]
    fn english_messages_and_their_values() {
        let cases: &[(&str, Key, &str, &str)] = &[
            (
                "curl: (28) Operation timed out after 30002 milliseconds with 1048576 out of 68988925 bytes received",
                Key::Timeout,
                "line",
                "curl: (28) Operation timed out after 30002 milliseconds with 1048576 out of 68988925 bytes received",
            ),
            (
                "curl: (7) Failed to connect to dl.google.com port 443 after 21043 ms: Timed out",
                Key::Timeout,
                "host",
                "dl.google.com",
            ),
            (
                "go: golang.org/x/tools@v0.17.0: Get \"https://proxy.golang.org/golang.org/x/tools/@v/v0.17.0.mod\": \
                 dial tcp: lookup proxy.golang.org on 127.0.0.53:53: server misbehaving",
                Key::Dns,
                "host",
                "proxy.golang.org",
            ),
            (
                "Resolving go.dev (go.dev)... failed: Temporary failure in name resolution.\n\
                 wget: unable to resolve host address 'go.dev'",
                Key::Dns,
                "host",
                "go.dev",
            ),
            (
                "curl: (35) TLS connect error: error:0A000126:SSL routines::unexpected eof while reading",
                Key::TlsHandshake,
                "line",
                "curl: (35) TLS connect error: error:0A000126:SSL routines::unexpected eof while reading",
            ),
            (
                "go: downloading golang.org/x/sys v0.16.0\n\
                 Get \"https://sum.golang.org/lookup/golang.org/x/sys@v0.16.0\": net/http: TLS handshake timeout",
                Key::TlsHandshake,
                "host",
                "sum.golang.org",
            ),
            (
                "curl: (60) SSL certificate problem: unable to get local issuer certificate\n\
                 More details here: https://curl.se/docs/sslcerts.html",
                Key::TlsUnknownCa,
                "line",
                "curl: (60) SSL certificate problem: unable to get local issuer certificate",
            ),
            (
                "ERROR: cannot verify dl.google.com's certificate, issued by 'CN=Fortinet CA,O=Fortinet':\n  \
                 Unable to locally verify the issuer's authority.\n\
                 To connect to dl.google.com insecurely, use `--no-check-certificate'.",
                Key::TlsUnknownCa,
                "line",
                "ERROR: cannot verify dl.google.com's certificate, issued by 'CN=Fortinet CA,O=Fortinet':",
            ),
            (
                "verifying golang.org/x/text@v0.14.0/go.mod: checksum mismatch",
                Key::ModuleChecksumMismatch,
                "module",
                "golang.org/x/text@v0.14.0/go.mod",
            ),
            (
                "go: golang.org/toolchain@v0.0.1-go1.22.linux-amd64: reading https://goproxy.cn/golang.org/toolchain/@v/v0.0.1-go1.22.linux-amd64.info: 404 Not Found",
                Key::NoSuchFile,
                "suggested",
                "go1.22.0",
            ),
            (
                "go: example.com/gone@v1.0.0: reading https://proxy.golang.org/example.com/gone/@v/v1.0.0.info: 410 Gone",
                Key::NoSuchFile,
                "url",
                "https://proxy.golang.org/example.com/gone/@v/v1.0.0.info",
            ),
            (
                "Invoke-WebRequest : The remote server returned an error: (404) Not Found.",
                Key::NoSuchFile,
                "line",
                "Invoke-WebRequest : The remote server returned an error: (404) Not Found.",
            ),
            (
                "PS> if ((Get-FileHash -LiteralPath 'go1.22.0.windows-amd64.msi' -Algorithm SHA256).Hash -eq 'abc') { 'OK' } else { 'MISMATCH' }\nMISMATCH",
                Key::Sha256Mismatch,
                "file",
                "go1.22.0.windows-amd64.msi",
            ),
            (
                "shasum: WARNING: 1 computed checksum did NOT match\ngo1.22.0.darwin-arm64.pkg: FAILED",
                Key::Sha256Mismatch,
                "file",
                "go1.22.0.darwin-arm64.pkg",
            ),
            (
                "Step 4/9 : RUN wget -q https://storage.googleapis.com/golang/go1.20.linux-amd64.tar.gz\n\
                 HTTP request sent, awaiting response... 403 Forbidden\n\
                 ERROR 403: Forbidden.",
                Key::GcsGone,
                "file",
                "go1.20.linux-amd64.tar.gz",
            ),
        ];
        for (paste, key, name, value) in cases {
            assert_eq!(find(paste, *key).value(name), Some(*value), "{paste}");
        }
        // A 404 for go1.20: that release really is named go1.20.
        assert_eq!(
            find(
                "https://dl.google.com/go/go1.20.linux-amd64.tar.gz: 404 Not Found",
                Key::NoSuchFile
            )
            .value("suggested"),
            None
        );
        // sha256sum could not open the file: no mismatch of a checksum.
        assert_eq!(
            keys("go1.22.0.linux-amd64.tar.gz: FAILED open or read"),
            ["not-recognised"]
        );
    }

    #[test]
    fn first_releases_end_in_zero() {
        for (name, first) in [
            ("go1.22", Some("go1.22.0")),
            (
                "go1.22.linux-amd64.tar.gz",
                Some("go1.22.0.linux-amd64.tar.gz"),
            ),
            (
                "go1.25.windows-arm64.msi",
                Some("go1.25.0.windows-arm64.msi"),
            ),
            ("go1.22.0.linux-amd64.tar.gz", None),
            ("go1.22.3", None),
            ("go1.22rc1.linux-amd64.tar.gz", None),
            ("go1.20.linux-amd64.tar.gz", None),
            ("go1.21", Some("go1.21.0")),
        ] {
            assert_eq!(first_release_name(name).as_deref(), first, "{name}");
        }
    }
}
