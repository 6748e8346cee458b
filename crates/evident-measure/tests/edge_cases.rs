//! Edge cases that other Rasch and G-theory programs get wrong, each with the behaviour
//! this crate documents.

use std::fs::File;

use evident_measure::rasch::probability::{category_probabilities, cumulative_thresholds};
use evident_measure::rasch::{
    self, Anchors, BiasFacet, Convergence, Extreme, RaschFit, RaschOptions, ScaleModel,
};
use evident_measure::{CsvOptions, Facet, MeasureError, Ratings};

/// A small deterministic generator (xorshift64*) so simulated data need no dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.next().max(1e-300), self.next());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Draws a rating 0..=thresholds.len() from the rating-scale model at `eta`.
    fn rating(&mut self, eta: f64, thresholds: &[f64]) -> usize {
        let mut p = [0.0; 16];
        category_probabilities(eta, &cumulative_thresholds(thresholds), &mut p);
        let u = self.next();
        let mut total = 0.0;
        for (k, &pk) in p[..=thresholds.len()].iter().enumerate() {
            total += pk;
            if u < total {
                return k;
            }
        }
        thresholds.len()
    }
}

/// Simulated statewide-style data: every examinee rated on each task by a rater of their
/// own district, and a share of ratings repeated by a rater from another district.
/// Returns the ratings and the true severity per rater label.
fn simulate(
    seed: u64,
    districts: usize,
    examinees: usize,
    raters_per_district: usize,
    audit_share: f64,
) -> (Ratings, Vec<(String, f64)>) {
    let mut random = Random(seed);
    let thresholds = [-1.6, 0.0, 1.6];
    let difficulties = [-0.25, 0.25];
    let district_means: Vec<f64> = (0..districts).map(|_| 0.6 * random.normal()).collect();
    let severities: Vec<f64> = (0..districts * raters_per_district)
        .map(|_| 0.5 * random.normal())
        .collect();
    let mut ratings = Ratings::new(true);
    for n in 0..examinees {
        let district = n % districts;
        let ability = district_means[district] + random.normal();
        for (t, difficulty) in difficulties.iter().enumerate() {
            let own = district * raters_per_district
                + (random.next() * raters_per_district as f64) as usize;
            let mut raters = vec![own];
            if random.next() < audit_share {
                let other =
                    (district + 1 + (random.next() * (districts - 1) as f64) as usize) % districts;
                raters.push(
                    other * raters_per_district
                        + (random.next() * raters_per_district as f64) as usize,
                );
            }
            for rater in raters {
                let score =
                    random.rating(ability - difficulty - severities[rater], &thresholds) + 1;
                ratings.push(
                    &format!("S{n}"),
                    &format!("R{rater}"),
                    &format!("T{t}"),
                    Some(&format!("D{district}")),
                    score as f64,
                );
            }
        }
    }
    let truth = severities
        .iter()
        .enumerate()
        .map(|(j, &s)| (format!("R{j}"), s))
        .collect();
    (ratings, truth)
}

fn from_rows(rows: &[(&str, &str, &str, f64)]) -> Ratings {
    let mut ratings = Ratings::new(false);
    for &(examinee, rater, task, score) in rows {
        ratings.push(examinee, rater, task, None, score);
    }
    ratings
}

fn fit(ratings: &Ratings, options: &RaschOptions) -> Result<RaschFit, MeasureError> {
    rasch::fit(ratings, options, &mut |_, _| {})
}

fn correlation(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    sxy / (sxx * syy).sqrt()
}

/// Returns every measure of the fit, so a test can check none is NaN or infinite.
fn all_measures(fit: &RaschFit) -> Vec<f64> {
    let elements = fit.facets.iter().flat_map(|f| f.elements.iter());
    elements
        .flat_map(|e| [e.measure, e.model_se, e.fair_average])
        .chain(
            fit.thresholds
                .iter()
                .flat_map(|t| t.thresholds.iter().copied()),
        )
        .collect()
}

/// 3 tasks × 40 examinees on a 1–4 rubric with no rating of 1.
fn no_rating_of_one() -> Ratings {
    let mut rows = Vec::new();
    for n in 0..40 {
        for (t, task) in ["T1", "T2", "T3"].iter().enumerate() {
            let score = 2 + (n + t) % 3;
            rows.push((
                format!("S{n}"),
                format!("R{}", (n + t) % 4),
                *task,
                score as f64,
            ));
        }
    }
    let rows: Vec<(&str, &str, &str, f64)> = rows
        .iter()
        .map(|(e, r, t, s)| (e.as_str(), r.as_str(), *t, *s))
        .collect();
    from_rows(&rows)
}

#[test]
fn unobserved_lowest_category_gets_no_threshold() {
    let options = RaschOptions {
        score_range: Some((1, 4)),
        ..RaschOptions::default()
    };
    let fit = fit(&no_rating_of_one(), &options).unwrap();
    assert_eq!(fit.unobserved_scores, [1]);
    assert_eq!(fit.thresholds[0].scores, [2, 3, 4]);
    assert_eq!(
        fit.thresholds[0].thresholds.len(),
        2,
        "no threshold into the unused score 1"
    );
    assert!(fit.thresholds[0].thresholds.iter().all(|t| t.abs() < 10.0));
    assert!(fit.notes.iter().any(|n| n.contains("[1] were never used")));
}

#[test]
fn unobserved_middle_category_is_collapsed_and_reported() {
    let ratings = no_rating_of_one();
    let mut shifted = Ratings::new(false);
    for row in 0..ratings.len() {
        let label = |f: Facet| ratings.labels(f).name(ratings.ids(f)[row]).to_string();
        let score = ratings.scores()[row];
        let score = if score == 4.0 { 5.0 } else { score };
        shifted.push(
            &label(Facet::Examinee),
            &label(Facet::Rater),
            &label(Facet::Task),
            None,
            score,
        );
    }
    let fit = fit(&shifted, &RaschOptions::default()).unwrap();
    assert_eq!(fit.thresholds[0].collapsed, [4]);
    assert_eq!(fit.thresholds[0].thresholds.len(), 2);
    assert!(fit.notes.iter().any(|n| n.contains("collapsed")));
}

#[test]
fn sparse_partial_credit_categories_suggest_rating_scale() {
    let path = format!(
        "{}/tests/data/mfrm_guilford_creativity/data.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let ratings = Ratings::from_csv(File::open(path).unwrap(), &CsvOptions::default()).unwrap();
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    assert!(
        fit.notes
            .iter()
            .any(|n| n.contains("consider the rating-scale model"))
    );
    assert!(all_measures(&fit).iter().all(|v| v.is_finite()));
    for set in &fit.thresholds {
        assert_eq!(
            set.thresholds.len() + 1,
            set.scores.len(),
            "{}: one threshold per observed step",
            set.name
        );
    }
}

/// Simulated ratings in which task T1 is scored 2–4 only (every 1 on T1 becomes a 2),
/// while task T0 uses the whole 1–4 rubric.
fn task_b_without_one() -> Ratings {
    let (simulated, _) = simulate(23, 2, 150, 4, 0.5);
    let mut ratings = Ratings::new(false);
    for row in 0..simulated.len() {
        let label = |f: Facet| simulated.labels(f).name(simulated.ids(f)[row]).to_string();
        let task = label(Facet::Task);
        let mut score = simulated.scores()[row];
        if task == "T1" && score == 1.0 {
            score = 2.0;
        }
        let task = if task == "T1" { "B" } else { "A" };
        ratings.push(
            &label(Facet::Examinee),
            &label(Facet::Rater),
            task,
            None,
            score,
        );
    }
    ratings
}

#[test]
fn rating_scale_keeps_rubric_numbering_when_a_task_lacks_a_category() {
    let ratings = task_b_without_one();
    let fit = fit(&ratings, &RaschOptions::default()).unwrap();
    assert_eq!(fit.thresholds.len(), 1);
    assert_eq!(fit.thresholds[0].scores, [1, 2, 3, 4]);
    let raw_b: f64 = (0..ratings.len())
        .filter(|&row| {
            ratings
                .labels(Facet::Task)
                .name(ratings.ids(Facet::Task)[row])
                == "B"
        })
        .map(|row| ratings.scores()[row])
        .sum();
    assert_eq!(
        fit.element(Facet::Task, "B").unwrap().total_score,
        raw_b,
        "task B keeps its raw total"
    );
}

#[test]
fn partial_credit_gives_a_task_only_its_observed_range() {
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        ..RaschOptions::default()
    };
    let fit = fit(&task_b_without_one(), &options).unwrap();
    let b = fit.thresholds.iter().find(|s| s.name == "B").unwrap();
    assert_eq!(b.scores, [2, 3, 4]);
    assert_eq!(b.thresholds.len(), 2);
    assert!(all_measures(&fit).iter().all(|v| v.is_finite()));
}

#[test]
fn extreme_examinees_are_measured_at_adjusted_score() {
    let (mut ratings, _) = simulate(7, 2, 60, 3, 0.5);
    ratings.push("TOP", "R0", "T0", Some("D0"), 4.0);
    ratings.push("TOP", "R1", "T1", Some("D0"), 4.0);
    ratings.push("BOTTOM", "R0", "T0", Some("D0"), 1.0);
    ratings.push("BOTTOM", "R1", "T1", Some("D0"), 1.0);
    let fit = fit(&ratings, &RaschOptions::default()).unwrap();
    let top = fit.element(Facet::Examinee, "TOP").unwrap();
    let bottom = fit.element(Facet::Examinee, "BOTTOM").unwrap();
    assert_eq!(top.extreme, Some(Extreme::Maximum));
    assert_eq!(bottom.extreme, Some(Extreme::Minimum));
    assert!(top.infit_mnsq.is_none(), "no infit for extreme elements");
    assert!(top.outfit_zstd.is_none(), "no outfit for extreme elements");
    assert!(top.model_se.is_finite());
    assert!(bottom.model_se.is_finite());

    // The measure reproduces the maximum score 2 × 3 moved in by 0.3 (categories 0..3).
    let thresholds = cumulative_thresholds(&fit.thresholds[0].thresholds);
    let expected_total = |examinee: f64| -> f64 {
        [("R0", "T0"), ("R1", "T1")]
            .iter()
            .map(|(r, t)| {
                let eta = examinee
                    - fit.element(Facet::Rater, r).unwrap().measure
                    - fit.element(Facet::Task, t).unwrap().measure;
                category_probabilities(eta, &thresholds, &mut [0.0; 4]).expected
            })
            .sum()
    };
    assert!((expected_total(top.measure) - 5.7).abs() < 1e-6);
    assert!((expected_total(bottom.measure) - 0.3).abs() < 1e-6);
    assert!(all_measures(&fit).iter().all(|v| v.is_finite()));
}

#[test]
fn all_extreme_data_stop_with_named_examinees() {
    let ratings = from_rows(&[
        ("Ann", "R1", "T1", 4.0),
        ("Ann", "R2", "T2", 4.0),
        ("Bob", "R1", "T2", 1.0),
        ("Bob", "R2", "T1", 1.0),
    ]);
    let error = fit(&ratings, &RaschOptions::default()).unwrap_err();
    assert!(matches!(error, MeasureError::AllExtreme { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("Ann (all maximum)"), "{message}");
    assert!(message.contains("Bob (all minimum)"), "{message}");
}

#[test]
fn sparse_top_category_with_zero_person_stays_finite() {
    let mut rows: Vec<(String, String, String, f64)> = Vec::new();
    for n in 0..30 {
        for t in 0..3 {
            let score = ((n + t) % 3) as f64;
            rows.push((
                format!("S{n}"),
                format!("R{}", (n + t) % 4),
                format!("T{t}"),
                score,
            ));
        }
    }
    rows.push(("S0".into(), "R0".into(), "T0".into(), 3.0));
    for t in 0..3 {
        rows.push(("ZERO".into(), format!("R{t}"), format!("T{t}"), 0.0));
    }
    let mut ratings = Ratings::new(false);
    for (e, r, t, s) in &rows {
        ratings.push(e, r, t, None, *s);
    }
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    assert!(all_measures(&fit).iter().all(|v| v.is_finite()));
    assert_eq!(
        fit.element(Facet::Examinee, "ZERO").unwrap().extreme,
        Some(Extreme::Minimum)
    );
}

#[test]
fn iteration_limit_names_unconverged_elements() {
    let (ratings, _) = simulate(3, 2, 80, 3, 0.3);
    let options = RaschOptions {
        convergence: Convergence {
            max_residual: 1e-9,
            max_change: 1e-12,
            max_iterations: 2,
        },
        ..RaschOptions::default()
    };
    let error = fit(&ratings, &options).unwrap_err();
    let MeasureError::NotConverged {
        iterations,
        residual,
        elements,
        ..
    } = &error
    else {
        panic!("expected NotConverged, found {error}");
    };
    assert_eq!(*iterations, 2);
    assert!(residual.is_finite());
    assert!(elements.contains("residual"), "{elements}");
    assert!(!error.to_string().contains("NaN"));
}

#[test]
fn single_new_examinee_is_scored_against_anchors() {
    let ratings = from_rows(&[("late", "R1", "T1", 3.0), ("late", "R2", "T2", 2.0)]);
    let options = RaschOptions {
        floating: Facet::Examinee,
        anchors: Anchors {
            elements: vec![
                (Facet::Rater, "R1".into(), 0.4),
                (Facet::Rater, "R2".into(), -0.2),
                (Facet::Task, "T1".into(), 0.1),
                (Facet::Task, "T2".into(), -0.1),
            ],
            thresholds: Some(vec![vec![-1.5, 0.0, 1.5]]),
            categories: None,
        },
        score_range: Some((1, 4)),
        ..RaschOptions::default()
    };
    // The rubric has four scores, but only 2 and 3 were used, so one threshold is needed.
    let error = fit(&ratings, &options).unwrap_err();
    assert!(
        matches!(error, MeasureError::InvalidAnchor { .. }),
        "{error}"
    );

    // With the rubric's scores anchored too, all three thresholds apply.
    let options = RaschOptions {
        anchors: Anchors {
            categories: Some(vec![vec![1, 2, 3, 4]]),
            ..options.anchors.clone()
        },
        ..options
    };
    let fit = fit(&ratings, &options).unwrap();
    let late = fit.element(Facet::Examinee, "late").unwrap();
    assert!(late.measure.is_finite());
    let cumulative = cumulative_thresholds(&[-1.5, 0.0, 1.5]);
    let expected: f64 = [(0.4, 0.1), (-0.2, -0.1)]
        .iter()
        .map(|(rater, task)| {
            let eta = late.measure - rater - task;
            category_probabilities(eta, &cumulative, &mut [0.0; 4]).expected
        })
        .sum();
    assert!(
        (expected - 3.0).abs() < 1e-6,
        "observed 3 + 2 = categories 2 + 1"
    );
    assert!(fit.element(Facet::Rater, "R1").unwrap().anchored);
    assert_eq!(fit.element(Facet::Rater, "R1").unwrap().measure, 0.4);
}

#[test]
fn over_constrained_centring_is_rejected() {
    let (ratings, _) = simulate(5, 2, 40, 3, 0.5);
    let options = RaschOptions {
        anchors: Anchors {
            elements: vec![(Facet::Rater, "R0".into(), 0.0)],
            thresholds: None,
            categories: None,
        },
        ..RaschOptions::default()
    };
    let error = fit(&ratings, &options).unwrap_err();
    assert!(
        matches!(error, MeasureError::InvalidConstraint { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("let one more facet float"));
}

#[test]
fn fit_records_model_and_centring_used() {
    let (ratings, _) = simulate(5, 2, 40, 3, 0.5);
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        floating: Facet::Examinee,
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    assert_eq!(fit.model, ScaleModel::PartialCredit);
    assert_eq!(fit.floating, Facet::Examinee);
    assert!(!fit.facet(Facet::Examinee).centred);
    assert!(fit.facet(Facet::Rater).centred);
    assert!(
        fit.facet(Facet::Rater).summary.mean.abs() < 1e-9,
        "centred raters average 0"
    );
    assert!(fit.estimator.contains("maximum likelihood person"));
}

#[test]
fn rater_by_task_interaction_is_estimated_post_hoc() {
    let path = format!(
        "{}/tests/data/mfrm_guilford_creativity/data.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let ratings = Ratings::from_csv(File::open(path).unwrap(), &CsvOptions::default()).unwrap();
    let options = RaschOptions {
        bias_pairs: vec![(
            BiasFacet::Measured(Facet::Rater),
            BiasFacet::Measured(Facet::Task),
        )],
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    let cells = &fit.bias[0].cells;
    assert_eq!(cells.len(), 15, "3 judges × 5 traits");
    for cell in cells {
        assert!((cell.t - cell.bias / cell.se).abs() < 1e-12);
        assert_eq!(cell.count, 7);
    }
}

#[test]
fn sparse_design_with_many_raters_fits_on_the_rating_list() {
    // 40 districts × 10 raters and 2 tasks: a dense examinee × (rater × task) layout would
    // have 3.2e6 cells for 4,000 examinees, the rating list has about 10,400 entries.
    let (ratings, truth) = simulate(11, 40, 4_000, 10, 0.3);
    let fit = fit(&ratings, &RaschOptions::default()).unwrap();
    assert_eq!(fit.facet(Facet::Rater).elements.len(), 400);
    let pairs: Vec<(f64, f64)> = truth
        .iter()
        .map(|(label, severity)| (*severity, fit.element(Facet::Rater, label).unwrap().measure))
        .collect();
    let r = correlation(&pairs);
    assert!(
        r > 0.7,
        "severities track the truth with about 26 ratings per rater: r = {r}"
    );
}

#[test]
fn anchored_values_are_never_bias_corrected() {
    let (ratings, _) = simulate(9, 2, 60, 3, 0.5);
    let options = RaschOptions {
        bias_correction: true,
        anchors: Anchors {
            elements: vec![
                (Facet::Task, "T0".into(), -0.25),
                (Facet::Task, "T1".into(), 0.25),
            ],
            thresholds: None,
            categories: None,
        },
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    let task = fit.element(Facet::Task, "T0").unwrap();
    assert!(task.anchored);
    assert_eq!(task.measure, -0.25);
    assert_eq!(
        task.corrected_measure, None,
        "anchored task keeps its value"
    );
    let rater = fit.element(Facet::Rater, "R0").unwrap();
    let factor = fit.bias_correction_factor.unwrap();
    assert_eq!(rater.corrected_measure, Some(rater.measure * factor));
    assert!(
        fit.facet(Facet::Examinee).centred,
        "tasks anchored, raters floating, examinees centred"
    );
}

#[test]
fn few_ratings_per_examinee_recommend_the_correction() {
    let (ratings, truth) = simulate(13, 10, 3_000, 10, 0.2);
    let options = RaschOptions {
        bias_correction: true,
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options).unwrap();
    let factor = fit.bias_correction_factor.unwrap();
    let per_examinee = ratings.len() as f64 / 3_000.0;
    assert!((factor - (per_examinee - 1.0) / per_examinee).abs() < 1e-12);
    assert!(fit.notes.iter().any(|n| n.contains("corrected measures")));

    // JMLE spreads severities outwards; the corrected ones are closer to the truth in scale.
    let slope = |corrected: bool| {
        let pairs: Vec<(f64, f64)> = truth
            .iter()
            .map(|(label, t)| {
                let e = fit.element(Facet::Rater, label).unwrap();
                (
                    *t,
                    if corrected {
                        e.corrected_measure.unwrap()
                    } else {
                        e.measure
                    },
                )
            })
            .collect();
        let n = pairs.len() as f64;
        let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
        let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
        let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
        let sxx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
        sxy / sxx
    };
    assert!(
        slope(false) > 1.3,
        "raw JMLE slope {} is inflated",
        slope(false)
    );
    assert!(
        (slope(true) - 1.0).abs() < (slope(false) - 1.0).abs(),
        "correction moves the slope towards 1"
    );
}

#[test]
fn district_dependent_sampling_keeps_severities() {
    // District means differ by 0.6 logits on average and each rating's rater depends on
    // the district, which biases a single-population MML; JMLE conditions on each examinee.
    let (ratings, truth) = simulate(17, 4, 4_000, 5, 0.3);
    let fit = fit(
        &ratings,
        &RaschOptions {
            bias_correction: true,
            ..RaschOptions::default()
        },
    )
    .unwrap();
    let pairs: Vec<(f64, f64)> = truth
        .iter()
        .map(|(label, severity)| (*severity, fit.element(Facet::Rater, label).unwrap().measure))
        .collect();
    assert!(
        correlation(&pairs) > 0.95,
        "correlation {}",
        correlation(&pairs)
    );
}

#[test]
fn disconnected_districts_are_named() {
    let (ratings, _) = simulate(19, 2, 200, 3, 0.0);
    let error = fit(&ratings, &RaschOptions::default()).unwrap_err();
    let MeasureError::Disconnected { count, subsets } = &error else {
        panic!("expected Disconnected, found {error}");
    };
    assert_eq!(*count, 2);
    assert!(subsets.contains("subset 1: 100 examinees"), "{subsets}");
    assert!(
        subsets.contains("3 raters (R0, R1, R2)") || subsets.contains("3 raters (R3, R4, R5)"),
        "{subsets}"
    );
}

#[test]
fn single_task_facet_is_rejected() {
    let ratings = from_rows(&[
        ("A", "R1", "T1", 1.0),
        ("A", "R2", "T1", 2.0),
        ("B", "R1", "T1", 2.0),
        ("B", "R2", "T1", 1.0),
    ]);
    let error = fit(&ratings, &RaschOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(
        matches!(error, MeasureError::SingleElement { .. }),
        "{message}"
    );
    assert!(
        message.contains("facet task has only one element (T1)"),
        "{message}"
    );
}
