//! The 1EdTech Open Badges 3.0 `eddsa-rdfc-2022` test vector, reproduced
//! byte for byte: both canonical N-Quads documents, both hashes, the
//! signature and the proofValue.

use evident_credentials::keys::IssuerKey;
use evident_credentials::proof::{self, HashData};
use serde_json::Value;

const VECTOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/1edtech-ob3-eddsa-rdfc-2022-vector/"
);

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("{VECTOR}{name}")).unwrap()
}

fn read_json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

fn vector_key() -> IssuerKey {
    let expected = read_json("expected.json");
    let secret = hex::decode(expected["secretKeyHex(seed||pub)"].as_str().unwrap()).unwrap();
    IssuerKey::from_seed("key-1", secret[..32].try_into().unwrap())
}

#[test]
fn document_nquads_match_vector() {
    let hash_data = HashData::compute(
        &read_json("unsigned.json"),
        &read_json("proof-options.json"),
    )
    .unwrap();
    assert_eq!(hash_data.document_nquads, read("document-canon.nq"));
}

#[test]
fn proof_nquads_match_vector() {
    let hash_data = HashData::compute(
        &read_json("unsigned.json"),
        &read_json("proof-options.json"),
    )
    .unwrap();
    assert_eq!(hash_data.proof_nquads, read("proof-canon.nq"));
}

#[test]
fn hashes_match_vector() {
    let expected = read_json("expected.json");
    let hash_data = HashData::compute(
        &read_json("unsigned.json"),
        &read_json("proof-options.json"),
    )
    .unwrap();
    assert_eq!(hex(&hash_data.document_hash), expected["documentHashHex"]);
    assert_eq!(hex(&hash_data.proof_hash), expected["proofHashHex"]);
    assert_eq!(
        hex(&hash_data.message()),
        expected["dataToSignHex(proofHash||docHash)"]
    );
}

#[test]
fn signature_and_proof_value_match_vector() {
    let expected = read_json("expected.json");
    let key = vector_key();
    assert_eq!(key.public_key_multibase(), expected["publicKeyMultibase"]);
    assert_eq!(
        hex(key.verifying_key().as_bytes()),
        expected["publicKeyHex"]
    );

    let options = read_json("proof-options.json");
    let created = time::OffsetDateTime::parse(
        options["created"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let signed = proof::sign(
        &read_json("unsigned.json"),
        &key,
        options["verificationMethod"].as_str().unwrap(),
        created,
    )
    .unwrap();
    let proof_value = signed["proof"][0]["proofValue"].as_str().unwrap();
    let signature = proof::decode_proof_value(proof_value).unwrap();
    assert_eq!(hex(&signature), expected["signatureHex"]);
    assert_eq!(proof_value, expected["proofValue"]);
}

#[test]
fn signed_vector_credential_verifies() {
    let signed = read_json("signed.json");
    let key = vector_key();
    let proof = if signed["proof"].is_array() {
        signed["proof"][0].clone()
    } else {
        signed["proof"].clone()
    };
    assert!(proof::verify_signature(&signed, &proof, &key.verifying_key()).unwrap());
}
