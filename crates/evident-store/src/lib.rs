//! Evident's storage layer.
//!
//! [`Store`] wraps one sqlx `AnyPool` that talks to SQLite (the embedded default) or
//! PostgreSQL (for several servers sharing one database). Every query is written once in
//! portable SQL with `$1` placeholders. The two backends differ only in their migration
//! folders, and the store picks one from the URL scheme when it opens. Values cross the `Any` driver
//! as text, integers or floats only: ids are UUID text, times are Unix seconds, and
//! structured documents are JSON text.
//!
//! [`FileStore`] keeps evidence files on local disk, content-addressed by SHA-256.

mod audit;
mod credentials;
mod error;
mod files;
mod frameworks;
mod login_throttle;
mod microcredentials;
mod orgs;
mod sessions;
mod submissions;
mod users;

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, AssertSqlSafe, Executor};

pub use audit::AuditEvent;
pub use credentials::{CredentialRow, NewCredential, StatusListRow};
pub use error::{Result, StoreError};
pub use files::{FileLimits, FileStore, StoredFile};
pub use frameworks::{FrameworkItemRow, FrameworkRow, NewFramework};
pub use microcredentials::{MicroCredentialRow, NewMicroCredential, NewVersion, VersionRow};
pub use orgs::Organization;
pub use sessions::Session;
pub use submissions::{
    AwardRow, EvidenceFlagRow, NewReview, NewSubmission, ScoreRow, SubmissionChange, SubmissionRow,
};
pub use users::{RoleGrant, User};

/// The database server kind behind a [`Store`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// Picks the backend from a database URL's scheme.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::InvalidUrl {
                url: redact_url(url),
            })
        }
    }
}

/// Options for [`Store::connect`].
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub url: String,
    /// PostgreSQL schema to create and use instead of `public`; tests use one per test.
    pub postgres_schema: Option<String>,
    pub max_connections: u32,
}

impl StoreOptions {
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            postgres_schema: None,
            max_connections: 8,
        }
    }
}

/// A connection pool with the schema migrated to the current version.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Store {
    /// Connects, creates the SQLite file or PostgreSQL schema if needed, and applies
    /// pending migrations.
    pub async fn connect(options: StoreOptions) -> Result<Self> {
        install_default_drivers();
        let backend = Backend::from_url(&options.url)?;
        let schema = match &options.postgres_schema {
            Some(name) if backend == Backend::Postgres => {
                if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(StoreError::InvalidSchemaName { name: name.clone() });
                }
                Some(name.clone())
            }
            _ => None,
        };
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(&options.url),
            Backend::Postgres => options.url.clone(),
        };

        let mut pool_options = AnyPoolOptions::new()
            .max_connections(options.max_connections)
            .acquire_timeout(Duration::from_secs(10));
        if let Some(schema) = schema.clone() {
            pool_options = pool_options.after_connect(move |connection, _meta| {
                let schema = schema.clone();
                Box::pin(async move {
                    connection
                        .execute(AssertSqlSafe(format!(
                            "CREATE SCHEMA IF NOT EXISTS {schema}"
                        )))
                        .await?;
                    connection
                        .execute(AssertSqlSafe(format!("SET search_path TO {schema}")))
                        .await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options
            .connect(&url)
            .await
            .map_err(|source| StoreError::Connect {
                url: redact_url(&options.url),
                source,
            })?;

        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await?;
        tracing::info!(backend = ?backend, "database ready");
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Runs a trivial query; used by the health check.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Drops a PostgreSQL schema made for a test. Does nothing on SQLite.
    pub async fn drop_schema(&self, schema: &str) -> Result<()> {
        if self.backend == Backend::Postgres
            && schema
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.pool
                .execute(AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE"
                )))
                .await?;
        }
        Ok(())
    }
}

/// Adds `mode=rwc` so SQLite creates the database file on first start.
fn sqlite_url_with_create(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Removes a password from a URL before it appears in an error or a log line.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or("");
            if credentials.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

/// Returns the current time as Unix seconds.
pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Creates a random identifier, time-ordered so that indexes stay compact.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

impl FromStr for Backend {
    type Err = StoreError;

    fn from_str(url: &str) -> Result<Self> {
        Self::from_url(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_url_hides_password() {
        assert_eq!(
            redact_url("postgres://evident:secret@db:5432/evident"),
            "postgres://evident:***@db:5432/evident"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1:5432/test"),
            "postgres://postgres@127.0.0.1:5432/test"
        );
    }

    #[test]
    fn backend_from_url_rejects_unknown_scheme() {
        let error = Backend::from_url("mysql://localhost/x").unwrap_err();
        assert!(error.to_string().contains("mysql://localhost/x"));
    }
}

#[cfg(feature = "testing")]
pub mod testing;
