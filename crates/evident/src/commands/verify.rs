use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// Input file.
    pub file: std::path::PathBuf,
}

pub fn run(_args: VerifyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the verify command is not built yet")
}
