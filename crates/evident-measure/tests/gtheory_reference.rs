//! G and D studies compared with Brennan's published values and with the Method 1
//! reference computation in `bench/measurement/gtheory_reference.R`.

use std::fs::File;

use evident_measure::gtheory::{DStudy, Design, GStudy};
use evident_measure::{CsvOptions, Ratings};
use serde_json::Value;

fn load(case: &str) -> Ratings {
    let path = format!("{}/tests/data/{case}/data.csv", env!("CARGO_MANIFEST_DIR"));
    Ratings::from_csv(File::open(path).unwrap(), &CsvOptions::default()).unwrap()
}

fn expected(case: &str, file: &str) -> Value {
    let path = format!("{}/tests/data/{case}/{file}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_reader(File::open(path).unwrap()).unwrap()
}

fn study(case: &str, design: &str) -> GStudy {
    GStudy::estimate(&load(case), &Design::parse(design).unwrap()).unwrap()
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} differs from {expected} by more than {tolerance}"
    );
}

/// Translates a component name from the case's letters (i, o, h) to the design's (t, r).
fn translate(name: &str, letters: &[(char, char)]) -> String {
    name.split(',')
        .next()
        .unwrap()
        .chars()
        .map(|c| {
            letters
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |&(_, to)| to)
        })
        .collect()
}

/// Checks components, T values and every reference D study of one Brennan case.
fn check_case(case: &str, file: &str, design: &str, letters: &[(char, char)]) -> GStudy {
    let g = study(case, design);
    let expected = expected(case, file);
    let output = &expected["reference_computed"]["output"];
    for (name, value) in output["variance_components_method1"].as_object().unwrap() {
        let ours = translate(name, letters);
        let component = g
            .component(&ours)
            .unwrap_or_else(|| panic!("component {ours} missing"));
        assert_close(
            component.estimate,
            value.as_f64().unwrap(),
            1e-8,
            &format!("{case} σ²({ours}) vs reference"),
        );
        let t = output["T_values"][name].as_f64().unwrap();
        assert_close(component.t_value, t, 1e-6, &format!("{case} T({ours})"));
    }
    assert_close(
        g.t_mean,
        output["T_values"]["mean"].as_f64().unwrap(),
        1e-6,
        &format!("{case} T(μ)"),
    );
    if let Some(published) = expected["published"]["variance_components"].as_object() {
        for (name, value) in published {
            let ours = translate(name, letters);
            let component = g.component(&ours).unwrap();
            assert_close(
                component.estimate,
                value.as_f64().unwrap(),
                6e-5,
                &format!("{case} σ²({ours}) vs Brennan"),
            );
        }
    }
    for projection in output["dstudy"].as_array().unwrap() {
        let sizes: Vec<(char, f64)> = projection["nprime"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(letter, n)| {
                let letter = letter.chars().next().unwrap();
                let ours = letters
                    .iter()
                    .find(|(from, _)| *from == letter)
                    .map_or(letter, |&(_, to)| to);
                (ours, n.as_f64().unwrap())
            })
            .collect();
        let d = g.dstudy(&sizes, &[]).unwrap();
        let want = &projection["negatives_set_to_zero"];
        let what = format!("{case} D study {sizes:?}");
        assert_close(
            d.g_coefficient,
            want["Erho2"].as_f64().unwrap(),
            1e-8,
            &format!("{what} Eρ²"),
        );
        assert_close(
            d.phi,
            want["Phi"].as_f64().unwrap(),
            1e-8,
            &format!("{what} Φ"),
        );
        assert_close(
            d.relative_error_variance,
            want["rel_err"].as_f64().unwrap(),
            1e-8,
            &format!("{what} σ²(δ)"),
        );
        assert_close(
            d.absolute_error_variance,
            want["abs_err"].as_f64().unwrap(),
            1e-8,
            &format!("{what} σ²(Δ)"),
        );
    }
    g
}

fn assert_coefficients(d: &DStudy, g: f64, phi: f64, tolerance: f64, what: &str) {
    assert_close(d.g_coefficient, g, tolerance, &format!("{what} Eρ²"));
    assert_close(d.phi, phi, tolerance, &format!("{what} Φ"));
}

#[test]
fn sds1_p_by_i_matches_brennan() {
    let g = check_case(
        "gt_brennan_sds1_pxi",
        "expected.json",
        "p x t",
        &[('i', 't')],
    );
    let observed = g.observed_dstudy(&[]).unwrap();
    assert_coefficients(&observed, 0.844, 0.773, 6e-4, "SDS1 observed n′ = 12");
    // Brennan prints these to 3 decimals but truncates some (Φ = .58662 is printed .586),
    // so the tolerance is one unit in the third decimal.
    for (n, rho, phi) in [
        (5.0, 0.693, 0.586),
        (10.0, 0.819, 0.740),
        (15.0, 0.871, 0.810),
        (20.0, 0.901, 0.850),
    ] {
        let d = g.dstudy(&[('t', n)], &[]).unwrap();
        assert_coefficients(&d, rho, phi, 1e-3, &format!("SDS1 n′ = {n}"));
    }
}

#[test]
fn sds2_items_nested_in_persons_match_brennan() {
    let g = check_case(
        "gt_brennan_sds2_i_in_p",
        "expected.json",
        "t:p",
        &[('i', 't')],
    );
    assert_coefficients(
        &g.observed_dstudy(&[]).unwrap(),
        0.71,
        0.71,
        6e-3,
        "SDS2 n′ = 8",
    );
}

#[test]
fn sds4_raters_nested_in_tasks_match_brennan() {
    let g = check_case(
        "gt_brennan_sds4_px_r_in_t",
        "expected.json",
        "p x (r:t)",
        &[],
    );
    assert_coefficients(
        &g.observed_dstudy(&[]).unwrap(),
        0.55,
        0.46,
        6e-3,
        "SDS4 observed 3 tasks, 4 raters each",
    );
}

#[test]
fn sds3_fixed_items_move_variance_into_universe_score() {
    let g = study("gt_brennan_sds3_pxixo", "p x t x r");
    assert!(g.balanced);
    assert_coefficients(
        &g.observed_dstudy(&[]).unwrap(),
        0.64,
        0.55,
        6e-3,
        "SDS3 all random",
    );
    assert_coefficients(
        &g.observed_dstudy(&['t']).unwrap(),
        0.81,
        0.79,
        6e-3,
        "SDS3 items fixed",
    );
}

#[test]
fn missing_cells_follow_method_one() {
    let g = check_case(
        "gt_brennan_missing_pxi",
        "expected.json",
        "p x t",
        &[('i', 't')],
    );
    assert!(!g.balanced);
    let observed = g.observed_dstudy(&[]).unwrap();
    let harmonic = observed
        .sample_sizes
        .iter()
        .find(|(name, _)| name == "t")
        .unwrap()
        .1;
    // Items per person are 6 6 5 4 4 6 4 5 5 4 6 4, so their harmonic mean is 4.76821.
    assert_close(
        harmonic,
        4.768211920529803,
        1e-9,
        "harmonic mean of items per person",
    );
    assert_coefficients(
        &observed,
        0.5504546,
        0.5351108,
        1e-6,
        "missing p × i at the harmonic mean",
    );
    // GeneralizIT 0.1.2 prints .5507 and .5354 for these data without documenting its rule.
    assert_coefficients(
        &observed,
        0.5507,
        0.5354,
        5e-4,
        "missing p × i vs GeneralizIT",
    );
}

#[test]
fn guilford_negative_rater_component_is_flagged_and_zeroed() {
    let g = check_case(
        "mfrm_guilford_creativity",
        "expected_gtheory.json",
        "p x t x r",
        &[('i', 't'), ('o', 'r')],
    );
    let rater = g.component("r").unwrap();
    assert!(rater.negative);
    assert_close(rater.estimate, -0.1183, 1e-4, "σ²(r)");
    assert!(
        g.notes
            .iter()
            .any(|n| n.contains("component r is negative"))
    );
}

#[test]
fn unbalanced_nesting_uses_brennans_effective_sizes() {
    let g = study("gt_brennan_unbalanced_px_i_in_h", "p x (r:t)");
    assert!(!g.balanced);
    // Method 1 values from an independent numpy port of gtheory_reference.R; REML gives
    // σ²(h) = 3.637 for the same data, which is why the two methods must not be mixed.
    for (name, value) in [
        ("p", 1.20143),
        ("t", 2.91607),
        ("r:t", 0.29464),
        ("pt", 0.99143),
        ("pr:t", 0.84286),
    ] {
        assert_close(
            g.component(name).unwrap().estimate,
            value,
            1e-5,
            &format!("σ²({name})"),
        );
    }
    let observed = g.observed_dstudy(&[]).unwrap();
    let size = |name: &str| {
        observed
            .sample_sizes
            .iter()
            .find(|(n, _)| n == name)
            .unwrap()
            .1
    };
    assert_close(size("t"), 8.0 / 3.0, 1e-12, "ñ_h = 1 / Σ (n_i:h / n_i+)²");
    assert_close(size("pt"), 8.0 / 3.0, 1e-12, "ñ_h for ph");
    assert_close(size("r:t"), 8.0, 1e-12, "n_i+ for i:h");
    assert_close(observed.g_coefficient, 0.716, 6e-4, "Brennan's Eρ²");
    assert_close(observed.phi, 0.4277, 6e-5, "Brennan's Φ");
}

#[test]
fn constant_facet_in_design_is_rejected() {
    let error = GStudy::estimate(
        &load("gt_brennan_sds1_pxi"),
        &Design::parse("p x r").unwrap(),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("facet r"), "{message}");
    assert!(message.contains("R1"), "{message}");
}

#[test]
fn observed_sample_sizes_count_conditions_per_facet() {
    let nested = study("gt_brennan_sds4_px_r_in_t", "p x (r:t)").observed_sample_sizes();
    assert_eq!(nested.iter().map(|s| s.0).collect::<Vec<_>>(), ['r', 't']);
    assert_close(nested[0].1, 4.0, 1e-12, "raters per task");
    assert_close(nested[1].1, 3.0, 1e-12, "tasks");
    let within_persons = study("gt_brennan_sds2_i_in_p", "t:p").observed_sample_sizes();
    assert_eq!(within_persons.len(), 1);
    assert_close(within_persons[0].1, 8.0, 1e-12, "items per person");
}
