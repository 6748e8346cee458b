//! Many-facet Rasch fits compared with the JMLE reference values and with TAM and sirt.
//!
//! The reference values in `tests/data/mfrm_*/expected.json` come from the numpy JMLE
//! reference in `bench/measurement/mfrm_jmle_reference.py` (FACETS conventions, converged
//! to 1e-10 score points) and from TAM 4.3.25 and sirt 4.1.15; see `tests/data/SOURCES.md`.

use std::fs::File;

use evident_measure::rasch::{self, BiasFacet, Convergence, RaschFit, RaschOptions, ScaleModel};
use evident_measure::{CsvOptions, Facet, Ratings};
use serde_json::Value;

fn load(case: &str) -> (Ratings, Value) {
    let dir = format!("{}/tests/data/{case}", env!("CARGO_MANIFEST_DIR"));
    let ratings = Ratings::from_csv(
        File::open(format!("{dir}/data.csv")).unwrap(),
        &CsvOptions::default(),
    )
    .unwrap();
    let expected: Value =
        serde_json::from_reader(File::open(format!("{dir}/expected.json")).unwrap()).unwrap();
    (ratings, expected)
}

fn tight() -> Convergence {
    Convergence {
        max_residual: 1e-9,
        max_change: 1e-10,
        max_iterations: 10_000,
    }
}

fn fit(ratings: &Ratings, options: &RaschOptions) -> RaschFit {
    rasch::fit(ratings, options, &mut |_, _| {}).unwrap()
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("expected a number, found {value}"))
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} differs from {expected} by more than {tolerance}"
    );
}

/// Compares every element and facet summary with the JMLE reference values.
fn assert_matches_reference(fit: &RaschFit, jmle: &Value) {
    for facet in Facet::ALL {
        let expected_elements = jmle["elements"][facet.name()].as_object().unwrap();
        assert_eq!(
            fit.facet(facet).elements.len(),
            expected_elements.len(),
            "{facet} count"
        );
        for (label, want) in expected_elements {
            let got = fit
                .element(facet, label)
                .unwrap_or_else(|| panic!("{facet} {label} missing"));
            let name = |stat: &str| format!("{facet} {label} {stat}");
            assert_close(
                got.measure,
                number(&want["measure"]),
                1e-4,
                &name("measure"),
            );
            assert_close(
                got.model_se,
                number(&want["model_se"]),
                1e-4,
                &name("model SE"),
            );
            assert_close(
                got.fair_average,
                number(&want["fair_m_average"]),
                1e-3,
                &name("fair average"),
            );
            assert_close(
                got.total_score,
                number(&want["total_score"]),
                1e-9,
                &name("total score"),
            );
            assert_eq!(
                got.extreme.is_some(),
                want["extreme"].as_bool().unwrap(),
                "{}",
                name("extreme flag")
            );
            if got.extreme.is_some() {
                assert!(
                    got.infit_mnsq.is_none(),
                    "{}",
                    name("fit of extreme element is not reported")
                );
                continue;
            }
            assert_close(
                got.infit_mnsq.unwrap(),
                number(&want["infit_mnsq"]),
                1e-3,
                &name("infit"),
            );
            assert_close(
                got.outfit_mnsq.unwrap(),
                number(&want["outfit_mnsq"]),
                1e-3,
                &name("outfit"),
            );
            assert_close(
                got.infit_zstd.unwrap(),
                number(&want["infit_zstd"]),
                0.02,
                &name("infit ZSTD"),
            );
            assert_close(
                got.outfit_zstd.unwrap(),
                number(&want["outfit_zstd"]),
                0.02,
                &name("outfit ZSTD"),
            );
            assert_close(
                got.real_se.unwrap(),
                number(&want["real_se"]),
                1e-4,
                &name("real SE"),
            );
        }
        let summary = &fit.facet(facet).summary;
        let want = &jmle["facet_summary"][facet.name()];
        assert_eq!(
            summary.count as u64,
            want["n"].as_u64().unwrap(),
            "{facet} non-extreme count"
        );
        assert_close(
            summary.rmse,
            number(&want["rmse_model"]),
            1e-4,
            &format!("{facet} RMSE"),
        );
        for (got, kind) in [
            (&summary.population, "population"),
            (&summary.sample, "sample"),
        ] {
            let want = &want[kind];
            let name = |stat: &str| format!("{facet} {kind} {stat}");
            assert_close(got.sd, number(&want["sd"]), 1e-4, &name("SD"));
            assert_close(
                got.separation,
                number(&want["separation"]),
                1e-3,
                &name("separation"),
            );
            assert_close(got.strata, number(&want["strata"]), 1e-3, &name("strata"));
            assert_close(
                got.reliability,
                number(&want["reliability"]),
                1e-3,
                &name("reliability"),
            );
        }
        assert_close(
            summary.fixed_chi_square,
            number(&want["fixed_chi_square"]),
            1e-2,
            &format!("{facet} chi-square"),
        );
    }
    let thresholds = jmle["andrich_thresholds"].as_array().unwrap();
    let nested = thresholds[0].is_array();
    for (set_index, set) in fit.thresholds.iter().enumerate() {
        let want = if nested {
            thresholds[set_index].as_array().unwrap()
        } else {
            thresholds
        };
        assert_eq!(
            set.thresholds.len(),
            want.len(),
            "threshold count of {}",
            set.name
        );
        for (k, (got, want)) in set.thresholds.iter().zip(want).enumerate() {
            assert_close(
                *got,
                number(want),
                1e-4,
                &format!("threshold {} of {}", k + 1, set.name),
            );
        }
    }
}

fn severities(fit: &RaschFit) -> Vec<(String, f64)> {
    let mut raters: Vec<(String, f64)> = fit
        .facet(Facet::Rater)
        .elements
        .iter()
        .map(|e| (e.label.clone(), e.measure))
        .collect();
    raters.sort_by(|a, b| b.1.total_cmp(&a.1));
    raters
}

/// Checks that rater order and differences between raters agree with an MML fit.
fn assert_agrees_with_mml(fit: &RaschFit, mml: &[(String, f64)], tolerance: f64, program: &str) {
    let ours = severities(fit);
    let mut theirs = mml.to_vec();
    theirs.sort_by(|a, b| b.1.total_cmp(&a.1));
    let order = |list: &[(String, f64)]| list.iter().map(|r| r.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        order(&ours),
        order(&theirs),
        "rater severity order under JMLE and {program}"
    );
    let anchor_ours = ours[0].1;
    let anchor_theirs = theirs[0].1;
    for ((label, a), (_, b)) in ours.iter().zip(&theirs) {
        assert_close(
            a - anchor_ours,
            b - anchor_theirs,
            tolerance,
            &format!("{label} distance from most severe rater vs {program}"),
        );
    }
}

#[test]
fn guilford_matches_jmle_reference() {
    let (ratings, expected) = load("mfrm_guilford_creativity");
    let options = RaschOptions {
        convergence: tight(),
        bias_pairs: vec![(
            BiasFacet::Measured(Facet::Rater),
            BiasFacet::Measured(Facet::Examinee),
        )],
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options);
    let jmle = &expected["reference_computed"]["jmle"]["values"];
    assert_matches_reference(&fit, jmle);
    let corrected = rasch::fit(
        &ratings,
        &RaschOptions {
            bias_correction: true,
            ..options.clone()
        },
        &mut |_, _| {},
    )
    .unwrap();
    let factor = corrected.bias_correction_factor.unwrap();
    assert_close(
        factor,
        number(&jmle["jmle_bias_factor_(L-1)/L"]),
        1e-12,
        "(L-1)/L factor",
    );
    let brahe = corrected.element(Facet::Rater, "Brahe").unwrap();
    assert_close(
        brahe.corrected_measure.unwrap(),
        brahe.measure * factor,
        1e-12,
        "corrected Brahe severity",
    );

    let cells = &fit.bias[0].cells;
    let want_cells = jmle["bias_interactions"].as_array().unwrap();
    assert_eq!(cells.len(), want_cells.len(), "bias cell count");
    for want in want_cells {
        let rater = want["rater"].as_str().unwrap();
        let examinee = want["examinee"].as_str().unwrap();
        let got = cells
            .iter()
            .find(|c| c.first == rater && c.second == examinee)
            .unwrap();
        let name = format!("bias {rater} x {examinee}");
        assert_close(got.bias, number(&want["bias_logit"]), 1e-4, &name);
        assert_close(got.se, number(&want["se"]), 1e-4, &format!("{name} SE"));
        assert_close(got.t, number(&want["t"]), 1e-3, &format!("{name} t"));
        assert_close(
            got.expected,
            number(&want["expected"]),
            1e-3,
            &format!("{name} expected score"),
        );
    }
}

#[test]
fn guilford_published_findings_hold() {
    let (ratings, _) = load("mfrm_guilford_creativity");
    let options = RaschOptions {
        bias_pairs: vec![(
            BiasFacet::Measured(Facet::Rater),
            BiasFacet::Measured(Facet::Examinee),
        )],
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options);
    assert_eq!(severities(&fit)[0].0, "Brahe", "most severe judge");
    let brahe = fit.element(Facet::Rater, "Brahe").unwrap();
    assert!(brahe.infit_mnsq.unwrap() > 1.4, "Brahe infit");
    assert!(brahe.outfit_mnsq.unwrap() > 1.4, "Brahe outfit");
    let worst = fit.bias[0]
        .cells
        .iter()
        .max_by(|a, b| a.t.abs().total_cmp(&b.t.abs()))
        .unwrap();
    assert_eq!(
        (worst.first.as_str(), worst.second.as_str()),
        ("Brahe", "Edward")
    );
    assert_close(worst.bias, -1.30, 0.01, "Brahe x Edward bias");
    assert_close(worst.t, -3.61, 0.01, "Brahe x Edward t");
    let most_misfitting = fit
        .facet(Facet::Examinee)
        .elements
        .iter()
        .max_by(|a, b| a.infit_mnsq.unwrap().total_cmp(&b.infit_mnsq.unwrap()))
        .unwrap();
    assert_eq!(most_misfitting.label, "Edward");
}

fn mml_raters(expected: &Value, program: &str) -> Vec<(String, f64)> {
    let mml = &expected["reference_computed"][program];
    if let Some(raters) = mml["rater"].as_array() {
        return raters
            .iter()
            .map(|r| (r["rater"].as_str().unwrap().to_string(), number(&r["b"])))
            .collect();
    }
    mml["xsi_facets"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["facet"] == "rater")
        .map(|p| {
            let label = p["parameter"]
                .as_str()
                .unwrap()
                .trim_start_matches("rater")
                .trim_matches('_');
            (label.to_string(), number(&p["xsi"]))
        })
        .collect()
}

#[test]
fn guilford_agrees_with_tam_and_sirt() {
    let (ratings, expected) = load("mfrm_guilford_creativity");
    let fit = fit(&ratings, &RaschOptions::default());
    for program in ["mml_TAM", "mml_sirt"] {
        assert_agrees_with_mml(&fit, &mml_raters(&expected, program), 0.15, program);
    }
}

#[test]
fn ratings1_partial_credit_matches_jmle_reference() {
    let (ratings, expected) = load("mfrm_sirt_ratings1");
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        convergence: tight(),
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options);
    assert_matches_reference(&fit, &expected["reference_computed"]["jmle"]["values"]);
}

#[test]
fn ratings1_findings_hold() {
    let (ratings, expected) = load("mfrm_sirt_ratings1");
    let options = RaschOptions {
        model: ScaleModel::PartialCredit,
        ..RaschOptions::default()
    };
    let fit = fit(&ratings, &options);
    let order: Vec<String> = severities(&fit).into_iter().map(|r| r.0).collect();
    assert_eq!(
        order,
        ["db01", "db02", "db03", "db08", "db54", "db07", "db31"]
    );
    for program in ["mml_TAM", "mml_sirt"] {
        let mml = mml_raters(&expected, program);
        let mut sorted = mml.clone();
        sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
        let theirs: Vec<&str> = sorted.iter().map(|r| r.0.as_str()).collect();
        assert_eq!(theirs, order, "{program} severity order");
    }
    let db08 = fit.element(Facet::Rater, "db08").unwrap();
    assert!(db08.infit_mnsq.unwrap() > 1.5, "db08 infit");
    assert!(db08.outfit_mnsq.unwrap() > 1.5, "db08 outfit");
    let db07 = fit.element(Facet::Rater, "db07").unwrap();
    assert!(db07.infit_mnsq.unwrap() < 0.7, "db07 infit");
}
