//! Retrieval of the documents a verifier needs: DID documents, controller
//! documents, status list credentials and 1EdTech revocation lists.
//!
//! The verifier never opens a connection itself; it asks a [`Resolver`]. The
//! default [`LocalResolver`] answers from documents the caller supplied and
//! fails for everything else, so verification is offline unless the caller
//! plugs in a resolver that fetches.

use std::collections::HashMap;

use serde_json::Value;

use crate::did::did_web_document_url;

/// Source of documents by URL.
pub trait Resolver {
    /// Returns the JSON document published at `url` (an HTTPS URL; for
    /// did:web the verifier asks for the DID document URL, for example
    /// `https://example.org/.well-known/did.json`).
    ///
    /// # Errors
    /// A message saying why the document is not available.
    fn resolve(&self, url: &str) -> Result<Value, String>;
}

/// Documents supplied up front, keyed by URL.
#[derive(Debug, Clone, Default)]
pub struct LocalResolver {
    documents: HashMap<String, Value>,
}

impl LocalResolver {
    /// Creates an empty resolver: every lookup fails.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a document. `key` is its URL, or a did:web DID, which is stored
    /// under its DID document URL.
    pub fn insert(&mut self, key: &str, document: Value) {
        let url = if key.starts_with("did:web:") {
            did_web_document_url(key).unwrap_or_else(|_| key.to_owned())
        } else {
            key.to_owned()
        };
        self.documents.insert(url, document);
    }

    /// Adds a document and returns the resolver, for chaining.
    #[must_use]
    pub fn with(mut self, key: &str, document: Value) -> Self {
        self.insert(key, document);
        self
    }
}

impl Resolver for LocalResolver {
    fn resolve(&self, url: &str) -> Result<Value, String> {
        self.documents.get(url).cloned().ok_or_else(|| {
            format!("{url} was not supplied, and documents are not fetched in offline mode")
        })
    }
}

impl<R: Resolver + ?Sized> Resolver for &R {
    fn resolve(&self, url: &str) -> Result<Value, String> {
        (**self).resolve(url)
    }
}
