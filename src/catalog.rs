//! The catalog: where official checksums come from, and the download mirrors and module proxies
//! the page knows.
//!
//! The catalog is data a site operator edits (`data/catalog.json`, DESIGN.md's page contract);
//! this module validates it and builds URLs from its templates. It never decides which mirror is
//! best (that is ranking) and never fetches anything.

use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{quote, Error};
use crate::i18n::Lang;

/// The largest catalog this page reads.
pub const MAX_CATALOG_BYTES: u64 = 1 << 20;

const WHAT: &str = "catalog";

/// A download mirror.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mirror {
    /// Short stable key, e.g. `aliyun` (`data-mirror-id`).
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// URL template with `{file}`.
    pub url: String,
    /// Run by the Go team.
    pub official: bool,
    /// Where it serves from, e.g. `cn`, `global`.
    pub region: String,
    /// Why it is no longer usable; such a mirror is listed and explained, never probed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gone: Option<String>,
    /// Anything else worth saying about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The name, `gone` and `note` for Chinese readers, where they differ.
    #[serde(skip_serializing_if = "Zh::is_empty")]
    pub zh: Zh,
}

/// A mirror's words in Chinese: `name_zh`, `gone_zh` and `note_zh` in the catalog, each
/// optional (the English one stands in for a missing one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Zh {
    /// `name_zh`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `gone_zh`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gone: Option<String>,
    /// `note_zh`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Zh {
    fn is_empty(&self) -> bool {
        self == &Zh::default()
    }
}

impl Mirror {
    /// The name people read in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.zh.name, Some(&self.name)).unwrap_or_default()
    }

    /// Why it is gone, in `lang`.
    pub fn gone_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, &self.zh.gone, self.gone.as_ref())
    }

    /// Its note, in `lang`.
    pub fn note_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, &self.zh.note, self.note.as_ref())
    }

    /// The URL of `file` on this mirror.
    pub fn url_for(&self, file: &str) -> String {
        self.url.replace("{file}", file)
    }
}

impl ModuleProxy {
    /// The name people read in `lang`.
    pub fn name_in(&self, lang: Lang) -> &str {
        in_lang(lang, &self.zh.name, Some(&self.name)).unwrap_or_default()
    }

    /// The proxy as a mirror of toolchain zips (`{file}` is the zip's name), so that it is
    /// probed and ranked like a download mirror.
    pub fn as_mirror(&self) -> Mirror {
        Mirror {
            id: self.id.clone(),
            name: self.name.clone(),
            url: crate::toolchain::template(&self.url),
            official: self.official,
            region: self.region.clone(),
            gone: None,
            note: self.note.clone(),
            zh: self.zh.clone(),
        }
    }
}

/// The Chinese words where `lang` is Chinese and the catalog has them, else the English.
fn in_lang<'a>(lang: Lang, zh: &'a Option<String>, en: Option<&'a String>) -> Option<&'a str> {
    match zh {
        Some(zh) if lang == Lang::Zh => Some(zh),
        _ => en.map(String::as_str),
    }
}

/// A Go module proxy (GOPROXY).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModuleProxy {
    /// Short stable key (`data-proxy-id`).
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Base URL ending in `/`, e.g. `https://goproxy.cn/`.
    pub url: String,
    /// Where it serves from.
    pub region: String,
    /// Run by the Go team (proxy.golang.org).
    pub official: bool,
    /// A remark shown beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The name and note for Chinese readers (`name_zh`, `note_zh`).
    #[serde(skip_serializing_if = "Zh::is_empty")]
    pub zh: Zh,
}

/// A host of the Go checksum database (`GOSUMDB`), probed at `URL + "latest"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(expecting = "a checksum database object")]
pub struct ChecksumDatabase {
    /// Short stable key (`data-sumdb-id`): `sum-golang-org`, `sum-golang-google-cn`.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Base URL ending in `/`, e.g. `https://sum.golang.org/`.
    pub url: String,
}

impl ChecksumDatabase {
    /// The database's signed tree head: a small plain-text answer any working host gives.
    pub fn latest_url(&self) -> String {
        format!("{}latest", self.url)
    }
}

/// Where a module proxy says whether it proxies the checksum database: 200 (any body) if it
/// does, 404 or 410 if not (the go command's `GOPROXY` protocol, "Checksum database").
pub const SUMDB_SUPPORTED: &str = "sumdb/sum.golang.org/supported";

/// The whole catalog.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Catalog {
    /// Official checksum lists, tried in order.
    pub checksum_sources: Vec<String>,
    /// The small official lists (the current releases, `?mode=json`), tried before
    /// `checksum_sources`; empty means the whole list alone, as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub checksum_sources_current: Vec<String>,
    /// Download mirrors.
    pub mirrors: Vec<Mirror>,
    /// Module proxies.
    pub module_proxies: Vec<ModuleProxy>,
    /// Hosts of the Go checksum database.
    pub checksum_databases: Vec<ChecksumDatabase>,
    /// Where the page is published (an http(s) URL): report links of `gomirror rank --link`
    /// point there unless `--site` says otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
}

impl Catalog {
    /// Parses and validates a catalog.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`], [`Error::Json`] or [`Error::Invalid`] naming the first bad entry.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn parse(text: &str) -> Result<Catalog, Error> {
        if text.len() as u64 > MAX_CATALOG_BYTES {
            return Err(Error::TooLarge {
                what: WHAT,
                size_bytes: text.len() as u64,
                limit_bytes: MAX_CATALOG_BYTES,
            });
        }
        let mut json = serde_json::Deserializer::from_str(text);
        let catalog = Catalog::read(&mut json)?;
        json.end().map_err(|e| Error::Json {
            what: WHAT,
            message: e.to_string(),
        })?;
        Ok(catalog)
    }

    /// Reads and validates a catalog from any serde deserializer: the page hands over what
    /// the browser's `JSON.parse` made of the text (`serde_wasm_bindgen`), native code a
    /// `serde_json` one.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] naming where the shape is wrong, or [`Error::Invalid`] as for
    /// [`Catalog::parse`].
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Catalog, Error> {
        let raw: RawCatalog = crate::error::read_json(WHAT, deserializer)?;
        let catalog = Catalog {
            checksum_sources: raw.checksum_sources.unwrap_or_default(),
            checksum_sources_current: raw.checksum_sources_current.unwrap_or_default(),
            mirrors: raw
                .mirrors
                .unwrap_or_default()
                .into_iter()
                .map(Mirror::from)
                .collect(),
            module_proxies: raw
                .module_proxies
                .unwrap_or_default()
                .into_iter()
                .map(ModuleProxy::from)
                .collect(),
            checksum_databases: raw.checksum_databases.unwrap_or_default(),
            site_url: raw.site_url,
        };
        catalog.validate()?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), Error> {
        for (i, url) in self.checksum_sources.iter().enumerate() {
            check_url(url).map_err(|p| invalid(format!("checksum_sources[{i}]"), p))?;
        }
        for (i, url) in self.checksum_sources_current.iter().enumerate() {
            check_url(url).map_err(|p| invalid(format!("checksum_sources_current[{i}]"), p))?;
        }
        if let Some(url) = &self.site_url {
            check_url(url).map_err(|p| invalid("site_url".into(), p))?;
        }
        let mut ids: Vec<&str> = Vec::new();
        for (i, m) in self.mirrors.iter().enumerate() {
            let at = || format!("mirrors[{i}] ({})", quote(&m.id, 40));
            check_entry(&m.id, &m.name, &m.region).map_err(|p| invalid(at(), p))?;
            if let Some(name) = &m.zh.name {
                check_entry(&m.id, name, &m.region).map_err(|p| invalid(at(), p))?;
            }
            check_template(&m.url).map_err(|p| invalid(at(), p.to_string()))?;
            if ids.contains(&m.id.as_str()) {
                return Err(invalid(at(), "id is used twice".into()));
            }
            ids.push(&m.id);
        }
        for (i, p) in self.module_proxies.iter().enumerate() {
            let at = || format!("module_proxies[{i}] ({})", quote(&p.id, 40));
            check_entry(&p.id, &p.name, &p.region).map_err(|e| invalid(at(), e))?;
            check_url(&p.url).map_err(|e| invalid(at(), e))?;
            if !p.url.ends_with('/') {
                return Err(invalid(at(), "url must end with /".into()));
            }
            if self.module_proxies[..i].iter().any(|q| q.id == p.id) {
                return Err(invalid(at(), "id is used twice".into()));
            }
        }
        for (i, d) in self.checksum_databases.iter().enumerate() {
            let at = || format!("checksum_databases[{i}] ({})", quote(&d.id, 40));
            check_entry(&d.id, &d.name, "").map_err(|e| invalid(at(), e))?;
            check_url(&d.url).map_err(|e| invalid(at(), e))?;
            if !d.url.ends_with('/') {
                return Err(invalid(at(), "url must end with /".into()));
            }
            if self.checksum_databases[..i].iter().any(|e| e.id == d.id) {
                return Err(invalid(at(), "id is used twice".into()));
            }
        }
        Ok(())
    }
}

fn invalid(location: String, problem: String) -> Error {
    Error::Invalid {
        what: WHAT,
        location,
        problem,
    }
}

/// An id is a short lowercase key; names and regions are short.
fn check_entry(id: &str, name: &str, region: &str) -> Result<(), String> {
    let id_ok = !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !id_ok {
        return Err(format!(
            "id {} must be 1-40 of a-z, 0-9, - and _",
            quote(id, 40)
        ));
    }
    if name.trim().is_empty() || name.chars().count() > 80 {
        return Err(format!("name {} must be 1-80 characters", quote(name, 40)));
    }
    if region.chars().count() > 24 {
        return Err(format!("region {} is too long", quote(region, 40)));
    }
    Ok(())
}

/// Only absolute http(s) URLs without spaces or quotes: anything else (`javascript:`, relative
/// paths) could not be a mirror and could be a trap when it becomes a link.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let scheme_ok = lower.starts_with("https://") || lower.starts_with("http://");
    let host = url.split("://").nth(1).unwrap_or("");
    let chars_ok = url
        .chars()
        .all(|c| c.is_ascii_graphic() && !"\"'<>\\`".contains(c));
    if !scheme_ok || host.is_empty() || host.starts_with('/') || !chars_ok || url.len() > 500 {
        return Err(format!(
            "url {} is not an absolute http(s) URL",
            quote(url, 80)
        ));
    }
    Ok(())
}

/// What is wrong with a mirror's URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplateProblem {
    /// Not an absolute http(s) URL (the message names it).
    Url(String),
    /// `{file}` is missing or there more than once.
    File,
}

impl TemplateProblem {
    /// The key of the words that say it to a visitor who typed the template.
    pub fn key(&self) -> &'static str {
        match self {
            TemplateProblem::Url(_) => "add-bad-url",
            TemplateProblem::File => "add-bad-file",
        }
    }
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateProblem::Url(message) => f.write_str(message),
            TemplateProblem::File => f.write_str("url must contain {file} exactly once"),
        }
    }
}

/// A mirror's URL template, from the catalog or typed by a visitor: an absolute http(s) URL
/// with `{file}` exactly once.
///
/// # Errors
///
/// The [`TemplateProblem`].
pub fn check_template(url: &str) -> Result<(), TemplateProblem> {
    check_url(url).map_err(TemplateProblem::Url)?;
    if url.matches("{file}").count() != 1 {
        return Err(TemplateProblem::File);
    }
    Ok(())
}

// Native only: they read JSON text, which the wasm build leaves to the browser.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Each row: a template a visitor might type, and the key of what is wrong (None: fine).
    const TEMPLATES: &[(&str, Option<&str>)] = &[
        ("https://mirrors.example.cn/golang/{file}", None),
        ("http://10.0.0.5:8080/go/{file}", None),
        ("https://mirrors.example.cn/golang/", Some("add-bad-file")),
        ("https://x/{file}/{file}", Some("add-bad-file")),
        ("javascript:alert(1)//{file}", Some("add-bad-url")),
        ("ftp://x/{file}", Some("add-bad-url")),
        ("https://x/\"><img src=x>{file}", Some("add-bad-url")),
        ("", Some("add-bad-url")),
    ];

    #[test]
    fn templates() {
        for (url, want) in TEMPLATES {
            let got = check_template(url).err().map(|p| p.key());
            assert_eq!(got, *want, "{url}");
        }
    }

    #[test]
    fn shipped_catalog_is_valid() {
        let c = Catalog::parse(include_str!("../www/data/catalog.json")).unwrap();
        assert!(c.checksum_sources[0].starts_with("https://go.dev/dl/"));
        // The small lists first (DESIGN.md, "two sizes"): go.dev's current releases only.
        assert_eq!(
            c.checksum_sources_current,
            [
                "https://go.dev/dl/?mode=json",
                "https://golang.google.cn/dl/?mode=json"
            ]
        );
        assert!(c.mirrors.iter().any(|m| m.official));
        assert!(c.mirrors.iter().any(|m| m.gone.is_some()));
        let ids: Vec<&str> = c.checksum_databases.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["sum-golang-org", "sum-golang-google-cn"]);
        assert_eq!(
            c.site_url.as_deref(),
            Some("https://gomirror.github.io/gomirror/")
        );
        let bad = r#"{"site_url": "javascript:alert(1)"}"#;
        assert!(Catalog::parse(bad)
            .unwrap_err()
            .to_string()
            .contains("site_url"));
        assert_eq!(Catalog::parse("{}").unwrap().site_url, None);
        assert_eq!(
            c.checksum_databases[1].latest_url(),
            "https://sum.golang.google.cn/latest"
        );
        let go = c.mirrors.iter().find(|m| m.id == "go-dev").unwrap();
        assert_eq!(
            go.url_for("go1.22.0.src.tar.gz"),
            "https://go.dev/dl/go1.22.0.src.tar.gz"
        );
    }

    #[test]
    fn words_in_chinese_where_the_catalog_has_them() {
        let c = Catalog::parse(include_str!("../www/data/catalog.json")).unwrap();
        let by_id = |id: &str| c.mirrors.iter().find(|m| m.id == id).unwrap();
        let aliyun = by_id("aliyun");
        assert_eq!(aliyun.name_in(Lang::Zh), "阿里云");
        assert_eq!(aliyun.name_in(Lang::En), "Alibaba Cloud");
        assert_eq!(
            aliyun.note_in(Lang::Zh),
            Some("每个文件旁都有 FILE.sha256。")
        );
        let ustc = by_id("ustc");
        assert!(ustc.gone_in(Lang::Zh).unwrap().contains("2025 年 12 月"));
        assert!(ustc.gone_in(Lang::En).unwrap().starts_with("Removed"));
        // No Chinese name: the English one stands in.
        assert_eq!(by_id("go-dev").name_in(Lang::Zh), "go.dev");
        // Every note and gone text has its Chinese words.
        for m in &c.mirrors {
            assert_eq!(m.note.is_some(), m.zh.note.is_some(), "{}", m.id);
            assert_eq!(m.gone.is_some(), m.zh.gone.is_some(), "{}", m.id);
        }
        for p in &c.module_proxies {
            assert_eq!(p.note.is_some(), p.zh.note.is_some(), "{}", p.id);
        }
        let proxy = c
            .module_proxies
            .iter()
            .find(|p| p.id == "aliyun-goproxy")
            .unwrap();
        assert_eq!(proxy.name_in(Lang::Zh), "阿里云 GOPROXY");
        // Aliyun's proxy lives under /goproxy/ (its /golang/ holds the downloads), and
        // goproxy.cn is Qiniu's: both said in both languages.
        assert_eq!(proxy.url, "https://mirrors.aliyun.com/goproxy/");
        assert!(proxy
            .as_mirror()
            .note_in(Lang::En)
            .unwrap()
            .contains("mirrors.aliyun.com/golang/"));
        let cn = c
            .module_proxies
            .iter()
            .find(|p| p.id == "goproxy-cn")
            .unwrap();
        assert!(cn.as_mirror().note_in(Lang::En).unwrap().contains("Qiniu"));
        assert!(cn.as_mirror().note_in(Lang::Zh).unwrap().contains("七牛云"));
        assert_eq!(proxy.as_mirror().name_in(Lang::Zh), "阿里云 GOPROXY");
    }

    /// Each row: a catalog that breaks a rule, and words the refusal must contain.
    const BAD: &[(&str, &str)] = &[
        (
            r#"{"checksum_sources":["javascript:alert(1)"]}"#,
            "not an absolute http(s) URL",
        ),
        (r#"{"checksum_sources":"https://go.dev"}"#, "not valid"),
        (
            r#"{"checksum_sources_current":["data:,[]"]}"#,
            "checksum_sources_current[0]",
        ),
        (
            r#"{"mirrors":[{"id":"a","name":"A","url":"https://a/"}]}"#,
            "{file} exactly once",
        ),
        (
            r#"{"mirrors":[{"id":"A b","name":"A","url":"https://a/{file}"}]}"#,
            "must be 1-40",
        ),
        (
            r#"{"mirrors":[{"id":"a","name":"A","url":"https://a/{file}"},{"id":"a","name":"B","url":"https://b/{file}"}]}"#,
            "used twice",
        ),
        (
            r#"{"module_proxies":[{"id":"p","name":"P","url":"https://p"}]}"#,
            "end with /",
        ),
        (
            r#"{"checksum_databases":[{"id":"s","name":"S","url":"https://s"}]}"#,
            "checksum_databases[0] (\"s\"): url must end with /",
        ),
        (
            r#"{"checksum_databases":[{"id":"s","name":"S","url":"ftp://s/"}]}"#,
            "not an absolute http(s) URL",
        ),
        (
            r#"{"checksum_databases":[{"id":"s","url":"https://s/"}]}"#,
            "missing field `name`",
        ),
        (
            r#"{"checksum_databases":[{"id":"s","name":"S","url":"https://s/"},{"id":"s","name":"T","url":"https://t/"}]}"#,
            "used twice",
        ),
        ("[]", "not valid"),
        ("", "not valid"),
    ];

    #[test]
    fn refuses_bad_catalogs() {
        for (doc, words) in BAD {
            let e = Catalog::parse(doc).unwrap_err().to_string();
            assert!(e.contains(words), "{doc}: {e:?} should contain {words:?}");
        }
        assert_eq!(Catalog::parse("{}").unwrap(), Catalog::default());
        // Keys the page does not know are ignored.
        let c = Catalog::parse(r#"{"checksum_databases":[],"later":{"x":1}}"#).unwrap();
        assert_eq!(c, Catalog::default());
    }
}

/// `data/catalog.json` as written: a missing key and `null` are the same, unknown keys are
/// ignored (DESIGN.md: more may be added).
#[derive(Deserialize)]
#[serde(expecting = "a catalog object")]
struct RawCatalog {
    checksum_sources: Option<Vec<String>>,
    checksum_sources_current: Option<Vec<String>>,
    mirrors: Option<Vec<RawSource>>,
    module_proxies: Option<Vec<RawSource>>,
    checksum_databases: Option<Vec<ChecksumDatabase>>,
    site_url: Option<String>,
}

/// A mirror or a module proxy as written in the catalog.
#[derive(Deserialize)]
#[serde(expecting = "a mirror object")]
struct RawSource {
    id: String,
    name: String,
    url: String,
    official: Option<bool>,
    region: Option<String>,
    gone: Option<String>,
    note: Option<String>,
    name_zh: Option<String>,
    gone_zh: Option<String>,
    note_zh: Option<String>,
}

impl RawSource {
    fn zh(&mut self) -> Zh {
        Zh {
            name: self.name_zh.take(),
            gone: self.gone_zh.take(),
            note: self.note_zh.take(),
        }
    }
}

impl From<RawSource> for Mirror {
    fn from(mut raw: RawSource) -> Mirror {
        Mirror {
            zh: raw.zh(),
            id: raw.id,
            name: raw.name,
            url: raw.url,
            official: raw.official.unwrap_or_default(),
            region: raw.region.unwrap_or_default(),
            gone: raw.gone,
            note: raw.note,
        }
    }
}

impl From<RawSource> for ModuleProxy {
    fn from(mut raw: RawSource) -> ModuleProxy {
        ModuleProxy {
            zh: raw.zh(),
            id: raw.id,
            name: raw.name,
            url: raw.url,
            official: raw.official.unwrap_or_default(),
            region: raw.region.unwrap_or_default(),
            note: raw.note,
        }
    }
}
