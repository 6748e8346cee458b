//! The educator's side of earning: start a submission, save each part (autosave), upload
//! evidence files, check completeness, submit and resubmit. Only the educator who started
//! a submission may see or change it here; assessors use [`crate::routes::review`].

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use evident_domain::definition::media_type_allowed;
use evident_domain::media_types::{
    content_fits, format_size, media_type_name, media_type_names, sniff_media_type,
};
use evident_domain::{
    Answer, ArtifactKind, ArtifactRef, ArtifactRequirement, Attempt, Gap, Issue,
    MicroCredentialDefinition, Outcome, PublishedVersion, Role, Submission, SubmissionState,
    completeness,
};
use evident_store::{NewSubmission, StoreError, SubmissionChange, SubmissionRow, User};
use serde::Deserialize;

use crate::access::Access;
use crate::auth::{CurrentUser, check_csrf};
use crate::error::{ApiError, ApiResult, WebError, WebResult};
use crate::forms::{Form, JsonBody};
use crate::routes::microcredentials::{
    PartView, domain_error, latest_published, part_views, published_from_row,
};
use crate::state::AppState;
use crate::templates::PageContext;

/// Returns the school the user belongs to through their home organization, if any.
pub(crate) fn school_of(access: &Access, user: &User) -> Option<String> {
    user.home_org_id
        .as_ref()
        .and_then(|org| access.tree().school_of(org).cloned())
}

/// A stored submission rebuilt as a domain [`Submission`] with its published version.
pub(crate) struct Loaded {
    pub row: SubmissionRow,
    pub published: PublishedVersion,
    pub submission: Submission,
}

fn stored_json_error(what: &str, id: &str, error: serde_json::Error) -> WebError {
    WebError::Internal(format!(
        "stored {what} of submission `{id}` is invalid: {error}"
    ))
}

/// Loads a submission and the version it was started under.
pub(crate) async fn load(state: &AppState, id: &str) -> WebResult<Loaded> {
    let row = state.store.submission(id).await?;
    let version = state
        .store
        .version(&row.microcredential_id, row.version)
        .await?;
    let published = published_from_row(&version)?;
    let answers = serde_json::from_str(&row.answers_json)
        .map_err(|error| stored_json_error("answers", id, error))?;
    let attempts: Vec<Attempt> = serde_json::from_str(&row.attempts_json)
        .map_err(|error| stored_json_error("attempts", id, error))?;
    let submission_state = SubmissionState::from_code(&row.state).ok_or_else(|| {
        WebError::Internal(format!(
            "stored state `{}` of submission `{id}` is unknown",
            row.state
        ))
    })?;
    let submission =
        Submission::from_parts(published.version_ref(), submission_state, answers, attempts)
            .map_err(|error| WebError::Internal(error.to_string()))?;
    Ok(Loaded {
        row,
        published,
        submission,
    })
}

/// Builds the stored form of `submission`, claimed by `assessor_id` when in review.
pub(crate) fn change_of(
    submission: &Submission,
    assessor_id: Option<String>,
) -> WebResult<SubmissionChange> {
    let to_json = |value: serde_json::Result<String>| {
        value.map_err(|error| WebError::Internal(error.to_string()))
    };
    Ok(SubmissionChange {
        state: submission.state().code().to_owned(),
        answers_json: to_json(serde_json::to_string(submission.answers()))?,
        attempts_json: to_json(serde_json::to_string(submission.attempts()))?,
        assessor_id,
    })
}

/// Loads a submission of the signed-in educator. Anyone else is rejected with 403.
async fn load_own(state: &AppState, current: &CurrentUser, id: &str) -> WebResult<Loaded> {
    let loaded = load(state, id).await?;
    if loaded.row.educator_id != current.user.id {
        return Err(WebError::Forbidden(format!(
            "submission `{id}` belongs to another educator: open your own from My submissions"
        )));
    }
    Ok(loaded)
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("application/json"))
}

/// Body of the start form.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    pub csrf_token: Option<String>,
}

/// Finds the submission the educator should continue for `microcredential_id`: an open one
/// (draft, submitted, in review or returned) first, and otherwise an earned one.
async fn existing_submission(
    state: &AppState,
    educator_id: &str,
    microcredential_id: &str,
) -> WebResult<Option<SubmissionRow>> {
    let mut open = None;
    let mut earned = None;
    for row in state.store.submissions_of_educator(educator_id).await? {
        if row.microcredential_id != microcredential_id {
            continue;
        }
        if row.state == SubmissionState::Earned.code() {
            earned.get_or_insert(row);
        } else {
            open.get_or_insert(row);
        }
    }
    Ok(open.or(earned))
}

/// `POST /microcredentials/{slug}/start`: starts a draft under the latest published version,
/// or goes to the educator's open or earned submission for it, so that no educator has two.
pub async fn start(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(form): Form<CsrfForm>,
) -> WebResult<Redirect> {
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    current.access.require_any(&[Role::Educator])?;
    let (microcredential_id, published) = latest_published(&state, &slug).await?;
    if let Some(row) = existing_submission(&state, &current.user.id, &microcredential_id).await? {
        tracing::info!(submission = %row.id, %slug, user = %current.user.id, state = %row.state, "start went to the existing submission");
        return Ok(Redirect::to(&format!("/submissions/{}", row.id)));
    }
    // NOTE: two start requests at the same moment can still create two drafts, because the
    // store has no uniqueness rule for open submissions.
    let submission = Submission::start(&published);
    let change = change_of(&submission, None)?;
    let row = state
        .store
        .create_submission(&NewSubmission {
            microcredential_id,
            version: i64::from(published.version()),
            educator_id: current.user.id.clone(),
            school_id: school_of(&current.access, &current.user),
            state: change.state,
            answers_json: change.answers_json,
            attempts_json: change.attempts_json,
        })
        .await?;
    tracing::info!(submission = %row.id, %slug, user = %current.user.id, "submission started");
    Ok(Redirect::to(&format!("/submissions/{}", row.id)))
}

/// The revocation of the credential earned with a submission.
struct Revocation {
    /// The day of the revocation, such as `4 December 2026`.
    date: String,
    reason: String,
}

/// Looks up whether the credential earned with submission `id` was revoked. A submission
/// without an award, or whose credential is not issued yet, has no revocation.
async fn revocation_of(state: &AppState, id: &str) -> WebResult<Option<Revocation>> {
    let Some(award) = state.store.award_for_submission(id).await? else {
        return Ok(None);
    };
    let Some(credential) = state.store.credential_for_award(&award.id).await? else {
        return Ok(None);
    };
    Ok(credential.revoked_at.map(|revoked_at| Revocation {
        date: time::OffsetDateTime::from_unix_timestamp(revoked_at)
            .map(|time| format!("{} {} {}", time.day(), time.month(), time.year()))
            .unwrap_or_else(|_| revoked_at.to_string()),
        reason: credential.revocation_reason.unwrap_or_default(),
    }))
}

struct SubmissionListEntry {
    id: String,
    title: String,
    state: String,
    version: i64,
    attempts: usize,
}

#[derive(Template)]
#[template(path = "submissions.html")]
struct SubmissionsPage {
    page: PageContext,
    submissions: Vec<SubmissionListEntry>,
    awards: Vec<AwardEntry>,
}

/// One earned micro-credential in the educator's list.
struct AwardEntry {
    title: String,
    submission_id: String,
    revoked: bool,
}

/// `GET /submissions`: the signed-in educator's submissions and awards.
pub async fn list(State(state): State<AppState>, current: CurrentUser) -> WebResult<Html<String>> {
    let mut submissions = Vec::new();
    for row in state
        .store
        .submissions_of_educator(&current.user.id)
        .await?
    {
        let loaded = load(&state, &row.id).await?;
        let mut label = state_label(loaded.submission.state());
        if loaded.submission.state() == SubmissionState::Earned
            && revocation_of(&state, &row.id).await?.is_some()
        {
            label.push_str(", credential revoked");
        }
        submissions.push(SubmissionListEntry {
            id: row.id.clone(),
            title: loaded.published.definition().title.clone(),
            state: label,
            version: row.version,
            attempts: loaded.submission.attempts().len(),
        });
    }
    let mut awards = Vec::new();
    for award in state.store.awards_of_educator(&current.user.id).await? {
        let version = state
            .store
            .version(&award.microcredential_id, award.version)
            .await?;
        let revoked = revocation_of(&state, &award.submission_id).await?.is_some();
        awards.push(AwardEntry {
            title: version.title,
            submission_id: award.submission_id,
            revoked,
        });
    }
    let page = SubmissionsPage {
        page: PageContext::for_user(Some(&current)),
        submissions,
        awards,
    };
    Ok(Html(page.render()?))
}

/// One part of the submission form with the educator's current answer.
struct PartForm {
    view: PartView,
    /// `text`, `file`, `link` or `artifact_text`.
    input: &'static str,
    /// The text of a text answer or text artifact, or the links one per line.
    value: String,
    files: Vec<FileView>,
    accept: String,
    word_limit: u32,
    gaps: Vec<String>,
    /// The reason the text shown was not saved, when the page follows a rejected save.
    rejection: Vec<String>,
}

/// One uploaded file of a part.
struct FileView {
    name: String,
    /// The hex SHA-256 of the content, as in the file's download and remove addresses.
    sha256: String,
    /// The size for reading, such as `2 KB`.
    size: String,
}

/// Feedback on one criterion of a scored attempt.
pub(crate) struct FeedbackRow {
    pub criterion: String,
    pub level: String,
    pub feedback: String,
}

/// One scored or pending attempt for the history.
pub(crate) struct AttemptView {
    pub number: u32,
    pub note: Option<String>,
    pub outcome: Option<String>,
    pub feedback: Vec<FeedbackRow>,
}

/// Returns the words shown for a decision.
pub(crate) fn outcome_label(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::NotYet => "not yet",
    }
}

/// Returns the words shown for a submission state, such as `in review`.
pub(crate) fn state_label(state: SubmissionState) -> String {
    state.code().replace('_', " ")
}

/// Lists every attempt with the level title and feedback for each criterion.
pub(crate) fn attempt_views(
    definition: &MicroCredentialDefinition,
    submission: &Submission,
) -> Vec<AttemptView> {
    let rubric = &definition.rubric;
    submission
        .attempts()
        .iter()
        .map(|attempt| AttemptView {
            number: attempt.number,
            note: attempt.note.clone(),
            outcome: attempt
                .result
                .as_ref()
                .map(|result| outcome_label(result.decision.outcome).to_owned()),
            feedback: attempt
                .result
                .iter()
                .flat_map(|result| &result.scores)
                .map(|score| FeedbackRow {
                    criterion: rubric
                        .criteria
                        .iter()
                        .find(|criterion| criterion.id == score.criterion_id)
                        .map_or(score.criterion_id.clone(), |criterion| {
                            criterion.title.clone()
                        }),
                    level: rubric
                        .level(&score.level_id)
                        .map_or(score.level_id.clone(), |level| level.title.clone()),
                    feedback: score.feedback.clone(),
                })
                .collect(),
        })
        .collect()
}

fn part_forms(definition: &MicroCredentialDefinition, submission: &Submission) -> Vec<PartForm> {
    let gaps = completeness(definition, submission.answers());
    let requirements = &definition.requirements;
    part_views(definition)
        .into_iter()
        .map(|view| {
            let answer = submission.answers().get(&view.id);
            let items: &[ArtifactRef] = match answer {
                Some(Answer::Artifacts { items }) => items,
                _ => &[],
            };
            let prompt = requirements
                .overview
                .iter()
                .chain(&requirements.reflection)
                .find(|prompt| prompt.id == view.id);
            let artifact = requirements
                .artifacts
                .iter()
                .find(|artifact| artifact.id == view.id);
            let (input, word_limit, accept) = match (prompt, artifact.map(|a| &a.kind)) {
                (Some(prompt), _) => ("text", prompt.word_limit, String::new()),
                (None, Some(ArtifactKind::Text { word_limit })) => {
                    ("artifact_text", *word_limit, String::new())
                }
                (None, Some(ArtifactKind::Link)) => ("link", 0, String::new()),
                (
                    None,
                    Some(ArtifactKind::File {
                        allowed_media_types,
                        ..
                    }),
                ) => ("file", 0, allowed_media_types.join(",")),
                (None, None) => ("text", 0, String::new()),
            };
            let value = match answer {
                Some(Answer::Text { text }) => text.clone(),
                _ => items
                    .iter()
                    .filter_map(|item| match item {
                        ArtifactRef::Text { text } => Some(text.clone()),
                        ArtifactRef::Link { url } => Some(url.clone()),
                        ArtifactRef::File { .. } => None,
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            let files = items
                .iter()
                .filter_map(|item| match item {
                    ArtifactRef::File {
                        file_name,
                        content_hash,
                        size_bytes,
                        ..
                    } => Some(FileView {
                        name: file_name.clone(),
                        sha256: content_hash.trim_start_matches("sha256:").to_owned(),
                        size: format_size(*size_bytes),
                    }),
                    _ => None,
                })
                .collect();
            let part_gaps = gaps
                .iter()
                .filter(|gap| gap.part_id == view.id)
                .map(|gap| gap.message.clone())
                .collect();
            PartForm {
                input,
                value,
                files,
                accept,
                word_limit,
                gaps: part_gaps,
                rejection: Vec::new(),
                view,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "submission.html")]
struct SubmissionPage {
    page: PageContext,
    id: String,
    slug: String,
    title: String,
    version: u32,
    state: String,
    editable: bool,
    resubmission: bool,
    parts: Vec<PartForm>,
    missing: Vec<String>,
    attempts: Vec<AttemptView>,
    earned: bool,
    revocation: Option<Revocation>,
}

/// A save from the form that was rejected: the part, the text as sent and the reasons.
struct RejectedSave {
    part: String,
    text: String,
    problems: Vec<String>,
}

/// Renders the educator's page of submission `id`. After a rejected save, the part shows the
/// text as sent, with the reasons beside it.
async fn render_submission(
    state: &AppState,
    current: &CurrentUser,
    id: &str,
    rejected: Option<RejectedSave>,
) -> WebResult<String> {
    let loaded = load_own(state, current, id).await?;
    let definition = loaded.published.definition();
    let submission = &loaded.submission;
    let missing = completeness(definition, submission.answers())
        .into_iter()
        .map(|gap| gap.message)
        .collect();
    let mut parts = part_forms(definition, submission);
    if let Some(rejected) = rejected
        && let Some(part) = parts.iter_mut().find(|part| part.view.id == rejected.part)
    {
        part.value = rejected.text;
        part.rejection = rejected.problems;
    }
    let page = SubmissionPage {
        page: PageContext::for_user(Some(current)),
        id: id.to_owned(),
        slug: definition.slug.clone(),
        title: definition.title.clone(),
        version: loaded.published.version(),
        state: state_label(submission.state()),
        editable: submission.state().is_editable(),
        resubmission: !submission.attempts().is_empty(),
        parts,
        missing,
        attempts: attempt_views(definition, submission),
        earned: submission.state() == SubmissionState::Earned,
        revocation: revocation_of(state, id).await?,
    };
    Ok(page.render()?)
}

/// `GET /submissions/{id}`: the educator's form, completeness check, feedback and history.
pub async fn show(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Html<String>> {
    Ok(Html(render_submission(&state, &current, &id, None).await?))
}

/// Lists the problems with one part other than being missing: too many words, a bad link, a
/// file of the wrong type or size.
fn part_problems(
    definition: &MicroCredentialDefinition,
    submission: &Submission,
    part: &str,
) -> Vec<Gap> {
    completeness(definition, submission.answers())
        .into_iter()
        .filter(|gap| gap.part_id == part && gap.issue != Issue::Missing)
        .collect()
}

/// Finds the stored description of a file uploaded to this submission: one in its current
/// answers or in the answers of an earlier attempt.
fn known_file<'a>(submission: &'a Submission, content_hash: &str) -> Option<&'a ArtifactRef> {
    submission
        .attempts()
        .iter()
        .map(|attempt| &attempt.answers)
        .chain(std::iter::once(submission.answers()))
        .flat_map(|answers| answers.iter())
        .filter_map(|(_, answer)| match answer {
            Answer::Artifacts { items } => Some(items),
            Answer::Text { .. } => None,
        })
        .flatten()
        .find(|item| {
            matches!(item, ArtifactRef::File { content_hash: known, .. } if known == content_hash)
        })
}

/// Replaces each file item of `answer` with the stored description of that file, so that a
/// client can neither attach a file uploaded elsewhere nor rename or retype one. Only
/// `uploaded`, the item the server built for a file received in this request, is kept as
/// given. A file not uploaded to this submission is rejected with 422.
fn keep_known_files(
    submission: &Submission,
    part: &str,
    answer: Option<Answer>,
    uploaded: Option<&ArtifactRef>,
) -> WebResult<Option<Answer>> {
    let Some(Answer::Artifacts { items }) = answer else {
        return Ok(answer);
    };
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let ArtifactRef::File { content_hash, .. } = &item else {
            kept.push(item);
            continue;
        };
        if uploaded == Some(&item) {
            kept.push(item);
            continue;
        }
        let Some(known) = known_file(submission, content_hash) else {
            return Err(WebError::Unprocessable {
                message: format!(
                    "part `{part}` was not saved: file `{content_hash}` was not uploaded to this \
                     submission; upload the file to the part instead"
                ),
                problems: vec![format!(
                    "File `{content_hash}` was not uploaded to this submission: upload the file."
                )],
            });
        };
        kept.push(known.clone());
    }
    Ok(Some(Answer::Artifacts { items: kept }))
}

/// Sets one answer on a copy of the submission, checks it and stores it. Nothing is stored
/// when the part is unknown, the answer names a file not uploaded to this submission, or the
/// answer breaks one of its limits. `uploaded` is the file item received in this request.
async fn save_answer(
    state: &AppState,
    loaded: &Loaded,
    part: &str,
    answer: Option<Answer>,
    uploaded: Option<&ArtifactRef>,
) -> WebResult<SubmissionRow> {
    let definition = loaded.published.definition();
    if !part_views(definition).iter().any(|view| view.id == part) {
        return Err(WebError::NotFound(format!(
            "part `{part}` is not in the submission requirements of `{}`",
            definition.slug
        )));
    }
    let answer = keep_known_files(&loaded.submission, part, answer, uploaded).inspect_err(|error| {
        tracing::warn!(submission = %loaded.row.id, %part, %error, "save rejected: a file item names a file not uploaded to this submission");
    })?;
    let mut submission = loaded.submission.clone();
    match answer {
        Some(answer) => submission.set_answer(part, answer),
        None => submission.clear_answer(part).map(|_| ()),
    }
    .map_err(domain_error)?;
    let problems = part_problems(definition, &submission, part);
    if !problems.is_empty() {
        return Err(WebError::Unprocessable {
            message: format!("part `{part}` was not saved: {}", problems[0].message),
            problems: problems.into_iter().map(|gap| gap.message).collect(),
        });
    }
    let change = change_of(&submission, None)?;
    Ok(state
        .store
        .update_submission(&loaded.row.id, loaded.row.revision, &change)
        .await?)
}

/// Number of tries to save a part when a concurrent save of another part of the same
/// submission changed it first.
const SAVE_ATTEMPTS: usize = 3;

/// Saves the answer that `make_answer` builds from the current submission. When another
/// request changed the submission in between (two parts autosaved at once), the submission
/// is read again and the answer rebuilt, up to [`SAVE_ATTEMPTS`] times.
async fn save_part_answer<F>(
    state: &AppState,
    current: &CurrentUser,
    id: &str,
    part: &str,
    uploaded: Option<&ArtifactRef>,
    make_answer: F,
) -> WebResult<SubmissionRow>
where
    F: Fn(&Loaded) -> Option<Answer>,
{
    let mut attempt = 1;
    loop {
        let loaded = load_own(state, current, id).await?;
        let result = save_answer(state, &loaded, part, make_answer(&loaded), uploaded).await;
        match result {
            Err(WebError::Conflict(message))
                if attempt < SAVE_ATTEMPTS && loaded.submission.state().is_editable() =>
            {
                tracing::info!(submission = %id, %part, attempt, %message, "saving the part again after a concurrent change");
                attempt += 1;
            }
            other => return other,
        }
    }
}

/// Builds the answer to `part` from a text field: the text of a question or text artifact,
/// or links one per line. File parts keep their files.
fn answer_from_text(
    definition: &MicroCredentialDefinition,
    existing: Option<&Answer>,
    part: &str,
    text: &str,
) -> Option<Answer> {
    let artifact = definition
        .requirements
        .artifacts
        .iter()
        .find(|artifact| artifact.id == part);
    let text = text.replace("\r\n", "\n");
    match artifact.map(|artifact| &artifact.kind) {
        None => (!text.trim().is_empty()).then_some(Answer::Text { text }),
        Some(ArtifactKind::Text { .. }) => (!text.trim().is_empty()).then_some(Answer::Artifacts {
            items: vec![ArtifactRef::Text { text }],
        }),
        Some(ArtifactKind::Link) => {
            let items: Vec<ArtifactRef> = text
                .lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(|url| ArtifactRef::Link {
                    url: url.to_owned(),
                })
                .collect();
            (!items.is_empty()).then_some(Answer::Artifacts { items })
        }
        Some(ArtifactKind::File { .. }) => existing.cloned(),
    }
}

/// Body of the per-part form.
#[derive(Debug, Deserialize)]
pub struct PartSaveForm {
    #[serde(default)]
    pub csrf_token: Option<String>,
    #[serde(default)]
    pub text: String,
}

/// `POST /submissions/{id}/parts/{part}`: saves one part from the form (the no-script path
/// of autosave) and returns to the form. A save that breaks a limit of the part renders the
/// page again with status 422, the text as sent and the reasons beside the part.
pub async fn save_part(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((id, part)): Path<(String, String)>,
    Form(form): Form<PartSaveForm>,
) -> WebResult<Response> {
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let saved = save_part_answer(&state, &current, &id, &part, None, |loaded| {
        answer_from_text(
            loaded.published.definition(),
            loaded.submission.answers().get(&part),
            &part,
            &form.text,
        )
    })
    .await;
    match saved {
        Ok(_) => Ok(Redirect::to(&format!("/submissions/{id}#part-{part}")).into_response()),
        Err(WebError::Unprocessable { message, problems }) => {
            tracing::info!(submission = %id, %part, %message, "part not saved");
            let rejected = RejectedSave {
                part,
                text: form.text,
                problems,
            };
            let page = render_submission(&state, &current, &id, Some(rejected)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
        Err(error) => Err(error),
    }
}

/// `PUT /api/v1/submissions/{id}/parts/{part}`: autosave of one part. The body is an
/// answer (`{"type": "text", "text": …}` or `{"type": "artifacts", "items": […]}`) or
/// `null` to clear it. Returns what is still missing before the submission is complete.
pub async fn api_save_part(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((id, part)): Path<(String, String)>,
    JsonBody(answer): JsonBody<Option<Answer>>,
) -> ApiResult<Json<serde_json::Value>> {
    check_csrf(&current, None, &headers)?;
    let row = save_part_answer(&state, &current, &id, &part, None, |_| answer.clone()).await?;
    let reloaded = load(&state, &row.id).await?;
    let missing = completeness(
        reloaded.published.definition(),
        reloaded.submission.answers(),
    );
    Ok(Json(serde_json::json!({
        "saved": part,
        "revision": row.revision,
        "missing": missing,
    })))
}

/// `GET /api/v1/submissions/{id}`: the submission as JSON, with what is still missing.
pub async fn api_show(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<serde_json::Value>> {
    let loaded = load_own(&state, &current, &id).await?;
    let missing = completeness(loaded.published.definition(), loaded.submission.answers());
    Ok(Json(serde_json::json!({
        "id": id,
        "revision": loaded.row.revision,
        "submission": loaded.submission,
        "missing": missing,
    })))
}

/// `POST /submissions/{id}/parts/{part}/files`: uploads one evidence file (multipart, fields
/// `csrf_token` then `file`) and adds it to a file artifact. Answers JSON when the request
/// accepts it (the upload script shows progress), and otherwise returns to the form.
pub async fn upload(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((id, part)): Path<(String, String)>,
    multipart: Multipart,
) -> Response {
    let json = wants_json(&headers);
    match receive_upload(&state, &current, &headers, &id, &part, multipart).await {
        Ok(uploaded) if json => Json(uploaded).into_response(),
        Ok(_) => Redirect::to(&format!("/submissions/{id}#part-{part}")).into_response(),
        Err(error) if json => ApiError(error).into_response(),
        Err(error) => error.into_response(),
    }
}

/// Reads, checks and stores an uploaded file, and returns its description.
async fn receive_upload(
    state: &AppState,
    current: &CurrentUser,
    headers: &HeaderMap,
    id: &str,
    part: &str,
    mut multipart: Multipart,
) -> WebResult<serde_json::Value> {
    let mut token = None;
    let mut file: Option<(String, String, Bytes)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| WebError::BadRequest(format!("the upload could not be read: {error}")))?
    {
        match field.name() {
            Some("csrf_token") => {
                token = Some(field.text().await.map_err(|error| {
                    WebError::BadRequest(format!("the upload could not be read: {error}"))
                })?);
            }
            Some("file") => {
                let file_name = field.file_name().unwrap_or("evidence").to_owned();
                let media_type = field
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_owned();
                let bytes = field.bytes().await.map_err(|error| {
                    WebError::PayloadTooLarge(format!(
                        "the file could not be received: {error}; upload a smaller file"
                    ))
                })?;
                file = Some((file_name, media_type, bytes));
            }
            _ => {}
        }
    }
    check_csrf(current, token.as_deref(), headers)?;
    let Some((file_name, media_type, bytes)) = file else {
        return Err(WebError::BadRequest(
            "the upload has no `file` field: choose a file and upload again".to_owned(),
        ));
    };
    let loaded = load_own(state, current, id).await?;
    let definition = loaded.published.definition();
    let Some(artifact) = definition
        .requirements
        .artifacts
        .iter()
        .find(|artifact| artifact.id == part)
    else {
        return Err(WebError::NotFound(format!(
            "part `{part}` is not an artifact of `{}`",
            definition.slug
        )));
    };
    if !matches!(artifact.kind, ArtifactKind::File { .. }) {
        return Err(WebError::BadRequest(format!(
            "part `{part}` takes a {}, not a file upload",
            artifact.kind.code()
        )));
    }
    let media_type = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_lowercase();
    // Browsers send application/octet-stream for a file extension they do not know.
    let media_type = match sniff_media_type(&bytes) {
        Some(sniffed) if media_type == "application/octet-stream" || media_type.is_empty() => {
            sniffed.to_owned()
        }
        _ => media_type,
    };
    check_file_type(artifact, &file_name, &media_type, &bytes)?;
    // A part that takes one file gets the new file in place of the old one, so an educator
    // can replace a wrong upload.
    let mut items = match loaded.submission.answers().get(part) {
        Some(Answer::Artifacts { items }) if artifact.max_items > 1 => items.clone(),
        _ => Vec::new(),
    };
    let candidate = ArtifactRef::File {
        content_hash: String::new(),
        file_name: file_name.clone(),
        media_type: media_type.clone(),
        size_bytes: bytes.len() as u64,
    };
    items.push(candidate);
    // Check the artifact's own limits before anything is written to disk.
    let mut trial = loaded.submission.clone();
    trial
        .set_answer(
            part,
            Answer::Artifacts {
                items: items.clone(),
            },
        )
        .map_err(domain_error)?;
    let problems: Vec<Gap> = part_problems(definition, &trial, part)
        .into_iter()
        .filter(|gap| !matches!(gap.issue, Issue::EmptyFile) || bytes.is_empty())
        .collect();
    if let Some(Issue::TooManyItems { max_items, .. }) = problems.first().map(|gap| &gap.issue) {
        return Err(WebError::Unprocessable {
            message: format!(
                "`{file_name}` was not added: \"{}\" accepts at most {max_items} files. \
                 Remove a file with its Remove button, then upload again.",
                artifact.title
            ),
            problems: problems.into_iter().map(|gap| gap.message).collect(),
        });
    }
    if !problems.is_empty() {
        return Err(WebError::Unprocessable {
            message: format!("`{file_name}` was not added: {}", problems[0].message),
            problems: problems.into_iter().map(|gap| gap.message).collect(),
        });
    }
    let stored = state.files.put(&bytes, &media_type).map_err(|error| match error {
        StoreError::FileTypeNotAllowed { .. } => {
            tracing::warn!(submission = %id, %part, %media_type, "the file store does not accept a type the part accepts");
            WebError::UnsupportedMediaType(format!(
                "`{file_name}` was not added: this server does not store {} files, although \
                 \"{}\" lists them. Save it in another format the part accepts, or ask an \
                 administrator to allow {}.",
                media_type_name(&media_type),
                artifact.title,
                media_type_name(&media_type)
            ))
        }
        other => other.into(),
    })?;
    state.store.record_file(&stored).await?;
    let content_hash = format!("sha256:{}", stored.sha256);
    let uploaded = ArtifactRef::File {
        content_hash: content_hash.clone(),
        file_name: file_name.clone(),
        media_type: stored.media_type.clone(),
        size_bytes: stored.size_bytes,
    };
    let multiple = artifact.max_items > 1;
    save_part_answer(state, current, id, part, Some(&uploaded), |fresh| {
        let mut items = match fresh.submission.answers().get(part) {
            Some(Answer::Artifacts { items }) if multiple => items.clone(),
            _ => Vec::new(),
        };
        items.push(uploaded.clone());
        Some(Answer::Artifacts { items })
    })
    .await?;
    tracing::info!(submission = %id, %part, %content_hash, "evidence file uploaded");
    Ok(serde_json::json!({
        "part": part,
        "file_name": file_name,
        "content_hash": content_hash,
        "size_bytes": stored.size_bytes,
    }))
}

/// Returns `answer` without its first file item of `content_hash`, or `None` when no item
/// is left.
fn without_file(answer: Option<&Answer>, content_hash: &str) -> Option<Answer> {
    let Some(Answer::Artifacts { items }) = answer else {
        return answer.cloned();
    };
    let mut items = items.clone();
    let position = items.iter().position(
        |item| matches!(item, ArtifactRef::File { content_hash: hash, .. } if hash == content_hash),
    );
    if let Some(position) = position {
        items.remove(position);
    }
    (!items.is_empty()).then_some(Answer::Artifacts { items })
}

/// `POST /submissions/{id}/parts/{part}/files/{sha256}/remove`: removes one evidence file
/// from a part while the submission is a draft or returned. Returns JSON with what is still
/// missing when the request accepts it, and otherwise returns to the form. The stored file
/// is kept, because earlier attempts or other submissions may use it.
pub async fn remove_file(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((id, part, sha256)): Path<(String, String, String)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let json = wants_json(&headers);
    match remove_file_from_part(&state, &current, &headers, &id, &part, &sha256, &form).await {
        Ok(removed) if json => Json(removed).into_response(),
        Ok(_) => Redirect::to(&format!("/submissions/{id}#part-{part}")).into_response(),
        Err(error) if json => ApiError(error).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn remove_file_from_part(
    state: &AppState,
    current: &CurrentUser,
    headers: &HeaderMap,
    id: &str,
    part: &str,
    sha256: &str,
    form: &CsrfForm,
) -> WebResult<serde_json::Value> {
    check_csrf(current, form.csrf_token.as_deref(), headers)?;
    let content_hash = format!("sha256:{sha256}");
    let loaded = load_own(state, current, id).await?;
    let in_part = match loaded.submission.answers().get(part) {
        Some(Answer::Artifacts { items }) => items.iter().any(|item| {
            matches!(item, ArtifactRef::File { content_hash: hash, .. } if *hash == content_hash)
        }),
        _ => false,
    };
    if !in_part {
        return Err(WebError::NotFound(format!(
            "file `{sha256}` is not in part `{part}` of submission `{id}`: reload the page to see its files"
        )));
    }
    let row = save_part_answer(state, current, id, part, None, |fresh| {
        without_file(fresh.submission.answers().get(part), &content_hash)
    })
    .await?;
    tracing::info!(submission = %id, %part, %content_hash, user = %current.user.id, "evidence file removed");
    let reloaded = load(state, &row.id).await?;
    let missing = completeness(
        reloaded.published.definition(),
        reloaded.submission.answers(),
    );
    Ok(serde_json::json!({
        "part": part,
        "removed": content_hash,
        "revision": row.revision,
        "missing": missing,
    }))
}

/// Rejects a file whose type the artifact does not accept, or whose content is not of the
/// type it claims, naming in plain words what the file is and which formats the part takes.
fn check_file_type(
    artifact: &ArtifactRequirement,
    file_name: &str,
    media_type: &str,
    bytes: &[u8],
) -> WebResult<()> {
    let ArtifactKind::File {
        allowed_media_types,
        ..
    } = &artifact.kind
    else {
        return Ok(());
    };
    let accepted = media_type_names(allowed_media_types);
    let looks_like = sniff_media_type(bytes).map(media_type_name);
    if !media_type_allowed(allowed_media_types, media_type) {
        let found = looks_like.unwrap_or_else(|| media_type_name(media_type));
        return Err(WebError::UnsupportedMediaType(format!(
            "`{file_name}` was not added: it is a {found} file, but \"{}\" accepts {accepted}. \
             Save it in one of those formats and upload it again.",
            artifact.title
        )));
    }
    if !content_fits(media_type, bytes) {
        let content = match looks_like {
            Some(name) => format!("its content is a {name} file"),
            None => "its content is in a format this server does not recognize".to_owned(),
        };
        return Err(WebError::UnsupportedMediaType(format!(
            "`{file_name}` was not added: it is named as a {} file, but {content}. \
             \"{}\" accepts {accepted}: save it in one of those formats and upload it again.",
            media_type_name(media_type),
            artifact.title
        )));
    }
    Ok(())
}

/// `GET /static/submission.js`: autosave and upload progress for the submission form.
pub async fn script() -> ([(header::HeaderName, &'static str); 2], &'static str) {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../templates/submission.js"),
    )
}

/// `GET /submissions/{id}/files/{sha256}`: an evidence file of the submission, for its
/// educator and for assessors who may score it.
pub async fn download(
    State(state): State<AppState>,
    current: CurrentUser,
    Path((id, sha256)): Path<(String, String)>,
) -> WebResult<Response> {
    let loaded = load(&state, &id).await?;
    if loaded.row.educator_id != current.user.id {
        crate::routes::review::require_eligible(&state, &current, &loaded).await?;
        if loaded.submission.attempts().is_empty() {
            return Err(WebError::Forbidden(format!(
                "submission `{id}` is a draft: its files are visible to assessors once submitted"
            )));
        }
    }
    let content_hash = format!("sha256:{sha256}");
    let listed = loaded
        .submission
        .attempts()
        .iter()
        .map(|attempt| &attempt.answers)
        .chain(std::iter::once(loaded.submission.answers()))
        .any(|answers| answers.file_hashes().contains(&content_hash.as_str()));
    if !listed {
        return Err(WebError::NotFound(format!(
            "file `{sha256}` is not part of submission `{id}`"
        )));
    }
    let file = state.store.stored_file(&sha256).await?;
    let bytes = state.files.get(&sha256)?;
    let mut response = bytes.into_response();
    let media_type = HeaderValue::from_str(&file.media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media_type);
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    Ok(response)
}

/// Body of the submit form.
#[derive(Debug, Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    pub csrf_token: Option<String>,
    /// The revisions since the last attempt, required when resubmitting.
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /submissions/{id}/submit`: submits the answers as a new attempt. An incomplete
/// submission is rejected with every missing part listed, and nothing changes.
pub async fn submit(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<SubmitForm>,
) -> WebResult<Redirect> {
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let loaded = load_own(&state, &current, &id).await?;
    let mut submission = loaded.submission.clone();
    let attempt = submission
        .submit(&loaded.published, Role::Educator, form.note.as_deref())
        .map_err(domain_error)?
        .number;
    let change = change_of(&submission, None)?;
    state
        .store
        .update_submission(&id, loaded.row.revision, &change)
        .await?;
    tracing::info!(submission = %id, attempt, user = %current.user.id, "submission submitted");
    Ok(Redirect::to(&format!("/submissions/{id}")))
}
