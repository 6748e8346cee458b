//! Property tests: import never panics, whatever is broken in the input, and every
//! rejection lists at least one problem.

mod common;

use common::fixture;
use evident_case::parse_package;
use proptest::prelude::*;
use serde_json::{Value, json};

const SAMPLE_SOURCES: [&str; 3] = [
    "opensalt-tests/ItemTypeTestFramework.json",
    "rubrics/carpentries-teaching-demo-rubric.case-v1p1.json",
    common::SAMPLE,
];

/// Returns the JSON pointer of every value in `value`, the root included.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{prefix}/{escaped}"), out);
            }
        }
        Value::Array(values) => {
            for (index, child) in values.iter().enumerate() {
                pointers(child, format!("{prefix}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(prefix);
}

fn replacement() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        "[a-zA-Z0-9 :.+-]{0,24}".prop_map(Value::from),
        Just(json!("2017-09-22 23:15:13")),
        Just(json!("00000000-0000-0000-0000-000000000001")),
        Just(json!([])),
        Just(json!({})),
        Just(json!(["x", 1])),
        Just(json!({"title": "t", "identifier": "i", "uri": "u"})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn replaced_value_never_panics(
        source in 0..SAMPLE_SOURCES.len(),
        choice in any::<prop::sample::Index>(),
        value in replacement(),
    ) {
        let mut package: Value = serde_json::from_slice(&fixture(SAMPLE_SOURCES[source])).unwrap();
        let mut all = Vec::new();
        pointers(&package, String::new(), &mut all);
        let pointer = choice.get(&all).clone();
        *package.pointer_mut(&pointer).unwrap() = value;
        let bytes = serde_json::to_vec_pretty(&package).unwrap();
        if let Err(rejection) = parse_package(&bytes) {
            prop_assert!(!rejection.problems.is_empty());
            prop_assert!(!rejection.to_string().is_empty());
        }
    }

    #[test]
    fn damaged_bytes_never_panic(
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        byte in any::<u8>(),
    ) {
        let mut bytes = fixture("opensalt-tests/SequenceNumberFramework.json");
        let position = flip.index(bytes.len());
        bytes[position] = byte;
        bytes.truncate(cut.index(bytes.len()) + 1);
        if let Err(rejection) = parse_package(&bytes) {
            prop_assert!(!rejection.problems.is_empty());
        }
    }
}
