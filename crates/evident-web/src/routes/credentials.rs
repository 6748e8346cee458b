//! Credentials on the web: the issuer's DID document, status lists, each credential's
//! public page with live verification and share links, downloads (JSON and baked PNG and
//! SVG), the educator's list, and revocation by issuer admins.

use std::collections::HashMap;

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use evident_credentials::baking::{bake_png, bake_svg};
use evident_credentials::verify::{Check, Outcome, StepStatus, VerificationReport};
use evident_domain::accounts::Role;
use evident_store::CredentialRow;
use serde::Deserialize;
use serde_json::{Value, json};
use time::OffsetDateTime;

use crate::auth::{CurrentUser, MaybeUser, check_csrf};
use crate::badge::{BADGE_PNG, badge_svg};
use crate::error::{ApiError, ApiResult, WebError, WebResult};
use crate::forms::{Form, JsonBody, percent_encode};
use crate::issuance::{self, credential_page_url};
use crate::routes::microcredentials::{AUTHORS, latest_published};
use crate::state::AppState;
use crate::templates::PageContext;

/// `GET /.well-known/did.json`: the issuer's DID document with every key, old ones
/// included, so credentials signed before a key rotation still verify.
pub async fn did_document(State(state): State<AppState>) -> Response {
    json_response(&state.issuer.did_document(), "application/did+json", 300)
}

/// `GET /status/{list}`: a signed revocation status list.
pub async fn status_list(
    State(state): State<AppState>,
    Path(list): Path<String>,
) -> WebResult<Response> {
    let number: i64 = list.parse().map_err(|_| {
        WebError::NotFound(format!(
            "status list `{list}` does not exist: status lists are numbered from 1"
        ))
    })?;
    let row =
        state.store.status_list(number).await?.ok_or_else(|| {
            WebError::NotFound(format!("status list {number} has not been created"))
        })?;
    // A short cache: verifiers must see a revocation soon after it happens.
    Ok(text_response(
        row.document_json,
        "application/vc+ld+json",
        60,
    ))
}

fn json_response(value: &Value, content_type: &'static str, max_age: u32) -> Response {
    text_response(value.to_string(), content_type, max_age)
}

fn text_response(body: String, content_type: &'static str, max_age: u32) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("public, max-age={max_age}")) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    response
}

/// A stored credential with its signed document parsed.
struct Loaded {
    row: CredentialRow,
    document: Value,
}

async fn load(state: &AppState, id: &str) -> WebResult<Loaded> {
    let row = state
        .store
        .credential(id)
        .await
        .map_err(|error| match error {
            evident_store::StoreError::NotFound { .. } => WebError::NotFound(format!(
                "no credential `{id}`: check the link you were given"
            )),
            other => other.into(),
        })?;
    let document = serde_json::from_str(&row.document_json)
        .map_err(|e| WebError::Internal(format!("stored credential `{id}` is invalid: {e}")))?;
    Ok(Loaded { row, document })
}

/// Returns whether `current` may revoke credentials of the micro-credential
/// `microcredential_id`: an issuer admin of its organization (or above) or a platform admin.
async fn may_revoke(
    state: &AppState,
    current: &CurrentUser,
    microcredential_id: &str,
) -> WebResult<bool> {
    let microcredential = state.store.microcredential(microcredential_id).await?;
    Ok(match &microcredential.org_id {
        Some(org) => current.access.require_in(&AUTHORS, org).is_ok(),
        None => current.access.holds_anywhere(Role::PlatformAdmin),
    })
}

struct CriterionResultView {
    criterion: String,
    level: String,
    met: Option<bool>,
}

struct StepView {
    check: String,
    status: &'static str,
    message: String,
}

struct VerificationView {
    outcome: &'static str,
    summary: String,
    good: bool,
    steps: Vec<StepView>,
}

/// The fields of a credential that its page shows, read from the signed document itself.
struct CredentialView {
    id: String,
    name: String,
    description: String,
    /// The criteria narrative rendered from Markdown, escaped.
    criteria_html: String,
    achievement_url: String,
    image_url: String,
    competency: Option<(String, String, String, String)>,
    issuer_name: String,
    issuer_id: String,
    issued: String,
    valid_until: Option<String>,
    credits: Option<String>,
    results: Vec<CriterionResultView>,
    /// Whether any criterion names a required level, which the results table then shows.
    any_required: bool,
    recipient_name: String,
}

/// Renders the small Markdown subset of criteria narratives as HTML: paragraphs, `- `
/// lists and `**bold**`. Everything else is escaped text.
fn narrative_html(markdown: &str) -> String {
    let inline = |line: &str| {
        let escaped = crate::badge::escape_xml(line.trim());
        let mut html = String::new();
        for (number, piece) in escaped.split("**").enumerate() {
            if number % 2 == 1 {
                html.push_str(&format!("<strong>{piece}</strong>"));
            } else {
                html.push_str(piece);
            }
        }
        html
    };
    let mut html = String::new();
    for block in markdown
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        let lines: Vec<&str> = block.lines().collect();
        if lines.iter().all(|line| line.trim_start().starts_with("- ")) {
            html.push_str("<ul>");
            for line in lines {
                let item = line.trim_start().trim_start_matches("- ");
                html.push_str(&format!("<li>{}</li>", inline(item)));
            }
            html.push_str("</ul>");
        } else {
            let text: Vec<String> = lines.iter().map(|line| inline(line)).collect();
            html.push_str(&format!("<p>{}</p>", text.join("<br>")));
        }
    }
    html
}

fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

fn credential_view(loaded: &Loaded, recipient_name: String) -> CredentialView {
    let document = &loaded.document;
    let achievement = &document["credentialSubject"]["achievement"];
    let alignment = &achievement["alignment"][0];
    let competency = alignment.is_object().then(|| {
        (
            text_of(&alignment["targetCode"]),
            text_of(&alignment["targetName"]),
            text_of(&alignment["targetFramework"]),
            text_of(&alignment["targetUrl"]),
        )
    });
    let descriptions = achievement["resultDescription"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let results = document["credentialSubject"]["result"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|result| {
            let criterion_id = result["resultDescription"].as_str().unwrap_or_default();
            let level_id = result["achievedLevel"].as_str().unwrap_or_default();
            let description = descriptions
                .iter()
                .find(|description| description["id"] == criterion_id);
            let levels = description
                .and_then(|description| description["rubricCriterionLevel"].as_array())
                .cloned()
                .unwrap_or_default();
            let position = |id: &str| levels.iter().position(|level| level["id"] == id);
            let required = description.and_then(|d| d["requiredLevel"].as_str());
            CriterionResultView {
                criterion: description
                    .map(|d| text_of(&d["name"]))
                    .unwrap_or_else(|| criterion_id.to_owned()),
                level: levels
                    .iter()
                    .find(|level| level["id"] == level_id)
                    .map(|level| text_of(&level["name"]))
                    .unwrap_or_else(|| level_id.to_owned()),
                met: required.and_then(|required| Some(position(level_id)? >= position(required)?)),
            }
        })
        .collect::<Vec<CriterionResultView>>();
    CredentialView {
        any_required: results.iter().any(|result| result.met.is_some()),
        id: loaded.row.id.clone(),
        name: text_of(&document["name"]),
        description: text_of(&achievement["description"]),
        criteria_html: narrative_html(achievement["criteria"]["narrative"].as_str().unwrap_or("")),
        achievement_url: text_of(&achievement["id"]),
        image_url: format!("/credentials/{}/badge.svg", loaded.row.id),
        competency,
        issuer_name: text_of(&document["issuer"]["name"]),
        issuer_id: text_of(&document["issuer"]["id"]),
        issued: date_label(loaded.row.issued_at),
        valid_until: document["validUntil"].as_str().map(str::to_owned),
        credits: achievement["creditsAvailable"]
            .as_f64()
            .map(|credits| format!("{credits}")),
        results,
        recipient_name,
    }
}

fn date_label(unix: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix)
        .map(|time| format!("{} {} {}", time.day(), time.month(), time.year()))
        .unwrap_or_else(|_| unix.to_string())
}

fn check_label(check: Check) -> &'static str {
    match check {
        Check::ContextsAndTypes => "Contexts and types",
        Check::Schema => "Open Badges 3.0 schema",
        Check::Proof => "Signature",
        Check::Key => "Issuer's key",
        Check::Dates => "Dates",
        Check::Status => "Revocation status",
    }
}

fn verification_view(report: &VerificationReport) -> VerificationView {
    let has = |status: StepStatus| report.steps.iter().any(|step| step.status == status);
    let (outcome, summary, good) = match report.outcome {
        Outcome::Valid => (
            "Verified",
            "The signature, the issuer's key, the dates and the revocation list all check out.",
            true,
        ),
        Outcome::RevokedOrExpired if has(StepStatus::Revoked) => (
            "Revoked",
            "The signature is genuine, but the issuer has revoked this credential.",
            false,
        ),
        Outcome::RevokedOrExpired if has(StepStatus::Suspended) => (
            "Suspended",
            "The signature is genuine, but the issuer has suspended this credential.",
            false,
        ),
        Outcome::RevokedOrExpired => (
            "Expired",
            "The signature is genuine, but this credential has expired.",
            false,
        ),
        Outcome::Invalid => (
            "Not verified",
            "At least one check failed; the steps below say which.",
            false,
        ),
    };
    VerificationView {
        outcome,
        summary: summary.to_owned(),
        good,
        steps: report
            .steps
            .iter()
            .map(|step| StepView {
                check: check_label(step.check).to_owned(),
                status: match step.status {
                    StepStatus::Passed => "passed",
                    StepStatus::Warning => "passed with a remark",
                    StepStatus::Skipped => "skipped",
                    StepStatus::Failed => "failed",
                    StepStatus::Revoked => "revoked",
                    StepStatus::Suspended => "suspended",
                    StepStatus::Expired => "expired",
                },
                message: step.message.clone(),
            })
            .collect(),
    }
}

/// Share targets of a credential.
struct ShareLinks {
    page_url: String,
    linkedin: String,
    email: String,
    embed: String,
}

fn share_links(state: &AppState, view: &CredentialView, issued_at: i64) -> ShareLinks {
    let page_url = credential_page_url(state, &view.id);
    let (year, month) = OffsetDateTime::from_unix_timestamp(issued_at)
        .map(|time| (time.year(), u8::from(time.month())))
        .unwrap_or((1970, 1));
    let linkedin = format!(
        "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name={}&organizationName={}&issueYear={year}&issueMonth={month}&certUrl={}&certId={}",
        percent_encode(&view.name),
        percent_encode(&view.issuer_name),
        percent_encode(&page_url),
        percent_encode(&view.id),
    );
    let subject = format!("My micro-credential: {}", view.name);
    let body = format!(
        "I earned the micro-credential \"{}\" from {}. You can see it and check that it is genuine here:\n\n{page_url}\n",
        view.name, view.issuer_name
    );
    let email = format!(
        "mailto:?subject={}&body={}",
        percent_encode(&subject),
        percent_encode(&body)
    );
    let embed = format!(
        "<iframe src=\"{page_url}/embed\" title=\"{}\" width=\"360\" height=\"200\" style=\"border:0\" loading=\"lazy\"></iframe>",
        crate::badge::escape_xml(&view.name)
    );
    ShareLinks {
        page_url,
        linkedin,
        email,
        embed,
    }
}

#[derive(Template)]
#[template(path = "credential.html")]
struct CredentialPage {
    page: PageContext,
    credential: CredentialView,
    verification: VerificationView,
    revoked: Option<String>,
    reason: Option<String>,
    is_owner: bool,
    can_revoke: bool,
    share: ShareLinks,
    recipient_check: Option<(String, bool)>,
    message: Option<String>,
    /// The revocation reason typed before a rejected attempt, kept in the form.
    reason_draft: String,
}

async fn render_page(
    state: &AppState,
    current: Option<&CurrentUser>,
    id: &str,
    recipient_check: Option<(String, bool)>,
    message: Option<String>,
    reason_draft: &str,
) -> WebResult<Html<String>> {
    let loaded = load(state, id).await?;
    let educator = state.store.user(&loaded.row.educator_id).await?;
    let report = issuance::verify(state, loaded.document.clone()).await?;
    let is_owner = current.is_some_and(|current| current.user.id == loaded.row.educator_id);
    let can_revoke = match current {
        Some(current) => may_revoke(state, current, &loaded.row.microcredential_id).await?,
        None => false,
    };
    let view = credential_view(&loaded, educator.display_name);
    let share = share_links(state, &view, loaded.row.issued_at);
    let page = CredentialPage {
        page: PageContext::for_user(current),
        verification: verification_view(&report),
        revoked: loaded.row.revoked_at.map(date_label),
        reason: loaded
            .row
            .revocation_reason
            .clone()
            .filter(|_| is_owner || can_revoke),
        is_owner,
        can_revoke,
        share,
        credential: view,
        recipient_check,
        message,
        reason_draft: reason_draft.to_owned(),
    };
    Ok(Html(page.render()?))
}

/// `GET /credentials/{id}`: the public page of a credential.
pub async fn show(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(id): Path<String>,
) -> WebResult<Html<String>> {
    render_page(&state, current.as_ref(), &id, None, None, "").await
}

/// `POST /credentials/{id}/recipient`: checks whether the credential was issued to an
/// e-mail address, the way a verifier compares the salted hash in the credential. Nothing
/// is stored or logged.
pub async fn check_recipient(
    State(state): State<AppState>,
    MaybeUser(current): MaybeUser,
    Path(id): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> WebResult<Html<String>> {
    let email = fields
        .get("email")
        .map(|email| email.trim().to_lowercase())
        .unwrap_or_default();
    if email.is_empty() || !email.contains('@') {
        return Err(WebError::BadRequest(format!(
            "`{email}` is not an e-mail address: enter the address the credential was issued to, such as name@example.org"
        )));
    }
    let loaded = load(&state, &id).await?;
    let matches = evident_credentials::award::recipient_matches_email(&loaded.document, &email);
    render_page(
        &state,
        current.as_ref(),
        &id,
        Some((email, matches)),
        None,
        "",
    )
    .await
}

/// `GET /credentials/{id}/embed`: a small card to show the credential on another site.
pub async fn embed(State(state): State<AppState>, Path(id): Path<String>) -> WebResult<Response> {
    #[derive(Template)]
    #[template(path = "credential_embed.html")]
    struct EmbedPage {
        credential: CredentialView,
        page_url: String,
        revoked: bool,
    }
    let loaded = load(&state, &id).await?;
    let educator = state.store.user(&loaded.row.educator_id).await?;
    let page = EmbedPage {
        page_url: credential_page_url(&state, &id),
        revoked: loaded.row.revoked_at.is_some(),
        credential: credential_view(&loaded, educator.display_name),
    };
    let mut response = Html(page.render()?).into_response();
    // The card is made to be framed by other sites.
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("frame-ancestors *"),
    );
    Ok(response)
}

fn download(body: Vec<u8>, content_type: &'static str, filename: String) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// `GET /credentials/{id}/credential.json`: the signed credential as issued.
pub async fn download_json(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let loaded = load(&state, &id).await?;
    Ok(download(
        loaded.row.document_json.into_bytes(),
        "application/vc+ld+json",
        format!("credential-{id}.json"),
    ))
}

/// `GET /credentials/{id}/badge.png`: the badge image with the credential baked in.
pub async fn download_png(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let loaded = load(&state, &id).await?;
    let baked = bake_png(BADGE_PNG, &loaded.row.document_json)
        .map_err(|e| WebError::Internal(format!("baking the PNG failed: {e}")))?;
    Ok(download(baked, "image/png", format!("badge-{id}.png")))
}

/// `GET /credentials/{id}/badge.svg`: the badge image with the credential baked in.
pub async fn download_svg(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let loaded = load(&state, &id).await?;
    let name = loaded.document["name"]
        .as_str()
        .unwrap_or("Micro-credential");
    let baked = bake_svg(&badge_svg(name), &loaded.row.document_json)
        .map_err(|e| WebError::Internal(format!("baking the SVG failed: {e}")))?;
    let mut response = download(
        baked.into_bytes(),
        "image/svg+xml",
        format!("badge-{id}.svg"),
    );
    // Shown inline on the credential page; the file name still applies to a download.
    if let Ok(value) = HeaderValue::from_str(&format!("inline; filename=\"badge-{id}.svg\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// `GET /microcredentials/{slug}/badge.svg`: the badge of a micro-credential, the image
/// its credentials name.
pub async fn microcredential_badge(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> WebResult<Response> {
    let (_, published) = latest_published(&state, &slug).await?;
    let svg = badge_svg(&published.definition().title);
    Ok(text_response(svg, "image/svg+xml", 3600))
}

struct ListEntry {
    id: String,
    name: String,
    issued: String,
    revoked: bool,
}

#[derive(Template)]
#[template(path = "credentials.html")]
struct ListPage {
    page: PageContext,
    heading: String,
    intro: String,
    entries: Vec<ListEntry>,
    show_recipient: bool,
    recipients: Vec<String>,
}

async fn entries_of(rows: &[CredentialRow]) -> WebResult<Vec<ListEntry>> {
    rows.iter()
        .map(|row| {
            let document: Value = serde_json::from_str(&row.document_json).map_err(|e| {
                WebError::Internal(format!("stored credential `{}` is invalid: {e}", row.id))
            })?;
            Ok(ListEntry {
                id: row.id.clone(),
                name: text_of(&document["name"]),
                issued: date_label(row.issued_at),
                revoked: row.revoked_at.is_some(),
            })
        })
        .collect()
}

/// Issues any credential the user's awards still lack, then lists the user's credentials.
async fn own_credentials(state: &AppState, current: &CurrentUser) -> WebResult<Vec<CredentialRow>> {
    for award in state.store.awards_of_educator(&current.user.id).await? {
        if state.store.credential_for_award(&award.id).await?.is_none() {
            issuance::issue_for_award(state, &award.id).await?;
        }
    }
    Ok(state
        .store
        .credentials_of_educator(&current.user.id)
        .await?)
}

/// `GET /credentials`: every credential the signed-in educator has earned.
pub async fn mine(State(state): State<AppState>, current: CurrentUser) -> WebResult<Html<String>> {
    let rows = own_credentials(&state, &current).await?;
    let page = ListPage {
        page: PageContext::for_user(Some(&current)),
        heading: "My credentials".to_owned(),
        intro: "Each credential is signed by its issuer and can be checked by anyone, even offline. Open one to download it or share it.".to_owned(),
        entries: entries_of(&rows).await?,
        show_recipient: false,
        recipients: Vec::new(),
    };
    Ok(Html(page.render()?))
}

/// `GET /credentials/issued`: credentials of the micro-credentials this issuer admin
/// administers, for revocation.
pub async fn issued(
    State(state): State<AppState>,
    current: CurrentUser,
) -> WebResult<Html<String>> {
    current.access.require_any(&AUTHORS)?;
    let mut rows = Vec::new();
    for microcredential in state.store.microcredentials().await? {
        if may_revoke(&state, &current, &microcredential.id).await? {
            rows.extend(
                state
                    .store
                    .credentials_of_microcredential(&microcredential.id)
                    .await?,
            );
        }
    }
    rows.sort_by(|a, b| b.issued_at.cmp(&a.issued_at).then(b.id.cmp(&a.id)));
    let mut recipients = Vec::with_capacity(rows.len());
    for row in &rows {
        recipients.push(state.store.user(&row.educator_id).await?.display_name);
    }
    let page = ListPage {
        page: PageContext::for_user(Some(&current)),
        heading: "Issued credentials".to_owned(),
        intro: "Credentials of the micro-credentials you administer. Open one to revoke it."
            .to_owned(),
        entries: entries_of(&rows).await?,
        show_recipient: true,
        recipients,
    };
    Ok(Html(page.render()?))
}

/// `POST /credentials/{id}/revoke`: revokes with a reason and re-signs the status list.
pub async fn revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(fields): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    check_csrf(
        &current,
        fields.get("csrf_token").map(String::as_str),
        &headers,
    )?;
    let loaded = load(&state, &id).await?;
    if !may_revoke(&state, &current, &loaded.row.microcredential_id).await? {
        return Err(WebError::Forbidden(
            "only an issuer admin of the organization that issues this micro-credential can revoke it".into(),
        ));
    }
    let reason = fields.get("reason").map(String::as_str).unwrap_or_default();
    let confirmed = fields.get("confirm").is_some_and(|value| value == "yes");
    let outcome = if confirmed {
        issuance::revoke(&state, &id, &current.user.id, reason).await
    } else {
        Err(WebError::BadRequest(
            "revoking cannot be undone: tick \"I understand that revoking cannot be undone\" to confirm".into(),
        ))
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/credentials/{id}")).into_response()),
        Err(WebError::BadRequest(message)) => {
            let mut response =
                render_page(&state, Some(&current), &id, None, Some(message), reason)
                    .await?
                    .into_response();
            *response.status_mut() = StatusCode::BAD_REQUEST;
            Ok(response)
        }
        Err(error) => Err(error),
    }
}

/// `GET /api/v1/credentials`: the signed-in user's credentials.
pub async fn api_mine(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<Value>> {
    let rows = own_credentials(&state, &current).await?;
    let items: Vec<Value> = rows
        .iter()
        .map(|row| {
            let document: Value = serde_json::from_str(&row.document_json).unwrap_or(Value::Null);
            json!({
                "id": row.id,
                "name": document["name"],
                "page": credential_page_url(&state, &row.id),
                "credential": format!("{}/credential.json", credential_page_url(&state, &row.id)),
                "issued_at": row.issued_at,
                "revoked_at": row.revoked_at,
            })
        })
        .collect();
    Ok(Json(json!({ "credentials": items })))
}

#[derive(Debug, Deserialize)]
pub struct RevokeRequest {
    pub reason: String,
}

/// `POST /api/v1/credentials/{id}/revoke`: revokes with a reason.
pub async fn api_revoke(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<RevokeRequest>,
) -> ApiResult<Json<Value>> {
    check_csrf(&current, None, &headers)?;
    let loaded = load(&state, &id).await?;
    if !may_revoke(&state, &current, &loaded.row.microcredential_id).await? {
        return Err(ApiError(WebError::Forbidden(
            "only an issuer admin of the organization that issues this micro-credential can revoke it".into(),
        )));
    }
    let (row, newly) = issuance::revoke(&state, &id, &current.user.id, &request.reason).await?;
    Ok(Json(json!({
        "id": row.id,
        "revoked_at": row.revoked_at,
        "already_revoked": !newly,
        "status_list": issuance::status_list_url(&state, row.status_list),
    })))
}

#[cfg(test)]
mod tests {
    use super::narrative_html;

    #[test]
    fn narrative_markdown_renders_lists_and_bold_and_escapes_the_rest() {
        let html = narrative_html(
            "Earned by practice.\n\n**Key method:** <script>x</script>\n\n- One\n- Two & three",
        );
        assert_eq!(
            html,
            "<p>Earned by practice.</p>\
             <p><strong>Key method:</strong> &lt;script&gt;x&lt;/script&gt;</p>\
             <ul><li>One</li><li>Two &amp; three</li></ul>"
        );
    }
}
