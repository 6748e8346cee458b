//! Agreement weights `w_kl` between categories (`w_kk = 1`, `0 ≤ w_kl ≤ 1`).

use crate::{Scale, StatsError};

/// A family of agreement weights over the categories of a scale.
///
/// Linear, quadratic and ordinal weights use category positions `k = 1..q`
/// (Cohen 1968; Gwet 2014), so a text scale and a contiguous integer scale give
/// the same weights. Ratio and bipolar weights use category values (see
/// [`Scale::value`]), as irrCAC 1.0 `weights.gen.r` does.
#[derive(Debug, Clone, PartialEq)]
pub enum WeightKind {
    /// `w = [k = l]` (unweighted).
    Identity,
    /// `w = 1 − |k − l| / (q − 1)`.
    Linear,
    /// `w = 1 − (k − l)² / (q − 1)²`.
    Quadratic,
    /// Gwet's ordinal weights: `m = |k − l| + 1`, `v = m(m − 1)/2`, `w = 1 − v / max v`.
    Ordinal,
    /// `w = 1 − ((x_k − x_l)/(x_k + x_l))² / ((x_max − x_min)/(x_max + x_min))²`,
    /// with `w_kk = 1` also when `x_k = 0`.
    Ratio,
    /// `v = (x_k − x_l)² / ((x_k + x_l − 2x_min)(2x_max − x_k − x_l))` for `k ≠ l`,
    /// `w = 1 − v / max v`.
    Bipolar,
    /// A user-supplied `q × q` agreement matrix, row-major.
    Custom(Vec<f64>),
}

impl WeightKind {
    /// Returns the suffix used in statistic names: `linear`, `quadratic`, …, `custom`
    /// (empty for identity weights).
    pub fn suffix(&self) -> &'static str {
        match self {
            WeightKind::Identity => "",
            WeightKind::Linear => "linear",
            WeightKind::Quadratic => "quadratic",
            WeightKind::Ordinal => "ordinal",
            WeightKind::Ratio => "ratio",
            WeightKind::Bipolar => "bipolar",
            WeightKind::Custom(_) => "custom",
        }
    }
}

/// A `q × q` agreement weight matrix, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    q: usize,
    w: Vec<f64>,
}

impl Weights {
    /// Builds the weights of `kind` over `scale`.
    ///
    /// A one-category scale always gets the 1 × 1 matrix `[1]`.
    ///
    /// # Errors
    /// [`StatsError::InvalidWeights`] for a custom matrix of the wrong size, a
    /// custom entry outside `[0, 1]`, a diagonal entry other than 1, or ratio or
    /// bipolar weights on a scale whose values make them 0/0.
    pub fn new(kind: &WeightKind, scale: &Scale) -> Result<Weights, StatsError> {
        let q = scale.len();
        if let WeightKind::Custom(matrix) = kind {
            return Weights::from_matrix(q, matrix.clone());
        }
        if q == 1 {
            return Ok(Weights { q, w: vec![1.0] });
        }
        let span = (q - 1) as f64;
        let x = scale.values();
        let (x_min, x_max) = (x[0], x[q - 1]);
        let mut w = vec![0.0; q * q];
        for k in 0..q {
            for l in 0..q {
                let d = k.abs_diff(l) as f64;
                w[k * q + l] = match kind {
                    WeightKind::Identity => f64::from(u8::from(k == l)),
                    WeightKind::Linear => 1.0 - d / span,
                    WeightKind::Quadratic => 1.0 - d * d / (span * span),
                    WeightKind::Ordinal => (d + 1.0) * d / 2.0,
                    WeightKind::Ratio => {
                        if k == l {
                            1.0
                        } else {
                            let r = (x[k] - x[l]) / (x[k] + x[l]);
                            let r_max = (x_max - x_min) / (x_max + x_min);
                            1.0 - r * r / (r_max * r_max)
                        }
                    }
                    WeightKind::Bipolar => {
                        if k == l {
                            0.0
                        } else {
                            let s = x[k] + x[l];
                            (x[k] - x[l]).powi(2) / ((s - 2.0 * x_min) * (2.0 * x_max - s))
                        }
                    }
                    WeightKind::Custom(_) => unreachable!("handled above"),
                };
            }
        }
        if matches!(kind, WeightKind::Ordinal | WeightKind::Bipolar) {
            let max = w.iter().copied().fold(0.0, f64::max);
            for value in &mut w {
                *value = 1.0 - *value / max;
            }
        }
        if w.iter().any(|v| !v.is_finite()) {
            return Err(StatsError::InvalidWeights {
                problem: format!(
                    "{} weights are 0/0 on the scale {scale}; use quadratic weights or another scale",
                    kind.suffix()
                ),
            });
        }
        Ok(Weights { q, w })
    }

    /// Builds weights from a row-major `q × q` agreement matrix.
    ///
    /// # Errors
    /// [`StatsError::InvalidWeights`] when the length is not `q²`, an entry is
    /// outside `[0, 1]`, or a diagonal entry is not 1.
    pub fn from_matrix(q: usize, w: Vec<f64>) -> Result<Weights, StatsError> {
        if w.len() != q * q {
            return Err(StatsError::InvalidWeights {
                problem: format!(
                    "{} entries given, the scale needs {q} × {q} = {}",
                    w.len(),
                    q * q
                ),
            });
        }
        if let Some(v) = w.iter().find(|v| !(0.0..=1.0).contains(*v)) {
            return Err(StatsError::InvalidWeights {
                problem: format!(
                    "entry {v} is outside [0, 1]; agreement weights run from 0 (none) to 1 (full)"
                ),
            });
        }
        if (0..q).any(|k| w[k * q + k] != 1.0) {
            return Err(StatsError::InvalidWeights {
                problem: "a diagonal entry is not 1; identical scores must have weight 1"
                    .to_string(),
            });
        }
        Ok(Weights { q, w })
    }

    /// Converts disagreement weights `v_kl` (0 on the diagonal, such as Cohen's
    /// 1968 weights) to agreement weights `w = 1 − v / max v`.
    ///
    /// Weighted kappa is invariant to this affine rescaling.
    ///
    /// # Errors
    /// [`StatsError::InvalidWeights`] when the length is not `q²`, an entry is
    /// negative, the diagonal is not 0, or every entry is 0.
    pub fn from_disagreement(q: usize, v: &[f64]) -> Result<Weights, StatsError> {
        if v.len() != q * q {
            return Err(StatsError::InvalidWeights {
                problem: format!(
                    "{} entries given, the scale needs {q} × {q} = {}",
                    v.len(),
                    q * q
                ),
            });
        }
        let max = v.iter().copied().fold(0.0, f64::max);
        if v.iter().any(|&x| x < 0.0 || !x.is_finite()) || max == 0.0 {
            return Err(StatsError::InvalidWeights {
                problem: "disagreement weights must be finite, non-negative and not all 0"
                    .to_string(),
            });
        }
        if (0..q).any(|k| v[k * q + k] != 0.0) {
            return Err(StatsError::InvalidWeights {
                problem: "a diagonal disagreement weight is not 0".to_string(),
            });
        }
        Weights::from_matrix(q, v.iter().map(|x| 1.0 - x / max).collect())
    }

    /// Returns the number of categories.
    pub fn q(&self) -> usize {
        self.q
    }

    /// Returns the weight `w_kl`.
    pub fn get(&self, k: usize, l: usize) -> f64 {
        self.w[k * self.q + l]
    }

    /// `T_w = Σ_kl w_kl`.
    pub fn total(&self) -> f64 {
        self.w.iter().sum()
    }

    /// Returns whether these are identity weights.
    pub fn is_identity(&self) -> bool {
        (0..self.q).all(|k| (0..self.q).all(|l| self.get(k, l) == f64::from(u8::from(k == l))))
    }
}
