//! Options shared by the commands that open the database: `serve`, `demo`,
//! `import-case` and `admin`, and the issuer key the server signs credentials with.

use std::path::PathBuf;

use anyhow::Context;
use evident_credentials::issuer::Issuer;
use evident_credentials::keys::IssuerKeyStore;
use evident_store::{FileLimits, FileStore, Store, StoreOptions};

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// Directory for the embedded database and evidence files; created if missing.
    #[arg(long, value_name = "DIR", default_value = "./evident-data")]
    pub data_dir: PathBuf,

    /// Largest evidence file accepted, in MiB (a micro-credential may set a lower limit
    /// per part). The server keeps each upload in memory while it checks it, so allow
    /// that much memory per upload in progress.
    #[arg(long, value_name = "MIB", env = "EVIDENT_MAX_UPLOAD_MB", default_value_t = FileLimits::DEFAULT_MAX_BYTES / (1024 * 1024), value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload_mb: u64,

    /// Database URL: `sqlite://PATH` or `postgres://USER@HOST:PORT/DATABASE`.
    /// Defaults to `sqlite://DIR/evident.db` in the data directory.
    #[arg(long, value_name = "URL", env = "EVIDENT_DATABASE_URL")]
    pub database_url: Option<String>,
}

/// Source of the issuer's signing keys. Several servers sharing one database must
/// use the same keys: give each the same file or environment variable.
#[derive(Debug, Clone, clap::Args)]
pub struct KeyArgs {
    /// File holding the issuer's keys (JSON written by Evident, mode 0600). Defaults to
    /// `keys/issuer-keys.json` in the data directory, created on first start.
    #[arg(long, value_name = "PATH", env = "EVIDENT_ISSUER_KEY_FILE")]
    pub issuer_key_file: Option<PathBuf>,
}

/// Environment variable that may hold the issuer's keys themselves (the JSON of a key
/// file, or one `secretKeyMultibase` value). It wins over the key file.
pub const ISSUER_KEY_ENV: &str = "EVIDENT_ISSUER_KEY";

impl KeyArgs {
    /// Loads the issuer's keys, creating them in the data directory on first start.
    pub fn load(&self, data_dir: &std::path::Path) -> anyhow::Result<IssuerKeyStore> {
        if let Ok(text) = std::env::var(ISSUER_KEY_ENV) {
            return IssuerKeyStore::from_secret_text(&text)
                .with_context(|| format!("{ISSUER_KEY_ENV} does not hold a usable key"));
        }
        match &self.issuer_key_file {
            Some(path) => IssuerKeyStore::load_file(path).with_context(|| {
                format!(
                    "could not read the issuer key file {}: check the path given with --issuer-key-file",
                    path.display()
                )
            }),
            None => {
                let dir = data_dir.join("keys");
                IssuerKeyStore::open_or_create(&dir).with_context(|| {
                    format!(
                        "could not open or create the issuer keys in {}: check its permissions or choose another --data-dir",
                        dir.display()
                    )
                })
            }
        }
    }
}

/// Builds the issuer for `public_url` from `keys`. Its DID is `did:web` of the URL.
pub fn issuer(public_url: &str, keys: IssuerKeyStore) -> anyhow::Result<Issuer> {
    evident_web::issuance::platform_issuer(public_url, keys).with_context(|| {
        format!("--public-url {public_url} cannot name an issuer: use http(s)://HOST[:PORT]")
    })
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub data: DataArgs,

    #[command(flatten)]
    pub keys: KeyArgs,

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
        let limits = FileLimits {
            max_bytes: self.max_upload_mb * 1024 * 1024,
            ..FileLimits::default()
        };
        FileStore::new(self.data_dir.join("files"), limits)
    }
}

impl ServeArgs {
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}

/// Binds the listener, loads the issuer keys and issues credentials for awards that lack
/// one: everything before the first request.
pub async fn prepare(
    args: &ServeArgs,
    store: Store,
) -> anyhow::Result<(tokio::net::TcpListener, evident_web::AppState)> {
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .map_err(|error| {
            let why = match error.kind() {
                std::io::ErrorKind::AddrInUse => {
                    "the port is in use; choose another with --addr".to_owned()
                }
                std::io::ErrorKind::AddrNotAvailable => {
                    "that address does not belong to this machine; use 127.0.0.1 or 0.0.0.0"
                        .to_owned()
                }
                std::io::ErrorKind::PermissionDenied => {
                    "ports below 1024 need extra privileges; choose a port such as 8080".to_owned()
                }
                _ => format!("{error}; give --addr as HOST:PORT, such as 127.0.0.1:8080"),
            };
            anyhow::anyhow!("could not listen on `{}`: {why}", args.addr)
        })?;
    if store.user_count().await? == 0 {
        tracing::warn!("no user exists yet: create the first one with `evident admin create-user`");
    }
    let public_url = args.public_url();
    let keys = args.keys.load(&args.data.data_dir)?;
    let issuer = issuer(&public_url, keys)?;
    tracing::info!(did = %issuer.did().did(), document = %issuer.did().document_url(), "issuer ready");
    let config = evident_web::WebConfig::new(public_url);
    let state = evident_web::AppState::new(store, args.data.file_store(), config, issuer);
    let issued = evident_web::issuance::issue_pending(&state).await?;
    if issued > 0 {
        tracing::info!(issued, "issued credentials for earlier awards");
    }
    Ok((listener, state))
}

/// Prepares, then serves until Ctrl-C or SIGTERM.
pub async fn serve(args: &ServeArgs, store: Store) -> anyhow::Result<()> {
    let (listener, state) = prepare(args, store).await?;
    evident_web::serve(listener, state).await?;
    Ok(())
}
