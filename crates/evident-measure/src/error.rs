//! The error type shared by the Rasch and generalizability modules.

use thiserror::Error;

/// Every way a measurement analysis can fail, each naming the values involved and the fix.
#[derive(Debug, Error)]
pub enum MeasureError {
    /// The ratings file could not be read or parsed.
    #[error("failed to read ratings: {0}")]
    Csv(#[from] csv::Error),

    /// A required column is missing from the header row.
    #[error(
        "column `{column}` is missing from the header; expected columns examinee,rater,task,score (optional: {optional})"
    )]
    MissingColumn { column: String, optional: String },

    /// A score cell is not a number (or, for a Rasch analysis, not a whole number in 0..=255).
    #[error("invalid score `{value}` on line {line}: {reason}")]
    InvalidScore {
        line: u64,
        value: String,
        reason: String,
    },

    /// The file contains no ratings.
    #[error("no ratings found; the file needs at least one row with a score")]
    NoRatings,

    /// Only one rating category is used, so no threshold can be estimated.
    #[error(
        "all ratings use the single score {score}; a Rasch analysis needs at least two observed categories"
    )]
    SingleCategory { score: u32 },

    /// A facet has a single element and nothing else anchors the frame of reference.
    #[error(
        "facet {facet} has only one element ({element}); a facet needs at least two elements to be measured, so remove the facet or anchor the other facets"
    )]
    SingleElement { facet: String, element: String },

    /// The ratings form more than one disconnected subset.
    #[error(
        "the rating design is disconnected into {count} subsets, so measures in different subsets are not comparable: {subsets}; link the subsets with shared ratings or anchor elements in each"
    )]
    Disconnected { count: usize, subsets: String },

    /// Every examinee (or every element of another facet) has an extreme score.
    #[error(
        "every element of facet {facet} has an extreme (all minimum or all maximum) score, for example {examples}; nothing is left to estimate the other facets"
    )]
    AllExtreme { facet: String, examples: String },

    /// JMLE did not meet the convergence criteria.
    #[error(
        "estimation did not converge after {iterations} iterations: largest score residual {residual:.3e} and largest change {change:.3e} logits; elements furthest from convergence: {elements}; raise the iteration limit or loosen the convergence criteria"
    )]
    NotConverged {
        iterations: usize,
        residual: f64,
        change: f64,
        elements: String,
    },

    /// An estimate became non-finite or ran away without bound.
    #[error(
        "estimation diverged at iteration {iteration}: {elements}; check these elements for ratings that cannot be fitted, or anchor them"
    )]
    Diverged { iteration: usize, elements: String },

    /// The requested identification constraints do not identify the model exactly.
    #[error("invalid constraints: {reason}")]
    InvalidConstraint { reason: String },

    /// An anchor names an element or threshold that does not exist or has the wrong size.
    #[error("invalid anchor: {reason}")]
    InvalidAnchor { reason: String },

    /// A facet named on the command line or in an option is not known.
    #[error("unknown facet `{name}`; expected one of {expected}")]
    UnknownFacet { name: String, expected: String },

    /// A generalizability design string could not be parsed.
    #[error(
        "invalid design `{design}`: {reason}; write designs with the facets p, r and t, for example `p x r`, `p x t x r`, `r:p` or `p x (r:t)`"
    )]
    InvalidDesign { design: String, reason: String },

    /// The data do not support the requested generalizability design.
    #[error("the data do not fit the design `{design}`: {reason}")]
    DesignMismatch { design: String, reason: String },

    /// A D-study sample size is not a positive number.
    #[error("invalid D-study sample size {value} for facet {facet}; sample sizes must be positive")]
    InvalidSampleSize { facet: char, value: f64 },
}
