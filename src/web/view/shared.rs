//! `#shared-report`: someone else's report, opened from a link (`web::share`), drawn
//! read-only: a banner that says whose it is (when, which browser, which platform), its
//! sources in `tr[data-mirror-id]`, `tr[data-proxy-id]` and `tr[data-sumdb-id]` rows, the
//! files it checked with their verdicts, its recommendation and diagnosis as plain text. Or,
//! for a link that cannot be read, `[data-error]` with what is wrong. Every value of a link is
//! set as text or an attribute, never as markup, and no URL of it becomes a link.

use wasm_bindgen::JsValue;

use crate::i18n::{fill, fixed, lookup, rate, text, Lang};
use crate::share::Json;

use super::super::dom::{by_id, document, replace_children, set_hidden, El};
use super::super::state::{App, Shared};

/// Draws `#shared-report` from the state, and marks the page as showing one (`body.shared`,
/// which hides the visitor's own sections: they have nothing to show until `#measure-mine`).
pub(crate) fn render(app: &App) -> Result<(), JsValue> {
    let lang = app.lang;
    let section = by_id("shared-report")?;
    let (children, report) = match &app.shared {
        Shared::Report(report) => (drawn(lang, report), Some(report)),
        Shared::Bad(problem) => (
            vec![El::new("p")
                .class("warning")
                .attr("data-error", problem.key())
                .attr("data-detail", &problem.to_string())
                .text(text(lang, &format!("shared-error-{}", problem.key())))
                .into_element()],
            None,
        ),
        Shared::None | Shared::Opening => (Vec::new(), None),
    };
    for (name, value) in [
        (
            "data-generated-at",
            report.map(|r| r.get("generated_at").text()),
        ),
        ("data-client", report.map(|r| r.get("browser").text())),
    ] {
        match value {
            Some(value) => section.set_attribute(name, value)?,
            None => section.remove_attribute(name)?,
        }
    }
    let body = document()?.body().ok_or("no body")?;
    let theirs = matches!(app.shared, Shared::Report(_) | Shared::Opening);
    body.class_list().toggle_with_force("shared", theirs)?;
    set_hidden(&section, children.is_empty())?;
    set_hidden(&by_id("measure-mine")?, report.is_none())?;
    replace_children(&by_id("shared-body")?, children)
}

/// One element with a class and its text.
fn el(tag: &str, class: &str, content: &str) -> El {
    El::new(tag).class(class).text(content)
}

/// `2026-12-07T18:40:00.123Z` as `2026-12-07 18:40 UTC`; anything else as it is.
fn when(at: &str) -> String {
    match (at.get(..10), at.get(11..16)) {
        (Some(day), Some(time)) if at.ends_with('Z') => format!("{day} {time} UTC"),
        _ => at.to_string(),
    }
}

/// A key's words where the page has them (`st-ok`, `v-match`, `dx-slow`), else the key itself.
fn words(lang: Lang, prefix: &str, key: &str) -> String {
    lookup(lang, &format!("{prefix}{key}"))
        .unwrap_or(key)
        .to_string()
}

fn drawn(lang: Lang, r: &Json) -> Vec<web_sys::Element> {
    let c = r.get("checksum_source");
    let list = match (c.get("source").text(), c.get("snapshot_date").string()) {
        ("snapshot", Some(date)) => fill(lang, "shared-list-snapshot", &[("date", date)]),
        ("live", _) => fill(lang, "shared-list-live", &[("url", c.get("url").text())]),
        _ => text(lang, "shared-list-none").to_string(),
    };
    let rec = r.get("recommendation");
    let recommended = match rec {
        Json::Null => text(lang, "shared-recommended-none").to_string(),
        _ => fill(
            lang,
            "shared-recommended",
            &[
                ("id", rec.get("mirror_id").text()),
                ("url", rec.get("url").text()),
            ],
        ),
    };
    let findings: Vec<String> = r
        .get("diagnosis")
        .items()
        .iter()
        .map(|d| words(lang, "dx-", d.text()))
        .collect();
    let banner = fill(
        lang,
        "shared-banner",
        &[
            ("when", &when(r.get("generated_at").text())),
            ("browser", r.get("browser").text()),
            ("platform", r.get("platform").text()),
        ],
    );
    let diagnosis = fill(
        lang,
        "shared-diagnosis",
        &[("findings", &findings.join("; "))],
    );
    let mut out = Vec::new();
    for (class, line) in [
        ("shared-banner", banner),
        ("", list),
        ("", recommended),
        ("", diagnosis),
    ] {
        out.push(el("p", class, &line).into_element());
    }
    for (key, heading, attribute) in [
        ("mirrors", "shared-mirrors", "data-mirror-id"),
        ("proxies", "shared-proxies", "data-proxy-id"),
        ("sumdb", "shared-sumdb", "data-sumdb-id"),
    ] {
        let rows = r.get(key).items();
        if !rows.is_empty() {
            out.push(el("h3", "", text(lang, heading)).into_element());
            out.push(table(lang, rows, attribute));
        }
    }
    let verdicts = r.get("verdicts").items();
    if !verdicts.is_empty() {
        out.push(el("h3", "", text(lang, "shared-files")).into_element());
        let mut list = El::new("ul").class("shared-files");
        for v in verdicts {
            let (file, verdict) = (v.get("file").text(), v.get("verdict").text());
            let size = v.get("size_bytes").number().unwrap_or_default() as u64;
            let mut item = El::new("li")
                .attr("data-file", file)
                .attr("data-verdict", verdict)
                .attr("data-source", v.get("source").text())
                .child(el("strong", "", file))
                .child(el(
                    "span",
                    "",
                    &format!(
                        " — {} ({})",
                        words(lang, "v-", verdict),
                        crate::i18n::bytes(lang, size)
                    ),
                ));
            if let Some(sha) = v.get("sha256").string() {
                item = item.attr("data-sha256", sha).child(el("code", "", sha));
            }
            list = list.child(item);
        }
        out.push(list.into_element());
    }
    out
}

/// One table of sources, as the report measured them.
fn table(lang: Lang, rows: &[Json], attribute: &str) -> web_sys::Element {
    let mut head = El::new("tr");
    for key in [
        "col-mirror",
        "col-status",
        "col-latency",
        "col-throughput",
        "col-note",
    ] {
        head = head.child(el("th", "", text(lang, key)).attr("scope", "col"));
    }
    let mut body = El::new("tbody");
    for s in rows {
        let (id, status) = (s.get("id").text(), s.get("status").text());
        let latency = s.get("latency_ms").number();
        let bps = s.get("throughput_bps").number();
        let reason = s.get("reason").string();
        let mut tr = El::new("tr")
            .attr(attribute, id)
            .attr("data-status", status);
        // Loops over (name, value) pairs rather than a call chain each: less code in the page.
        for (name, value) in [
            ("data-latency-ms", latency.map(|l| fixed(l, 1))),
            ("data-throughput-bps", bps.map(|b| fixed(b, 0))),
            ("data-reason", reason.map(str::to_string)),
        ] {
            if let Some(value) = value {
                tr = tr.attr(name, &value);
            }
        }
        let mut notes: Vec<String> = reason.iter().map(|r| r.to_string()).collect();
        if let Some(to) = s.get("redirected_to").string() {
            notes.push(fill(lang, "n-redirected", &[("url", to)]));
        }
        for (tag, class, content) in [
            ("th", "", format!("{} ({id})", s.get("name").text())),
            ("td", "", words(lang, "st-", status)),
            (
                "td",
                "num",
                latency
                    .map(|l| format!("{} ms", fixed(l, 0)))
                    .unwrap_or_default(),
            ),
            ("td", "num", bps.map(rate).unwrap_or_default()),
            ("td", "note", notes.join("; ")),
        ] {
            tr = tr.child(el(tag, class, &content));
        }
        body = body.child(tr);
    }
    El::new("div")
        .class("table-scroll")
        .child(
            El::new("table")
                .class("sources")
                .child(El::new("thead").child(head))
                .child(body),
        )
        .into_element()
}
