//! Every tunable of the page, each with its unit and default.
//!
//! One struct, built by `Default`; the browser layer reads it and nothing else hard-codes these
//! numbers. Loading and hashing are its own fields; probing's are [`ProbeConfig`] (`probe.rs`),
//! with a throughput test's in its `meter` (`throughput.rs`), each documented where it is used.

use serde::Serialize;

use crate::probe::ProbeConfig;

/// Every setting of the page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    /// The most bytes of a file read and hashed per step (the buffer its stream is read into,
    /// src/worker/; the gzip check's `Blob` slices). Default 4 MiB: large enough that the
    /// per-read cost vanishes, small enough that memory stays flat and progress moves several
    /// times a second.
    pub chunk_bytes: u32,
    /// How long one checksum source may take before the next is tried, in milliseconds.
    /// Default 8000: the full list is about 2 MB, which a slow link needs seconds for.
    pub list_timeout_ms: u32,
    /// Hashing workers that run at once. Default 2: each keeps one core busy, and these
    /// machines (and many visitors' laptops) have few to spare.
    pub hash_workers: u32,
    /// The least time between two progress updates of one file, in milliseconds. Default 100.
    pub progress_interval_ms: u32,
    /// Measuring the sources: latency, throughput, budgets.
    pub probe: ProbeConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            chunk_bytes: 4 << 20,
            list_timeout_ms: 8_000,
            hash_workers: 2,
            progress_interval_ms: 100,
            probe: ProbeConfig::default(),
        }
    }
}
