//! Each legacy deviation that import repairs, starting from a conformant fixture and
//! introducing the one deviation.

mod common;

use common::{CARPENTRIES, fixture, fixture_json, parse_value};
use evident_case::{ObjectKind, RepairKind};
use serde_json::{Value, json};

const ADOPTED: &str = "opensalt-tests/AdoptedTestFramework.json";

struct Case {
    name: &'static str,
    base: &'static str,
    change: fn(&mut Value),
    kind: RepairKind,
    object: ObjectKind,
    field: &'static str,
    old_value: Value,
    new_value: Option<Value>,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "string sequence number",
            base: ADOPTED,
            change: |package| package["CFAssociations"][0]["sequenceNumber"] = json!("3"),
            kind: RepairKind::NumberFromString,
            object: ObjectKind::Association,
            field: "sequenceNumber",
            old_value: json!("3"),
            new_value: Some(json!(3)),
        },
        Case {
            name: "float sequence number",
            base: ADOPTED,
            change: |package| package["CFAssociations"][0]["sequenceNumber"] = json!(2.0),
            kind: RepairKind::IntegerFromFloat,
            object: ObjectKind::Association,
            field: "sequenceNumber",
            old_value: json!(2.0),
            new_value: Some(json!(2)),
        },
        Case {
            name: "date-time without timezone",
            base: ADOPTED,
            change: |package| {
                package["CFItems"][0]["lastChangeDateTime"] = json!("2017-09-22 23:15:13")
            },
            kind: RepairKind::TimezoneAssumedUtc,
            object: ObjectKind::Item,
            field: "lastChangeDateTime",
            old_value: json!("2017-09-22 23:15:13"),
            new_value: Some(json!("2017-09-22T23:15:13+00:00")),
        },
        Case {
            name: "date where a date-time belongs",
            base: ADOPTED,
            change: |package| package["CFDocument"]["lastChangeDateTime"] = json!("2017-09-22"),
            kind: RepairKind::MidnightUtcAssumed,
            object: ObjectKind::Document,
            field: "lastChangeDateTime",
            old_value: json!("2017-09-22"),
            new_value: Some(json!("2017-09-22T00:00:00+00:00")),
        },
        Case {
            name: "offset without colon",
            base: ADOPTED,
            change: |package| {
                package["CFAssociations"][0]["lastChangeDateTime"] =
                    json!("2017-09-22T23:14:07-0400")
            },
            kind: RepairKind::OffsetColonAdded,
            object: ObjectKind::Association,
            field: "lastChangeDateTime",
            old_value: json!("2017-09-22T23:14:07-0400"),
            new_value: Some(json!("2017-09-22T23:14:07-04:00")),
        },
        Case {
            name: "null optional property",
            base: ADOPTED,
            change: |package| package["CFItems"][0]["notes"] = Value::Null,
            kind: RepairKind::NullRemoved,
            object: ObjectKind::Item,
            field: "notes",
            old_value: Value::Null,
            new_value: None,
        },
        Case {
            name: "bare-URI document link",
            base: ADOPTED,
            change: |package| package["CFItems"][0]["CFDocumentURI"] = json!("https://server/doc"),
            kind: RepairKind::LinkFromUri,
            object: ObjectKind::Item,
            field: "CFDocumentURI",
            old_value: json!("https://server/doc"),
            new_value: Some(json!({
                "title": "Adopted Test",
                "identifier": "d0000000-0000-0000-0000-000000000000",
                "uri": "https://server/doc"
            })),
        },
        Case {
            name: "single education level",
            base: ADOPTED,
            change: |package| package["CFItems"][0]["educationLevel"] = json!("KG"),
            kind: RepairKind::ListFromString,
            object: ObjectKind::Item,
            field: "educationLevel",
            old_value: json!("KG"),
            new_value: Some(json!(["KG"])),
        },
        Case {
            name: "legacy educationalLevel",
            base: ADOPTED,
            change: |package| package["CFItems"][0]["educationalLevel"] = json!("09"),
            kind: RepairKind::PropertyRenamed,
            object: ObjectKind::Item,
            field: "educationalLevel",
            old_value: json!("09"),
            new_value: Some(json!(["09"])),
        },
        Case {
            name: "association type in lower case",
            base: ADOPTED,
            change: |package| package["CFAssociations"][0]["associationType"] = json!("ischildof"),
            kind: RepairKind::AssociationTypeCase,
            object: ObjectKind::Association,
            field: "associationType",
            old_value: json!("ischildof"),
            new_value: Some(json!("isChildOf")),
        },
        Case {
            name: "null list",
            base: ADOPTED,
            change: |package| package["CFRubrics"] = Value::Null,
            kind: RepairKind::NullRemoved,
            object: ObjectKind::Package,
            field: "CFRubrics",
            old_value: Value::Null,
            new_value: None,
        },
        Case {
            name: "empty CFDefinitions array",
            base: ADOPTED,
            change: |package| package["CFDefinitions"] = json!([]),
            kind: RepairKind::EmptyDefinitionsArray,
            object: ObjectKind::Package,
            field: "CFDefinitions",
            old_value: json!([]),
            new_value: Some(json!({})),
        },
        Case {
            name: "string criterion weight",
            base: CARPENTRIES,
            change: |package| {
                package["CFRubrics"][0]["CFRubricCriteria"][1]["weight"] = json!("0.5")
            },
            kind: RepairKind::NumberFromString,
            object: ObjectKind::Criterion,
            field: "weight",
            old_value: json!("0.5"),
            new_value: Some(json!(0.5)),
        },
        Case {
            name: "string level position",
            base: CARPENTRIES,
            change: |package| {
                package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][1]["position"] =
                    json!("2")
            },
            kind: RepairKind::NumberFromString,
            object: ObjectKind::CriterionLevel,
            field: "position",
            old_value: json!("2"),
            new_value: Some(json!(2)),
        },
    ]
}

#[test]
fn each_legacy_deviation_is_repaired_and_reported() {
    for case in cases() {
        let mut package = fixture_json(case.base);
        (case.change)(&mut package);
        let import = parse_value(&package)
            .unwrap_or_else(|rejection| panic!("{}: rejected: {rejection}", case.name));
        assert_eq!(
            import.repairs.len(),
            1,
            "{}: {:?}",
            case.name,
            import.repairs
        );
        let repair = &import.repairs[0];
        assert_eq!(repair.kind, case.kind, "{}", case.name);
        assert_eq!(repair.location.kind, case.object, "{}", case.name);
        assert_eq!(repair.field, case.field, "{}", case.name);
        assert_eq!(repair.old_value, case.old_value, "{}", case.name);
        assert_eq!(repair.new_value, case.new_value, "{}", case.name);
        let sentence = repair.to_string();
        assert!(sentence.ends_with('.'), "{}: {sentence}", case.name);
    }
}

#[test]
fn repaired_values_reach_the_model() {
    let mut package = fixture_json(ADOPTED);
    package["CFAssociations"][0]["sequenceNumber"] = json!("3");
    package["CFItems"][0]["lastChangeDateTime"] = json!("2017-09-22T23:15:13");
    let import = parse_value(&package).expect("accepted");
    assert_eq!(import.package.associations[0].sequence_number, Some(3));
    let item = &import.package.items[0];
    assert_eq!(item.last_change_date_time, "2017-09-22T23:15:13+00:00");
    let parsed = evident_case::parse_date_time(&item.last_change_date_time).unwrap();
    assert_eq!(parsed.unix_timestamp(), 1_506_122_113);
}

#[test]
fn repair_sentences_name_object_and_values() {
    let mut package = fixture_json(ADOPTED);
    package["CFItems"][0]["lastChangeDateTime"] = json!("2017-09-22T23:15:13");
    package["CFItems"][0]["notes"] = Value::Null;
    let import = parse_value(&package).expect("accepted");
    let sentences: Vec<String> = import.repairs.iter().map(ToString::to_string).collect();
    // parse_value writes keys in alphabetical order, one per line: CFAssociations
    // (lines 2-19), CFDefinitions (20-26) and CFDocument (27-34) come before the item.
    assert_eq!(
        sentences,
        [
            "CFItem 00000000-0000-0000-0000-000000000001 at CFItems[0] (line 36): notes was null, so it \
             was removed, because CASE writes an absent value by leaving the property out.",
            "CFItem 00000000-0000-0000-0000-000000000001 at CFItems[0] (line 36): \
             lastChangeDateTime \
             \"2017-09-22T23:15:13\" had no timezone, so it was taken as UTC and written as \
             \"2017-09-22T23:15:13+00:00\".",
        ]
    );
}

#[test]
fn byte_order_mark_is_removed() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(fixture(ADOPTED));
    let import = evident_case::parse_package(&bytes).expect("accepted");
    let kinds: Vec<_> = import.repairs.iter().map(|repair| repair.kind).collect();
    assert_eq!(kinds, [RepairKind::ByteOrderMarkRemoved]);
    assert_eq!(import.package.document.title, "Adopted Test");
}

#[test]
fn non_numeric_sequence_number_is_rejected_not_repaired() {
    let mut package = fixture_json(ADOPTED);
    package["CFAssociations"][0]["sequenceNumber"] = json!("first");
    let rejection = parse_value(&package).expect_err("rejected");
    let message = rejection.to_string();
    assert!(
        message.contains("CFAssociations[0].sequenceNumber"),
        "{message}"
    );
    assert!(
        message.contains("a0000000-0000-0000-0000-000000000001"),
        "{message}"
    );
}
