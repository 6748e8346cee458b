//! Invariance, identity and bound properties of every statistic, and the
//! documented behaviour of edge cases without a stored reference case.

use evident_stats::{
    Aggregation, AgreementReport, Bootstrap, Level, Ratings, ReportOptions, Scale, Undefined,
    agreement_report, krippendorff_alpha, percent_agreement,
};
use proptest::prelude::*;

/// A data set as `(unit, rater, category index)` triples on a scale of `q` categories.
#[derive(Debug, Clone)]
struct Data {
    q: usize,
    rows: Vec<(usize, usize, usize)>,
}

fn data_strategy() -> impl Strategy<Value = Data> {
    (2usize..6, 2usize..5, 2usize..12).prop_flat_map(|(q, raters, units)| {
        let cells =
            proptest::collection::vec(proptest::option::weighted(0.8, 0..q), units * raters);
        cells.prop_map(move |cells| {
            let rows = cells
                .into_iter()
                .enumerate()
                .filter_map(|(cell, category)| category.map(|k| (cell / raters, cell % raters, k)))
                .collect();
            Data { q, rows }
        })
    })
}

fn scale(q: usize) -> Scale {
    Scale::parse(&format!("1..{q}")).unwrap()
}

fn build(
    data: &Data,
    unit_name: impl Fn(usize) -> String,
    rater_name: impl Fn(usize) -> String,
) -> Ratings {
    let rows: Vec<(String, String, String)> = data
        .rows
        .iter()
        .map(|&(u, r, k)| (unit_name(u), rater_name(r), (k + 1).to_string()))
        .collect();
    Ratings::from_rows(scale(data.q), &rows).unwrap()
}

fn report(ratings: &Ratings) -> AgreementReport {
    agreement_report(
        ratings,
        &ReportOptions {
            level: Level::Ratio,
            pairs: false,
            bootstrap: Bootstrap {
                replicates: 20,
                seed: 7,
            },
            custom_weights: None,
        },
    )
}

/// Returns whether `name` is a bootstrap interval bound, the one statistic that
/// changes when units are reordered, because each draw picks a unit by position.
fn is_bootstrap_bound(name: &str) -> bool {
    name.starts_with("krippendorff_alpha_") && name.contains("_ci_")
}

fn assert_same(a: &AgreementReport, b: &AgreementReport) -> Result<(), TestCaseError> {
    prop_assert_eq!(a.entries.len(), b.entries.len());
    for ((name, x), (other, y)) in a.entries.iter().zip(&b.entries) {
        prop_assert_eq!(name, other);
        if is_bootstrap_bound(name) {
            continue;
        }
        match (x, y) {
            (Ok(x), Ok(y)) => prop_assert!(
                (x - y).abs() <= 1e-9 * x.abs().max(1.0),
                "{} changed from {} to {}",
                name,
                x,
                y
            ),
            (Err(_), Err(_)) => {}
            _ => prop_assert!(false, "{} changed from {:?} to {:?}", name, x, y),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn statistics_ignore_relabelled_and_reordered_units_and_raters(
        data in data_strategy(),
        unit_shift in 0usize..50,
        rater_shift in 0usize..50,
    ) {
        let original = build(&data, |u| format!("u{u}"), |r| format!("r{r}"));
        let mut shuffled = data.clone();
        shuffled.rows.reverse();
        let renamed = build(
            &shuffled,
            |u| format!("unit-{}", (u * 7 + unit_shift) % 1000),
            |r| format!("rater-{}", 99 - (r + rater_shift) % 50),
        );
        assert_same(&report(&original), &report(&renamed))?;
    }

    #[test]
    fn statistics_stay_in_their_bounds(data in data_strategy()) {
        let ratings = build(&data, |u| format!("u{u}"), |r| format!("r{r}"));
        for (name, value) in &report(&ratings).entries {
            let Ok(v) = value else { continue };
            prop_assert!(v.is_finite(), "{} = {}", name, v);
            let bounded_by_one = ["kappa", "pi", "alpha", "ac1", "ac2", "prediger", "icc", "percent", "kendall_w"];
            let is_estimate = !name.ends_with("_se")
                && !name.ends_with("_se_null")
                && !name.ends_with("_z")
                && !name.ends_with("_z_null")
                && !name.ends_with("_f")
                && !name.contains("_df")
                && !name.ends_with("_chi2")
                && !name.ends_with("_ci_lower");
            // ICC2k = (MSR − MSE)/(MSR + (MSC − MSE)/n) exceeds 1 when its
            // denominator is negative, in the references too.
            let unbounded = name.starts_with("icc2k");
            if is_estimate && !unbounded && bounded_by_one.iter().any(|b| name.contains(b)) {
                prop_assert!(*v <= 1.0 + 1e-12, "{} = {} > 1", name, v);
            }
            if name.starts_with("percent") || name.starts_with("kendall_w") && !name.contains("chi2") && !name.contains("_df") {
                prop_assert!(*v >= -1e-12, "{} = {} < 0", name, v);
            }
            if name.starts_with("cohen_kappa") && !name.contains("_s") && !name.contains("_z") {
                prop_assert!(*v >= -1.0 - 1e-12, "{} = {} < -1", name, v);
            }
            if name.ends_with("_p") {
                prop_assert!((0.0..=1.0).contains(v), "{} = {} is not a probability", name, v);
            }
            if name.ends_with("_se") || name.ends_with("_se_null") {
                prop_assert!(*v >= 0.0, "{} = {} < 0", name, v);
            }
        }
    }

    #[test]
    fn identical_raters_with_variation_agree_perfectly(
        q in 2usize..6,
        raters in 2usize..5,
        scores in proptest::collection::vec(0usize..6, 2..15),
    ) {
        let scores: Vec<usize> = scores.iter().map(|s| s % q).collect();
        prop_assume!(scores.iter().any(|&s| s != scores[0]));
        let rows = scores
            .iter()
            .enumerate()
            .flat_map(|(u, &k)| (0..raters).map(move |r| (u, r, k)))
            .collect();
        let ratings = build(&Data { q, rows }, |u| format!("u{u}"), |r| format!("r{r}"));
        let report = report(&ratings);
        for name in [
            "percent_exact", "fleiss_kappa", "gwet_ac1", "brennan_prediger", "conger_kappa",
            "krippendorff_alpha_nominal", "krippendorff_alpha_ordinal",
            "krippendorff_alpha_interval", "krippendorff_alpha_ratio", "icc1", "icc2", "icc3",
            "kendall_w",
        ] {
            let value = report.get(name).unwrap_or_else(|| panic!("{name} missing"));
            prop_assert!(
                matches!(value, Ok(v) if (v - 1.0).abs() < 1e-9),
                "{} = {:?}", name, value
            );
        }
        if raters == 2 {
            for name in ["cohen_kappa", "cohen_kappa_linear", "cohen_kappa_quadratic", "scott_pi"] {
                prop_assert!(matches!(report.get(name), Some(Ok(v)) if (v - 1.0).abs() < 1e-9), "{}", name);
            }
        }
    }
}

#[test]
fn single_unit_gives_alpha_zero_and_undefined_icc() {
    let rows = [("u1", "a", "1"), ("u1", "b", "1"), ("u1", "c", "2")];
    let ratings = Ratings::from_rows(scale(2), &rows).unwrap();
    let report = report(&ratings);
    let value = |name: &str| report.get(name).cloned().unwrap();
    assert!((value("percent_exact").unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert_eq!(value("krippendorff_alpha_nominal"), Ok(0.0));
    assert!(matches!(value("icc1"), Err(Undefined::TooFewUnits { .. })));
    assert!(matches!(
        value("kendall_w"),
        Err(Undefined::TooFewUnits { .. })
    ));
    assert!(matches!(
        value("gwet_ac1_se"),
        Err(Undefined::TooFewUnits { .. })
    ));
    assert!(matches!(
        value("fleiss_kappa_se"),
        Err(Undefined::TooFewUnits { .. })
    ));
}

#[test]
fn labels_are_case_sensitive() {
    let scale = Scale::parse("a,A,b").unwrap();
    let rows = [
        ("u1", "r1", "a"),
        ("u1", "r2", "A"),
        ("u2", "r1", "b"),
        ("u2", "r2", "b"),
    ];
    let ratings = Ratings::from_rows(scale, &rows).unwrap();
    let table = ratings.count_table();
    assert_eq!(percent_agreement(&table, 0, Aggregation::UnitMean), Ok(0.5));
}

#[test]
fn unit_without_ratings_changes_nothing() {
    let rows = [
        ("u1", "r1", "1"),
        ("u1", "r2", "2"),
        ("u2", "r1", "3"),
        ("u2", "r2", "3"),
        ("u3", "r1", "2"),
        ("u3", "r2", "2"),
        ("u4", "r1", "1"),
    ];
    let without = Ratings::from_rows(scale(3), &rows).unwrap();
    let mut builder = evident_stats::RatingsBuilder::new(scale(3));
    builder.add_unit("empty").unwrap();
    for (unit, rater, score) in rows {
        builder.add(unit, rater, score).unwrap();
    }
    let with = builder.build().unwrap();
    assert_eq!(report(&without), report(&with));
}

#[test]
fn single_rater_makes_every_statistic_undefined() {
    let rows = [("u1", "r1", "1"), ("u2", "r1", "2"), ("u3", "r1", "3")];
    let ratings = Ratings::from_rows(scale(3), &rows).unwrap();
    let report = report(&ratings);
    let counts = [
        "units",
        "raters",
        "ratings",
        "units_pairable",
        "units_complete",
        "categories",
    ];
    for (name, value) in &report.entries {
        if counts.contains(&name.as_str()) {
            assert!(value.is_ok(), "{name} should be a count");
        } else {
            assert_eq!(value, &Err(Undefined::SingleRater), "{name}");
        }
    }
}

#[test]
fn krippendorff_alpha_is_undefined_without_variation() {
    let rows = [
        ("u1", "r1", "2"),
        ("u1", "r2", "2"),
        ("u2", "r1", "2"),
        ("u2", "r2", "2"),
    ];
    let ratings = Ratings::from_rows(scale(4), &rows).unwrap();
    let alpha = krippendorff_alpha(&ratings.count_table(), ratings.scale(), Level::Nominal);
    assert_eq!(alpha, Err(Undefined::NoVariation));
}

#[test]
fn bootstrap_interval_is_reproducible_and_brackets_alpha() {
    let rows: Vec<(String, String, String)> = (0..40)
        .flat_map(|u| {
            let base = u % 4 + 1;
            let other = if u % 5 == 0 { (base % 4) + 1 } else { base };
            [
                (format!("u{u}"), "a".to_string(), base.to_string()),
                (format!("u{u}"), "b".to_string(), other.to_string()),
            ]
        })
        .collect();
    let ratings = Ratings::from_rows(scale(4), &rows).unwrap();
    let first = report(&ratings);
    let second = report(&ratings);
    let alpha = first
        .get("krippendorff_alpha_ordinal")
        .unwrap()
        .clone()
        .unwrap();
    let lower = first
        .get("krippendorff_alpha_ordinal_ci_lower")
        .unwrap()
        .clone()
        .unwrap();
    let upper = first
        .get("krippendorff_alpha_ordinal_ci_upper")
        .unwrap()
        .clone()
        .unwrap();
    assert_eq!(first, second);
    assert!(lower <= alpha, "lower {lower} > alpha {alpha}");
    assert!(alpha <= upper, "alpha {alpha} > upper {upper}");
}

#[test]
fn poisson_bootstrap_on_many_units_brackets_alpha() {
    // 30,000 pairable units take the Poisson bootstrap path (above 20,000).
    let rows: Vec<(String, String, String)> = (0..30_000)
        .flat_map(|u| {
            let base = u % 4 + 1;
            let other = if u % 7 == 0 { (base % 4) + 1 } else { base };
            [
                (format!("u{u}"), "a".to_string(), base.to_string()),
                (format!("u{u}"), "b".to_string(), other.to_string()),
            ]
        })
        .collect();
    let ratings = Ratings::from_rows(scale(4), &rows).unwrap();
    let table = ratings.count_table();
    let alpha = krippendorff_alpha(&table, ratings.scale(), Level::Interval).unwrap();
    let settings = Bootstrap {
        replicates: 200,
        seed: 11,
    };
    let interval = evident_stats::krippendorff_bootstrap(
        &table,
        ratings.scale(),
        &[Level::Interval],
        settings,
    )
    .remove(0)
    .unwrap();
    assert!(
        interval.lower < alpha,
        "lower {} >= alpha {alpha}",
        interval.lower
    );
    assert!(
        alpha < interval.upper,
        "alpha {alpha} >= upper {}",
        interval.upper
    );
    assert!(
        interval.upper - interval.lower < 0.05,
        "width {}",
        interval.upper - interval.lower
    );
}

#[test]
fn duplicate_rating_is_rejected_in_any_order() {
    let sorted = [("u1", "a", "1"), ("u1", "a", "2"), ("u2", "a", "1")];
    let unsorted = [
        ("u1", "a", "1"),
        ("u2", "b", "1"),
        ("u1", "b", "2"),
        ("u2", "b", "3"),
    ];
    for rows in [&sorted[..], &unsorted[..]] {
        let error = Ratings::from_rows(scale(3), rows).unwrap_err();
        assert!(
            matches!(error, evident_stats::StatsError::DuplicateRating { .. }),
            "{error}"
        );
    }
}

#[test]
fn unit_grouping_ignores_input_order() {
    let rows = [
        ("u2", "b", "3"),
        ("u1", "b", "2"),
        ("u2", "a", "1"),
        ("u1", "a", "1"),
    ];
    let ratings = Ratings::from_rows(scale(3), &rows).unwrap();
    let (raters, categories) = ratings.unit(0);
    assert_eq!(ratings.unit_names()[0], "u2");
    assert_eq!(raters.len(), 2);
    assert!(raters[0] < raters[1], "raters within a unit are sorted");
    assert_eq!(categories.len(), 2);
    assert_eq!(ratings.rater_names()[raters[0] as usize], "b");
    assert_eq!(categories[0], 2);
}
