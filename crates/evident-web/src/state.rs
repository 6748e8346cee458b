use std::sync::Arc;

use evident_credentials::issuer::Issuer;
use evident_store::{FileStore, Store};

use crate::WebConfig;

/// Shared state that every handler can reach. Cloning is cheap: the pool, config and issuer are shared.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub files: FileStore,
    pub config: Arc<WebConfig>,
    /// Signs credentials and status lists; its DID is derived from the public URL.
    pub issuer: Arc<Issuer>,
}

impl AppState {
    pub fn new(store: Store, files: FileStore, config: WebConfig, issuer: Issuer) -> Self {
        Self {
            store,
            files,
            config: Arc::new(config),
            issuer: Arc::new(issuer),
        }
    }
}
