use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RaschArgs {
    /// Input file.
    pub file: std::path::PathBuf,
}

pub fn run(_args: RaschArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the rasch command is not built yet")
}
