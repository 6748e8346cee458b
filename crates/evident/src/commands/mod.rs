//! One module per subcommand. Each defines its clap arguments and a `run` function.

pub mod agreement;
pub mod gstudy;
pub mod rasch;
pub mod verify;
