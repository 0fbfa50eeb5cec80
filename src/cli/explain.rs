//! `gomirror explain` (being written).

use super::args::{Common, Explain};
use super::shell::Shell;
use super::{Failure, Outcome, Settings};

/// Runs `gomirror explain`.
pub fn run(_args: &Explain, _common: &Common, _settings: &Settings, _shell: &mut Shell) -> Outcome {
    Err(Failure::input("not written yet"))
}
