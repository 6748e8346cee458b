//! Multikey encoding of Ed25519 keys (W3C Controller Documents 1.0, Multikey).
//!
//! A public key is `z` + base58btc(`0xed 0x01` ‖ 32 key bytes), which always
//! starts with `z6Mk`; a secret key is `z` + base58btc(`0x80 0x26` ‖ 32 seed
//! bytes), which starts with `z3u2`. The two-byte prefixes are the unsigned
//! varint multicodec codes `ed25519-pub` (0xed) and `ed25519-priv` (0x1300).

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::error::{CredentialError, Result};

const ED25519_PUB_PREFIX: [u8; 2] = [0xed, 0x01];
const ED25519_PRIV_PREFIX: [u8; 2] = [0x80, 0x26];

/// Encodes a public key as `publicKeyMultibase` (`z6Mk…`).
#[must_use]
pub fn encode_public_key(key: &VerifyingKey) -> String {
    encode_multibase(&ED25519_PUB_PREFIX, key.as_bytes())
}

/// Decodes a `publicKeyMultibase` value of an Ed25519 Multikey.
///
/// # Errors
/// [`CredentialError::InvalidKey`] unless the value is `z` + base58btc of
/// the `ed25519-pub` prefix and 32 bytes forming a valid curve point.
pub fn decode_public_key(multibase: &str) -> Result<VerifyingKey> {
    let bytes = decode_multibase(multibase, &ED25519_PUB_PREFIX, "publicKeyMultibase")?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|e| CredentialError::InvalidKey(format!("publicKeyMultibase {multibase}: {e}")))
}

/// Encodes the secret seed of a key as `secretKeyMultibase` (`z3u2…`).
#[must_use]
pub fn encode_secret_key(key: &SigningKey) -> String {
    encode_multibase(&ED25519_PRIV_PREFIX, &key.to_bytes())
}

/// Decodes a `secretKeyMultibase` value.
///
/// # Errors
/// [`CredentialError::InvalidKey`] unless the value is `z` + base58btc of the
/// `ed25519-priv` prefix and a 32-byte seed. The message never contains the value.
pub fn decode_secret_key(multibase: &str) -> Result<SigningKey> {
    let seed = decode_multibase(multibase, &ED25519_PRIV_PREFIX, "secretKeyMultibase")?;
    Ok(SigningKey::from_bytes(&seed))
}

fn encode_multibase(prefix: &[u8; 2], bytes: &[u8; 32]) -> String {
    let mut buffer = Vec::with_capacity(34);
    buffer.extend_from_slice(prefix);
    buffer.extend_from_slice(bytes);
    format!("z{}", bs58::encode(buffer).into_string())
}

fn decode_multibase(value: &str, prefix: &[u8; 2], what: &str) -> Result<[u8; 32]> {
    let invalid = |reason: &str| CredentialError::InvalidKey(format!("{what}: {reason}"));
    let encoded = value
        .strip_prefix('z')
        .ok_or_else(|| invalid("must start with 'z' (multibase base58btc)"))?;
    let bytes = bs58::decode(encoded)
        .into_vec()
        .map_err(|_| invalid("is not valid base58btc"))?;
    if bytes.len() != 34 || bytes[..2] != prefix[..] {
        return Err(invalid(
            "is not an Ed25519 Multikey (wrong multicodec prefix or length)",
        ));
    }
    let mut out = [0u8; 32];
    out.copy_from_slice(&bytes[2..]);
    Ok(out)
}
