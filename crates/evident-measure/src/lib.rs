//! Many-facet Rasch measurement and generalizability theory for rubric scoring.
//!
//! - [`rasch`]: the many-facet Rasch model (rating-scale and partial-credit forms) by joint
//!   maximum likelihood with FACETS' conventions, fit statistics, separation, fair
//!   averages and bias (interaction) analysis.
//! - [`gtheory`]: G studies by Henderson's Method 1 (Brennan's analogous ANOVA) for
//!   crossed, nested and unbalanced designs, with G and Phi coefficients and D studies.
//! - [`wright_map`]: a Wright map of a Rasch fit as standalone SVG.
//!
//! Ratings are read from long CSV (`examinee,rater,task,score`, optional group) into
//! [`Ratings`], which stores element indices as `u32` arrays.

pub mod connectivity;
mod error;
pub mod gtheory;
pub mod rasch;
pub mod ratings;
pub mod wright_map;

pub use error::MeasureError;
pub use ratings::{CsvOptions, Facet, Ratings};
