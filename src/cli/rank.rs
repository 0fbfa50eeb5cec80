//! `gomirror rank` (being written).

use super::args::{Common, Rank};
use super::shell::Shell;
use super::{Failure, Outcome, Settings};

/// Runs `gomirror rank`.
pub fn run(_args: &Rank, _common: &Common, _settings: &Settings, _shell: &mut Shell) -> Outcome {
    Err(Failure::input("not written yet"))
}
