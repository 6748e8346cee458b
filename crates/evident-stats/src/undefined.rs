//! Statistics that cannot be computed, with the reason.

use std::fmt;

/// The reason a statistic has no value for the given data.
///
/// Every statistic in this crate returns either a finite number or one of these
/// reasons. None returns NaN, and none substitutes 0 or 1 for 0/0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undefined {
    /// No unit has two or more ratings, so no pair of ratings can be compared.
    NoPairableUnits,
    /// Fewer than two raters rated anything.
    SingleRater,
    /// Every pairable rating has the same value, so chance agreement is 1 and
    /// the coefficient is 0/0.
    NoVariation,
    /// The scale has a single category.
    SingleCategory,
    /// The statistic compares exactly two raters.
    NotTwoRaters {
        /// The number of raters in the data.
        raters: usize,
    },
    /// Too few units for the statistic (after the stated deletion rule).
    TooFewUnits {
        /// The minimum number of units.
        needed: usize,
        /// The number available.
        found: usize,
        /// The units counted, for example "units rated by every rater".
        counted: &'static str,
    },
    /// All scores of the units used are equal, so every mean square is zero.
    ZeroVariance,
    /// The residual mean square is zero, so the F ratio is infinite.
    ZeroResidual,
    /// The units do not differ and the residual is zero, so the ratio is 0/0.
    NoUnitVariation,
    /// Every rater gave every unit the same rank.
    AllRanksTied,
    /// The approximate degrees of freedom of an interval are not positive.
    DegenerateInterval,
    /// A standard error is zero, so the test statistic is 0/0 or infinite.
    ZeroStandardError,
    /// A quantity that this coefficient depends on is undefined.
    Depends {
        /// The name of the quantity.
        on: &'static str,
        /// The reason that quantity is undefined.
        reason: Box<Undefined>,
    },
    /// The statistic does not apply at the declared measurement level.
    NotAtLevel {
        /// The level that the statistic needs.
        needs: &'static str,
    },
    /// Too few bootstrap replicates gave a defined value.
    BootstrapFailed {
        /// Replicates with a defined value.
        defined: usize,
        /// Replicates drawn.
        drawn: usize,
    },
}

impl Undefined {
    /// Wraps `self` as the reason why a quantity named `on` is undefined.
    pub fn because_of(self, on: &'static str) -> Undefined {
        Undefined::Depends {
            on,
            reason: Box::new(self),
        }
    }
}

impl fmt::Display for Undefined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Undefined::NoPairableUnits => f.write_str("no unit has two or more ratings"),
            Undefined::SingleRater => f.write_str("only one rater"),
            Undefined::NoVariation => f.write_str(
                "no variation in ratings (chance agreement is 1, so the coefficient is 0/0)",
            ),
            Undefined::SingleCategory => f.write_str("the scale has a single category"),
            Undefined::NotTwoRaters { raters } => write!(
                f,
                "needs exactly two raters and the data have {raters}; use the pairwise tables"
            ),
            Undefined::TooFewUnits {
                needed,
                found,
                counted,
            } => write!(
                f,
                "needs at least {needed} {counted} and the data have {found}"
            ),
            Undefined::ZeroVariance => {
                f.write_str("no variation in scores (every mean square is 0)")
            }
            Undefined::ZeroResidual => {
                f.write_str("the residual mean square is 0, so the F ratio is infinite")
            }
            Undefined::NoUnitVariation => f.write_str(
                "units do not differ and there is no residual variation, so the ratio is 0/0",
            ),
            Undefined::DegenerateInterval => {
                f.write_str("the approximate degrees of freedom of the interval are not positive")
            }
            Undefined::AllRanksTied => {
                f.write_str("every rater ties all units (no variation in ranks)")
            }
            Undefined::ZeroStandardError => f.write_str("the standard error is 0"),
            Undefined::Depends { on, reason } => write!(f, "{on} is undefined: {reason}"),
            Undefined::NotAtLevel { needs } => {
                write!(
                    f,
                    "applies at level {needs} or above; declare that level to compute it"
                )
            }
            Undefined::BootstrapFailed { defined, drawn } => write!(
                f,
                "only {defined} of {drawn} bootstrap replicates had a defined value"
            ),
        }
    }
}

/// A statistic's value, or the reason it has none.
pub type Statistic = Result<f64, Undefined>;

/// A two-sided confidence interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// The lower bound.
    pub lower: f64,
    /// The upper bound.
    pub upper: f64,
}

/// Coefficients and standard errors smaller than this are rounding noise of an
/// exact 0 (they are sums of products of proportions), so they are set to 0.
/// This keeps, for example, the p-value of a coefficient that is exactly 0 with
/// a standard error of exactly 0 undefined instead of an arbitrary number.
pub(crate) const ROUNDING_NOISE: f64 = 1e-12;

/// Returns `x`, or 0 when `|x|` is below [`ROUNDING_NOISE`].
pub(crate) fn snap_to_zero(x: f64) -> f64 {
    if x.abs() < ROUNDING_NOISE { 0.0 } else { x }
}
