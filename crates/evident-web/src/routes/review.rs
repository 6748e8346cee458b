//! The assessor's side: a queue of submissions they may score, a blind view of the evidence,
//! scoring per criterion with feedback, and the decision that follows from the pass rule.
//! Issuer admins see evidence files that different educators submitted and that were scored
//! differently.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use evident_domain::{
    Answer, ArtifactRef, EligibilityPolicy, EvidenceRecord, Outcome, Participant, Role, Score,
    check_eligibility, find_conflicting_duplicates,
};
use evident_store::NewReview;

use crate::auth::{CurrentUser, check_csrf};
use crate::error::{WebError, WebResult};
use crate::forms::Form;
use crate::routes::microcredentials::{AUTHORS, domain_error, part_views};
use crate::routes::submissions::{
    AttemptView, Loaded, attempt_views, change_of, load, school_of, state_label,
};
use crate::state::AppState;
use crate::templates::PageContext;

/// Roles that may score submissions.
pub const ASSESSORS: [Role; 1] = [Role::Assessor];

/// Schools the user belongs to: the school of their home organization and every school
/// where they hold a role.
fn schools_of(current: &CurrentUser) -> Vec<String> {
    let tree = current.access.tree();
    let mut schools: Vec<String> = school_of(&current.access, &current.user)
        .into_iter()
        .collect();
    for grant in current.access.grants() {
        if let Some(school) = tree.school_of(&grant.organization)
            && !schools.contains(school)
        {
            schools.push(school.clone());
        }
    }
    schools
}

/// Checks that the signed-in user is an assessor who may score `loaded`: never their own
/// submission and, by default, none from a school they share with the educator.
pub(crate) async fn require_eligible(
    _state: &AppState,
    current: &CurrentUser,
    loaded: &Loaded,
) -> WebResult<()> {
    current.access.require_any(&ASSESSORS)?;
    let assessor = Participant {
        user: current.user.id.clone(),
        schools: schools_of(current),
    };
    let educator = Participant {
        user: loaded.row.educator_id.clone(),
        schools: loaded.row.school_id.iter().cloned().collect(),
    };
    check_eligibility(&assessor, &educator, EligibilityPolicy::default()).map_err(domain_error)
}

struct QueueEntry {
    id: String,
    title: String,
    state: String,
    attempt: usize,
    held_by_me: bool,
}

#[derive(Template)]
#[template(path = "review_queue.html")]
struct QueuePage {
    page: PageContext,
    entries: Vec<QueueEntry>,
    /// Outcome of the assessor's last scoring, shown once after the redirect.
    notice: Option<&'static str>,
}

/// Query of the review queue: the outcome of the scoring that led here.
#[derive(Debug, Default, serde::Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    scored: Option<String>,
}

/// `GET /review`: submitted work this assessor may score, and work they hold in review.
/// Educators' names and schools are not shown.
pub async fn queue(
    State(state): State<AppState>,
    current: CurrentUser,
    axum::extract::Query(query): axum::extract::Query<QueueQuery>,
) -> WebResult<Html<String>> {
    current.access.require_any(&ASSESSORS)?;
    let mut entries = Vec::new();
    for row in state
        .store
        .submissions_in_states(&["submitted", "in_review"])
        .await?
    {
        let held_by_me = row.assessor_id.as_deref() == Some(current.user.id.as_str());
        if row.state == "in_review" && !held_by_me {
            continue;
        }
        let loaded = load(&state, &row.id).await?;
        if require_eligible(&state, &current, &loaded).await.is_err() {
            continue;
        }
        entries.push(QueueEntry {
            id: row.id.clone(),
            title: loaded.published.definition().title.clone(),
            state: state_label(loaded.submission.state()),
            attempt: loaded.submission.attempts().len(),
            held_by_me,
        });
    }
    let notice = match query.scored.as_deref() {
        Some("pass") => Some(
            "Scores recorded: the submission met the pass rule, and the educator's credential was issued.",
        ),
        Some("not_yet") => {
            Some("Scores recorded: the submission went back to the educator with your feedback.")
        }
        _ => None,
    };
    let page = QueuePage {
        page: PageContext::for_user(Some(&current)),
        entries,
        notice,
    };
    Ok(Html(page.render()?))
}

/// One part of the evidence, as shown to the assessor.
struct EvidenceView {
    title: String,
    texts: Vec<String>,
    links: Vec<String>,
    files: Vec<(String, String)>,
}

/// One criterion row of the scoring form.
struct CriterionForm {
    id: String,
    title: String,
    description: String,
    optional: bool,
    /// (level id, level title, descriptor)
    levels: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "review.html")]
struct ReviewPage {
    page: PageContext,
    id: String,
    title: String,
    version: u32,
    state: String,
    attempt: usize,
    note: Option<String>,
    can_claim: bool,
    can_score: bool,
    can_release: bool,
    evidence: Vec<EvidenceView>,
    criteria: Vec<CriterionForm>,
    pass_rule: String,
    history: Vec<AttemptView>,
}

/// `GET /review/{id}`: the evidence of the latest attempt without the educator's identity,
/// and the scoring form.
pub async fn show(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
) -> WebResult<Html<String>> {
    let loaded = load(&state, &id).await?;
    require_eligible(&state, &current, &loaded).await?;
    let definition = loaded.published.definition();
    let submission = &loaded.submission;
    let state_code = submission.state().code();
    let held_by_me = loaded.row.assessor_id.as_deref() == Some(current.user.id.as_str());
    if state_code == "draft" {
        return Err(WebError::NotFound(format!(
            "submission `{id}` has not been submitted"
        )));
    }
    let latest = submission.latest_attempt();
    let answers = latest.map_or(submission.answers(), |attempt| &attempt.answers);
    let evidence = part_views(definition)
        .into_iter()
        .map(|view| {
            let mut item = EvidenceView {
                title: view.title,
                texts: Vec::new(),
                links: Vec::new(),
                files: Vec::new(),
            };
            match answers.get(&view.id) {
                Some(Answer::Text { text }) => item.texts.push(text.clone()),
                Some(Answer::Artifacts { items }) => {
                    for artifact in items {
                        match artifact {
                            ArtifactRef::Text { text } => item.texts.push(text.clone()),
                            ArtifactRef::Link { url } => item.links.push(url.clone()),
                            ArtifactRef::File {
                                content_hash,
                                file_name,
                                ..
                            } => item.files.push((
                                file_name.clone(),
                                content_hash.trim_start_matches("sha256:").to_owned(),
                            )),
                        }
                    }
                }
                None => {}
            }
            item
        })
        .collect();
    let rubric = &definition.rubric;
    let criteria = rubric
        .criteria
        .iter()
        .map(|criterion| CriterionForm {
            id: criterion.id.clone(),
            title: criterion.title.clone(),
            description: criterion.description.clone(),
            optional: criterion.optional,
            levels: rubric
                .levels
                .iter()
                .map(|level| {
                    let descriptor = criterion
                        .descriptors
                        .iter()
                        .find(|descriptor| descriptor.level_id == level.id)
                        .map(|descriptor| descriptor.text.clone())
                        .unwrap_or_default();
                    (level.id.clone(), level.title.clone(), descriptor)
                })
                .collect(),
        })
        .collect();
    let page = ReviewPage {
        page: PageContext::for_user(Some(&current)),
        id: id.clone(),
        title: definition.title.clone(),
        version: loaded.published.version(),
        state: state_label(submission.state()),
        attempt: submission.attempts().len(),
        note: latest.and_then(|attempt| attempt.note.clone()),
        can_claim: state_code == "submitted",
        can_score: state_code == "in_review" && held_by_me,
        can_release: state_code == "in_review" && held_by_me,
        evidence,
        criteria,
        pass_rule: definition.pass_rule.describe(rubric),
        history: attempt_views(definition, submission)
            .into_iter()
            .filter(|attempt| attempt.outcome.is_some())
            .collect(),
    };
    Ok(Html(page.render()?))
}

/// Body of the claim form.
#[derive(Debug, serde::Deserialize)]
pub struct ClaimForm {
    #[serde(default)]
    pub csrf_token: Option<String>,
}

/// `POST /review/{id}/claim`: takes a submitted submission into review by this assessor.
pub async fn claim(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ClaimForm>,
) -> WebResult<Redirect> {
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let loaded = load(&state, &id).await?;
    require_eligible(&state, &current, &loaded).await?;
    let mut submission = loaded.submission.clone();
    submission
        .start_review(Role::Assessor)
        .map_err(domain_error)?;
    let change = change_of(&submission, Some(current.user.id.clone()))?;
    state
        .store
        .update_submission(&id, loaded.row.revision, &change)
        .await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "review_started",
            "submission",
            &id,
            "",
        )
        .await?;
    tracing::info!(submission = %id, assessor = %current.user.id, "review started");
    Ok(Redirect::to(&format!("/review/{id}")))
}

/// `POST /review/{id}/release`: puts a submission in review back in the queue, unscored.
/// The assessor who claimed it may release it, and so may an issuer admin of the
/// organization that issues the micro-credential, for a review that has stalled.
pub async fn release(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<ClaimForm>,
) -> WebResult<Redirect> {
    check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let loaded = load(&state, &id).await?;
    let claimant = loaded.row.assessor_id.as_deref() == Some(current.user.id.as_str());
    // The claimant returns to the queue, an issuer admin to the micro-credential's page.
    let (actor, next_page) = if claimant {
        (Role::Assessor, "/review".to_owned())
    } else {
        let microcredential = state
            .store
            .microcredential(&loaded.row.microcredential_id)
            .await?;
        let issuer_admin = microcredential
            .org_id
            .as_deref()
            .is_some_and(|org| current.access.holds(Role::IssuerAdmin, org));
        if !issuer_admin {
            return Err(WebError::Forbidden(format!(
                "submission `{id}` is not in review by you: only the assessor who started the \
                 review or an issuer admin of the issuing organization can release it"
            )));
        }
        let next_page = format!("/manage/microcredentials/{}", microcredential.slug);
        (Role::IssuerAdmin, next_page)
    };

    let mut submission = loaded.submission.clone();
    submission.release_review(actor).map_err(domain_error)?;
    let change = change_of(&submission, None)?;
    state
        .store
        .update_submission(&id, loaded.row.revision, &change)
        .await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "review_released",
            "submission",
            &id,
            "",
        )
        .await?;
    tracing::info!(submission = %id, user = %current.user.id, role = %actor.code(), "review released");
    Ok(Redirect::to(&next_page))
}

/// Reads the scores from form fields `level.<criterion id>` and `feedback.<criterion id>`.
/// A criterion left without a level is not scored; the rubric check then names it unless
/// it is optional.
fn scores_from_form(
    fields: &HashMap<String, String>,
    rubric: &evident_domain::Rubric,
) -> Vec<Score> {
    let mut scores: Vec<Score> = fields
        .iter()
        .filter_map(|(name, level)| {
            let criterion = name.strip_prefix("level.")?;
            if level.trim().is_empty() {
                return None;
            }
            Some(Score {
                criterion_id: criterion.to_owned(),
                level_id: level.trim().to_owned(),
                feedback: fields
                    .get(&format!("feedback.{criterion}"))
                    .map(|text| text.trim().to_owned())
                    .unwrap_or_default(),
            })
        })
        .collect();
    // In rubric order, so feedback and credentials list criteria as the rubric does;
    // criteria the rubric lacks (rejected later) go last.
    let position = |criterion: &str| {
        rubric
            .criteria
            .iter()
            .position(|c| c.id == criterion)
            .unwrap_or(usize::MAX)
    };
    scores.sort_by(|a, b| {
        position(&a.criterion_id)
            .cmp(&position(&b.criterion_id))
            .then_with(|| a.criterion_id.cmp(&b.criterion_id))
    });
    scores
}

/// `POST /review/{id}/scores`: records a level and feedback per criterion. The decision
/// follows from the pass rule: a pass earns the micro-credential and creates an award,
/// otherwise the submission returns to the educator with the feedback.
pub async fn score(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> WebResult<Redirect> {
    check_csrf(
        &current,
        fields.get("csrf_token").map(String::as_str),
        &headers,
    )?;
    let loaded = load(&state, &id).await?;
    require_eligible(&state, &current, &loaded).await?;
    if loaded.row.assessor_id.as_deref() != Some(current.user.id.as_str()) {
        let why = match loaded.row.state.as_str() {
            "earned" | "returned" => {
                "it has already been scored; the result is on the educator's page"
            }
            "in_review" => "another assessor is reviewing it",
            "submitted" => "start the review from the queue first",
            _ => "it is not waiting for review",
        };
        return Err(WebError::Conflict(format!(
            "submission `{id}` is not in review by you: {why}"
        )));
    }
    let scores = scores_from_form(&fields, &loaded.published.definition().rubric);
    let mut submission = loaded.submission.clone();
    let decision = submission
        .record_scores(&loaded.published, Role::Assessor, scores.clone())
        .map_err(domain_error)?
        .clone();
    let attempt = submission.attempts().len() as i64;
    let change = change_of(&submission, None)?;
    let review = NewReview {
        attempt,
        assessor_id: current.user.id.clone(),
        scores: scores
            .into_iter()
            .map(|score| (score.criterion_id, score.level_id, score.feedback))
            .collect(),
        earned: decision.outcome == Outcome::Pass,
    };
    let (_, award) = state
        .store
        .record_review(&id, loaded.row.revision, &change, &review)
        .await?;
    tracing::info!(
        submission = %id,
        assessor = %current.user.id,
        outcome = %decision.outcome,
        award = ?award.as_ref().map(|award| &award.id),
        "submission scored"
    );
    if let Some(award) = award {
        // The award is stored; a failure here leaves it for `issue_pending` to retry.
        if let Err(error) = crate::issuance::issue_for_award(&state, &award.id).await {
            tracing::error!(award = %award.id, %error, "could not issue credential; will retry");
        }
    }
    flag_conflicting_evidence(&state).await?;
    Ok(Redirect::to(&format!(
        "/review?scored={}",
        decision.outcome.code()
    )))
}

/// Looks for evidence files that different educators submitted and that were scored
/// differently, and stores a flag for each so issuer admins can moderate.
///
/// NOTE: this reads every scored submission after each review, which is fine for a
/// district but grows linearly; an index of file hashes per attempt would bound it.
async fn flag_conflicting_evidence(state: &AppState) -> WebResult<()> {
    let mut records = Vec::new();
    for row in state
        .store
        .submissions_in_states(&["returned", "earned"])
        .await?
    {
        let loaded = load(state, &row.id).await?;
        for attempt in loaded.submission.attempts() {
            let Some(result) = &attempt.result else {
                continue;
            };
            records.push(EvidenceRecord {
                submission: format!("{}#{}", row.id, attempt.number),
                educator: row.educator_id.clone(),
                content_hashes: attempt
                    .answers
                    .file_hashes()
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
                outcome: result.decision.outcome,
            });
        }
    }
    for duplicate in find_conflicting_duplicates(&records) {
        let uses: Vec<_> = duplicate
            .uses
            .iter()
            .map(|item| {
                serde_json::json!({
                    "submission": item.submission,
                    "educator": item.educator,
                    "outcome": item.outcome.code(),
                })
            })
            .collect();
        let uses_json = serde_json::Value::Array(uses).to_string();
        state
            .store
            .save_evidence_flag(&duplicate.content_hash, &uses_json)
            .await?;
        tracing::warn!(content_hash = %duplicate.content_hash, "evidence scored differently for different educators");
    }
    Ok(())
}

struct FlagView {
    content_hash: String,
    uses: Vec<(String, String, String)>,
}

#[derive(Template)]
#[template(path = "evidence_flags.html")]
struct FlagsPage {
    page: PageContext,
    flags: Vec<FlagView>,
}

/// `GET /review/flags`: evidence files submitted by different educators and scored
/// differently, for issuer admins.
pub async fn flags(State(state): State<AppState>, current: CurrentUser) -> WebResult<Html<String>> {
    current.access.require_any(&AUTHORS)?;
    let mut flags = Vec::new();
    for flag in state.store.evidence_flags().await? {
        let uses: Vec<serde_json::Value> = serde_json::from_str(&flag.uses_json)
            .map_err(|error| WebError::Internal(format!("stored evidence flag: {error}")))?;
        let mut rows = Vec::new();
        for item in uses {
            let text = |key: &str| item[key].as_str().unwrap_or_default().to_owned();
            let educator = match state.store.user(&text("educator")).await {
                Ok(user) => user.display_name,
                Err(_) => text("educator"),
            };
            rows.push((text("submission"), educator, text("outcome")));
        }
        flags.push(FlagView {
            content_hash: flag.content_hash,
            uses: rows,
        });
    }
    let page = FlagsPage {
        page: PageContext::for_user(Some(&current)),
        flags,
    };
    Ok(Html(page.render()?))
}
