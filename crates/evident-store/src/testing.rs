//! Databases for tests: an empty SQLite file in a temporary directory, or a fresh schema
//! in the PostgreSQL server named by `EVIDENT_TEST_POSTGRES_URL` (default
//! `postgres://postgres@127.0.0.1:5432/test`). A PostgreSQL test fails, and never skips,
//! when that server is unreachable.

use crate::{Backend, Store, StoreOptions};

pub const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

/// A store for one test. Dropping it removes the SQLite directory; call
/// [`TestStore::cleanup`] at the end of a PostgreSQL test to drop its schema.
pub struct TestStore {
    pub store: Store,
    pub backend: Backend,
    /// A directory the test may use for files; removed on drop.
    pub dir: tempfile::TempDir,
    schema: Option<String>,
    options: StoreOptions,
}

impl TestStore {
    pub async fn new(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("create a temporary directory");
        let (options, schema) = match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("evident.db").display());
                (StoreOptions::new(url), None)
            }
            Backend::Postgres => {
                let url = postgres_url();
                let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
                let mut options = StoreOptions::new(url);
                options.postgres_schema = Some(schema.clone());
                options.max_connections = 4;
                (options, Some(schema))
            }
        };
        let store = Store::connect(options.clone())
            .await
            .unwrap_or_else(|error| {
                panic!(
                    "the {backend:?} test database is unavailable: {error}. \
                 Start PostgreSQL on 127.0.0.1:5432 or set EVIDENT_TEST_POSTGRES_URL."
                )
            });
        Self {
            store,
            backend,
            dir,
            schema,
            options,
        }
    }

    /// Drops the PostgreSQL schema of this test.
    /// Reconnects first if the test closed the pool.
    pub async fn cleanup(self) {
        if let Some(schema) = &self.schema {
            let store = if self.store.pool().is_closed() {
                Store::connect(self.options.clone())
                    .await
                    .expect("reconnect to drop the test schema")
            } else {
                self.store.clone()
            };
            store.drop_schema(schema).await.expect("drop test schema");
            store.pool().close().await;
        }
        self.store.pool().close().await;
    }
}

pub fn postgres_url() -> String {
    std::env::var("EVIDENT_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}
