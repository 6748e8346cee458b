//! Chance-corrected agreement for any number of raters with missing ratings:
//! Fleiss' kappa (Gwet's generalisation), Gwet's AC1/AC2, Brennan–Prediger and
//! Conger's kappa, with Gwet's standard errors.
//!
//! Notation (Gwet 2014, ch. 2–5; irrCAC 1.0 `agree.coeff3.raw.r`): `n` units
//! with at least one rating, `r_ik` ratings of unit `i` in category `k`,
//! `r_i = Σ_k r_ik`, `r*_ik = Σ_l w_kl r_il`, `n₂` units with `r_i ≥ 2`.
//!
//! * `p_a|i = Σ_k r_ik (r*_ik − 1) / (r_i(r_i − 1))` for `r_i ≥ 2` (else 0),
//!   `p_a = Σ_i p_a|i / n₂`;
//! * `π_k = (1/n) Σ_i r_ik / r_i` over all `n` units, so singly rated units
//!   enter chance agreement but not observed agreement;
//! * coefficient `c = (p_a − p_e)/(1 − p_e)`;
//! * variance `Var(c) = (1/(n(n − 1))) Σ_i (c*_i − c)²` with
//!   `c_i = (n/n₂)(p_a|i − p_e·[r_i ≥ 2])/(1 − p_e)` and
//!   `c*_i = c_i − 2(1 − c)(p_e|i − p_e)/(1 − p_e)` (no finite-population correction);
//! * interval `c ± t_{0.975, n−1}·SE` with the upper bound capped at 1;
//!   p-value `2(1 − T_{n−1}(|c|/SE))`.

use crate::cohen::{chance_is_one, cohen_kappa};
use crate::distribution::{t_975, t_two_sided_p};
use crate::undefined::snap_to_zero;
use crate::{CountTable, Interval, Ratings, Statistic, Undefined, Weights};

/// A chance-corrected coefficient with its components and Gwet's inference.
#[derive(Debug, Clone, PartialEq)]
pub struct Coefficient {
    /// The coefficient `(p_a − p_e)/(1 − p_e)`, undefined when `p_e = 1`.
    pub estimate: Statistic,
    /// Observed (weighted) agreement `p_a`.
    pub observed: f64,
    /// Chance agreement `p_e`.
    pub chance: f64,
    /// Units with at least one rating (`n`).
    pub units: usize,
    /// Standard error.
    pub se: Statistic,
    /// 95% confidence interval.
    pub ci: Result<Interval, Undefined>,
    /// Two-sided p-value of `H0: coefficient = 0`.
    pub p_value: Statistic,
}

impl Coefficient {
    /// Builds a coefficient whose chance agreement is 1. The estimate and its
    /// inference are 0/0, but `p_a` and `p_e` are still defined.
    pub(crate) fn without_estimate(observed: f64, chance: f64, units: usize) -> Coefficient {
        Coefficient {
            estimate: Err(Undefined::NoVariation),
            observed,
            chance,
            units,
            se: Err(Undefined::NoVariation),
            ci: Err(Undefined::NoVariation),
            p_value: Err(Undefined::NoVariation),
        }
    }
}

/// Per-unit observed agreement and the counts needed by every coefficient.
struct Observed {
    pa: f64,
    pa_unit: Vec<f64>,
    n2: usize,
    pi: Vec<f64>,
}

fn observed(table: &CountTable, weights: &Weights) -> Result<Observed, Undefined> {
    let q = table.q;
    let n = table.rows();
    let mut pa_unit = vec![0.0; n];
    let mut pi = vec![0.0; q];
    let mut n2 = 0usize;
    let mut sum = 0.0;
    for (i, pa_i) in pa_unit.iter_mut().enumerate() {
        let row = table.row(i);
        let r = f64::from(table.totals[i]);
        for k in 0..q {
            pi[k] += f64::from(row[k]) / r;
        }
        if r < 2.0 {
            continue;
        }
        let mut agreeing = 0.0;
        for k in 0..q {
            if row[k] == 0 {
                continue;
            }
            let weighted: f64 = (0..q).map(|l| weights.get(k, l) * f64::from(row[l])).sum();
            agreeing += f64::from(row[k]) * (weighted - 1.0);
        }
        *pa_i = agreeing / (r * (r - 1.0));
        sum += *pa_i;
        n2 += 1;
    }

    if n2 == 0 {
        return Err(Undefined::NoPairableUnits);
    }

    for value in &mut pi {
        *value /= n as f64;
    }

    Ok(Observed {
        pa: sum / n2 as f64,
        pa_unit,
        n2,
        pi,
    })
}

/// Finishes a coefficient from `p_a`, `p_e` and the per-unit chance terms `p_e|i`
/// (`None` for Brennan–Prediger, whose chance term does not depend on the data).
fn finish(
    table: &CountTable,
    obs: &Observed,
    chance: f64,
    chance_unit: Option<&[f64]>,
) -> Result<Coefficient, Undefined> {
    let n = table.rows();
    if chance_is_one(chance) {
        return Ok(Coefficient::without_estimate(obs.pa, chance, n));
    }

    let estimate = snap_to_zero((obs.pa - chance) / (1.0 - chance));
    let se = if n < 2 {
        Err(Undefined::TooFewUnits {
            needed: 2,
            found: n,
            counted: "rated units",
        })
    } else {
        let scale = n as f64 / obs.n2 as f64;
        let mut sum = 0.0;
        for i in 0..n {
            let pairable = if table.totals[i] >= 2 { 1.0 } else { 0.0 };
            let mut c_i = scale * (obs.pa_unit[i] - chance * pairable) / (1.0 - chance);
            if let Some(pe_unit) = chance_unit {
                c_i -= 2.0 * (1.0 - estimate) * (pe_unit[i] - chance) / (1.0 - chance);
            }
            sum += (c_i - estimate).powi(2);
        }
        Ok(snap_to_zero((sum / (n as f64 * (n as f64 - 1.0))).sqrt()))
    };

    let df = n as f64 - 1.0;
    let ci = se.clone().map(|s| {
        let half = t_975(df) * s;
        Interval {
            lower: estimate - half,
            upper: (estimate + half).min(1.0),
        }
    });

    let p_value = se.clone().and_then(|s| {
        if s > 0.0 {
            Ok(t_two_sided_p(estimate / s, df))
        } else if estimate != 0.0 {
            Ok(0.0)
        } else {
            Err(Undefined::ZeroStandardError)
        }
    });

    Ok(Coefficient {
        estimate: Ok(estimate),
        observed: obs.pa,
        chance,
        units: n,
        se,
        ci,
        p_value,
    })
}

fn check_categories(table: &CountTable) -> Result<(), Undefined> {
    if table.q < 2 {
        return Err(Undefined::SingleCategory);
    }

    Ok(())
}

/// Computes Fleiss' kappa generalised to any number of ratings per unit and to
/// weights (Gwet 2014; irrCAC `fleiss.kappa.raw`).
///
/// `p_e = Σ_kl w_kl π_k π_l`; per-unit chance `p_e|i = Σ_k (r_ik/r_i) π̄_k` with
/// `π̄ = (Wπ + Wᵀπ)/2`. With complete data and identity weights this is Fleiss
/// (1971); with two raters it is Scott's pi.
///
/// Undefined with no pairable unit or a single category; the estimate and its
/// inference are undefined when `p_e = 1`.
pub fn fleiss_kappa(table: &CountTable, weights: &Weights) -> Result<Coefficient, Undefined> {
    check_categories(table)?;
    let obs = observed(table, weights)?;
    let q = table.q;
    let mut chance = 0.0;
    for k in 0..q {
        for l in 0..q {
            chance += weights.get(k, l) * obs.pi[k] * obs.pi[l];
        }
    }

    let pi_bar: Vec<f64> = (0..q)
        .map(|k| {
            (0..q)
                .map(|l| (weights.get(k, l) + weights.get(l, k)) * obs.pi[l])
                .sum::<f64>()
                / 2.0
        })
        .collect();
    let chance_unit = unit_chance(table, |row, r| {
        (0..q).map(|k| f64::from(row[k]) / r * pi_bar[k]).sum()
    });
    finish(table, &obs, chance, Some(&chance_unit))
}

/// Computes Gwet's AC1 (identity weights) or AC2 (other weights)
/// (Gwet 2008; irrCAC `gwet.ac1.raw`).
///
/// `p_e = T_w/(q(q − 1)) · Σ_k π_k(1 − π_k)` with `T_w = Σ_kl w_kl` and `q` the
/// size of the declared scale; `p_e|i = T_w/(q(q − 1)) Σ_k (r_ik/r_i)(1 − π_k)`.
/// Stays defined when all ratings are identical (then AC1 = 1).
///
/// Undefined with no pairable unit or a single category.
pub fn gwet_ac(table: &CountTable, weights: &Weights) -> Result<Coefficient, Undefined> {
    check_categories(table)?;
    let obs = observed(table, weights)?;
    let q = table.q as f64;
    let factor = weights.total() / (q * (q - 1.0));
    let chance = factor * obs.pi.iter().map(|p| p * (1.0 - p)).sum::<f64>();
    let pi = &obs.pi;
    let chance_unit = unit_chance(table, |row, r| {
        factor
            * row
                .iter()
                .zip(pi)
                .map(|(&count, p)| f64::from(count) / r * (1.0 - p))
                .sum::<f64>()
    });
    finish(table, &obs, chance, Some(&chance_unit))
}

/// Computes the Brennan–Prediger coefficient (Brennan & Prediger 1981;
/// irrCAC `bp.coeff.raw`): `p_e = T_w / q²` with `q` the size of the declared
/// scale, and `c*_i = c_i` in the variance.
///
/// Undefined with no pairable unit or a single category.
pub fn brennan_prediger(table: &CountTable, weights: &Weights) -> Result<Coefficient, Undefined> {
    check_categories(table)?;
    let obs = observed(table, weights)?;
    let q = table.q as f64;
    let chance = weights.total() / (q * q);
    finish(table, &obs, chance, None)
}

fn unit_chance(table: &CountTable, per_unit: impl Fn(&[u32], f64) -> f64) -> Vec<f64> {
    (0..table.rows())
        .map(|i| per_unit(table.row(i), f64::from(table.totals[i])))
        .collect()
}

/// Computes Conger's (1980) kappa generalised to missing ratings and weights
/// (Gwet 2014; irrCAC `conger.kappa.raw`), whose chance agreement uses each
/// rater's own category distribution.
///
/// With `n_g` units rated by rater `g`, `p_gk` the share of them in category
/// `k`, `p̄_k = mean_g p_gk` and
/// `s²_kl = (Σ_g p_gk p_gl − r p̄_k p̄_l)/(r − 1)`:
/// `p_e = Σ_kl w_kl (p̄_k p̄_l − s²_kl / r)`. The variance follows irrCAC's
/// linearisation over units and raters.
///
/// Undefined with fewer than two raters, no pairable unit or a single
/// category; the estimate and its inference are undefined when `p_e = 1`.
pub fn conger_kappa(ratings: &Ratings, weights: &Weights) -> Result<Coefficient, Undefined> {
    let r = ratings.n_raters();
    if r < 2 {
        return Err(Undefined::SingleRater);
    }

    let table = ratings.count_table();
    check_categories(&table)?;
    let obs = observed(&table, weights)?;
    let q = table.q;
    let rf = r as f64;
    // Per-rater classification counts over the units they rated.
    let mut classified = vec![0.0; r * q];
    for i in 0..ratings.n_units() {
        let (raters, categories) = ratings.unit(i);
        for (&g, &k) in raters.iter().zip(categories) {
            classified[g as usize * q + usize::from(k)] += 1.0;
        }
    }

    let rated: Vec<f64> = (0..r)
        .map(|g| classified[g * q..(g + 1) * q].iter().sum())
        .collect();
    let p: Vec<f64> = (0..r * q)
        .map(|gk| classified[gk] / rated[gk / q])
        .collect();
    let p_mean: Vec<f64> = (0..q)
        .map(|k| (0..r).map(|g| p[g * q + k]).sum::<f64>() / rf)
        .collect();
    let mut chance = 0.0;
    for k in 0..q {
        for l in 0..q {
            let cross: f64 = (0..r).map(|g| p[g * q + k] * p[g * q + l]).sum();
            let s2 = (cross - rf * p_mean[k] * p_mean[l]) / (rf - 1.0);
            chance += weights.get(k, l) * (p_mean[k] * p_mean[l] - s2 / rf);
        }
    }
    // λ_ig = Σ_k (n/n_g) Σ_l w_kl (δ_igl − (ε_ig − n_g/n) p_gl) · (r p̄_k − p_gk), where
    // δ_igl marks that rater g put unit i in category l and ε_ig that g rated i.
    // A missing rating has δ = ε = 0, so its term depends only on the rater, which
    // lets each unit start from the sum over all raters as if none had rated it.
    let n = table.rows() as f64;
    let lambda = |g: usize, rated_category: Option<usize>| -> f64 {
        let epsilon = if rated_category.is_some() { 1.0 } else { 0.0 };
        let mut total = 0.0;
        for k in 0..q {
            let mut inner = 0.0;
            for l in 0..q {
                let delta = if rated_category == Some(l) { 1.0 } else { 0.0 };
                inner += weights.get(k, l) * (delta - (epsilon - rated[g] / n) * p[g * q + l]);
            }
            total += inner * (n / rated[g]) * (rf * p_mean[k] - p[g * q + k]);
        }
        total
    };

    let missing_lambda: Vec<f64> = (0..r).map(|g| lambda(g, None)).collect();
    let missing_total: f64 = missing_lambda.iter().sum();
    let mut rated_lambda = vec![0.0; r * q];
    for g in 0..r {
        for k in 0..q {
            rated_lambda[g * q + k] = lambda(g, Some(k));
        }
    }

    let mut chance_unit = Vec::with_capacity(table.rows());
    for i in 0..ratings.n_units() {
        let (raters, categories) = ratings.unit(i);
        if raters.is_empty() {
            continue;
        }
        let mut total = missing_total;
        for (&g, &k) in raters.iter().zip(categories) {
            let g = g as usize;
            total += rated_lambda[g * q + usize::from(k)] - missing_lambda[g];
        }
        chance_unit.push(total / (rf * (rf - 1.0)));
    }
    finish(&table, &obs, chance, Some(&chance_unit))
}

/// Fleiss' (1971) kappa over the units rated by every rater, with the standard
/// error under `H0: κ = 0` of Fleiss, Nee & Landis (1979).
#[derive(Debug, Clone, PartialEq)]
pub struct FleissNullTest {
    /// Fleiss' kappa over the complete units.
    pub kappa: f64,
    /// Units rated by every rater.
    pub units: usize,
    /// `√Var0`, with `q_k = 1 − p_k`:
    /// `Var0 = 2/(n m (m − 1) (Σ p_k q_k)²) · [(Σ p_k q_k)² − Σ p_k q_k (q_k − p_k)]`.
    pub se_null: f64,
    /// `z = κ / se_null` (as R irr `kappam.fleiss`).
    pub z: Statistic,
}

/// Computes Fleiss' (1971) kappa and its null-hypothesis test over the units
/// that every rater rated (listwise deletion, as R irr `kappam.fleiss`).
///
/// Undefined with fewer than two raters, no complete unit, or no variation.
pub fn fleiss_null_test(ratings: &Ratings) -> Result<FleissNullTest, Undefined> {
    let m = ratings.n_raters();
    if m < 2 {
        return Err(Undefined::SingleRater);
    }

    let complete = ratings.complete_units();
    let n = complete.len();
    if n == 0 {
        return Err(Undefined::TooFewUnits {
            needed: 1,
            found: 0,
            counted: "units rated by every rater",
        });
    }

    let q = ratings.scale().len();
    let mf = m as f64;
    let nf = n as f64;
    let mut totals = vec![0.0; q];
    let mut agreement = 0.0;
    let mut counts = vec![0.0f64; q];
    for row in &complete {
        counts.iter_mut().for_each(|c| *c = 0.0);
        for &k in row {
            counts[usize::from(k)] += 1.0;
        }
        let squares: f64 = counts.iter().map(|c| c * c).sum();
        agreement += (squares - mf) / (mf * (mf - 1.0));
        for k in 0..q {
            totals[k] += counts[k];
        }
    }

    let p: Vec<f64> = totals.iter().map(|t| t / (nf * mf)).collect();
    let p_bar = agreement / nf;
    let p_e: f64 = p.iter().map(|x| x * x).sum();
    if chance_is_one(p_e) {
        return Err(Undefined::NoVariation);
    }

    let kappa = (p_bar - p_e) / (1.0 - p_e);
    let pq: f64 = p.iter().map(|x| x * (1.0 - x)).sum();
    let pq_skew: f64 = p.iter().map(|x| x * (1.0 - x) * (1.0 - 2.0 * x)).sum();
    let variance = 2.0 / (nf * mf * (mf - 1.0) * pq * pq) * (pq * pq - pq_skew);
    let se_null = variance.max(0.0).sqrt();
    let z = if se_null > 0.0 {
        Ok(kappa / se_null)
    } else {
        Err(Undefined::ZeroStandardError)
    };

    Ok(FleissNullTest {
        kappa,
        units: n,
        se_null,
        z,
    })
}

/// Computes Light's (1971) kappa: the mean of unweighted Cohen's kappa over all
/// rater pairs, on the units rated by every rater (as R irr `kappam.light`).
///
/// Undefined with fewer than two raters, no complete unit, or when any pair's
/// kappa is undefined.
pub fn light_kappa(ratings: &Ratings) -> Statistic {
    let r = ratings.n_raters();
    if r < 2 {
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

    let q = ratings.scale().len();
    let identity = Weights::from_matrix(
        q,
        (0..q * q)
            .map(|kl| f64::from(u8::from(kl / q == kl % q)))
            .collect(),
    )
    .expect("identity weights are valid");
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for a in 0..r {
        for b in a + 1..r {
            let mut table = vec![0u32; q * q];
            for row in &complete {
                table[usize::from(row[a]) * q + usize::from(row[b])] += 1;
            }
            sum += cohen_kappa(&table, &identity)
                .map_err(|reason| reason.because_of("a pairwise Cohen's kappa"))?
                .kappa;
            pairs += 1;
        }
    }

    Ok(sum / pairs as f64)
}
