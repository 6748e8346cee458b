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
    /// Run the web server.
    Serve(commands::server::ServeArgs),
    /// Run the web server with demo organizations, users and frameworks.
    Demo(commands::server::ServeArgs),
    /// Import a CASE 1.0 or 1.1 CFPackage (JSON) as a competency framework.
    ImportCase(commands::import_case::ImportCaseArgs),
    /// Administration tasks, such as creating the first user of an empty install.
    Admin(commands::admin::AdminArgs),
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
    init_tracing();
    let result = match cli.command {
        Command::Serve(args) => run_async(async move {
            commands::server::serve(&args, args.data.open_store().await?)
                .await
                .map(|()| ExitCode::SUCCESS)
        }),
        Command::Demo(args) => {
            run_async(async move { commands::demo::run(args).await.map(|()| ExitCode::SUCCESS) })
        }
        Command::ImportCase(args) => run_async(commands::import_case::run(args)),
        Command::Admin(args) => run_async(commands::admin::run(args)),
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

/// Logs to standard error; `RUST_LOG` sets the filter (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run_async(
    future: impl std::future::Future<Output = anyhow::Result<ExitCode>>,
) -> anyhow::Result<ExitCode> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(future)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}
