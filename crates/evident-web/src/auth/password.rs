use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::WebError;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Hashes a password with Argon2id and the crate's default parameters, as a PHC string.
pub fn hash_password(password: &str) -> Result<String, WebError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(WebError::BadRequest(format!(
            "the password is too short: use at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| WebError::Internal(format!("password hashing failed: {error}")))
}

/// Checks a password against a stored PHC string. A malformed stored hash counts as a
/// mismatch and is logged.
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    match Argon2::default().verify_password(password.as_bytes(), stored_hash) {
        Ok(()) => true,
        Err(argon2::password_hash::Error::PasswordInvalid) => false,
        Err(error) => {
            tracing::warn!(%error, "stored password hash could not be checked");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_then_verify_accepts_only_the_same_password() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
    }

    #[test]
    fn short_password_is_rejected_with_the_minimum() {
        let error = hash_password("short").unwrap_err();
        assert!(
            error.to_string().contains("at least 10 characters"),
            "{error}"
        );
    }
}
