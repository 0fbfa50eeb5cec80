//! Comparing mirrors at a glance: the order of the table's rows when the visitor sorts a
//! column, and the bars of the chart beside it.
//!
//! Pure: both take the figures `rank.rs` ranks and return indexes and fractions; drawing them
//! is the browser layer's. Missing figures sort last whichever way a column is sorted, so a
//! dead mirror never tops the list.

use std::cmp::Ordering;

use crate::rank::{Figures, Status};

/// A column the table can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// The mirror's name.
    Name,
    /// Working first, then pending, timed out, failed, gone.
    Status,
    /// Median latency.
    Latency,
    /// Measured throughput.
    Throughput,
}

impl SortKey {
    /// Every key, with its name in `data-sort-key`.
    pub const ALL: [(SortKey, &'static str); 4] = [
        (SortKey::Name, "name"),
        (SortKey::Status, "status"),
        (SortKey::Latency, "latency"),
        (SortKey::Throughput, "throughput"),
    ];

    /// The key for a `data-sort-key` value.
    pub fn from_name(name: &str) -> Option<SortKey> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// The `data-sort-key` value.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }

    /// The direction a first click sorts in: best first (fastest, quickest, working, A–Z).
    fn best_first_is_descending(self) -> bool {
        self == SortKey::Throughput
    }
}

/// How the table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub key: SortKey,
    /// Largest first.
    pub descending: bool,
}

impl Sort {
    /// The sort after a click on `key`'s header: the same column flips, another starts best
    /// first.
    pub fn clicked(current: Option<Sort>, key: SortKey) -> Sort {
        match current {
            Some(s) if s.key == key => Sort {
                key,
                descending: !s.descending,
            },
            _ => Sort {
                key,
                descending: key.best_first_is_descending(),
            },
        }
    }
}

fn status_rank(status: Status) -> u8 {
    match status {
        Status::Ok => 0,
        Status::Limited => 1,
        Status::Pending => 2,
        Status::Timeout => 3,
        Status::Failed => 4,
        Status::Gone => 5,
    }
}

/// Compares two optional figures, `None` last in either direction.
fn by_figure(a: Option<f64>, b: Option<f64>, descending: bool) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) if descending => b.total_cmp(&a),
        (Some(a), Some(b)) => a.total_cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// The order of the rows: indexes into `figures`. Without a sort, the catalog's order; ties
/// keep it too.
pub fn order(figures: &[Figures], sort: Option<Sort>) -> Vec<usize> {
    let Some(Sort { key, descending }) = sort else {
        return (0..figures.len()).collect();
    };
    let flip = |o: Ordering| if descending { o.reverse() } else { o };
    crate::order::order_by(figures.len(), &|i, j| {
        let (a, b) = (&figures[i], &figures[j]);
        match key {
            SortKey::Name => flip(
                a.name
                    .to_ascii_lowercase()
                    .cmp(&b.name.to_ascii_lowercase()),
            ),
            SortKey::Status => flip(status_rank(a.status).cmp(&status_rank(b.status))),
            SortKey::Latency => by_figure(a.latency_ms, b.latency_ms, descending),
            SortKey::Throughput => by_figure(a.throughput_bps, b.throughput_bps, descending),
        }
    })
}

/// One bar of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The mirror's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The figure: bytes per second or milliseconds.
    pub value: f64,
    /// Its length against the longest bar, in (0, 1].
    pub fraction: f64,
    /// The recommended mirror.
    pub best: bool,
}

/// The chart: throughput where measured (fastest first), and latency of every working mirror
/// (quickest first). Either may be empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// Bytes per second, longest bar best.
    pub throughput: Vec<Bar>,
    /// Milliseconds, shortest bar best.
    pub latency: Vec<Bar>,
}

/// The chart for the figures; `recommended` is marked.
pub fn chart(figures: &[Figures], recommended: Option<&str>) -> Chart {
    let bars = |value: fn(&Figures) -> Option<f64>, descending: bool| {
        let mut picked: Vec<(&Figures, f64)> = figures
            .iter()
            .filter(|f| f.status.works())
            .filter_map(|f| {
                value(f)
                    .filter(|v| v.is_finite() && *v > 0.0)
                    .map(|v| (f, v))
            })
            .collect();
        crate::order::sort_by(&mut picked, &|a, b| {
            by_figure(Some(a.1), Some(b.1), descending)
        });
        let max = picked.iter().map(|p| p.1).fold(0.0, f64::max);
        picked
            .into_iter()
            .map(|(f, v)| Bar {
                id: f.id.clone(),
                name: f.name.clone(),
                value: v,
                fraction: v / max,
                best: recommended == Some(f.id.as_str()),
            })
            .collect()
    };
    Chart {
        throughput: bars(|f| f.throughput_bps, true),
        latency: bars(|f| f.latency_ms, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(id: &str, status: Status, latency: Option<f64>, bps: Option<f64>) -> Figures {
        Figures {
            id: id.into(),
            name: id.to_uppercase(),
            official: false,
            status,
            latency_ms: latency,
            throughput_bps: bps,
            throughput_floor: false,
        }
    }

    fn table() -> Vec<Figures> {
        vec![
            fig("b", Status::Ok, Some(40.0), Some(2e6)),
            fig("dead", Status::Failed, None, None),
            fig("a", Status::Limited, Some(10.0), None),
            fig("c", Status::Ok, Some(80.0), Some(5e6)),
            fig("old", Status::Gone, None, None),
            fig("slow", Status::Timeout, None, None),
        ]
    }

    fn ids(figures: &[Figures], sort: Option<Sort>) -> Vec<&str> {
        order(figures, sort)
            .into_iter()
            .map(|i| figures[i].id.as_str())
            .collect()
    }

    #[test]
    fn unsorted_keeps_the_catalog_order() {
        let t = table();
        assert_eq!(ids(&t, None), ["b", "dead", "a", "c", "old", "slow"]);
    }

    #[test]
    fn a_first_click_sorts_best_first_and_a_second_flips() {
        let t = table();
        let fastest = Sort::clicked(None, SortKey::Throughput);
        assert!(fastest.descending);
        assert_eq!(ids(&t, Some(fastest))[..2], ["c", "b"]);
        let slowest = Sort::clicked(Some(fastest), SortKey::Throughput);
        assert_eq!(ids(&t, Some(slowest))[..2], ["b", "c"]);
        let quickest = Sort::clicked(Some(slowest), SortKey::Latency);
        assert!(!quickest.descending);
        assert_eq!(ids(&t, Some(quickest))[..3], ["a", "b", "c"]);
    }

    #[test]
    fn missing_figures_sort_last_both_ways() {
        let t = table();
        for descending in [false, true] {
            for key in [SortKey::Latency, SortKey::Throughput] {
                let got = ids(&t, Some(Sort { key, descending }));
                let measured = if key == SortKey::Latency { 3 } else { 2 };
                // The rows without the figure, in catalog order, after the measured ones.
                let tail: Vec<&str> = t
                    .iter()
                    .map(|f| f.id.as_str())
                    .filter(|id| !got[..measured].contains(id))
                    .collect();
                assert_eq!(got[measured..], tail[..], "{key:?} {descending}");
            }
        }
    }

    #[test]
    fn status_and_name() {
        let t = table();
        let by_status = Sort::clicked(None, SortKey::Status);
        assert_eq!(
            ids(&t, Some(by_status)),
            ["b", "c", "a", "slow", "dead", "old"]
        );
        let by_name = Sort::clicked(None, SortKey::Name);
        assert_eq!(
            ids(&t, Some(by_name)),
            ["a", "b", "c", "dead", "old", "slow"]
        );
    }

    #[test]
    fn sort_keys_round_trip() {
        for (key, name) in SortKey::ALL {
            assert_eq!(SortKey::from_name(name), Some(key));
            assert_eq!(key.name(), name);
        }
        assert_eq!(SortKey::from_name("size"), None);
    }

    #[test]
    fn chart_bars() {
        let chart = chart(&table(), Some("c"));
        let through: Vec<(&str, f64, bool)> = chart
            .throughput
            .iter()
            .map(|b| (b.id.as_str(), b.fraction, b.best))
            .collect();
        assert_eq!(through, [("c", 1.0, true), ("b", 0.4, false)]);
        let latency: Vec<(&str, f64)> = chart
            .latency
            .iter()
            .map(|b| (b.id.as_str(), b.fraction))
            .collect();
        assert_eq!(latency, [("a", 0.125), ("b", 0.5), ("c", 1.0)]);
        assert_eq!(chart.latency[0].name, "A");
    }

    #[test]
    fn chart_of_nothing_working_is_empty() {
        let t = vec![
            fig("dead", Status::Failed, Some(5.0), None),
            fig("zero", Status::Ok, Some(0.0), Some(0.0)),
        ];
        assert_eq!(chart(&t, None), Chart::default());
    }
}
