//! For every route and every role: allowed or denied. The table below must name every
//! route in `evident_web::ROUTES`, so a new route cannot ship without a row.

mod common;

use common::{CARPENTRIES_RUBRIC, TestServer};
use evident_store::Backend;
use reqwest::StatusCode;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Who {
    Anonymous,
    Educator,
    Assessor,
    IssuerAdmin,
    PlatformAdmin,
}

const EVERYONE: [Who; 5] = [
    Who::Anonymous,
    Who::Educator,
    Who::Assessor,
    Who::IssuerAdmin,
    Who::PlatformAdmin,
];

fn email(who: Who) -> Option<&'static str> {
    match who {
        Who::Anonymous => None,
        Who::Educator => Some("educator@example.org"),
        Who::Assessor => Some("assessor@example.org"),
        Who::IssuerAdmin => Some("issuer@example.org"),
        Who::PlatformAdmin => Some("platform@example.org"),
    }
}

/// (method, path, roles allowed). Everyone else is denied.
fn matrix() -> Vec<(&'static str, &'static str, Vec<Who>)> {
    use Who::*;
    let admins = vec![IssuerAdmin, PlatformAdmin];
    let signed_in = vec![Educator, Assessor, IssuerAdmin, PlatformAdmin];
    vec![
        ("GET", "/", EVERYONE.to_vec()),
        ("GET", "/healthz", EVERYONE.to_vec()),
        ("GET", "/static/style.css", EVERYONE.to_vec()),
        ("GET", "/openapi.json", EVERYONE.to_vec()),
        ("GET", "/login", EVERYONE.to_vec()),
        ("POST", "/login", EVERYONE.to_vec()),
        ("POST", "/logout", signed_in.clone()),
        ("GET", "/account", signed_in.clone()),
        ("GET", "/frameworks", EVERYONE.to_vec()),
        ("GET", "/frameworks/import", admins.clone()),
        ("POST", "/frameworks/import", admins.clone()),
        ("GET", "/frameworks/{id}", EVERYONE.to_vec()),
        ("GET", "/orgs", admins.clone()),
        ("POST", "/orgs", admins.clone()),
        ("GET", "/orgs/{id}", admins.clone()),
        ("POST", "/orgs/{id}/users", admins.clone()),
        ("GET", "/api/v1/me", signed_in.clone()),
        ("GET", "/api/v1/frameworks", EVERYONE.to_vec()),
        ("POST", "/api/v1/frameworks", admins.clone()),
        ("GET", "/api/v1/frameworks/{id}", EVERYONE.to_vec()),
        ("GET", "/api/v1/orgs/{id}", admins.clone()),
        ("GET", "/ims/case/v1p1/CFDocuments", EVERYONE.to_vec()),
        ("GET", "/ims/case/v1p1/CFPackages/{id}", EVERYONE.to_vec()),
        ("GET", "/ims/case/v1p1/CFItems/{id}", EVERYONE.to_vec()),
    ]
}

#[test]
fn matrix_covers_every_route() {
    let routes: Vec<(&str, &str)> = evident_web::ROUTES
        .iter()
        .map(|(method, path, _)| (*method, *path))
        .collect();
    let rows: Vec<(&str, &str)> = matrix()
        .iter()
        .map(|(method, path, _)| (*method, *path))
        .collect();
    assert_eq!(routes, rows);
}

const CARPENTRIES_ID: &str = "2aef698f-3a16-5100-9515-a6fdf6a7b702";
const CARPENTRIES_ITEM: &str = "4f52aa62-a730-556e-b464-03f0b9f91db9";

/// Sends one request for `method path` as `who` and returns the status and, for a
/// redirect, its target.
async fn request(
    server: &TestServer,
    who: Who,
    method: &str,
    path: &str,
    serial: usize,
) -> (StatusCode, String) {
    let (client, token) = match email(who) {
        Some(email) => server.signed_in(email).await,
        None => (server.anonymous(), String::new()),
    };
    let path = path.replace(
        "{id}",
        if path.starts_with("/orgs") || path.starts_with("/api/v1/orgs") {
            &server.world.district_a
        } else if path.contains("CFItems") {
            CARPENTRIES_ITEM
        } else {
            CARPENTRIES_ID
        },
    );
    let url = server.url(&path);
    let response = match (method, path.as_str()) {
        ("GET", _) => client.get(&url).send().await.unwrap(),
        ("POST", "/login") => {
            server
                .login(&client, "educator@example.org", common::PASSWORD)
                .await
        }
        ("POST", "/logout") => client
            .post(&url)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap(),
        ("POST", "/frameworks/import") => {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", token.clone())
                .part(
                    "package",
                    reqwest::multipart::Part::bytes(CARPENTRIES_RUBRIC.to_vec())
                        .file_name("rubric.json")
                        .mime_str("application/json")
                        .unwrap(),
                );
            client.post(&url).multipart(form).send().await.unwrap()
        }
        ("POST", "/api/v1/frameworks") => client
            .post(&url)
            .header("x-csrf-token", &token)
            .header("content-type", "application/json")
            .body(CARPENTRIES_RUBRIC.to_vec())
            .send()
            .await
            .unwrap(),
        ("POST", "/orgs") => {
            let name = format!("School {serial}");
            client
                .post(&url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("name", name.as_str()),
                    ("kind", "school"),
                    ("parent_id", server.world.district_a.as_str()),
                ])
                .send()
                .await
                .unwrap()
        }
        ("POST", _) if path.ends_with("/users") => {
            let email = format!("new{serial}@example.org");
            client
                .post(&url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("display_name", "New Teacher"),
                    ("email", email.as_str()),
                    ("password", "a long enough password"),
                    ("role", "educator"),
                ])
                .send()
                .await
                .unwrap()
        }
        other => panic!("no request recipe for {other:?}"),
    };
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), location)
}

/// Pages send a visitor who is not signed in to the sign-in form; the API answers 401;
/// a signed-in user without the role gets 403.
fn is_denied(status: StatusCode, location: &str) -> bool {
    status == StatusCode::UNAUTHORIZED
        || status == StatusCode::FORBIDDEN
        || status == StatusCode::SEE_OTHER && location == "/login"
}

async fn every_route_allows_exactly_its_roles(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (admin, token) = server.signed_in("platform@example.org").await;
    let imported = admin
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .body(CARPENTRIES_RUBRIC.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201, "{}", imported.text().await.unwrap());

    let mut failures = Vec::new();
    let mut serial = 0;
    for (method, path, allowed) in matrix() {
        for who in EVERYONE {
            serial += 1;
            let (status, location) = request(&server, who, method, path, serial).await;
            let denied = is_denied(status, &location);
            let ok = status.is_success() || status == StatusCode::SEE_OTHER;
            let expected_allowed = allowed.contains(&who);
            if expected_allowed && (!ok || denied) || !expected_allowed && !denied {
                failures.push(format!(
                    "{method} {path} as {who:?}: status {status}, expected {}",
                    if expected_allowed {
                        "allowed"
                    } else {
                        "denied"
                    }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    server.stop().await;
}

on_both_backends!(every_route_allows_exactly_its_roles);
