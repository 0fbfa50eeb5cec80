//! `gomirror verify` (being written).

use super::args::{Common, Verify};
use super::shell::Shell;
use super::{Failure, Outcome, Settings};

/// Runs `gomirror verify`.
pub fn run(_args: &Verify, _common: &Common, _settings: &Settings, _shell: &mut Shell) -> Outcome {
    Err(Failure::input("not written yet"))
}
