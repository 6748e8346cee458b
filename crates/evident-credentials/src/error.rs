//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can fail while building, signing, verifying, baking or
/// storing credentials and keys.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// JSON-LD expansion or conversion to RDF failed.
    #[error(
        "JSON-LD processing failed: {0}; check that every property and type is defined by the bundled contexts"
    )]
    JsonLd(String),

    /// A document names a JSON-LD context that is not bundled with this crate.
    #[error(
        "context {0:?} is not bundled, and contexts are never fetched; use one of the bundled context URLs"
    )]
    UnknownContext(String),

    /// A bundled context file does not have its pinned SHA-256 digest.
    #[error("bundled context {url} has SHA-256 {actual}, expected {expected}; restore the file")]
    ContextDigestMismatch {
        /// Context URL.
        url: String,
        /// Pinned digest (hex).
        expected: String,
        /// Digest of the bundled bytes (hex).
        actual: String,
    },

    /// RDF Dataset Canonicalization (RDFC-1.0) failed.
    #[error("RDFC-1.0 canonicalization failed: {0}")]
    Canonicalization(String),

    /// A key, multibase value or key file is malformed.
    #[error("invalid key: {0}")]
    InvalidKey(String),

    /// Reading or writing the key store failed.
    #[error("key store {path}: {source}")]
    KeyStoreIo {
        /// File or directory involved.
        path: PathBuf,
        /// Underlying I/O error.
        source: std::io::Error,
    },

    /// The public base URL cannot be turned into a did:web DID.
    #[error("invalid public URL {url:?}: {reason}")]
    InvalidPublicUrl {
        /// URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },

    /// A DID or DID URL is malformed or uses an unsupported method.
    #[error("invalid DID {did:?}: {reason}")]
    InvalidDid {
        /// DID as given.
        did: String,
        /// What is wrong with it.
        reason: String,
    },

    /// An award cannot be turned into a credential.
    #[error("invalid award: {0}")]
    InvalidAward(String),

    /// A credential or proof does not have the expected shape.
    #[error("invalid credential: {0}")]
    InvalidCredential(String),

    /// A status list or status list index is invalid.
    #[error("status list: {0}")]
    StatusList(String),

    /// Baking a credential into an image or extracting it failed.
    #[error("baked badge: {0}")]
    Baking(String),

    /// The bundled JSON Schema could not be compiled.
    #[error("JSON Schema: {0}")]
    Schema(String),

    /// JSON (de)serialization failed. The parser's message is part of this error's own
    /// message, so it is not also reported as a source (which would print it twice).
    #[error("invalid JSON: {0}")]
    Json(serde_json::Error),
}

/// Result alias used across this crate.
pub type Result<T, E = CredentialError> = std::result::Result<T, E>;

impl From<serde_json::Error> for CredentialError {
    fn from(error: serde_json::Error) -> Self {
        CredentialError::Json(error)
    }
}
