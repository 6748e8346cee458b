//! CSRF protection. A signed-in form carries the session's CSRF token in a `csrf_token`
//! field (or JSON clients in the `X-CSRF-Token` header). The sign-in form, which has no
//! session yet, uses a double-submit cookie: the form field must equal the
//! `evident_login_csrf` cookie, which another site can neither read nor set.

use axum::http::HeaderMap;

use super::{CurrentUser, constant_time_eq, cookie_value};
use crate::error::WebError;

pub const LOGIN_CSRF_COOKIE: &str = "evident_login_csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Checks the token of a signed-in request: the form field, else the header.
pub fn check_csrf(
    current: &CurrentUser,
    form_token: Option<&str>,
    headers: &HeaderMap,
) -> Result<(), WebError> {
    let header_token = headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok());
    match form_token.or(header_token) {
        None | Some("") => Err(WebError::Csrf(
            "the form's security token (csrf_token) is missing: reload the page and submit the form again"
                .to_owned(),
        )),
        Some(token) if constant_time_eq(token, &current.csrf_token) => Ok(()),
        Some(_) => Err(WebError::Csrf(
            "the form's security token (csrf_token) does not match your session: reload the page and submit the form again"
                .to_owned(),
        )),
    }
}

/// Checks the sign-in form's token against its cookie.
pub fn check_login_csrf(form_token: Option<&str>, headers: &HeaderMap) -> Result<(), WebError> {
    let cookie = cookie_value(headers, LOGIN_CSRF_COOKIE);
    match (form_token, cookie) {
        (None | Some(""), _) | (_, None) => Err(WebError::Csrf(
            "the sign-in form's security token is missing: reload the sign-in page (cookies must be enabled) and try again"
                .to_owned(),
        )),
        (Some(token), Some(cookie)) if constant_time_eq(token, &cookie) => Ok(()),
        _ => Err(WebError::Csrf(
            "the sign-in form's security token does not match: reload the sign-in page and try again"
                .to_owned(),
        )),
    }
}
