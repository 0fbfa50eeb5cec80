//! The command line: `gomirror rank | get | verify | explain`, a second thin front end over the
//! core the page uses (DESIGN.md, "The command line").
//!
//! Arguments are parsed once ([`args`]) and turned in one place into [`Settings`]; nothing
//! downstream reads argv. Everything written to stderr goes through one [`shell::Shell`], which
//! knows whether stderr is a terminal, so progress never mixes into the result on stdout.
//! Every decision (what a reply means, a speed, the ranking, a verdict, a finding, the report)
//! is the core's; this layer only moves bytes: HTTP ([`http`]), files, threads. It is the only
//! code that names clap, ureq, indicatif, flate2, tar and zip, and it is never built for wasm.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

pub mod args;
pub mod explain;
pub mod get;
pub mod gzip;
pub mod http;
pub mod inputs;
pub mod install;
pub mod link;
pub mod measure;
pub mod part;
pub mod probe;
pub mod rank;
pub mod shell;
pub mod verify;

use crate::i18n::Lang;

/// The exit codes of DESIGN.md, "The command line": the first that applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything worked.
    Ok = 0,
    /// Bad input or a local failure: an unknown version, OS or arch; an unreadable file; a
    /// malformed catalog or list; a full disk.
    Input = 1,
    /// Bad usage (clap's own convention).
    Usage = 2,
    /// The network: no source could be reached at all.
    Network = 3,
    /// The bytes did not verify.
    Verify = 4,
    /// Interrupted (Ctrl-C); a `.part` is left to resume.
    Interrupted = 130,
}

/// Why a command stopped: the exit code and one line for stderr naming the value at fault.
#[derive(Debug)]
pub struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// One line, without the program's name.
    pub message: String,
}

impl Failure {
    /// Bad input or a local failure (exit 1).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Input,
            message: message.into(),
        }
    }

    /// No source could be reached (exit 3).
    pub fn network(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Network,
            message: message.into(),
        }
    }

    /// The bytes did not verify (exit 4).
    pub fn verify(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Verify,
            message: message.into(),
        }
    }

    /// Interrupted (exit 130).
    pub fn interrupted(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Interrupted,
            message: message.into(),
        }
    }
}

impl From<crate::error::Error> for Failure {
    fn from(e: crate::error::Error) -> Failure {
        Failure::input(e.to_string())
    }
}

/// What a command returns: its exit code once its result is on stdout.
pub type Outcome = Result<Exit, Failure>;

/// The settings every command reads, made once from the arguments and the environment.
#[derive(Debug)]
pub struct Settings {
    /// The language of every word written.
    pub lang: Lang,
    /// `--json`: the result as JSON on stdout.
    pub json: bool,
}

/// Runs the command line and returns its exit code.
pub fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match args::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own convention: help and version on stdout with 0, usage errors with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { Exit::Usage as u8 } else { 0 });
        }
    };
    let settings = Settings {
        lang: args::lang(cli.common.lang.as_deref()),
        json: cli.common.json,
    };
    let mut shell = shell::Shell::new(cli.common.quiet);
    let outcome = match &cli.command {
        args::Command::Rank(a) => rank::run(a, &cli.common, &settings, &mut shell),
        args::Command::Get(a) => get::run(a, &cli.common, &settings, &mut shell),
        args::Command::Verify(a) => verify::run(a, &cli.common, &settings, &mut shell),
        args::Command::Explain(a) => explain::run(a, &cli.common, &settings, &mut shell),
    };
    let _ = std::io::stdout().flush();
    match outcome {
        Ok(exit) => ExitCode::from(exit as u8),
        Err(failure) => {
            shell.error(&failure.message);
            ExitCode::from(failure.exit as u8)
        }
    }
}

/// Rust ignores SIGPIPE, so a reader that goes away (`gomirror verify --json … | head`) makes
/// the next write to stdout panic. A command's output is a stream: like coreutils, end quietly
/// when no one reads it any more.
#[cfg(unix)]
fn quiet_on_closed_pipe() {
    // SAFETY: sets a signal's disposition back to the default before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn quiet_on_closed_pipe() {}
