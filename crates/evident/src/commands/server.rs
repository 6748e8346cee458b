//! Options shared by the commands that open the database: `serve`, `demo`,
//! `import-case` and `admin`.

use std::path::PathBuf;

use anyhow::Context;
use evident_store::{FileLimits, FileStore, Store, StoreOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Directory for the embedded database and evidence files; created if missing.
    #[arg(long, value_name = "DIR", default_value = "./evident-data")]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST:PORT/DATABASE`.
    /// Defaults to `sqlite://DIR/evident.db` in the data directory.
    #[arg(long, value_name = "URL", env = "EVIDENT_DATABASE_URL")]
    pub database_url: Option<String>,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,

    /// Address and port to listen on.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// The URL users reach the server at, such as `https://evident.example.org`; cookies
    /// are marked Secure when it is https. Defaults to `http://HOST:PORT` of `--addr`.
    #[arg(long, value_name = "URL", env = "EVIDENT_PUBLIC_URL")]
    pub public_url: Option<String>,
}

impl DataArgs {
    /// Creates the data directory and opens the database, applying migrations.
    pub async fn open_store(&self) -> anyhow::Result<Store> {
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "could not create the data directory {}: choose another with --data-dir",
                self.data_dir.display()
            )
        })?;
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("evident.db").display()),
        };
        Ok(Store::connect(StoreOptions::new(url)).await?)
    }

    pub fn file_store(&self) -> FileStore {
        FileStore::new(self.data_dir.join("files"), FileLimits::default())
    }
}

impl ServeArgs {
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

/// Binds the listener, then serves until Ctrl-C or SIGTERM.
pub async fn serve(args: &ServeArgs, store: Store) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| {
            format!(
                "could not listen on {}: the port may be in use; choose another with --addr",
                args.addr
            )
        })?;
    if store.user_count().await? == 0 {
        tracing::warn!("no user exists yet: create the first one with `evident admin create-user`");
    }
    let config = evident_web::WebConfig::new(args.public_url());
    let state = evident_web::AppState::new(store, args.data.file_store(), config);
    evident_web::serve(listener, state).await?;
    Ok(())
}
