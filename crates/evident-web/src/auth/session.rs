use axum::extract::{FromRef, FromRequestParts};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use evident_store::User;

use super::{cookie_value, random_token, token_digest};
use crate::access::Access;
use crate::error::WebError;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "evident_session";

/// A signed-in user with their roles. Extracting it from a request without a valid session
/// fails with [`WebError::Unauthorized`].
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user: User,
    pub access: Access,
    pub csrf_token: String,
    token_hash: String,
}

/// The signed-in user if there is one.
#[derive(Debug, Clone)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S> FromRequestParts<S> for MaybeUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(current) = parts.extensions.get::<CurrentUser>() {
            return Ok(MaybeUser(Some(current.clone())));
        }
        let state = AppState::from_ref(state);
        let Some(token) = cookie_value(&parts.headers, SESSION_COOKIE) else {
            return Ok(MaybeUser(None));
        };
        let token_hash = token_digest(&token);
        let Some(session) = state.store.session(&token_hash).await? else {
            return Ok(MaybeUser(None));
        };
        let user = state.store.user(&session.user_id).await?;
        let access = Access::load(&state.store, &user.id).await?;
        let current = CurrentUser {
            user,
            access,
            csrf_token: session.csrf_token,
            token_hash,
        };
        parts.extensions.insert(current.clone());
        Ok(MaybeUser(Some(current)))
    }
}

impl<S> FromRequestParts<S> for CurrentUser
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        MaybeUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(WebError::Unauthorized)
    }
}

/// Creates a session for `user_id` and returns the `Set-Cookie` header that carries it.
pub async fn start_session(state: &AppState, user_id: &str) -> Result<HeaderMap, WebError> {
    let token = random_token();
    let lifetime = state.config.session_lifetime.as_secs() as i64;
    let expires_at = evident_store::now_unix() + lifetime;
    state
        .store
        .create_session(&token_digest(&token), user_id, &random_token(), expires_at)
        .await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        session_cookie(&token, lifetime, state.config.secure_cookies()),
    );
    Ok(headers)
}

/// Deletes the session and returns the header that clears its cookie.
/// Signs the user out everywhere else: deletes their other sessions and returns how many.
pub async fn end_other_sessions(state: &AppState, current: &CurrentUser) -> Result<u64, WebError> {
    Ok(state
        .store
        .delete_other_sessions(&current.user.id, &current.token_hash)
        .await?)
}

pub async fn end_session(state: &AppState, current: &CurrentUser) -> Result<HeaderMap, WebError> {
    state.store.delete_session(&current.token_hash).await?;
    let mut headers = HeaderMap::new();
    headers.insert(
        SET_COOKIE,
        session_cookie("", 0, state.config.secure_cookies()),
    );
    Ok(headers)
}

fn session_cookie(token: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
    ))
    .expect("cookie value is ASCII")
}
