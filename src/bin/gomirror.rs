//! `gomirror`: the command line front end (src/cli/). Everything lives in the library, so that
//! the tests and the page share one core.

fn main() -> std::process::ExitCode {
    gomirror::cli::main()
}
