use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use evident_web::WebError;

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
    match evident_web::framework_import::import_framework(&store, &bytes, args.org.as_deref(), None)
        .await
    {
        Ok(outcome) => {
            println!(
                "{} {}: CASE {}, {} items, id {}",
                if outcome.replaced {
                    "replaced"
                } else {
                    "imported"
                },
                outcome.title,
                outcome.case_version,
                outcome.item_count,
                outcome.framework_id
            );
            if outcome.repairs.is_empty() {
                println!("no repairs were needed");
            } else {
                println!("{} repairs:", outcome.repairs.len());
                for repair in &outcome.repairs {
                    println!("  - {repair}");
                }
            }
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
