use std::sync::Arc;

use evident_store::{FileStore, Store};

use crate::WebConfig;

/// What every handler can reach. Cloning is cheap: the pool and config are shared.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub files: FileStore,
    pub config: Arc<WebConfig>,
}

impl AppState {
    pub fn new(store: Store, files: FileStore, config: WebConfig) -> Self {
        Self {
            store,
            files,
            config: Arc::new(config),
        }
    }
}
