use std::time::Duration;

/// Settings of the web layer that do not come from the database.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The address users reach the server at, such as `https://evident.example.org`.
    /// Cookies are marked `Secure` when it starts with `https://`.
    pub public_url: String,
    /// How long a sign-in lasts.
    pub session_lifetime: Duration,
    /// Failed sign-ins for one e-mail address allowed within [`Self::login_window`]
    /// before further attempts are rejected until the window has passed.
    pub max_login_failures: i64,
    pub login_window: Duration,
    /// Largest CASE package accepted for import, in bytes.
    pub max_framework_bytes: usize,
}

impl WebConfig {
    pub fn new(public_url: impl Into<String>) -> Self {
        Self {
            public_url: public_url.into().trim_end_matches('/').to_owned(),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            max_login_failures: 5,
            login_window: Duration::from_secs(15 * 60),
            max_framework_bytes: 20 * 1024 * 1024,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
