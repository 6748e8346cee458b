//! A [`Resolver`] that fetches documents over HTTP(S) with a timeout.
//!
//! Only for callers that opt in (the CLI's `--online`): signing never uses
//! it, and the default verifier resolver is offline. Documents supplied up
//! front take precedence over fetching.

use std::time::Duration;

use serde_json::Value;

use crate::resolver::{LocalResolver, Resolver};

/// Largest accepted response body (a status list of 131,072 entries is
/// about 200 bytes compressed; DID documents are a few kilobytes).
const MAX_BODY_BYTES: u64 = 4 * 1024 * 1024;

/// Fetches documents with HTTP GET, after looking in a [`LocalResolver`].
#[derive(Debug)]
pub struct OnlineResolver {
    local: LocalResolver,
    agent: ureq::Agent,
}

impl OnlineResolver {
    /// Creates a resolver whose requests time out after `timeout` in total
    /// (connection, redirects and body).
    #[must_use]
    pub fn new(local: LocalResolver, timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(3)
            .build();
        Self {
            local,
            agent: config.into(),
        }
    }
}

impl Resolver for OnlineResolver {
    fn resolve(&self, url: &str) -> Result<Value, String> {
        if let Ok(document) = self.local.resolve(url) {
            return Ok(document);
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("{url} is not an HTTP(S) URL"));
        }
        let mut response = self
            .agent
            .get(url)
            .header("Accept", "application/ld+json, application/json;q=0.9")
            .call()
            .map_err(|e| format!("GET {url} failed: {e}"))?;
        let text = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_string()
            .map_err(|e| format!("reading {url} failed: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{url} did not return JSON: {e}"))
    }
}
