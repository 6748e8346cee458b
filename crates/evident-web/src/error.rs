//! The web layer's one error type and its mapping to HTTP responses.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use evident_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum WebError {
    /// 400: the request is malformed or a value is invalid. The message names the value.
    #[error("{0}")]
    BadRequest(String),

    /// 401: the route needs a signed-in user.
    #[error("sign in to continue")]
    Unauthorized,

    /// 403: signed in, but without the role this needs.
    #[error("{0}")]
    Forbidden(String),

    /// 403: the form's CSRF token is missing or does not match the session.
    #[error("{0}")]
    Csrf(String),

    /// 404
    #[error("{0}")]
    NotFound(String),

    /// 409: the change conflicts with stored data.
    #[error("{0}")]
    Conflict(String),

    /// 413
    #[error("{0}")]
    PayloadTooLarge(String),

    /// 415
    #[error("{0}")]
    UnsupportedMediaType(String),

    /// 422: the content was read but rejected; each problem is listed.
    #[error("{message}")]
    Unprocessable {
        message: String,
        problems: Vec<String>,
    },

    /// 429: too many failed sign-ins.
    #[error("{message}")]
    TooManyRequests {
        message: String,
        retry_after_seconds: u64,
    },

    /// 500: logged with details; the user sees a generic message.
    #[error("internal error: {0}")]
    Internal(String),
}

pub type WebResult<T> = Result<T, WebError>;

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Unauthorized => StatusCode::UNAUTHORIZED,
            WebError::Forbidden(_) | WebError::Csrf(_) => StatusCode::FORBIDDEN,
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Returns a stable machine-readable code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            WebError::BadRequest(_) => "bad_request",
            WebError::Unauthorized => "unauthorized",
            WebError::Forbidden(_) => "forbidden",
            WebError::Csrf(_) => "csrf_failed",
            WebError::NotFound(_) => "not_found",
            WebError::Conflict(_) => "conflict",
            WebError::PayloadTooLarge(_) => "payload_too_large",
            WebError::UnsupportedMediaType(_) => "unsupported_media_type",
            WebError::Unprocessable { .. } => "unprocessable",
            WebError::TooManyRequests { .. } => "too_many_requests",
            WebError::Internal(_) => "internal",
        }
    }

    /// Returns the text shown to the user. Internal details stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            WebError::Internal(_) => {
                "Something went wrong on the server. The error was logged; please try again."
                    .to_owned()
            }
            other => other.to_string(),
        }
    }

    pub fn problems(&self) -> &[String] {
        match self {
            WebError::Unprocessable { problems, .. } => problems,
            _ => &[],
        }
    }

    fn log(&self) {
        if let WebError::Internal(detail) = self {
            tracing::error!(error = %detail, "request failed");
        }
    }

    fn retry_after(&self) -> Option<u64> {
        match self {
            WebError::TooManyRequests {
                retry_after_seconds,
                ..
            } => Some(*retry_after_seconds),
            _ => None,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { kind, id } => {
                WebError::NotFound(format!("{kind} `{id}` not found"))
            }
            StoreError::Conflict(message) => WebError::Conflict(message),
            error @ StoreError::FileTooLarge { .. } => WebError::PayloadTooLarge(error.to_string()),
            error @ StoreError::FileTypeNotAllowed { .. } => {
                WebError::UnsupportedMediaType(error.to_string())
            }
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(error: askama::Error) -> Self {
        WebError::Internal(format!("template rendering failed: {error}"))
    }
}

/// Facts about the request that an error response needs but `IntoResponse` does not
/// receive. [`session_cookie_rules`] sets them for each request.
#[derive(Debug, Clone, Default)]
struct RequestFacts {
    /// The request carries a session cookie, so an error page offers "Your account"
    /// instead of "Sign in".
    has_session_cookie: bool,
    /// The page to return to after signing in: the path and query of a GET for a page.
    return_to: Option<String>,
}

tokio::task_local! {
    static REQUEST_FACTS: RequestFacts;
}

/// Middleware that records [`RequestFacts`] for error responses, and gives responses to
/// requests with a session cookie `Cache-Control: no-store` unless they set their own,
/// so that private pages are not shown again from the cache after sign-out on a shared
/// computer. Reading the cookie is enough: an expired session's "Your account" link
/// leads to the sign-in form.
pub async fn session_cookie_rules(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let has_session_cookie =
        crate::auth::cookie_value(request.headers(), crate::auth::SESSION_COOKIE).is_some();
    let path = request.uri().path();
    let return_to = (request.method() == axum::http::Method::GET
        && !path.starts_with("/api/")
        && path != "/login")
        .then(|| {
            request
                .uri()
                .path_and_query()
                .map_or(path, |target| target.as_str())
                .to_owned()
        });
    let facts = RequestFacts {
        has_session_cookie,
        return_to,
    };
    let mut response = REQUEST_FACTS.scope(facts, next.run(request)).await;
    if has_session_cookie && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

fn request_facts() -> RequestFacts {
    REQUEST_FACTS.try_with(Clone::clone).unwrap_or_default()
}

/// The sign-in address, with the page to return to when there is one.
fn login_location() -> String {
    match request_facts().return_to.filter(|target| target != "/") {
        Some(target) => format!("/login?next={}", crate::forms::percent_encode(&target)),
        None => "/login".to_owned(),
    }
}

/// Responds to a path that no route matches with the error page, or with the JSON error
/// under `/api/`.
pub async fn no_route(uri: axum::http::Uri) -> Response {
    let error = WebError::NotFound(format!(
        "there is no page at `{}`: check the address, or start from the home page",
        uri.path()
    ));
    if uri.path().starts_with("/api/") {
        ApiError(error).into_response()
    } else {
        error.into_response()
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    page: crate::templates::PageContext,
    status: u16,
    title: &'a str,
    message: String,
    problems: &'a [String],
}

/// HTML pages render errors as a page; [`ApiError`] renders the same error as JSON.
impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        self.log();
        let status = self.status();
        if matches!(self, WebError::Unauthorized) {
            // The location holds only percent-encoded ASCII, so it is safe in HTML too.
            let location = login_location();
            let mut response = (status, Html(format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in</title>\
                 <meta http-equiv=\"refresh\" content=\"0; url={location}\"></head>\
                 <body><main><p>Sign in to continue: <a href=\"{location}\">sign in</a>.</p></main></body></html>",
            ))).into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            *response.status_mut() = StatusCode::SEE_OTHER;
            return response;
        }
        let mut context = crate::templates::PageContext::anonymous();
        context.session_cookie = request_facts().has_session_cookie;
        let page = ErrorPage {
            page: context,
            status: status.as_u16(),
            title: status.canonical_reason().unwrap_or("Error"),
            message: self.public_message(),
            problems: self.problems(),
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("<p>{}</p>", status.as_u16()));
        let mut response = (status, Html(body)).into_response();
        if let Some(seconds) = self.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The same errors as JSON: `{"error": {"code", "message", "problems"}}`.
#[derive(Debug)]
pub struct ApiError(pub WebError);

pub type ApiResult<T> = Result<T, ApiError>;

impl<E: Into<WebError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let error = self.0;
        error.log();
        let body = serde_json::json!({
            "error": {
                "code": error.code(),
                "message": error.public_message(),
                "problems": error.problems(),
            }
        });
        let mut response = (error.status(), axum::Json(body)).into_response();
        if let Some(seconds) = error.retry_after() {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}
