//! Kendall's coefficient of concordance W with the tie correction.

use crate::distribution::chi_squared_upper_tail;
use crate::{Ratings, Statistic, Undefined};

/// Kendall's W with its chi-square test.
#[derive(Debug, Clone, PartialEq)]
pub struct KendallW {
    /// Tie-corrected W, undefined when every rater ties every unit.
    pub w: Statistic,
    /// W without the tie correction (valid only without ties).
    pub w_uncorrected: f64,
    /// `χ² = m(n − 1)W`.
    pub chi_squared: Statistic,
    /// Degrees of freedom `n − 1`.
    pub df: f64,
    /// `P(χ²_{n−1} > χ²)`.
    pub p_value: Statistic,
    /// Units rated by every rater.
    pub units: usize,
    /// Raters `m`.
    pub raters: usize,
}

/// Returns mid-ranks (1-based) of `values` and the tie term `Σ (t³ − t)` over
/// groups of `t` tied values.
fn mid_ranks(values: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut ties = 0.0;
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        let t = (end - start) as f64;
        ties += t * t * t - t;
        start = end;
    }
    (ranks, ties)
}

/// Computes Kendall's W (Kendall & Babington Smith 1939) over the units that
/// every rater rated.
///
/// Each rater's scores are ranked over the `n` units with mid-ranks for ties;
/// `R_i` is unit `i`'s rank sum over the `m` raters, `S = Σ (R_i − R̄)²`,
/// `T_j = Σ (t³ − t)` over rater `j`'s tie groups, and
/// `W = 12S / (m²(n³ − n) − m Σ_j T_j)`; `χ² = m(n − 1)W` with `n − 1` df.
/// As R irr `kendall(correct = TRUE)` and pingouin `friedman`.
///
/// Undefined with fewer than two raters or fewer than two complete units; W,
/// χ² and p are undefined when every rater ties every unit.
pub fn kendall_w(ratings: &Ratings) -> Result<KendallW, Undefined> {
    let m = ratings.n_raters();
    if m < 2 {
        return Err(Undefined::SingleRater);
    }

    let complete = ratings.complete_units();
    let n = complete.len();
    if n < 2 {
        return Err(Undefined::TooFewUnits {
            needed: 2,
            found: n,
            counted: "units rated by every rater",
        });
    }

    let x = ratings.scale().values();
    let mut rank_sums = vec![0.0; n];
    let mut ties = 0.0;
    for j in 0..m {
        let scores: Vec<f64> = complete.iter().map(|row| x[usize::from(row[j])]).collect();
        let (ranks, t) = mid_ranks(&scores);
        ties += t;
        for (sum, rank) in rank_sums.iter_mut().zip(ranks) {
            *sum += rank;
        }
    }

    let (nf, mf) = (n as f64, m as f64);
    let mean = mf * (nf + 1.0) / 2.0;
    let s: f64 = rank_sums.iter().map(|r| (r - mean).powi(2)).sum();
    let full = mf * mf * (nf.powi(3) - nf);
    let denominator = full - mf * ties;
    let w = if denominator <= 1e-9 * full {
        Err(Undefined::AllRanksTied)
    } else {
        Ok(12.0 * s / denominator)
    };

    let chi_squared = w.clone().map(|w| mf * (nf - 1.0) * w);
    Ok(KendallW {
        w,
        w_uncorrected: 12.0 * s / full,
        chi_squared: chi_squared.clone(),
        df: nf - 1.0,
        p_value: chi_squared.map(|x| chi_squared_upper_tail(x, nf - 1.0)),
        units: n,
        raters: m,
    })
}
