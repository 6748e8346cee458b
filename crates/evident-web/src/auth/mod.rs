//! Sign-in: password hashing, session cookies, CSRF tokens and the failed-sign-in throttle.

mod csrf;
mod password;
mod session;
mod throttle;

pub use csrf::{LOGIN_CSRF_COOKIE, check_csrf, check_login_csrf};
pub use password::{check_new_user, hash_password, verify_password};
pub use session::{
    CurrentUser, MaybeUser, SESSION_COOKIE, end_other_sessions, end_session, start_session,
};
pub use throttle::{check_login_throttle, record_login_failure};

use sha2::{Digest, Sha256};

/// Generates a 256-bit random token, hex-encoded.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system random number generator failed");
    hex::encode(bytes)
}

/// Hashes a token with SHA-256, hex-encoded. Session tokens are stored only in this form.
pub fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Reads one cookie from the request headers.
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// Compares two strings in time that depends only on their length.
pub fn constant_time_eq(left: &str, right: &str) -> bool {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    left.len() == right.len()
        && left
            .iter()
            .zip(right)
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}
