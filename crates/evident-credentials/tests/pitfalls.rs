//! Known interoperability pitfalls of Open Badges 3.0 issuers and verifiers,
//! one test (or more) each. The issuer must avoid them; the verifier must
//! detect them.

mod common;

use evident_credentials::canonical::canonical_nquads;
use evident_credentials::contexts::check_bundled_contexts;
use evident_credentials::proof::{self, HashData};
use evident_credentials::resolver::LocalResolver;
use evident_credentials::schema;
use evident_credentials::verify::{Check, Outcome, StepStatus, verify_credential_at};
use serde_json::{Value, json};
use time::macros::datetime;

fn resolver(issuer: &evident_credentials::issuer::Issuer) -> LocalResolver {
    LocalResolver::new()
        .with(common::ISSUER_DID, issuer.did_document())
        .with(
            common::STATUS_LIST_URL,
            issuer.status_list(common::STATUS_LIST_URL, []).unwrap(),
        )
}

fn unsigned() -> (evident_credentials::issuer::Issuer, Value) {
    let issuer = common::issuer();
    let credential = common::award().to_credential(issuer.profile()).unwrap();
    (issuer, credential)
}

fn sign(issuer: &evident_credentials::issuer::Issuer, credential: &Value) -> Value {
    issuer
        .sign_at(credential, datetime!(2025-09-01 00:00:05 UTC))
        .unwrap()
}

// Image as a URL string instead of an Image object.
#[test]
fn image_string_fails_schema() {
    let (issuer, mut credential) = unsigned();
    assert_eq!(
        credential["credentialSubject"]["achievement"]["image"]["type"],
        "Image"
    );
    credential["credentialSubject"]["achievement"]["image"] =
        json!("https://credentials.example.org/image.png");
    let signed = sign(&issuer, &credential);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Schema).unwrap().status,
        StepStatus::Failed
    );
    assert_eq!(report.outcome, Outcome::Invalid);
}

// Context order: credentials v2 first, the OB context second.
#[test]
fn swapped_context_order_is_rejected() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    let contexts = signed["@context"].as_array_mut().unwrap();
    contexts.swap(0, 1);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::ContextsAndTypes).unwrap().status,
        StepStatus::Failed
    );
    assert_eq!(report.outcome, Outcome::Invalid);
}

#[test]
fn open_badge_without_ob_context_is_rejected() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    signed["@context"] = json!(["https://www.w3.org/ns/credentials/v2"]);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::ContextsAndTypes).unwrap().status,
        StepStatus::Failed
    );
}

// Changing the context version changes the N-Quads, so the proof breaks.
#[test]
fn context_version_swap_breaks_proof() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    signed["@context"][1] = json!("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json");
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Proof).unwrap().status,
        StepStatus::Failed
    );
    assert_eq!(report.outcome, Outcome::Invalid);
}

// Context bytes are pinned; nothing is fetched.
#[test]
fn bundled_contexts_match_pinned_digests() {
    check_bundled_contexts().unwrap();
}

#[test]
fn unbundled_context_is_rejected_without_fetching() {
    let document = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://example.org/my-context.json"],
        "type": ["VerifiableCredential"]
    });
    let error = canonical_nquads(&document).unwrap_err().to_string();
    assert!(
        error.contains("https://example.org/my-context.json"),
        "{error}"
    );
    assert!(error.contains("not bundled"), "{error}");
}

// Undefined terms must abort signing instead of being silently dropped
// (jsonld.js safe mode).
#[test]
fn schema_validator_type_without_extensions_context_fails_signing() {
    let (issuer, mut credential) = unsigned();
    credential["@context"].as_array_mut().unwrap().pop();
    let error = issuer.sign(&credential).unwrap_err().to_string();
    assert!(error.contains("JSON-LD"), "{error}");
}

#[test]
fn undefined_property_fails_signing() {
    let (issuer, mut credential) = unsigned();
    credential["favouriteColour"] = json!("green");
    assert!(issuer.sign(&credential).is_err());
}

// VC 2.0 has no issuanceDate term; signing with it must fail.
#[test]
fn issuance_date_in_vc2_fails_signing() {
    let (issuer, mut credential) = unsigned();
    credential["issuanceDate"] = json!("2025-09-01T00:00:00Z");
    assert!(issuer.sign(&credential).is_err());
}

// Only eddsa-rdfc-2022 is emitted; the draft name eddsa-2022 is accepted.
#[test]
fn legacy_cryptosuite_name_is_accepted_for_verification() {
    let (issuer, credential) = unsigned();
    let signed = sign(&issuer, &credential);
    assert_eq!(signed["proof"][0]["cryptosuite"], "eddsa-rdfc-2022");

    let mut options = proof::proof_options(
        &issuer.verification_method(),
        datetime!(2025-09-01 00:00:05 UTC),
    );
    options["cryptosuite"] = json!("eddsa-2022");
    let hash_data = HashData::compute(&credential, &options).unwrap();
    options["proofValue"] = json!(proof::encode_proof_value(
        &issuer.keys().active().sign(&hash_data.message())
    ));
    let mut legacy = credential.clone();
    legacy["proof"] = json!([options]);
    let report = verify_credential_at(&legacy, &resolver(&issuer), common::now());
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
}

#[test]
fn unknown_cryptosuite_is_rejected() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    signed["proof"][0]["cryptosuite"] = json!("eddsa-jcs-2022");
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Proof).unwrap().status,
        StepStatus::Failed
    );
    assert!(
        report
            .step(Check::Proof)
            .unwrap()
            .message
            .contains("unsupported")
    );
}

// statusListIndex must be a string; a JSON number is rejected.
#[test]
fn numeric_status_list_index_is_rejected() {
    let (issuer, mut credential) = unsigned();
    credential["credentialStatus"]["statusListIndex"] = json!(42);
    let signed = sign(&issuer, &credential);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Status).unwrap().status,
        StepStatus::Failed
    );
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("string")
    );
}

#[test]
fn status_index_outside_list_is_rejected() {
    let (issuer, mut credential) = unsigned();
    credential["credentialStatus"]["statusListIndex"] = json!("131072");
    let signed = sign(&issuer, &credential);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Status).unwrap().status,
        StepStatus::Failed
    );
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("outside")
    );
}

#[test]
fn status_list_of_another_issuer_is_rejected() {
    let (issuer, credential) = unsigned();
    let signed = sign(&issuer, &credential);
    let other = evident_credentials::issuer::Issuer::new(
        "https://other.example.org",
        evident_credentials::keys::IssuerKeyStore::from_keys(vec![
            evident_credentials::keys::IssuerKey::from_seed("key-1", &[9u8; 32]),
        ])
        .unwrap(),
        issuer.profile().clone(),
    )
    .unwrap();
    let resolver = LocalResolver::new()
        .with(common::ISSUER_DID, issuer.did_document())
        .with("did:web:other.example.org", other.did_document())
        .with(
            common::STATUS_LIST_URL,
            other.status_list(common::STATUS_LIST_URL, []).unwrap(),
        );
    let report = verify_credential_at(&signed, &resolver, common::now());
    assert_eq!(
        report.step(Check::Status).unwrap().status,
        StepStatus::Failed
    );
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("issued by")
    );
}

#[test]
fn tampered_status_list_is_rejected() {
    let (issuer, credential) = unsigned();
    let signed = sign(&issuer, &credential);
    let mut list = issuer.status_list(common::STATUS_LIST_URL, [42]).unwrap();
    // Swap in the encoded list of an all-clear list without re-signing.
    let clear = issuer.status_list(common::STATUS_LIST_URL, []).unwrap();
    list["credentialSubject"]["encodedList"] = clear["credentialSubject"]["encodedList"].clone();
    let resolver = LocalResolver::new()
        .with(common::ISSUER_DID, issuer.did_document())
        .with(common::STATUS_LIST_URL, list);
    let report = verify_credential_at(&signed, &resolver, common::now());
    assert_eq!(
        report.step(Check::Status).unwrap().status,
        StepStatus::Failed
    );
    assert_eq!(report.outcome, Outcome::Invalid);
}

#[test]
fn short_status_list_is_rejected() {
    let (issuer, credential) = unsigned();
    let signed = sign(&issuer, &credential);
    let mut list = issuer.status_list(common::STATUS_LIST_URL, []).unwrap();
    list.as_object_mut().unwrap().remove("proof");
    list["credentialSubject"]["encodedList"] =
        json!(evident_credentials::status_list::Bitstring::new(1024).encode());
    let list = issuer.sign(&list).unwrap();
    let resolver = LocalResolver::new()
        .with(common::ISSUER_DID, issuer.did_document())
        .with(common::STATUS_LIST_URL, list);
    let report = verify_credential_at(&signed, &resolver, common::now());
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("minimum"),
        "{report:#?}"
    );
}

#[test]
fn status_purpose_mismatch_is_rejected() {
    let (issuer, mut credential) = unsigned();
    credential["credentialStatus"]["statusPurpose"] = json!("suspension");
    let signed = sign(&issuer, &credential);
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("statusPurpose")
    );
}

// The 1EdTech revocation list is checked as well: see
// issue_verify::revocation_list_of_1edtech_is_checked.

// Wallets show the credential and issuer names, so both are always set.
#[test]
fn credential_and_issuer_names_are_set() {
    let (_, credential) = unsigned();
    assert_eq!(credential["name"], "Formative Assessment in Practice");
    assert_eq!(
        credential["issuer"]["name"],
        "Example District Professional Learning"
    );
}

// The credential id must parse as a URI.
#[test]
fn credential_id_that_is_not_a_uri_is_rejected() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    signed["id"] = json!("3f1b6a1e-9c0e-4e55-9a51-2c4a3d1b7e01");
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::ContextsAndTypes).unwrap().status,
        StepStatus::Failed
    );

    let mut award = common::award();
    award.credential_id = "3f1b6a1e".into();
    assert!(award.to_credential(issuer.profile()).is_err());
}

// A bare did:key verificationMethod (no #fragment) is rejected, as the
// JavaScript verifiers do.
#[test]
fn bare_did_key_verification_method_is_rejected() {
    let credential: Value = serde_json::from_str(include_str!(
        "data/1edtech-validator/simple-did-key-method.json"
    ))
    .unwrap();
    let report = verify_credential_at(&credential, &LocalResolver::new(), common::now());
    assert_eq!(
        report.step(Check::Proof).unwrap().status,
        StepStatus::Failed
    );
    assert!(
        report
            .step(Check::Proof)
            .unwrap()
            .message
            .contains("fragment"),
        "{report:#?}"
    );
}

// Proofs are issued as an array; a single proof object is tolerated by the
// verifier but flagged by the schema step.
#[test]
fn single_proof_object_is_a_schema_warning() {
    let (issuer, credential) = unsigned();
    let mut signed = sign(&issuer, &credential);
    assert!(signed["proof"].is_array());
    signed["proof"] = signed["proof"][0].clone();
    assert!(!schema::validate_open_badge(&signed).unwrap().is_empty());
    let report = verify_credential_at(&signed, &resolver(&issuer), common::now());
    assert_eq!(
        report.step(Check::Schema).unwrap().status,
        StepStatus::Warning
    );
    assert_eq!(
        report.step(Check::Proof).unwrap().status,
        StepStatus::Passed
    );
    assert_eq!(report.outcome, Outcome::Valid);
}

// Native booleans and decimals under typed terms keep the context's datatype
// (https XSD namespace), as jsonld.js produces.
#[test]
fn typed_native_values_keep_context_datatype() {
    let (_, credential) = unsigned();
    let nquads = canonical_nquads(&credential).unwrap();
    assert!(
        nquads.contains("\"true\"^^<https://www.w3.org/2001/XMLSchema#boolean>"),
        "{nquads}"
    );
    assert!(
        nquads.contains("\"1.5E0\"^^<https://www.w3.org/2001/XMLSchema#float>"),
        "{nquads}"
    );
}

// HTTPS controller documents (as in the 1EdTech examples) verify here, and a
// credential signed by the 1EdTech validator's Java stack verifies too.
#[test]
fn https_controller_document_key_verifies() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    for (credential, controller, url) in [
        (
            "1edtech-ob3-eddsa-rdfc-2022-vector/signed.json",
            "1edtech-ob3-eddsa-rdfc-2022-vector/controller-document.json",
            "https://example.edu/issuers/565049",
        ),
        (
            "1edtech-validator/simple.json",
            "1edtech-validator/controller-876543.json",
            "https://example.com/issuers/876543",
        ),
    ] {
        let read = |name: &str| -> Value {
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}{name}")).unwrap()).unwrap()
        };
        let resolver = LocalResolver::new().with(url, read(controller));
        let report = verify_credential_at(&read(credential), &resolver, common::now());
        assert_eq!(
            report.step(Check::Proof).unwrap().status,
            StepStatus::Passed,
            "{credential}: {report:#?}"
        );
        assert_eq!(
            report.step(Check::Key).unwrap().status,
            StepStatus::Passed,
            "{credential}: {report:#?}"
        );
    }
}

// Issuers use did:web, whose verification method the DCC verifier accepts.
#[test]
fn issued_verification_method_is_did_web() {
    let (issuer, credential) = unsigned();
    let signed = sign(&issuer, &credential);
    assert!(
        signed["proof"][0]["verificationMethod"]
            .as_str()
            .unwrap()
            .starts_with("did:web:")
    );
}
