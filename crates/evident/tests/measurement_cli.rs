//! End-to-end runs of `evident rasch` and `evident gstudy` on the reference cases of
//! the evident-measure crate.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn case(name: &str) -> String {
    format!(
        "{}/../evident-measure/tests/data/{name}/data.csv",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn evident(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_evident"))
        .args(args)
        .output()
        .expect("the evident binary runs")
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "evident failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Returns a path in the temporary directory that no other test uses.
fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "evident-measurement-cli-{}-{name}",
        std::process::id()
    ))
}

#[test]
fn rasch_table_reports_guilford_judges() {
    let text = stdout(&evident(&[
        "rasch",
        &case("mfrm_guilford_creativity"),
        "--bias",
        "rater,examinee",
    ]));
    assert!(text.contains("model: rating scale"), "{text}");
    assert!(
        text.contains("centring: examinee and task centred at 0, rater floating"),
        "{text}"
    );
    assert!(text.contains("rater measures (severity, logits)"), "{text}");
    let brahe = text.lines().find(|l| l.starts_with("Brahe ")).unwrap();
    assert!(brahe.contains("0.245"), "{brahe}");
    assert!(text.contains("Bias terms rater x examinee"), "{text}");
    assert!(!text.contains("NaN"));
}

#[test]
fn rasch_json_matches_reference_severity() {
    let text = stdout(&evident(&[
        "rasch",
        &case("mfrm_guilford_creativity"),
        "--format",
        "json",
        "--bias-correction",
    ]));
    let fit: Value = serde_json::from_str(&text).unwrap();
    let raters = fit["facets"][1]["elements"].as_array().unwrap();
    let brahe = raters.iter().find(|e| e["label"] == "Brahe").unwrap();
    assert!((brahe["measure"].as_f64().unwrap() - 0.245397).abs() < 1e-4);
    let factor = fit["bias_correction_factor"].as_f64().unwrap();
    assert!((factor - 14.0 / 15.0).abs() < 1e-12);
    assert!((brahe["corrected_measure"].as_f64().unwrap() - 0.245397 * factor).abs() < 1e-4);
}

#[test]
fn rasch_partial_credit_writes_wright_map() {
    let svg_path = scratch("ratings1.svg");
    let output = evident(&[
        "rasch",
        &case("mfrm_sirt_ratings1"),
        "--model",
        "partial-credit",
        "--wright-map",
        svg_path.to_str().unwrap(),
    ]);
    let text = stdout(&output);
    assert!(text.contains("partial credit"), "{text}");
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    std::fs::remove_file(&svg_path).ok();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("<title id=\"map-title\">Wright map of data.csv</title>"));
    assert_eq!(svg.matches("data-facet=\"rater\"").count(), 1);
    assert_eq!(
        svg.matches("class=\"element\"").count(),
        7 + 5 + 15,
        "raters, tasks and thresholds"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
}

#[test]
fn rasch_bias_by_group_column() {
    let path = scratch("groups.csv");
    let mut csv = String::from("examinee,rater,task,score,district\n");
    let scores = [
        [2, 3, 1, 4],
        [3, 3, 2, 4],
        [1, 2, 1, 3],
        [4, 3, 3, 2],
        [2, 2, 3, 3],
        [3, 4, 2, 2],
    ];
    for (n, row) in scores.iter().enumerate() {
        for (t, score) in row.iter().enumerate() {
            let rater = (n + t) % 4;
            csv.push_str(&format!(
                "S{n},R{rater},T{},{score},D{}\n",
                t % 2,
                rater % 2
            ));
        }
    }
    std::fs::write(&path, csv).unwrap();
    let text = stdout(&evident(&[
        "rasch",
        path.to_str().unwrap(),
        "--group",
        "district",
        "--bias",
        "rater,group",
    ]));
    std::fs::remove_file(&path).ok();
    assert!(text.contains("Bias terms rater x group"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("R0 ") && l.contains("D0")),
        "{text}"
    );
}

#[test]
fn rasch_disconnected_design_fails_with_subsets() {
    let path = scratch("disconnected.csv");
    let csv = "examinee,rater,task,score\nA,R1,T1,1\nA,R1,T2,2\nB,R1,T1,2\nB,R1,T2,3\nC,R2,T1,1\nC,R2,T2,3\nD,R2,T1,2\nD,R2,T2,2\n";
    std::fs::write(&path, csv).unwrap();
    let output = evident(&["rasch", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("disconnected into 2 subsets"), "{message}");
    assert!(
        message.contains("2 examinees (A, B), 1 rater (R1)"),
        "{message}"
    );
    assert!(
        message.contains("2 examinees (C, D), 1 rater (R2)"),
        "{message}"
    );
}

#[test]
fn rasch_all_extreme_data_fail_without_nan() {
    let path = scratch("extreme.csv");
    std::fs::write(
        &path,
        "examinee,rater,task,score\nA,R1,T1,4\nA,R2,T2,4\nB,R1,T2,1\nB,R2,T1,1\n",
    )
    .unwrap();
    let output = evident(&["rasch", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("extreme"), "{message}");
    assert!(message.contains("A (all maximum)"), "{message}");
    assert!(!message.contains("NaN"), "{message}");
}

#[test]
fn rasch_rejects_unknown_floating_facet() {
    let output = evident(&[
        "rasch",
        &case("mfrm_guilford_creativity"),
        "--floating",
        "judge",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("unknown facet `judge`"), "{message}");
}

#[test]
fn gstudy_nested_design_reproduces_brennan() {
    let text = stdout(&evident(&[
        "gstudy",
        &case("gt_brennan_sds4_px_r_in_t"),
        "--design",
        "p x (r:t)",
        "--raters",
        "1,2",
        "--tasks",
        "3,6",
        "--format",
        "json",
    ]));
    let report: Value = serde_json::from_str(&text).unwrap();
    let components = report["g_study"]["components"].as_array().unwrap();
    let estimate = |name: &str| {
        components.iter().find(|c| c["name"] == name).unwrap()["estimate"]
            .as_f64()
            .unwrap()
    };
    assert!((estimate("p") - 0.4731).abs() < 6e-5);
    assert!((estimate("pr:t,e") - 2.3802).abs() < 6e-5);
    let d_studies = report["d_studies"].as_array().unwrap();
    assert_eq!(
        d_studies.len(),
        1 + 2 * 2,
        "observed design plus each raters × tasks pair"
    );
    assert!((d_studies[0]["g_coefficient"].as_f64().unwrap() - 0.55).abs() < 6e-3);
    assert!((d_studies[0]["phi"].as_f64().unwrap() - 0.46).abs() < 6e-3);
}

#[test]
fn gstudy_table_flags_negative_component() {
    let text = stdout(&evident(&[
        "gstudy",
        &case("mfrm_guilford_creativity"),
        "--design",
        "p x t x r",
    ]));
    assert!(text.contains("G study, design p x t x r"), "{text}");
    let rater = text.lines().find(|l| l.starts_with("r ")).unwrap();
    assert!(rater.contains("-0.1183"), "{rater}");
    assert!(rater.contains("negative, 0 in D studies"), "{rater}");
}

#[test]
fn gstudy_rejects_invalid_design() {
    let output = evident(&["gstudy", &case("gt_brennan_sds1_pxi"), "--design", "p x q"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(message.contains("invalid design `p x q`"), "{message}");
}

#[test]
fn rasch_scores_late_examinee_against_earlier_fit() {
    let fit_path = scratch("calibration.json");
    let calibration = stdout(&evident(&[
        "rasch",
        &case("mfrm_guilford_creativity"),
        "--format",
        "json",
    ]));
    std::fs::write(&fit_path, &calibration).unwrap();
    let late_path = scratch("late.csv");
    std::fs::write(
        &late_path,
        "examinee,rater,task,score\nLate,Brahe,T1,6\nLate,Avogadro,T3,5\n",
    )
    .unwrap();
    let output = evident(&[
        "rasch",
        late_path.to_str().unwrap(),
        "--anchor-from",
        fit_path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    std::fs::remove_file(&fit_path).ok();
    std::fs::remove_file(&late_path).ok();
    let fit: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(fit["floating"], "examinee");
    let late = &fit["facets"][0]["elements"][0];
    assert_eq!(late["label"], "Late");
    assert!(late["measure"].as_f64().unwrap().is_finite());
    let brahe = fit["facets"][1]["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "Brahe")
        .unwrap();
    assert_eq!(brahe["anchored"], true);
    assert!((brahe["measure"].as_f64().unwrap() - 0.2454).abs() < 1e-3);
    assert_eq!(
        fit["thresholds"][0]["thresholds"].as_array().unwrap().len(),
        8,
        "all nine rubric scores kept"
    );
}
