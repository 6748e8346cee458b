//! One module per subcommand. Each defines its clap arguments and a `run` function.

pub mod admin;
pub mod agreement;
pub mod demo;
pub mod gstudy;
pub mod import_case;
pub mod rasch;
pub mod server;
pub mod verify;
