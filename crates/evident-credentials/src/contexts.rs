//! JSON-LD contexts bundled with the crate and pinned by SHA-256.
//!
//! Signing and verifying never fetch a context: a document that names any
//! other context URL is rejected. The publishers have edited context files in
//! place (1EdTech added the terms `jti` and `endorsementJwt` to the published
//! OB 3.0.3 context without a new version), so each file is pinned by its
//! digest and checked before first use. Origins and licences are listed in
//! `data/SOURCES.md`.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::error::{CredentialError, Result};

/// W3C Verifiable Credentials Data Model 2.0 context.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// W3C Verifiable Credentials Data Model 1.1 context (verification only).
pub const CREDENTIALS_V1: &str = "https://www.w3.org/2018/credentials/v1";
/// Open Badges 3.0 context, version 3.0.3 (the one issued).
pub const OB_V3P0_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// Open Badges 3.0 extensions context (`1EdTechJsonSchemaValidator2019`,
/// `1EdTechRevocationList`, `1EdTechCredentialRefresh`).
pub const OB_V3P0_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
/// DID Core 1.0 context.
pub const DID_V1: &str = "https://www.w3.org/ns/did/v1";
/// Context of the legacy Ed25519Signature2020 suite (verification only).
pub const ED25519_SIGNATURE_2020_V1: &str = "https://w3id.org/security/suites/ed25519-2020/v1";
/// Multikey 1.0 context.
pub const MULTIKEY_V1: &str = "https://w3id.org/security/multikey/v1";

/// The exact `@context` of every issued OpenBadgeCredential, in this order.
pub const OPEN_BADGE_CONTEXT: [&str; 3] = [CREDENTIALS_V2, OB_V3P0_3_0_3, OB_V3P0_EXTENSIONS];

/// One bundled context document.
#[derive(Debug, Clone, Copy)]
pub struct BundledContext {
    /// URL the context is published at.
    pub url: &'static str,
    /// Pinned SHA-256 digest of `bytes`, lower-case hex.
    pub sha256: &'static str,
    /// File content.
    pub bytes: &'static [u8],
}

macro_rules! bundled {
    ($url:expr, $file:literal, $sha:literal) => {
        BundledContext {
            url: $url,
            sha256: $sha,
            bytes: include_bytes!(concat!("../data/contexts/", $file)),
        }
    };
}

/// All bundled contexts.
pub const BUNDLED_CONTEXTS: &[BundledContext] = &[
    bundled!(
        CREDENTIALS_V2,
        "credentials-v2.jsonld",
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734"
    ),
    bundled!(
        CREDENTIALS_V1,
        "credentials-v1.jsonld",
        "ab4ddd9a531758807a79a5b450510d61ae8d147eab966cc9a200c07095b0cdcc"
    ),
    bundled!(
        "https://w3id.org/security/data-integrity/v2",
        "data-integrity-v2.jsonld",
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4"
    ),
    bundled!(
        "https://w3id.org/security/data-integrity/v1",
        "data-integrity-v1.jsonld",
        "b5d829bd09aa7c42abc6efa0c8ed7635313b5487f37ccfce3ecd149ca9418554"
    ),
    bundled!(
        MULTIKEY_V1,
        "multikey-v1.jsonld",
        "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597"
    ),
    bundled!(
        DID_V1,
        "did-v1.jsonld",
        "adefa50311393eb1bd788a38ac9fe2696c65367928f6996812cd54577394f4da"
    ),
    bundled!(
        "https://www.w3.org/ns/credentials/status/v1",
        "vc-bitstring-status-list-v1.jsonld",
        "fda5add353231e6a6884a46b12e6c75464281900cb348284d9c360f62381d9f7"
    ),
    bundled!(
        OB_V3P0_3_0_3,
        "ob-v3p0-context-3.0.3.json",
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "ob-v3p0-context-3.0.2.json",
        "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "ob-v3p0-context-3.0.1.json",
        "d582f3564282fb3b709136d28412e78e70b678b4dbc2f0221f67d84932748355"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "ob-v3p0-context-3.0.0.json",
        "b077fa134d909d92c1dcd1c153f2af1b244aeb415967fdc1467d7fc5dd48ac10"
    ),
    bundled!(
        OB_V3P0_EXTENSIONS,
        "ob-v3p0-extensions.json",
        "146f85aa16effd7ca1da8056eb443f53ce1eca8a34186cb062832c0a97d889c3"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "clr-v2p0-context-2.0.1.json",
        "880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6"
    ),
    bundled!(
        ED25519_SIGNATURE_2020_V1,
        "ed25519-signature-2020-v1.jsonld",
        "b9e1ab971fd8bf2c7553e0c4a9438e0b9450afde1ea1ca5b2492368b9f549588"
    ),
    bundled!(
        "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
        "clr-v2p0-context-2.0.0.json",
        "e198d7b517d74c5036434ce495086f67b10244709e9a3df9dcb7f8b1579b6167"
    ),
];

/// Checks every bundled context against its pinned digest.
///
/// # Errors
/// [`CredentialError::ContextDigestMismatch`] for the first file whose bytes
/// differ from the pinned digest.
pub fn check_bundled_contexts() -> Result<()> {
    for context in BUNDLED_CONTEXTS {
        let actual = hex_sha256(context.bytes);
        if actual != context.sha256 {
            return Err(CredentialError::ContextDigestMismatch {
                url: context.url.to_owned(),
                expected: context.sha256.to_owned(),
                actual,
            });
        }
    }
    Ok(())
}

/// Returns the bundled context published at `url`, after the one-time digest
/// check of all bundled files.
///
/// # Errors
/// [`CredentialError::UnknownContext`] when `url` is not bundled, or the digest
/// mismatch found by [`check_bundled_contexts`].
pub fn bundled_context(url: &str) -> Result<&'static BundledContext> {
    static CHECKED: OnceLock<Result<(), String>> = OnceLock::new();
    if let Err(message) =
        CHECKED.get_or_init(|| check_bundled_contexts().map_err(|e| e.to_string()))
    {
        return Err(CredentialError::Canonicalization(message.clone()));
    }
    BUNDLED_CONTEXTS
        .iter()
        .find(|context| context.url == url)
        .ok_or_else(|| CredentialError::UnknownContext(url.to_owned()))
}

pub(crate) fn hex_sha256(bytes: &[u8]) -> String {
    hex_encode(&Sha256::digest(bytes))
}

pub(crate) fn hex_encode(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}
