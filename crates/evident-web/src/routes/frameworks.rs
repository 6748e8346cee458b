use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::Html;
use evident_domain::accounts::Role;
use evident_store::{FrameworkItemRow, FrameworkRow};

use crate::auth::{self, CurrentUser, MaybeUser};
use crate::error::{WebError, WebResult};
use crate::framework_import::{ImportOutcome, import_framework};
use crate::state::AppState;
use crate::templates::PageContext;

/// Roles that may import frameworks.
pub const IMPORTERS: [Role; 2] = [Role::IssuerAdmin, Role::PlatformAdmin];

#[derive(Template)]
#[template(path = "frameworks.html")]
struct FrameworksPage {
    page: PageContext,
    frameworks: Vec<FrameworkRow>,
}

pub async fn list(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
) -> WebResult<Html<String>> {
    let page = FrameworksPage {
        page: PageContext::for_user(current.as_ref()),
        frameworks: state.store.frameworks().await?,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "framework.html")]
struct FrameworkPage {
    page: PageContext,
    framework: FrameworkRow,
    nodes: Vec<FrameworkItemRow>,
}

pub async fn show(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(id): Path<String>,
) -> WebResult<Html<String>> {
    let framework = state.store.framework(&id).await?;
    let page = FrameworkPage {
        page: PageContext::for_user(current.as_ref()),
        nodes: state.store.framework_items(&id).await?,
        framework,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    page: PageContext,
    max_mebibytes: usize,
    organizations: Vec<(String, String)>,
}

/// Organizations where the user may import, as (id, name).
async fn import_organizations(
    state: &AppState,
    current: &CurrentUser,
) -> WebResult<Vec<(String, String)>> {
    Ok(state
        .store
        .organizations()
        .await?
        .into_iter()
        .filter(|org| {
            IMPORTERS
                .iter()
                .any(|role| current.access.holds(*role, &org.id))
        })
        .map(|org| (org.id, org.name))
        .collect())
}

pub async fn import_form(
    State(state): State<AppState>,
    current: CurrentUser,
) -> WebResult<Html<String>> {
    current.access.require_any(&IMPORTERS)?;
    let page = ImportPage {
        page: PageContext::for_user(Some(&current)),
        max_mebibytes: state.config.max_framework_bytes / (1024 * 1024),
        organizations: import_organizations(&state, &current).await?,
    };
    Ok(Html(page.render()?))
}

#[derive(Template)]
#[template(path = "imported.html")]
struct ImportedPage {
    page: PageContext,
    outcome: ImportOutcome,
}

pub async fn import_upload(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> WebResult<Html<String>> {
    current.access.require_any(&IMPORTERS)?;
    let mut csrf_token = None;
    let mut org_id = None;
    let mut package = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| multipart_error(&state, error))?
    {
        match field.name() {
            Some("csrf_token") => {
                csrf_token = Some(
                    field
                        .text()
                        .await
                        .map_err(|error| multipart_error(&state, error))?,
                )
            }
            Some("org_id") => {
                org_id = Some(
                    field
                        .text()
                        .await
                        .map_err(|error| multipart_error(&state, error))?,
                )
            }
            Some("package") => {
                // The CSRF field comes first in the form, so a forged request stops here
                // before its file is read.
                auth::check_csrf(&current, csrf_token.as_deref(), &headers)?;
                let file_name = field.file_name().unwrap_or("").to_owned();
                let content_type = field.content_type().unwrap_or("").to_owned();
                check_package_type(&file_name, &content_type)?;
                package = Some(
                    field
                        .bytes()
                        .await
                        .map_err(|error| multipart_error(&state, error))?,
                );
            }
            _ => {}
        }
    }
    auth::check_csrf(&current, csrf_token.as_deref(), &headers)?;
    let package = package.ok_or_else(|| {
        WebError::BadRequest(
            "no file was uploaded: choose a CFPackage JSON file in the `package` field".to_owned(),
        )
    })?;
    if package.len() > state.config.max_framework_bytes {
        return Err(too_large(&state));
    }
    let org_id = match org_id.filter(|id| !id.is_empty()) {
        Some(org_id) => {
            current.access.require_in(&IMPORTERS, &org_id)?;
            Some(org_id)
        }
        None => None,
    };
    let outcome = import_framework(
        &state.store,
        &package,
        org_id.as_deref(),
        Some(&current.user.id),
        Some(&current.access),
    )
    .await?;
    let page = ImportedPage {
        page: PageContext::for_user(Some(&current)),
        outcome,
    };
    Ok(Html(page.render()?))
}

/// Accepts JSON by declared type or by a `.json` name; browsers send either.
fn check_package_type(file_name: &str, content_type: &str) -> WebResult<()> {
    let json_type = content_type.is_empty()
        || content_type.starts_with("application/json")
        || content_type.starts_with("application/ld+json")
        || content_type == "application/octet-stream";
    let json_name = file_name.is_empty() || file_name.to_lowercase().ends_with(".json");
    if json_type && json_name {
        Ok(())
    } else {
        Err(WebError::UnsupportedMediaType(format!(
            "`{file_name}` ({content_type}) is not a CASE package: upload a CFPackage as a .json file"
        )))
    }
}

fn too_large(state: &AppState) -> WebError {
    WebError::PayloadTooLarge(format!(
        "the file is larger than the limit of {} MiB for a CASE package: split the framework or ask an administrator to raise the limit",
        state.config.max_framework_bytes / (1024 * 1024)
    ))
}

fn multipart_error(state: &AppState, error: axum::extract::multipart::MultipartError) -> WebError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        too_large(state)
    } else {
        WebError::BadRequest(format!(
            "the upload could not be read: {}",
            error.body_text()
        ))
    }
}
