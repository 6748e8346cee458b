use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use evident_domain::accounts::{OrgKind, Role};
use evident_store::{Organization, User};
use serde::Deserialize;

use crate::auth::{self, CurrentUser};
use crate::error::{WebError, WebResult};
use crate::forms::Form;
use crate::state::AppState;
use crate::templates::PageContext;

/// Roles that administer organizations and their people.
pub const ADMINS: [Role; 2] = [Role::IssuerAdmin, Role::PlatformAdmin];

#[derive(Template)]
#[template(path = "orgs.html")]
struct OrgsPage {
    page: PageContext,
    organizations: Vec<(Organization, usize)>,
}

/// Organizations the user administers, depth-first with their depth.
async fn visible_organizations(
    state: &AppState,
    current: &CurrentUser,
) -> WebResult<Vec<(Organization, usize)>> {
    let all = state.store.organizations().await?;
    let mut ordered = Vec::new();
    fn visit(
        all: &[Organization],
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<(Organization, usize)>,
    ) {
        for org in all.iter().filter(|org| org.parent_id.as_deref() == parent) {
            out.push((org.clone(), depth));
            visit(all, Some(&org.id), depth + 1, out);
        }
    }
    visit(&all, None, 0, &mut ordered);
    Ok(ordered
        .into_iter()
        .filter(|(org, _)| {
            ADMINS
                .iter()
                .any(|role| current.access.holds(*role, &org.id))
        })
        .collect())
}

pub async fn list(State(state): State<AppState>, current: CurrentUser) -> WebResult<Html<String>> {
    current.access.require_any(&ADMINS)?;
    let page = OrgsPage {
        page: PageContext::for_user(Some(&current)),
        organizations: visible_organizations(&state, &current).await?,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Deserialize)]
pub struct NewOrgForm {
    #[serde(default)]
    csrf_token: Option<String>,
    name: String,
    kind: String,
    #[serde(default)]
    parent_id: Option<String>,
}

pub async fn create(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Form(form): Form<NewOrgForm>,
) -> WebResult<Redirect> {
    auth::check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let kind: OrgKind = form
        .kind
        .parse()
        .map_err(|error| WebError::BadRequest(format!("{error}")))?;
    let name = form.name.trim();
    if name.is_empty() {
        return Err(WebError::BadRequest(
            "the organization name is empty: enter a name".to_owned(),
        ));
    }
    let parent_id = form.parent_id.filter(|id| !id.is_empty());
    match &parent_id {
        None => {
            current.access.require_any(&[Role::PlatformAdmin])?;
            if kind != OrgKind::State {
                return Err(WebError::BadRequest(format!(
                    "a {} needs a parent organization: choose where it belongs",
                    kind.code()
                )));
            }
        }
        Some(parent_id) => {
            current.access.require_in(&ADMINS, parent_id)?;
            let parent = state.store.organization(parent_id).await?;
            let parent_kind: OrgKind = parent
                .kind
                .parse()
                .map_err(|error| WebError::Internal(format!("stored organization: {error}")))?;
            if !kind.may_nest_under(parent_kind) {
                return Err(WebError::BadRequest(format!(
                    "a {} cannot be inside a {}: states contain districts and districts contain schools",
                    kind.code(),
                    parent_kind.code()
                )));
            }
        }
    }
    if name.chars().count() > 200 {
        return Err(WebError::BadRequest(format!(
            "the organization name is {} characters long: shorten it to 200 or fewer",
            name.chars().count()
        )));
    }
    // Two organizations with one name under the same parent look the same in lists and
    // role tables.
    let taken = state.store.organizations().await?.into_iter().any(|other| {
        other.parent_id == parent_id && other.name.trim().to_lowercase() == name.to_lowercase()
    });
    if taken {
        return Err(WebError::Conflict(format!(
            "an organization named `{name}` already exists there: choose another name, or add people to the existing one"
        )));
    }
    let org = state
        .store
        .create_organization(parent_id.as_deref(), kind.code(), name)
        .await?;
    if parent_id.is_none() {
        // Only platform admins create states; granting the role there lets the creator
        // see and administer the new state.
        state
            .store
            .grant_role(&current.user.id, Role::PlatformAdmin.code(), &org.id)
            .await?;
    }
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "organization_created",
            "organization",
            &org.id,
            name,
        )
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}", org.id)))
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    page: PageContext,
    org: Organization,
    users: Vec<User>,
    /// Whether the viewer may grant the platform admin role here.
    can_grant_platform_admin: bool,
    /// The viewer's id, whose own row links to the account page instead.
    page_user_id: String,
    /// The outcome of a password reset, shown once.
    notice: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct OrgQuery {
    #[serde(default)]
    password_set_for: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<OrgQuery>,
) -> WebResult<Html<String>> {
    let org = state.store.organization(&id).await?;
    current.access.require_in(&ADMINS, &org.id)?;
    let users = state.store.users_in_organization(&org.id).await?;
    let notice = query.password_set_for.and_then(|user_id| {
        users.iter().find(|user| user.id == user_id).map(|user| {
            format!(
                "New password set for {}. Tell them in person or by phone; their other sign-ins were ended and any sign-in lock was lifted.",
                user.display_name
            )
        })
    });
    let page = OrgPage {
        page: PageContext::for_user(Some(&current)),
        can_grant_platform_admin: current.access.holds(Role::PlatformAdmin, &org.id),
        page_user_id: current.user.id.clone(),
        users,
        org,
        notice,
    };
    Ok(Html(page.render()?))
}

#[derive(Debug, Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf_token: Option<String>,
    display_name: String,
    email: String,
    password: String,
    role: String,
}

pub async fn add_user(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(form): Form<NewUserForm>,
) -> WebResult<Redirect> {
    auth::check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let org = state.store.organization(&id).await?;
    current.access.require_in(&ADMINS, &org.id)?;
    let role: Role = form
        .role
        .parse()
        .map_err(|error| WebError::BadRequest(format!("{error}")))?;
    if role == Role::PlatformAdmin && !current.access.holds(Role::PlatformAdmin, &org.id) {
        return Err(WebError::Forbidden(
            "only a platform admin can grant the platform admin role".to_owned(),
        ));
    }
    auth::check_new_user(&form.email, &form.display_name)?;
    let hash = auth::hash_password(&form.password)?;
    let user = state
        .store
        .create_user(&form.email, &form.display_name, &hash, Some(&org.id))
        .await?;
    state
        .store
        .grant_role(&user.id, role.code(), &org.id)
        .await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "user_created",
            "user",
            &user.id,
            &format!("role {} in organization {}", role.code(), org.id),
        )
        .await?;
    Ok(Redirect::to(&format!("/orgs/{}", org.id)))
}

#[derive(Debug, Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    csrf_token: Option<String>,
    password: String,
}

/// `POST /orgs/{id}/users/{user_id}/password`: an administrator of the organization sets a
/// new password for someone who belongs to it, for example after they forgot theirs. It
/// also lifts a sign-in lock after failed attempts and ends the person's sessions.
pub async fn set_user_password(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    Path((id, user_id)): Path<(String, String)>,
    Form(form): Form<SetPasswordForm>,
) -> WebResult<Redirect> {
    auth::check_csrf(&current, form.csrf_token.as_deref(), &headers)?;
    let org = state.store.organization(&id).await?;
    current.access.require_in(&ADMINS, &org.id)?;
    let user = state.store.user(&user_id).await?;
    if user.home_org_id.as_deref() != Some(org.id.as_str()) {
        return Err(WebError::NotFound(format!(
            "no one with id `{user_id}` belongs to {}: choose a person from its list",
            org.name
        )));
    }
    if user.id == current.user.id {
        return Err(WebError::BadRequest(
            "to change your own password, use the form on your account page".to_owned(),
        ));
    }
    let hash = auth::hash_password(&form.password)?;
    state.store.set_password_hash(&user.id, &hash).await?;
    state.store.clear_login_failures(&user.email).await?;
    let ended = state.store.delete_sessions_of_user(&user.id).await?;
    state
        .store
        .record_audit(
            Some(&current.user.id),
            "user.password.set",
            "user",
            &user.id,
            &format!(
                "by an administrator of organization {}; {ended} sessions ended",
                org.id
            ),
        )
        .await?;
    tracing::info!(user.id = %user.id, admin = %current.user.id, "password set by an administrator");
    Ok(Redirect::to(&format!(
        "/orgs/{}?password_set_for={}",
        org.id, user.id
    )))
}
