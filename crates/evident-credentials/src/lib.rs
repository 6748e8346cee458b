//! Open Badges 3.0 credentials: build, sign, verify, status lists, baking.
pub mod canonical;
pub mod contexts;
pub mod error;

pub use error::{CredentialError, Result};
/// The date-time crate used in this API ([`award::Award::issued_at`]).
pub use time;
pub mod did;
pub mod keys;
pub mod multikey;
pub mod proof;
pub mod status_list;
pub mod award;
pub mod schema;
pub mod resolver;
pub mod verify;
pub mod baking;
pub mod issuer;
pub mod interop;
#[cfg(feature = "online")]
pub mod online;
