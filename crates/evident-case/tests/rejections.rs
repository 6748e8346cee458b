//! Packages that import must reject, each with a message that names the object, the
//! property and the fix. Each test starts from a real fixture and breaks one thing.

mod common;

use common::{DIGCOMPEDU, fixture, fixture_json, parse_value};
use evident_case::{CaseError, MAX_PROBLEMS, ObjectKind, Rejection, parse_package};
use serde_json::{Value, json};

const SMART_LEVEL: &str = "opensalt-tests/SmartLevelFramework.json";

fn rejected(value: &Value) -> Rejection {
    match parse_value(value) {
        Ok(_) => panic!("the package was accepted"),
        Err(rejection) => rejection,
    }
}

fn only_problem(rejection: &Rejection) -> &CaseError {
    assert_eq!(rejection.problems.len(), 1, "{rejection}");
    assert_eq!(rejection.omitted, 0);
    &rejection.problems[0]
}

#[test]
fn truncated_file_names_line_and_column() {
    let bytes = fixture(SMART_LEVEL);
    // Cut in the middle of the sixth item, right after `"fullStatement": "Ite`.
    let marker = b"\"fullStatement\": \"Item 1.4\"";
    let start = bytes
        .windows(marker.len())
        .position(|window| window == marker)
        .expect("marker");
    let cut = start + "\"fullStatement\": \"Ite".len();
    let prefix = &bytes[..cut];
    let expected_line = prefix.iter().filter(|byte| **byte == b'\n').count() + 1;
    let expected_column = cut - prefix.iter().rposition(|byte| *byte == b'\n').unwrap() - 1;

    let rejection = parse_package(prefix).expect_err("a truncated file is rejected");
    let CaseError::NotJson {
        line,
        column,
        truncated,
        ..
    } = only_problem(&rejection)
    else {
        panic!("expected NotJson, got {rejection}");
    };
    assert_eq!(*line, expected_line);
    assert_eq!(*line, 44);
    assert_eq!(*column, expected_column);
    assert!(*truncated);
    let message = rejection.to_string();
    assert!(message.contains("line 44, column"), "{message}");
    assert!(message.contains("probably truncated"), "{message}");
}

#[test]
fn syntax_error_is_not_called_truncation() {
    let text = String::from_utf8(fixture(SMART_LEVEL)).unwrap();
    // Remove the comma after the first item's uri on line 11. The parser notices at the
    // next token, the "identifier" key on line 12.
    let broken = text.replacen(
        "00000000-0000-0000-0000-000000000001\",\n      \"identifier\"",
        "00000000-0000-0000-0000-000000000001\"\n      \"identifier\"",
        1,
    );
    assert_ne!(broken, text);
    let rejection = parse_package(broken.as_bytes()).expect_err("rejected");
    let CaseError::NotJson {
        line, truncated, ..
    } = only_problem(&rejection)
    else {
        panic!("expected NotJson, got {rejection}");
    };
    assert_eq!(*line, 12);
    assert!(!*truncated);
    assert!(rejection.to_string().contains("Fix the JSON syntax"));
}

#[test]
fn non_object_and_missing_document_are_rejected() {
    let rejection = rejected(&json!([1, 2, 3]));
    assert_eq!(
        only_problem(&rejection),
        &CaseError::NotAnObject { found: "array" }
    );

    let mut package = fixture_json(SMART_LEVEL);
    package.as_object_mut().unwrap().remove("CFDocument");
    let rejection = rejected(&package);
    assert_eq!(only_problem(&rejection), &CaseError::MissingDocument);
    assert!(rejection.to_string().contains("has no CFDocument"));
}

#[test]
fn wrong_list_shapes_are_named() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFItems"] = json!({"not": "a list"});
    package["CFAssociations"][2] = json!("isChildOf");
    let rejection = rejected(&package);
    assert_eq!(
        rejection.problems,
        [
            CaseError::InvalidShape {
                path: "CFItems".to_owned(),
                expected: "array",
                found: "object",
            },
            CaseError::InvalidShape {
                path: "CFAssociations[2]".to_owned(),
                expected: "object",
                found: "string",
            },
        ]
    );
}

#[test]
fn missing_required_field_names_the_item() {
    // Rename the fourth item's fullStatement in the original text, so that the line
    // numbers are those of the file: the item's opening brace is on line 28.
    let text = String::from_utf8(fixture(SMART_LEVEL)).unwrap();
    let broken = text.replacen(
        "\"fullStatement\": \"Item 1.2\"",
        "\"statement\": \"Item 1.2\"",
        1,
    );
    let rejection = parse_package(broken.as_bytes()).expect_err("rejected");
    let CaseError::MissingField { location, field } = only_problem(&rejection) else {
        panic!("expected MissingField, got {rejection}");
    };
    assert_eq!(field, "fullStatement");
    assert_eq!(location.kind, ObjectKind::Item);
    assert_eq!(location.path, "CFItems[3]");
    assert_eq!(
        location.identifier.as_deref(),
        Some("00000000-0000-0000-0000-000000000004")
    );
    assert_eq!(location.line, Some(28));
    assert_eq!(
        rejection.to_string(),
        "CASE package rejected: CFItem 00000000-0000-0000-0000-000000000004 at CFItems[3] \
         (line 28) has no fullStatement, which CASE requires. Add the fullStatement property"
    );
}

#[test]
fn mistyped_required_field_and_link_end_are_named() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFItems"][0]["fullStatement"] = json!(42);
    package["CFAssociations"][1]["destinationNodeURI"]
        .as_object_mut()
        .unwrap()
        .remove("identifier");
    let rejection = rejected(&package);
    assert_eq!(rejection.problems.len(), 2, "{rejection}");
    assert!(matches!(
        &rejection.problems[0],
        CaseError::InvalidFieldType { field, expected: "string", found: "number", .. }
            if field == "fullStatement"
    ));
    assert!(matches!(
        &rejection.problems[1],
        CaseError::MissingField { field, location }
            if field == "destinationNodeURI.identifier" && location.path == "CFAssociations[1]"
    ));
}

#[test]
fn mistyped_optional_field_reports_path_and_identifier() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFItems"][2]["humanCodingScheme"] = json!(["1.1"]);
    let rejection = rejected(&package);
    let CaseError::InvalidValue {
        path,
        identifier,
        message,
        line,
    } = only_problem(&rejection)
    else {
        panic!("expected InvalidValue, got {rejection}");
    };
    assert_eq!(path, "CFItems[2].humanCodingScheme");
    assert_eq!(
        identifier.as_deref(),
        Some("00000000-0000-0000-0000-000000000003")
    );
    assert!(message.contains("expected a string"), "{message}");
    // parse_value writes one property per line with keys in alphabetical order, so the
    // item's opening brace is the line before its fullStatement.
    let text = String::from_utf8(serde_json::to_vec_pretty(&package).unwrap()).unwrap();
    let statement_line = text
        .lines()
        .position(|line| line.contains("\"fullStatement\": \"Item 1.1\""))
        .expect("statement")
        + 1;
    assert_eq!(*line, Some(statement_line - 1));
    assert!(rejection.to_string().contains(&format!(
        "CFItems[2].humanCodingScheme (in the object with identifier \
         00000000-0000-0000-0000-000000000003, line {})",
        statement_line - 1
    )));
}

#[test]
fn every_mistyped_optional_field_is_listed() {
    let mut package = fixture_json(common::CARPENTRIES);
    package["CFItems"][1]["humanCodingScheme"] = json!(7);
    package["CFItems"][4]["CFItemTypeURI"] = json!({"title": "x", "identifier": 5, "uri": "u"});
    package["CFRubrics"][0]["CFRubricCriteria"][2]["CFRubricCriterionLevels"][0]["score"] =
        json!("high");
    let rejection = rejected(&package);
    let paths: Vec<&str> = rejection
        .problems
        .iter()
        .map(|problem| match problem {
            CaseError::InvalidValue { path, .. } => path.as_str(),
            other => panic!("expected InvalidValue, got {other}"),
        })
        .collect();
    assert_eq!(paths.len(), 3, "{rejection}");
    assert_eq!(
        paths,
        [
            "CFItems[1].humanCodingScheme",
            "CFItems[4].CFItemTypeURI.identifier",
            "CFRubrics[0].CFRubricCriteria[2].CFRubricCriterionLevels[0].score",
        ]
    );
    // The identifier and line are those of the innermost object with an identifier:
    // the level, not the rubric.
    let level = &package["CFRubrics"][0]["CFRubricCriteria"][2]["CFRubricCriterionLevels"][0];
    let CaseError::InvalidValue {
        identifier, line, ..
    } = &rejection.problems[2]
    else {
        unreachable!()
    };
    assert_eq!(identifier.as_deref(), level["identifier"].as_str());
    assert!(line.is_some());
}

#[test]
fn invalid_uuid_identifier_is_rejected() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFItems"][0]["identifier"] = json!("item-1");
    let rejection = rejected(&package);
    let CaseError::InvalidIdentifier { location, value } = only_problem(&rejection) else {
        panic!("expected InvalidIdentifier, got {rejection}");
    };
    assert_eq!(value, "item-1");
    assert_eq!(location.path, "CFItems[0]");
    assert!(rejection.to_string().contains("is not a UUID"));
}

#[test]
fn duplicate_identifier_names_both_objects() {
    let mut package = fixture_json(SMART_LEVEL);
    // An association that reuses the identifier of an item (in upper case).
    package["CFAssociations"][4]["identifier"] = json!("00000000-0000-0000-0000-00000000000A");
    package["CFItems"][9]["identifier"] = json!("00000000-0000-0000-0000-00000000000a");
    let rejection = rejected(&package);
    let problems: Vec<_> = rejection
        .problems
        .iter()
        .filter(|problem| matches!(problem, CaseError::DuplicateIdentifier { .. }))
        .collect();
    assert_eq!(problems.len(), 1, "{rejection}");
    let CaseError::DuplicateIdentifier { first, second, .. } = problems[0] else {
        unreachable!()
    };
    assert_eq!(first.path, "CFItems[9]");
    assert_eq!(second.path, "CFAssociations[4]");
}

#[test]
fn unknown_child_of_ends_are_rejected() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFAssociations"][2]["originNodeURI"]["identifier"] =
        json!("99999999-0000-0000-0000-000000000000");
    package["CFAssociations"][2]["originNodeURI"]["uri"] = json!("https://elsewhere/1");
    package["CFAssociations"][5]["destinationNodeURI"]["identifier"] =
        json!("88888888-0000-0000-0000-000000000000");
    package["CFAssociations"][5]["destinationNodeURI"]["uri"] = json!("https://elsewhere/2");
    let rejection = rejected(&package);
    assert_eq!(rejection.problems.len(), 2, "{rejection}");
    assert!(matches!(
        &rejection.problems[0],
        CaseError::UnknownChildOfNode { end: "originNodeURI", identifier, location, .. }
            if identifier == "99999999-0000-0000-0000-000000000000"
                && location.path == "CFAssociations[2]"
    ));
    assert!(matches!(
        &rejection.problems[1],
        CaseError::UnknownChildOfNode { end: "destinationNodeURI", expected, .. }
            if *expected == "a CFItem or the CFDocument"
    ));
}

#[test]
fn other_associations_may_point_outside() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFAssociations"][2]["associationType"] = json!("exactMatchOf");
    package["CFAssociations"][2]["destinationNodeURI"] = json!({
        "title": "Elsewhere",
        "identifier": "not-a-uuid-but-a-LinkGenURI",
        "uri": "https://elsewhere/1"
    });
    let import = parse_value(&package).expect("accepted");
    assert!(import.repairs.is_empty());
}

#[test]
fn child_of_cycle_is_rejected_with_codes() {
    let mut package = fixture_json(DIGCOMPEDU);
    let items = package["CFItems"].as_array().unwrap();
    let find = |code: &str| {
        items
            .iter()
            .find(|item| item["humanCodingScheme"] == code)
            .unwrap()
            .clone()
    };
    let (area, competence) = (find("1"), find("1.1"));
    // Area 1 becomes a child of competence 1.1, which is already a child of area 1.
    let associations = package["CFAssociations"].as_array_mut().unwrap();
    let area_link = associations
        .iter_mut()
        .find(|association| {
            association["associationType"] == "isChildOf"
                && association["originNodeURI"]["identifier"] == area["identifier"]
        })
        .unwrap();
    area_link["destinationNodeURI"] = json!({
        "title": "1.1",
        "identifier": competence["identifier"],
        "uri": competence["uri"],
    });
    let rejection = rejected(&package);
    assert_eq!(
        only_problem(&rejection),
        &CaseError::ChildOfCycle {
            cycle: vec!["1".to_owned(), "1.1".to_owned(), "1".to_owned()]
        }
    );
    assert!(
        rejection
            .to_string()
            .contains("cycle: 1 is a child of 1.1 is a child of 1")
    );
}

#[test]
fn self_parent_is_a_cycle() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFAssociations"][2]["destinationNodeURI"] =
        package["CFAssociations"][2]["originNodeURI"].clone();
    let rejection = rejected(&package);
    assert_eq!(
        only_problem(&rejection),
        &CaseError::ChildOfCycle {
            cycle: vec![
                "00000000-0000-0000-0000-000000000003".to_owned(),
                "00000000-0000-0000-0000-000000000003".to_owned()
            ]
        }
    );
}

#[test]
fn criterion_with_unknown_item_is_rejected() {
    let mut package = fixture_json(DIGCOMPEDU);
    package["CFRubrics"][0]["CFRubricCriteria"][4]["CFItemURI"] = json!({
        "title": "Missing",
        "identifier": "77777777-0000-0000-0000-000000000000",
        "uri": "https://example.invalid/missing"
    });
    let rejection = rejected(&package);
    let CaseError::UnknownCriterionItem {
        location,
        identifier,
    } = only_problem(&rejection)
    else {
        panic!("expected UnknownCriterionItem, got {rejection}");
    };
    assert_eq!(identifier, "77777777-0000-0000-0000-000000000000");
    assert_eq!(location.kind, ObjectKind::Criterion);
    assert_eq!(location.path, "CFRubrics[0].CFRubricCriteria[4]");
}

#[test]
fn unknown_association_type_and_bad_date_are_rejected() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFAssociations"][0]["associationType"] = json!("isParentOf");
    package["CFItems"][1]["lastChangeDateTime"] = json!("last Tuesday");
    let rejection = rejected(&package);
    assert_eq!(rejection.problems.len(), 2, "{rejection}");
    assert!(matches!(
        &rejection.problems[0],
        CaseError::InvalidDateTime { value, .. } if value == "last Tuesday"
    ));
    assert!(matches!(
        &rejection.problems[1],
        CaseError::UnknownAssociationType { value, .. } if value == "isParentOf"
    ));
}

#[test]
fn unsupported_case_version_is_rejected() {
    let mut package = fixture_json(SMART_LEVEL);
    package["CFDocument"]["caseVersion"] = json!("2.0");
    let rejection = rejected(&package);
    assert_eq!(
        only_problem(&rejection),
        &CaseError::UnsupportedVersion {
            value: "2.0".to_owned()
        }
    );
}

#[test]
fn all_problems_are_listed_up_to_the_cap() {
    let mut package = fixture_json(DIGCOMPEDU);
    let items = package["CFItems"].as_array_mut().unwrap();
    for item in items.iter_mut().take(60) {
        item.as_object_mut().unwrap().remove("fullStatement");
    }
    let rejection = rejected(&package);
    assert_eq!(rejection.problems.len(), MAX_PROBLEMS);
    assert_eq!(rejection.omitted, 60 - MAX_PROBLEMS);
    assert_eq!(rejection.problem_count(), 60);
    let message = rejection.to_string();
    assert!(message.starts_with("CASE package rejected with 60 problems:"));
    assert!(message.ends_with("- and 10 more problems not listed"));
}
