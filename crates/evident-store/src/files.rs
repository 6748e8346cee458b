use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::Row;

use crate::{Result, Store, StoreError, now_unix};

/// Size and type limits for uploaded files.
#[derive(Debug, Clone)]
pub struct FileLimits {
    pub max_bytes: u64,
    /// Media types accepted, such as `application/pdf`.
    pub allowed_media_types: Vec<String>,
}

impl FileLimits {
    /// The default size limit: 200 MiB, enough for a five-minute screen recording.
    pub const DEFAULT_MAX_BYTES: u64 = 200 * 1024 * 1024;
}

impl Default for FileLimits {
    /// [`FileLimits::DEFAULT_MAX_BYTES`], and the document, image, audio and video types
    /// teachers most often submit as evidence of practice.
    fn default() -> Self {
        Self {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            allowed_media_types: [
                "application/pdf",
                "image/png",
                "image/jpeg",
                "image/gif",
                "image/webp",
                "text/plain",
                "text/csv",
                "audio/mpeg",
                "video/mp4",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "application/vnd.oasis.opendocument.text",
                "application/vnd.oasis.opendocument.presentation",
                "application/vnd.oasis.opendocument.spreadsheet",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        }
    }
}

/// A file kept by content: `sha256` is its name on disk and its identity everywhere else.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredFile {
    pub sha256: String,
    pub media_type: String,
    pub size_bytes: u64,
}

/// Content-addressed files under one directory: `<root>/ab/abcdef…` for digest `abcdef…`.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    limits: FileLimits,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>, limits: FileLimits) -> Self {
        Self {
            root: root.into(),
            limits,
        }
    }

    pub fn limits(&self) -> &FileLimits {
        &self.limits
    }

    /// Checks the limits and that the bytes match the declared media type, then writes
    /// the file atomically: to a temporary file in the same directory, flushed to disk,
    /// then renamed. Storing the same bytes twice keeps one copy.
    pub fn put(&self, bytes: &[u8], media_type: &str) -> Result<StoredFile> {
        let media_type = media_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        self.check(bytes, &media_type)?;

        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha256);
        if !path.exists() {
            let directory = path.parent().expect("content path has a parent directory");
            std::fs::create_dir_all(directory).map_err(|source| io_error(directory, source))?;
            let temporary = directory.join(format!(".{sha256}.{}.tmp", std::process::id()));
            let mut file =
                std::fs::File::create(&temporary).map_err(|source| io_error(&temporary, source))?;
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(|source| io_error(&temporary, source))?;
            std::fs::rename(&temporary, &path).map_err(|source| io_error(&path, source))?;
        }
        Ok(StoredFile {
            sha256,
            media_type,
            size_bytes: bytes.len() as u64,
        })
    }

    /// Reads a file back by digest.
    pub fn get(&self, sha256: &str) -> Result<Vec<u8>> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::NotFound {
                kind: "file",
                id: sha256.to_owned(),
            });
        }
        let path = self.path_of(sha256);
        std::fs::read(&path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::NotFound {
                StoreError::NotFound {
                    kind: "file",
                    id: sha256.to_owned(),
                }
            } else {
                io_error(&path, source)
            }
        })
    }

    fn path_of(&self, sha256: &str) -> PathBuf {
        self.root.join(&sha256[..2]).join(sha256)
    }

    fn check(&self, bytes: &[u8], media_type: &str) -> Result<()> {
        if bytes.len() as u64 > self.limits.max_bytes {
            return Err(StoreError::FileTooLarge {
                size_bytes: bytes.len() as u64,
                limit_bytes: self.limits.max_bytes,
            });
        }
        let allowed = self
            .limits
            .allowed_media_types
            .iter()
            .any(|allowed| allowed == media_type);
        if !allowed || !content_matches(bytes, media_type) {
            return Err(StoreError::FileTypeNotAllowed {
                media_type: if allowed {
                    format!("{media_type} (the content is not {media_type})")
                } else {
                    media_type.to_owned()
                },
                allowed: self.limits.allowed_media_types.join(", "),
            });
        }
        Ok(())
    }
}

/// Checks the leading bytes of the formats that have a fixed signature, so a renamed
/// executable is not accepted as a PDF. Text types must be valid UTF-8.
fn content_matches(bytes: &[u8], media_type: &str) -> bool {
    match media_type {
        "application/pdf" => bytes.starts_with(b"%PDF-"),
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/jpeg" => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/gif" => bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a"),
        "image/webp" => bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP",
        "video/mp4" => bytes.len() >= 8 && &bytes[4..8] == b"ftyp",
        "audio/mpeg" => bytes.starts_with(b"ID3") || bytes.starts_with(&[0xFF, 0xFB]),
        "text/plain" | "text/csv" | "application/json" => std::str::from_utf8(bytes).is_ok(),
        media_type if media_type.starts_with("application/vnd.openxmlformats") => {
            bytes.starts_with(b"PK\x03\x04")
        }
        // An OpenDocument file is a zip whose first entry, stored uncompressed, is named
        // `mimetype` and contains the media type. Its name starts at byte 30 of the local
        // file header and its content at byte 38.
        media_type if media_type.starts_with("application/vnd.oasis.opendocument.") => {
            bytes.starts_with(b"PK\x03\x04")
                && bytes.get(30..38) == Some(b"mimetype".as_slice())
                && bytes
                    .get(38..)
                    .is_some_and(|rest| rest.starts_with(media_type.as_bytes()))
        }
        _ => true,
    }
}

fn io_error(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::FileIo {
        path: path.display().to_string(),
        source,
    }
}

impl Store {
    /// Records the metadata of a stored file; recording the same digest twice is allowed.
    pub async fn record_file(&self, file: &StoredFile) -> Result<()> {
        let existing = sqlx::query("SELECT sha256 FROM stored_files WHERE sha256 = $1")
            .bind(&file.sha256)
            .fetch_optional(self.pool())
            .await?;
        if existing.is_none() {
            sqlx::query(
                "INSERT INTO stored_files (sha256, media_type, size_bytes, created_at) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&file.sha256)
            .bind(&file.media_type)
            .bind(file.size_bytes as i64)
            .bind(now_unix())
            .execute(self.pool())
            .await?;
        }
        Ok(())
    }

    pub async fn stored_file(&self, sha256: &str) -> Result<StoredFile> {
        let row = sqlx::query(
            "SELECT sha256, media_type, size_bytes FROM stored_files WHERE sha256 = $1",
        )
        .bind(sha256)
        .fetch_optional(self.pool())
        .await?
        .ok_or_else(|| StoreError::NotFound {
            kind: "file",
            id: sha256.to_owned(),
        })?;
        let size: i64 = row.try_get("size_bytes")?;
        Ok(StoredFile {
            sha256: row.try_get("sha256")?,
            media_type: row.try_get("media_type")?,
            size_bytes: size as u64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_in(dir: &Path) -> FileStore {
        FileStore::new(
            dir,
            FileLimits {
                max_bytes: 16,
                allowed_media_types: vec!["text/plain".into(), "application/pdf".into()],
            },
        )
    }

    #[test]
    fn put_then_get_returns_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let files = store_in(dir.path());
        let stored = files
            .put(b"lesson plan", "text/plain; charset=utf-8")
            .unwrap();
        assert_eq!(stored.media_type, "text/plain");
        assert_eq!(stored.size_bytes, 11);
        assert_eq!(files.get(&stored.sha256).unwrap(), b"lesson plan");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join(&stored.sha256[..2]))
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn put_rejects_file_over_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let error = store_in(dir.path())
            .put(&[b'a'; 17], "text/plain")
            .unwrap_err();
        assert!(error.to_string().contains("17 bytes"), "{error}");
        assert!(error.to_string().contains("16 bytes"), "{error}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn put_rejects_disallowed_type() {
        let dir = tempfile::tempdir().unwrap();
        let error = store_in(dir.path())
            .put(b"MZ", "application/x-msdownload")
            .unwrap_err();
        assert!(
            error.to_string().contains("application/x-msdownload"),
            "{error}"
        );
        assert!(
            error.to_string().contains("text/plain, application/pdf"),
            "{error}"
        );
    }

    #[test]
    fn put_rejects_content_that_is_not_the_declared_type() {
        let dir = tempfile::tempdir().unwrap();
        let error = store_in(dir.path())
            .put(b"MZ not a pdf", "application/pdf")
            .unwrap_err();
        assert!(
            error.to_string().contains("content is not application/pdf"),
            "{error}"
        );
    }

    #[test]
    fn get_rejects_path_traversal() {
        let dir = tempfile::tempdir().unwrap();
        assert!(store_in(dir.path()).get("../../etc/passwd").is_err());
    }

    #[test]
    fn opendocument_needs_its_mimetype_entry() {
        let odt = "application/vnd.oasis.opendocument.text";
        let mut real = b"PK\x03\x04".to_vec();
        real.extend_from_slice(&[0; 26]);
        real.extend_from_slice(b"mimetype");
        real.extend_from_slice(odt.as_bytes());
        assert!(content_matches(&real, odt));
        let other_zip = b"PK\x03\x04 a zip with another first entry";
        assert!(!content_matches(other_zip, odt));
        let spreadsheet = "application/vnd.oasis.opendocument.spreadsheet";
        assert!(
            !content_matches(&real, spreadsheet),
            "a text document is not a spreadsheet"
        );
        assert!(
            FileLimits::default()
                .allowed_media_types
                .iter()
                .any(|t| t == odt)
        );
    }
}
