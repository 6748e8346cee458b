//! Fixture loading shared by the integration tests.

#![allow(dead_code)] // Each test binary uses a different part of this module.

use serde_json::Value;

/// Every fixture package, as a path under `tests/data`.
pub const ALL_FIXTURES: [&str; 12] = [
    "opensalt-tests/AdoptedTestFramework.json",
    "opensalt-tests/EmptyExternalFramework.json",
    "opensalt-tests/ItemTypeTestFramework.json",
    "opensalt-tests/MarkdownFramework.json",
    "opensalt-tests/Ordering.json",
    "opensalt-tests/SequenceNumberFramework.json",
    "opensalt-tests/SmartLevelFramework.json",
    "opensalt-tests/Utf8TestFramework.json",
    SAMPLE,
    DIGCOMPEDU,
    CARPENTRIES,
    ACHIEVE,
];

pub const SAMPLE: &str =
    "opensalt-sample/opensalt-framework-20c5134f-423d-4097-a971-3dd5152bf507.json";
pub const DIGCOMPEDU: &str = "educator-frameworks/digcompedu.case.json";
pub const CARPENTRIES: &str = "rubrics/carpentries-teaching-demo-rubric.case-v1p1.json";
pub const ACHIEVE: &str = "rubrics/achieve-oer-rubrics-scale-skeleton.case-v1p1.json";

/// Reads a fixture file.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {path}: {error}"))
}

/// Reads a fixture file as a JSON value, to build modified packages from.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_slice(&fixture(name)).expect("fixtures are valid JSON")
}

/// Imports a fixture and fails the test with the rejection message if it is rejected.
pub fn import(name: &str) -> evident_case::Import {
    evident_case::parse_package(&fixture(name))
        .unwrap_or_else(|rejection| panic!("{name} was rejected: {rejection}"))
}

/// Imports a JSON value built by a test, written with one property per line as an
/// exporter would, so that reported line numbers vary.
pub fn parse_value(value: &Value) -> Result<evident_case::Import, evident_case::Rejection> {
    let text = serde_json::to_vec_pretty(value).expect("a JSON value serializes");
    evident_case::parse_package(&text)
}
