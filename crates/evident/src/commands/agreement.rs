use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// Input file.
    pub file: std::path::PathBuf,
}

pub fn run(_args: AgreementArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the agreement command is not built yet")
}
