//! Every visible string of the page, in English and Chinese, and how the language is chosen.
//!
//! One table a language, `www/i18n/en.json` and `www/i18n/zh-CN.json`: key → string, for the
//! page's static text (`data-i18n` keys in `www/index.html`) and the sentences that explain
//! verdicts. Templates name their values (`{size}`), so a translation may reorder them; a test
//! checks that both languages have the same keys and use the same names.
//!
//! The page loads only the visitor's language (`www/main.js` fetches it while the wasm loads,
//! the other one is fetched when the visitor switches) and [`install`]s it: carrying both in
//! the wasm would cost every visitor the other language too. A feature that few visits use
//! keeps its strings in a [`Part`] of their own (`www/i18n/paste-en.json`,
//! `www/i18n/share-en.json`), fetched on its first use and looked up after the page's. Native code (tests, tools, the command line) reads
//! every file, built in; the words only the command line says (`src/cli/i18n/`) are a part of
//! their own that the wasm never looks up.

use std::collections::HashMap;

use serde::Deserializer;

use crate::error::Error;

/// The page's languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese, as read in mainland China.
    Zh,
}

impl Lang {
    /// The language for a BCP 47 tag such as `navigator.language`: Chinese for any `zh`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The tag for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The other language, for the switch.
    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }
}

/// A language's strings by key.
#[derive(Debug, Default)]
struct Table(HashMap<String, String>);

impl Table {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }
}

/// Which of a language's tables: the page's own, or one that a feature fetches on its first use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// `i18n/en.json`: everything the page shows before the visitor does anything.
    Page,
    /// `i18n/paste-en.json`: the findings of "Paste what you see" (`src/paste/`) and the
    /// comments of their commands.
    Paste,
    /// `src/cli/i18n/en.json`: what only the command line says. Native only: nothing installs
    /// it in the page, and the wasm's [`Part::ALL`] leaves it out of its lookups.
    Cli,
    /// `i18n/share-en.json`: what a report opened from a link (`#shared-report`) says, drawn by
    /// the report module (`share_module.rs`), which a page fetches only when opened with one.
    Share,
    /// `i18n/private-cache-en.json`: the comments of `#private-cache`'s configuration and
    /// commands, written by its module (`private_cache_module.rs`) on the section's first
    /// opening.
    Cache,
}

impl Part {
    /// Every part, in the order [`lookup`] asks them.
    #[cfg(target_arch = "wasm32")]
    pub const ALL: [Part; 4] = [Part::Page, Part::Paste, Part::Share, Part::Cache];
    /// Every part, in the order [`lookup`] asks them.
    #[cfg(not(target_arch = "wasm32"))]
    pub const ALL: [Part; 5] = [Part::Page, Part::Paste, Part::Share, Part::Cache, Part::Cli];

    fn index(self) -> usize {
        match self {
            Part::Page => 0,
            Part::Paste => 1,
            Part::Cli => 2,
            Part::Share => 3,
            Part::Cache => 4,
        }
    }
}

/// The installed tables, by [`Part::index`] and [`Lang::index`]; set once each.
static TABLES: [[std::sync::OnceLock<Table>; 2]; 5] = [
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()],
];

impl Lang {
    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Zh => 1,
        }
    }

    /// The file of this language's `part`, relative to the page: `i18n/zh-CN.json`,
    /// `i18n/paste-zh-CN.json`.
    pub fn file(self, part: Part) -> String {
        match part {
            Part::Page => format!("i18n/{}.json", self.tag()),
            Part::Paste => format!("i18n/paste-{}.json", self.tag()),
            Part::Cli => format!("src/cli/i18n/{}.json", self.tag()),
            Part::Share => format!("i18n/share-{}.json", self.tag()),
            Part::Cache => format!("i18n/private-cache-{}.json", self.tag()),
        }
    }
}

/// Reads a table (a JSON object of strings) and makes it the one [`text`] uses for `lang`'s
/// `part`. A table installed before stays (installing is for the page's start, its language
/// switch and a feature's first use, each table once).
///
/// # Errors
///
/// [`Error::Json`] when it is not an object of strings.
pub fn install<'de, D: Deserializer<'de>>(
    lang: Lang,
    part: Part,
    deserializer: D,
) -> Result<(), Error> {
    let strings: HashMap<String, String> = crate::error::read_json("strings", deserializer)?;
    let _ = TABLES[part.index()][lang.index()].set(Table(strings));
    Ok(())
}

/// Whether `lang`'s table of `part` is there.
pub fn installed(lang: Lang, part: Part) -> bool {
    table(lang, part).is_some()
}

#[cfg(target_arch = "wasm32")]
fn table(lang: Lang, part: Part) -> Option<&'static Table> {
    TABLES[part.index()][lang.index()].get()
}

/// Natively every table is built in, read on first use.
#[cfg(not(target_arch = "wasm32"))]
fn table(lang: Lang, part: Part) -> Option<&'static Table> {
    let text = match (part, lang) {
        (Part::Page, Lang::En) => include_str!("../www/i18n/en.json"),
        (Part::Page, Lang::Zh) => include_str!("../www/i18n/zh-CN.json"),
        (Part::Paste, Lang::En) => include_str!("../www/i18n/paste-en.json"),
        (Part::Paste, Lang::Zh) => include_str!("../www/i18n/paste-zh-CN.json"),
        (Part::Cli, Lang::En) => include_str!("cli/i18n/en.json"),
        (Part::Cli, Lang::Zh) => include_str!("cli/i18n/zh-CN.json"),
        (Part::Share, Lang::En) => include_str!("../www/i18n/share-en.json"),
        (Part::Share, Lang::Zh) => include_str!("../www/i18n/share-zh-CN.json"),
        (Part::Cache, Lang::En) => include_str!("../www/i18n/private-cache-en.json"),
        (Part::Cache, Lang::Zh) => include_str!("../www/i18n/private-cache-zh-CN.json"),
    };
    Some(TABLES[part.index()][lang.index()].get_or_init(|| {
        Table(serde_json::from_str(text).expect("www/i18n holds objects of strings"))
    }))
}

/// The string for `key` in `lang`, from the first installed part that has it; else English's.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let find = |lang| {
        Part::ALL
            .iter()
            .find_map(|&part| table(lang, part).and_then(|t| t.get(key)))
    };
    find(lang).or_else(|| find(Lang::En))
}

/// The string for `key` in `lang`; the key itself when no installed table has it (a test keeps
/// the tables complete, and the page installs the visitor's language before it draws).
pub fn text(lang: Lang, key: &str) -> &str {
    lookup(lang, key).unwrap_or(key)
}

/// The string for `key` with its `{name}` placeholders filled from `values`. Not inlined: it is
/// called from dozens of places, and one copy keeps the wasm smaller.
#[inline(never)]
pub fn fill(lang: Lang, key: &str, values: &[(&str, &str)]) -> String {
    substitute(text(lang, key), values)
}

/// `template` with each `{name}` of `values` replaced by its value, in one pass: a value that
/// itself holds `{…}` (a file name can) is never filled again. Other braces stay as they are.
pub fn substitute(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let hit = values
            .iter()
            .find(|(name, _)| after.starts_with(name) && after[name.len()..].starts_with('}'));
        match hit {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Every key of the English tables, for the completeness tests of the page.
#[cfg(not(target_arch = "wasm32"))]
pub fn keys() -> impl Iterator<Item = &'static str> {
    Part::ALL
        .into_iter()
        .filter_map(|part| table(Lang::En, part))
        .flat_map(|t| t.0.keys().map(String::as_str))
}

/// A byte count for people: `68,988,925 bytes (65.8 MiB)`.
pub fn bytes(lang: Lang, count: u64) -> String {
    let exact = fill(lang, "bytes", &[("count", &group_digits(count))]);
    if count < 1024 {
        return exact;
    }
    let (unit, div) = [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)]
        .into_iter()
        .find(|(_, div)| count >= *div)
        .unwrap_or(("KiB", 1 << 10));
    let open = if lang == Lang::Zh { "（" } else { " (" };
    let close = if lang == Lang::Zh { "）" } else { ")" };
    let amount = fixed(count as f64 / div as f64, 1);
    format!("{exact}{open}{amount} {unit}{close}")
}

/// A transfer rate for people, from bytes per second: `12.3 MiB/s`, `512 KiB/s`.
pub fn rate(bps: f64) -> String {
    if bps >= f64::from(1 << 20) {
        format!("{} MiB/s", fixed(bps / f64::from(1 << 20), 1))
    } else {
        format!("{} KiB/s", fixed(bps / 1024.0, 0))
    }
}

/// `x` with `decimals` digits after the point (at most 9), rounded half away from zero:
/// `fixed(65.79, 1)` is `65.8`. The page formats every fractional number through this rather
/// than `format!("{:.1}")`, whose float formatter weighs about 14 KB of wasm. The whole part
/// saturates at `u64::MAX`; no figure of the page comes near.
pub fn fixed(x: f64, decimals: u32) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN"
        } else if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
        .into();
    }
    let scale = 10u64.pow(decimals.min(9));
    let scaled = (x.abs() * scale as f64).round();
    // Whole part and fraction apart, so that a huge `x` saturates the whole part only.
    let (whole, part) = if scaled < u64::MAX as f64 {
        let scaled = scaled as u64;
        (scaled / scale, scaled % scale)
    } else {
        (x.abs() as u64, 0)
    };
    let mut out = String::new();
    if x < 0.0 && (whole, part) != (0, 0) {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if scale > 1 {
        let fraction = (part + scale).to_string();
        out.push('.');
        out.push_str(&fraction[1..]);
    }
    out
}

/// `68988925` → `68,988,925`.
pub fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whole days from one ISO date (`2026-11-01`) to another; `None` when either is not a date.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(day_number(to)? - day_number(from)?)
}

/// Days since 1970-01-01 of a proleptic Gregorian `YYYY-MM-DD` (Howard Hinnant's algorithm).
fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.get(..10)?.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let d: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(rate(512.0 * 1024.0), "512 KiB/s");
        assert_eq!(rate(1.5 * 1048576.0), "1.5 MiB/s");
        assert_eq!(rate(0.0), "0 KiB/s");
    }

    #[test]
    fn fixed_matches_the_standard_formatter() {
        // Away from exact halves the two agree; at a half, `fixed` rounds away from zero.
        let mut seed = 1u64;
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let x = ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.3) * 1e7;
            for d in 0..5 {
                let std = format!("{x:.*}", d as usize);
                let scaled = (x * 10f64.powi(d as i32)).abs();
                if (scaled.fract() - 0.5).abs() < 1e-6 {
                    continue;
                }
                assert_eq!(fixed(x, d), std, "{x} to {d}");
            }
        }
        assert_eq!(fixed(2.5, 0), "3");
        assert_eq!(fixed(-0.04, 1), "0.0");
        assert_eq!(fixed(-1.25, 1), "-1.3");
        assert_eq!(fixed(0.5, 4), "0.5000");
        assert_eq!(fixed(1e300, 1), "18446744073709551615.0");
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        assert_eq!(fixed(f64::NEG_INFINITY, 0), "-inf");
    }
    use std::collections::BTreeSet;

    fn placeholders(s: &str) -> BTreeSet<&str> {
        s.split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn tables_are_complete_and_consistent() {
        let keys = |t: &Table| t.0.keys().cloned().collect::<BTreeSet<String>>();
        for part in Part::ALL {
            let (en, zh) = (
                table(Lang::En, part).unwrap(),
                table(Lang::Zh, part).unwrap(),
            );
            // The command line's own words are few: most of what it says is the page's.
            let least = match part {
                Part::Cli => 5,
                Part::Share | Part::Cache => 10,
                _ => 50,
            };
            assert!(en.0.len() > least, "the English table of {part:?} is there");
            assert_eq!(keys(en), keys(zh), "both languages have the same keys");
            for (key, english) in &en.0 {
                let chinese = zh.get(key).unwrap();
                assert!(!english.is_empty() && !chinese.is_empty(), "{key} is empty");
                assert_eq!(
                    placeholders(english),
                    placeholders(chinese),
                    "{key}: placeholders differ"
                );
            }
        }
        // A key in two parts would be looked up in the first only.
        let page = keys(table(Lang::En, Part::Page).unwrap());
        let paste = keys(table(Lang::En, Part::Paste).unwrap());
        let cli = keys(table(Lang::En, Part::Cli).unwrap());
        let share = keys(table(Lang::En, Part::Share).unwrap());
        let cache = keys(table(Lang::En, Part::Cache).unwrap());
        let parts = [&page, &paste, &cli, &share, &cache];
        for (i, one) in parts.iter().enumerate() {
            for other in &parts[i + 1..] {
                assert_eq!(one.intersection(other).count(), 0, "no key in two parts");
            }
        }
        // The report module, which a page loads only when opened with a link, has every word
        // of `#shared-report`: the page's part holds only the section's heading and button,
        // and what it says when that module cannot be loaded.
        assert!(share.iter().all(|k| k.starts_with("shared-")));
        let shared_in_page: Vec<&str> = page
            .iter()
            .map(String::as_str)
            .filter(|k| k.starts_with("shared-"))
            .collect();
        assert_eq!(
            shared_in_page,
            ["shared-error-unavailable", "shared-heading"]
        );
        // So does #private-cache's module: the page keeps the section's own fixed words.
        assert!(cache
            .iter()
            .all(|k| k.starts_with("pc-c-") || k.starts_with("pc-cmd-")));
        assert!(
            cli.iter().all(|k| k.starts_with("cli-")),
            "the command's keys say so"
        );
        // The paste analyser, a module of its own, has only the paste's part: the page's holds
        // only the box's own words (src/web/paste.rs): its heading, label, help and loading.
        let drawn_by_page: Vec<&str> = page
            .iter()
            .map(String::as_str)
            .filter(|k| k.starts_with("paste-"))
            .collect();
        assert_eq!(
            drawn_by_page,
            [
                "paste-heading",
                "paste-intro",
                "paste-label",
                "paste-load-failed",
                "paste-loading",
                "paste-placeholder",
            ]
        );
    }

    #[test]
    fn an_installed_table_stays_and_a_bad_one_is_refused() {
        // Natively the tables are built in; installing over one changes nothing.
        let before = text(Lang::Zh, "title");
        install(Lang::Zh, Part::Page, serde_json::json!({"title": "x"})).unwrap();
        assert_eq!(text(Lang::Zh, "title"), before);
        let e = install(Lang::En, Part::Paste, serde_json::json!({"title": 5})).unwrap_err();
        assert_eq!(
            e.to_string(),
            "strings is not valid: invalid type: integer `5`, expected a string"
        );
        assert!(install(Lang::En, Part::Page, serde_json::json!(["title"])).is_err());
        assert_eq!(text(Lang::En, "no-such-key"), "no-such-key");
        assert_eq!(lookup(Lang::Zh, "no-such-key"), None);
        assert_eq!(Lang::Zh.file(Part::Page), "i18n/zh-CN.json");
        assert_eq!(Lang::En.file(Part::Paste), "i18n/paste-en.json");
        // The paste's strings are found after the page's.
        assert_eq!(text(Lang::Zh, "paste-c-or"), "或");
    }

    /// Every `data-i18n` key in the page must be in the table.
    #[test]
    fn page_keys_exist() {
        let html = include_str!("../www/index.html");
        for attr in [
            "data-i18n=\"",
            "data-i18n-placeholder=\"",
            "data-i18n-label=\"",
        ] {
            for part in html.split(attr).skip(1) {
                let key = part.split('"').next().unwrap_or_default();
                assert!(
                    keys().any(|k| k == key),
                    "index.html uses unknown key {key:?}"
                );
            }
        }
    }

    #[test]
    fn languages() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh-TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("ZH"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("pt-BR"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
        assert_eq!(Lang::Zh.tag(), "zh-CN");
    }

    #[test]
    fn numbers() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(68_988_925), "68,988,925");
        assert_eq!(bytes(Lang::En, 5), "5 bytes");
        assert_eq!(bytes(Lang::En, 68_988_925), "68,988,925 bytes (65.8 MiB)");
        assert_eq!(bytes(Lang::Zh, 2048), "2,048 字节（2.0 KiB）");
    }

    #[test]
    fn dates() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(days_between("2026-11-01", "2026-11-25"), Some(24));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2025-12-31", "2026-01-01"), Some(1));
        assert_eq!(days_between("", "2026-01-01"), None);
        assert_eq!(days_between("2026-13-01", "2026-01-01"), None);
    }

    #[test]
    fn fill_names_values() {
        let s = fill(
            Lang::En,
            "x-wrong-file",
            &[("intended", "A"), ("identified", "B")],
        );
        assert_eq!(
            s,
            "The name says A, but the bytes are the official file B: another version or platform. Download A again, or rename this file."
        );
    }

    #[test]
    fn substitute_fills_once() {
        let values = [("file", "x{url}.tar.gz"), ("url", "https://h/{file}")];
        assert_eq!(
            substitute("get {url} as {file}", &values),
            "get https://h/{file} as x{url}.tar.gz"
        );
        // Unknown names, unclosed and foreign braces stay.
        assert_eq!(
            substitute("%{time_total} { 'OK' } {fil {file", &values),
            "%{time_total} { 'OK' } {fil {file"
        );
        assert_eq!(substitute("{file}{file}", &[("file", "é")]), "éé");
    }
}
