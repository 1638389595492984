//! The `dealcraft` binary: the desktop app, or a command-line tool when one is named.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = dealcraft::cli::Cli::parse();
    match dealcraft::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
