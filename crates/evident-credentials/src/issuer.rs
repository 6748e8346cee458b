//! The issuer: did:web identity, keys and profile, combined into the
//! operations the web layer calls (issue, re-sign status lists, publish the
//! DID document).

use serde_json::Value;
use time::OffsetDateTime;

use crate::award::{Award, IssuerProfile};
use crate::did::DidWeb;
use crate::error::{CredentialError, Result};
use crate::keys::IssuerKeyStore;
use crate::proof;
use crate::status_list::{MIN_LIST_LENGTH, StatusPurpose, status_list_credential};

/// An issuing organisation with its did:web identity and signing keys.
#[derive(Debug, Clone)]
pub struct Issuer {
    did: DidWeb,
    keys: IssuerKeyStore,
    profile: IssuerProfile,
}

impl Issuer {
    /// Creates an issuer for the server's public base URL (`--public-url`).
    /// The profile's `id` is set to the derived DID.
    ///
    /// # Errors
    /// [`CredentialError::InvalidPublicUrl`] if the URL cannot give a did:web DID.
    pub fn new(public_url: &str, keys: IssuerKeyStore, mut profile: IssuerProfile) -> Result<Self> {
        let did = DidWeb::from_public_url(public_url)?;
        profile.id = did.did().to_owned();
        Ok(Self { did, keys, profile })
    }

    /// The did:web identity (DID, document path and URL).
    #[must_use]
    pub fn did(&self) -> &DidWeb {
        &self.did
    }

    /// The issuer profile written into credentials.
    #[must_use]
    pub fn profile(&self) -> &IssuerProfile {
        &self.profile
    }

    /// The keys (read-only).
    #[must_use]
    pub fn keys(&self) -> &IssuerKeyStore {
        &self.keys
    }

    /// Adds a new signing key and keeps the old ones (see [`IssuerKeyStore::rotate`]).
    ///
    /// # Errors
    /// [`CredentialError::KeyStoreIo`] if the key store cannot be saved.
    pub fn rotate_key(&mut self) -> Result<String> {
        self.keys.rotate()
    }

    /// The DID document to serve at [`DidWeb::document_path`], listing all keys.
    #[must_use]
    pub fn did_document(&self) -> Value {
        self.did.document(&self.keys)
    }

    /// Verification method id of the active key (`did:web:…#key-N`).
    #[must_use]
    pub fn verification_method(&self) -> String {
        self.did.verification_method(self.keys.active().id())
    }

    /// Builds the credential for `award` and signs it now.
    ///
    /// # Errors
    /// [`CredentialError::InvalidAward`] for an invalid award, and signing errors.
    pub fn issue(&self, award: &Award) -> Result<Value> {
        let unsigned = award.to_credential(&self.profile)?;
        self.sign(&unsigned)
    }

    /// Signs any unsigned credential of this issuer with the active key, now.
    ///
    /// # Errors
    /// [`CredentialError::InvalidCredential`] if the credential names another
    /// issuer or is already signed, and canonicalization errors.
    pub fn sign(&self, unsigned: &Value) -> Result<Value> {
        self.sign_at(unsigned, OffsetDateTime::now_utc())
    }

    /// Signs with proof `created` set to `created`.
    ///
    /// # Errors
    /// As [`Issuer::sign`].
    pub fn sign_at(&self, unsigned: &Value, created: OffsetDateTime) -> Result<Value> {
        let issuer = match &unsigned["issuer"] {
            Value::String(id) => Some(id.as_str()),
            other => other["id"].as_str(),
        };
        if issuer != Some(self.did.did()) {
            return Err(CredentialError::InvalidCredential(format!(
                "the credential's issuer is {issuer:?}, but this issuer signs as {}",
                self.did.did()
            )));
        }
        proof::sign(
            unsigned,
            self.keys.active(),
            &self.verification_method(),
            created,
        )
    }

    /// Builds and signs the revocation `BitstringStatusListCredential` at
    /// `list_url` with [`MIN_LIST_LENGTH`] entries and the bits of
    /// `revoked_indices` set. Call again after every revocation.
    ///
    /// # Errors
    /// [`CredentialError::StatusList`] for an index outside the list, and signing errors.
    pub fn status_list(
        &self,
        list_url: &str,
        revoked_indices: impl IntoIterator<Item = usize>,
    ) -> Result<Value> {
        let now = OffsetDateTime::now_utc();
        let unsigned = status_list_credential(
            list_url,
            self.did.did(),
            StatusPurpose::Revocation,
            MIN_LIST_LENGTH,
            revoked_indices,
            now,
        )?;
        self.sign_at(&unsigned, now)
    }
}
