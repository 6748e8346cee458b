//! Bitstring Status List v1.0 (W3C Recommendation): the bitstring, its
//! encoding, index allocation and the status list credential.
//!
//! Conventions from the specification:
//! - index 0 is the left-most, most significant bit of the first byte;
//! - `encodedList` = `"u"` + base64url without padding of GZIP(bitstring);
//! - a list has at least 131,072 entries (16 KiB uncompressed), so that a
//!   credential's index does not single out its holder ("herd privacy");
//! - `statusListIndex` in a credential is a base-10 string, never a JSON number
//!   (a number canonicalizes to a different N-Quad).

use std::collections::BTreeSet;
use std::io::{Read, Write};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::contexts::CREDENTIALS_V2;
use crate::error::{CredentialError, Result};
use crate::proof::format_datetime;

/// Minimum number of entries in a status list (W3C Bitstring Status List v1.0).
pub const MIN_LIST_LENGTH: usize = 131_072;

/// Largest accepted uncompressed list (128 MiB), a guard against GZIP bombs
/// in lists fetched from elsewhere.
const MAX_DECODED_BYTES: u64 = 128 * 1024 * 1024;

/// A list of status bits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitstring {
    bytes: Vec<u8>,
}

impl Bitstring {
    /// Creates a list of `length` clear bits (`length` is rounded up to whole bytes).
    #[must_use]
    pub fn new(length: usize) -> Self {
        Self {
            bytes: vec![0; length.div_ceil(8)],
        }
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes.len() * 8
    }

    /// Whether the list has no entries.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Returns the bit at `index`.
    ///
    /// # Errors
    /// [`CredentialError::StatusList`] if `index` is outside the list.
    pub fn get(&self, index: usize) -> Result<bool> {
        self.check_range(index)?;
        Ok(self.bytes[index / 8] & (0x80 >> (index % 8)) != 0)
    }

    /// Sets or clears the bit at `index`.
    ///
    /// # Errors
    /// [`CredentialError::StatusList`] if `index` is outside the list.
    pub fn set(&mut self, index: usize, value: bool) -> Result<()> {
        self.check_range(index)?;
        let mask = 0x80 >> (index % 8);
        if value {
            self.bytes[index / 8] |= mask;
        } else {
            self.bytes[index / 8] &= !mask;
        }
        Ok(())
    }

    fn check_range(&self, index: usize) -> Result<()> {
        if index >= self.len() {
            return Err(CredentialError::StatusList(format!(
                "index {index} is outside the list of {} entries",
                self.len()
            )));
        }
        Ok(())
    }

    /// Encodes the list as `encodedList` (`u…`).
    #[must_use]
    pub fn encode(&self) -> String {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder
            .write_all(&self.bytes)
            .expect("writing to memory cannot fail");
        let compressed = encoder.finish().expect("writing to memory cannot fail");
        format!("u{}", URL_SAFE_NO_PAD.encode(compressed))
    }

    /// Decodes an `encodedList` value.
    ///
    /// # Errors
    /// [`CredentialError::StatusList`] unless the value is `u` + base64url
    /// (padding tolerated) of GZIP data of at most 128 MiB.
    pub fn decode(encoded_list: &str) -> Result<Self> {
        let invalid = |reason: String| CredentialError::StatusList(format!("encodedList {reason}"));
        let body = encoded_list
            .strip_prefix('u')
            .ok_or_else(|| invalid("must start with 'u' (multibase base64url)".into()))?;
        let compressed = URL_SAFE_NO_PAD
            .decode(body.trim_end_matches('='))
            .map_err(|e| invalid(format!("is not base64url: {e}")))?;
        let mut bytes = Vec::new();
        GzDecoder::new(compressed.as_slice())
            .take(MAX_DECODED_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(format!("is not GZIP data: {e}")))?;
        if bytes.len() as u64 > MAX_DECODED_BYTES {
            return Err(invalid("expands to more than 128 MiB".into()));
        }
        Ok(Self { bytes })
    }
}

/// Picks a uniformly random index in `0..length` that is not in `used`.
///
/// # Errors
/// [`CredentialError::StatusList`] if every index is used or the random
/// source fails.
pub fn allocate_index(used: &BTreeSet<usize>, length: usize) -> Result<usize> {
    if used.range(..length).count() >= length {
        return Err(CredentialError::StatusList(format!(
            "all {length} indices are used; start a new status list"
        )));
    }
    loop {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes)
            .map_err(|e| CredentialError::StatusList(format!("random source failed: {e}")))?;
        // Rejection sampling keeps the choice uniform.
        let zone = u64::MAX - (u64::MAX % length as u64);
        let draw = u64::from_le_bytes(bytes);
        if draw >= zone {
            continue;
        }
        let index = (draw % length as u64) as usize;
        if !used.contains(&index) {
            return Ok(index);
        }
    }
}

/// Status purpose of a list (`statusPurpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusPurpose {
    /// Permanent cancellation.
    Revocation,
    /// Temporary hold.
    Suspension,
}

impl StatusPurpose {
    /// The JSON value (`revocation`, `suspension`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Revocation => "revocation",
            Self::Suspension => "suspension",
        }
    }
}

/// Builds the `credentialStatus` entry of a credential.
#[must_use]
pub fn status_entry(list_url: &str, index: usize, purpose: StatusPurpose) -> Value {
    json!({
        "id": format!("{list_url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose.as_str(),
        "statusListIndex": index.to_string(),
        "statusListCredential": list_url,
    })
}

/// Builds the unsigned `BitstringStatusListCredential` published at
/// `list_url`, with the bits in `set_indices` set; sign it with the issuer's
/// key and re-sign after each revocation.
///
/// # Errors
/// [`CredentialError::StatusList`] if `length` is below [`MIN_LIST_LENGTH`]
/// or an index is outside the list.
pub fn status_list_credential(
    list_url: &str,
    issuer: &str,
    purpose: StatusPurpose,
    length: usize,
    set_indices: impl IntoIterator<Item = usize>,
    valid_from: OffsetDateTime,
) -> Result<Value> {
    if length < MIN_LIST_LENGTH {
        return Err(CredentialError::StatusList(format!(
            "a status list needs at least {MIN_LIST_LENGTH} entries, got {length}"
        )));
    }
    let mut list = Bitstring::new(length);
    for index in set_indices {
        list.set(index, true)?;
    }
    Ok(json!({
        "@context": [CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
        "credentialSubject": {
            "id": format!("{list_url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": purpose.as_str(),
            "encodedList": list.encode(),
        },
    }))
}
