//! Every tunable of loading and hashing, each with its unit and default.
//!
//! One struct, built by `Default`; the browser layer reads it and nothing else hard-codes these
//! numbers. Probing settings join it with the mirror measurements.

use serde::Serialize;

/// Settings for loading the official list and hashing files.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Config {
    /// Bytes read from a file and hashed per step. Default 4 MiB: large enough that the
    /// per-read cost of `Blob.arrayBuffer()` vanishes, small enough that memory stays flat and
    /// progress moves several times a second.
    pub chunk_bytes: u32,
    /// How long one checksum source may take before the next is tried, in milliseconds.
    /// Default 8000: the full list is about 2 MB, which a slow link needs seconds for.
    pub list_timeout_ms: u32,
    /// Hashing workers that run at once. Default 2: each keeps one core busy, and these
    /// machines (and many visitors' laptops) have few to spare.
    pub hash_workers: u32,
    /// The least time between two progress updates of one file, in milliseconds. Default 100.
    pub progress_interval_ms: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            chunk_bytes: 4 << 20,
            list_timeout_ms: 8_000,
            hash_workers: 2,
            progress_interval_ms: 100,
        }
    }
}
