//! Read-only CASE 1.1 provider endpoints (`/ims/case/v1p1/...`). Packages are served as
//! stored at import, so every field of the original file is returned.

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::error::{ApiResult, WebError};
use crate::state::AppState;

pub async fn documents(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    let mut documents = Vec::new();
    for framework in state.store.frameworks().await? {
        let package = package_value(&state, &framework.id).await?;
        if let Some(document) = package.get("CFDocument") {
            documents.push(document.clone());
        }
    }
    Ok(Json(json!({ "CFDocuments": documents })))
}

pub async fn package(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(package_value(&state, &id).await?))
}

pub async fn item(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Value>> {
    let (framework_id, _) = state.store.framework_item(&id).await?;
    let package = package_value(&state, &framework_id).await?;
    package
        .get("CFItems")
        .and_then(Value::as_array)
        .and_then(|items| {
            items
                .iter()
                .find(|item| item.get("identifier").and_then(Value::as_str) == Some(id.as_str()))
        })
        .cloned()
        .map(Json)
        .ok_or_else(|| WebError::NotFound(format!("CFItem `{id}` not found")).into())
}

async fn package_value(state: &AppState, id: &str) -> Result<Value, WebError> {
    let text = state.store.framework_package_json(id).await?;
    serde_json::from_str(&text)
        .map_err(|error| WebError::Internal(format!("stored package {id} is not JSON: {error}")))
}
