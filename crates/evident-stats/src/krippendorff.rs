//! Krippendorff's alpha at the four levels of measurement, with a seeded
//! bootstrap interval, and Gwet's weighted form with its analytic standard error.

use std::collections::HashMap;

use crate::cohen::chance_is_one;
use crate::distribution::{t_975, t_two_sided_p};
use crate::multirater::Coefficient;
use crate::random::SplitMix64;
use crate::undefined::snap_to_zero;
use crate::{CountTable, Interval, Level, Scale, Statistic, Undefined, Weights};

/// Returns the squared distance `δ²_ck` of `level` between categories `c` and `k`,
/// given the category values `x` and the pairable-value frequencies `n_g`.
///
/// * nominal: `[c ≠ k]`;
/// * ordinal: `(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`;
/// * interval: `(x_c − x_k)²`;
/// * ratio: `((x_c − x_k)/(x_c + x_k))²`, and 0 when `x_c = x_k = 0`.
fn delta_squared(level: Level, c: usize, k: usize, x: &[f64], frequencies: &[f64]) -> f64 {
    if c == k {
        return 0.0;
    }

    match level {
        Level::Nominal => 1.0,
        Level::Ordinal => {
            let (lo, hi) = (c.min(k), c.max(k));
            let between: f64 = frequencies[lo..=hi].iter().sum();
            (between - (frequencies[c] + frequencies[k]) / 2.0).powi(2)
        }
        Level::Interval => (x[c] - x[k]).powi(2),
        Level::Ratio => {
            let sum = x[c] + x[k];
            if sum == 0.0 {
                0.0
            } else {
                ((x[c] - x[k]) / sum).powi(2)
            }
        }
    }
}

/// Adds one unit's contribution to the coincidence matrix:
/// `o_ck += r_c (r_k − [c = k]) / (m_u − 1)`.
fn add_coincidences(row: &[u32], weight: f64, coincidences: &mut [f64]) {
    let q = row.len();
    let m: u32 = row.iter().sum();
    let scale = weight / f64::from(m - 1);
    for c in 0..q {
        if row[c] == 0 {
            continue;
        }
        for k in 0..q {
            let pairs = f64::from(row[c]) * (f64::from(row[k]) - f64::from(u8::from(c == k)));
            coincidences[c * q + k] += pairs * scale;
        }
    }
}

/// Computes alpha from a coincidence matrix:
/// `α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`, with `n_c = Σ_k o_ck`.
fn alpha_from_coincidences(coincidences: &[f64], x: &[f64], level: Level) -> Statistic {
    let q = x.len();
    let frequencies: Vec<f64> = (0..q)
        .map(|c| coincidences[c * q..(c + 1) * q].iter().sum())
        .collect();
    let n: f64 = frequencies.iter().sum();
    let mut observed = 0.0;
    let mut expected = 0.0;
    for c in 0..q {
        for k in 0..q {
            let delta = delta_squared(level, c, k, x, &frequencies);
            observed += coincidences[c * q + k] * delta;
            expected += frequencies[c] * frequencies[k] * delta;
        }
    }
    // The expected disagreement is 0 (up to rounding) only when every pairable
    // value is the same, or at ratio level when they are all 0.
    if expected <= 1e-12 * n * n {
        return Err(Undefined::NoVariation);
    }

    Ok(1.0 - (n - 1.0) * observed / expected)
}

/// Computes Krippendorff's alpha at `level` (Krippendorff 2011, "Computing
/// Krippendorff's alpha-reliability").
///
/// Units with fewer than two values are dropped. The coincidence matrix is
/// `o_ck = Σ_u (ordered pairs (c, k) of values in u from different raters)/(m_u − 1)`,
/// `n_c = Σ_k o_ck`, `n = Σ_c n_c`, and
/// `α = 1 − (n − 1) Σ o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck`, with the metric of
/// [`Level`] (nominal `[c ≠ k]`; ordinal from the pairable-value frequencies, so
/// unused categories do not change it; interval `(x_c − x_k)²`; ratio
/// `((x_c − x_k)/(x_c + x_k))²`), where `x` are the category values of `scale`.
///
/// Undefined when no unit has two values, or when all pairable values are
/// equal (expected disagreement 0); references return NaN or, wrongly, 1.
pub fn krippendorff_alpha(table: &CountTable, scale: &Scale, level: Level) -> Statistic {
    krippendorff_alphas(table, scale, &[level]).remove(0)
}

/// Computes Krippendorff's alpha at each of `levels` from one pass over the
/// units; see [`krippendorff_alpha`].
pub fn krippendorff_alphas(table: &CountTable, scale: &Scale, levels: &[Level]) -> Vec<Statistic> {
    let q = table.q;
    let mut coincidences = vec![0.0; q * q];
    let mut pairable = 0usize;
    for i in 0..table.rows() {
        if table.totals[i] >= 2 {
            add_coincidences(table.row(i), 1.0, &mut coincidences);
            pairable += 1;
        }
    }

    levels
        .iter()
        .map(|&level| {
            if pairable == 0 {
                return Err(Undefined::NoPairableUnits);
            }
            alpha_from_coincidences(&coincidences, scale.values(), level)
        })
        .collect()
}

/// Settings of the bootstrap interval for Krippendorff's alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// The number of bootstrap replicates.
    pub replicates: usize,
    /// The seed; the same seed, data and replicate count give the same interval.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 1,000 replicates with seed 20261204.
    fn default() -> Bootstrap {
        Bootstrap {
            replicates: 1000,
            seed: 20_261_204,
        }
    }
}

/// Pairable units above which the bootstrap draws Poisson weights per distinct
/// unit pattern instead of resampling units one by one.
const POISSON_BOOTSTRAP_ABOVE: usize = 20_000;

/// Computes 95% percentile bootstrap intervals of Krippendorff's alpha at each
/// of `levels`, resampling pairable units with replacement.
///
/// With up to 20,000 pairable units, each replicate draws as many units as the
/// data have, uniformly with replacement. Above that it uses the Poisson
/// bootstrap, which weights each unit by an independent Poisson(1) count. A
/// pattern shared by `c` units then gets one Poisson(`c`) count, so a replicate
/// costs one draw per distinct pattern instead of one per unit. For samples
/// this large it approximates resampling units closely. Every replicate recomputes alpha from the weighted
/// coincidences, and all levels share the replicates. The bounds are the 2.5% and 97.5% quantiles (linear
/// interpolation) of the replicates whose alpha is defined. Replicate `b` uses
/// its own SplitMix64 stream seeded from `seed` and `b`, so the result does not
/// depend on the number of threads.
///
/// NOTE: this resamples units, the usual cluster bootstrap for rating data.
/// Hayes & Krippendorff (2007) resample pairs of values instead, so their
/// intervals can differ, chiefly for small samples.
///
/// An interval is undefined when alpha itself is, or when fewer than half of
/// the replicates give a defined alpha.
pub fn krippendorff_bootstrap(
    table: &CountTable,
    scale: &Scale,
    levels: &[Level],
    settings: Bootstrap,
) -> Vec<Result<Interval, Undefined>> {
    let q = table.q;
    // Units with the same counts contribute the same coincidences, so draws are
    // tallied per distinct count pattern.
    let mut pattern_ids: HashMap<&[u32], u32> = HashMap::new();
    let mut patterns: Vec<Vec<f64>> = Vec::new();
    let mut unit_pattern: Vec<u32> = Vec::new();
    for i in 0..table.rows() {
        if table.totals[i] < 2 {
            continue;
        }
        let row = table.row(i);
        let id = *pattern_ids.entry(row).or_insert_with(|| {
            let mut coincidences = vec![0.0; q * q];
            add_coincidences(row, 1.0, &mut coincidences);
            patterns.push(coincidences);
            (patterns.len() - 1) as u32
        });
        unit_pattern.push(id);
    }

    if unit_pattern.is_empty() {
        return levels
            .iter()
            .map(|_| Err(Undefined::NoPairableUnits))
            .collect();
    }

    let n = unit_pattern.len();
    let mut pattern_counts = vec![0u32; patterns.len()];
    for &id in &unit_pattern {
        pattern_counts[id as usize] += 1;
    }

    let replicate = |b: usize, tally: &mut Vec<u32>, coincidences: &mut Vec<f64>| {
        let mut rng = SplitMix64::for_stream(settings.seed, b as u64);
        if n <= POISSON_BOOTSTRAP_ABOVE {
            tally.iter_mut().for_each(|t| *t = 0);
            for _ in 0..n {
                tally[unit_pattern[rng.below(n as u64) as usize] as usize] += 1;
            }
        } else {
            for (t, &count) in tally.iter_mut().zip(&pattern_counts) {
                *t = rng.poisson(f64::from(count)) as u32;
            }
        }
        coincidences.iter_mut().for_each(|o| *o = 0.0);
        for (pattern, &count) in patterns.iter().zip(tally.iter()) {
            if count == 0 {
                continue;
            }
            for (o, p) in coincidences.iter_mut().zip(pattern) {
                *o += f64::from(count) * p;
            }
        }
        levels
            .iter()
            .map(|&level| alpha_from_coincidences(coincidences, scale.values(), level).ok())
            .collect::<Vec<Option<f64>>>()
    };

    let replicates = settings.replicates;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(replicates.max(1));
    let chunk = replicates.div_ceil(threads.max(1)).max(1);
    let results: Vec<Vec<Option<f64>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let replicate = &replicate;
                let patterns_len = patterns.len();
                scope.spawn(move || {
                    let mut tally = vec![0u32; patterns_len];
                    let mut coincidences = vec![0.0; q * q];
                    let start = t * chunk;
                    let end = ((t + 1) * chunk).min(replicates);
                    (start..end)
                        .map(|b| replicate(b, &mut tally, &mut coincidences))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("bootstrap thread panicked"))
            .collect()
    });
    let mut full = vec![0.0; q * q];
    for (pattern, &count) in patterns.iter().zip(&pattern_counts) {
        for (o, p) in full.iter_mut().zip(pattern) {
            *o += f64::from(count) * p;
        }
    }
    levels
        .iter()
        .enumerate()
        .map(|(j, &level)| {
            alpha_from_coincidences(&full, scale.values(), level)?;
            let mut values: Vec<f64> = results.iter().filter_map(|r| r[j]).collect();
            if values.len() * 2 < replicates.max(1) {
                return Err(Undefined::BootstrapFailed {
                    defined: values.len(),
                    drawn: replicates,
                });
            }
            values.sort_by(f64::total_cmp);
            Ok(Interval {
                lower: quantile(&values, 0.025),
                upper: quantile(&values, 0.975),
            })
        })
        .collect()
}

/// Returns the `p` quantile of sorted `values` with linear interpolation (type 7).
fn quantile(values: &[f64], p: f64) -> f64 {
    let position = p * (values.len() - 1) as f64;
    let below = position.floor() as usize;
    let above = position.ceil() as usize;
    let fraction = position - below as f64;
    values[below] + (values[above] - values[below]) * fraction
}

/// Computes Krippendorff's alpha in Gwet's weighted form with Gwet's analytic
/// standard error (Gwet 2014; irrCAC `krippen.alpha.raw`).
///
/// Over the `n` units with `r_i ≥ 2`, with `r̄` their mean number of ratings
/// and `ε = 1/Σ r_i`: `p'_a = (1/n) Σ_i Σ_k r_ik (r*_ik − 1)/(r̄(r_i − 1))`,
/// `p_a = (1 − ε)p'_a + ε`, `π_k = (1/n) Σ_i r_ik / r̄`, `p_e = Σ w_kl π_k π_l`,
/// `α = (p_a − p_e)/(1 − p_e)`. With identity weights this is nominal alpha;
/// quadratic weights give interval alpha on an equally spaced scale. The
/// per-unit terms for the variance are
/// `p_a|i = Σ_k r_ik (r*_ik − 1)/(r̄(r_i − 1)) − p_a (r_i − r̄)/r̄` and
/// `p_e|i = Σ_k r_ik π̄_k / r̄ − p_e (r_i − r̄)/r̄`, and the interval uses `t` with
/// `n − 1` degrees of freedom (as irrCAC 0.4.4 for Python).
///
/// Undefined with no pairable unit or a single category; the estimate and its
/// inference are undefined when `p_e = 1`.
pub fn krippendorff_alpha_weighted(
    table: &CountTable,
    weights: &Weights,
) -> Result<Coefficient, Undefined> {
    let q = table.q;
    if q < 2 {
        return Err(Undefined::SingleCategory);
    }

    let rows: Vec<usize> = (0..table.rows())
        .filter(|&i| table.totals[i] >= 2)
        .collect();
    let n = rows.len();
    if n == 0 {
        return Err(Undefined::NoPairableUnits);
    }

    let nf = n as f64;
    let total_ratings: f64 = rows.iter().map(|&i| f64::from(table.totals[i])).sum();
    let r_mean = total_ratings / nf;
    let epsilon = 1.0 / total_ratings;
    let mut pa_unit = Vec::with_capacity(n);
    let mut pi = vec![0.0; q];
    for &i in &rows {
        let row = table.row(i);
        let r = f64::from(table.totals[i]);
        let mut agreeing = 0.0;
        for k in 0..q {
            pi[k] += f64::from(row[k]) / r_mean;
            if row[k] == 0 {
                continue;
            }
            let weighted: f64 = (0..q).map(|l| weights.get(k, l) * f64::from(row[l])).sum();
            agreeing += f64::from(row[k]) * (weighted - 1.0);
        }
        pa_unit.push(agreeing / (r_mean * (r - 1.0)));
    }
    pi.iter_mut().for_each(|p| *p /= nf);
    let pa_prime = pa_unit.iter().sum::<f64>() / nf;
    let pa = (1.0 - epsilon) * pa_prime + epsilon;
    let mut chance = 0.0;
    for k in 0..q {
        for l in 0..q {
            chance += weights.get(k, l) * pi[k] * pi[l];
        }
    }

    if chance_is_one(chance) {
        return Ok(Coefficient::without_estimate(pa, chance, n));
    }

    let alpha = snap_to_zero((pa - chance) / (1.0 - chance));
    let alpha_prime = (pa_prime - chance) / (1.0 - chance);
    let pi_bar: Vec<f64> = (0..q)
        .map(|k| {
            (0..q)
                .map(|l| (weights.get(k, l) + weights.get(l, k)) * pi[l])
                .sum::<f64>()
                / 2.0
        })
        .collect();
    let se = if n < 2 {
        Err(Undefined::TooFewUnits {
            needed: 2,
            found: n,
            counted: "units with two or more ratings",
        })
    } else {
        let mut sum = 0.0;
        for (j, &i) in rows.iter().enumerate() {
            let row = table.row(i);
            let r = f64::from(table.totals[i]);
            let pa_i = pa_unit[j] - pa * (r - r_mean) / r_mean;
            let alpha_i = (pa_i - chance) / (1.0 - chance);
            let pe_i = (0..q).map(|k| f64::from(row[k]) * pi_bar[k]).sum::<f64>() / r_mean
                - chance * (r - r_mean) / r_mean;
            let alpha_star = alpha_i - 2.0 * (1.0 - alpha_prime) * (pe_i - chance) / (1.0 - chance);
            sum += (alpha_star - alpha_prime).powi(2);
        }
        Ok(snap_to_zero((sum / (nf * (nf - 1.0))).sqrt()))
    };

    let df = nf - 1.0;
    let ci = se.clone().map(|s| {
        let half = t_975(df) * s;
        Interval {
            lower: alpha - half,
            upper: (alpha + half).min(1.0),
        }
    });

    let p_value = se.clone().and_then(|s| {
        if s > 0.0 {
            Ok(t_two_sided_p(alpha / s, df))
        } else if alpha != 0.0 {
            Ok(0.0)
        } else {
            Err(Undefined::ZeroStandardError)
        }
    });

    Ok(Coefficient {
        estimate: Ok(alpha),
        observed: pa,
        chance,
        units: n,
        se,
        ci,
        p_value,
    })
}
