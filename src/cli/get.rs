//! `gomirror get` (being written).

use super::args::{Common, Get};
use super::shell::Shell;
use super::{Failure, Outcome, Settings};

/// Runs `gomirror get`.
pub fn run(_args: &Get, _common: &Common, _settings: &Settings, _shell: &mut Shell) -> Outcome {
    Err(Failure::input("not written yet"))
}
