//! Open Badges 3.0 credentials: build, sign, verify, status lists, baking.
pub mod canonical;
pub mod contexts;
pub mod error;

pub use error::{CredentialError, Result};
pub mod did;
pub mod keys;
pub mod multikey;
pub mod proof;
pub mod status_list;
pub mod award;
