//! The `clerk` command: mint dev tokens, verify tokens, test route patterns and `has()` checks.
//!
//! Each subcommand lives in its own module under `commands/` and is thin over `clerk-runtime`.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Clerk route protection tools: dev keys and tokens, verification, pattern matching, `has()`.
#[derive(Debug, Parser)]
#[command(name = "clerk", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a new RSA key pair as PEM files.
    Keygen(commands::keygen::Args),
    /// Print a signed session token (v2 claims unless `--v1`).
    Mint(commands::mint::Args),
    /// Verify a session token and print its claims, or the reason it fails.
    Verify(commands::verify::Args),
    /// Evaluate Clerk `has()` checks (batch mode for conformance).
    Has(commands::has::Args),
    /// Test paths against Clerk route patterns.
    Match(commands::match_routes::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Keygen(args) => commands::keygen::run(args),
        Command::Mint(args) => commands::mint::run(args),
        Command::Verify(args) => commands::verify::run(args),
        Command::Has(args) => commands::has::run(args),
        Command::Match(args) => commands::match_routes::run(args),
    }
}
