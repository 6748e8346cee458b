//! Open Badges 3.0 credentials: build, sign, verify, status lists, baking.
//!
//! Credentials are 1EdTech Open Badges 3.0 `OpenBadgeCredential`s on W3C
//! Verifiable Credentials 2.0, signed with an embedded `DataIntegrityProof`
//! using the `eddsa-rdfc-2022` cryptosuite. JSON-LD expansion and RDFC-1.0
//! canonicalization give the same N-Quads as jsonld.js (the 1EdTech test
//! vector is reproduced byte for byte, and the integration tests compare
//! with jsonld.js directly). Contexts and schemas are bundled and pinned by
//! SHA-256; nothing is fetched while signing or verifying. The crate contains
//! no web or database code.
//!
//! # Use from a web server
//!
//! ```no_run
//! use evident_credentials::award::{Award, IssuerProfile};
//! use evident_credentials::issuer::Issuer;
//! use evident_credentials::keys::IssuerKeyStore;
//! use evident_credentials::resolver::LocalResolver;
//! use evident_credentials::status_list::{allocate_index, MIN_LIST_LENGTH};
//! use evident_credentials::verify::verify_credential;
//! # fn award() -> Award { unimplemented!() }
//! # fn main() -> evident_credentials::Result<()> {
//! // Startup: the key store is created on first use (dir 0700, file 0600),
//! // or read with IssuerKeyStore::load_file / from_secret_text (environment).
//! let keys = IssuerKeyStore::open_or_create(std::path::Path::new("data/keys"))?;
//! let profile = IssuerProfile {
//!     id: String::new(), // replaced by the did:web DID
//!     name: "Example District".into(),
//!     url: Some("https://evident.example.org".into()),
//!     image_url: None,
//!     description: None,
//! };
//! let issuer = Issuer::new("https://evident.example.org", keys, profile)?;
//!
//! // GET issuer.did().document_path() ("/.well-known/did.json") serves:
//! let did_document = issuer.did_document();
//!
//! // Earning: allocate a random unused status index, then issue.
//! let used = std::collections::BTreeSet::new(); // indices already given out
//! let index = allocate_index(&used, MIN_LIST_LENGTH)?;
//! let mut award = award(); // filled from the database
//! award.status = Some(evident_credentials::award::StatusAssignment {
//!     list_url: "https://evident.example.org/status/1".into(),
//!     index,
//! });
//! let credential = issuer.issue(&award)?;
//!
//! // Revocation: re-sign the list with every revoked index, then serve it.
//! let list = issuer.status_list("https://evident.example.org/status/1", [index])?;
//!
//! // Live verification on the public page (own documents supplied locally).
//! let resolver = LocalResolver::new()
//!     .with(issuer.did().did(), did_document)
//!     .with("https://evident.example.org/status/1", list);
//! let report = verify_credential(&credential, &resolver);
//! println!("{:?}", report.outcome);
//! # Ok(()) }
//! ```
//!
//! Baked images: [`baking::bake_png`], [`baking::bake_svg`] and
//! [`baking::extract_credential`]. A fetching resolver for the command line
//! is [`online::OnlineResolver`] (feature `online`, on by default).
//!
//! # Modules
//!
//! - [`award`]: the plain-data input and the unsigned credential;
//! - [`issuer`], [`keys`], [`did`], [`multikey`]: issuer identity and keys;
//! - [`proof`], [`canonical`], [`contexts`]: Data Integrity signing;
//! - [`status_list`]: Bitstring Status List;
//! - [`verify`], [`resolver`], [`schema`]: verification with a per-step report;
//! - [`baking`]: PNG and SVG;
//! - [`interop`]: cross-checks with the Node libraries in `interop/ob3`.
pub mod award;
pub mod baking;
pub mod canonical;
pub mod contexts;
pub mod did;
pub mod error;
pub mod interop;
pub mod issuer;
pub mod keys;
pub mod multikey;
#[cfg(feature = "online")]
pub mod online;
pub mod proof;
pub mod resolver;
pub mod schema;
pub mod status_list;
pub mod verify;

pub use error::{CredentialError, Result};
/// The date-time crate used in this API ([`award::Award::issued_at`]).
pub use time;
