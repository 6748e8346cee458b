//! Reading form bodies with clear errors.

use axum::extract::rejection::FormRejection;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// `axum::Form` whose rejection is a [`WebError::BadRequest`] naming the problem.
pub struct Form<T>(pub T);

impl<S, T> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(rejection) => Err(form_error(rejection)),
        }
    }
}

/// `axum::Json` as a request body whose rejection is the JSON API's error object. A body
/// that is not JSON gets 400 with the line and column, JSON of the wrong shape gets 422
/// naming the field, and a request without a JSON content type gets 415.
pub struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = crate::error::ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection;
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(JsonBody(value)),
            Err(rejection) => {
                let detail = rejection.body_text();
                let error = match rejection {
                    JsonRejection::JsonDataError(_) => WebError::Unprocessable {
                        message: format!(
                            "the JSON body does not have the expected fields: {detail}"
                        ),
                        problems: Vec::new(),
                    },
                    JsonRejection::MissingJsonContentType(_) => WebError::UnsupportedMediaType(
                        "send the body as JSON with the header Content-Type: application/json"
                            .to_owned(),
                    ),
                    _ => WebError::BadRequest(format!(
                        "the body is not valid JSON: {detail}; check the quotes, commas and brackets"
                    )),
                };
                Err(crate::error::ApiError(error))
            }
        }
    }
}

fn form_error(rejection: FormRejection) -> WebError {
    WebError::BadRequest(format!(
        "the form could not be read: {}",
        rejection.body_text()
    ))
}

/// Percent-encodes everything except RFC 3986 unreserved characters, for a value placed
/// in a URL query.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Returns `target` when it is a path on this server (`/…`, not `//host` or a
/// backslash form that browsers read as another host), for redirecting after sign-in.
pub fn local_return_path(target: &str) -> Option<&str> {
    let local = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && !target.chars().any(char::is_control);
    local.then_some(target)
}
