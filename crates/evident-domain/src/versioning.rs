//! Publishing: a published version of a definition is frozen and identified by a content hash.

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::definition::MicroCredentialDefinition;
use crate::error::Error;

/// A definition frozen at publication, with its version number and content hash.
///
/// The fields are private, so a published definition can be read but not changed. A store
/// that keeps published versions as JSON gets the hash checked again on deserialization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PublishedVersionRecord")]
pub struct PublishedVersion {
    definition: MicroCredentialDefinition,
    version: u32,
    content_hash: String,
}

/// The unchecked serialized form of a [`PublishedVersion`].
#[derive(Deserialize)]
struct PublishedVersionRecord {
    definition: MicroCredentialDefinition,
    version: u32,
    content_hash: String,
}

impl TryFrom<PublishedVersionRecord> for PublishedVersion {
    type Error = Error;

    fn try_from(record: PublishedVersionRecord) -> Result<Self, Self::Error> {
        PublishedVersion::from_parts(record.definition, record.version, record.content_hash)
    }
}

/// Identifies the exact definition version a submission was started under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct VersionRef {
    /// Slug of the micro-credential.
    pub slug: String,
    /// Version number, starting at 1.
    pub version: u32,
    /// Content hash of that version.
    pub content_hash: String,
}

impl fmt::Display for VersionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.slug, self.version)
    }
}

/// Computes the content hash of a definition: `sha256:` followed by the lowercase hex SHA-256
/// of its compact JSON serialization.
///
/// The serialization is deterministic because the definition types contain only structs, enums,
/// strings, numbers and vectors (no maps), and serde writes struct fields in declaration order.
/// The hash therefore changes when a field of these types is added or reordered.
///
/// NOTE: stored versions are re-hashed on load, so a new field must be optional with
/// `skip_serializing_if`, or every stored version fails with [`Error::ContentHashMismatch`].
pub fn content_hash(definition: &MicroCredentialDefinition) -> String {
    let json = serde_json::to_vec(definition)
        .expect("definition types contain only strings, numbers, vectors and enums");
    let digest = Sha256::digest(&json);
    let mut hex = String::with_capacity(7 + 64);
    hex.push_str("sha256:");
    for byte in digest {
        hex.push_str(&format!("{byte:02x}"));
    }
    hex
}

/// Publishes `draft` as the version after `previous` (or as version 1 when there is none).
///
/// # Errors
///
/// [`Error::InvalidDefinition`] when the draft fails validation, [`Error::SlugChanged`]
/// when its slug differs from the previous version's, and [`Error::UnchangedDraft`] when it
/// repeats the previous version (a second click on Publish, for example).
pub fn publish(
    draft: MicroCredentialDefinition,
    previous: Option<&PublishedVersion>,
) -> Result<PublishedVersion, Error> {
    draft.validate()?;
    let version = match previous {
        None => 1,
        Some(previous) => {
            if previous.definition.slug != draft.slug {
                return Err(Error::SlugChanged {
                    draft: draft.slug,
                    published: previous.definition.slug.clone(),
                });
            }
            if content_hash(&draft) == previous.content_hash {
                return Err(Error::UnchangedDraft {
                    slug: draft.slug,
                    version: previous.version,
                });
            }
            previous.version + 1
        }
    };
    let content_hash = content_hash(&draft);
    Ok(PublishedVersion {
        definition: draft,
        version,
        content_hash,
    })
}

impl PublishedVersion {
    /// Rebuilds a published version from stored parts, checking the hash.
    ///
    /// # Errors
    ///
    /// [`Error::ContentHashMismatch`] when `content_hash` is not the hash of `definition`.
    pub fn from_parts(
        definition: MicroCredentialDefinition,
        version: u32,
        content_hash: String,
    ) -> Result<Self, Error> {
        let actual = self::content_hash(&definition);
        if actual != content_hash {
            return Err(Error::ContentHashMismatch {
                slug: definition.slug,
                version,
                recorded: content_hash,
                actual,
            });
        }
        Ok(Self {
            definition,
            version,
            content_hash,
        })
    }

    /// Returns the frozen definition.
    pub fn definition(&self) -> &MicroCredentialDefinition {
        &self.definition
    }

    /// Returns the version number, starting at 1.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Returns the content hash, `sha256:<hex>`.
    pub fn content_hash(&self) -> &str {
        &self.content_hash
    }

    /// Returns a reference to this version for a submission to record.
    pub fn version_ref(&self) -> VersionRef {
        VersionRef {
            slug: self.definition.slug.clone(),
            version: self.version,
            content_hash: self.content_hash.clone(),
        }
    }

    /// Checks a requested edit of this version.
    ///
    /// Saving the same content again is accepted (so a repeated request is harmless). Any
    /// change is rejected, because submissions started under this version are scored against
    /// it.
    ///
    /// # Errors
    ///
    /// [`Error::PublishedVersionImmutable`] when `edited` differs from the published content.
    pub fn check_edit(&self, edited: &MicroCredentialDefinition) -> Result<(), Error> {
        if *edited == self.definition {
            Ok(())
        } else {
            Err(Error::PublishedVersionImmutable {
                slug: self.definition.slug.clone(),
                version: self.version,
            })
        }
    }

    /// Returns a copy of the definition to edit as the draft of the next version.
    pub fn new_draft(&self) -> MicroCredentialDefinition {
        self.definition.clone()
    }
}
