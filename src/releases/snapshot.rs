//! What the shipped snapshot of the list says about itself (`data/snapshot.json`): the date it
//! was made and where it came from, read leniently since it is only shown.

use serde::{Deserialize, Deserializer};

/// Where the shipped snapshot came from (`data/snapshot.json`, written by `scripts/snapshot.sh`):
/// `{"generated": "2026-11-25", "source": "..."}`. Anything else reads as unknown.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SnapshotMeta {
    /// When it was made: an ISO date (or a date and time); only `YYYY-MM-DD` is kept.
    #[serde(default)]
    generated: Option<String>,
    /// Where its list came from.
    #[serde(default)]
    source: Option<String>,
}

impl SnapshotMeta {
    /// Reads it from any serde deserializer; a document of any other shape is unknown.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D) -> SnapshotMeta {
        SnapshotMeta::deserialize(deserializer).unwrap_or_default()
    }

    /// The date it was made, `YYYY-MM-DD`, when it says one; else empty.
    pub fn date(&self) -> String {
        let date: String = self
            .generated
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(10)
            .collect();
        let valid = date.len() == 10
            && date.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if valid {
            date
        } else {
            String::new()
        }
    }

    /// Where it came from, shortened for showing.
    pub fn source(&self) -> String {
        crate::error::clip(self.source.as_deref().unwrap_or(""), 200)
    }
}
