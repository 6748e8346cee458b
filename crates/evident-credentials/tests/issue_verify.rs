//! Issuing with the library and verifying with the library's verifier:
//! outcomes, the report's steps and the output contract of issued credentials.

mod common;

use evident_credentials::award::recipient_matches_email;
use evident_credentials::resolver::LocalResolver;
use evident_credentials::schema;
use evident_credentials::verify::{Check, Outcome, StepStatus, verify_credential_at};
use serde_json::{Value, json};
use time::macros::datetime;

fn resolver(issuer: &evident_credentials::issuer::Issuer, revoked: &[usize]) -> LocalResolver {
    LocalResolver::new()
        .with(common::ISSUER_DID, issuer.did_document())
        .with(
            common::STATUS_LIST_URL,
            issuer
                .status_list(common::STATUS_LIST_URL, revoked.iter().copied())
                .unwrap(),
        )
}

fn status_of(report: &evident_credentials::verify::VerificationReport, check: Check) -> StepStatus {
    report.step(check).unwrap().status
}

#[test]
fn issued_credential_is_valid() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(&credential, &resolver(&issuer, &[]), common::now());
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
    for check in [
        Check::ContextsAndTypes,
        Check::Schema,
        Check::Proof,
        Check::Key,
        Check::Dates,
        Check::Status,
    ] {
        assert_eq!(
            status_of(&report, check),
            StepStatus::Passed,
            "{check:?}: {report:#?}"
        );
    }
    assert_eq!(report.issuer.as_deref(), Some(common::ISSUER_DID));
}

#[test]
fn issued_credential_passes_official_schema() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    assert_eq!(
        schema::validate_open_badge(&credential).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn issued_credential_follows_output_contract() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    assert_eq!(
        credential["@context"],
        json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ])
    );
    assert_eq!(
        credential["type"],
        json!(["VerifiableCredential", "OpenBadgeCredential"])
    );
    assert_eq!(credential["issuer"]["id"], common::ISSUER_DID);
    assert_eq!(credential["issuer"]["type"], json!(["Profile"]));
    assert!(credential["issuer"]["name"].is_string());
    assert_eq!(credential["issuer"]["image"]["type"], "Image");
    assert!(credential["name"].is_string());
    assert_eq!(credential["validFrom"], "2025-09-01T00:00:00Z");
    assert!(credential.get("issuanceDate").is_none());

    let achievement = &credential["credentialSubject"]["achievement"];
    assert_eq!(achievement["achievementType"], "MicroCredential");
    assert_eq!(achievement["image"]["type"], "Image");
    assert_eq!(achievement["alignment"][0]["targetType"], "CFItem");
    assert_eq!(achievement["alignment"][0]["targetCode"], "ETCF-4.2");
    assert_eq!(
        achievement["resultDescription"][0]["resultType"],
        "RubricCriterionLevel"
    );
    assert_eq!(
        achievement["resultDescription"][0]["rubricCriterionLevel"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        credential["credentialSubject"]["result"][0]["achievedLevel"],
        "urn:uuid:1d2f3a4b-0000-4000-8000-000000000013"
    );
    assert_eq!(
        credential["evidence"][0]["id"],
        "https://credentials.example.org/evidence/9b7c1e2a"
    );

    let status = &credential["credentialStatus"];
    assert_eq!(status["type"], "BitstringStatusListEntry");
    assert_eq!(status["statusListIndex"], "42");
    assert_eq!(status["id"], "https://credentials.example.org/status/1#42");
    assert_eq!(
        credential["credentialSchema"][0]["type"],
        "1EdTechJsonSchemaValidator2019"
    );

    let proof = &credential["proof"];
    assert!(proof.is_array(), "proof must be an array");
    assert_eq!(proof[0]["type"], "DataIntegrityProof");
    assert_eq!(proof[0]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(proof[0]["proofPurpose"], "assertionMethod");
    assert_eq!(
        proof[0]["verificationMethod"],
        "did:web:credentials.example.org#key-1"
    );
    assert!(proof[0]["proofValue"].as_str().unwrap().starts_with('z'));
    assert!(!contains_null(&credential), "no property may be null");
}

fn contains_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.is_empty() || items.iter().any(contains_null),
        Value::Object(map) => map.values().any(contains_null),
        _ => false,
    }
}

#[test]
fn recipient_hash_matches_email_and_salt() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let identifier = &credential["credentialSubject"]["identifier"][0];
    assert_eq!(identifier["hashed"], true);
    assert_eq!(identifier["identityType"], "emailAddress");
    // sha256("teacher@example.orgpepper-42")
    assert_eq!(
        identifier["identityHash"],
        format!("sha256${}", sha256_hex("teacher@example.orgpepper-42"))
    );
    assert!(recipient_matches_email(&credential, "teacher@example.org"));
    assert!(!recipient_matches_email(&credential, "someone@example.org"));
}

fn sha256_hex(text: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(text.as_bytes()))
}

#[test]
fn recipient_did_becomes_subject_id() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.recipient.did = Some("did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi".into());
    let credential = common::signed_credential(&issuer, &award);
    assert_eq!(
        credential["credentialSubject"]["id"],
        "did:key:z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
    );
    assert!(credential["credentialSubject"]["identifier"].is_array());
}

#[test]
fn revoked_credential_is_revoked_or_expired() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(&credential, &resolver(&issuer, &[42]), common::now());
    assert_eq!(report.outcome, Outcome::RevokedOrExpired);
    assert_eq!(status_of(&report, Check::Status), StepStatus::Revoked);
    assert_eq!(report.outcome.exit_code(), 2);
}

#[test]
fn neighbouring_revoked_bits_leave_credential_valid() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(&credential, &resolver(&issuer, &[41, 43]), common::now());
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
}

#[test]
fn expired_credential_is_revoked_or_expired() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.valid_until = Some(datetime!(2025-12-31 00:00:00 UTC));
    let credential = common::signed_credential(&issuer, &award);
    let report = verify_credential_at(&credential, &resolver(&issuer, &[]), common::now());
    assert_eq!(report.outcome, Outcome::RevokedOrExpired);
    assert_eq!(status_of(&report, Check::Dates), StepStatus::Expired);
}

#[test]
fn future_valid_from_is_invalid() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(
        &credential,
        &resolver(&issuer, &[]),
        datetime!(2025-08-31 23:00:00 UTC),
    );
    assert_eq!(report.outcome, Outcome::Invalid);
    assert_eq!(status_of(&report, Check::Dates), StepStatus::Failed);
}

#[test]
fn tampered_credential_is_invalid() {
    let issuer = common::issuer();
    let mut credential = common::signed_credential(&issuer, &common::award());
    credential["credentialSubject"]["result"][0]["achievedLevel"] =
        json!("urn:uuid:1d2f3a4b-0000-4000-8000-000000000011");
    let report = verify_credential_at(&credential, &resolver(&issuer, &[]), common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert_eq!(status_of(&report, Check::Proof), StepStatus::Failed);
    assert_eq!(status_of(&report, Check::Status), StepStatus::Skipped);
}

#[test]
fn missing_proof_is_invalid() {
    let issuer = common::issuer();
    let mut credential = common::signed_credential(&issuer, &common::award());
    credential.as_object_mut().unwrap().remove("proof");
    let report = verify_credential_at(&credential, &resolver(&issuer, &[]), common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report
            .step(Check::Proof)
            .unwrap()
            .message
            .contains("no proof")
    );
}

#[test]
fn missing_did_document_fails_offline() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(&credential, &LocalResolver::new(), common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report
            .step(Check::Proof)
            .unwrap()
            .message
            .contains("not supplied"),
        "{report:#?}"
    );
}

#[test]
fn missing_status_list_fails_closed() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let resolver = LocalResolver::new().with(common::ISSUER_DID, issuer.did_document());
    let report = verify_credential_at(&credential, &resolver, common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert_eq!(status_of(&report, Check::Status), StepStatus::Failed);
}

#[test]
fn key_of_another_controller_is_rejected() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let mut document = issuer.did_document();
    document["verificationMethod"][0]["controller"] = json!("did:web:attacker.example");
    let resolver = resolver(&issuer, &[]).with(common::ISSUER_DID, document);
    let report = verify_credential_at(&credential, &resolver, common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert_eq!(status_of(&report, Check::Key), StepStatus::Failed);
}

#[test]
fn key_missing_from_assertion_method_is_rejected() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let mut document = issuer.did_document();
    document["assertionMethod"] = json!([]);
    let resolver = resolver(&issuer, &[]).with(common::ISSUER_DID, document);
    let report = verify_credential_at(&credential, &resolver, common::now());
    assert_eq!(report.outcome, Outcome::Invalid);
    assert!(
        report
            .step(Check::Key)
            .unwrap()
            .message
            .contains("assertionMethod")
    );
}

#[test]
fn credential_naming_other_issuer_is_rejected() {
    let issuer = common::issuer();
    let mut credential = common::signed_credential(&issuer, &common::award());
    // Re-sign after changing the issuer id: the signature is then valid, but
    // the key belongs to someone else.
    credential["issuer"]["id"] = json!("did:web:other.example.org");
    credential.as_object_mut().unwrap().remove("proof");
    let signed = evident_credentials::proof::sign(
        &credential,
        issuer.keys().active(),
        &issuer.verification_method(),
        datetime!(2025-09-01 00:00:05 UTC),
    )
    .unwrap();
    let report = verify_credential_at(&signed, &resolver(&issuer, &[]), common::now());
    assert_eq!(status_of(&report, Check::Proof), StepStatus::Passed);
    assert_eq!(status_of(&report, Check::Key), StepStatus::Failed);
    assert_eq!(report.outcome, Outcome::Invalid);
}

#[test]
fn issuer_refuses_to_sign_for_another_issuer() {
    let issuer = common::issuer();
    let mut unsigned = common::award().to_credential(issuer.profile()).unwrap();
    unsigned["issuer"]["id"] = json!("did:web:other.example.org");
    assert!(issuer.sign(&unsigned).is_err());
}

#[test]
fn rotated_key_keeps_old_credentials_valid() {
    let mut issuer = common::issuer();
    let old = common::signed_credential(&issuer, &common::award());
    issuer.rotate_key().unwrap();
    let new = common::signed_credential(&issuer, &common::award());
    assert_eq!(
        new["proof"][0]["verificationMethod"],
        "did:web:credentials.example.org#key-2"
    );
    let resolver = resolver(&issuer, &[]);
    for credential in [&old, &new] {
        let report = verify_credential_at(credential, &resolver, common::now());
        assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
    }
}

#[test]
fn revocation_list_of_1edtech_is_checked() {
    let issuer = common::issuer();
    let mut unsigned = common::award().to_credential(issuer.profile()).unwrap();
    unsigned["credentialStatus"] = json!({
        "id": "https://credentials.example.org/revocations",
        "type": "1EdTechRevocationList"
    });
    let credential = issuer
        .sign_at(&unsigned, datetime!(2025-09-01 00:00:05 UTC))
        .unwrap();
    let list = |revoked: bool| {
        json!({
            "id": "https://credentials.example.org/revocations",
            "issuer": common::ISSUER_DID,
            "revokedCredential": if revoked {
                json!([{"id": credential["id"], "revocationReason": "awarded in error"}])
            } else {
                json!([{"id": "urn:uuid:00000000-0000-4000-8000-000000000000"}])
            }
        })
    };
    let base = LocalResolver::new().with(common::ISSUER_DID, issuer.did_document());
    let revoked = base
        .clone()
        .with("https://credentials.example.org/revocations", list(true));
    let report = verify_credential_at(&credential, &revoked, common::now());
    assert_eq!(report.outcome, Outcome::RevokedOrExpired, "{report:#?}");
    assert!(
        report
            .step(Check::Status)
            .unwrap()
            .message
            .contains("awarded in error")
    );

    let clear = base.with("https://credentials.example.org/revocations", list(false));
    let report = verify_credential_at(&credential, &clear, common::now());
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
}

#[test]
fn report_serializes_with_kebab_case_names() {
    let issuer = common::issuer();
    let credential = common::signed_credential(&issuer, &common::award());
    let report = verify_credential_at(&credential, &resolver(&issuer, &[42]), common::now());
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(value["outcome"], "revoked-or-expired");
    assert_eq!(value["steps"][0]["check"], "contexts-and-types");
    assert_eq!(value["steps"][5]["status"], "revoked");
}

#[test]
fn award_round_trips_through_json() {
    let award = common::award();
    let text = serde_json::to_string(&award).unwrap();
    assert!(
        text.contains("\"issued_at\":\"2025-09-01T00:00:00Z\""),
        "{text}"
    );
    let back: evident_credentials::award::Award = serde_json::from_str(&text).unwrap();
    assert_eq!(back, award);
}

#[test]
fn award_with_unknown_level_is_rejected() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.results[0].achieved_level_id = "urn:uuid:not-a-level".into();
    let error = award
        .to_credential(issuer.profile())
        .unwrap_err()
        .to_string();
    assert!(error.contains("urn:uuid:not-a-level"), "{error}");
}

#[test]
fn award_without_recipient_is_rejected() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.recipient.email = None;
    let error = award
        .to_credential(issuer.profile())
        .unwrap_err()
        .to_string();
    assert!(error.contains("e-mail address or a DID"), "{error}");
}

#[test]
fn award_with_email_but_no_salt_is_rejected() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.recipient.salt = None;
    assert!(award.to_credential(issuer.profile()).is_err());
}

#[test]
fn award_with_negative_credits_is_rejected() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.achievement.credits_available = Some(-1.0);
    assert!(award.to_credential(issuer.profile()).is_err());
}

// The JSON-LD processor is async internally; signing and verifying must not
// start a runtime of their own, which would panic inside this one.
#[tokio::test]
async fn signing_and_verifying_inside_async_runtime_work() {
    let issuer = common::issuer();
    let credential = issuer.issue(&common::award()).unwrap();
    let report =
        evident_credentials::verify::verify_credential(&credential, &resolver(&issuer, &[]));
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
}

#[test]
fn whole_credits_are_written_as_integers() {
    let issuer = common::issuer();
    let mut award = common::award();
    award.achievement.credits_available = Some(3.0);
    let credential = award.to_credential(issuer.profile()).unwrap();
    let credits = &credential["credentialSubject"]["achievement"]["creditsAvailable"];
    assert!(credits.is_i64(), "{credits}");
    assert_eq!(credits, 3);
}
