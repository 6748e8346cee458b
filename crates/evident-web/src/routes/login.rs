use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{self, CurrentUser, LOGIN_CSRF_COOKIE};
use crate::error::WebResult;
use crate::forms::{Form, local_return_path};
use crate::state::AppState;
use crate::templates::PageContext;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageContext,
    login_csrf: String,
    email: String,
    error: Option<String>,
    /// The local page to return to after signing in, or empty.
    next: String,
}

/// Renders the sign-in form with a fresh double-submit token in a cookie and a field.
fn login_page(
    state: &AppState,
    email: &str,
    next: Option<&str>,
    error: Option<String>,
    status: StatusCode,
) -> WebResult<Response> {
    let token = auth::random_token();
    let secure = if state.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let page = LoginPage {
        page: PageContext::anonymous(),
        login_csrf: token.clone(),
        email: email.to_owned(),
        error,
        next: next
            .and_then(local_return_path)
            .unwrap_or_default()
            .to_owned(),
    };
    let mut response = (status, Html(page.render()?)).into_response();
    response.headers_mut().insert(
        SET_COOKIE,
        HeaderValue::from_str(&format!(
            "{LOGIN_CSRF_COOKIE}={token}; Path=/login; Max-Age=3600; HttpOnly; SameSite=Strict{secure}"
        ))
        .expect("cookie value is ASCII"),
    );
    Ok(response)
}

/// Query of the sign-in page: the page that sent the visitor here.
#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
}

pub async fn show_login(
    State(state): State<AppState>,
    Query(query): Query<LoginQuery>,
) -> WebResult<Response> {
    login_page(&state, "", query.next.as_deref(), None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    csrf_token: Option<String>,
    email: String,
    password: String,
    #[serde(default)]
    next: Option<String>,
}

pub async fn submit_login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> WebResult<Response> {
    auth::check_login_csrf(form.csrf_token.as_deref(), &headers)?;
    auth::check_login_throttle(&state, &form.email).await?;

    let credentials = state.store.user_credentials(&form.email).await?;
    let verified = match &credentials {
        Some((_, hash)) => auth::verify_password(&form.password, hash),
        None => {
            // Hash anyway so that an unknown address takes as long as a wrong password.
            let _ = auth::verify_password(&form.password, DUMMY_HASH);
            false
        }
    };
    let Some((user, _)) = credentials.filter(|_| verified) else {
        auth::record_login_failure(&state, &form.email, &peer.ip().to_string()).await?;
        tracing::info!(client.ip = %peer.ip(), "sign-in failed");
        return login_page(
            &state,
            &form.email,
            form.next.as_deref(),
            Some(
                "The e-mail address or password is not correct. Check both and try again."
                    .to_owned(),
            ),
            StatusCode::UNAUTHORIZED,
        );
    };

    state.store.clear_login_failures(&user.email).await?;
    let cookie = auth::start_session(&state, &user.id).await?;
    state
        .store
        .record_audit(Some(&user.id), "signed_in", "user", &user.id, "")
        .await?;
    tracing::info!(user.id = %user.id, "signed in");
    let target = form
        .next
        .as_deref()
        .and_then(local_return_path)
        .unwrap_or("/");
    Ok((cookie, Redirect::to(target)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: Option<String>,
}

pub async fn logout(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<CsrfOnly>,
) -> WebResult<Response> {
    auth::check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let cookie = auth::end_session(&state, &current).await?;
    tracing::info!(user.id = %current.user.id, "signed out");
    Ok((cookie, Redirect::to("/")).into_response())
}

/// An Argon2id hash of a random string, checked when the e-mail address is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0Jk2kP2m6yv0cQH7Xc6V0bYtN4w4qvRk2uZr8S1m4nE";
