//! The one owner of stderr (cargo's `Shell`): status lines, warnings, errors and progress bars.
//! It knows whether stderr is a terminal: progress is drawn only there, so a log or a CI job
//! gets the messages and never a bar. stdout is the commands' own, for the result alone.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where messages and progress go.
#[derive(Debug)]
pub struct Shell {
    terminal: bool,
    quiet: bool,
    bars: MultiProgress,
}

impl Shell {
    /// A shell on this process's stderr; `quiet` keeps only errors.
    pub fn new(quiet: bool) -> Shell {
        let terminal = std::io::stderr().is_terminal();
        let target = if terminal && !quiet {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Shell {
            terminal,
            quiet,
            bars: MultiProgress::with_draw_target(target),
        }
    }

    /// Whether stderr is a terminal (progress is drawn only then).
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// A line of what is happening (not in `--quiet`).
    pub fn status(&self, message: &str) {
        if !self.quiet {
            self.line(message);
        }
    }

    /// A warning: something went wrong that the command works around.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            self.line(&format!("gomirror: warning: {message}"));
        }
    }

    /// The line that says why a command failed.
    pub fn error(&self, message: &str) {
        self.line(&format!("gomirror: {message}"));
    }

    fn line(&self, message: &str) {
        // Above the bars while they are drawn; straight to stderr otherwise.
        if self.bars.is_hidden() {
            let _ = writeln!(std::io::stderr(), "{message}");
        } else {
            let _ = self.bars.println(message);
        }
    }

    /// A progress bar for `len` bytes (a spinner when the length is unknown), drawn only on a
    /// terminal; elsewhere it is hidden and costs nothing.
    pub fn bytes_bar(&self, len: Option<u64>, label: &str) -> ProgressBar {
        let bar = match len {
            Some(len) => ProgressBar::new(len).with_style(
                ProgressStyle::with_template(
                    "{prefix:>12} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{prefix:>12} {spinner} {bytes} {bytes_per_sec}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        let bar = self.bars.add(bar.with_prefix(label.to_string()));
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    }
}
