//! Element statistics, facet summaries and fair averages of a finished estimation.
//!
//! For each rating with residual y = x − E, variance W and fourth central moment C:
//!
//! ```text
//! outfit MnSq = (1/N) Σ y²/W        infit MnSq = Σ y² / Σ W
//! ZSTD        = (MnSq^(1/3) − 1)·(3/q) + q/3          (Wilson-Hilferty)
//! q²_outfit   = Σ (C/W²) / N² − 1/N   q²_infit = Σ (C − W²) / (Σ W)²
//! ```
//!
//! (Wright & Masters 1982, ch. 5; Linacre 2002, "What do infit and outfit, mean-square and
//! standardized mean?", Rasch Measurement Transactions 16:2). Separation statistics follow
//! FACETS: RMSE = √mean(SE²), adjusted SD = √max(0, SD² − RMSE²), G = adjusted SD / RMSE,
//! strata = (4G + 1)/3, reliability = adjusted SD² / SD².

use crate::ratings::{Facet, Ratings};

use super::jmle::Estimation;
use super::probability::{
    MAX_CATEGORIES, category_probabilities, cumulative_thresholds, kurtosis_moment,
};
use super::{
    ElementMeasure, FacetReport, FacetSummary, RaschFit, RaschOptions, ScaleModel, Separation,
    ThresholdSet,
};

/// Minimum ratings per category that Linacre's guideline considers enough for a stable threshold.
const FEW_PER_CATEGORY: usize = 10;

/// Median ratings per examinee below which JMLE rater and task measures are visibly inflated.
const FEW_PER_EXAMINEE: f64 = 10.0;

#[derive(Clone, Default)]
struct Sums {
    count: usize,
    score: f64,
    information: f64,
    squared_residual: f64,
    squared_standardized: f64,
    kurtosis_outfit: f64,
    kurtosis_infit: f64,
}

pub(super) fn build(
    estimation: &Estimation,
    ratings: &Ratings,
    options: &RaschOptions,
) -> RaschFit {
    let rows = ratings.len();
    let mut sums: Vec<Vec<Sums>> = (0..3)
        .map(|f| vec![Sums::default(); estimation.theta[f].len()])
        .collect();
    let mut category_counts: Vec<Vec<usize>> = estimation
        .categories
        .sets
        .iter()
        .map(|s| vec![0; s.scores.len()])
        .collect();
    let mut probabilities = [0.0; MAX_CATEGORIES];
    for row in 0..rows {
        let set = estimation.set(row);
        let category = estimation.categories.category[row];
        category_counts[set][usize::from(category)] += 1;
        let m = category_probabilities(
            estimation.eta(row),
            &estimation.cumulative[set],
            &mut probabilities,
        );
        let top = estimation.cumulative[set].len();
        let kurtosis = kurtosis_moment(&probabilities[..top], m.expected);
        let variance = m.variance.max(f64::MIN_POSITIVE);
        let residual = f64::from(category) - m.expected;
        let score = estimation.categories.sets[set].reported_score(f64::from(category));
        for facet in 0..3 {
            let s = &mut sums[facet][estimation.ids[facet][row] as usize];
            s.count += 1;
            s.score += score;
            s.information += variance;
            s.squared_residual += residual * residual;
            s.squared_standardized += residual * residual / variance;
            s.kurtosis_outfit += kurtosis / (variance * variance);
            s.kurtosis_infit += kurtosis - variance * variance;
        }
    }

    let ratings_per_examinee = rows as f64 / estimation.theta[0].len() as f64;
    let factor = options
        .bias_correction
        .then(|| (ratings_per_examinee - 1.0) / ratings_per_examinee);

    let mut facets = Vec::with_capacity(3);
    for facet in Facet::ALL {
        let f = facet.index();
        let fair = fair_averages(estimation, f);
        let elements: Vec<ElementMeasure> = sums[f]
            .iter()
            .enumerate()
            .map(|(id, s)| element(estimation, f, id, s, fair[id], factor))
            .collect();
        let summary = summarise(&elements);
        facets.push(FacetReport {
            facet,
            centred: estimation.centred[f],
            elements,
            summary,
        });
    }

    let thresholds = estimation
        .categories
        .sets
        .iter()
        .zip(&estimation.tau)
        .zip(category_counts)
        .map(|((set, tau), counts)| ThresholdSet {
            name: set.name.clone(),
            scores: set.scores.clone(),
            counts,
            thresholds: tau.clone(),
            corrected_thresholds: factor
                .filter(|_| !estimation.thresholds_anchored)
                .map(|k| tau.iter().map(|t| t * k).collect()),
            collapsed: set.collapsed.clone(),
        })
        .collect::<Vec<_>>();

    let mut notes = estimation.notes.clone();
    add_category_notes(&mut notes, &thresholds, options.model);
    let mut per_examinee: Vec<usize> = sums[0].iter().map(|s| s.count).collect();
    per_examinee.sort_unstable();
    let median = per_examinee[per_examinee.len() / 2] as f64;
    if median < FEW_PER_EXAMINEE {
        notes.push(format!(
            "the median examinee has {median} ratings; with fewer than {FEW_PER_EXAMINEE} JMLE spreads rater and task measures and thresholds outwards (incidental-parameter bias), so {}",
            match factor {
                Some(k) => format!("compare raters on the (L−1)/L corrected measures (factor {k:.3})"),
                None => "request the (L−1)/L correction before comparing rater severities".to_string(),
            }
        ));
    }
    if !estimation.categories.unobserved_in_range.is_empty() {
        notes.push(format!(
            "rubric scores {:?} were never used; they have no thresholds and the scale runs over the observed scores only",
            estimation.categories.unobserved_in_range
        ));
    }

    RaschFit {
        model: options.model,
        floating: options.floating,
        estimator: "JMLE with maximum likelihood person estimates",
        ratings: rows,
        iterations: estimation.iterations,
        max_residual: estimation.max_residual,
        max_change: estimation.max_change,
        extreme_adjustment: options.extreme_adjustment,
        bias_correction_factor: factor,
        ratings_per_examinee,
        facets,
        thresholds,
        unobserved_scores: estimation.categories.unobserved_in_range.clone(),
        bias: Vec::new(),
        notes,
    }
}

fn element(
    estimation: &Estimation,
    facet: usize,
    id: usize,
    s: &Sums,
    fair: f64,
    factor: Option<f64>,
) -> ElementMeasure {
    let extreme = estimation.extreme[facet][id];
    let anchored = estimation.anchored[facet][id];
    let count = s.count as f64;
    let model_se = 1.0 / s.information.sqrt();
    let measure = estimation.theta[facet][id];
    let fit = extreme.is_none().then(|| {
        let infit = s.squared_residual / s.information;
        let outfit = s.squared_standardized / count;
        let q_outfit = (s.kurtosis_outfit / (count * count) - 1.0 / count)
            .max(1e-12)
            .sqrt();
        let q_infit = (s.kurtosis_infit / (s.information * s.information))
            .max(1e-12)
            .sqrt();
        (infit, zstd(infit, q_infit), outfit, zstd(outfit, q_outfit))
    });
    ElementMeasure {
        label: estimation.labels[facet].name(id as u32).to_string(),
        count: s.count,
        total_score: s.score,
        observed_average: s.score / count,
        fair_average: fair,
        measure,
        corrected_measure: factor
            .filter(|_| facet != 0 && !anchored)
            .map(|k| measure * k),
        model_se,
        real_se: fit.map(|(infit, ..)| model_se * infit.max(1.0).sqrt()),
        infit_mnsq: fit.map(|f| f.0),
        infit_zstd: fit.map(|f| f.1),
        outfit_mnsq: fit.map(|f| f.2),
        outfit_zstd: fit.map(|f| f.3),
        extreme,
        anchored,
    }
}

/// Wilson-Hilferty standardization of a mean square with spread `q`.
fn zstd(mean_square: f64, q: f64) -> f64 {
    (mean_square.cbrt() - 1.0) * (3.0 / q) + q / 3.0
}

/// FACETS Fair(M) averages of every element of `facet`: the expected rating at
/// η* = s_f·θ_e + Σ_{g≠f} s_g·mean(θ_g), means over non-extreme elements. Under the
/// partial-credit model the thresholds are averaged over tasks when all sets have the same
/// categories. Otherwise the expected ratings of the sets are averaged.
fn fair_averages(estimation: &Estimation, facet: usize) -> Vec<f64> {
    let mut base = 0.0;
    for other in (0..3).filter(|&g| g != facet) {
        let (sum, count) = estimation.theta[other]
            .iter()
            .zip(&estimation.extreme[other])
            .filter(|(_, e)| e.is_none())
            .fold((0.0, 0usize), |(s, c), (t, _)| (s + t, c + 1));
        if count > 0 {
            base += estimation.sign[other] * sum / count as f64;
        }
    }
    let sets = &estimation.categories.sets;
    let same_shape = sets.iter().all(|s| s.scores == sets[0].scores);
    let mut probabilities = [0.0; MAX_CATEGORIES];
    let averaged: Option<Vec<f64>> = same_shape.then(|| {
        let m = estimation.tau[0].len();
        let mean: Vec<f64> = (0..m)
            .map(|k| estimation.tau.iter().map(|t| t[k]).sum::<f64>() / estimation.tau.len() as f64)
            .collect();
        cumulative_thresholds(&mean)
    });
    estimation.theta[facet]
        .iter()
        .map(|&theta| {
            let eta = base + estimation.sign[facet] * theta;
            match &averaged {
                Some(cumulative) => {
                    let m = category_probabilities(eta, cumulative, &mut probabilities);
                    sets[0].reported_score(m.expected)
                }
                None => {
                    let total: f64 = sets
                        .iter()
                        .zip(&estimation.cumulative)
                        .map(|(set, cumulative)| {
                            let m = category_probabilities(eta, cumulative, &mut probabilities);
                            set.reported_score(m.expected)
                        })
                        .sum();
                    total / sets.len() as f64
                }
            }
        })
        .collect()
}

fn summarise(elements: &[ElementMeasure]) -> FacetSummary {
    let kept: Vec<&ElementMeasure> = elements.iter().filter(|e| e.extreme.is_none()).collect();
    let n = kept.len();
    if n == 0 {
        let empty = Separation {
            sd: 0.0,
            adjusted_sd: 0.0,
            separation: 0.0,
            strata: 1.0 / 3.0,
            reliability: 0.0,
        };
        return FacetSummary {
            count: 0,
            mean: 0.0,
            rmse: 0.0,
            population: empty,
            sample: empty,
            fixed_chi_square: 0.0,
            fixed_df: 0,
        };
    }
    let mean = kept.iter().map(|e| e.measure).sum::<f64>() / n as f64;
    let squares = kept.iter().map(|e| (e.measure - mean).powi(2)).sum::<f64>();
    let rmse = (kept.iter().map(|e| e.model_se.powi(2)).sum::<f64>() / n as f64).sqrt();
    let separation = |sd: f64| {
        let true_variance = (sd * sd - rmse * rmse).max(0.0);
        let g = true_variance.sqrt() / rmse;
        Separation {
            sd,
            adjusted_sd: true_variance.sqrt(),
            separation: g,
            strata: (4.0 * g + 1.0) / 3.0,
            reliability: if sd > 0.0 {
                true_variance / (sd * sd)
            } else {
                0.0
            },
        }
    };
    let sample_sd = if n > 1 {
        (squares / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let (mut w, mut wx, mut wxx) = (0.0, 0.0, 0.0);
    for e in &kept {
        let weight = 1.0 / e.model_se.powi(2);
        w += weight;
        wx += weight * e.measure;
        wxx += weight * e.measure * e.measure;
    }
    FacetSummary {
        count: n,
        mean,
        rmse,
        population: separation((squares / n as f64).sqrt()),
        sample: separation(sample_sd),
        fixed_chi_square: wxx - wx * wx / w,
        fixed_df: n - 1,
    }
}

fn add_category_notes(notes: &mut Vec<String>, sets: &[ThresholdSet], model: ScaleModel) {
    for set in sets {
        if !set.collapsed.is_empty() {
            notes.push(format!(
                "threshold set `{}`: unobserved scores {:?} lie between observed ones and were collapsed, so the categories {:?} are counted as consecutive",
                set.name, set.collapsed, set.scores
            ));
        }
        let sparse: Vec<i64> = set
            .scores
            .iter()
            .zip(&set.counts)
            .filter(|&(_, &count)| count < FEW_PER_CATEGORY)
            .map(|(&score, _)| score)
            .collect();
        if model == ScaleModel::PartialCredit && !sparse.is_empty() {
            notes.push(format!(
                "threshold set `{}`: scores {sparse:?} have fewer than {FEW_PER_CATEGORY} ratings, so their thresholds are unstable; consider the rating-scale model",
                set.name
            ));
        }
    }
}
