use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use evident_store::User;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::WebResult;
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::PageContext;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageContext,
    user: User,
    roles: Vec<(String, String)>,
    did_value: String,
    message: Option<String>,
    saved: bool,
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    user: User,
    did_value: String,
    message: Option<String>,
    saved: bool,
) -> WebResult<Html<String>> {
    let mut roles = Vec::new();
    for grant in current.access.grants() {
        let org = state.store.organization(&grant.organization).await?;
        roles.push((grant.role.label().to_owned(), org.name));
    }
    let page = AccountPage {
        page: PageContext::for_user(Some(current)),
        user,
        roles,
        did_value,
        message,
        saved,
    };
    Ok(Html(page.render()?))
}

pub async fn account(
    State(state): State<AppState>,
    current: CurrentUser,
) -> WebResult<Html<String>> {
    let did = current.user.did.clone().unwrap_or_default();
    render(&state, &current, current.user.clone(), did, None, false).await
}

/// Checks the form of a DID: `did:METHOD:ID` with a lowercase method and no spaces.
/// The methods whose keys verifiers resolve without a registry are accepted.
pub fn check_did(did: &str) -> Result<(), String> {
    let problem = |why: &str| {
        format!(
            "`{did}` is not a DID Evident can use: {why}. Copy the DID from your wallet; it looks like did:key:z6Mk…"
        )
    };
    if did.len() > 2048 {
        return Err(problem("it is longer than 2048 characters"));
    }
    if did.chars().any(char::is_whitespace) {
        return Err(problem("it contains spaces"));
    }
    let mut parts = did.splitn(3, ':');
    if parts.next() != Some("did") {
        return Err(problem("it must start with did:"));
    }
    let method = parts.next().unwrap_or_default();
    let id = parts.next().unwrap_or_default();
    if !matches!(method, "key" | "web" | "jwk") {
        return Err(problem("the method must be key, web or jwk"));
    }
    if id.is_empty() {
        return Err(problem("the part after the method is empty"));
    }
    Ok(())
}

/// `POST /account/did`: records or removes the wallet DID named in new credentials.
pub async fn save_did(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Form(fields): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    check_csrf(
        &current,
        fields.get("csrf_token").map(String::as_str),
        &headers,
    )?;
    let did = fields.get("did").map(|did| did.trim()).unwrap_or_default();
    if !did.is_empty()
        && let Err(message) = check_did(did)
    {
        let user = current.user.clone();
        let page = render(&state, &current, user, did.to_owned(), Some(message), false).await?;
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    }
    let stored = (!did.is_empty()).then_some(did);
    state.store.set_user_did(&current.user.id, stored).await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            if stored.is_some() {
                "account.did.set"
            } else {
                "account.did.remove"
            },
            "user",
            &current.user.id,
            "",
        )
        .await?;
    let user = state.store.user(&current.user.id).await?;
    let message = if stored.is_some() {
        "Saved. Credentials issued from now on name this DID."
    } else {
        "Removed. New credentials name only your e-mail hash."
    };
    let page = render(
        &state,
        &current,
        user,
        did.to_owned(),
        Some(message.to_owned()),
        true,
    )
    .await?;
    Ok(page.into_response())
}
