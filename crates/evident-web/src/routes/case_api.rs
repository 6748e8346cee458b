//! Read-only CASE 1.1 provider endpoints (`/ims/case/v1p1/...`). Packages are served as
//! stored at import, so every field of the original file is returned. Errors use the
//! CASE `imsx_StatusInfo` body rather than the JSON API's error shape, because CASE
//! consumers read that.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::WebError;
use crate::state::AppState;

/// A failure sent as a CASE `imsx_StatusInfo` body with the matching HTTP status.
pub struct CaseError(WebError);

impl<E: Into<WebError>> From<E> for CaseError {
    fn from(error: E) -> Self {
        CaseError(error.into())
    }
}

impl IntoResponse for CaseError {
    fn into_response(self) -> Response {
        let error = self.0;
        if let WebError::Internal(detail) = &error {
            tracing::error!(error = %detail, "CASE request failed");
        }
        // The imsx_codeMinor values of the CASE 1.1 REST binding.
        let code_minor = match &error {
            WebError::NotFound(_) => "unknownobject",
            WebError::Forbidden(_) | WebError::Csrf(_) => "forbidden",
            WebError::Unauthorized => "unauthorisedrequest",
            WebError::BadRequest(_) => "invalid_data",
            _ => "internal_server_error",
        };
        let body = json!({
            "imsx_codeMajor": "failure",
            "imsx_severity": "error",
            "imsx_description": error.public_message(),
            "imsx_codeMinor": {
                "imsx_codeMinorField": [{
                    "imsx_codeMinorFieldName": "sourcedId",
                    "imsx_codeMinorFieldValue": code_minor,
                }]
            }
        });
        (error.status(), Json(body)).into_response()
    }
}

type CaseResult<T> = Result<T, CaseError>;

/// `GET /ims/case/v1p1/CFDocuments`: the CFDocument of every imported framework.
pub async fn documents(State(state): State<AppState>) -> CaseResult<Json<Value>> {
    let mut documents = Vec::new();
    for (_, package) in packages(&state).await? {
        if let Some(document) = package.get("CFDocument") {
            documents.push(document.clone());
        }
    }
    Ok(Json(json!({ "CFDocuments": documents })))
}

/// `GET /ims/case/v1p1/CFDocuments/{sourcedId}`: one CFDocument.
pub async fn document(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    for (_, package) in packages(&state).await? {
        let document = &package["CFDocument"];
        if document["identifier"].as_str() == Some(id.as_str()) {
            return Ok(Json(document.clone()));
        }
    }
    Err(not_found("CFDocument", &id))
}

/// `GET /ims/case/v1p1/CFPackages/{sourcedId}`: a whole framework as imported.
pub async fn package(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    match state.store.framework_package_json(&id).await {
        Ok(text) => Ok(Json(parse_package(&id, &text)?)),
        Err(evident_store::StoreError::NotFound { .. }) => Err(not_found("CFPackage", &id)),
        Err(error) => Err(error.into()),
    }
}

/// `GET /ims/case/v1p1/CFItems/{sourcedId}`: one CFItem.
pub async fn item(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    let (_, item, _) = item_with_package(&state, &id).await?;
    Ok(Json(item))
}

/// `GET /ims/case/v1p1/CFItemAssociations/{sourcedId}`: a CFItem with every association
/// that starts or ends at it.
pub async fn item_associations(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    let (_, item, package) = item_with_package(&state, &id).await?;
    let touches = |association: &&Value| {
        ["originNodeURI", "destinationNodeURI"]
            .iter()
            .any(|end| association[end]["identifier"].as_str() == Some(id.as_str()))
    };
    let associations: Vec<Value> = package["CFAssociations"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(touches)
        .cloned()
        .collect();
    Ok(Json(
        json!({ "CFItem": item, "CFAssociations": associations }),
    ))
}

/// `GET /ims/case/v1p1/CFAssociations/{sourcedId}`: one CFAssociation.
pub async fn association(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    find_in_packages(&state, "CFAssociations", "CFAssociation", &id).await
}

/// `GET /ims/case/v1p1/CFRubrics/{sourcedId}`: one CFRubric with its criteria and levels.
pub async fn rubric(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> CaseResult<Json<Value>> {
    find_in_packages(&state, "CFRubrics", "CFRubric", &id).await
}

fn not_found(kind: &str, id: &str) -> CaseError {
    CaseError(WebError::NotFound(format!(
        "{kind} `{id}` not found: list the frameworks at /ims/case/v1p1/CFDocuments"
    )))
}

fn parse_package(id: &str, text: &str) -> Result<Value, WebError> {
    serde_json::from_str(text)
        .map_err(|error| WebError::Internal(format!("stored package {id} is not JSON: {error}")))
}

/// Returns every imported package, as (framework id, package).
async fn packages(state: &AppState) -> Result<Vec<(String, Value)>, WebError> {
    let mut packages = Vec::new();
    for framework in state.store.frameworks().await? {
        let text = state.store.framework_package_json(&framework.id).await?;
        packages.push((framework.id.clone(), parse_package(&framework.id, &text)?));
    }
    Ok(packages)
}

/// Returns the CFItem with `id`, with its framework id and the package it belongs to.
async fn item_with_package(state: &AppState, id: &str) -> CaseResult<(String, Value, Value)> {
    let framework_id = match state.store.framework_item(id).await {
        Ok((framework_id, _)) => framework_id,
        Err(evident_store::StoreError::NotFound { .. }) => return Err(not_found("CFItem", id)),
        Err(error) => return Err(error.into()),
    };
    let text = state.store.framework_package_json(&framework_id).await?;
    let package = parse_package(&framework_id, &text)?;
    let item = package["CFItems"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["identifier"] == id))
        .cloned()
        .ok_or_else(|| not_found("CFItem", id))?;
    Ok((framework_id, item, package))
}

/// Finds the entry of `list` (such as `CFRubrics`) with `identifier` in any package.
async fn find_in_packages(
    state: &AppState,
    list: &str,
    kind: &str,
    id: &str,
) -> CaseResult<Json<Value>> {
    for (_, package) in packages(state).await? {
        if let Some(found) = package[list]
            .as_array()
            .and_then(|entries| entries.iter().find(|entry| entry["identifier"] == id))
        {
            return Ok(Json(found.clone()));
        }
    }
    Err(not_found(kind, id))
}
