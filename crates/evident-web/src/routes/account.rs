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

/// Checks a wallet DID before it is written into credentials as `credentialSubject.id`.
///
/// The DID must follow the DID Core syntax: `did:`, a method, `:` and a method-specific
/// id of letters, digits, `.`, `-`, `_`, `:` and `%XX` escapes. Verifiers that expand
/// JSON-LD treat anything else as an invalid IRI and then reject the signature. Only `did:key` (a multibase base58btc key, `z…`) and `did:web` are
/// accepted, the two methods wallets use for Open Badges.
pub fn check_did(did: &str) -> Result<(), String> {
    // A pasted paragraph is not repeated whole in the message.
    let shown: String = if did.chars().count() > 80 {
        format!("{}…", did.chars().take(60).collect::<String>())
    } else {
        did.to_owned()
    };
    let problem = |why: &str| {
        format!(
            "`{shown}` is not a DID Evident can use: {why}. Copy the DID from your wallet; it looks like did:key:z6Mk… or did:web:example.org"
        )
    };
    if did.len() > 2048 {
        return Err(problem("it is longer than 2048 characters"));
    }
    let Some(rest) = did.strip_prefix("did:") else {
        return Err(problem("it must start with did:"));
    };
    let Some((method, id)) = rest.split_once(':') else {
        return Err(problem("it has no method, such as key or web"));
    };
    if !matches!(method, "key" | "web") {
        return Err(problem("the method must be key or web"));
    }
    if id.is_empty() || id.ends_with(':') {
        return Err(problem("the part after the method is empty or ends with :"));
    }
    let bytes = id.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let escape = bytes.get(index + 1..index + 3);
                if !escape.is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
                    return Err(problem("a % must be followed by two hexadecimal digits"));
                }
                index += 3;
            }
            b if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':') => {
                index += 1;
            }
            _ => {
                return Err(problem(
                    "it may contain only letters, digits, '.', '-', '_', ':' and %XX escapes",
                ));
            }
        }
    }
    match method {
        "key" => {
            const BASE58BTC: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
            let key = id.strip_prefix('z').unwrap_or_default();
            if key.len() < 40 || !key.chars().all(|c| BASE58BTC.contains(c)) {
                return Err(problem(
                    "a did:key value is a base58btc key starting with z, such as z6Mk…",
                ));
            }
            if key.starts_with("6Mk") {
                evident_credentials::did::did_key_document(did).map_err(|error| {
                    problem(&format!("it is not a valid Ed25519 key ({error})"))
                })?;
            }
        }
        _ => {
            evident_credentials::did::did_web_document_url(did)
                .map_err(|error| problem(&error.to_string()))?;
            let host = id.split(':').next().unwrap_or_default();
            let host = host.replace("%3A", ":").replace("%3a", ":");
            if host.contains('%') || !host.contains('.') && !host.starts_with("localhost") {
                return Err(problem(
                    "a did:web value starts with a domain name, with a port written as %3A",
                ));
            }
        }
    }
    Ok(())
}

/// `POST /account/password`: changes the signed-in user's password after checking the
/// current one, and signs them out of every other browser.
pub async fn change_password(
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
    let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
    let did_value = current.user.did.clone().unwrap_or_default();
    let reject = |message: String| async {
        let user = current.user.clone();
        let page = render(
            &state,
            &current,
            user,
            did_value.clone(),
            Some(message),
            false,
        )
        .await?;
        Ok::<Response, crate::error::WebError>((StatusCode::BAD_REQUEST, page).into_response())
    };
    let stored = state.store.password_hash(&current.user.id).await?;
    if !crate::auth::verify_password(field("current_password"), &stored) {
        return reject(
            "the current password is not correct: type the password you signed in with".into(),
        )
        .await;
    }
    if field("new_password") != field("confirm_password") {
        return reject(
            "the new password and its confirmation differ: type the same new password twice".into(),
        )
        .await;
    }
    let hash = match crate::auth::hash_password(field("new_password")) {
        Ok(hash) => hash,
        Err(error) => return reject(error.to_string()).await,
    };
    state
        .store
        .set_password_hash(&current.user.id, &hash)
        .await?;
    let ended = crate::auth::end_other_sessions(&state, &current).await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "account.password.change",
            "user",
            &current.user.id,
            &format!("{ended} other sessions ended"),
        )
        .await?;
    tracing::info!(user.id = %current.user.id, other_sessions_ended = ended, "password changed");
    let message = "Password changed. You stay signed in here; other browsers were signed out.";
    let user = current.user.clone();
    let page = render(
        &state,
        &current,
        user,
        did_value,
        Some(message.to_owned()),
        true,
    )
    .await?;
    Ok(page.into_response())
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

#[cfg(test)]
mod tests {
    use super::check_did;

    #[test]
    fn wallet_dids_that_verifiers_accept_pass() {
        for did in [
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169",
            "did:web:example.org",
            "did:web:example.org%3A8443:users:ada",
            "did:web:localhost%3A8080",
        ] {
            assert_eq!(check_did(did), Ok(()), "{did}");
        }
    }

    #[test]
    fn malformed_dids_are_rejected_with_the_value() {
        for (did, reason) in [
            ("did:key:z6Mk<abc>", "only letters"),
            ("did:key:zINVALID", "base58btc"),
            (
                "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do",
                "Ed25519",
            ),
            ("did:web:a%ZZ", "two hexadecimal digits"),
            ("did:key:z\"x", "only letters"),
            ("did:jwk:eyJrdHkiOiJPS1AifQ", "key or web"),
            ("did:web:", "empty"),
            ("did:web:example.org:", "empty or ends with :"),
            ("my wallet", "must start with did:"),
            ("did:web:nodots", "domain name"),
        ] {
            let message = check_did(did).unwrap_err();
            assert!(message.contains(&format!("`{did}`")), "{message}");
            assert!(message.contains(reason), "{did}: {message}");
        }
    }
}
