//! Data Integrity proofs with the `eddsa-rdfc-2022` cryptosuite
//! (W3C "Data Integrity EdDSA Cryptosuites v1.0", section 3.1).
//!
//! For a document `D` and proof options `P` (the proof without `proofValue`,
//! given the document's `@context`):
//!
//! ```text
//! hashData   = SHA-256(RDFC-1.0(P)) ‖ SHA-256(RDFC-1.0(D without proof))
//! signature  = Ed25519(secret key, hashData)            (64 bytes)
//! proofValue = "z" + base58btc(signature)
//! ```
//!
//! The proof hash comes first. `eddsa-2022` is the draft name of the same
//! algorithm and is accepted when verifying, never produced.

use ed25519_dalek::{Signature, VerifyingKey};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::canonical::canonical_nquads;
use crate::error::{CredentialError, Result};
use crate::keys::IssuerKey;

/// Cryptosuite issued by this crate.
pub const CRYPTOSUITE: &str = "eddsa-rdfc-2022";
/// Draft name of the same cryptosuite, accepted for verification only.
pub const LEGACY_CRYPTOSUITE: &str = "eddsa-2022";

/// The intermediate values of `eddsa-rdfc-2022`, exposed so tests and
/// diagnostics can compare each one with a reference implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HashData {
    /// Canonical N-Quads of the document without its proof.
    pub document_nquads: String,
    /// Canonical N-Quads of the proof configuration.
    pub proof_nquads: String,
    /// SHA-256 of `document_nquads`.
    pub document_hash: [u8; 32],
    /// SHA-256 of `proof_nquads`.
    pub proof_hash: [u8; 32],
}

impl HashData {
    /// Computes the canonical forms and hashes of `document` (any `proof` is
    /// removed) and of `proof_options` (any `proofValue` is removed; the
    /// document's `@context` is used unless the options carry their own).
    ///
    /// # Errors
    /// Canonicalization errors of [`canonical_nquads`], and
    /// [`CredentialError::InvalidCredential`] if either value is not an object.
    pub fn compute(document: &Value, proof_options: &Value) -> Result<Self> {
        let mut unsecured = as_object(document, "credential")?.clone();
        unsecured.remove("proof");
        let configuration = proof_configuration(document, proof_options)?;
        let document_nquads = canonical_nquads(&Value::Object(unsecured))?;
        let proof_nquads = canonical_nquads(&configuration)?;
        Ok(Self {
            document_hash: Sha256::digest(document_nquads.as_bytes()).into(),
            proof_hash: Sha256::digest(proof_nquads.as_bytes()).into(),
            document_nquads,
            proof_nquads,
        })
    }

    /// The 64 bytes that are signed: proof hash, then document hash.
    #[must_use]
    pub fn message(&self) -> [u8; 64] {
        let mut message = [0u8; 64];
        message[..32].copy_from_slice(&self.proof_hash);
        message[32..].copy_from_slice(&self.document_hash);
        message
    }
}

fn proof_configuration(document: &Value, proof_options: &Value) -> Result<Value> {
    let mut configuration = as_object(proof_options, "proof")?.clone();
    configuration.remove("proofValue");
    if !configuration.contains_key("@context") {
        let context = as_object(document, "credential")?
            .get("@context")
            .cloned()
            .ok_or_else(|| CredentialError::InvalidCredential("@context is missing".into()))?;
        let mut with_context = Map::new();
        with_context.insert("@context".into(), context);
        with_context.extend(configuration);
        configuration = with_context;
    }
    Ok(Value::Object(configuration))
}

fn as_object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| {
        CredentialError::InvalidCredential(format!("the {what} must be a JSON object"))
    })
}

/// Formats a time as `YYYY-MM-DDThh:mm:ssZ` (UTC, whole seconds), the
/// `DateTimeZ` form the OB 3.0 schema expects.
#[must_use]
pub fn format_datetime(time: OffsetDateTime) -> String {
    let t = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Returns the `DataIntegrityProof` options for signing with
/// `verification_method` at `created`, with purpose `assertionMethod`.
#[must_use]
pub fn proof_options(verification_method: &str, created: OffsetDateTime) -> Value {
    json!({
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": format_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    })
}

/// Signs `unsigned` and returns it with `proof` set to a one-element array
/// holding the new `eddsa-rdfc-2022` proof (the OB 3.0 JSON Schema requires
/// an array).
///
/// # Errors
/// [`CredentialError::InvalidCredential`] if `unsigned` already has a proof
/// or is not an object, and canonicalization errors.
pub fn sign(
    unsigned: &Value,
    key: &IssuerKey,
    verification_method: &str,
    created: OffsetDateTime,
) -> Result<Value> {
    let object = as_object(unsigned, "credential")?;
    if object.contains_key("proof") {
        return Err(CredentialError::InvalidCredential(
            "the credential already has a proof; sign the unsigned credential".into(),
        ));
    }
    let mut proof = proof_options(verification_method, created);
    let hash_data = HashData::compute(unsigned, &proof)?;
    let signature = key.sign(&hash_data.message());
    proof["proofValue"] = Value::String(encode_proof_value(&signature));
    let mut signed = object.clone();
    signed.insert("proof".into(), Value::Array(vec![proof]));
    Ok(Value::Object(signed))
}

/// Encodes a signature as a multibase base58btc `proofValue` (`z…`).
#[must_use]
pub fn encode_proof_value(signature: &[u8; 64]) -> String {
    format!("z{}", bs58::encode(signature).into_string())
}

/// Decodes a multibase base58btc `proofValue` into a 64-byte signature.
///
/// # Errors
/// [`CredentialError::InvalidCredential`] unless the value is `z` and the
/// base58btc encoding of exactly 64 bytes.
pub fn decode_proof_value(proof_value: &str) -> Result<[u8; 64]> {
    let invalid = |reason: &str| CredentialError::InvalidCredential(format!("proofValue {reason}"));
    let encoded = proof_value
        .strip_prefix('z')
        .ok_or_else(|| invalid("must start with 'z' (multibase base58btc)"))?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|_| invalid("is not valid base58btc"))?;
    bytes
        .try_into()
        .map_err(|_| invalid("does not decode to a 64-byte Ed25519 signature"))
}

/// Checks the signature of one `eddsa-rdfc-2022` (or `eddsa-2022`) proof of
/// `document` against `public_key`. Returns `Ok(false)` for a wrong signature.
///
/// # Errors
/// [`CredentialError::InvalidCredential`] for a malformed proof, and
/// canonicalization errors (for example an undefined term).
pub fn verify_signature(
    document: &Value,
    proof: &Value,
    public_key: &VerifyingKey,
) -> Result<bool> {
    let proof_value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| CredentialError::InvalidCredential("proof.proofValue is missing".into()))?;
    let signature = Signature::from_bytes(&decode_proof_value(proof_value)?);
    let hash_data = HashData::compute(document, proof)?;
    Ok(public_key
        .verify_strict(&hash_data.message(), &signature)
        .is_ok())
}
