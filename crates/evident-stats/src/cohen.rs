//! Two-rater coefficients from a joint table: Cohen's kappa and Scott's pi.

use crate::distribution::{normal_975, normal_two_sided_p, t_975};
use crate::undefined::snap_to_zero;
use crate::{Interval, Statistic, Undefined, Weights};

/// Cohen's (weighted) kappa with its standard errors, test and intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct CohenKappa {
    /// `κ_w = (P_o − P_e)/(1 − P_e)`.
    pub kappa: f64,
    /// Observed weighted agreement `P_o`.
    pub observed: f64,
    /// Chance weighted agreement `P_e`.
    pub chance: f64,
    /// Units rated by both raters.
    pub units: usize,
    /// Asymptotic standard error (Fleiss, Cohen & Everitt 1969).
    pub se: Statistic,
    /// Standard error under `H0: κ = 0`.
    pub se_null: Statistic,
    /// `z = κ / se_null`.
    pub z: Statistic,
    /// Two-sided normal p-value of `z`.
    pub p_value: Statistic,
    /// `κ ± z_{0.975}·se`, truncated to `[−1, 1]` (the platform convention).
    pub ci: Result<Interval, Undefined>,
    /// `κ ± t_{0.975, n−1}·se` with the upper bound capped at 1 (irrCAC `kappa2.table`).
    pub ci_t: Result<Interval, Undefined>,
}

/// Scott's pi with Gwet's standard error and t interval.
#[derive(Debug, Clone, PartialEq)]
pub struct ScottPi {
    /// `π = (P_o − P_e)/(1 − P_e)` with `P_e = Σ w_kl π_k π_l`.
    pub pi: f64,
    /// Units rated by both raters.
    pub units: usize,
    /// Standard error (irrCAC `scott2.table`).
    pub se: Statistic,
    /// `π ± t_{0.975, n−1}·se`, upper bound capped at 1.
    pub ci: Result<Interval, Undefined>,
}

/// Marginal proportions and observed agreement of a `q × q` count table.
struct Proportions {
    n: f64,
    p: Vec<f64>,
    rows: Vec<f64>,
    columns: Vec<f64>,
    observed: f64,
}

fn proportions(table: &[u32], weights: &Weights) -> Result<Proportions, Undefined> {
    let q = weights.q();
    assert_eq!(
        table.len(),
        q * q,
        "the table must be q × q for the weights"
    );

    let n: f64 = table.iter().map(|&c| f64::from(c)).sum();
    if n == 0.0 {
        return Err(Undefined::TooFewUnits {
            needed: 1,
            found: 0,
            counted: "units rated by both raters",
        });
    }

    let p: Vec<f64> = table.iter().map(|&c| f64::from(c) / n).collect();
    let mut rows = vec![0.0; q];
    let mut columns = vec![0.0; q];
    let mut observed = 0.0;
    for k in 0..q {
        for l in 0..q {
            rows[k] += p[k * q + l];
            columns[l] += p[k * q + l];
            observed += weights.get(k, l) * p[k * q + l];
        }
    }

    Ok(Proportions {
        n,
        p,
        rows,
        columns,
        observed,
    })
}

/// Returns `a − b` for `a ≥ 0`, or 0 when the difference is below the rounding
/// error of `a` (the variances below subtract nearly equal sums).
fn cancel(a: f64, b: f64) -> f64 {
    let difference = a - b;
    if difference <= 1e-12 * a.abs() {
        0.0
    } else {
        difference
    }
}

/// Returns whether chance agreement is 1 up to rounding, which makes a coefficient 0/0.
pub(crate) fn chance_is_one(chance: f64) -> bool {
    (1.0 - chance).abs() <= 1e-12
}

fn t_interval(estimate: f64, se: &Statistic, n: f64) -> Result<Interval, Undefined> {
    let se = se.clone()?;
    let half = t_975(n - 1.0) * se;
    Ok(Interval {
        lower: estimate - half,
        upper: (estimate + half).min(1.0),
    })
}

/// Computes Cohen's kappa (Cohen 1960), weighted kappa (Cohen 1968) and their
/// large-sample inference from the joint table of two raters.
///
/// `table[k·q + l]` counts units that rater A put in category `k` and rater B in
/// `l`; only units rated by both belong in it (listwise deletion). With
/// proportions `p_kl`, margins `p_k.`, `p_.l`, `w̄_k. = Σ_l p_.l w_kl` and
/// `w̄_.l = Σ_k p_k. w_kl`:
///
/// * `P_o = Σ w_kl p_kl`, `P_e = Σ w_kl p_k. p_.l`, `κ = (P_o − P_e)/(1 − P_e)`;
/// * `Var(κ) = [Σ p_kl (w_kl − (w̄_k. + w̄_.l)(1 − κ))² − (κ − P_e(1 − κ))²] / (n(1 − P_e)²)`
///   (Fleiss, Cohen & Everitt 1969; as statsmodels `std_kappa`, vcd `ASE`);
/// * `Var0 = [Σ p_k. p_.l (w_kl − (w̄_k. + w̄_.l))² − P_e²] / (n(1 − P_e)²)`,
///   `z = κ / √Var0`, two-sided normal p.
///
/// Undefined when no unit was rated by both or `P_e = 1` (no variation).
/// Standard errors and intervals are undefined for fewer than two units.
pub fn cohen_kappa(table: &[u32], weights: &Weights) -> Result<CohenKappa, Undefined> {
    let q = weights.q();
    let props = proportions(table, weights)?;
    let mut chance = 0.0;
    for k in 0..q {
        for l in 0..q {
            chance += weights.get(k, l) * props.rows[k] * props.columns[l];
        }
    }

    if chance_is_one(chance) {
        return Err(Undefined::NoVariation);
    }

    let kappa = snap_to_zero((props.observed - chance) / (1.0 - chance));
    let row_mean: Vec<f64> = (0..q)
        .map(|k| (0..q).map(|l| props.columns[l] * weights.get(k, l)).sum())
        .collect();
    let column_mean: Vec<f64> = (0..q)
        .map(|l| (0..q).map(|k| props.rows[k] * weights.get(k, l)).sum())
        .collect();
    let mut sum = 0.0;
    let mut sum_null = 0.0;
    for k in 0..q {
        for l in 0..q {
            let w = weights.get(k, l);
            let margin_sum = row_mean[k] + column_mean[l];
            sum += props.p[k * q + l] * (w - margin_sum * (1.0 - kappa)).powi(2);
            sum_null += props.rows[k] * props.columns[l] * (w - margin_sum).powi(2);
        }
    }

    let n = props.n;
    let scale = n * (1.0 - chance).powi(2);
    let (se, se_null) = if n < 2.0 {
        let few = Undefined::TooFewUnits {
            needed: 2,
            found: props.n as usize,
            counted: "units rated by both raters",
        };
        (Err(few.clone()), Err(few))
    } else {
        let variance = cancel(sum, (kappa - chance * (1.0 - kappa)).powi(2)) / scale;
        let variance_null = cancel(sum_null, chance * chance) / scale;
        (Ok(variance.sqrt()), Ok(variance_null.sqrt()))
    };

    let z = se_null.clone().and_then(|s| {
        if s > 0.0 {
            Ok(kappa / s)
        } else {
            Err(Undefined::ZeroStandardError)
        }
    });

    let p_value = z.clone().map(normal_two_sided_p);
    let ci = se.clone().map(|s| Interval {
        lower: (kappa - normal_975() * s).max(-1.0),
        upper: (kappa + normal_975() * s).min(1.0),
    });

    let ci_t = t_interval(kappa, &se, n);
    Ok(CohenKappa {
        kappa,
        observed: props.observed,
        chance,
        units: n as usize,
        se,
        se_null,
        z,
        p_value,
        ci,
        ci_t,
    })
}

/// Computes Scott's pi (Scott 1955), optionally weighted, from the joint table
/// of two raters.
///
/// `π_k = (p_k. + p_.k)/2`, `P_e = Σ w_kl π_k π_l`, `π = (P_o − P_e)/(1 − P_e)`.
/// With `p̄_k = ((Wπ_col)_k + (Wᵀπ_row)_k)/2`, where `π_col = p_.l` and
/// `π_row = p_k.`, the variance is
/// `[Σ p_kl (w_kl − (1 − π)(p̄_k + p̄_l))² − (P_o − 2(1 − π)P_e)²] / (n(1 − P_e)²)`
/// (Gwet 2014; irrCAC `scott2.table`). Fleiss' kappa of two raters equals Scott's pi.
///
/// Undefined when no unit was rated by both or `P_e = 1`.
pub fn scott_pi(table: &[u32], weights: &Weights) -> Result<ScottPi, Undefined> {
    let q = weights.q();
    let props = proportions(table, weights)?;
    let pi_k: Vec<f64> = (0..q)
        .map(|k| (props.rows[k] + props.columns[k]) / 2.0)
        .collect();
    let mut chance = 0.0;
    for k in 0..q {
        for l in 0..q {
            chance += weights.get(k, l) * pi_k[k] * pi_k[l];
        }
    }

    if chance_is_one(chance) {
        return Err(Undefined::NoVariation);
    }

    let pi = snap_to_zero((props.observed - chance) / (1.0 - chance));
    let p_bar: Vec<f64> = (0..q)
        .map(|k| {
            let by_column: f64 = (0..q).map(|l| weights.get(k, l) * props.columns[l]).sum();
            let by_row: f64 = (0..q).map(|l| weights.get(l, k) * props.rows[l]).sum();
            (by_column + by_row) / 2.0
        })
        .collect();
    let mut sum = 0.0;
    for k in 0..q {
        for l in 0..q {
            sum += props.p[k * q + l]
                * (weights.get(k, l) - (1.0 - pi) * (p_bar[k] + p_bar[l])).powi(2);
        }
    }

    let n = props.n;
    let se = if n < 2.0 {
        Err(Undefined::TooFewUnits {
            needed: 2,
            found: n as usize,
            counted: "units rated by both raters",
        })
    } else {
        let variance = cancel(sum, (props.observed - 2.0 * (1.0 - pi) * chance).powi(2))
            / (n * (1.0 - chance).powi(2));
        Ok(variance.sqrt())
    };

    let ci = t_interval(pi, &se, n);
    Ok(ScottPi {
        pi,
        units: n as usize,
        se,
        ci,
    })
}
