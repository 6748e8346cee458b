//! Percent agreement, exact and within a tolerance of rubric steps.

use crate::{CountTable, Ratings, Statistic, Undefined};

/// How per-unit pair agreement is combined into one proportion.
///
/// The three forms coincide for two raters and for complete data with the
/// same number of raters per unit. They differ when raters per unit vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    /// `mean_i a_i` over units with `r_i ≥ 2`, where `a_i` is the share of
    /// agreeing rating pairs in unit `i` (Gwet 2014; irrCAC `pa.coeff.raw`).
    /// The platform default.
    UnitMean,
    /// `Σ agreeing pairs / Σ pairs` over all units (nltk `avg_Ao`).
    PooledPairs,
    /// `Σ_i 2·agreeing_i / (r_i − 1) / Σ_i r_i` over units with `r_i ≥ 2`, the
    /// observed agreement `1 − D_o` of nominal Krippendorff's alpha
    /// (Krippendorff 2011).
    Krippendorff,
}

/// Returns the number of agreeing pairs among the ratings of one unit, where two
/// ratings agree when their category positions differ by at most `tolerance`.
fn agreeing_pairs(row: &[u32], tolerance: usize) -> f64 {
    let mut pairs = 0.0;
    for (k, &count) in row.iter().enumerate() {
        let count = f64::from(count);
        pairs += count * (count - 1.0) / 2.0;
        for l in k + 1..row.len().min(k + tolerance + 1) {
            pairs += count * f64::from(row[l]);
        }
    }
    pairs
}

/// Computes the proportion of rating pairs within a unit that agree within
/// `tolerance` rubric steps (0 = exact, 1 = adjacent), combined by `aggregation`.
///
/// A pair is two ratings of the same unit by different raters:
/// `a_i = Σ_{j<j'} [|pos(x_ij) − pos(x_ij')| ≤ tolerance] / (r_i(r_i − 1)/2)`.
/// Units with fewer than two ratings have no pair and are skipped.
///
/// Undefined when no unit has two ratings.
pub fn percent_agreement(
    table: &CountTable,
    tolerance: usize,
    aggregation: Aggregation,
) -> Statistic {
    let mut numerator = 0.0;
    let mut denominator = 0.0;
    let mut units = 0usize;
    for i in 0..table.rows() {
        let r = f64::from(table.totals[i]);
        if r < 2.0 {
            continue;
        }
        units += 1;
        let agreeing = agreeing_pairs(table.row(i), tolerance);
        let pairs = r * (r - 1.0) / 2.0;
        match aggregation {
            Aggregation::UnitMean => {
                numerator += agreeing / pairs;
                denominator += 1.0;
            }
            Aggregation::PooledPairs => {
                numerator += agreeing;
                denominator += pairs;
            }
            Aggregation::Krippendorff => {
                numerator += 2.0 * agreeing / (r - 1.0);
                denominator += r;
            }
        }
    }

    if units == 0 {
        return Err(Undefined::NoPairableUnits);
    }

    Ok(numerator / denominator)
}

/// Computes the share of units on which all raters agree within `tolerance`
/// rubric steps, over the units that every rater rated (listwise deletion, as
/// R irr `agree`; irr reports it in percent).
///
/// Undefined with fewer than two raters or no unit rated by every rater.
pub fn percent_all_raters_agree(ratings: &Ratings, tolerance: usize) -> Statistic {
    if ratings.n_raters() < 2 {
        return Err(Undefined::SingleRater);
    }

    let complete = ratings.complete_units();
    if complete.is_empty() {
        return Err(Undefined::TooFewUnits {
            needed: 1,
            found: 0,
            counted: "units rated by every rater",
        });
    }

    let agreeing = complete
        .iter()
        .filter(|row| {
            let min = row.iter().min().copied().unwrap_or(0);
            let max = row.iter().max().copied().unwrap_or(0);
            usize::from(max - min) <= tolerance
        })
        .count();
    Ok(agreeing as f64 / complete.len() as f64)
}
