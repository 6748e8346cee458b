//! Authoring pages for issuer admins. They list the micro-credentials an admin may edit and
//! offer a draft editor with every field of a definition and rubric import from a CASE
//! CFRubric file. They also preview the public page, publish after a confirmation step and
//! start a new draft from the latest published version. Access follows the JSON API: an
//! author role in the issuing organization, or platform admin.
//!
//! A draft must validate before it is stored. A form that fails renders again with the
//! problems next to their fields and every value as it was sent.

mod form;
mod view;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use evident_domain::{Competency, MicroCredentialDefinition, PublishedVersion, Role, content_hash};
use evident_store::{MicroCredentialRow, StoreError};
use serde::Deserialize;

use self::form::{EditorForm, FormProblem, RowAction};
use self::view::{Choices, EditorView, editor_view};
use crate::auth::{CurrentUser, check_csrf};
use crate::error::{WebError, WebResult};
use crate::forms::Form;
use crate::routes::microcredentials::{
    AUTHORS, case_rubric_input, create_draft, domain_error, draft_of, latest_of, publish_draft,
    render_definition, require_author,
};
use crate::state::AppState;
use crate::templates::PageContext;

/// Loads a micro-credential the signed-in user may author. Users without an author role
/// anywhere are rejected before the slug is looked up, so they learn nothing about drafts.
async fn authored(
    state: &AppState,
    current: &CurrentUser,
    slug: &str,
) -> WebResult<MicroCredentialRow> {
    current.access.require_any(&AUTHORS)?;
    let row = state.store.microcredential_by_slug(slug).await?;
    require_author(current, row.org_id.as_deref())?;
    Ok(row)
}

/// The state of a draft compared with its published versions.
struct DraftStatus {
    latest: Option<PublishedVersion>,
    /// Whether the draft differs from the latest published version (always true before
    /// the first publication).
    changed: bool,
    /// The number the draft gets when published.
    next_version: u32,
}

impl DraftStatus {
    fn of(draft: &MicroCredentialDefinition, latest: Option<PublishedVersion>) -> Self {
        let changed = latest
            .as_ref()
            .is_none_or(|published| published.definition() != draft);
        let next_version = latest
            .as_ref()
            .map_or(1, |published| published.version() + 1);
        Self {
            latest,
            changed,
            next_version,
        }
    }

    fn describe(&self) -> String {
        match &self.latest {
            None => "Draft of version 1, not published yet.".to_owned(),
            Some(published) if self.changed => format!(
                "Version {} is published. The draft of version {} has changes that are not published.",
                published.version(),
                self.next_version
            ),
            Some(published) => format!(
                "Version {} is published and the draft is the same as it.",
                published.version()
            ),
        }
    }
}

struct ListEntry {
    slug: String,
    title: String,
    organization: String,
    status: String,
    published_version: Option<i64>,
}

#[derive(Template)]
#[template(path = "authoring_list.html")]
struct ListPage {
    page: PageContext,
    entries: Vec<ListEntry>,
}

/// `GET /manage/microcredentials`: every micro-credential the user may author, drafts and
/// published ones, with their status.
pub async fn list(State(state): State<AppState>, current: CurrentUser) -> WebResult<Html<String>> {
    current.access.require_any(&AUTHORS)?;
    let organizations = state.store.organizations().await?;
    let mut entries = Vec::new();
    for row in state.store.microcredentials().await? {
        if require_author(&current, row.org_id.as_deref()).is_err() {
            continue;
        }
        let draft = draft_of(&row)?;
        let status = DraftStatus::of(&draft, latest_of(&state, &row).await?);
        let status = match (&status.latest, status.changed) {
            (None, _) => "Draft, not published".to_owned(),
            (Some(published), true) => format!(
                "Published (version {}), draft of version {} has changes",
                published.version(),
                status.next_version
            ),
            (Some(published), false) => format!("Published (version {})", published.version()),
        };
        let organization = organizations
            .iter()
            .find(|org| Some(&org.id) == row.org_id.as_ref())
            .map(|org| org.name.clone())
            .unwrap_or_else(|| "none".to_owned());
        entries.push(ListEntry {
            slug: row.slug.clone(),
            title: draft.title,
            organization,
            status,
            published_version: row.latest_version,
        });
    }
    let page = ListPage {
        page: PageContext::for_user(Some(&current)),
        entries,
    };
    Ok(Html(page.render()?))
}

/// One problem in the summary above the form, linked to the field that shows it.
struct ProblemView {
    target: String,
    message: String,
}

#[derive(Template)]
#[template(path = "authoring_edit.html")]
struct EditorPage<'a> {
    page: PageContext,
    heading: String,
    action: String,
    slug: String,
    is_new: bool,
    editable: bool,
    status: String,
    version: String,
    next_version: u32,
    published_version: Option<u32>,
    changed: bool,
    notice: String,
    problems: Vec<ProblemView>,
    no_frameworks: bool,
    view: EditorView,
    reviews: &'a [ReviewView],
}

/// The editor of one request: who edits which micro-credential, and its status.
struct Editor<'a> {
    state: &'a AppState,
    current: &'a CurrentUser,
    /// `None` for a new micro-credential.
    slug: Option<String>,
    status: Option<DraftStatus>,
    /// Whether the page shows the form, or only the status and the button that starts the
    /// next version.
    editable: bool,
    /// The competency of the stored draft, offered even when its framework does not list it.
    competency: Option<Competency>,
    /// Submissions of this micro-credential in review, which an issuer admin may release.
    reviews: Vec<ReviewView>,
}

/// A submission in review, as listed for the issuer admin.
struct ReviewView {
    id: String,
    assessor: String,
    attempt: usize,
}

/// Lists the submissions of `row` that are in review, when the user is an issuer admin of
/// its organization and so may release them. Other users get an empty list.
async fn reviews_to_release(
    state: &AppState,
    current: &CurrentUser,
    row: &MicroCredentialRow,
) -> WebResult<Vec<ReviewView>> {
    let issuer_admin = row
        .org_id
        .as_deref()
        .is_some_and(|org| current.access.holds(Role::IssuerAdmin, org));
    if !issuer_admin {
        return Ok(Vec::new());
    }
    let mut reviews = Vec::new();
    for submission in state.store.submissions_in_states(&["in_review"]).await? {
        if submission.microcredential_id != row.id {
            continue;
        }
        let assessor = match &submission.assessor_id {
            Some(id) => state.store.user(id).await?.display_name,
            None => "an unknown assessor".to_owned(),
        };
        let attempts: Vec<serde_json::Value> = serde_json::from_str(&submission.attempts_json)
            .map_err(|error| WebError::Internal(format!("stored attempts: {error}")))?;
        reviews.push(ReviewView {
            id: submission.id,
            assessor,
            attempt: attempts.len(),
        });
    }
    Ok(reviews)
}

/// Loads the frameworks, the items of the form's framework (the first framework when the
/// form names none) and, for a new micro-credential, the organizations the user may author
/// for.
async fn choices(
    state: &AppState,
    current: &CurrentUser,
    form: &mut EditorForm,
    is_new: bool,
) -> WebResult<Choices> {
    let frameworks: Vec<(String, String)> = state
        .store
        .frameworks()
        .await?
        .into_iter()
        .map(|framework| (framework.id, framework.title))
        .collect();
    if form.framework.is_empty()
        && let Some((id, _)) = frameworks.first()
    {
        form.framework = id.clone();
    }
    let competencies = if frameworks.iter().any(|(id, _)| *id == form.framework) {
        state
            .store
            .framework_items(&form.framework)
            .await?
            .into_iter()
            .map(|item| {
                let label = match &item.human_code {
                    Some(code) => format!("{code} {}", item.statement),
                    None => item.statement.clone(),
                };
                (item.identifier, shorten(&label, 140))
            })
            .collect()
    } else {
        Vec::new()
    };
    let organizations = if is_new {
        state
            .store
            .organizations()
            .await?
            .into_iter()
            .filter(|org| {
                AUTHORS
                    .iter()
                    .any(|role| current.access.holds(*role, &org.id))
            })
            .map(|org| (org.id, org.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Choices {
        organizations,
        frameworks,
        competencies,
    })
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut short: String = text.chars().take(max_chars - 1).collect();
        short.push('…');
        short
    }
}

impl Editor<'_> {
    /// Renders the editor page with `form`, its `problems` and a `notice`, sent with the
    /// HTTP status `code`.
    async fn render(
        &self,
        mut form: EditorForm,
        problems: Vec<FormProblem>,
        notice: String,
        code: StatusCode,
    ) -> WebResult<Response> {
        let is_new = self.slug.is_none();
        let mut choices = choices(self.state, self.current, &mut form, is_new).await?;
        if let Some(competency) = &self.competency
            && competency.identifier == form.competency
            && !choices
                .competencies
                .iter()
                .any(|(identifier, _)| *identifier == competency.identifier)
        {
            let label = format!(
                "{} {} ({})",
                competency.human_code, competency.statement, competency.framework_title
            );
            choices
                .competencies
                .push((competency.identifier.clone(), shorten(&label, 140)));
        }
        if !problems.is_empty() {
            tracing::info!(
                slug = self.slug.as_deref().unwrap_or("(new)"),
                user = %self.current.user.id,
                problems = problems.len(),
                "editor form rejected"
            );
        }
        let view = editor_view(&form, &choices, is_new, &problems);
        let problems = problems
            .iter()
            .map(|problem| ProblemView {
                target: view.target_of(&problem.field),
                message: problem.message.clone(),
            })
            .collect();
        let (heading, action) = match &self.slug {
            None => (
                "New micro-credential".to_owned(),
                "/manage/microcredentials".to_owned(),
            ),
            Some(slug) => (
                format!("Edit {}", form.title.trim()),
                format!("/manage/microcredentials/{slug}"),
            ),
        };
        let status = self.status.as_ref();
        let page = EditorPage {
            page: PageContext::for_user(Some(self.current)),
            heading,
            action,
            slug: self.slug.clone().unwrap_or_default(),
            is_new,
            editable: self.editable,
            status: status.map(DraftStatus::describe).unwrap_or_default(),
            version: form.version.clone(),
            next_version: status.map_or(1, |status| status.next_version),
            published_version: status
                .and_then(|status| status.latest.as_ref().map(PublishedVersion::version)),
            changed: status.is_none_or(|status| status.changed),
            notice,
            problems,
            no_frameworks: choices.frameworks.is_empty(),
            view,
            reviews: &self.reviews,
        };
        Ok((code, Html(page.render()?)).into_response())
    }

    /// Renders the form again with `problems`, unsaved.
    async fn reject(
        &self,
        form: EditorForm,
        problems: Vec<FormProblem>,
        notice: &str,
        code: StatusCode,
    ) -> WebResult<Response> {
        self.render(form, problems, not_saved(notice), code).await
    }
}

fn not_saved(notice: &str) -> String {
    let mut text = notice.to_owned();
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str("Nothing is saved yet: fix the problems listed below and save again.");
    text
}

/// Query of `GET /manage/microcredentials/new`.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    pub framework: Option<String>,
}

/// `GET /manage/microcredentials/new`: the editor for a new micro-credential.
pub async fn new_form(
    State(state): State<AppState>,
    current: CurrentUser,
    Query(query): Query<NewQuery>,
) -> WebResult<Response> {
    current.access.require_any(&AUTHORS)?;
    let mut form = EditorForm::blank();
    form.framework = query.framework.unwrap_or_default();
    let editor = Editor {
        state: &state,
        current: &current,
        slug: None,
        status: None,
        editable: true,
        competency: None,
        reviews: Vec::new(),
    };
    editor
        .render(form, Vec::new(), String::new(), StatusCode::OK)
        .await
}

/// Query of `GET /manage/microcredentials/{slug}`.
#[derive(Debug, Default, Deserialize)]
pub struct EditQuery {
    /// Opens the form for this version when it is the next one, after "Start version".
    #[serde(default)]
    pub version: Option<u32>,
    /// Set after a successful save, to confirm it.
    #[serde(default)]
    pub saved: Option<String>,
    /// The version number just published, to confirm it.
    #[serde(default)]
    pub published: Option<u32>,
}

/// `GET /manage/microcredentials/{slug}`: the draft editor. A micro-credential whose draft
/// equals its latest published version shows its status and a button that starts the next
/// version instead of the form.
pub async fn edit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
    Query(query): Query<EditQuery>,
) -> WebResult<Response> {
    let row = authored(&state, &current, &slug).await?;
    let draft = draft_of(&row)?;
    let status = DraftStatus::of(&draft, latest_of(&state, &row).await?);
    let editable = status.changed || query.version == Some(status.next_version);
    let form = EditorForm::from_definition(&draft, status.next_version);
    let notice = match (query.published, query.saved.is_some()) {
        (Some(version), _) => {
            format!("Version {version} is published and frozen. It is in the public catalog now.")
        }
        (None, true) => "The draft is saved.".to_owned(),
        (None, false) => String::new(),
    };
    let reviews = reviews_to_release(&state, &current, &row).await?;
    let editor = Editor {
        state: &state,
        current: &current,
        slug: Some(slug),
        status: Some(status),
        editable,
        competency: Some(draft.competency),
        reviews,
    };
    editor
        .render(form, Vec::new(), notice, StatusCode::OK)
        .await
}

/// The text fields of an editor post and its rubric file, if one was chosen.
struct EditorPost {
    fields: Vec<(String, String)>,
    rubric_file: Option<Vec<u8>>,
}

fn upload_error(error: axum::extract::multipart::MultipartError) -> WebError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        WebError::PayloadTooLarge(format!(
            "the form is too large to read ({}): upload a smaller rubric file",
            error.body_text()
        ))
    } else {
        WebError::BadRequest(format!("the form could not be read: {}", error.body_text()))
    }
}

/// Reads the editor's multipart body: text fields in order, and the `cfrubric` file.
/// The CSRF token is checked before the file is read; the form sends it first.
async fn read_post(
    state: &AppState,
    current: &CurrentUser,
    headers: &HeaderMap,
    mut multipart: Multipart,
) -> WebResult<EditorPost> {
    // A CFRubric may come inside a whole CFPackage, so it gets the framework upload limit.
    let max_bytes = state.config.max_framework_bytes;
    let mut fields = Vec::new();
    let mut rubric_file = None;
    while let Some(field) = multipart.next_field().await.map_err(upload_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "cfrubric" {
            check_csrf(current, field_value(&fields, "csrf_token"), headers)?;
            let bytes = field.bytes().await.map_err(upload_error)?;
            if bytes.len() > max_bytes {
                return Err(WebError::PayloadTooLarge(format!(
                    "the rubric file is larger than the limit of {} MiB: upload the JSON of \
                     one CFRubric",
                    max_bytes / (1024 * 1024)
                )));
            }
            if !bytes.is_empty() {
                rubric_file = Some(bytes.to_vec());
            }
        } else {
            let value = field.text().await.map_err(upload_error)?;
            fields.push((name, value));
        }
    }
    check_csrf(current, field_value(&fields, "csrf_token"), headers)?;
    Ok(EditorPost {
        fields,
        rubric_file,
    })
}

fn field_value<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Reads a CFRubric, or the first CFRubric of a CFPackage, into a rubric. Returns the
/// rubric and its title, or a message naming the problem.
fn rubric_from_file(bytes: &[u8]) -> Result<(evident_domain::Rubric, String), String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|error| {
        format!("the rubric file is not valid JSON ({error}): upload a CASE CFRubric or CFPackage JSON file")
    })?;
    let empty = serde_json::json!({});
    let (package, rubric) = if let Some(rubrics) = value["CFRubrics"].as_array() {
        let first = rubrics.first().ok_or_else(|| {
            "the CFPackage has no CFRubrics: upload a package that contains a rubric".to_owned()
        })?;
        (&value, first)
    } else if value.get("CFRubricCriteria").is_some() {
        (&empty, &value)
    } else {
        return Err(
            "the file is neither a CFRubric (no CFRubricCriteria) nor a CFPackage with CFRubrics: upload a CASE rubric file"
                .to_owned(),
        );
    };
    let input = case_rubric_input(package, rubric);
    let title = input.title.clone();
    let rubric = evident_domain::rubric_from_case(&input).map_err(|error| error.to_string())?;
    Ok((rubric, title))
}

/// Builds the competency the form names from the stored CASE package of its framework.
/// `current` is the draft's competency, reused when the form keeps it.
async fn competency_of(
    state: &AppState,
    form: &EditorForm,
    current: Option<&Competency>,
) -> WebResult<Result<Competency, FormProblem>> {
    let identifier = form.competency.trim();
    if identifier.is_empty() {
        return Ok(Err(FormProblem {
            field: "competency".to_owned(),
            message:
                "no competency is chosen: choose the competency this micro-credential certifies"
                    .to_owned(),
        }));
    }
    if let Some(current) = current
        && current.identifier == identifier
    {
        return Ok(Ok(current.clone()));
    }
    let package_json = match state.store.framework_package_json(&form.framework).await {
        Ok(json) => json,
        Err(StoreError::NotFound { .. }) => {
            return Ok(Err(FormProblem {
                field: "framework".to_owned(),
                message: format!(
                    "framework {:?} is not imported: choose one from the list or import it first",
                    form.framework
                ),
            }));
        }
        Err(error) => return Err(error.into()),
    };
    let package: serde_json::Value = serde_json::from_str(&package_json)
        .map_err(|error| WebError::Internal(format!("stored CASE package: {error}")))?;
    let document = &package["CFDocument"];
    let text = |value: &serde_json::Value, key: &str| {
        value[key].as_str().map(str::to_owned).unwrap_or_default()
    };
    let item = package["CFItems"]
        .as_array()
        .and_then(|items| items.iter().find(|item| item["identifier"] == identifier));
    let Some(item) = item else {
        return Ok(Err(FormProblem {
            field: "competency".to_owned(),
            message: format!(
                "{identifier:?} is not an item of the framework {:?}: choose a competency from the list",
                text(document, "title")
            ),
        }));
    };
    Ok(Ok(Competency {
        identifier: identifier.to_owned(),
        uri: text(item, "uri"),
        human_code: text(item, "humanCodingScheme"),
        name: item["abbreviatedStatement"].as_str().map(str::to_owned),
        statement: text(item, "fullStatement"),
        framework_title: text(document, "title"),
        framework_identifier: Some(text(document, "identifier")),
    }))
}

/// Checks the form and returns the definition it describes, or every problem found.
async fn checked_definition(
    state: &AppState,
    form: &EditorForm,
    current_competency: Option<&Competency>,
) -> WebResult<Result<MicroCredentialDefinition, Vec<FormProblem>>> {
    let mut problems = Vec::new();
    let competency = match competency_of(state, form, current_competency).await? {
        Ok(competency) => competency,
        Err(problem) => {
            problems.push(problem);
            current_competency.cloned().unwrap_or(Competency {
                identifier: String::new(),
                uri: String::new(),
                human_code: String::new(),
                name: None,
                statement: String::new(),
                framework_title: String::new(),
                framework_identifier: None,
            })
        }
    };
    let competency_missing = !problems.is_empty();
    let (definition, form_problems) = form.to_definition(competency);
    problems.extend(form_problems);
    for problem in definition.problems() {
        // A competency the form could not find is reported once, on its select.
        if competency_missing && problem.field.starts_with("competency") {
            continue;
        }
        let field = if problem.field.starts_with("competency.") {
            "competency".to_owned()
        } else {
            form.field_of(&definition, &problem.field)
        };
        problems.push(FormProblem {
            field,
            message: problem.message,
        });
    }
    if problems.is_empty() {
        Ok(Ok(definition))
    } else {
        Ok(Err(problems))
    }
}

/// The outcome of the button pressed in an editor form.
enum Step {
    /// Re-render without saving, with a notice.
    Show(String),
    /// Save the draft. The notice, possibly empty, describes the import done before.
    Save(String),
    /// Show the problems without saving.
    Reject(Vec<FormProblem>),
}

/// Applies the button that was pressed: a row change, a framework change or a rubric
/// import. Everything except "Save draft" and a rubric import only re-renders the form.
fn apply_action(form: &mut EditorForm, post: &EditorPost) -> Step {
    let action = field_value(&post.fields, "action").unwrap_or("save");
    if let Some(row_action) = RowAction::parse(action) {
        form.apply(row_action);
        return Step::Show(
            "The form changed but nothing is saved yet: press Save draft to keep your changes."
                .to_owned(),
        );
    }
    match action {
        "choose_framework" => {
            form.competency.clear();
            Step::Show(
                "Choose the competency from the framework's items, then press Save draft."
                    .to_owned(),
            )
        }
        "import_rubric" => match post.rubric_file.as_deref().map(rubric_from_file) {
            None => Step::Reject(vec![FormProblem {
                field: "cfrubric".to_owned(),
                message: "no rubric file was chosen: choose a CASE CFRubric JSON file, then press Import rubric"
                    .to_owned(),
            }]),
            Some(Err(message)) => Step::Reject(vec![FormProblem {
                field: "cfrubric".to_owned(),
                message,
            }]),
            Some(Ok((rubric, title))) => {
                form.set_rubric(&rubric);
                Step::Save(format!(
                    "Imported the rubric “{title}” with {} criteria and {} levels.",
                    rubric.criteria.len(),
                    rubric.levels.len()
                ))
            }
        },
        _ => Step::Save(String::new()),
    }
}

/// Returns the problem of a new micro-credential's organization or slug that the domain
/// does not check.
fn creation_problem(form: &EditorForm) -> Option<FormProblem> {
    if form.org_id.trim().is_empty() {
        return Some(FormProblem {
            field: "org_id".to_owned(),
            message: "no issuing organization is chosen: choose the organization that issues \
                      this micro-credential"
                .to_owned(),
        });
    }
    // `/manage/microcredentials/new` is the page that creates micro-credentials.
    if form.slug.trim() == "new" {
        return Some(FormProblem {
            field: "slug".to_owned(),
            message: "slug \"new\" is reserved: choose another slug".to_owned(),
        });
    }
    None
}

/// `POST /manage/microcredentials`: creates a micro-credential from the editor form.
pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    multipart: Multipart,
) -> WebResult<Response> {
    // The body is read before the role check: a server that responds 403 before it has
    // read a large form closes the connection, and the browser may then show a
    // connection error instead of the message.
    let post = read_post(&state, &current, &headers, multipart).await?;
    current.access.require_any(&AUTHORS)?;
    let mut form = EditorForm::from_fields(&post.fields);
    form.version = "1".to_owned();
    let editor = Editor {
        state: &state,
        current: &current,
        slug: None,
        status: None,
        editable: true,
        competency: None,
        reviews: Vec::new(),
    };
    let notice = match apply_action(&mut form, &post) {
        Step::Show(notice) => {
            return editor
                .render(form, Vec::new(), notice, StatusCode::OK)
                .await;
        }
        Step::Reject(problems) => {
            return editor
                .reject(form, problems, "", StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
        Step::Save(notice) => notice,
    };
    if let Some(problem) = creation_problem(&form) {
        return editor
            .reject(
                form,
                vec![problem],
                &notice,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
    }
    current.access.require_in(&AUTHORS, form.org_id.trim())?;

    let definition = match checked_definition(&state, &form, None).await? {
        Ok(definition) => definition,
        Err(problems) => {
            return editor
                .reject(form, problems, &notice, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    match create_draft(&state, &current, form.org_id.trim(), &definition).await {
        Ok(row) => {
            let location = format!("/manage/microcredentials/{}?saved=1", row.slug);
            Ok(Redirect::to(&location).into_response())
        }
        // The store reports a slug that is already used as a conflict.
        Err(WebError::Conflict(message)) => {
            let problem = FormProblem {
                field: "slug".to_owned(),
                message,
            };
            editor
                .reject(form, vec![problem], &notice, StatusCode::CONFLICT)
                .await
        }
        Err(error) => Err(error),
    }
}

/// Checks a form opened for `form_version` against that version when it has been
/// published since, and returns the problem when the form changes it.
async fn published_edit_problem(
    state: &AppState,
    row: &MicroCredentialRow,
    form_version: u32,
    next_version: u32,
    definition: &MicroCredentialDefinition,
) -> WebResult<Option<FormProblem>> {
    if form_version >= next_version {
        return Ok(None);
    }
    let stored = state
        .store
        .version(&row.id, i64::from(form_version))
        .await?;
    let frozen = crate::routes::microcredentials::published_from_row(&stored)?;
    Ok(frozen
        .check_edit(definition)
        .err()
        .map(|error| FormProblem {
            field: "version".to_owned(),
            message: format!(
                "{} Your changes are kept below: press Save draft to save them as the draft of \
             version {next_version}.",
                domain_error(error)
            ),
        }))
}

/// `POST /manage/microcredentials/{slug}`: saves the draft, or applies the form button
/// that was pressed. A form for a version that has been published since it was opened is
/// rejected, because published versions are frozen.
pub async fn save(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> WebResult<Response> {
    // Read the body first, for the reason given in `create`.
    let post = read_post(&state, &current, &headers, multipart).await?;
    let row = authored(&state, &current, &slug).await?;
    let draft = draft_of(&row)?;
    let status = DraftStatus::of(&draft, latest_of(&state, &row).await?);
    let next_version = status.next_version;
    let mut form = EditorForm::from_fields(&post.fields);
    form.slug = row.slug.clone();
    let editor = Editor {
        state: &state,
        current: &current,
        slug: Some(slug.clone()),
        status: Some(status),
        editable: true,
        competency: Some(draft.competency.clone()),
        reviews: Vec::new(),
    };
    let notice = match apply_action(&mut form, &post) {
        Step::Show(notice) => {
            return editor
                .render(form, Vec::new(), notice, StatusCode::OK)
                .await;
        }
        Step::Reject(problems) => {
            return editor
                .reject(form, problems, "", StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
        Step::Save(notice) => notice,
    };

    let definition = match checked_definition(&state, &form, Some(&draft.competency)).await? {
        Ok(definition) => definition,
        Err(problems) => {
            return editor
                .reject(form, problems, &notice, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
        }
    };
    let form_version: u32 = form.version.trim().parse().unwrap_or(next_version);
    if let Some(problem) =
        published_edit_problem(&state, &row, form_version, next_version, &definition).await?
    {
        // Saving the same form again then stores the changes as the next draft.
        form.version = next_version.to_string();
        return editor
            .reject(form, vec![problem], &notice, StatusCode::CONFLICT)
            .await;
    }

    let draft_json = serde_json::to_string(&definition)
        .map_err(|error| WebError::Internal(error.to_string()))?;
    state.store.update_draft(&row.id, &draft_json).await?;
    tracing::info!(%slug, user = %current.user.id, "draft saved from the editor");
    Ok(Redirect::to(&format!(
        "/manage/microcredentials/{slug}?version={next_version}&saved=1"
    ))
    .into_response())
}

/// `GET /manage/microcredentials/{slug}/preview`: the public page of the draft, as it will
/// look once published.
pub async fn preview(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> WebResult<Html<String>> {
    let row = authored(&state, &current, &slug).await?;
    let draft = draft_of(&row)?;
    let status = DraftStatus::of(&draft, latest_of(&state, &row).await?);
    let hash = content_hash(&draft);
    render_definition(
        PageContext::for_user(Some(&current)),
        draft,
        status.next_version,
        hash,
        false,
        true,
    )
}

#[derive(Template)]
#[template(path = "authoring_publish.html")]
struct PublishPage {
    page: PageContext,
    slug: String,
    title: String,
    next_version: u32,
    published_version: Option<u32>,
    changed: bool,
    problems: Vec<String>,
}

/// `GET /manage/microcredentials/{slug}/publish`: the confirmation page, which explains
/// that publishing freezes the version.
pub async fn publish_form(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(slug): Path<String>,
) -> WebResult<Html<String>> {
    let row = authored(&state, &current, &slug).await?;
    let draft = draft_of(&row)?;
    let problems = draft.problems().iter().map(ToString::to_string).collect();
    let status = DraftStatus::of(&draft, latest_of(&state, &row).await?);
    let page = PublishPage {
        page: PageContext::for_user(Some(&current)),
        slug,
        title: draft.title.clone(),
        next_version: status.next_version,
        published_version: status.latest.as_ref().map(PublishedVersion::version),
        changed: status.changed,
        problems,
    };
    Ok(Html(page.render()?))
}

/// Body of the forms that only carry the CSRF token.
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    pub csrf_token: Option<String>,
}

/// `POST /manage/microcredentials/{slug}/publish`: freezes the draft as the next version.
pub async fn publish(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<TokenForm>,
) -> WebResult<Redirect> {
    let row = authored(&state, &current, &slug).await?;
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let stored = publish_draft(&state, &current, &row).await?;
    Ok(Redirect::to(&format!(
        "/manage/microcredentials/{slug}?published={}",
        stored.version
    )))
}

/// `POST /manage/microcredentials/{slug}/versions`: replaces the draft with a copy of the
/// latest published version and opens it as the draft of the next version.
pub async fn start_version(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<TokenForm>,
) -> WebResult<Redirect> {
    let row = authored(&state, &current, &slug).await?;
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let Some(latest) = latest_of(&state, &row).await? else {
        return Err(WebError::Conflict(format!(
            "`{slug}` has no published version yet: edit its draft and publish version 1"
        )));
    };
    let draft_json = serde_json::to_string(&latest.new_draft())
        .map_err(|error| WebError::Internal(error.to_string()))?;
    state.store.update_draft(&row.id, &draft_json).await?;
    let next_version = latest.version() + 1;
    tracing::info!(%slug, version = next_version, user = %current.user.id, "new draft version started");
    Ok(Redirect::to(&format!(
        "/manage/microcredentials/{slug}?version={next_version}"
    )))
}
