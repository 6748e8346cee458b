//! Every route, with the access rule it enforces. [`ROUTES`] is the same list as data: the
//! role matrix test walks it, so a route added here without a row there fails the tests.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use tower_http::trace::TraceLayer;

use crate::routes::{
    account, api, authoring, case_api, credentials, frameworks, health, home, login,
    microcredentials, orgs, review, submissions,
};
use crate::state::AppState;

/// The access rule of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteAccess {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    SignedIn,
    /// Issuer admins and platform admins (for organization routes: of that organization).
    Admin,
    /// Platform admins only.
    PlatformAdmin,
}

/// (method, path template, access) for every route.
pub const ROUTES: &[(&str, &str, RouteAccess)] = &[
    ("GET", "/", RouteAccess::Public),
    ("GET", "/healthz", RouteAccess::Public),
    ("GET", "/static/style.css", RouteAccess::Public),
    ("GET", "/openapi.json", RouteAccess::Public),
    ("GET", "/login", RouteAccess::Public),
    ("POST", "/login", RouteAccess::Public),
    ("POST", "/logout", RouteAccess::SignedIn),
    ("GET", "/account", RouteAccess::SignedIn),
    ("GET", "/frameworks", RouteAccess::Public),
    ("GET", "/frameworks/import", RouteAccess::Admin),
    ("POST", "/frameworks/import", RouteAccess::Admin),
    ("GET", "/frameworks/{id}", RouteAccess::Public),
    ("GET", "/orgs", RouteAccess::Admin),
    ("POST", "/orgs", RouteAccess::Admin),
    ("GET", "/orgs/{id}", RouteAccess::Admin),
    ("POST", "/orgs/{id}/users", RouteAccess::Admin),
    (
        "POST",
        "/orgs/{id}/users/{user_id}/password",
        RouteAccess::Admin,
    ),
    ("GET", "/api/v1/me", RouteAccess::SignedIn),
    ("GET", "/api/v1/frameworks", RouteAccess::Public),
    ("POST", "/api/v1/frameworks", RouteAccess::Admin),
    ("GET", "/api/v1/frameworks/{id}", RouteAccess::Public),
    ("GET", "/api/v1/orgs/{id}", RouteAccess::Admin),
    ("GET", "/ims/case/v1p1/CFDocuments", RouteAccess::Public),
    ("GET", "/ims/case/v1p1/CFPackages/{id}", RouteAccess::Public),
    ("GET", "/ims/case/v1p1/CFItems/{id}", RouteAccess::Public),
    (
        "GET",
        "/ims/case/v1p1/CFDocuments/{id}",
        RouteAccess::Public,
    ),
    (
        "GET",
        "/ims/case/v1p1/CFItemAssociations/{id}",
        RouteAccess::Public,
    ),
    (
        "GET",
        "/ims/case/v1p1/CFAssociations/{id}",
        RouteAccess::Public,
    ),
    ("GET", "/ims/case/v1p1/CFRubrics/{id}", RouteAccess::Public),
    ("GET", "/static/submission.js", RouteAccess::Public),
    ("GET", "/microcredentials", RouteAccess::Public),
    ("GET", "/microcredentials/{slug}", RouteAccess::Public),
    (
        "POST",
        "/microcredentials/{slug}/start",
        RouteAccess::SignedIn,
    ),
    ("GET", "/submissions", RouteAccess::SignedIn),
    ("GET", "/submissions/{id}", RouteAccess::SignedIn),
    (
        "POST",
        "/submissions/{id}/parts/{part}",
        RouteAccess::SignedIn,
    ),
    (
        "POST",
        "/submissions/{id}/parts/{part}/files",
        RouteAccess::SignedIn,
    ),
    (
        "POST",
        "/submissions/{id}/parts/{part}/files/{sha256}/remove",
        RouteAccess::SignedIn,
    ),
    (
        "GET",
        "/submissions/{id}/files/{sha256}",
        RouteAccess::SignedIn,
    ),
    ("GET", "/api/v1/submissions/{id}", RouteAccess::SignedIn),
    (
        "PUT",
        "/api/v1/submissions/{id}/parts/{part}",
        RouteAccess::SignedIn,
    ),
    ("POST", "/submissions/{id}/submit", RouteAccess::SignedIn),
    ("GET", "/review", RouteAccess::SignedIn),
    ("GET", "/review/flags", RouteAccess::Admin),
    ("GET", "/review/{id}", RouteAccess::SignedIn),
    ("POST", "/review/{id}/claim", RouteAccess::SignedIn),
    ("POST", "/review/{id}/release", RouteAccess::SignedIn),
    ("POST", "/review/{id}/scores", RouteAccess::SignedIn),
    ("GET", "/api/v1/microcredentials", RouteAccess::Public),
    ("POST", "/api/v1/microcredentials", RouteAccess::Admin),
    (
        "GET",
        "/api/v1/microcredentials/{slug}",
        RouteAccess::Public,
    ),
    (
        "PUT",
        "/api/v1/microcredentials/{slug}/draft",
        RouteAccess::Admin,
    ),
    (
        "PUT",
        "/api/v1/microcredentials/{slug}/draft/rubric",
        RouteAccess::Admin,
    ),
    (
        "POST",
        "/api/v1/microcredentials/{slug}/publish",
        RouteAccess::Admin,
    ),
    (
        "PUT",
        "/api/v1/microcredentials/{slug}/versions/{version}",
        RouteAccess::Admin,
    ),
    ("POST", "/account/did", RouteAccess::SignedIn),
    ("POST", "/account/password", RouteAccess::SignedIn),
    ("GET", "/.well-known/did.json", RouteAccess::Public),
    ("GET", "/status/{list}", RouteAccess::Public),
    (
        "GET",
        "/microcredentials/{slug}/badge.svg",
        RouteAccess::Public,
    ),
    ("GET", "/credentials", RouteAccess::SignedIn),
    ("GET", "/credentials/issued", RouteAccess::Admin),
    ("GET", "/credentials/{id}", RouteAccess::Public),
    (
        "GET",
        "/credentials/{id}/credential.json",
        RouteAccess::Public,
    ),
    ("GET", "/credentials/{id}/badge.png", RouteAccess::Public),
    ("GET", "/credentials/{id}/badge.svg", RouteAccess::Public),
    ("GET", "/credentials/{id}/embed", RouteAccess::Public),
    ("POST", "/credentials/{id}/recipient", RouteAccess::Public),
    ("POST", "/credentials/{id}/revoke", RouteAccess::Admin),
    ("GET", "/api/v1/credentials", RouteAccess::SignedIn),
    (
        "POST",
        "/api/v1/credentials/{id}/revoke",
        RouteAccess::Admin,
    ),
    ("GET", "/manage/microcredentials", RouteAccess::Admin),
    ("POST", "/manage/microcredentials", RouteAccess::Admin),
    ("GET", "/manage/microcredentials/new", RouteAccess::Admin),
    ("GET", "/manage/microcredentials/{slug}", RouteAccess::Admin),
    (
        "POST",
        "/manage/microcredentials/{slug}",
        RouteAccess::Admin,
    ),
    (
        "GET",
        "/manage/microcredentials/{slug}/preview",
        RouteAccess::Admin,
    ),
    (
        "GET",
        "/manage/microcredentials/{slug}/publish",
        RouteAccess::Admin,
    ),
    (
        "POST",
        "/manage/microcredentials/{slug}/publish",
        RouteAccess::Admin,
    ),
    (
        "POST",
        "/manage/microcredentials/{slug}/versions",
        RouteAccess::Admin,
    ),
];

pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_framework_bytes + 64 * 1024;
    // Evidence files may be larger than CASE packages; the file store enforces its own limit.
    let evidence_limit = usize::try_from(state.files.limits().max_bytes)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    Router::new()
        .route("/", get(home::home))
        .route("/healthz", get(health::healthz))
        .route("/static/style.css", get(health::stylesheet))
        .route("/openapi.json", get(api::openapi))
        .route("/login", get(login::show_login).post(login::submit_login))
        .route("/logout", post(login::logout))
        .route("/account", get(account::account))
        .route("/frameworks", get(frameworks::list))
        .route(
            "/frameworks/import",
            get(frameworks::import_form).post(frameworks::import_upload),
        )
        .route("/frameworks/{id}", get(frameworks::show))
        .route("/orgs", get(orgs::list).post(orgs::create))
        .route("/orgs/{id}", get(orgs::show))
        .route("/orgs/{id}/users", post(orgs::add_user))
        .route(
            "/orgs/{id}/users/{user_id}/password",
            post(orgs::set_user_password),
        )
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/frameworks", get(api::frameworks).post(api::import))
        .route("/api/v1/frameworks/{id}", get(api::framework))
        .route("/api/v1/orgs/{id}", get(api::organization))
        .route("/ims/case/v1p1/CFDocuments", get(case_api::documents))
        .route("/ims/case/v1p1/CFPackages/{id}", get(case_api::package))
        .route("/ims/case/v1p1/CFItems/{id}", get(case_api::item))
        .route("/ims/case/v1p1/CFDocuments/{id}", get(case_api::document))
        .route(
            "/ims/case/v1p1/CFItemAssociations/{id}",
            get(case_api::item_associations),
        )
        .route(
            "/ims/case/v1p1/CFAssociations/{id}",
            get(case_api::association),
        )
        .route("/ims/case/v1p1/CFRubrics/{id}", get(case_api::rubric))
        .route("/static/submission.js", get(submissions::script))
        .route("/microcredentials", get(microcredentials::catalog))
        .route("/microcredentials/{slug}", get(microcredentials::show))
        .route("/microcredentials/{slug}/start", post(submissions::start))
        .route("/submissions", get(submissions::list))
        .route("/submissions/{id}", get(submissions::show))
        .route(
            "/submissions/{id}/parts/{part}",
            post(submissions::save_part),
        )
        .route(
            "/submissions/{id}/parts/{part}/files",
            post(submissions::upload).layer(DefaultBodyLimit::max(evidence_limit)),
        )
        .route(
            "/submissions/{id}/parts/{part}/files/{sha256}/remove",
            post(submissions::remove_file),
        )
        .route(
            "/submissions/{id}/files/{sha256}",
            get(submissions::download),
        )
        .route("/submissions/{id}/submit", post(submissions::submit))
        .route("/review", get(review::queue))
        .route("/review/flags", get(review::flags))
        .route("/review/{id}", get(review::show))
        .route("/review/{id}/claim", post(review::claim))
        .route("/review/{id}/release", post(review::release))
        .route("/review/{id}/scores", post(review::score))
        .route(
            "/api/v1/microcredentials",
            get(microcredentials::api_catalog).post(microcredentials::api_create),
        )
        .route(
            "/api/v1/microcredentials/{slug}",
            get(microcredentials::api_show),
        )
        .route(
            "/api/v1/microcredentials/{slug}/draft",
            put(microcredentials::api_update_draft),
        )
        .route(
            "/api/v1/microcredentials/{slug}/draft/rubric",
            put(microcredentials::api_import_rubric),
        )
        .route(
            "/api/v1/microcredentials/{slug}/publish",
            post(microcredentials::api_publish),
        )
        .route(
            "/api/v1/microcredentials/{slug}/versions/{version}",
            put(microcredentials::api_edit_version),
        )
        .route("/account/did", post(account::save_did))
        .route("/account/password", post(account::change_password))
        .route("/.well-known/did.json", get(credentials::did_document))
        .route("/status/{list}", get(credentials::status_list))
        .route(
            "/microcredentials/{slug}/badge.svg",
            get(credentials::microcredential_badge),
        )
        .route("/credentials", get(credentials::mine))
        .route("/credentials/issued", get(credentials::issued))
        .route("/credentials/{id}", get(credentials::show))
        .route(
            "/credentials/{id}/credential.json",
            get(credentials::download_json),
        )
        .route(
            "/credentials/{id}/badge.png",
            get(credentials::download_png),
        )
        .route(
            "/credentials/{id}/badge.svg",
            get(credentials::download_svg),
        )
        .route("/credentials/{id}/embed", get(credentials::embed))
        .route(
            "/credentials/{id}/recipient",
            post(credentials::check_recipient),
        )
        .route("/credentials/{id}/revoke", post(credentials::revoke))
        .route("/api/v1/credentials", get(credentials::api_mine))
        .route(
            "/api/v1/credentials/{id}/revoke",
            post(credentials::api_revoke),
        )
        .route("/api/v1/submissions/{id}", get(submissions::api_show))
        .route(
            "/api/v1/submissions/{id}/parts/{part}",
            put(submissions::api_save_part),
        )
        .route(
            "/manage/microcredentials",
            get(authoring::list).post(authoring::create),
        )
        .route("/manage/microcredentials/new", get(authoring::new_form))
        .route(
            "/manage/microcredentials/{slug}",
            get(authoring::edit).post(authoring::save),
        )
        .route(
            "/manage/microcredentials/{slug}/preview",
            get(authoring::preview),
        )
        .route(
            "/manage/microcredentials/{slug}/publish",
            get(authoring::publish_form).post(authoring::publish),
        )
        .route(
            "/manage/microcredentials/{slug}/versions",
            post(authoring::start_version),
        )
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(axum::middleware::map_response(api_unauthorized_as_json))
        .fallback(crate::error::no_route)
        .layer(axum::middleware::from_fn(
            crate::error::session_cookie_rules,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Turns the sign-in redirect of a JSON API route into the documented 401 JSON error.
/// Pages send a browser to the sign-in form; an API client needs a status it can act on.
async fn api_unauthorized_as_json(
    uri: axum::http::Uri,
    response: axum::response::Response,
) -> axum::response::Response {
    let redirects_to_login = response.status() == axum::http::StatusCode::SEE_OTHER
        && response
            .headers()
            .get(axum::http::header::LOCATION)
            .and_then(|location| location.to_str().ok())
            .is_some_and(|location| location == "/login" || location.starts_with("/login?"));
    if redirects_to_login && uri.path().starts_with("/api/") {
        use axum::response::IntoResponse;
        crate::error::ApiError(crate::error::WebError::Unauthorized).into_response()
    } else {
        response
    }
}
