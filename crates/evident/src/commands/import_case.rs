use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use evident_web::WebError;
use evident_web::framework_import::ImportOutcome;

use super::server::DataArgs;

#[derive(Debug, clap::Args)]
pub struct ImportCaseArgs {
    /// A CASE 1.0 or 1.1 CFPackage in JSON.
    pub file: PathBuf,

    /// Id of the organization that owns the framework (see the Organizations page).
    #[arg(long, value_name = "ID")]
    pub org: Option<String>,

    #[command(flatten)]
    pub data: DataArgs,
}

pub async fn run(args: ImportCaseArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("could not read {}", args.file.display()))?;
    let store = args.data.open_store().await?;
    if let Some(org) = &args.org {
        store.organization(org).await?;
    }
    match evident_web::framework_import::import_framework(
        &store,
        &bytes,
        args.org.as_deref(),
        None,
        None,
    )
    .await
    {
        Ok(outcome) => {
            // A closed pipe (such as `| head`) must not turn a finished import into a panic.
            let _ = print_outcome(&outcome);
            Ok(ExitCode::SUCCESS)
        }
        Err(WebError::Unprocessable { message, problems }) => {
            eprintln!("error: {}: {message}", args.file.display());
            for problem in problems {
                eprintln!("  - {problem}");
            }
            Ok(ExitCode::from(1))
        }
        Err(other) => Err(other.into()),
    }
}

fn print_outcome(outcome: &ImportOutcome) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let verb = if outcome.replaced {
        "replaced"
    } else {
        "imported"
    };
    writeln!(
        out,
        "{verb} {}: CASE {}, {} items, id {}",
        outcome.title, outcome.case_version, outcome.item_count, outcome.framework_id
    )?;
    if outcome.repairs.is_empty() {
        writeln!(out, "no repairs were needed")?;
    } else {
        writeln!(out, "{} repairs:", outcome.repairs.len())?;
        for repair in &outcome.repairs {
            writeln!(out, "  - {repair}")?;
        }
    }
    out.flush()
}
