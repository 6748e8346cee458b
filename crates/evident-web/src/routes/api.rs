//! The JSON API under `/api/v1`, described by `/openapi.json`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{self, CurrentUser};
use crate::error::{ApiResult, WebError};
use crate::framework_import::{ImportOutcome, import_framework};
use crate::routes::frameworks::IMPORTERS;
use crate::routes::orgs::ADMINS;
use crate::state::AppState;

pub async fn me(current: CurrentUser) -> Json<Value> {
    let grants: Vec<Value> = current
        .access
        .grants()
        .iter()
        .map(|grant| json!({"role": grant.role.code(), "organization_id": grant.organization}))
        .collect();
    Json(json!({
        "id": current.user.id,
        "email": current.user.email,
        "display_name": current.user.display_name,
        "home_organization_id": current.user.home_org_id,
        "roles": grants,
    }))
}

pub async fn frameworks(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let frameworks = state.store.frameworks().await?;
    Ok(Json(json!({ "frameworks": frameworks })))
}

pub async fn framework(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let framework = state.store.framework(&id).await?;
    let items = state.store.framework_items(&id).await?;
    Ok(Json(json!({ "framework": framework, "items": items })))
}

#[derive(Debug, Deserialize)]
pub struct ImportQuery {
    org_id: Option<String>,
}

/// Imports a CFPackage sent as the JSON request body.
pub async fn import(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Query(query): Query<ImportQuery>,
    body: Bytes,
) -> ApiResult<(StatusCode, Json<ImportOutcome>)> {
    auth::check_csrf(&current, None, &headers)?;
    current.access.require_any(&IMPORTERS)?;
    if let Some(org_id) = &query.org_id {
        current.access.require_in(&IMPORTERS, org_id)?;
    }
    if body.len() > state.config.max_framework_bytes {
        return Err(WebError::PayloadTooLarge(format!(
            "the body is larger than the limit of {} bytes for a CASE package",
            state.config.max_framework_bytes
        ))
        .into());
    }
    let outcome = import_framework(
        &state.store,
        &body,
        query.org_id.as_deref(),
        Some(&current.user.id),
        Some(&current.access),
    )
    .await?;
    let status = if outcome.replaced {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(outcome)))
}

pub async fn organization(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let org = state.store.organization(&id).await?;
    current.access.require_in(&ADMINS, &org.id)?;
    let users = state.store.users_in_organization(&org.id).await?;
    Ok(Json(json!({ "organization": org, "users": users })))
}

pub async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        include_str!("../../openapi.json"),
    )
}
