//! One module per subcommand. Each defines its clap arguments and a `run` function.

pub mod admin;
pub mod agreement;
pub mod demo;
pub mod gstudy;
pub mod import_case;
pub mod rasch;
pub mod server;
pub mod verify;

/// Writes a command's output to standard output. A reader that stops early, such as
/// `head`, closes the pipe; that ends the output without an error.
pub fn write_output(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(error).context("failed to write the output"))
        }
        _ => Ok(()),
    }
}
