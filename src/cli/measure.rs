//! Measuring sources from the command line, as the page does: latency for every source at
//! once, then each source's own throughput one at a time on the real archive (a ranged GET,
//! `Accept-Encoding: identity`) with the core's meter (`throughput::Meter`); what an answer
//! means is `probe::judge`'s, the ranking `rank::recommend`'s.
//!
//! (The interface below is what `rank` and `get` share; the body is being written.)

use crate::probe::Reason;
use crate::rank::Status;

/// What kind of source was measured (the report's `mirrors`, `proxies`, `sumdb`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A download mirror (its URL serves the official file).
    Mirror,
    /// A module proxy (its URL serves the toolchain zip).
    Proxy,
    /// A way to the checksum database (latency only).
    Sumdb,
}

/// The bytes a throughput test read, kept so that `get` does not fetch them again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    /// Offset of the first byte in the file.
    pub start: u64,
    /// The bytes, as received.
    pub bytes: Vec<u8>,
}

/// Everything measured of one source.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// Catalog id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The URL measured.
    pub url: String,
    /// Mirror, proxy or checksum database.
    pub role: Role,
    /// Run by the Go team.
    pub official: bool,
    /// `ok`, `failed`, `timeout`, `gone` (never `pending` once measured; `limited` is the
    /// page's alone: the command reads every answer).
    pub status: Status,
    /// Why it failed, or `not-measured`.
    pub reason: Option<Reason>,
    /// Median latency, milliseconds.
    pub latency_ms: Option<f64>,
    /// The meter's figure, bytes per second.
    pub throughput_bps: Option<f64>,
    /// Whether the figure is a floor (the cap or the file's end came first).
    pub throughput_floor: bool,
    /// The file's size as the source says it (`Content-Range` total).
    pub total_bytes: Option<u64>,
    /// Where the file URL redirected to.
    pub redirected_to: Option<String>,
    /// The bytes its throughput test read (mirrors only).
    pub kept: Option<Kept>,
}

/// A source to measure: a catalog entry with the URL of the file on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Catalog id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The URL to measure: the official file on a mirror, the toolchain zip on a proxy, the
    /// database's `latest` or a proxy's `supported`.
    pub url: String,
    /// Mirror, proxy or checksum database.
    pub role: Role,
    /// Run by the Go team.
    pub official: bool,
    /// The catalog's `gone`: listed, never probed.
    pub gone: Option<String>,
}

/// Every source of `catalog` for `file` (mirrors, module proxies, checksum databases), or only
/// those whose ids `from` names.
///
/// # Errors
///
/// An id in `from` that the catalog does not have (exit 1), with the nearest ids.
pub fn targets(
    catalog: &crate::catalog::Catalog,
    file: &crate::releases::OfficialFile,
    from: &[String],
) -> Result<Vec<Target>, super::Failure> {
    let _ = (catalog, file, from);
    Err(super::Failure::input("measuring is being written"))
}

/// Measures `targets`: latency for all at once, then throughput one at a time (mirrors by
/// latency, then proxies) within `budget`. With `keep`, each mirror's throughput test keeps
/// its bytes ([`Measurement::kept`]) for `get`.
pub fn measure(
    targets: &[Target],
    official_bytes: Option<u64>,
    budget: std::time::Duration,
    keep: bool,
    client: &super::http::Client,
    shell: &super::shell::Shell,
) -> Vec<Measurement> {
    let _ = (targets, official_bytes, budget, keep, client, shell);
    Vec::new()
}
