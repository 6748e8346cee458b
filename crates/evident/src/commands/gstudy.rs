use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct GstudyArgs {
    /// Input file.
    pub file: std::path::PathBuf,
}

pub fn run(_args: GstudyArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the gstudy command is not built yet")
}
