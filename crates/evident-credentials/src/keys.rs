//! Issuer signing keys: creation, storage, loading and rotation.
//!
//! The key store is a JSON document
//! `{"keys": [{"id": "key-1", "created": "…Z", "secretKeyMultibase": "z3u2…"}]}`.
//! The last key is the active signing key; older keys stay so that credentials
//! they signed keep verifying (they stay in the DID document). Secret bytes are
//! never printed: [`IssuerKey`] implements `Debug` without them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{CredentialError, Result};
use crate::multikey;

/// File name of the key store inside the data directory.
pub const KEY_STORE_FILE: &str = "issuer-keys.json";

/// One Ed25519 issuer key with its fragment id (`key-1`, `key-2`, …).
#[derive(Clone)]
pub struct IssuerKey {
    id: String,
    created: String,
    signing_key: SigningKey,
}

impl std::fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuerKey")
            .field("id", &self.id)
            .field("created", &self.created)
            .field("public_key_multibase", &self.public_key_multibase())
            .finish_non_exhaustive()
    }
}

impl IssuerKey {
    /// Creates a key from a 32-byte Ed25519 seed (RFC 8032 secret key).
    #[must_use]
    pub fn from_seed(id: &str, seed: &[u8; 32]) -> Self {
        Self {
            id: id.to_owned(),
            created: now_rfc3339(),
            signing_key: SigningKey::from_bytes(seed),
        }
    }

    /// Creates a fresh random key from the operating system's random source.
    ///
    /// # Errors
    /// [`CredentialError::InvalidKey`] if the random source fails.
    pub fn generate(id: &str) -> Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| CredentialError::InvalidKey(format!("random source failed: {e}")))?;
        Ok(Self::from_seed(id, &seed))
    }

    /// Fragment id of the key in the DID document (`key-1`).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Creation time (RFC 3339).
    #[must_use]
    pub fn created(&self) -> &str {
        &self.created
    }

    /// Public key.
    #[must_use]
    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing_key.verifying_key()
    }

    /// Public key as `publicKeyMultibase` (`z6Mk…`).
    #[must_use]
    pub fn public_key_multibase(&self) -> String {
        multikey::encode_public_key(&self.verifying_key())
    }

    /// Signs `message` with Ed25519 (RFC 8032, deterministic).
    #[must_use]
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing_key.sign(message).to_bytes()
    }
}

#[derive(Serialize, Deserialize)]
struct StoredKey {
    id: String,
    #[serde(default)]
    created: String,
    #[serde(rename = "secretKeyMultibase")]
    secret_key_multibase: String,
}

#[derive(Serialize, Deserialize)]
struct StoredKeys {
    keys: Vec<StoredKey>,
}

/// The issuer's keys, oldest first; the last one signs.
#[derive(Debug, Clone)]
pub struct IssuerKeyStore {
    keys: Vec<IssuerKey>,
    file: Option<PathBuf>,
}

impl IssuerKeyStore {
    /// Opens `dir/issuer-keys.json`, creating the directory (mode 0700) and a
    /// store with one fresh key `key-1` (mode 0600) when it does not exist.
    ///
    /// # Errors
    /// [`CredentialError::KeyStoreIo`] if the directory or file cannot be
    /// created or read, [`CredentialError::InvalidKey`] if the file is malformed.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        let file = dir.join(KEY_STORE_FILE);
        if file.exists() {
            let mut store = Self::load_file(&file)?;
            store.file = Some(file);
            return Ok(store);
        }
        create_private_dir(dir)?;
        let store = Self {
            keys: vec![IssuerKey::generate("key-1")?],
            file: Some(file),
        };
        store.save()?;
        Ok(store)
    }

    /// Loads a key store file without tying the store to it (rotation then
    /// changes only memory unless [`IssuerKeyStore::save_to`] is called).
    ///
    /// # Errors
    /// [`CredentialError::KeyStoreIo`] if the file cannot be read,
    /// [`CredentialError::InvalidKey`] if it is malformed.
    pub fn load_file(path: &Path) -> Result<Self> {
        let text = fs::read_to_string(path).map_err(|source| CredentialError::KeyStoreIo {
            path: path.to_owned(),
            source,
        })?;
        Self::from_secret_text(&text)
    }

    /// Parses a key store from text, for example the value of an environment
    /// variable: either the JSON store format or one bare `secretKeyMultibase`
    /// value (`z3u2…`), which becomes `key-1`.
    ///
    /// # Errors
    /// [`CredentialError::InvalidKey`] if the text is neither form, contains no key
    /// or repeats a key id. The message never contains secret material.
    pub fn from_secret_text(text: &str) -> Result<Self> {
        let trimmed = text.trim();
        if trimmed.starts_with('z') {
            let signing_key = multikey::decode_secret_key(trimmed)?;
            return Ok(Self {
                keys: vec![IssuerKey {
                    id: "key-1".to_owned(),
                    created: String::new(),
                    signing_key,
                }],
                file: None,
            });
        }
        let stored: StoredKeys = serde_json::from_str(trimmed).map_err(|e| {
            CredentialError::InvalidKey(format!(
                "key store is neither a secretKeyMultibase value nor JSON {{\"keys\": [...]}} (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        if stored.keys.is_empty() {
            return Err(CredentialError::InvalidKey(
                "key store contains no key; add one or delete the file to create a new one"
                    .to_owned(),
            ));
        }
        let mut keys: Vec<IssuerKey> = Vec::with_capacity(stored.keys.len());
        for entry in stored.keys {
            if keys.iter().any(|k| k.id == entry.id) {
                return Err(CredentialError::InvalidKey(format!(
                    "key id {:?} appears twice in the key store",
                    entry.id
                )));
            }
            keys.push(IssuerKey {
                signing_key: multikey::decode_secret_key(&entry.secret_key_multibase)?,
                id: entry.id,
                created: entry.created,
            });
        }
        Ok(Self { keys, file: None })
    }

    /// Wraps already created keys (oldest first).
    ///
    /// # Errors
    /// [`CredentialError::InvalidKey`] if `keys` is empty.
    pub fn from_keys(keys: Vec<IssuerKey>) -> Result<Self> {
        if keys.is_empty() {
            return Err(CredentialError::InvalidKey(
                "a key store needs at least one key".into(),
            ));
        }
        Ok(Self { keys, file: None })
    }

    /// The key that signs new credentials (the newest).
    #[must_use]
    pub fn active(&self) -> &IssuerKey {
        self.keys.last().expect("a key store always contains a key")
    }

    /// All keys, oldest first.
    #[must_use]
    pub fn keys(&self) -> &[IssuerKey] {
        &self.keys
    }

    /// Adds a new active key `key-<n+1>`, keeps the old ones and saves the
    /// store when it was opened from a directory. Returns the new key id.
    ///
    /// # Errors
    /// [`CredentialError::KeyStoreIo`] if saving fails.
    pub fn rotate(&mut self) -> Result<String> {
        let next = self
            .keys
            .iter()
            .filter_map(|k| k.id.strip_prefix("key-")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0)
            + 1;
        let key = IssuerKey::generate(&format!("key-{next}"))?;
        let id = key.id.clone();
        self.keys.push(key);
        if self.file.is_some() {
            self.save()?;
        }
        Ok(id)
    }

    /// Writes the store to `path` with mode 0600 (replacing it atomically).
    ///
    /// # Errors
    /// [`CredentialError::KeyStoreIo`] if writing fails.
    pub fn save_to(&self, path: &Path) -> Result<()> {
        let stored = StoredKeys {
            keys: self
                .keys
                .iter()
                .map(|k| StoredKey {
                    id: k.id.clone(),
                    created: k.created.clone(),
                    secret_key_multibase: multikey::encode_secret_key(&k.signing_key),
                })
                .collect(),
        };
        let text = serde_json::to_string_pretty(&stored)?;
        let io_error = |source| CredentialError::KeyStoreIo {
            path: path.to_owned(),
            source,
        };
        let temporary = path.with_extension("json.tmp");
        let mut file = private_file(&temporary).map_err(io_error)?;
        file.write_all(text.as_bytes()).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
        fs::rename(&temporary, path).map_err(io_error)
    }

    fn save(&self) -> Result<()> {
        match &self.file {
            Some(path) => self.save_to(path),
            None => Ok(()),
        }
    }
}

fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    let io_error = |source| CredentialError::KeyStoreIo {
        path: dir.to_owned(),
        source,
    };
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io_error)?;
    }
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_error)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|source| CredentialError::KeyStoreIo {
        path: dir.to_owned(),
        source,
    })
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<fs::File> {
    fs::File::create(path)
}
