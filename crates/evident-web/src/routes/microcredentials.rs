//! The public catalog of micro-credentials, each definition page with its rubric and pass
//! rule, and the JSON API issuer admins use to author and publish definitions. A published
//! version cannot be edited.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Html;
use evident_domain::{
    CatalogFilter, Error as DomainError, MicroCredentialDefinition, PublishedVersion, Role, publish,
};
use evident_store::{MicroCredentialRow, NewMicroCredential, NewVersion, VersionRow};
use serde::Deserialize;

use crate::auth::{CurrentUser, MaybeUser, check_csrf};
use crate::error::{ApiResult, WebError, WebResult};
use crate::forms::JsonBody;
use crate::state::AppState;
use crate::templates::PageContext;

/// Roles that may author and publish micro-credentials.
pub const AUTHORS: [Role; 2] = [Role::IssuerAdmin, Role::PlatformAdmin];

/// Maps a domain rule violation to the HTTP error that names it.
pub(crate) fn domain_error(error: DomainError) -> WebError {
    let message = error.to_string();
    match error {
        DomainError::InvalidDefinition { problems }
        | DomainError::IncompleteSubmission { problems }
        | DomainError::InvalidScores { problems } => WebError::Unprocessable {
            message,
            problems: problems.iter().map(ToString::to_string).collect(),
        },
        DomainError::OwnSubmission { .. }
        | DomainError::SameSchool { .. }
        | DomainError::RoleNotPermitted { .. } => WebError::Forbidden(message),
        DomainError::PublishedVersionImmutable { .. }
        | DomainError::SlugChanged { .. }
        | DomainError::UnchangedDraft { .. }
        | DomainError::InvalidTransition { .. }
        | DomainError::NotEditable { .. }
        | DomainError::VersionMismatch { .. } => WebError::Conflict(message),
        DomainError::MissingResubmissionNote { .. } => WebError::BadRequest(message),
        _ => WebError::Internal(message),
    }
}

/// Rebuilds a published version from its stored row, checking its content hash.
pub(crate) fn published_from_row(row: &VersionRow) -> WebResult<PublishedVersion> {
    let definition: MicroCredentialDefinition = serde_json::from_str(&row.definition_json)
        .map_err(|error| {
            WebError::Internal(format!(
                "stored definition {}@{} is invalid: {error}",
                row.slug, row.version
            ))
        })?;
    let version = u32::try_from(row.version).map_err(|_| {
        WebError::Internal(format!("stored version number {} is invalid", row.version))
    })?;
    PublishedVersion::from_parts(definition, version, row.content_hash.clone())
        .map_err(|error| WebError::Internal(error.to_string()))
}

/// Loads the latest published version of the micro-credential with `slug`.
pub(crate) async fn latest_published(
    state: &AppState,
    slug: &str,
) -> WebResult<(String, PublishedVersion)> {
    let row = state.store.microcredential_by_slug(slug).await?;
    let Some(latest) = row.latest_version else {
        return Err(WebError::NotFound(format!(
            "micro-credential `{slug}` has not been published yet"
        )));
    };
    let version = state.store.version(&row.id, latest).await?;
    Ok((row.id, published_from_row(&version)?))
}

/// Query string of the catalog: free text, framework and competency.
#[derive(Debug, Default, Deserialize)]
pub struct CatalogQuery {
    #[serde(default)]
    pub q: Option<String>,
    #[serde(default)]
    pub framework: Option<String>,
    #[serde(default)]
    pub competency: Option<String>,
}

/// One framework or competency offered as a catalog filter, as (value, label).
type FilterOption = (String, String);

struct CatalogEntry {
    slug: String,
    title: String,
    summary: String,
    competency: String,
    framework: String,
    version: u32,
}

#[derive(Template)]
#[template(path = "microcredentials.html")]
struct CatalogPage {
    page: PageContext,
    query: String,
    framework: String,
    competency: String,
    frameworks: Vec<FilterOption>,
    competencies: Vec<FilterOption>,
    entries: Vec<CatalogEntry>,
    total: usize,
}

async fn published_catalog(state: &AppState) -> WebResult<Vec<PublishedVersion>> {
    state
        .store
        .latest_versions()
        .await?
        .iter()
        .map(published_from_row)
        .collect()
}

fn filter_of(query: &CatalogQuery) -> CatalogFilter {
    CatalogFilter {
        query: query.q.clone(),
        framework: query.framework.clone(),
        competency: query.competency.clone(),
    }
}

/// `GET /microcredentials`: the public catalog with search and filters.
pub async fn catalog(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Query(query): Query<CatalogQuery>,
) -> WebResult<Html<String>> {
    let published = published_catalog(&state).await?;
    let mut frameworks: Vec<FilterOption> = Vec::new();
    let mut competencies: Vec<FilterOption> = Vec::new();
    for version in &published {
        let competency = &version.definition().competency;
        let framework_value = competency
            .framework_identifier
            .clone()
            .unwrap_or_else(|| competency.framework_title.clone());
        let framework = (framework_value, competency.framework_title.clone());
        if !frameworks.contains(&framework) {
            frameworks.push(framework);
        }
        let label = format!(
            "{} {}",
            competency.human_code,
            competency.name.as_deref().unwrap_or(&competency.statement)
        );
        let option = (competency.identifier.clone(), label);
        if !competencies.contains(&option) {
            competencies.push(option);
        }
    }
    competencies.sort_by(|a, b| a.1.cmp(&b.1));

    let filter = filter_of(&query);
    let entries = published
        .iter()
        .filter(|version| filter.matches(version.definition()))
        .map(|version| {
            let definition = version.definition();
            CatalogEntry {
                slug: definition.slug.clone(),
                title: definition.title.clone(),
                summary: definition.summary.clone(),
                competency: format!(
                    "{} {}",
                    definition.competency.human_code,
                    definition
                        .competency
                        .name
                        .as_deref()
                        .unwrap_or(&definition.competency.statement)
                ),
                framework: definition.competency.framework_title.clone(),
                version: version.version(),
            }
        })
        .collect();
    let page = CatalogPage {
        page: PageContext::for_user(current.as_ref()),
        query: query.q.unwrap_or_default(),
        framework: query.framework.unwrap_or_default(),
        competency: query.competency.unwrap_or_default(),
        frameworks,
        competencies,
        entries,
        total: published.len(),
    };
    Ok(Html(page.render()?))
}

/// One rubric row for display: the criterion and its descriptor at each level.
struct RubricRow {
    title: String,
    description: String,
    optional: bool,
    descriptors: Vec<String>,
}

/// One part of the submission requirements for display.
pub(crate) struct PartView {
    pub id: String,
    pub section: &'static str,
    pub title: String,
    pub detail: String,
    pub required: bool,
}

/// Lists the parts of the submission requirements in the order an educator answers them.
pub(crate) fn part_views(definition: &MicroCredentialDefinition) -> Vec<PartView> {
    let requirements = &definition.requirements;
    let mut parts = Vec::new();
    for prompt in &requirements.overview {
        parts.push(PartView {
            id: prompt.id.clone(),
            section: "Overview",
            title: prompt.prompt.clone(),
            detail: format!("Up to {} words.", prompt.word_limit),
            required: prompt.required,
        });
    }
    for artifact in &requirements.artifacts {
        let detail = match &artifact.kind {
            evident_domain::ArtifactKind::File {
                allowed_media_types,
                max_bytes,
            } => {
                let count = if artifact.max_items == 1 {
                    "one file".to_owned()
                } else {
                    format!("up to {} files", artifact.max_items)
                };
                format!(
                    "{} Upload {count}: {}, up to {} each.",
                    artifact.description,
                    evident_domain::media_types::media_type_names(allowed_media_types),
                    evident_domain::media_types::format_size(*max_bytes)
                )
            }
            evident_domain::ArtifactKind::Link => format!(
                "{} Give up to {} http or https link(s).",
                artifact.description, artifact.max_items
            ),
            evident_domain::ArtifactKind::Text { word_limit } => {
                format!("{} Up to {word_limit} words.", artifact.description)
            }
        };
        parts.push(PartView {
            id: artifact.id.clone(),
            section: "Artifact",
            title: artifact.title.clone(),
            detail,
            required: artifact.required,
        });
    }
    for prompt in &requirements.reflection {
        parts.push(PartView {
            id: prompt.id.clone(),
            section: "Reflection",
            title: prompt.prompt.clone(),
            detail: format!("Up to {} words.", prompt.word_limit),
            required: prompt.required,
        });
    }
    parts
}

#[derive(Template)]
#[template(path = "microcredential.html")]
struct DefinitionPage {
    page: PageContext,
    definition: MicroCredentialDefinition,
    version: u32,
    content_hash: String,
    levels: Vec<String>,
    rubric: Vec<RubricRow>,
    pass_rule: String,
    parts: Vec<PartView>,
    can_start: bool,
    preview: bool,
}

/// Renders the public page of `definition`. A preview shows a draft to its authors under
/// the version number it will get when published.
pub(crate) fn render_definition(
    page: PageContext,
    definition: MicroCredentialDefinition,
    version: u32,
    content_hash: String,
    can_start: bool,
    preview: bool,
) -> WebResult<Html<String>> {
    let levels = definition
        .rubric
        .levels
        .iter()
        .map(|level| level.title.clone())
        .collect();
    let rubric = definition
        .rubric
        .criteria
        .iter()
        .map(|criterion| RubricRow {
            title: criterion.title.clone(),
            description: criterion.description.clone(),
            optional: criterion.optional,
            descriptors: definition
                .rubric
                .levels
                .iter()
                .map(|level| {
                    criterion
                        .descriptors
                        .iter()
                        .find(|descriptor| descriptor.level_id == level.id)
                        .map(|descriptor| descriptor.text.clone())
                        .unwrap_or_default()
                })
                .collect(),
        })
        .collect();
    let page = DefinitionPage {
        page,
        pass_rule: definition.pass_rule.describe(&definition.rubric),
        parts: part_views(&definition),
        version,
        content_hash,
        levels,
        rubric,
        can_start,
        preview,
        definition,
    };
    Ok(Html(page.render()?))
}

/// Query string of a micro-credential page: an earlier published version to show.
#[derive(Debug, Default, Deserialize)]
pub struct VersionQuery {
    #[serde(default)]
    pub version: Option<String>,
}

/// `GET /microcredentials/{slug}`: the latest published version, with its public rubric,
/// or the version named by `?version=N` (credentials link to the version they certify).
pub async fn show(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(slug): Path<String>,
    Query(query): Query<VersionQuery>,
) -> WebResult<Html<String>> {
    let (id, latest) = latest_published(&state, &slug).await?;
    let published = match query.version.as_deref().map(str::trim) {
        None | Some("") => latest,
        Some(text) => {
            let number: i64 = text
                .parse()
                .ok()
                .filter(|number| (1..=i64::from(latest.version())).contains(number))
                .ok_or_else(|| {
                    WebError::NotFound(format!(
                        "micro-credential `{slug}` has no version `{text}`: versions 1 to {} are published",
                        latest.version()
                    ))
                })?;
            published_from_row(&state.store.version(&id, number).await?)?
        }
    };
    let can_start = current
        .as_ref()
        .is_some_and(|current| current.access.holds_anywhere(Role::Educator));
    render_definition(
        PageContext::for_user(current.as_ref()),
        published.definition().clone(),
        published.version(),
        published.content_hash().to_owned(),
        can_start,
        false,
    )
}

/// `GET /api/v1/microcredentials`: the published catalog as JSON, with the same filters.
pub async fn api_catalog(
    State(state): State<AppState>,
    Query(query): Query<CatalogQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let published = published_catalog(&state).await?;
    let filter = filter_of(&query);
    let items: Vec<_> = published
        .iter()
        .filter(|version| filter.matches(version.definition()))
        .map(|version| {
            serde_json::json!({
                "slug": version.definition().slug,
                "title": version.definition().title,
                "version": version.version(),
                "content_hash": version.content_hash(),
                "competency": version.definition().competency,
            })
        })
        .collect();
    Ok(Json(serde_json::json!({ "microcredentials": items })))
}

/// `GET /api/v1/microcredentials/{slug}`: the latest published version as JSON.
pub async fn api_show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> ApiResult<Json<PublishedVersion>> {
    let (_, published) = latest_published(&state, &slug).await?;
    Ok(Json(published))
}

/// Body of `POST /api/v1/microcredentials`.
#[derive(Debug, Deserialize)]
pub struct CreateRequest {
    /// The issuing organization; the author needs an author role there.
    pub org_id: String,
    pub definition: MicroCredentialDefinition,
}

/// Requires an author role in the micro-credential's issuing organization, or the platform
/// admin role for one without an organization.
pub(crate) fn require_author(current: &CurrentUser, org_id: Option<&str>) -> WebResult<()> {
    match org_id {
        Some(org) => current.access.require_in(&AUTHORS, org),
        None => current.access.require_any(&[Role::PlatformAdmin]),
    }
}

/// Creates a micro-credential owned by `org_id` with `definition` as its first draft, after
/// checking that the user may author there and that the draft validates.
pub(crate) async fn create_draft(
    state: &AppState,
    current: &CurrentUser,
    org_id: &str,
    definition: &MicroCredentialDefinition,
) -> WebResult<MicroCredentialRow> {
    require_author(current, Some(org_id))?;
    definition.validate().map_err(domain_error)?;
    let draft_json =
        serde_json::to_string(definition).map_err(|error| WebError::Internal(error.to_string()))?;
    let row = state
        .store
        .create_microcredential(&NewMicroCredential {
            slug: definition.slug.clone(),
            org_id: Some(org_id.to_owned()),
            draft_json,
            created_by: Some(current.user.id.clone()),
        })
        .await?;
    tracing::info!(slug = %row.slug, user = %current.user.id, "micro-credential created");
    Ok(row)
}

/// `POST /api/v1/microcredentials`: creates a micro-credential with its first draft.
///
/// The draft is validated so that mistakes surface while authoring, not at publication.
pub async fn api_create(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    JsonBody(request): JsonBody<CreateRequest>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    check_csrf(&current, None, &headers)?;
    let row = create_draft(&state, &current, &request.org_id, &request.definition).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({ "id": row.id, "slug": row.slug })),
    ))
}

/// `PUT /api/v1/microcredentials/{slug}/draft`: replaces the draft of the next version.
pub async fn api_update_draft(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    JsonBody(definition): JsonBody<MicroCredentialDefinition>,
) -> ApiResult<Json<serde_json::Value>> {
    check_csrf(&current, None, &headers)?;
    let row = state.store.microcredential_by_slug(&slug).await?;
    require_author(&current, row.org_id.as_deref())?;
    if definition.slug != slug {
        return Err(WebError::BadRequest(format!(
            "the draft's slug `{}` differs from `{slug}`: a micro-credential keeps its slug",
            definition.slug
        ))
        .into());
    }
    definition.validate().map_err(domain_error)?;
    let draft_json = serde_json::to_string(&definition)
        .map_err(|error| WebError::Internal(error.to_string()))?;
    state.store.update_draft(&row.id, &draft_json).await?;
    Ok(Json(serde_json::json!({ "slug": slug, "saved": true })))
}

/// Loads the stored draft of `row`.
pub(crate) fn draft_of(row: &MicroCredentialRow) -> WebResult<MicroCredentialDefinition> {
    serde_json::from_str(&row.draft_json)
        .map_err(|error| WebError::Internal(format!("stored draft of `{}`: {error}", row.slug)))
}

/// Loads the latest published version of `row`, if it has one.
pub(crate) async fn latest_of(
    state: &AppState,
    row: &MicroCredentialRow,
) -> WebResult<Option<PublishedVersion>> {
    match row.latest_version {
        Some(version) => Ok(Some(published_from_row(
            &state.store.version(&row.id, version).await?,
        )?)),
        None => Ok(None),
    }
}

/// Freezes the draft of `row` as its next version, after checking that the user may author
/// it and that the draft validates.
pub(crate) async fn publish_draft(
    state: &AppState,
    current: &CurrentUser,
    row: &MicroCredentialRow,
) -> WebResult<VersionRow> {
    require_author(current, row.org_id.as_deref())?;
    let draft = draft_of(row)?;
    let previous = latest_of(state, row).await?;
    let published = publish(draft, previous.as_ref()).map_err(domain_error)?;
    let definition = published.definition();
    let stored = state
        .store
        .publish_version(&NewVersion {
            microcredential_id: row.id.clone(),
            version: i64::from(published.version()),
            title: definition.title.clone(),
            framework_id: definition.competency.framework_identifier.clone(),
            competency_identifier: definition.competency.identifier.clone(),
            definition_json: serde_json::to_string(definition)
                .map_err(|error| WebError::Internal(error.to_string()))?,
            content_hash: published.content_hash().to_owned(),
            published_by: Some(current.user.id.clone()),
        })
        .await?;
    tracing::info!(slug = %row.slug, version = stored.version, user = %current.user.id, "micro-credential published");
    Ok(stored)
}

/// `POST /api/v1/microcredentials/{slug}/publish`: freezes the draft as the next version.
pub async fn api_publish(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> ApiResult<(StatusCode, Json<serde_json::Value>)> {
    check_csrf(&current, None, &headers)?;
    let row = state.store.microcredential_by_slug(&slug).await?;
    let stored = publish_draft(&state, &current, &row).await?;
    Ok((
        StatusCode::CREATED,
        Json(serde_json::json!({
            "slug": slug,
            "version": stored.version,
            "content_hash": stored.content_hash,
        })),
    ))
}

/// `PUT /api/v1/microcredentials/{slug}/versions/{version}`: an edit of a published
/// version. Resending the identical content succeeds, so a retried request is harmless.
/// Any change is rejected with 409, because submissions are scored against the version
/// they were started under. Edit the draft and publish a new version instead.
pub async fn api_edit_version(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((slug, version)): Path<(String, i64)>,
    JsonBody(definition): JsonBody<MicroCredentialDefinition>,
) -> ApiResult<Json<serde_json::Value>> {
    check_csrf(&current, None, &headers)?;
    let row = state.store.microcredential_by_slug(&slug).await?;
    require_author(&current, row.org_id.as_deref())?;
    let published = published_from_row(&state.store.version(&row.id, version).await?)?;
    published.check_edit(&definition).map_err(domain_error)?;
    Ok(Json(serde_json::json!({
        "slug": slug,
        "version": version,
        "changed": false,
    })))
}

/// Body of `PUT /api/v1/microcredentials/{slug}/draft/rubric`.
#[derive(Debug, Deserialize)]
pub struct RubricImportRequest {
    /// The CFDocument identifier of an imported framework that contains the CFRubric.
    pub framework_id: String,
    /// The CFRubric's identifier; the framework's first CFRubric when absent.
    #[serde(default)]
    pub rubric_identifier: Option<String>,
    /// A pass rule in terms of the imported levels. The draft's rule is kept when absent.
    #[serde(default)]
    pub pass_rule: Option<evident_domain::PassRule>,
}

fn text_of(value: &serde_json::Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}

/// Maps a CFRubric of a stored CASE package onto the domain's plain input types, looking up
/// each criterion's CFItem for its human code.
pub(crate) fn case_rubric_input(
    package: &serde_json::Value,
    rubric: &serde_json::Value,
) -> evident_domain::CaseRubricInput {
    let empty = Vec::new();
    let items = package["CFItems"].as_array().unwrap_or(&empty);
    let criteria = rubric["CFRubricCriteria"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|criterion| {
            let item = criterion.get("CFItemURI").map(|link| {
                let human_code = items
                    .iter()
                    .find(|item| item["identifier"] == link["identifier"])
                    .and_then(|item| text_of(item, "humanCodingScheme"));
                evident_domain::CaseItemRef {
                    identifier: text_of(link, "identifier").unwrap_or_default(),
                    uri: text_of(link, "uri").unwrap_or_default(),
                    human_code,
                }
            });
            let levels = criterion["CFRubricCriterionLevels"]
                .as_array()
                .unwrap_or(&empty)
                .iter()
                .map(|level| evident_domain::CaseLevelInput {
                    identifier: text_of(level, "identifier").unwrap_or_default(),
                    quality: text_of(level, "quality"),
                    score: level.get("score").and_then(serde_json::Value::as_f64),
                    description: text_of(level, "description"),
                    position: level.get("position").and_then(serde_json::Value::as_i64),
                })
                .collect();
            evident_domain::CaseCriterionInput {
                identifier: text_of(criterion, "identifier").unwrap_or_default(),
                category: text_of(criterion, "category"),
                description: text_of(criterion, "description"),
                position: criterion
                    .get("position")
                    .and_then(serde_json::Value::as_i64),
                weight: criterion.get("weight").and_then(serde_json::Value::as_f64),
                item,
                levels,
            }
        })
        .collect();
    evident_domain::CaseRubricInput {
        identifier: text_of(rubric, "identifier").unwrap_or_default(),
        title: text_of(rubric, "title").unwrap_or_default(),
        description: text_of(rubric, "description"),
        criteria,
    }
}

/// `PUT /api/v1/microcredentials/{slug}/draft/rubric`: replaces the draft's rubric with a
/// CFRubric of an imported CASE framework, and its pass rule when one is given. The draft is
/// saved only when it still validates, because a pass rule may name a level the imported
/// rubric does not have.
pub async fn api_import_rubric(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    JsonBody(request): JsonBody<RubricImportRequest>,
) -> ApiResult<Json<serde_json::Value>> {
    check_csrf(&current, None, &headers)?;
    let row = state.store.microcredential_by_slug(&slug).await?;
    require_author(&current, row.org_id.as_deref())?;
    let package: serde_json::Value = serde_json::from_str(
        &state
            .store
            .framework_package_json(&request.framework_id)
            .await?,
    )
    .map_err(|error| WebError::Internal(format!("stored CASE package: {error}")))?;
    let empty = Vec::new();
    let rubrics = package["CFRubrics"].as_array().unwrap_or(&empty);
    let rubric = match &request.rubric_identifier {
        Some(identifier) => rubrics
            .iter()
            .find(|rubric| rubric["identifier"].as_str() == Some(identifier)),
        None => rubrics.first(),
    }
    .ok_or_else(|| {
        WebError::NotFound(format!(
            "framework `{}` has no CFRubric{}: import a CASE package with CFRubrics",
            request.framework_id,
            request
                .rubric_identifier
                .as_ref()
                .map(|identifier| format!(" `{identifier}`"))
                .unwrap_or_default()
        ))
    })?;
    let rubric = evident_domain::rubric_from_case(&case_rubric_input(&package, rubric)).map_err(
        |error| WebError::Unprocessable {
            message: error.to_string(),
            problems: Vec::new(),
        },
    )?;

    let mut draft: MicroCredentialDefinition = serde_json::from_str(&row.draft_json)
        .map_err(|error| WebError::Internal(format!("stored draft of `{slug}`: {error}")))?;
    draft.rubric = rubric;
    if let Some(pass_rule) = request.pass_rule {
        draft.pass_rule = pass_rule;
    }
    draft.validate().map_err(domain_error)?;
    let draft_json =
        serde_json::to_string(&draft).map_err(|error| WebError::Internal(error.to_string()))?;
    state.store.update_draft(&row.id, &draft_json).await?;
    tracing::info!(%slug, framework = %request.framework_id, user = %current.user.id, "rubric imported into draft");
    Ok(Json(serde_json::json!({
        "slug": slug,
        "criteria": draft.rubric.criteria.len(),
        "levels": draft.rubric.levels.iter().map(|level| &level.id).collect::<Vec<_>>(),
        "pass_rule": draft.pass_rule.describe(&draft.rubric),
    })))
}
