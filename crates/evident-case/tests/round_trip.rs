//! Export is lossless: for every fixture, the exported JSON equals the input with the
//! reported repairs applied, and importing the export gives the same package with no
//! further repair.

mod common;

use common::{ALL_FIXTURES, fixture_json, import};
use evident_case::{ObjectKind, Repair, RepairKind};
use serde_json::{Map, Value};

/// Follows a location path such as `CFRubrics[0].CFRubricCriteria[2]` from the root.
fn object_at<'a>(root: &'a mut Value, path: &str) -> &'a mut Map<String, Value> {
    let mut current = root;
    for segment in path.split('.').filter(|segment| !segment.is_empty()) {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => {
                let index: usize = rest.trim_end_matches(']').parse().expect("index");
                (key, Some(index))
            }
            None => (segment, None),
        };
        current = &mut current[key];
        if let Some(index) = index {
            current = &mut current[index];
        }
    }
    current.as_object_mut().expect("a location names an object")
}

/// Applies one reported repair to the input JSON, as the importer describes it.
fn apply(root: &mut Value, repair: &Repair) {
    match repair.kind {
        RepairKind::ByteOrderMarkRemoved => {}
        RepairKind::EmptyDefinitionsArray => {
            root["CFDefinitions"] = repair.new_value.clone().expect("new value");
        }
        RepairKind::NullRemoved => {
            object_at(root, &repair.location.path).remove(&repair.field);
        }
        RepairKind::PropertyRenamed => {
            let object = object_at(root, &repair.location.path);
            object.remove(&repair.field);
            object.insert(
                "educationLevel".to_owned(),
                repair.new_value.clone().expect("new value"),
            );
        }
        _ => {
            assert_ne!(repair.location.kind, ObjectKind::Package);
            let object = object_at(root, &repair.location.path);
            assert_eq!(object[&repair.field], repair.old_value, "{repair}");
            object.insert(
                repair.field.clone(),
                repair.new_value.clone().expect("new value"),
            );
        }
    }
}

/// Compares JSON values, treating numbers as equal when their f64 values are (the model
/// reads rubric weights and scores as f64, so `1` comes back as `1.0`). Returns the
/// path of the first difference.
fn first_difference(expected: &Value, actual: &Value, path: &str) -> Option<String> {
    match (expected, actual) {
        (Value::Number(left), Value::Number(right)) => {
            (left.as_f64() != right.as_f64()).then(|| format!("{path}: {left} != {right}"))
        }
        (Value::Object(left), Value::Object(right)) => {
            for key in left.keys().chain(right.keys()) {
                let child = format!("{path}.{key}");
                match (left.get(key), right.get(key)) {
                    (Some(left), Some(right)) => {
                        if let Some(difference) = first_difference(left, right, &child) {
                            return Some(difference);
                        }
                    }
                    (Some(_), None) => return Some(format!("{child} is missing in the export")),
                    (None, Some(_)) => return Some(format!("{child} was added by the export")),
                    (None, None) => unreachable!(),
                }
            }
            None
        }
        (Value::Array(left), Value::Array(right)) => {
            if left.len() != right.len() {
                return Some(format!("{path}: length {} != {}", left.len(), right.len()));
            }
            left.iter()
                .zip(right)
                .enumerate()
                .find_map(|(index, (left, right))| {
                    first_difference(left, right, &format!("{path}[{index}]"))
                })
        }
        _ => (expected != actual).then(|| format!("{path}: {expected} != {actual}")),
    }
}

#[test]
fn export_equals_input_plus_repairs() {
    for name in ALL_FIXTURES {
        let import = import(name);
        let mut expected = fixture_json(name);
        for repair in &import.repairs {
            apply(&mut expected, repair);
        }
        let exported = import.package.to_json();
        assert_eq!(
            first_difference(&expected, &exported, "$"),
            None,
            "{name}: export differs from input plus repairs"
        );
    }
}

#[test]
fn reimported_export_is_equal_and_needs_no_repair() {
    for name in ALL_FIXTURES {
        let first = import(name);
        let text = first.package.to_json_string_pretty();
        let second = evident_case::parse_package_str(&text)
            .unwrap_or_else(|rejection| panic!("{name}: export was rejected: {rejection}"));
        assert_eq!(second.package, first.package, "{name}");
        assert_eq!(second.version, first.version, "{name}");
        assert!(second.repairs.is_empty(), "{name}: {:?}", second.repairs);
    }
}

#[test]
fn export_keeps_every_input_key_of_conformant_files() {
    // Counts the keys of all objects, at any depth, so a dropped property anywhere
    // changes the count.
    fn count_keys(value: &Value) -> usize {
        match value {
            Value::Object(map) => map.len() + map.values().map(count_keys).sum::<usize>(),
            Value::Array(values) => values.iter().map(count_keys).sum(),
            _ => 0,
        }
    }
    for name in ALL_FIXTURES {
        let import = import(name);
        if !import.repairs.is_empty() {
            continue;
        }
        let input = fixture_json(name);
        assert_eq!(
            count_keys(&import.package.to_json()),
            count_keys(&input),
            "{name}"
        );
    }
}
