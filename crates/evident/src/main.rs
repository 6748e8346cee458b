//! The `evident` binary: the web server and the command line tools.

mod commands;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Evident: competency-based professional learning and calibrated assessment.
#[derive(Debug, Parser)]
#[command(name = "evident", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute rater agreement and reliability statistics from a ratings CSV.
    Agreement(commands::agreement::AgreementArgs),
    /// Fit a many-facet Rasch model to a ratings CSV.
    Rasch(commands::rasch::RaschArgs),
    /// Run a generalizability study (G study and D study) on a ratings CSV.
    Gstudy(commands::gstudy::GstudyArgs),
    /// Verify an Open Badges 3.0 credential (JSON, baked PNG or baked SVG).
    Verify(commands::verify::VerifyArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Agreement(args) => commands::agreement::run(args),
        Command::Rasch(args) => commands::rasch::run(args),
        Command::Gstudy(args) => commands::gstudy::run(args),
        Command::Verify(args) => commands::verify::run(args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}
