//! Issuer identity: did:web from the public base URL, DID documents with
//! Multikey verification methods, and local did:key resolution.
//!
//! did:web (W3C CCG "did:web Method Specification"): the host, with a port
//! percent-encoded as `%3A`, then each path segment, joined by `:`.
//! `https://example.org` → `did:web:example.org`, document at
//! `https://example.org/.well-known/did.json`; `http://127.0.0.1:8080/orgs/a` →
//! `did:web:127.0.0.1%3A8080:orgs:a`, document at `/orgs/a/did.json`.

use serde_json::{Value, json};

use crate::contexts::{DID_V1, MULTIKEY_V1};
use crate::error::{CredentialError, Result};
use crate::keys::IssuerKeyStore;

/// The did:web identity derived from a public base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidWeb {
    did: String,
    document_path: String,
    document_url: String,
}

impl DidWeb {
    /// Derives the DID from the server's public base URL (`http` or `https`,
    /// optional port and path, no query or fragment).
    ///
    /// # Errors
    /// [`CredentialError::InvalidPublicUrl`] for another scheme, an empty host,
    /// a user-info part, a query, a fragment or an invalid port.
    pub fn from_public_url(public_url: &str) -> Result<Self> {
        let invalid = |reason: &str| CredentialError::InvalidPublicUrl {
            url: public_url.to_owned(),
            reason: reason.to_owned(),
        };
        let (scheme, rest) = public_url
            .split_once("://")
            .ok_or_else(|| invalid("expected http://HOST[:PORT][/PATH] or https://…"))?;
        if scheme != "https" && scheme != "http" {
            return Err(invalid("the scheme must be http or https"));
        }
        if rest.contains(['?', '#']) {
            return Err(invalid("a query or fragment is not allowed"));
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        if authority.is_empty() {
            return Err(invalid("the host is empty"));
        }
        if authority.contains('@') {
            return Err(invalid("user information is not allowed"));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                if port.is_empty() || port.parse::<u16>().is_err() {
                    return Err(invalid("the port must be a number from 0 to 65535"));
                }
                (host, Some(port))
            }
            _ => (authority, None),
        };
        if host.is_empty() || host.contains(['[', ']', '%', ' ']) {
            return Err(invalid("the host must be a domain name or IPv4 address"));
        }
        let host = host.to_ascii_lowercase();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if segments.iter().any(|s| s.contains(':')) {
            return Err(invalid("a path segment must not contain ':'"));
        }

        let mut did = format!("did:web:{host}");
        let mut authority = host.clone();
        if let Some(port) = port {
            did.push_str("%3A");
            did.push_str(port);
            authority = format!("{host}:{port}");
        }
        for segment in &segments {
            did.push(':');
            did.push_str(segment);
        }
        let document_path = if segments.is_empty() {
            "/.well-known/did.json".to_owned()
        } else {
            format!("/{}/did.json", segments.join("/"))
        };
        let document_url = format!("{scheme}://{authority}{document_path}");
        Ok(Self {
            did,
            document_path,
            document_url,
        })
    }

    /// The DID (`did:web:example.org`).
    #[must_use]
    pub fn did(&self) -> &str {
        &self.did
    }

    /// Path the DID document must be served at, relative to the host root.
    #[must_use]
    pub fn document_path(&self) -> &str {
        &self.document_path
    }

    /// Full URL of the DID document (with the scheme of the public URL).
    #[must_use]
    pub fn document_url(&self) -> &str {
        &self.document_url
    }

    /// Verification method id of a key (`did:web:example.org#key-1`).
    #[must_use]
    pub fn verification_method(&self, key_id: &str) -> String {
        format!("{}#{key_id}", self.did)
    }

    /// Builds the DID document listing every key of `keys` as a Multikey
    /// verification method in `assertionMethod`, oldest first.
    #[must_use]
    pub fn document(&self, keys: &IssuerKeyStore) -> Value {
        let methods: Vec<Value> = keys
            .keys()
            .iter()
            .map(|key| {
                json!({
                    "id": self.verification_method(key.id()),
                    "type": "Multikey",
                    "controller": self.did,
                    "publicKeyMultibase": key.public_key_multibase(),
                })
            })
            .collect();
        let ids: Vec<Value> = keys
            .keys()
            .iter()
            .map(|key| Value::String(self.verification_method(key.id())))
            .collect();
        json!({
            "@context": [DID_V1, MULTIKEY_V1],
            "id": self.did,
            "verificationMethod": methods,
            "assertionMethod": ids,
        })
    }
}

/// Returns the HTTPS URL of the DID document of a did:web DID (the did:web
/// read operation). A DID URL's fragment is ignored.
///
/// # Errors
/// [`CredentialError::InvalidDid`] unless `did` is a did:web DID.
pub fn did_web_document_url(did: &str) -> Result<String> {
    let invalid = |reason: &str| CredentialError::InvalidDid {
        did: did.to_owned(),
        reason: reason.to_owned(),
    };
    let specific = did
        .split('#')
        .next()
        .and_then(|d| d.strip_prefix("did:web:"))
        .ok_or_else(|| invalid("not a did:web DID"))?;
    let mut parts = specific.split(':');
    let host = parts
        .next()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| invalid("empty host"))?;
    let host = host.replace("%3A", ":").replace("%3a", ":");
    let path: Vec<&str> = parts.collect();
    if path.iter().any(|s| s.is_empty()) {
        return Err(invalid("empty path segment"));
    }
    Ok(if path.is_empty() {
        format!("https://{host}/.well-known/did.json")
    } else {
        format!("https://{host}/{}/did.json", path.join("/"))
    })
}

/// Resolves a did:key DID (Ed25519 only) to its DID document, locally.
///
/// The verification method is `did:key:z6Mk…#z6Mk…`, listed in
/// `assertionMethod` and `authentication`.
///
/// # Errors
/// [`CredentialError::InvalidDid`] unless `did` is `did:key:` followed by an
/// Ed25519 Multikey.
pub fn did_key_document(did: &str) -> Result<Value> {
    let did = did.split('#').next().unwrap_or(did);
    let multibase = did
        .strip_prefix("did:key:")
        .ok_or_else(|| CredentialError::InvalidDid {
            did: did.to_owned(),
            reason: "not a did:key DID".into(),
        })?;
    crate::multikey::decode_public_key(multibase).map_err(|e| CredentialError::InvalidDid {
        did: did.to_owned(),
        reason: e.to_string(),
    })?;
    let method = format!("{did}#{multibase}");
    Ok(json!({
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [{
            "id": method,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multibase,
        }],
        "assertionMethod": [method],
        "authentication": [method],
    }))
}

/// Returns the did:key DID of an Ed25519 public key (`did:key:z6Mk…`).
#[must_use]
pub fn did_key(key: &ed25519_dalek::VerifyingKey) -> String {
    format!("did:key:{}", crate::multikey::encode_public_key(key))
}
