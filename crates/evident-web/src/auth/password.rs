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

/// Checks the e-mail address and name of a new account, as the web form and the
/// command line both create accounts.
/// Maximum length of a display name, in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Maximum length of an e-mail address, in characters (the limit of RFC 5321 paths).
pub const MAX_EMAIL_CHARS: usize = 254;

/// Unicode characters that reorder the text around them (U+202A–U+202E, U+2066–U+2069),
/// which can make a name display as something else.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

pub fn check_new_user(email: &str, display_name: &str) -> Result<(), WebError> {
    let email = email.trim();
    let valid_email = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.ends_with('.')
        }
        None => false,
    };
    if !valid_email {
        return Err(WebError::BadRequest(format!(
            "`{email}` is not an e-mail address: enter an address such as name@school.org"
        )));
    }
    if email.chars().count() > MAX_EMAIL_CHARS {
        return Err(WebError::BadRequest(format!(
            "the e-mail address is {} characters long: addresses have at most {MAX_EMAIL_CHARS}",
            email.chars().count()
        )));
    }
    let name = display_name.trim();
    if name.is_empty() {
        return Err(WebError::BadRequest(
            "the name is empty: enter the person's name".to_owned(),
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(WebError::BadRequest(format!(
            "the name is {} characters long: shorten it to {MAX_NAME_CHARS} or fewer",
            name.chars().count()
        )));
    }
    if name.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(WebError::BadRequest(
            "the name contains control or text-direction characters: type it again without them"
                .to_owned(),
        ));
    }
    Ok(())
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
    fn new_user_needs_address_and_name() {
        assert!(check_new_user("ada@school.org", "Ada").is_ok());
        let not_address = check_new_user("nope", "Ada").unwrap_err();
        assert!(
            not_address
                .to_string()
                .contains("`nope` is not an e-mail address")
        );
        assert!(check_new_user("ada@localhost", "Ada").is_err());
        let no_name = check_new_user("ada@school.org", "  ").unwrap_err();
        assert!(no_name.to_string().contains("the name is empty"));
    }

    #[test]
    fn short_password_is_rejected_with_the_minimum() {
        let error = hash_password("short").unwrap_err();
        assert!(
            error.to_string().contains("at least 10 characters"),
            "{error}"
        );
    }

    #[test]
    fn overlong_or_direction_changing_names_are_rejected() {
        assert!(check_new_user("ada@school.org", "Ada Lovelace").is_ok());
        let long = "a".repeat(121);
        let error = check_new_user("ada@school.org", &long).unwrap_err();
        assert!(error.to_string().contains("121 characters"), "{error}");
        let error = check_new_user("ada@school.org", "Ada \u{202E}ecalevol").unwrap_err();
        assert!(error.to_string().contains("text-direction"), "{error}");
        let email = format!("{}@school.org", "a".repeat(250));
        let error = check_new_user(&email, "Ada").unwrap_err();
        assert!(error.to_string().contains("at most 254"), "{error}");
    }
}
