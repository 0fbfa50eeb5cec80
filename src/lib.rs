//! # gomirror
//!
//! A static web page for people whose Go download is slow, broken or corrupt. It checks a
//! downloaded archive's SHA-256 in the visitor's browser and says exactly what went wrong when
//! it does not match; it tells which official file fits the visitor's platform.
//!
//! ## Design
//!
//! The crate is split by purity first. Everything that can be decided without a browser lives
//! in plain modules that compile natively and are tested with `cargo test`: the catalog, the
//! official release list, platform detection, the streaming hash state, the inspection of a
//! file's bytes, verdicts and the words that explain them. The browser layer, [`web`] (built
//! only for `wasm32`), reads files, runs the hashing worker, loads JSON and draws the page; it
//! is the only module that names `web_sys`, `js_sys` or `wasm_bindgen_futures`.
//!
//! Data flows one way: inputs (catalog, release list, files) → core decisions (verdicts) →
//! rendering. The DOM is an output; the state lives in Rust.

#![warn(missing_docs, unreachable_pub)]

/// Mirrors, module proxies and checksum sources from `data/catalog.json`.
pub mod catalog;
/// SHA-256 values, the streaming hasher, checksum texts and side files.
pub mod checksum;
/// The page's `#cli` section: the `gomirror` binaries a site offers, and the commands per OS.
pub mod cli_guide;
/// The OSes commands are written for; commands that download and check a file on each.
pub mod commands;
/// Sorting the mirror table and the bars of its chart.
pub mod compare;
/// Tunables of loading and hashing.
pub mod config;
/// What is most likely wrong, and the commands that confirm it.
pub mod diagnosis;
/// The crate's error type.
pub mod error;
/// Verdicts in plain words.
pub mod explain;
/// Strings in English and Chinese.
pub mod i18n;
/// What a file's bytes are: magic numbers and stream integrity.
pub mod inspect;
/// After the check: installing the file on each OS, and proving the install.
pub mod install;
/// One stable sort for every list.
pub mod order;
/// What a pasted `go env` output or error message says, and the commands that fix it.
pub mod paste;
pub mod plan;
/// The visitor's OS and architecture from the user agent.
pub mod platform;
/// A private cache of Go downloads for a team: nginx configuration and module settings.
pub mod private_cache;
/// What a mirror's answers mean; probing settings.
pub mod probe;
/// Mirror figures and the one recommendation.
pub mod rank;
/// The official release list and lookups in it.
pub mod releases;
/// The report a visitor saves or shares.
pub mod report;
/// A report as a link to the page: its schema, limits and base64url.
pub mod share;
/// The Go checksum database: which way it is reached, and `GOPROXY`/`GOSUMDB` advice.
pub mod sumdb;
/// A source's own speed from one streaming download.
pub mod throughput;
/// The module-proxy route: toolchain zips and `GOPROXY`/`GOTOOLCHAIN` commands.
pub mod toolchain;
/// What a checked file is.
pub mod verdict;

/// The page's allocator (talc: smaller than the default dlmalloc by about 3 KB gzip).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The browser layer: state, events, fetch, DOM.
#[cfg(all(target_arch = "wasm32", feature = "page"))]
pub mod web;

/// The hashing workers' own WebAssembly module: files and downloads hashed off the page's
/// thread.
#[cfg(all(target_arch = "wasm32", feature = "worker"))]
pub mod worker;

/// The command line (`gomirror`): a second thin front end over the same core, native only.
#[cfg(all(feature = "cli", not(target_arch = "wasm32")))]
pub mod cli;

/// The paste analyser's own WebAssembly module, which the page loads on first use.
#[cfg(all(target_arch = "wasm32", feature = "paste-module"))]
pub mod paste_module;

/// Report links' own WebAssembly module, which the page loads only when it reads or makes one.
#[cfg(all(target_arch = "wasm32", feature = "share-module"))]
pub mod share_module;

/// The private cache guide's own WebAssembly module, which the page loads when the section is
/// first opened.
#[cfg(all(target_arch = "wasm32", feature = "private-cache-module"))]
pub mod private_cache_module;

/// The DOM calls of the modules the page loads on first use.
#[cfg(all(
    target_arch = "wasm32",
    any(
        feature = "paste-module",
        feature = "share-module",
        feature = "private-cache-module"
    )
))]
mod module_dom;
