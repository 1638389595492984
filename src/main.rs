//! The `dealcraft` binary: the desktop app, or a command-line tool when one is named.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = dealcraft::cli::Cli::parse();
    if !args.uses_network() {
        stop_quietly_on_closed_stdout();
    }
    match dealcraft::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Restores the default action of SIGPIPE, which Rust sets to "ignore": when the reader of our
/// output goes away (`dealcraft scores | head -1`), the process ends quietly as `cat` or `grep`
/// would, instead of panicking in `println!`.
#[cfg(unix)]
fn stop_quietly_on_closed_stdout() {
    // SAFETY: called at the start of `main`, before any other thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn stop_quietly_on_closed_stdout() {}
