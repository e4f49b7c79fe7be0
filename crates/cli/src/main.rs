//! The `rasid` command: a thin layer over the library crates.

mod analyze;
mod extract;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// rasid (راصد): an Arabic-first news aggregation engine.
#[derive(Parser)]
#[command(name = "rasid", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyze text: language, sentences, and per token its normalized form, stem and stopword flag.
    Analyze(analyze::Args),
    /// Extract the article from an HTML page or a text dump: title, body, metadata, attributions.
    Extract(extract::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Extract(args) => extract::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rasid: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
