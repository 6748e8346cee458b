use thiserror::Error;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Everything that can fail in the storage layer.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "invalid database URL `{url}`: use `sqlite://PATH` for the embedded database or `postgres://USER@HOST:PORT/DATABASE`"
    )]
    InvalidUrl { url: String },

    #[error(
        "invalid PostgreSQL schema name `{name}`: use only ASCII letters, digits and underscores"
    )]
    InvalidSchemaName { name: String },

    #[error("could not connect to the database at {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },

    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    #[error("database query failed: {0}")]
    Database(#[from] sqlx::Error),

    #[error("{kind} `{id}` not found")]
    NotFound { kind: &'static str, id: String },

    #[error("{0}")]
    Conflict(String),

    #[error("stored JSON in {what} is invalid: {source}")]
    StoredJson {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },

    #[error(
        "file is {size_bytes} bytes, over the limit of {limit_bytes} bytes: upload a smaller file"
    )]
    FileTooLarge { size_bytes: u64, limit_bytes: u64 },

    #[error("file type `{media_type}` is not allowed: upload one of {allowed}")]
    FileTypeNotAllowed { media_type: String, allowed: String },

    #[error("file storage failed at {path}: {source}")]
    FileIo {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

impl StoreError {
    /// Whether the error is a unique-constraint violation reported by either backend.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(error)) => error.is_unique_violation(),
            _ => false,
        }
    }
}
