//! Turning awards into signed Open Badges 3.0 credentials, revoking them, and publishing
//! the status lists that carry revocations.
//!
//! An award is recorded in the same transaction as the review that earned it; the
//! credential is signed right after. If signing fails or the server stops in between, the
//! award stays without a credential until [`issue_pending`] runs, which the server does
//! at start and whenever an educator opens their credentials. Issuing is idempotent: an
//! award never gets two credentials (the store enforces one per award).

use std::collections::BTreeSet;
use std::sync::Arc;

use evident_credentials::award::{
    AchievementInfo, Award, CaseAlignment, CriterionResult, EvidenceRef, IssuerProfile, Recipient,
    RubricCriterion, RubricLevel, StatusAssignment, new_salt,
};
use evident_credentials::resolver::LocalResolver;
use evident_credentials::status_list::{MIN_LIST_LENGTH, allocate_index};
use evident_credentials::verify::{VerificationReport, verify_credential};
use evident_domain::{MicroCredentialDefinition, PassRule};
use evident_store::{AwardRow, CredentialRow, NewCredential, StoreError};
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::{WebError, WebResult};
use crate::routes::submissions::load;
use crate::state::AppState;

/// How often issuing retries when another server took the same status index at once.
const INDEX_ATTEMPTS: usize = 5;
/// How often re-signing a status list retries when another server re-signed it first.
const RESIGN_ATTEMPTS: usize = 10;

fn signing_error(error: evident_credentials::CredentialError) -> WebError {
    WebError::Internal(format!("signing failed: {error}"))
}

/// Builds the server's issuer for `public_url`: its `did:web` DID comes from the URL, and
/// its profile names the platform. Each credential's issuer name is then set to the
/// organization that owns the micro-credential.
///
/// # Errors
///
/// When `public_url` cannot name a `did:web` DID (a query, a fragment, another scheme).
pub fn platform_issuer(
    public_url: &str,
    keys: evident_credentials::keys::IssuerKeyStore,
) -> evident_credentials::Result<evident_credentials::issuer::Issuer> {
    let profile = IssuerProfile {
        id: String::new(),
        name: "Evident".to_owned(),
        url: Some(public_url.to_owned()),
        image_url: None,
        description: None,
    };
    evident_credentials::issuer::Issuer::new(public_url, keys, profile)
}

/// URL of the public page of a credential.
pub fn credential_page_url(state: &AppState, credential_id: &str) -> String {
    format!("{}/credentials/{credential_id}", state.config.public_url)
}

/// URL of a status list credential.
pub fn status_list_url(state: &AppState, list: i64) -> String {
    format!("{}/status/{list}", state.config.public_url)
}

/// Issues the credential of one award, or returns the one it already has.
pub async fn issue_for_award(state: &AppState, award_id: &str) -> WebResult<CredentialRow> {
    if let Some(existing) = state.store.credential_for_award(award_id).await? {
        return Ok(existing);
    }
    let award = state.store.award(award_id).await?;
    let mut last_conflict = None;
    for _ in 0..INDEX_ATTEMPTS {
        let list = current_status_list(state).await?;
        let used = state.store.used_status_indices(list).await?;
        let index = allocate_index(&used, MIN_LIST_LENGTH).map_err(signing_error)?;
        let uuid = uuid::Uuid::new_v4().to_string();
        let document = sign_award(state, &award, &uuid, list, index).await?;
        let new = NewCredential {
            id: uuid,
            award_id: award.id.clone(),
            educator_id: award.educator_id.clone(),
            microcredential_id: award.microcredential_id.clone(),
            status_list: list,
            status_index: i64::try_from(index)
                .map_err(|_| WebError::Internal(format!("status index {index} is too large")))?,
            document_json: document.to_string(),
            issued_at: award.awarded_at,
        };
        match state.store.insert_credential(&new).await {
            Ok(row) => {
                tracing::info!(
                    credential = %row.id,
                    award = %award.id,
                    status_list = list,
                    "credential issued"
                );
                return Ok(row);
            }
            Err(StoreError::Conflict(message)) => {
                if let Some(existing) = state.store.credential_for_award(award_id).await? {
                    return Ok(existing);
                }
                last_conflict = Some(message);
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(WebError::Conflict(format!(
        "could not give award `{award_id}` a status index: {}; try again",
        last_conflict.unwrap_or_default()
    )))
}

/// Issues credentials for every award that has none. Returns how many were issued; an
/// award that fails is logged and left for the next run.
pub async fn issue_pending(state: &AppState) -> WebResult<usize> {
    let mut issued = 0;
    for award_id in state.store.awards_without_credential().await? {
        match issue_for_award(state, &award_id).await {
            Ok(_) => issued += 1,
            Err(error) => {
                tracing::error!(award = %award_id, %error, "could not issue credential");
            }
        }
    }
    Ok(issued)
}

/// Returns the status list that new credentials go into: the newest one with room, or a
/// new one.
async fn current_status_list(state: &AppState) -> WebResult<i64> {
    let latest = state.store.latest_status_list().await?;
    let list = match latest {
        Some(list) => {
            let used = state.store.used_status_indices(list).await?.len();
            // Random indices need free room to stay unpredictable; open a new list well
            // before this one is full.
            if used < MIN_LIST_LENGTH / 2 {
                list
            } else {
                list + 1
            }
        }
        None => 1,
    };
    if state.store.status_list(list).await?.is_none() {
        let document = sign_status_list(state, list, BTreeSet::new()).await?;
        state
            .store
            .create_status_list(list, &document.to_string())
            .await?;
    }
    Ok(list)
}

async fn sign_status_list(
    state: &AppState,
    list: i64,
    revoked: BTreeSet<usize>,
) -> WebResult<Value> {
    let issuer = Arc::clone(&state.issuer);
    let url = status_list_url(state, list);
    tokio::task::spawn_blocking(move || issuer.status_list(&url, revoked))
        .await
        .map_err(|error| WebError::Internal(format!("signing task failed: {error}")))?
        .map_err(signing_error)
}

/// Re-signs a status list from the revocations stored now. Retries when another server
/// re-signed the list between the read and the write, so no revocation is lost.
pub async fn resign_status_list(state: &AppState, list: i64) -> WebResult<()> {
    for _ in 0..RESIGN_ATTEMPTS {
        let Some(current) = state.store.status_list(list).await? else {
            return Err(WebError::Internal(format!("status list {list} is missing")));
        };
        let revoked = state.store.revoked_status_indices(list).await?;
        let count = revoked.len();
        let document = sign_status_list(state, list, revoked).await?;
        if state
            .store
            .replace_status_list(list, current.revision, &document.to_string())
            .await?
        {
            tracing::info!(status_list = list, revoked = count, "status list re-signed");
            return Ok(());
        }
    }
    Err(WebError::Conflict(format!(
        "status list {list} kept changing while it was re-signed; try again"
    )))
}

/// Revokes a credential with a reason and re-signs its status list at once. Revoking a
/// revoked credential changes nothing and keeps the first reason. The returned flag is
/// true when this call revoked it.
pub async fn revoke(
    state: &AppState,
    credential_id: &str,
    actor_id: &str,
    reason: &str,
) -> WebResult<(CredentialRow, bool)> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(WebError::BadRequest(
            "a reason is required to revoke a credential: say why, for example \"evidence was not the educator's own work\"".into(),
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(WebError::BadRequest(format!(
            "the reason is {} characters long: shorten it to 1000 or fewer",
            reason.chars().count()
        )));
    }
    let existing = state.store.credential(credential_id).await?;
    if existing.revoked_at.is_some() {
        return Ok((existing, false));
    }
    let row = match state
        .store
        .revoke_credential(credential_id, actor_id, reason)
        .await
    {
        Ok(row) => row,
        // Another request revoked it in between.
        Err(StoreError::Conflict(_)) => {
            return Ok((state.store.credential(credential_id).await?, false));
        }
        Err(error) => return Err(error.into()),
    };
    state
        .store
        .record_audit(
            Some(actor_id),
            "credential.revoke",
            "credential",
            credential_id,
            reason,
        )
        .await?;
    resign_status_list(state, row.status_list).await?;
    tracing::info!(credential = %credential_id, actor = %actor_id, "credential revoked");
    Ok((row, true))
}

/// Verifies a credential with this server's own DID document and status lists, the same
/// checks an outside verifier makes after fetching them.
pub async fn verify(state: &AppState, credential: Value) -> WebResult<VerificationReport> {
    let mut resolver =
        LocalResolver::new().with(state.issuer.did().did(), state.issuer.did_document());
    if let Some(list) = state.store.latest_status_list().await? {
        for id in 1..=list {
            if let Some(row) = state.store.status_list(id).await? {
                let document: Value = serde_json::from_str(&row.document_json).map_err(|e| {
                    WebError::Internal(format!("stored status list {id} is invalid: {e}"))
                })?;
                resolver.insert(&status_list_url(state, id), document);
            }
        }
    }
    tokio::task::spawn_blocking(move || verify_credential(&credential, &resolver))
        .await
        .map_err(|error| WebError::Internal(format!("verification task failed: {error}")))
}

/// Builds and signs the credential of `award`.
async fn sign_award(
    state: &AppState,
    award: &AwardRow,
    uuid: &str,
    list: i64,
    index: usize,
) -> WebResult<Value> {
    let loaded = load(state, &award.submission_id).await?;
    let definition = loaded.published.definition().clone();
    let microcredential = state
        .store
        .microcredential(&award.microcredential_id)
        .await?;
    let issuer_name = match &microcredential.org_id {
        Some(org) => state.store.organization(org).await?.name,
        None => "Evident".to_owned(),
    };
    let educator = state.store.user(&award.educator_id).await?;
    let earned = loaded
        .submission
        .attempts()
        .iter()
        .rev()
        .find_map(|attempt| {
            attempt
                .result
                .as_ref()
                .map(|result| (attempt.number, result))
        })
        .ok_or_else(|| {
            WebError::Internal(format!(
                "award `{}` has no scored attempt in submission `{}`",
                award.id, award.submission_id
            ))
        })?;
    let achievement_id = format!(
        "{}/microcredentials/{}?version={}",
        state.config.public_url, microcredential.slug, award.version
    );
    let rubric = rubric_of(&definition, &achievement_id);
    let results = earned
        .1
        .scores
        .iter()
        .map(|score| CriterionResult {
            criterion_id: criterion_uri(&achievement_id, &score.criterion_id),
            achieved_level_id: level_uri(&achievement_id, &score.criterion_id, &score.level_id),
        })
        .collect();
    let issued_at = OffsetDateTime::from_unix_timestamp(award.awarded_at)
        .map_err(|_| WebError::Internal(format!("award time {} is invalid", award.awarded_at)))?;
    let input = Award {
        credential_id: format!("urn:uuid:{uuid}"),
        achievement: achievement_of(
            &definition,
            &achievement_id,
            &state.config.public_url,
            &microcredential.slug,
        ),
        alignment: Some(alignment_of(&definition, &state.config.public_url)),
        rubric,
        results,
        evidence: vec![EvidenceRef {
            url: Some(format!(
                "{}/submissions/{}",
                state.config.public_url, award.submission_id
            )),
            name: Some(format!("Assessed submission, attempt {}", earned.0)),
            narrative: None,
            description: Some(
                "Evidence from the educator's practice, scored blind by a trained assessor \
                 against the published rubric. The submission is private: the link opens only \
                 for the educator who submitted it."
                    .to_owned(),
            ),
        }],
        recipient: Recipient {
            email: Some(educator.email.trim().to_lowercase()),
            salt: Some(new_salt().map_err(signing_error)?),
            did: educator.did.clone(),
        },
        issued_at,
        valid_until: None,
        status: Some(StatusAssignment {
            list_url: status_list_url(state, list),
            index,
        }),
    };
    let mut profile: IssuerProfile = state.issuer.profile().clone();
    profile.name = issuer_name;
    let issuer = Arc::clone(&state.issuer);
    tokio::task::spawn_blocking(move || {
        let unsigned = input.to_credential(&profile)?;
        issuer.sign(&unsigned)
    })
    .await
    .map_err(|error| WebError::Internal(format!("signing task failed: {error}")))?
    .map_err(signing_error)
}

/// Builds the achievement of a published definition, identified by `achievement_id`.
fn achievement_of(
    definition: &MicroCredentialDefinition,
    achievement_id: &str,
    public_url: &str,
    slug: &str,
) -> AchievementInfo {
    AchievementInfo {
        id: achievement_id.to_owned(),
        name: definition.title.clone(),
        description: if definition.summary.trim().is_empty() {
            definition.key_method.clone()
        } else {
            definition.summary.clone()
        },
        criteria_narrative: criteria_narrative(definition),
        criteria_url: Some(achievement_id.to_owned()),
        image_url: Some(format!("{public_url}/microcredentials/{slug}/badge.svg")),
        credits_available: definition.credits.map(evident_domain::Credits::as_f64),
        human_code: Some(slug.to_owned()),
    }
}

/// Builds the alignment to the definition's competency. The target URL is this server's
/// CASE API, which serves the item of every imported framework, so the link resolves
/// even when the publisher's own item URI does not.
fn alignment_of(definition: &MicroCredentialDefinition, public_url: &str) -> CaseAlignment {
    let competency = &definition.competency;
    CaseAlignment {
        target_url: format!(
            "{public_url}/ims/case/v1p1/CFItems/{}",
            competency.identifier
        ),
        target_name: competency
            .name
            .clone()
            .unwrap_or_else(|| competency.statement.clone()),
        target_code: Some(competency.human_code.clone()).filter(|code| !code.is_empty()),
        target_framework: Some(competency.framework_title.clone())
            .filter(|title| !title.is_empty()),
        target_description: Some(competency.statement.clone()),
    }
}

fn criterion_uri(achievement_id: &str, criterion: &str) -> String {
    format!("{achievement_id}#criterion-{criterion}")
}

fn level_uri(achievement_id: &str, criterion: &str, level: &str) -> String {
    format!("{achievement_id}#criterion-{criterion}-level-{level}")
}

/// Converts the rubric to OB 3.0 result descriptions: one per criterion with its levels,
/// lowest first, and the required level when the pass rule sets one for every criterion.
fn rubric_of(definition: &MicroCredentialDefinition, achievement_id: &str) -> Vec<RubricCriterion> {
    let required = match &definition.pass_rule {
        PassRule::NonCompensatory { min_level } => Some(min_level.as_str()),
        PassRule::CountBased { .. } => None,
    };
    // Definitions may list levels in any order; credentials list them lowest first.
    let levels = definition.rubric.levels_by_score();
    definition
        .rubric
        .criteria
        .iter()
        .map(|criterion| RubricCriterion {
            id: criterion_uri(achievement_id, &criterion.id),
            name: criterion.title.clone(),
            required_level: required
                .filter(|_| !criterion.optional)
                .map(|level| level_uri(achievement_id, &criterion.id, level)),
            levels: levels
                .iter()
                .map(|level| RubricLevel {
                    id: level_uri(achievement_id, &criterion.id, &level.id),
                    name: level.title.clone(),
                    level: Some(level.id.clone()),
                    points: Some(level.score.to_string()),
                    description: criterion
                        .descriptors
                        .iter()
                        .find(|descriptor| descriptor.level_id == level.id)
                        .map(|descriptor| descriptor.text.clone())
                        .filter(|text| !text.trim().is_empty()),
                })
                .collect(),
        })
        .collect()
}

/// The criteria narrative (Markdown): the key method, what was submitted and the pass rule.
fn criteria_narrative(definition: &MicroCredentialDefinition) -> String {
    let mut text = format!(
        "Earned by applying the key method in practice and submitting evidence that a \
         trained assessor scored against the public rubric.\n\n**Key method:** {}\n\n",
        definition.key_method.trim()
    );
    if !definition.method_components.is_empty() {
        text.push_str("**Method components:**\n\n");
        for component in &definition.method_components {
            text.push_str(&format!("- {}\n", component.title.trim()));
        }
        text.push('\n');
    }
    text.push_str(&format!(
        "**Pass rule:** {}\n",
        definition.pass_rule.describe(&definition.rubric)
    ));
    text
}
