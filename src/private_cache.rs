//! A private cache of Go downloads for a team: an nginx configuration that caches
//! dl.google.com, the commands that check it, and the module settings for a company proxy.
//!
//! The configuration is one template, `private_cache.conf` beside this file, shown whole by the
//! page and run under real nginx by `tests/e2e/private-cache.spec.mjs`. The choices it rests on:
//!
//! - Go's release files never change once published, so a cached archive is valid for a year;
//!   only `200` and `206` are cached (`proxy_cache_valid` names no other status, and the
//!   upstream's `Cache-Control`/`Expires` are ignored), so a redirect or an error never sticks.
//! - This page measures a mirror with ranged requests, and so do `curl -C -` and download
//!   managers. nginx's cache alone, given a range on a cold key, drops the range, fetches the
//!   whole file and answers the range as its bytes arrive (it keeps fetching, and fills the
//!   cache, after the client has gone): a range near the end waits for the whole file, every
//!   request held by `proxy_cache_lock` waits for it too, and each visitor's 1 KiB probe of a
//!   cold file costs the whole file upstream. The slice module (`ngx_http_slice_module`,
//!   built into Debian's and nginx.org's packages) asks the upstream for fixed 4 MiB slices
//!   and caches each under its own key: a ranged first request is answered as soon as its
//!   slice arrives and fills the slices it touched; the rest fill as they are asked for.
//! - `proxy_cache_lock` lets one request per slice reach the upstream while the others wait
//!   for it; stale copies serve while dl.google.com fails.
//! - The CORS and `Timing-Allow-Origin` headers let this page measure the cache like any
//!   mirror; the upstream's own copies of them are hidden, as two values would make browsers
//!   refuse the answer. `X-Cache-Status` says HIT or MISS for operators (for a sliced
//!   response, of its first slice).
//!
//! Pure text: comments are filled in the visitor's language (`pc-*` strings); showing it is
//! the browser layer's business.

use crate::commands::{quote, word, Os};
use crate::i18n::{substitute, text, Lang};

/// The nginx configuration, with `{c-…}` comment placeholders.
const NGINX: &str = include_str!("private_cache.conf");

/// The example host of the cache, as the configuration names it.
pub const CACHE_HOST: &str = "go-cache.example.com";
/// The URL template of the cache for this page's "add your own mirror".
pub const CACHE_TEMPLATE: &str = "http://go-cache.example.com/go/{file}";
/// The example company module proxy (Athens or goproxy).
pub const COMPANY_PROXY: &str = "https://goproxy.example.com";
/// The example host of the company's own modules.
pub const PRIVATE_MODULES: &str = "git.example.com";

/// The comment placeholders of the template and the strings that fill them.
const COMMENTS: &[(&str, &str)] = &[
    ("c-file", "pc-c-file"),
    ("c-cache-path", "pc-c-cache-path"),
    ("c-https", "pc-c-https"),
    ("c-slice", "pc-c-slice"),
    ("c-valid", "pc-c-valid"),
    ("c-lock", "pc-c-lock"),
    ("c-stale", "pc-c-stale"),
    ("c-encoding", "pc-c-encoding"),
    ("c-ca", "pc-c-ca"),
    ("c-cors", "pc-c-cors"),
    ("c-status", "pc-c-status"),
];

/// The whole nginx configuration, its comments in `lang`.
pub fn nginx(lang: Lang) -> String {
    let values: Vec<(&str, &str)> = COMMENTS
        .iter()
        .map(|(name, key)| (*name, text(lang, key)))
        .collect();
    substitute(NGINX, &values)
}

/// The commands, run on the cache's server, that check the slice module, load the
/// configuration and show a ranged first request's answer for `file`.
pub fn server_commands(lang: Lang, file: &str) -> String {
    let url = format!("http://{CACHE_HOST}/go/{file}");
    substitute(
        "# {module}\nnginx -V 2>&1 | grep -o with-http_slice_module\n\
         sudo mkdir -p /var/cache/nginx/go && sudo chown www-data /var/cache/nginx/go\n\
         sudo nginx -t && sudo systemctl reload nginx\n\
         # {twice}\n\
         curl -s -o /dev/null -D - -r 0-1023 {url} | grep -i -e '^HTTP' -e '^X-Cache-Status'\n\
         curl -s -o /dev/null -D - -r 0-1023 {url} | grep -i -e '^HTTP' -e '^X-Cache-Status'",
        &[
            ("module", text(lang, "pc-cmd-module")),
            ("twice", text(lang, "pc-cmd-twice")),
            ("url", &quote(Os::Linux, &url)),
        ],
    )
}

/// The module settings for `os`: a company proxy first, a public one after it, then `direct`;
/// the company's own modules never through a proxy nor the checksum database (`GOPRIVATE`
/// sets the defaults of `GONOPROXY` and `GONOSUMDB`); where the company proxy serves those
/// itself, `GONOPROXY=none` sends them through it instead.
pub fn module_commands(lang: Lang, os: Os, public_proxy: &str) -> String {
    let chain = format!(
        "{COMPANY_PROXY},{},direct",
        public_proxy.strip_suffix('/').unwrap_or(public_proxy)
    );
    let only_company = format!("{COMPANY_PROXY},direct");
    let setting = |name: &str, value: &str| match os {
        Os::Windows => quote(os, &format!("{name}={value}")),
        Os::Linux | Os::Darwin => format!("{name}={}", word(os, value)),
    };
    substitute(
        "# {chain}\ngo env -w {goproxy}\n# {private}\ngo env -w {goprivate}\n\
         # {company}\n# go env -w {company-proxy} {none}",
        &[
            ("chain", text(lang, "pc-cmd-chain")),
            ("goproxy", &setting("GOPROXY", &chain)),
            ("private", text(lang, "pc-cmd-private")),
            ("goprivate", &setting("GOPRIVATE", PRIVATE_MODULES)),
            ("company", text(lang, "pc-cmd-company")),
            ("company-proxy", &setting("GOPROXY", &only_company)),
            ("none", &setting("GONOPROXY", "none")),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The directives the configuration must hold, each for a reason of the module doc.
    const DIRECTIVES: &[&str] = &[
        "proxy_cache_path /var/cache/nginx/go levels=1:2 keys_zone=go:10m\n                 max_size=20g",
        "server {",
        "listen 80;",
        "slice 4m;",
        "proxy_set_header Range $slice_range;",
        "proxy_cache_key $uri$slice_range;",
        "proxy_cache_valid 200 206 365d;",
        "proxy_ignore_headers Cache-Control Expires X-Accel-Expires;",
        "proxy_cache_lock on;",
        "proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;",
        "proxy_pass https://dl.google.com;",
        "proxy_ssl_server_name on;",
        "proxy_set_header Accept-Encoding \"\";",
        "add_header Access-Control-Allow-Origin * always;",
        "add_header Access-Control-Expose-Headers \"Content-Range, Content-Length\" always;",
        "add_header Timing-Allow-Origin * always;",
        "add_header X-Cache-Status $upstream_cache_status always;",
    ];

    #[test]
    fn the_configuration_holds_every_directive_and_fills_every_comment() {
        for lang in [Lang::En, Lang::Zh] {
            let conf = nginx(lang);
            for d in DIRECTIVES {
                assert!(conf.contains(d), "{lang:?}: {d}");
            }
            assert!(!conf.contains("{c-"), "{conf}");
            // Braces balance: every block is closed.
            let (open, close) = (conf.matches('{').count(), conf.matches('}').count());
            assert_eq!(open, close, "{lang:?}");
            // Only 200 and 206 are ever cached: no other proxy_cache_valid.
            assert_eq!(conf.matches("proxy_cache_valid").count(), 1);
        }
        assert!(nginx(Lang::Zh).contains("# 放在"), "Chinese comments");
        assert!(CACHE_TEMPLATE.contains(CACHE_HOST) && nginx(Lang::En).contains(CACHE_HOST));
    }

    #[test]
    fn server_commands_check_the_module_and_a_ranged_request() {
        let c = server_commands(Lang::En, "go1.22.0.linux-amd64.tar.gz");
        assert!(c.contains("grep -o with-http_slice_module"));
        assert!(c.contains(
            "curl -s -o /dev/null -D - -r 0-1023 'http://go-cache.example.com/go/go1.22.0.linux-amd64.tar.gz'"
        ));
        let hostile = server_commands(Lang::En, "a'$(id).tar.gz");
        assert!(hostile.contains("'http://go-cache.example.com/go/a'\\''$(id).tar.gz'"));
    }

    #[test]
    fn module_settings_per_os() {
        let linux = module_commands(Lang::En, Os::Linux, "https://goproxy.cn/");
        let run: Vec<&str> = linux.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            run,
            [
                "go env -w GOPROXY=https://goproxy.example.com,https://goproxy.cn,direct",
                "go env -w GOPRIVATE=git.example.com",
            ]
        );
        assert!(linux
            .ends_with("# go env -w GOPROXY=https://goproxy.example.com,direct GONOPROXY=none"));
        let windows = module_commands(Lang::En, Os::Windows, "https://goproxy.cn/");
        assert!(windows
            .contains("go env -w 'GOPROXY=https://goproxy.example.com,https://goproxy.cn,direct'"));
        assert!(windows.contains("go env -w 'GOPRIVATE=git.example.com'"));
        assert_eq!(Os::from_goos("plan9"), None);
        let zh = module_commands(Lang::Zh, Os::Darwin, "https://goproxy.cn/");
        assert!(!zh.contains("{"), "{zh}");
    }
}
