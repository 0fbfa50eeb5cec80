//! From raw timings to figures to one recommendation.
//!
//! Pure arithmetic over what the probe measured (`web::probe` does the requests, and
//! `throughput.rs` turns a stream into a rate): the median latency of several small requests,
//! and the choice of one mirror by DESIGN.md's rule — a working mirror with measured throughput beats
//! one with latency only; among measured ones the highest throughput wins, among latency-only
//! ones the lowest latency; an official source is preferred when within 20 % of the best. When
//! nothing works, the official go.dev link is still recommended and the reason says why.

use serde::Serialize;

/// How far behind the best an official source may be and still be chosen (DESIGN.md).
pub const OFFICIAL_PREFERENCE: f64 = 0.20;

/// What the probe concluded about one mirror (`data-status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not yet measured.
    Pending,
    /// Reachable and readable (CORS): latency, throughput and size checked.
    Ok,
    /// Reachable, but the mirror does not let the page read responses: latency only.
    Limited,
    /// Unreachable or serving something wrong; see the reason.
    Failed,
    /// No answer in time.
    Timeout,
    /// The catalog says it is gone; not probed.
    Gone,
}

impl Status {
    /// The contract's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Ok => "ok",
            Status::Limited => "limited",
            Status::Failed => "failed",
            Status::Timeout => "timeout",
            Status::Gone => "gone",
        }
    }

    /// Whether a download from it can be recommended.
    pub fn works(self) -> bool {
        matches!(self, Status::Ok | Status::Limited)
    }
}

/// The figures of one mirror, as the table and the ranking use them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figures {
    /// The mirror's id.
    pub id: String,
    /// Its name, as shown.
    pub name: String,
    /// Run by the Go team.
    pub official: bool,
    /// The outcome.
    pub status: Status,
    /// Median latency in milliseconds.
    pub latency_ms: Option<f64>,
    /// Measured throughput in bytes per second.
    pub throughput_bps: Option<f64>,
    /// `throughput_bps` is only a floor: the file's end or the byte cap came before a steady
    /// figure, so the source may be faster (`throughput::Outcome::AtLeast`).
    #[serde(skip)]
    pub throughput_floor: bool,
}

/// Why the recommended mirror was chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Why {
    /// Highest measured throughput.
    Fastest,
    /// An official source within 20 % of the fastest measured one.
    OfficialClose,
    /// No throughput could be measured anywhere: the lowest latency.
    LowestLatency,
    /// An official source within 20 % of the lowest latency.
    OfficialCloseLatency,
    /// Nothing answered; the official link is given anyway.
    NothingWorks,
}

/// The recommended mirror and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// The chosen mirror's id, or `None` when nothing works (use the official go.dev link).
    pub mirror_id: Option<String>,
    /// Why it was chosen.
    pub why: Why,
}

/// The median of some samples (the mean of the middle two for an even count); `None` for none.
pub fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted: Vec<f64> = samples.iter().copied().filter(|x| x.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    crate::order::sort_by(&mut sorted, &f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    })
}

/// Chooses one mirror; see the module doc for the rule.
pub fn recommend(figures: &[Figures]) -> Recommendation {
    let working = || figures.iter().filter(|f| f.status.works());
    let measured: Vec<(&Figures, f64)> = working()
        .filter_map(|f| f.throughput_bps.map(|t| (f, t)))
        .collect();
    if let Some(&(fastest, best)) = measured.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
        let official = measured
            .iter()
            .filter(|(f, t)| f.official && *t >= best * (1.0 - OFFICIAL_PREFERENCE))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        return match official {
            Some((f, _)) if !fastest.official => pick(f, Why::OfficialClose),
            _ => pick(fastest, Why::Fastest),
        };
    }
    let timed: Vec<(&Figures, f64)> = working()
        .filter_map(|f| f.latency_ms.map(|l| (f, l)))
        .collect();
    if let Some(&(quickest, best)) = timed.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
        let official = timed
            .iter()
            .filter(|(f, l)| f.official && *l <= best * (1.0 + OFFICIAL_PREFERENCE))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        return match official {
            Some((f, _)) if !quickest.official => pick(f, Why::OfficialCloseLatency),
            _ => pick(quickest, Why::LowestLatency),
        };
    }
    Recommendation {
        mirror_id: None,
        why: Why::NothingWorks,
    }
}

fn pick(f: &Figures, why: Why) -> Recommendation {
    Recommendation {
        mirror_id: Some(f.id.clone()),
        why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each row: samples, and their median.
    const MEDIANS: &[(&[f64], Option<f64>)] = &[
        (&[], None),
        (&[7.0], Some(7.0)),
        (&[30.0, 10.0, 20.0], Some(20.0)),
        (&[10.0, 20.0, 30.0, 40.0], Some(25.0)),
        (&[5.0, f64::NAN, 1.0, 3.0], Some(3.0)),
    ];

    #[test]
    fn medians() {
        for (samples, want) in MEDIANS {
            assert_eq!(median(samples), *want, "{samples:?}");
        }
    }

    fn fig(
        id: &str,
        official: bool,
        status: Status,
        latency: Option<f64>,
        bps: Option<f64>,
    ) -> Figures {
        Figures {
            id: id.into(),
            name: id.into(),
            official,
            status,
            latency_ms: latency,
            throughput_bps: bps,
            throughput_floor: false,
        }
    }

    use Status::*;

    /// Each row: the mirrors' figures, and the choice (id or None) with its reason.
    fn cases() -> Vec<(Vec<Figures>, Option<&'static str>, Why)> {
        vec![
            (
                vec![
                    fig("a", false, Ok, Some(50.0), Some(2e6)),
                    fig("b", false, Ok, Some(10.0), Some(1e6)),
                ],
                Some("a"),
                Why::Fastest,
            ),
            // Official within 20 % of the fastest wins.
            (
                vec![
                    fig("mirror", false, Ok, Some(50.0), Some(10e6)),
                    fig("official", true, Ok, Some(90.0), Some(8.5e6)),
                ],
                Some("official"),
                Why::OfficialClose,
            ),
            // ... but not when further behind.
            (
                vec![
                    fig("mirror", false, Ok, Some(50.0), Some(10e6)),
                    fig("official", true, Ok, Some(90.0), Some(7.9e6)),
                ],
                Some("mirror"),
                Why::Fastest,
            ),
            // Measured throughput beats latency only, however low the latency.
            (
                vec![
                    fig("fast-latency", true, Limited, Some(5.0), None),
                    fig("measured", false, Ok, Some(300.0), Some(1e5)),
                ],
                Some("measured"),
                Why::Fastest,
            ),
            (
                vec![
                    fig("a", false, Limited, Some(80.0), None),
                    fig("b", false, Limited, Some(40.0), None),
                    fig("c", false, Failed, Some(1.0), None),
                ],
                Some("b"),
                Why::LowestLatency,
            ),
            (
                vec![
                    fig("a", false, Limited, Some(40.0), None),
                    fig("go", true, Limited, Some(47.0), None),
                ],
                Some("go"),
                Why::OfficialCloseLatency,
            ),
            (
                vec![
                    fig("a", false, Failed, None, None),
                    fig("b", true, Timeout, None, None),
                    fig("c", false, Gone, None, None),
                ],
                None,
                Why::NothingWorks,
            ),
            (vec![], None, Why::NothingWorks),
        ]
    }

    #[test]
    fn recommendations() {
        for (i, (figures, id, why)) in cases().into_iter().enumerate() {
            let r = recommend(&figures);
            assert_eq!((r.mirror_id.as_deref(), r.why), (id, why), "row {i}");
        }
    }
}
