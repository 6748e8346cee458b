//! CASE version detection: each marker on its own, added to a CASE 1.0 fixture.

mod common;

use common::{fixture_json, parse_value};
use evident_case::CaseVersion;
use serde_json::{Value, json};

const ADOPTED: &str = "opensalt-tests/AdoptedTestFramework.json";

/// A case name, the change that adds the marker, and the expected version and evidence.
type MarkerCase = (&'static str, fn(&mut Value), CaseVersion, &'static str);

#[test]
fn each_marker_decides_the_version() {
    let table: [MarkerCase; 8] = [
        (
            "no marker",
            |_| {},
            CaseVersion::V1_0,
            "the package has no caseVersion, no v1p1 context or uri, and no CASE 1.1 property",
        ),
        (
            "caseVersion 1.0",
            |package| package["CFDocument"]["caseVersion"] = json!("1.0"),
            CaseVersion::V1_0,
            "CFDocument.caseVersion is \"1.0\"",
        ),
        (
            "caseVersion 1.1",
            |package| package["CFDocument"]["caseVersion"] = json!("1.1"),
            CaseVersion::V1_1,
            "CFDocument.caseVersion is \"1.1\"",
        ),
        (
            "v1p1 context",
            |package| {
                package["@context"] = json!(
                    "https://purl.imsglobal.org/spec/case/v1p1/context/imscasev1p1_context_v1p1.jsonld"
                )
            },
            CaseVersion::V1_1,
            "the @context of the package names v1p1",
        ),
        (
            "v1p1 service path",
            |package| {
                package["CFDocument"]["uri"] = json!(
                    "https://server/ims/case/v1p1/CFDocuments/d0000000-0000-0000-0000-000000000000"
                )
            },
            CaseVersion::V1_1,
            "the CFDocument uri https://server/ims/case/v1p1/CFDocuments/d0000000-0000-0000-0000-000000000000 is on a CASE v1p1 service path",
        ),
        (
            "item extensions",
            |package| package["CFItems"][0]["extensions"] = json!({"ext:note": "x"}),
            CaseVersion::V1_1,
            "a CFItem has extensions, a CASE 1.1 property",
        ),
        (
            "rubric extensions",
            |package| {
                package["CFRubrics"] = json!([{
                    "identifier": "e0000000-0000-0000-0000-000000000001",
                    "uri": "https://server/rubric",
                    "lastChangeDateTime": "2017-09-22T23:14:07+00:00",
                    "extensions": {"ext:scale": "binary"}
                }])
            },
            CaseVersion::V1_1,
            "a CFRubric has extensions, a CASE 1.1 property",
        ),
        (
            "isTranslationOf",
            |package| package["CFAssociations"][0]["associationType"] = json!("isTranslationOf"),
            CaseVersion::V1_1,
            "a CFAssociation has type isTranslationOf, which CASE 1.1 added",
        ),
    ];
    for (name, change, version, evidence) in table {
        let mut package = fixture_json(ADOPTED);
        change(&mut package);
        let import = parse_value(&package)
            .unwrap_or_else(|rejection| panic!("{name}: rejected: {rejection}"));
        assert_eq!(import.version, version, "{name}");
        assert_eq!(import.version_evidence, evidence, "{name}");
    }
}

#[test]
fn empty_input_is_truncated_json() {
    let rejection = evident_case::parse_package(b"").expect_err("rejected");
    assert_eq!(
        rejection.problems,
        [evident_case::CaseError::NotJson {
            line: 1,
            column: 0,
            truncated: true,
            message: "EOF while parsing a value".to_owned(),
        }]
    );
}

#[test]
fn invalid_utf8_is_not_json() {
    let mut bytes = b"{\"CFDocument\": {\"title\": \"".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"}}");
    let rejection = evident_case::parse_package(&bytes).expect_err("rejected");
    let evident_case::CaseError::NotJson {
        line, truncated, ..
    } = &rejection.problems[0]
    else {
        panic!("expected NotJson, got {rejection}");
    };
    assert_eq!(*line, 1);
    assert!(!*truncated);
}
