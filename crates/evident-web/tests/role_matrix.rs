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
        (
            "POST",
            "/orgs/{id}/users/{user_id}/password",
            admins.clone(),
        ),
        ("GET", "/api/v1/me", signed_in.clone()),
        ("GET", "/api/v1/frameworks", EVERYONE.to_vec()),
        ("POST", "/api/v1/frameworks", admins.clone()),
        ("GET", "/api/v1/frameworks/{id}", EVERYONE.to_vec()),
        ("GET", "/api/v1/orgs/{id}", admins.clone()),
        ("GET", "/ims/case/v1p1/CFDocuments", EVERYONE.to_vec()),
        ("GET", "/ims/case/v1p1/CFPackages/{id}", EVERYONE.to_vec()),
        ("GET", "/ims/case/v1p1/CFItems/{id}", EVERYONE.to_vec()),
        ("GET", "/ims/case/v1p1/CFDocuments/{id}", EVERYONE.to_vec()),
        (
            "GET",
            "/ims/case/v1p1/CFItemAssociations/{id}",
            EVERYONE.to_vec(),
        ),
        (
            "GET",
            "/ims/case/v1p1/CFAssociations/{id}",
            EVERYONE.to_vec(),
        ),
        ("GET", "/ims/case/v1p1/CFRubrics/{id}", EVERYONE.to_vec()),
        ("GET", "/static/submission.js", EVERYONE.to_vec()),
        ("GET", "/microcredentials", EVERYONE.to_vec()),
        ("GET", "/microcredentials/{slug}", EVERYONE.to_vec()),
        ("POST", "/microcredentials/{slug}/start", vec![Educator]),
        ("GET", "/submissions", signed_in.clone()),
        ("GET", "/submissions/{id}", vec![Educator]),
        ("POST", "/submissions/{id}/parts/{part}", vec![Educator]),
        (
            "POST",
            "/submissions/{id}/parts/{part}/files",
            vec![Educator],
        ),
        (
            "POST",
            "/submissions/{id}/parts/{part}/files/{sha256}/remove",
            vec![Educator],
        ),
        ("GET", "/submissions/{id}/files/{sha256}", vec![Educator]),
        ("GET", "/api/v1/submissions/{id}", vec![Educator]),
        (
            "PUT",
            "/api/v1/submissions/{id}/parts/{part}",
            vec![Educator],
        ),
        ("POST", "/submissions/{id}/submit", vec![Educator]),
        ("GET", "/review", vec![Assessor]),
        ("GET", "/review/flags", admins.clone()),
        ("GET", "/review/{id}", vec![Assessor]),
        ("POST", "/review/{id}/claim", vec![Assessor]),
        ("POST", "/review/{id}/release", vec![Assessor, IssuerAdmin]),
        ("POST", "/review/{id}/scores", vec![Assessor]),
        ("GET", "/api/v1/microcredentials", EVERYONE.to_vec()),
        ("POST", "/api/v1/microcredentials", admins.clone()),
        ("GET", "/api/v1/microcredentials/{slug}", EVERYONE.to_vec()),
        (
            "PUT",
            "/api/v1/microcredentials/{slug}/draft",
            admins.clone(),
        ),
        (
            "PUT",
            "/api/v1/microcredentials/{slug}/draft/rubric",
            admins.clone(),
        ),
        (
            "POST",
            "/api/v1/microcredentials/{slug}/publish",
            admins.clone(),
        ),
        (
            "PUT",
            "/api/v1/microcredentials/{slug}/versions/{version}",
            admins.clone(),
        ),
        ("POST", "/account/did", signed_in.clone()),
        ("POST", "/account/password", signed_in.clone()),
        ("GET", "/.well-known/did.json", EVERYONE.to_vec()),
        ("GET", "/status/{list}", EVERYONE.to_vec()),
        (
            "GET",
            "/microcredentials/{slug}/badge.svg",
            EVERYONE.to_vec(),
        ),
        ("GET", "/credentials", signed_in.clone()),
        ("GET", "/credentials/issued", admins.clone()),
        ("GET", "/credentials/{id}", EVERYONE.to_vec()),
        (
            "GET",
            "/credentials/{id}/credential.json",
            EVERYONE.to_vec(),
        ),
        ("GET", "/credentials/{id}/badge.png", EVERYONE.to_vec()),
        ("GET", "/credentials/{id}/badge.svg", EVERYONE.to_vec()),
        ("GET", "/credentials/{id}/embed", EVERYONE.to_vec()),
        ("POST", "/credentials/{id}/recipient", EVERYONE.to_vec()),
        // The first admin revokes; for the second it is already revoked, which changes
        // nothing and is not an error.
        ("POST", "/credentials/{id}/revoke", admins.clone()),
        ("GET", "/api/v1/credentials", signed_in.clone()),
        ("POST", "/api/v1/credentials/{id}/revoke", admins.clone()),
        ("GET", "/manage/microcredentials", admins.clone()),
        ("POST", "/manage/microcredentials", admins.clone()),
        ("GET", "/manage/microcredentials/new", admins.clone()),
        ("GET", "/manage/microcredentials/{slug}", admins.clone()),
        ("POST", "/manage/microcredentials/{slug}", admins.clone()),
        (
            "GET",
            "/manage/microcredentials/{slug}/preview",
            admins.clone(),
        ),
        (
            "GET",
            "/manage/microcredentials/{slug}/publish",
            admins.clone(),
        ),
        (
            "POST",
            "/manage/microcredentials/{slug}/publish",
            admins.clone(),
        ),
        (
            "POST",
            "/manage/microcredentials/{slug}/versions",
            admins.clone(),
        ),
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

const SLUG: &str = "digital-formative-assessment";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// The micro-credential records the earning routes act on.
struct EarnIds {
    /// A complete draft of `educator@example.org`.
    submission: String,
    /// The SHA-256 of the file uploaded to that draft.
    file_sha256: String,
    /// A submitted submission of an educator outside the assessor's school.
    review_submission: String,
    /// The credential issued when another such submission was earned.
    credential: String,
    /// A person in district A without an admin role, whose password admins may set.
    district_user: String,
}

fn demo_definition() -> evident_domain::MicroCredentialDefinition {
    evident_domain::demo::demo_definitions()
        .unwrap()
        .into_iter()
        .find(|definition| definition.slug == SLUG)
        .unwrap()
}

/// Starts a submission of `SLUG` as `email`, answers every part and returns its id and
/// the hash of its uploaded file.
async fn complete_draft(server: &TestServer, email: &str) -> (String, String) {
    let (client, token) = server.signed_in(email).await;
    let started = client
        .post(server.url(&format!("/microcredentials/{SLUG}/start")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 303);
    let id = started.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/submissions/")
        .to_owned();
    for part in [
        "class-context",
        "tool-choice",
        "decision-log",
        "reflection-impact",
    ] {
        let saved = client
            .post(server.url(&format!("/submissions/{id}/parts/{part}")))
            .form(&[("csrf_token", token.as_str()), ("text", "An answer.")])
            .send()
            .await
            .unwrap();
        assert_eq!(saved.status(), 303);
    }
    let mut sha256 = String::new();
    for part in ["check-design", "responses"] {
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(PDF.to_vec())
                    .file_name("evidence.pdf")
                    .mime_str("application/pdf")
                    .unwrap(),
            );
        let uploaded = client
            .post(server.url(&format!("/submissions/{id}/parts/{part}/files")))
            .header("accept", "application/json")
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), 200);
        let body: serde_json::Value = uploaded.json().await.unwrap();
        sha256 = body["content_hash"]
            .as_str()
            .unwrap()
            .trim_start_matches("sha256:")
            .to_owned();
    }
    (id, sha256)
}

/// Publishes `SLUG`, prepares a complete draft of the test educator and a submitted
/// submission of an educator in district B, whom the test assessor may score.
async fn prepare_earning(server: &TestServer, admin: &reqwest::Client, token: &str) -> EarnIds {
    let created = admin
        .post(server.url("/api/v1/microcredentials"))
        .header("x-csrf-token", token)
        .json(&serde_json::json!({
            "org_id": server.world.district_a,
            "definition": demo_definition(),
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let published = admin
        .post(server.url(&format!("/api/v1/microcredentials/{SLUG}/publish")))
        .header("x-csrf-token", token)
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 201);

    let store = server.store();
    server
        .add_user(
            "other-educator@example.org",
            "Other Educator",
            "educator",
            &server.world.district_b,
        )
        .await;
    let (review_submission, _) = complete_draft(server, "other-educator@example.org").await;
    let (client, other_token) = server.signed_in("other-educator@example.org").await;
    let submitted = client
        .post(server.url(&format!("/submissions/{review_submission}/submit")))
        .form(&[("csrf_token", other_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);

    let credential = earn_credential(server).await;
    let hash = evident_web::auth::hash_password(common::PASSWORD).unwrap();
    let district_user = store
        .create_user(
            "coach@example.org",
            "Coach",
            &hash,
            Some(&server.world.district_a),
        )
        .await
        .unwrap()
        .id;
    let (submission, file_sha256) = complete_draft(server, "educator@example.org").await;
    EarnIds {
        submission,
        file_sha256,
        review_submission,
        credential,
        district_user,
    }
}

/// Has an educator of district B submit `SLUG` and the test assessor pass it. Returns the
/// id of the credential issued.
async fn earn_credential(server: &TestServer) -> String {
    let store = server.store();
    server
        .add_user(
            "earner@example.org",
            "Earning Educator",
            "educator",
            &server.world.district_b,
        )
        .await;
    let (id, _) = complete_draft(server, "earner@example.org").await;
    let (client, token) = server.signed_in("earner@example.org").await;
    let submitted = client
        .post(server.url(&format!("/submissions/{id}/submit")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(submitted.status(), 303);
    let (assessor, token) = server.signed_in("assessor@example.org").await;
    let claimed = assessor
        .post(server.url(&format!("/review/{id}/claim")))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status(), 303);
    let mut form = vec![("csrf_token".to_owned(), token.clone())];
    for criterion in &demo_definition().rubric.criteria {
        form.push((format!("level.{}", criterion.id), "demonstrated".to_owned()));
        form.push((format!("feedback.{}", criterion.id), "Clear.".to_owned()));
    }
    let scored = assessor
        .post(server.url(&format!("/review/{id}/scores")))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(scored.status(), 303);
    let award = store.award_for_submission(&id).await.unwrap().unwrap();
    store
        .credential_for_award(&award.id)
        .await
        .unwrap()
        .expect("earning issues a credential")
        .id
}

/// Returns the identifier of the first entry of `list` (such as `CFRubrics`) in the Carpentries
/// rubric package.
fn case_id(list: &str) -> String {
    let package: serde_json::Value = serde_json::from_slice(CARPENTRIES_RUBRIC).unwrap();
    package[list][0]["identifier"].as_str().unwrap().to_owned()
}

/// Sends one request for `method path` as `who` and returns the status and, for a
/// redirect, its target.
async fn request(
    server: &TestServer,
    ids: &EarnIds,
    who: Who,
    method: &str,
    path: &str,
    serial: usize,
) -> (StatusCode, String) {
    let (client, token) = match email(who) {
        Some(email) => server.signed_in(email).await,
        None => (server.anonymous(), String::new()),
    };
    // The JSON autosave sends a text answer, so it needs a text part. The form routes use
    // the file part, which the form leaves as it is.
    let part = if path.starts_with("/api/v1/submissions") {
        "class-context"
    } else {
        "responses"
    };
    let path = path
        .replace("{slug}", SLUG)
        .replace("{part}", part)
        .replace("{sha256}", &ids.file_sha256)
        .replace("{version}", "1")
        .replace("{list}", "1")
        .replace("{user_id}", &ids.district_user);
    let (rubric_id, association_id) = (case_id("CFRubrics"), case_id("CFAssociations"));
    let path = path.replace(
        "{id}",
        if path.starts_with("/orgs") || path.starts_with("/api/v1/orgs") {
            &server.world.district_a
        } else if path.contains("/credentials/") {
            &ids.credential
        } else if path.contains("CFItems") || path.contains("CFItemAssociations") {
            CARPENTRIES_ITEM
        } else if path.contains("CFRubrics") {
            &rubric_id
        } else if path.contains("CFAssociations") {
            &association_id
        } else if path.contains("/submissions/") {
            &ids.submission
        } else if path.starts_with("/review/") {
            &ids.review_submission
        } else {
            CARPENTRIES_ID
        },
    );
    let url = server.url(&path);
    let response = match (method, path.as_str()) {
        ("GET", _) => client.get(&url).send().await.unwrap(),
        ("POST", "/api/v1/microcredentials") => {
            let mut definition = demo_definition();
            definition.slug = format!("matrix-{serial}");
            client
                .post(&url)
                .header("x-csrf-token", &token)
                .json(&serde_json::json!({
                    "org_id": server.world.district_a,
                    "definition": definition,
                }))
                .send()
                .await
                .unwrap()
        }
        ("PUT", _) if path.ends_with("/draft/rubric") => client
            .put(&url)
            .header("x-csrf-token", &token)
            .json(&serde_json::json!({
                "framework_id": CARPENTRIES_ID,
                "pass_rule": { "rule": "count_based", "max_below": 2, "level": "positive" },
            }))
            .send()
            .await
            .unwrap(),
        ("PUT", _) if path.starts_with("/api/v1/microcredentials/") => client
            .put(&url)
            .header("x-csrf-token", &token)
            .json(&demo_definition())
            .send()
            .await
            .unwrap(),
        ("POST", "/manage/microcredentials") => {
            let slug = format!("matrix-{serial}");
            let fields = match who {
                Who::IssuerAdmin | Who::PlatformAdmin => {
                    common::forms::filled_new_form(server, &client, &slug).await
                }
                _ => vec![("csrf_token".to_owned(), token.clone())],
            };
            common::forms::post_multipart(&client, &url, &fields, "save", None).await
        }
        ("POST", _) if path == format!("/manage/microcredentials/{SLUG}") => {
            // The draft equals the latest version, so the form opens for the next one.
            let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
            let next = row.latest_version.unwrap_or(0) + 1;
            let page = client
                .get(format!("{url}?version={next}"))
                .send()
                .await
                .unwrap();
            let fields = if page.status() == StatusCode::OK {
                common::forms::form_fields(&page.text().await.unwrap(), &path)
            } else {
                vec![("csrf_token".to_owned(), token.clone())]
            };
            common::forms::post_multipart(&client, &url, &fields, "save", None).await
        }
        ("POST", _) if path.ends_with("/publish") => {
            // Publishing needs a draft that differs from the latest version, so each
            // request finds one, whichever role sends it.
            let store = server.store();
            let row = store.microcredential_by_slug(SLUG).await.unwrap();
            let mut draft: serde_json::Value = serde_json::from_str(&row.draft_json).unwrap();
            draft["rationale"] = serde_json::json!(format!("Rationale, revision {serial}."));
            store
                .update_draft(&row.id, &draft.to_string())
                .await
                .unwrap();
            client
                .post(&url)
                .header("x-csrf-token", &token)
                .form(&[("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap()
        }
        ("POST", _) if path.starts_with("/manage/") => client
            .post(&url)
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.ends_with("/release") => {
            // The assessor claims the submission before and after, so that each role finds
            // it in review and the scoring row after this one still can score it.
            let (assessor, assessor_token) = server.signed_in("assessor@example.org").await;
            let claim_url = url.replace("/release", "/claim");
            let claim = || {
                assessor
                    .post(&claim_url)
                    .form(&[("csrf_token", assessor_token.as_str())])
                    .send()
            };
            claim().await.unwrap();
            let response = client
                .post(&url)
                .form(&[("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap();
            claim().await.unwrap();
            response
        }
        ("PUT", _) => client
            .put(&url)
            .header("x-csrf-token", &token)
            .json(&serde_json::json!({ "type": "text", "text": "Revised." }))
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.ends_with("/remove") => {
            // Upload a copy first, so that removing it leaves the draft complete for the
            // routes after this one.
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", token.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(PDF.to_vec())
                        .file_name("evidence.pdf")
                        .mime_str("application/pdf")
                        .unwrap(),
                );
            let files_url = url[..url.find("/files/").unwrap() + "/files".len()].to_owned();
            client
                .post(&files_url)
                .multipart(form)
                .send()
                .await
                .unwrap();
            client
                .post(&url)
                .form(&[("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap()
        }
        ("POST", _) if path.ends_with("/files") => {
            let form = reqwest::multipart::Form::new()
                .text("csrf_token", token.clone())
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(PDF.to_vec())
                        .file_name("evidence.pdf")
                        .mime_str("application/pdf")
                        .unwrap(),
                );
            client.post(&url).multipart(form).send().await.unwrap()
        }
        ("POST", _) if path.contains("/parts/") => client
            .post(&url)
            .form(&[("csrf_token", token.as_str()), ("text", "Revised.")])
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.ends_with("/scores") => {
            let mut form = vec![("csrf_token".to_owned(), token.clone())];
            for criterion in &demo_definition().rubric.criteria {
                form.push((format!("level.{}", criterion.id), "demonstrated".to_owned()));
                form.push((format!("feedback.{}", criterion.id), "Clear.".to_owned()));
            }
            client.post(&url).form(&form).send().await.unwrap()
        }
        ("POST", _)
            if path.ends_with("/start")
                || path.ends_with("/submit")
                || path.ends_with("/claim") =>
        {
            client
                .post(&url)
                .form(&[("csrf_token", token.as_str())])
                .send()
                .await
                .unwrap()
        }
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
        // The password is changed to itself, so the rows that follow can still sign in.
        ("POST", _) if path.ends_with("/password") && path.starts_with("/orgs/") => client
            .post(&url)
            .form(&[
                ("csrf_token", token.as_str()),
                ("password", common::PASSWORD),
            ])
            .send()
            .await
            .unwrap(),
        ("POST", "/account/password") => client
            .post(&url)
            .form(&[
                ("csrf_token", token.as_str()),
                ("current_password", common::PASSWORD),
                ("new_password", common::PASSWORD),
                ("confirm_password", common::PASSWORD),
            ])
            .send()
            .await
            .unwrap(),
        ("POST", "/account/did") => client
            .post(&url)
            .form(&[("csrf_token", token.as_str()), ("did", "")])
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.ends_with("/recipient") => client
            .post(&url)
            .form(&[("email", "someone@example.org")])
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.starts_with("/api/v1/credentials/") => client
            .post(&url)
            .header("x-csrf-token", &token)
            .json(&serde_json::json!({ "reason": "Issued in error." }))
            .send()
            .await
            .unwrap(),
        ("POST", _) if path.ends_with("/revoke") => client
            .post(&url)
            .form(&[
                ("csrf_token", token.as_str()),
                ("reason", "Issued in error."),
                ("confirm", "yes"),
            ])
            .send()
            .await
            .unwrap(),
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
        || status == StatusCode::SEE_OTHER
            && (location == "/login" || location.starts_with("/login?next="))
}

async fn every_route_allows_exactly_its_roles(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (admin, token) = server.signed_in("platform@example.org").await;
    // Owned by district A, whose issuer admin may then replace it.
    let imported = admin
        .post(server.url(&format!(
            "/api/v1/frameworks?org_id={}",
            server.world.district_a
        )))
        .header("x-csrf-token", &token)
        .body(CARPENTRIES_RUBRIC.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201, "{}", imported.text().await.unwrap());
    let ids = prepare_earning(&server, &admin, &token).await;

    let mut failures = Vec::new();
    let mut serial = 0;
    for (method, path, allowed) in matrix() {
        for who in EVERYONE {
            serial += 1;
            let (status, location) = request(&server, &ids, who, method, path, serial).await;
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
