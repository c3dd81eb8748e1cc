//! Placeholder subcommand: replaced by the work that owns it.

use std::process::ExitCode;

/// Arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {}

pub(crate) fn run(_args: Args) -> ExitCode {
    eprintln!("clerk: this subcommand is not built yet");
    ExitCode::from(2)
}
