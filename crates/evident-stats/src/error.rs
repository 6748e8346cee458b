//! The error type of this crate.

/// Errors from building ratings or requesting a statistic with invalid input.
///
/// A statistic that is mathematically undefined for valid data is not an error:
/// it is an [`Undefined`](crate::Undefined) value with its reason.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    /// The rubric scale declaration is empty or malformed.
    #[error("invalid scale '{spec}': {problem}")]
    InvalidScale {
        /// The scale as given.
        spec: String,
        /// The problem and how to write the scale instead.
        problem: String,
    },
    /// A score that is not one of the scale's categories.
    #[error(
        "score '{score}' is not on the scale {scale}; declare every category in the scale or fix the score"
    )]
    ScoreNotOnScale {
        /// The score as given.
        score: String,
        /// The declared scale, in order.
        scale: String,
    },
    /// A unit or rater identifier that is empty.
    #[error("empty {field} identifier; every rating needs a unit and a rater")]
    EmptyIdentifier {
        /// `unit` or `rater`.
        field: &'static str,
    },
    /// The same rater rated the same unit twice.
    #[error(
        "rater '{rater}' rated unit '{unit}' more than once; keep one rating per unit and rater"
    )]
    DuplicateRating {
        /// The unit identifier.
        unit: String,
        /// The rater identifier.
        rater: String,
    },
    /// A weight matrix of the wrong size or with invalid entries.
    #[error("invalid weight matrix: {problem}")]
    InvalidWeights {
        /// The problem and the expected form.
        problem: String,
    },
    /// A measurement level that the scale cannot carry.
    #[error("level {level} needs a numeric scale with {requirement}; the scale is {scale}")]
    LevelNeedsNumericScale {
        /// The requested level.
        level: &'static str,
        /// The level's requirement on the category values.
        requirement: &'static str,
        /// The declared scale.
        scale: String,
    },
    /// More units, raters or categories than the compact indices hold.
    #[error("too many {what}: at most {max} are supported")]
    TooMany {
        /// `units`, `raters` or `categories`.
        what: &'static str,
        /// The supported maximum.
        max: u64,
    },
}
