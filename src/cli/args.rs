//! The arguments, parsed once by clap into plain values; [`super::main`] turns them into
//! [`super::Settings`] and hands each command its own struct. Nothing else reads argv.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::i18n::Lang;

/// Find the fastest Go download source, download and verify Go against the official checksums,
/// and say what went wrong when a download does not verify.
#[derive(Debug, Parser)]
#[command(name = "gomirror", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Options every command takes.
    #[command(flatten)]
    pub common: Common,
}

/// The four commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Measure every source (mirrors, module proxies, checksum databases) for the file this
    /// machine would get, and recommend one.
    Rank(Rank),
    /// Download the file from the best sources, verify it against the official list, and
    /// optionally install it.
    Get(Get),
    /// Verify files against the official list (or a given checksum): one line a file.
    Verify(Verify),
    /// Explain `go env` output or an error message (a file, or stdin).
    Explain(Explain),
}

/// Options every command takes (they may stand before or after the command's name).
#[derive(Debug, Args)]
pub struct Common {
    /// The sources, a catalog in the page's format (default: the built-in one).
    #[arg(long, global = true, value_name = "FILE|URL")]
    pub catalog: Option<String>,
    /// The official list in go.dev's JSON format (default: the catalog's checksum sources
    /// live, then the built-in snapshot).
    #[arg(long, global = true, value_name = "FILE|URL")]
    pub list: Option<String>,
    /// The language of the words: zh-CN or en (default: from LC_ALL, LC_MESSAGES, LANG).
    #[arg(long, global = true, value_name = "zh-CN|en")]
    pub lang: Option<String>,
    /// The result as JSON on stdout.
    #[arg(long, global = true)]
    pub json: bool,
    /// No progress or messages on stderr, only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// What selects the official file: a version and a platform.
#[derive(Debug, Args)]
pub struct FileChoice {
    /// A version such as go1.22.0 or 1.22.0 (default: the newest stable).
    // Its own id: `version` is clap's `--version` flag, and two arguments may not share one.
    #[arg(id = "go_version", value_name = "VERSION")]
    pub version: Option<String>,
    /// GOOS (default: this machine's).
    #[arg(long)]
    pub os: Option<String>,
    /// GOARCH (default: this machine's).
    #[arg(long)]
    pub arch: Option<String>,
    /// archive, installer or source (default: what go.dev features for the OS).
    #[arg(long)]
    pub kind: Option<String>,
}

/// Which sources to measure.
#[derive(Debug, Args)]
pub struct SourceChoice {
    /// Only these sources (catalog ids, comma-separated).
    #[arg(long, value_name = "ID[,ID…]", value_delimiter = ',')]
    pub from: Vec<String>,
    /// The time the measurement may take, in seconds.
    #[arg(long, value_name = "SECONDS")]
    pub budget: Option<f64>,
}

/// `gomirror rank`.
#[derive(Debug, Args)]
pub struct Rank {
    /// The file.
    #[command(flatten)]
    pub file: FileChoice,
    /// The sources.
    #[command(flatten)]
    pub sources: SourceChoice,
    /// Print a report link for the page instead of the table.
    #[arg(long)]
    pub link: bool,
    /// The page the link opens (default: the catalog's site_url).
    #[arg(long, value_name = "URL")]
    pub site: Option<String>,
}

/// `gomirror get`.
#[derive(Debug, Args)]
pub struct Get {
    /// The file.
    #[command(flatten)]
    pub file: FileChoice,
    /// The sources.
    #[command(flatten)]
    pub sources: SourceChoice,
    /// Where to write the file (default: the current directory).
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Unpack the verified archive as DIR/go.
    #[arg(long, value_name = "DIR")]
    pub install: Option<PathBuf>,
}

/// `gomirror verify`.
#[derive(Debug, Args)]
pub struct Verify {
    /// The files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The expected checksum: 64 hex digits or a sha256sum line.
    #[arg(long, value_name = "HEX")]
    pub sha256: Option<String>,
}

/// `gomirror explain`.
#[derive(Debug, Args)]
pub struct Explain {
    /// The text to explain: a file, or - (the default) for stdin.
    #[arg(value_name = "FILE|-")]
    pub input: Option<PathBuf>,
    /// The OS whose commands to show (default: this machine's).
    #[arg(long)]
    pub os: Option<String>,
}

/// The language: `--lang`, else the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set
/// (POSIX order), else English.
pub fn lang(flag: Option<&str>) -> Lang {
    if let Some(tag) = flag {
        return Lang::from_tag(tag);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty())
        .map(|v| Lang::from_tag(&v))
        .unwrap_or_default()
}
