//! `#shared-report`: someone else's report, opened from a link (`web::share`), drawn
//! read-only: a banner that says whose it is (when, which browser, which platform), its
//! sources in `tr[data-mirror-id]`, `tr[data-proxy-id]` and `tr[data-sumdb-id]` rows, the
//! files it checked with their verdicts, its recommendation and diagnosis as plain text. Or,
//! for a link that cannot be read, `[data-error]` with what is wrong. Every value of a link is
//! set as text or an attribute, never as markup, and no URL of it becomes a link.

use wasm_bindgen::JsValue;

use crate::i18n::{fill, fixed, lookup, rate, text, Lang};
use crate::report::{Report, Source};

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
        ("data-generated-at", report.map(|r| r.generated_at.as_str())),
        ("data-client", report.map(|r| r.browser.as_str())),
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

fn drawn(lang: Lang, r: &Report) -> Vec<web_sys::Element> {
    let c = &r.checksum_source;
    let list = match (c.source.as_str(), &c.snapshot_date) {
        ("snapshot", Some(date)) => fill(lang, "shared-list-snapshot", &[("date", date)]),
        ("live", _) => fill(
            lang,
            "shared-list-live",
            &[("url", c.url.as_deref().unwrap_or_default())],
        ),
        _ => text(lang, "shared-list-none").to_string(),
    };
    let recommended = match &r.recommendation {
        Some(rec) => fill(
            lang,
            "shared-recommended",
            &[("id", &rec.mirror_id), ("url", &rec.url)],
        ),
        None => text(lang, "shared-recommended-none").to_string(),
    };
    let findings: Vec<String> = r.diagnosis.iter().map(|d| words(lang, "dx-", d)).collect();
    let banner = fill(
        lang,
        "shared-banner",
        &[
            ("when", &when(&r.generated_at)),
            ("browser", &r.browser),
            ("platform", &r.platform),
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
        out.push(El::new("p").class(class).text(&line).into_element());
    }
    for (rows, heading, attribute) in [
        (&r.mirrors, "shared-mirrors", "data-mirror-id"),
        (&r.proxies, "shared-proxies", "data-proxy-id"),
        (&r.sumdb, "shared-sumdb", "data-sumdb-id"),
    ] {
        if !rows.is_empty() {
            out.push(El::new("h3").text(text(lang, heading)).into_element());
            out.push(table(lang, rows, attribute));
        }
    }
    if !r.verdicts.is_empty() {
        out.push(
            El::new("h3")
                .text(text(lang, "shared-files"))
                .into_element(),
        );
        let mut list = El::new("ul").class("shared-files");
        for v in &r.verdicts {
            let mut item = El::new("li")
                .attr("data-file", &v.file)
                .attr("data-verdict", &v.verdict)
                .attr("data-source", &v.source)
                .child(El::new("strong").text(&v.file))
                .child(El::new("span").text(&format!(
                    " — {} ({})",
                    words(lang, "v-", &v.verdict),
                    crate::i18n::bytes(lang, v.size_bytes)
                )));
            if let Some(sha) = &v.sha256 {
                item = item
                    .attr("data-sha256", sha)
                    .child(El::new("code").text(sha));
            }
            list = list.child(item);
        }
        out.push(list.into_element());
    }
    out
}

/// One table of sources, as the report measured them.
fn table(lang: Lang, rows: &[Source], attribute: &str) -> web_sys::Element {
    let mut head = El::new("tr");
    for key in [
        "col-mirror",
        "col-status",
        "col-latency",
        "col-throughput",
        "col-note",
    ] {
        head = head.child(El::new("th").attr("scope", "col").text(text(lang, key)));
    }
    let mut body = El::new("tbody");
    for s in rows {
        let mut tr = El::new("tr")
            .attr(attribute, &s.id)
            .attr("data-status", &s.status);
        if let Some(latency) = s.latency_ms {
            tr = tr.attr("data-latency-ms", &fixed(latency, 1));
        }
        if let Some(bps) = s.throughput_bps {
            tr = tr.attr("data-throughput-bps", &fixed(bps, 0));
        }
        let mut notes: Vec<String> = s.reason.iter().cloned().collect();
        if let Some(reason) = &s.reason {
            tr = tr.attr("data-reason", reason);
        }
        if let Some(to) = &s.redirected_to {
            notes.push(fill(lang, "n-redirected", &[("url", to)]));
        }
        tr = tr
            .child(
                El::new("th")
                    .attr("scope", "row")
                    .attr("title", &s.url)
                    .text(&format!("{} ({})", s.name, s.id)),
            )
            .child(El::new("td").text(&words(lang, "st-", &s.status)))
            .child(
                El::new("td").class("num").text(
                    &s.latency_ms
                        .map(|l| format!("{} ms", fixed(l, 0)))
                        .unwrap_or_default(),
                ),
            )
            .child(
                El::new("td")
                    .class("num")
                    .text(&s.throughput_bps.map(rate).unwrap_or_default()),
            )
            .child(El::new("td").class("note").text(&notes.join("; ")));
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
