//! End-to-end tests of `evident agreement` on the built binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// Writes `contents` to a file unique to this test and returns its path.
fn write_input(name: &str, contents: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("evident-agreement-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_evident"))
        .arg("agreement")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

/// Two raters on a 1–4 rubric with category 3 unused; the expected values are
/// sklearn `cohen_kappa_score(labels=[1, 2, 3, 4])` and krippendorff 0.9.0.
const NONCONTIGUOUS_LONG: &str = "unit,rater,score\n\
u1,r1,1\nu1,r2,1\nu2,r1,2\nu2,r2,2\nu3,r1,4\nu3,r2,2\nu4,r1,4\nu4,r2,4\nu5,r1,2\nu5,r2,1\n";

const NONCONTIGUOUS_WIDE: &str = "unit,r1,r2\nu1,1,1\nu2,2,2\nu3,4,2\nu4,4,4\nu5,2,1\n";

fn assert_close(value: &Value, expected: f64) {
    let actual = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is not a number"));
    assert!(
        (actual - expected).abs() <= 1e-9 * expected.abs().max(1e-3),
        "{actual} != {expected}"
    );
}

#[test]
fn json_output_matches_reference_values() {
    let path = write_input("long.csv", NONCONTIGUOUS_LONG);
    let out = json(&[
        path.to_str().unwrap(),
        "--scale",
        "1..4",
        "--format",
        "json",
    ]);
    assert_close(&out["cohen_kappa"], 0.41176470588235303);
    assert_close(&out["cohen_kappa_linear"], 0.5454545454545454);
    assert_close(&out["cohen_kappa_quadratic"], 0.6666666666666667);
    assert_close(&out["krippendorff_alpha_nominal"], 0.4545454545454545);
    assert_close(&out["krippendorff_alpha_ordinal"], 0.7);
    assert_close(&out["percent_exact"], 0.6);
    assert_close(&out["icc2"], 0.7142857142857143);
    assert_close(&out["kendall_w"], 0.902777777777778);
    assert!(
        out.get("krippendorff_alpha_interval").is_none(),
        "interval is above the ordinal level"
    );
}

#[test]
fn wide_form_gives_same_statistics_as_long_form() {
    let long = write_input("same-long.csv", NONCONTIGUOUS_LONG);
    let wide = write_input("same-wide.csv", NONCONTIGUOUS_WIDE);
    let from_long = json(&[
        long.to_str().unwrap(),
        "--scale",
        "1..4",
        "--format",
        "json",
    ]);
    let from_wide = json(&[
        wide.to_str().unwrap(),
        "--wide",
        "--scale",
        "1..4",
        "--format",
        "json",
    ]);
    assert_eq!(from_long, from_wide);
}

#[test]
fn undefined_statistic_is_null_with_reason() {
    let path = write_input(
        "identical.csv",
        "unit,rater,score\nu1,a,1\nu1,b,1\nu2,a,1\nu2,b,1\nu3,a,1\nu3,b,1\n",
    );
    let out = json(&[
        path.to_str().unwrap(),
        "--scale",
        "1..4",
        "--format",
        "json",
    ]);
    assert!(out["cohen_kappa"].is_null());
    let reason = out["cohen_kappa_undefined_reason"].as_str().unwrap();
    assert!(reason.contains("no variation"), "reason: {reason}");
    assert!(out["krippendorff_alpha_ordinal"].is_null());
    assert_close(&out["gwet_ac1"], 1.0);
    assert_close(&out["brennan_prediger"], 1.0);
    assert_close(&out["percent_exact"], 1.0);
}

#[test]
fn pairs_add_pairwise_cohen_kappa() {
    let path = write_input(
        "three.csv",
        "unit,rater,score\nu1,a,1\nu1,b,1\nu1,c,2\nu2,a,2\nu2,b,2\nu2,c,2\nu3,a,3\nu3,b,2\nu3,c,3\n",
    );
    let out = json(&[
        path.to_str().unwrap(),
        "--scale",
        "1..3",
        "--pairs",
        "--format",
        "json",
    ]);
    assert_close(&out["pair_units[a,b]"], 3.0);
    assert!(out.get("cohen_kappa[a,c]").is_some());
    assert!(
        out["cohen_kappa"].is_null(),
        "overall Cohen's kappa needs two raters"
    );
}

#[test]
fn csv_and_table_formats_list_statistics() {
    let path = write_input("formats.csv", NONCONTIGUOUS_LONG);
    let csv = run(&[path.to_str().unwrap(), "--scale", "1..4", "--format", "csv"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(
        csv.starts_with("statistic,value,undefined_reason\n"),
        "{csv}"
    );
    assert!(csv.contains("\ncohen_kappa,0.411764705882353"), "{csv}");
    let table = run(&[path.to_str().unwrap(), "--scale", "1..4"]);
    let table = String::from_utf8(table.stdout).unwrap();
    assert!(table.contains("krippendorff_alpha_ordinal"), "{table}");
    assert!(table.contains("Methods:"), "{table}");
}

#[test]
fn score_off_the_scale_names_the_line() {
    let path = write_input("off-scale.csv", "unit,rater,score\nu1,a,1\nu1,b,7\n");
    let output = run(&[path.to_str().unwrap(), "--scale", "1..4"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("'7' is not on the scale"), "{stderr}");
}

#[test]
fn short_row_names_the_line() {
    let path = write_input("short.csv", "unit,rater,score\nu1,a,1\nu1,b\n");
    let output = run(&[path.to_str().unwrap(), "--scale", "1..4"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3: 2 fields, the header has 3"),
        "{stderr}"
    );
}

#[test]
fn duplicate_rating_names_both_lines() {
    let path = write_input(
        "duplicate.csv",
        "unit,rater,score\nu1,a,1\nu1,b,2\nu2,a,1\nu1,a,3\n",
    );
    let output = run(&[path.to_str().unwrap(), "--scale", "1..4"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("lines 2 and 5"), "{stderr}");
}

#[test]
fn missing_header_columns_are_rejected() {
    let path = write_input("header.csv", "item,judge,value\nu1,a,1\n");
    let output = run(&[path.to_str().unwrap(), "--scale", "1..4"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 1"), "{stderr}");
    assert!(stderr.contains("--wide"), "{stderr}");
}

#[test]
fn interval_level_on_text_scale_is_rejected() {
    let path = write_input("labels.csv", "unit,rater,score\nu1,a,low\nu1,b,high\n");
    let output = run(&[
        path.to_str().unwrap(),
        "--scale",
        "low,high",
        "--level",
        "interval",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("numeric"), "{stderr}");
}
