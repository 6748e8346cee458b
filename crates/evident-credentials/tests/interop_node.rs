//! Interoperability with independent JavaScript implementations, run offline
//! through the scripts in `interop/ob3`: credentials issued here verify in
//! `@digitalbazaar/vc` and `@digitalcredentials/verifier-core`, revoked and
//! tampered ones are reported as such by both, and credentials signed by the
//! Digital Bazaar libraries verify here.
//!
//! Outside CI these tests skip when node or `interop/ob3/node_modules` is
//! missing; with `CI` set they fail instead.

mod common;

use evident_credentials::canonical::canonical_nquads;
use evident_credentials::interop::{NodeInterop, default_interop_dir};
use evident_credentials::resolver::LocalResolver;
use evident_credentials::verify::{Outcome, verify_credential};
use serde_json::{Value, json};

fn node() -> Option<NodeInterop> {
    NodeInterop::locate(&default_interop_dir()).unwrap()
}

fn documents(
    issuer: &evident_credentials::issuer::Issuer,
    revoked: &[usize],
) -> Vec<(String, Value)> {
    vec![
        (common::ISSUER_DID.to_owned(), issuer.did_document()),
        (
            common::STATUS_LIST_URL.to_owned(),
            issuer
                .status_list(common::STATUS_LIST_URL, revoked.iter().copied())
                .unwrap(),
        ),
    ]
}

fn educator_fixture() -> Value {
    let text = include_str!("data/educator-microcredential.unsigned.json");
    serde_json::from_str(text).unwrap()
}

#[test]
fn nquads_match_jsonld_js_for_typed_values() {
    let Some(node) = node() else { return };
    let base = educator_fixture();
    let mut cases = vec![("fixture: hashed true, creditsAvailable 1.5", base.clone())];
    for (label, pointer, value) in [
        (
            "hashed false",
            "/credentialSubject/identifier/0/hashed",
            json!(false),
        ),
        (
            "creditsAvailable 2.5",
            "/credentialSubject/achievement/creditsAvailable",
            json!(2.5),
        ),
        (
            "creditsAvailable 3",
            "/credentialSubject/achievement/creditsAvailable",
            json!(3),
        ),
    ] {
        let mut document = base.clone();
        *document.pointer_mut(pointer).unwrap() = value;
        cases.push((label, document));
    }
    let mut earned = base.clone();
    earned["credentialSubject"]["creditsEarned"] = json!(1.5);
    cases.push(("creditsEarned 1.5", earned));
    for (label, document) in cases {
        assert_eq!(
            canonical_nquads(&document).unwrap(),
            node.canonical_nquads(&document),
            "{label}"
        );
    }
}

#[test]
fn issued_credential_verifies_in_both_node_verifiers() {
    let Some(node) = node() else { return };
    let issuer = common::issuer();
    let credential = issuer.issue(&common::award()).unwrap();
    assert_eq!(
        credential["credentialSubject"]["identifier"][0]["hashed"],
        true
    );
    assert_eq!(
        credential["credentialSubject"]["achievement"]["creditsAvailable"],
        1.5
    );
    let docs = documents(&issuer, &[]);

    let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
    assert_eq!(digitalbazaar.exit_code, 0, "{}", digitalbazaar.stdout);
    let dcc = node.verify_dcc(&credential, &docs);
    assert_eq!(dcc.exit_code, 0, "{}", dcc.stdout);
    let summary: Value = serde_json::from_str(&dcc.stdout).unwrap();
    let schema_valid = summary["additionalInformation"][0]["results"][0]["result"]["valid"].clone();
    assert_eq!(
        schema_valid, true,
        "verifier-core schema check: {}",
        dcc.stdout
    );
}

#[test]
fn whole_and_fractional_credits_verify_in_both() {
    let Some(node) = node() else { return };
    let issuer = common::issuer();
    let docs = documents(&issuer, &[]);
    for credits in [3.0, 0.25, 12.75] {
        let mut award = common::award();
        award.achievement.credits_available = Some(credits);
        let credential = issuer.issue(&award).unwrap();
        let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
        assert_eq!(
            digitalbazaar.exit_code, 0,
            "{credits}: {}",
            digitalbazaar.stdout
        );
        let dcc = node.verify_dcc(&credential, &docs);
        assert_eq!(dcc.exit_code, 0, "{credits}: {}", dcc.stdout);
    }
}

#[test]
fn revoked_credential_reported_revoked_by_both() {
    let Some(node) = node() else { return };
    let issuer = common::issuer();
    let award = common::award();
    let credential = issuer.issue(&award).unwrap();
    let index = award.status.as_ref().unwrap().index;
    let docs = documents(&issuer, &[index]);

    let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
    assert_eq!(digitalbazaar.exit_code, 2, "{}", digitalbazaar.stdout);
    let dcc = node.verify_dcc(&credential, &docs);
    assert_eq!(dcc.exit_code, 2, "{}", dcc.stdout);
}

#[test]
fn other_revoked_index_leaves_credential_valid_in_both() {
    let Some(node) = node() else { return };
    let issuer = common::issuer();
    let credential = issuer.issue(&common::award()).unwrap();
    let docs = documents(&issuer, &[41, 43]);
    assert_eq!(node.verify_digitalbazaar(&credential, &docs).exit_code, 0);
    assert_eq!(node.verify_dcc(&credential, &docs).exit_code, 0);
}

#[test]
fn tampered_credential_fails_in_both() {
    let Some(node) = node() else { return };
    let issuer = common::issuer();
    let mut credential = issuer.issue(&common::award()).unwrap();
    credential["credentialSubject"]["achievement"]["name"] = json!("Something Else");
    let docs = documents(&issuer, &[]);
    let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
    assert_eq!(digitalbazaar.exit_code, 1, "{}", digitalbazaar.stdout);
    let dcc = node.verify_dcc(&credential, &docs);
    assert_eq!(dcc.exit_code, 1, "{}", dcc.stdout);
}

#[test]
fn credentials_of_rotated_keys_verify_in_both() {
    let Some(node) = node() else { return };
    let mut issuer = common::issuer();
    let old = issuer.issue(&common::award()).unwrap();
    issuer.rotate_key().unwrap();
    let new = issuer.issue(&common::award()).unwrap();
    assert!(
        new["proof"][0]["verificationMethod"]
            .as_str()
            .unwrap()
            .ends_with("#key-2")
    );
    let docs = documents(&issuer, &[]);
    for credential in [&old, &new] {
        assert_eq!(node.verify_digitalbazaar(credential, &docs).exit_code, 0);
        assert_eq!(node.verify_dcc(credential, &docs).exit_code, 0);
    }
}

/// Signs the example credential in Node and returns it with a resolver that
/// serves its status list, signed by the same key.
fn node_signed(node: &NodeInterop, revoked: &[usize]) -> (Value, LocalResolver) {
    let credential = node.sign_with_did_key(&educator_fixture(), "issuer.secret.json");
    let did = credential["issuer"]["id"].as_str().unwrap().to_owned();
    let list = evident_credentials::status_list::status_list_credential(
        "https://credentials.example.org/status/1",
        &did,
        evident_credentials::status_list::StatusPurpose::Revocation,
        evident_credentials::status_list::MIN_LIST_LENGTH,
        revoked.iter().copied(),
        time::OffsetDateTime::now_utc() - time::Duration::minutes(1),
    )
    .unwrap();
    let signed_list = node.sign_with_did_key(&list, "issuer.secret.json");
    let resolver =
        LocalResolver::new().with("https://credentials.example.org/status/1", signed_list);
    (credential, resolver)
}

#[test]
fn node_signed_credential_verifies_here() {
    let Some(node) = node() else { return };
    let (credential, resolver) = node_signed(&node, &[]);
    let report = verify_credential(&credential, &resolver);
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");
}

#[test]
fn node_signed_revoked_credential_is_revoked_here() {
    let Some(node) = node() else { return };
    let (credential, resolver) = node_signed(&node, &[42]);
    let report = verify_credential(&credential, &resolver);
    assert_eq!(report.outcome, Outcome::RevokedOrExpired, "{report:#?}");
}

#[test]
fn node_signed_tampered_credential_is_invalid_here() {
    let Some(node) = node() else { return };
    let (mut credential, resolver) = node_signed(&node, &[]);
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = json!(2.5);
    let report = verify_credential(&credential, &resolver);
    assert_eq!(report.outcome, Outcome::Invalid, "{report:#?}");
}

#[test]
fn node_signed_ed25519_signature_2020_verifies_here() {
    let Some(node) = node() else { return };
    let mut unsigned = educator_fixture();
    unsigned.as_object_mut().unwrap().remove("credentialStatus");
    let credential = node.sign_ed25519_signature_2020(&unsigned);
    assert_eq!(credential["proof"]["type"], "Ed25519Signature2020");
    let report = verify_credential(&credential, &LocalResolver::new());
    assert_eq!(report.outcome, Outcome::Valid, "{report:#?}");

    let mut tampered = credential.clone();
    tampered["name"] = json!("Another name");
    let report = verify_credential(&tampered, &LocalResolver::new());
    assert_eq!(report.outcome, Outcome::Invalid, "{report:#?}");
}

#[test]
fn missing_node_modules_fail_in_ci() {
    let empty = std::env::temp_dir().join(format!("evident-no-node-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let error = NodeInterop::locate_with(&empty, true).unwrap_err();
    assert!(
        error.contains("setup.sh") || error.contains("node"),
        "{error}"
    );
    assert!(NodeInterop::locate_with(&empty, false).unwrap().is_none());
    std::fs::remove_dir_all(&empty).unwrap();
}

// Decimal formatting of typed doubles (`"1.5E0"`) must match jsonld.js for
// any value, not only the ones in the fixtures.
#[test]
fn nquads_match_jsonld_js_for_many_decimals() {
    let Some(node) = node() else { return };
    let values = [
        json!(0),
        json!(0.1),
        json!(1.5),
        json!(2.5),
        json!(3),
        json!(17.25),
        json!(100),
        json!(123456.789),
        json!(0.000001),
        json!(1e-7),
        json!(1e21),
        json!(1.2345678901234567),
        json!(-4.75),
        json!(3.0),
        json!(2.0e-7),
        json!(0.30000000000000004),
        json!(1.2345678901234567e25),
    ];
    let achievements: Vec<Value> = values
        .iter()
        .enumerate()
        .map(|(i, credits)| {
            json!({
                "id": format!("https://credentials.example.org/achievements/{i}"),
                "type": ["Achievement"],
                "name": format!("Achievement {i}"),
                "creditsAvailable": credits,
            })
        })
        .collect();
    let document = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "@graph": achievements,
    });
    let rust = canonical_nquads(&document).unwrap();
    assert!(
        rust.contains("\"1.7E1\"") || rust.contains("\"1.725E1\""),
        "{rust}"
    );
    assert_eq!(rust, node.canonical_nquads(&document));
}

// String escaping in N-Quads (RDFC-1.0) must match jsonld.js for
// newlines, quotes, backslashes, control characters and non-ASCII text.
#[test]
fn nquads_match_jsonld_js_for_escaped_strings() {
    let Some(node) = node() else { return };
    let mut document = educator_fixture();
    let narrative = "Line one\nLine two\twith \"quotes\" and a \\ backslash\r\n\u{7}bell, \u{1f}unit, caf\u{e9}, \u{4e2d}\u{6587}, \u{1f393} and \u{2028}";
    document["credentialSubject"]["achievement"]["criteria"]["narrative"] = json!(narrative);
    document["name"] = json!("Évaluation formative — niveau 2 ✓");
    assert_eq!(
        canonical_nquads(&document).unwrap(),
        node.canonical_nquads(&document)
    );
}
