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
