//! Issued credentials and status lists against the official JSON Schemas:
//! the Open Badges 3.0 AchievementCredential schema and the W3C Verifiable
//! Credentials 2.0 schema.

mod common;

use evident_credentials::schema::{
    VERIFIABLE_CREDENTIAL_SCHEMA_URL, validate, validate_open_badge, validate_status_list,
};
use serde_json::json;

#[test]
fn issued_credential_passes_open_badges_and_verifiable_credentials_schemas() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    assert_eq!(
        validate_open_badge(&credential).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(
        validate(&credential, VERIFIABLE_CREDENTIAL_SCHEMA_URL).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn signed_status_list_passes_the_verifiable_credentials_schema() {
    let issuer = common::issuer();
    let list = issuer
        .status_list("https://evident.example.org/status/1", [5, 70_000])
        .unwrap();
    assert_eq!(validate_status_list(&list).unwrap(), Vec::<String>::new());
}

#[test]
fn status_list_with_version_one_context_fails_the_schema() {
    let issuer = common::issuer();
    let mut list = issuer
        .status_list("https://evident.example.org/status/1", [])
        .unwrap();
    list["@context"] = json!(["https://www.w3.org/2018/credentials/v1"]);
    let problems = validate_status_list(&list).unwrap();
    assert!(!problems.is_empty(), "a v1 context must fail");
}

#[test]
fn status_list_with_short_list_or_wrong_subject_is_reported() {
    let issuer = common::issuer();
    let mut list = issuer
        .status_list("https://evident.example.org/status/1", [])
        .unwrap();
    list["credentialSubject"]["type"] = json!("StatusList2021");
    list["credentialSubject"]["statusPurpose"] = json!("deleted");
    list["credentialSubject"]["encodedList"] =
        json!(evident_credentials::status_list::Bitstring::new(8).encode());
    let problems = validate_status_list(&list).unwrap().join("\n");
    assert!(problems.contains("BitstringStatusList"), "{problems}");
    assert!(
        problems.contains("statusPurpose is \"deleted\""),
        "{problems}"
    );
    assert!(problems.contains("8 entries"), "{problems}");
}

#[test]
fn status_list_missing_issuer_fails_the_schema() {
    let issuer = common::issuer();
    let mut list = issuer
        .status_list("https://evident.example.org/status/1", [])
        .unwrap();
    list.as_object_mut().unwrap().remove("issuer");
    let problems = validate_status_list(&list).unwrap().join("\n");
    assert!(problems.contains("issuer"), "{problems}");
}
