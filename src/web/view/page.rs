//! Drawing the page from the state: static text in the chosen language, the checksum source,
//! the file to download, and one element per checked file with the contract's attributes.
//!
//! Reads `App` and writes the DOM, with text and attributes only. It decides nothing: verdicts,
//! words and numbers come from the core.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlAnchorElement, HtmlInputElement, HtmlSelectElement};

use crate::commands::Os;
use crate::explain::{explain, failure, headline, source_words};
use crate::i18n::{bytes, days_between, fill, group_digits, substitute, text, Lang};
use crate::releases::Kind as FileKind;
use crate::verdict::Kind;

use super::super::dom::{by_id, by_id_as, document, replace_children, set_hidden, set_text, El};
use super::super::state::{
    effective_selection, App, Check, Download, ListState, Pasted, Saved, Stage, Whole,
    OFFICIAL_DOWNLOAD, OLDER_VERSIONS,
};

/// The rows of "Other ways to install Go" for the chosen OS first (`data-os` lists the OSes a
/// package manager serves), the others after them, each group in the page's order.
fn install_rows(app: &App) -> Result<(), JsValue> {
    let os = app.chosen_os().map(Os::as_str);
    let mine = |row: &&Element| {
        row.get_attribute("data-os")
            .is_some_and(|oses| oses.split(' ').any(|o| Some(o) == os))
    };
    let rows = &app.install_rows;
    for row in rows
        .iter()
        .filter(mine)
        .chain(rows.iter().filter(|r| !mine(r)))
    {
        if let Some(body) = row.parent_node() {
            body.append_child(row)?;
        }
    }
    Ok(())
}

/// Every element with `data-i18n` (text), `data-i18n-placeholder` or `data-i18n-label`; a
/// `{latest}` in them is the newest stable release of the list in use.
pub(crate) fn static_text(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let newest = app
        .list
        .releases()
        .and_then(|r| r.releases().iter().find(|r| r.stable))
        .map(|r| r.version.trim_start_matches("go"));
    let latest = match newest {
        Some(version) => fill(lang, "alt-latest", &[("version", version)]),
        None => text(lang, "alt-current").to_string(),
    };
    let doc = document()?;
    for (selector, attribute) in [
        ("[data-i18n]", None),
        ("[data-i18n-placeholder]", Some("placeholder")),
        ("[data-i18n-label]", Some("aria-label")),
    ] {
        let nodes = doc.query_selector_all(selector)?;
        for i in 0..nodes.length() {
            let Some(el) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let key_attribute = match attribute {
                None => "data-i18n",
                Some("placeholder") => "data-i18n-placeholder",
                Some(_) => "data-i18n-label",
            };
            let key = el.get_attribute(key_attribute).unwrap_or_default();
            // Without a table (neither strings file could be loaded) it keeps what it has.
            let Some(words) = crate::i18n::lookup(lang, &key) else {
                continue;
            };
            let words = substitute(words, &[("latest", &latest)]);
            match attribute {
                None => el.set_text_content(Some(&words)),
                Some(name) => el.set_attribute(name, &words)?,
            }
        }
    }
    Ok(())
}

/// `#checksum-source`: which list is in use, how old, and what failed on the way.
pub(crate) fn checksum_source(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let el = by_id("checksum-source")?;
    let (source, line) = match &app.list {
        ListState::Loading => (None, text(lang, "source-loading").to_string()),
        ListState::Live { url, releases } => (
            Some("live"),
            fill(
                lang,
                "source-live",
                &[
                    ("url", url),
                    ("count", &group_digits(releases.file_count() as u64)),
                ],
            ),
        ),
        ListState::Snapshot { date, releases, .. } => {
            let today: String = String::from(js_sys::Date::new_0().to_iso_string())
                .chars()
                .take(10)
                .collect();
            let days = days_between(date, &today)
                .map(|d| d.to_string())
                .unwrap_or_else(|| "?".into());
            (
                Some("snapshot"),
                fill(
                    lang,
                    "source-snapshot",
                    &[
                        ("date", if date.is_empty() { "?" } else { date }),
                        ("days", &days),
                        ("count", &group_digits(releases.file_count() as u64)),
                    ],
                ),
            )
        }
        ListState::Unavailable { reason } => (
            Some("none"),
            fill(lang, "source-none", &[("reason", &failure(lang, reason))]),
        ),
    };
    match source {
        Some(s) => el.set_attribute("data-source", s)?,
        None => el.remove_attribute("data-source")?,
    }
    match &app.list {
        ListState::Snapshot { date, source, .. } => {
            el.set_attribute("data-snapshot-date", date)?;
            el.set_attribute("title", source)?;
        }
        _ => {
            el.remove_attribute("data-snapshot-date")?;
            el.remove_attribute("title")?;
        }
    }
    let mut children = vec![El::new("p").text(&line).into_element()];
    // Which size of the list is in use, when it is the small one.
    let size_line = match (&app.list, app.whole) {
        (ListState::Loading | ListState::Unavailable { .. }, _) | (_, Whole::InUse) => None,
        (_, Whole::NotLoaded) => Some("source-current-only"),
        (_, Whole::Loading) => Some("source-whole-loading"),
        (_, Whole::Failed) => Some("source-whole-failed"),
    };
    if let Some(key) = size_line {
        children.push(
            El::new("p")
                .class("hint")
                .text(text(lang, key))
                .into_element(),
        );
    }
    if !app.failures.is_empty() && !matches!(app.list, ListState::Loading) {
        let mut list = El::new("ul").class("failures");
        for (url, reason) in &app.failures {
            let reason = failure(lang, reason);
            let item = fill(lang, "source-failed", &[("url", url), ("reason", &reason)]);
            list = list.child(El::new("li").text(&item));
        }
        children.push(list.into_element());
    }
    replace_children(&el, children)
}

/// The "file for you" section: detected platform, selectors, and the chosen official file.
pub(crate) fn pick(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    install_rows(app)?;
    let platform = format!("{}/{}", app.platform.os, app.platform.arch);
    set_text(
        "pick-detected",
        &fill(lang, "pick-detected", &[("platform", &platform)]),
    )?;
    let guess = app.platform.confidence == crate::platform::Confidence::Guess
        && app.platform.os == Os::Darwin.as_str();
    set_hidden(&by_id("pick-guess")?, !guess)?;

    let selection = effective_selection(app);
    let releases = app.list.releases();
    let version = selection.version.clone().unwrap_or_default();

    let versions: Vec<(String, String)> = releases
        .map(|r| {
            r.releases()
                .iter()
                .map(|rel| {
                    let label = if rel.stable {
                        rel.version.clone()
                    } else {
                        format!("{} {}", rel.version, text(lang, "pick-unstable"))
                    };
                    (rel.version.clone(), label)
                })
                .collect()
        })
        .unwrap_or_default();
    let mut versions = versions;
    // The small list holds the current releases only: one more entry loads the older ones,
    // saying what it costs, or that they are on their way or could not be had.
    if releases.is_some() && app.whole != Whole::InUse {
        let key = match app.whole {
            Whole::Loading => "pick-older-loading",
            Whole::Failed => "pick-older-failed",
            _ => "pick-older",
        };
        versions.push((OLDER_VERSIONS.to_string(), text(lang, key).to_string()));
    }
    options("pick-version", &versions, &version)?;

    let platforms = releases
        .map(|r| r.platforms_of(&version))
        .unwrap_or_default();
    let mut oses: Vec<String> = platforms.iter().map(|(os, _)| os.clone()).collect();
    oses.push(selection.os.clone());
    crate::order::sort_by(&mut oses, &Ord::cmp);
    oses.dedup();
    let oses: Vec<(String, String)> = oses.into_iter().map(|o| (o.clone(), o)).collect();
    options("pick-os", &oses, &selection.os)?;
    let mut arches: Vec<String> = platforms
        .iter()
        .filter(|(os, _)| *os == selection.os)
        .map(|(_, arch)| arch.clone())
        .collect();
    arches.push(selection.arch.clone());
    crate::order::sort_by(&mut arches, &Ord::cmp);
    arches.dedup();
    let arches: Vec<(String, String)> = arches.into_iter().map(|a| (a.clone(), a)).collect();
    options("pick-arch", &arches, &selection.arch)?;
    let kinds: Vec<(String, String)> = [
        ("featured", "kind-featured"),
        ("archive", "kind-archive"),
        ("installer", "kind-installer"),
        ("source", "kind-source"),
    ]
    .iter()
    .map(|(v, key)| (v.to_string(), text(lang, key).to_string()))
    .collect();
    let kind = match selection.kind {
        None => "featured",
        Some(FileKind::Archive) => "archive",
        Some(FileKind::Installer) => "installer",
        Some(FileKind::Source) => "source",
    };
    options("pick-kind", &kinds, kind)?;

    let file = releases.and_then(|r| r.pick(&selection));
    set_hidden(&by_id("pick-details")?, file.is_none())?;
    set_hidden(&by_id("pick-none")?, file.is_some() || releases.is_none())?;
    let link: HtmlAnchorElement = by_id_as("pick-link")?;
    match file {
        Some(f) => {
            set_text("pick-file", &f.filename)?;
            set_text("pick-sha256", &f.sha256.to_hex())?;
            let size = f
                .size_bytes
                .map(|s| bytes(lang, s))
                .unwrap_or_else(|| text(lang, "pick-size-unknown").to_string());
            set_text("pick-size", &size)?;
            link.set_href(&format!("{OFFICIAL_DOWNLOAD}{}", f.filename));
            link.set_attribute("data-file", &f.filename)?;
        }
        None => {
            for id in ["pick-file", "pick-sha256", "pick-size"] {
                set_text(id, "")?;
            }
            link.remove_attribute("href")?;
            link.remove_attribute("data-file")?;
        }
    }
    Ok(())
}

/// Fills a `<select>` with (value, label) pairs and selects `current`.
fn options(id: &str, values: &[(String, String)], current: &str) -> Result<(), JsValue> {
    let select: HtmlSelectElement = by_id_as(id)?;
    let mut children = Vec::with_capacity(values.len());
    for (value, label) in values {
        let mut option = El::new("option").attr("value", value).text(label);
        if value == current {
            option = option.attr("selected", "");
        }
        children.push(option.into_element());
    }
    replace_children(&select, children)?;
    select.set_value(current);
    Ok(())
}

/// The line under `#expected-sha256`.
pub(crate) fn pasted(app: &App) -> Result<(), JsValue> {
    let field: HtmlInputElement = by_id_as("expected-sha256")?;
    let (line, bad) = match app.pasted {
        Pasted::Empty => (String::new(), false),
        Pasted::Ok(n) => (
            fill(app.lang, "expected-ok", &[("count", &n.to_string())]),
            false,
        ),
        Pasted::Bad => (text(app.lang, "expected-bad").to_string(), true),
    };
    set_text("expected-status", &line)?;
    if bad {
        field.set_attribute("aria-invalid", "true")
    } else {
        field.remove_attribute("aria-invalid")
    }
}

/// What was read from dropped side files.
pub(crate) fn side_messages(app: &App) -> Result<(), JsValue> {
    let mut items = Vec::new();
    for message in &app.side_messages {
        items.push(El::new("li").text(message).into_element());
    }
    replace_children(&by_id("sidefile-status")?, items)
}

/// A new, empty element for a checked file.
pub(crate) fn new_check_element() -> Result<Element, JsValue> {
    Ok(El::new("li")
        .attr("data-testid", "verdict")
        .class("verdict")
        .into_element())
}

fn fraction(check: &Check) -> f64 {
    let done = match check.stage {
        Stage::Hashing(done) | Stage::Inspecting(done) | Stage::Downloading(done) => done,
        Stage::AwaitingList => check.size_bytes,
        _ => 0,
    };
    if check.size_bytes == 0 {
        0.0
    } else {
        (done as f64 / check.size_bytes as f64).clamp(0.0, 1.0)
    }
}

fn status_words(lang: Lang, check: &Check) -> String {
    match (&check.stage, &check.download) {
        (Stage::AwaitingList, _) => text(lang, "waiting").to_string(),
        (Stage::Inspecting(_), _) => text(lang, "inspecting").to_string(),
        (Stage::Downloading(done), Some(download)) => {
            let share = if check.size_bytes > 0 {
                format!("{}%", crate::i18n::fixed(fraction(check) * 100.0, 0))
            } else {
                crate::i18n::bytes(lang, *done)
            };
            fill(
                lang,
                "downloading",
                &[
                    ("mirror", &download.mirror_name),
                    ("share", &share),
                    (
                        "speed",
                        &download
                            .speed_bps
                            .map(crate::i18n::rate)
                            .unwrap_or_default(),
                    ),
                ],
            )
        }
        _ => fill(
            lang,
            "checking",
            &[(
                "percent",
                &format!("{}%", crate::i18n::fixed(fraction(check) * 100.0, 0)),
            )],
        ),
    }
}

/// What became of a download: where it came from, and whether the visitor has it.
fn downloaded(
    lang: Lang,
    check: &Check,
    download: &Download,
    kind: Kind,
) -> Result<Vec<Element>, JsValue> {
    let mut out = Vec::new();
    if let Some(speed) = download.speed_bps {
        let from = fill(
            lang,
            "dl-from",
            &[
                ("mirror", &download.mirror_name),
                ("speed", &crate::i18n::rate(speed)),
            ],
        );
        out.push(El::new("p").text(&from).into_element());
    }
    let saved = match &download.saved {
        Saved::Pending => El::new("p").text(text(lang, "dl-saving")),
        Saved::Disk => El::new("p").text(text(lang, "dl-saved-disk")),
        Saved::Memory(url) => El::new("p").text(text(lang, "dl-saved-memory")).child(
            El::new("a")
                .attr("data-testid", "save")
                .attr("href", url)
                .attr("download", &check.name)
                .text(&fill(lang, "dl-save-again", &[("file", &check.name)])),
        ),
        Saved::Discarded if kind == Kind::Cancelled => return Ok(out),
        Saved::Discarded => El::new("p")
            .class("discarded")
            .text(text(lang, "dl-discarded")),
    };
    out.push(saved.into_element());
    Ok(out)
}

/// Draws a checked file's element from its state.
pub(crate) fn check(lang: Lang, check: &Check) -> Result<(), JsValue> {
    let el = &check.element;
    el.set_attribute("data-file", &check.name)?;
    el.set_attribute("data-check", &check.id.to_string())?;
    if let Some(download) = &check.download {
        el.set_attribute("data-origin", "download")?;
        el.set_attribute("data-mirror-id", &download.mirror_id)?;
        el.set_attribute("data-saved", download.saved.as_str())?;
        if let Some(feed) = download.feed {
            el.set_attribute("data-feed", feed.as_str())?;
        }
    }
    let sha256 = check.hashed.as_ref().map(|h| h.sha256.to_hex());
    let mut children = Vec::new();
    let name = El::new("span").class("file-name").text(&check.name);
    match &check.stage {
        Stage::Done(verdict) => {
            el.set_attribute("data-verdict", verdict.kind.as_str())?;
            el.set_attribute("data-source", verdict.source.as_str())?;
            el.remove_attribute("data-progress")?;
            match (&sha256, verdict.kind) {
                (_, Kind::Error | Kind::Cancelled) | (None, _) => {
                    el.remove_attribute("data-sha256")?
                }
                (Some(hex), _) => el.set_attribute("data-sha256", hex)?,
            }
            let head = El::new("div")
                .class("verdict-head")
                .child(
                    El::new("span")
                        .class("badge")
                        .text(headline(lang, verdict.kind)),
                )
                .child(name);
            children.push(head.into_element());
            for sentence in explain(
                lang,
                verdict,
                check.size_bytes,
                &check
                    .reason
                    .as_ref()
                    .map(|why| why.words(lang))
                    .unwrap_or_default(),
            ) {
                children.push(El::new("p").text(&sentence).into_element());
            }
            if let Some(download) = &check.download {
                children.extend(downloaded(lang, check, download, verdict.kind)?);
            }
            let mut rows: Vec<(&str, String, bool)> =
                vec![("field-size", bytes(lang, check.size_bytes), false)];
            if let Some(expected) = verdict.expected_size_bytes {
                rows.push(("field-expected-size", bytes(lang, expected), false));
            }
            if let Some(hex) = &sha256 {
                rows.push(("field-sha256", hex.clone(), true));
            }
            if let Some(expected) = verdict.expected_sha256 {
                rows.push(("field-expected-sha256", expected.to_hex(), true));
                rows.push((
                    "field-source",
                    source_words(lang, verdict.source).to_string(),
                    false,
                ));
            }
            if let Some(identified) = &verdict.identified {
                if identified.filename != check.name {
                    rows.push(("field-identified", identified.filename.clone(), true));
                }
            }
            if !matches!(verdict.kind, Kind::Cancelled) {
                let mut list = El::new("dl");
                for (key, value, code) in rows {
                    let value_el = if code {
                        El::new("dd").child(El::new("code").text(&value))
                    } else {
                        El::new("dd").text(&value)
                    };
                    list = list
                        .child(El::new("dt").text(text(lang, key)))
                        .child(value_el);
                }
                children.push(list.into_element());
            }
        }
        _ => {
            el.set_attribute("data-verdict", "pending")?;
            el.remove_attribute("data-source")?;
            el.set_attribute("data-progress", &crate::i18n::fixed(fraction(check), 4))?;
            match &sha256 {
                Some(hex) => el.set_attribute("data-sha256", hex)?,
                None => el.remove_attribute("data-sha256")?,
            }
            let bar = El::new("progress")
                .attr("max", "1")
                .attr("value", &crate::i18n::fixed(fraction(check), 4))
                .attr("aria-label", &check.name);
            let cancel = El::new("button")
                .attr("type", "button")
                .attr("data-testid", "cancel")
                .attr("data-check", &check.id.to_string())
                .class("cancel")
                .text(text(lang, "cancel"));
            children.push(
                El::new("div")
                    .class("verdict-head")
                    .child(name)
                    .into_element(),
            );
            children.push(
                El::new("div")
                    .class("pending")
                    .child(bar)
                    .child(
                        El::new("span")
                            .class("status")
                            .text(&status_words(lang, check)),
                    )
                    .child(cancel)
                    .into_element(),
            );
        }
    }
    replace_children(el, children)
}
