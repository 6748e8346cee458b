//! Every route, with the access rule it enforces. [`ROUTES`] is the same list as data: the
//! role matrix test walks it, so a route added here without a row there fails the tests.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tower_http::trace::TraceLayer;

use crate::routes::{account, api, case_api, frameworks, health, home, login, orgs};
use crate::state::AppState;

/// Who may use a route.
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
    ("GET", "/api/v1/me", RouteAccess::SignedIn),
    ("GET", "/api/v1/frameworks", RouteAccess::Public),
    ("POST", "/api/v1/frameworks", RouteAccess::Admin),
    ("GET", "/api/v1/frameworks/{id}", RouteAccess::Public),
    ("GET", "/api/v1/orgs/{id}", RouteAccess::Admin),
    ("GET", "/ims/case/v1p1/CFDocuments", RouteAccess::Public),
    ("GET", "/ims/case/v1p1/CFPackages/{id}", RouteAccess::Public),
    ("GET", "/ims/case/v1p1/CFItems/{id}", RouteAccess::Public),
];

pub fn router(state: AppState) -> Router {
    let upload_limit = state.config.max_framework_bytes + 64 * 1024;
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
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/frameworks", get(api::frameworks).post(api::import))
        .route("/api/v1/frameworks/{id}", get(api::framework))
        .route("/api/v1/orgs/{id}", get(api::organization))
        .route("/ims/case/v1p1/CFDocuments", get(case_api::documents))
        .route("/ims/case/v1p1/CFPackages/{id}", get(case_api::package))
        .route("/ims/case/v1p1/CFItems/{id}", get(case_api::item))
        .layer(DefaultBodyLimit::max(upload_limit))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}
