//! Category probabilities of the Rasch rating-scale and partial-credit models.
//!
//! For a threshold set with categories 0..=m and Rasch-Andrich thresholds F_1..F_m,
//!
//! ```text
//! P_k = exp(k·η − Σ_{h≤k} F_h) / Σ_{c=0..m} exp(c·η − Σ_{h≤c} F_h),   F_0 = 0
//! ```
//!
//! where η is the sum of the signed facet measures of the rating (Andrich 1978; Wright &
//! Masters 1982, *Rating Scale Analysis*, ch. 3). The sums are evaluated with the
//! log-sum-exp shift so no term overflows, whatever η.

/// Largest number of categories in one threshold set (scores are stored as `u8`).
pub const MAX_CATEGORIES: usize = 256;

/// Model mean, variance and fourth central moment of one rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// Expected category E = Σ k·P_k.
    pub expected: f64,
    /// Variance W = Σ (k − E)²·P_k, the statistical information of the rating.
    pub variance: f64,
}

/// Fills `probabilities[..=m]` with the category probabilities for `eta`, where
/// `cumulative[k] = Σ_{h≤k} F_h` and `m = cumulative.len() − 1`, and returns the moments.
#[inline]
pub fn category_probabilities(eta: f64, cumulative: &[f64], probabilities: &mut [f64]) -> Moments {
    let m = cumulative.len() - 1;
    let mut largest = f64::NEG_INFINITY;
    for k in 0..=m {
        let logit = k as f64 * eta - cumulative[k];
        probabilities[k] = logit;
        largest = largest.max(logit);
    }
    let mut total = 0.0;
    for p in probabilities[..=m].iter_mut() {
        *p = (*p - largest).exp();
        total += *p;
    }
    let mut expected = 0.0;
    let mut second = 0.0;
    for (k, p) in probabilities[..=m].iter_mut().enumerate() {
        *p /= total;
        expected += k as f64 * *p;
        second += (k * k) as f64 * *p;
    }
    Moments {
        expected,
        variance: (second - expected * expected).max(0.0),
    }
}

/// Largest |η| for which [`category_probabilities_fast`] multiplies exponentials directly.
const FAST_ETA_LIMIT: f64 = 30.0;

/// Same result as [`category_probabilities`] with one `exp` per call instead of m + 1:
/// P_k ∝ Π_{h≤k} e^η · g_h with `step_weights[h] = exp(−F_h)` (index 0 unused). Falls
/// back to the log-sum-exp form when |η| is large or a product leaves the finite range.
#[inline]
pub fn category_probabilities_fast(
    eta: f64,
    cumulative: &[f64],
    step_weights: &[f64],
    probabilities: &mut [f64],
) -> Moments {
    if eta.abs() > FAST_ETA_LIMIT {
        return category_probabilities(eta, cumulative, probabilities);
    }
    let m = cumulative.len() - 1;
    let odds = eta.exp();
    let mut term = 1.0;
    let mut total = 1.0;
    probabilities[0] = 1.0;
    for k in 1..=m {
        term *= odds * step_weights[k];
        probabilities[k] = term;
        total += term;
    }
    if !(total.is_finite() && total > 0.0) {
        return category_probabilities(eta, cumulative, probabilities);
    }
    let mut expected = 0.0;
    let mut second = 0.0;
    for (k, p) in probabilities[..=m].iter_mut().enumerate() {
        *p /= total;
        expected += k as f64 * *p;
        second += (k * k) as f64 * *p;
    }
    Moments {
        expected,
        variance: (second - expected * expected).max(0.0),
    }
}

/// Returns exp(−F_k) for k = 0..=m, with `cumulative[k] = Σ_{h≤k} F_h`; index 0 is 1.
pub fn step_weights(cumulative: &[f64]) -> Vec<f64> {
    let mut weights = vec![1.0; cumulative.len()];
    for k in 1..cumulative.len() {
        weights[k] = (cumulative[k - 1] - cumulative[k]).exp();
    }
    weights
}

/// Returns the fourth central moment C = Σ (k − E)⁴·P_k used by the standardized fit statistics.
pub fn kurtosis_moment(probabilities: &[f64], expected: f64) -> f64 {
    probabilities
        .iter()
        .enumerate()
        .map(|(k, p)| (k as f64 - expected).powi(4) * p)
        .sum()
}

/// Returns the cumulative sums `[0, F_1, F_1 + F_2, …]` of Andrich thresholds `[F_1, …, F_m]`.
pub fn cumulative_thresholds(thresholds: &[f64]) -> Vec<f64> {
    let mut cumulative = Vec::with_capacity(thresholds.len() + 1);
    cumulative.push(0.0);
    let mut sum = 0.0;
    for &threshold in thresholds {
        sum += threshold;
        cumulative.push(sum);
    }
    cumulative
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dichotomous_probability_is_logistic() {
        let mut p = [0.0; 2];
        let moments = category_probabilities(1.0, &[0.0, 0.0], &mut p);
        let logistic = 1.0 / (1.0 + (-1.0f64).exp());
        assert!((p[1] - logistic).abs() < 1e-15);
        assert!((moments.expected - logistic).abs() < 1e-15);
        assert!((moments.variance - logistic * (1.0 - logistic)).abs() < 1e-15);
    }

    #[test]
    fn fast_probabilities_equal_log_sum_exp() {
        let cumulative = cumulative_thresholds(&[-2.9, 0.1, 2.8]);
        let weights = step_weights(&cumulative);
        for eta in [-40.0, -12.5, -1.0, 0.0, 0.7, 9.0, 29.9, 45.0] {
            let (mut slow, mut fast) = ([0.0; 4], [0.0; 4]);
            let a = category_probabilities(eta, &cumulative, &mut slow);
            let b = category_probabilities_fast(eta, &cumulative, &weights, &mut fast);
            assert!((a.expected - b.expected).abs() < 1e-12, "E at {eta}");
            assert!((a.variance - b.variance).abs() < 1e-12, "W at {eta}");
            for k in 0..4 {
                assert!((slow[k] - fast[k]).abs() < 1e-12, "P_{k} at {eta}");
            }
        }
    }

    #[test]
    fn probabilities_stay_finite_for_huge_eta() {
        let mut p = [0.0; 4];
        let cumulative = cumulative_thresholds(&[-1.0, 0.0, 1.0]);
        for eta in [-1e6, 1e6] {
            let moments = category_probabilities(eta, &cumulative, &mut p);
            assert!(p.iter().all(|x| x.is_finite()));
            assert!(moments.expected.is_finite());
        }
    }
}
