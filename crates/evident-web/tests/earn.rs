//! Earning a micro-credential over HTTP, on SQLite and on PostgreSQL: author and publish,
//! draft, upload, submit, score, return, resubmit and earn, and the bad inputs that must be
//! rejected with a clear message while nothing changes.
//!
//! `browser_earns_micro_credential` does the same in headless Chromium on SQLite and runs
//! axe-core on every page it visits. It needs the tools listed in `tests/browser.rs`.

mod common;

use common::browser::{Browser, find_tools};
use common::{DIGCOMPEDU, PASSWORD, TestServer};
use evident_domain::{MicroCredentialDefinition, demo};
use evident_store::Backend;
use serde_json::{Value, json};

on_both_backends!(
    full_lifecycle_earns_award,
    published_version_edit_is_rejected,
    incomplete_submit_lists_missing_parts,
    answer_over_word_limit_is_rejected,
    assessor_cannot_score_own_submission,
    score_outside_rubric_is_rejected,
    catalog_filters_by_competency,
    same_file_scored_differently_is_flagged,
    demo_seeds_every_submission_state,
    case_rubric_imports_into_draft,
    draft_files_hidden_from_assessors,
    concurrent_autosaves_all_persist,
    claimant_releases_review,
    issuer_admin_releases_stalled_review,
    foreign_file_hash_is_rejected,
    saved_file_keeps_uploaded_details,
    start_reopens_open_submission,
    uploaded_file_can_be_removed,
    wrong_file_type_names_formats,
    revoked_credential_shown_as_revoked,
);

const SLUG: &str = "digital-formative-assessment";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

fn definition(slug: &str) -> MicroCredentialDefinition {
    demo::demo_definitions()
        .unwrap()
        .into_iter()
        .find(|definition| definition.slug == slug)
        .unwrap()
}

/// Imports DigCompEdu and publishes the formative-assessment definition as the issuer admin
/// of district A.
async fn publish_definition(server: &TestServer, slug: &str) {
    let (admin, token) = server.signed_in("issuer@example.org").await;
    let imported = admin
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .body(DIGCOMPEDU.to_vec())
        .send()
        .await
        .unwrap();
    assert!(
        imported.status() == 201 || imported.status() == 200,
        "{}",
        imported.text().await.unwrap()
    );
    let created = admin
        .post(server.url("/api/v1/microcredentials"))
        .header("x-csrf-token", &token)
        .json(&json!({ "org_id": server.world.district_a, "definition": definition(slug) }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let published = admin
        .post(server.url(&format!("/api/v1/microcredentials/{slug}/publish")))
        .header("x-csrf-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        published.status(),
        201,
        "{}",
        published.text().await.unwrap()
    );
    let body: Value = published.json().await.unwrap();
    assert_eq!(body["version"], 1);
}

/// Creates an assessor in district B, outside the educator's school, and signs them in.
async fn outside_assessor(server: &TestServer) -> (reqwest::Client, String) {
    assessor_in_district_b(server, "outside-assessor@example.org", "Outside Assessor").await
}

/// Creates an assessor with `email` in district B and signs them in.
async fn assessor_in_district_b(
    server: &TestServer,
    email: &str,
    name: &str,
) -> (reqwest::Client, String) {
    server
        .add_user(email, name, "assessor", &server.world.district_b)
        .await;
    server.signed_in(email).await
}

/// Starts a submission as the educator and returns its id.
async fn start(server: &TestServer, client: &reqwest::Client, token: &str, slug: &str) -> String {
    let response = client
        .post(server.url(&format!("/microcredentials/{slug}/start")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.trim_start_matches("/submissions/").to_owned()
}

async fn save_text(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
    part: &str,
    text: &str,
) -> reqwest::Response {
    client
        .post(server.url(&format!("/submissions/{id}/parts/{part}")))
        .form(&[("csrf_token", token), ("text", text)])
        .send()
        .await
        .unwrap()
}

async fn upload(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
    part: &str,
    bytes: &[u8],
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name(format!("{part}.pdf"))
                .mime_str("application/pdf")
                .unwrap(),
        );
    client
        .post(server.url(&format!("/submissions/{id}/parts/{part}/files")))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// Answers every part of the formative-assessment definition.
async fn complete_answers(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
    pdf: &[u8],
) {
    for (part, text) in [
        (
            "class-context",
            "Year 9 mathematics, 28 learners, the check opens the lesson.",
        ),
        (
            "tool-choice",
            "A school-approved polling tool that stores no names.",
        ),
        (
            "decision-log",
            "Half chose the distractor, so I retaught equivalence.",
        ),
        (
            "reflection-impact",
            "The exit ticket showed 24 of 28 correct afterwards.",
        ),
    ] {
        let saved = save_text(server, client, token, id, part, text).await;
        assert_eq!(
            saved.status(),
            303,
            "{part}: {}",
            saved.text().await.unwrap()
        );
    }
    for part in ["check-design", "responses"] {
        let uploaded = upload(server, client, token, id, part, pdf).await;
        assert_eq!(uploaded.status(), 200, "{}", uploaded.text().await.unwrap());
        let body: Value = uploaded.json().await.unwrap();
        assert!(
            body["content_hash"]
                .as_str()
                .unwrap()
                .starts_with("sha256:")
        );
    }
}

async fn submit(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
    note: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![("csrf_token", token)];
    if let Some(note) = note {
        form.push(("note", note));
    }
    client
        .post(server.url(&format!("/submissions/{id}/submit")))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn submission_json(server: &TestServer, client: &reqwest::Client, id: &str) -> Value {
    let response = client
        .get(server.url(&format!("/api/v1/submissions/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn claim(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
) -> reqwest::Response {
    client
        .post(server.url(&format!("/review/{id}/claim")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap()
}

/// Scores every criterion of the formative-assessment rubric at `level`, except
/// `weak_criterion` which gets `not-met` when given.
fn score_form(token: &str, level: &str, weak_criterion: Option<&str>) -> Vec<(String, String)> {
    let mut form = vec![("csrf_token".to_owned(), token.to_owned())];
    for criterion in &definition(SLUG).rubric.criteria {
        let chosen = if Some(criterion.id.as_str()) == weak_criterion {
            "not-met"
        } else {
            level
        };
        form.push((format!("level.{}", criterion.id), chosen.to_owned()));
        form.push((
            format!("feedback.{}", criterion.id),
            format!("Feedback on {}", criterion.id),
        ));
    }
    form
}

async fn post_scores(
    server: &TestServer,
    client: &reqwest::Client,
    id: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    client
        .post(server.url(&format!("/review/{id}/scores")))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn full_lifecycle_earns_award(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;

    let anonymous = server.anonymous();
    let home = anonymous.get(server.url("/")).send().await.unwrap();
    assert!(home.text().await.unwrap().contains("/microcredentials"));
    let page = anonymous
        .get(server.url(&format!("/microcredentials/{SLUG}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    let title = definition(SLUG).title;
    assert!(page.contains(&title), "{page}");
    assert!(page.contains("id=\"rubric\""));
    for criterion in &definition(SLUG).rubric.criteria {
        assert!(
            page.contains(&criterion.title),
            "rubric lists {}",
            criterion.id
        );
    }

    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let draft = submission_json(&server, &educator, &id).await;
    assert_eq!(draft["submission"]["state"], "draft");
    // Two overview questions, three artifacts and one reflection are required.
    assert_eq!(draft["missing"].as_array().unwrap().len(), 6);

    // Autosave through the JSON API, then the rest through the forms.
    let autosaved = educator
        .put(server.url(&format!("/api/v1/submissions/{id}/parts/class-context")))
        .header("x-csrf-token", &token)
        .json(&json!({ "type": "text", "text": "Year 9 mathematics." }))
        .send()
        .await
        .unwrap();
    assert_eq!(autosaved.status(), 200);
    let autosaved: Value = autosaved.json().await.unwrap();
    assert_eq!(autosaved["missing"].as_array().unwrap().len(), 5);
    complete_answers(&server, &educator, &token, &id, PDF).await;
    let form = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("Every required part is complete."), "{form}");
    assert!(form.contains("check-design.pdf"));

    let submitted = submit(&server, &educator, &token, &id, None).await;
    assert_eq!(
        submitted.status(),
        303,
        "{}",
        submitted.text().await.unwrap()
    );
    assert_eq!(
        submission_json(&server, &educator, &id).await["submission"]["state"],
        "submitted"
    );
    // The educator sees what they sent, read-only.
    let sent = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sent.contains("Half chose the distractor"), "{sent}");
    assert!(sent.contains("check-design.pdf"), "{sent}");
    assert!(
        sent.contains(&format!("href=\"/submissions/{id}/files/")),
        "{sent}"
    );
    assert!(!sent.contains("<textarea"), "{sent}");

    // The assessor of the educator's own school does not see it; an outside one does.
    let (same_school, same_token) = server.signed_in("assessor@example.org").await;
    let queue = same_school.get(server.url("/review")).send().await.unwrap();
    assert!(!queue.text().await.unwrap().contains(&id));
    let denied = claim(&server, &same_school, &same_token, &id).await;
    assert_eq!(denied.status(), 403);
    assert!(denied.text().await.unwrap().contains("school"));

    let (assessor, assessor_token) = outside_assessor(&server).await;
    let queue = assessor
        .get(server.url("/review"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(queue.contains(&format!("/review/{id}")), "{queue}");
    assert!(!queue.contains("educator@example.org"), "identity hidden");
    assert!(!queue.contains("School A1"), "school hidden");
    assert_eq!(
        claim(&server, &assessor, &assessor_token, &id)
            .await
            .status(),
        303
    );
    let review = assessor
        .get(server.url(&format!("/review/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        review.contains("Half chose the distractor"),
        "evidence shown"
    );
    assert!(!review.contains("educator@example.org"), "identity hidden");
    assert!(review.contains("Download check-design.pdf"));

    // One criterion not met: the non-compensatory rule returns the submission.
    let scored = post_scores(
        &server,
        &assessor,
        &id,
        &score_form(&assessor_token, "demonstrated", Some("responsive-decision")),
    )
    .await;
    assert_eq!(scored.status(), 303, "{}", scored.text().await.unwrap());
    let returned = submission_json(&server, &educator, &id).await;
    assert_eq!(returned["submission"]["state"], "returned");
    let feedback_page = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(feedback_page.contains("Feedback on responsive-decision"));
    assert!(feedback_page.contains("not yet"), "{feedback_page}");

    // Revise, then resubmit: a note is required.
    let revised = save_text(
        &server,
        &educator,
        &token,
        &id,
        "decision-log",
        "Half chose the distractor, so I regrouped them and retaught equivalence with bar models.",
    )
    .await;
    assert_eq!(revised.status(), 303);
    let without_note = submit(&server, &educator, &token, &id, None).await;
    assert_eq!(without_note.status(), 400);
    assert!(without_note.text().await.unwrap().contains("note"));
    let resubmitted = submit(
        &server,
        &educator,
        &token,
        &id,
        Some("I explained the regrouping decision."),
    )
    .await;
    assert_eq!(resubmitted.status(), 303);
    let history = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        history.contains("Feedback on responsive-decision"),
        "the first attempt's feedback stays visible: {history}"
    );
    assert!(history.contains("regrouped them"), "{history}");

    assert_eq!(
        claim(&server, &assessor, &assessor_token, &id)
            .await
            .status(),
        303
    );
    let review = assessor
        .get(server.url(&format!("/review/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(review.contains("I explained the regrouping decision."));
    assert!(review.contains("Attempt 1"), "earlier attempt shown");
    let passed = post_scores(
        &server,
        &assessor,
        &id,
        &score_form(&assessor_token, "demonstrated", None),
    )
    .await;
    assert_eq!(passed.status(), 303);

    let earned = submission_json(&server, &educator, &id).await;
    assert_eq!(earned["submission"]["state"], "earned");
    let attempts = earned["submission"]["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 2, "every attempt stays in the history");
    assert_eq!(attempts[0]["result"]["decision"]["outcome"], "not_yet");
    assert_eq!(attempts[1]["result"]["decision"]["outcome"], "pass");
    let award = server
        .store()
        .award_for_submission(&id)
        .await
        .unwrap()
        .expect("earning creates an award");
    assert_eq!(award.version, 1);
    assert_eq!(server.store().scores(&id).await.unwrap().len(), 8);
    let mine = educator
        .get(server.url("/submissions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("Earned micro-credentials"));
    assert!(mine.contains(&title));

    // Starting an earned micro-credential again opens the earned submission.
    assert_eq!(start(&server, &educator, &token, SLUG).await, id);
    let earned_page = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        earned_page.contains("You earned this micro-credential"),
        "{earned_page}"
    );
    server.stop().await;
}

async fn start_reopens_open_submission(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    assert_eq!(start(&server, &educator, &token, SLUG).await, id, "draft");

    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    assert_eq!(
        start(&server, &educator, &token, SLUG).await,
        id,
        "submitted"
    );
    let mine = educator
        .get(server.url("/submissions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(mine.matches("<a href=\"/submissions/").count(), 1, "{mine}");
    server.stop().await;
}

async fn published_version_edit_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (admin, token) = server.signed_in("issuer@example.org").await;
    // Publishing the unchanged draft again (a second click) makes no second version.
    let again = admin
        .post(server.url(&format!("/api/v1/microcredentials/{SLUG}/publish")))
        .header("x-csrf-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("is the same as version 1, which is already published")
    );
    let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
    assert_eq!(row.latest_version, Some(1));
    let mut edited = definition(SLUG);
    edited.title = "A different title".to_owned();
    let response = admin
        .put(server.url(&format!("/api/v1/microcredentials/{SLUG}/versions/1")))
        .header("x-csrf-token", &token)
        .json(&edited)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("version 1"), "{message}");
    assert!(
        message.contains("publish it as the next version"),
        "{message}"
    );

    let stored: Value = admin
        .get(server.url(&format!("/api/v1/microcredentials/{SLUG}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        stored["definition"]["title"],
        definition(SLUG).title.as_str()
    );
    assert_eq!(stored["version"], 1);

    let unchanged = admin
        .put(server.url(&format!("/api/v1/microcredentials/{SLUG}/versions/1")))
        .header("x-csrf-token", &token)
        .json(&definition(SLUG))
        .send()
        .await
        .unwrap();
    assert_eq!(
        unchanged.status(),
        200,
        "resending the same content is harmless"
    );
    server.stop().await;
}

async fn incomplete_submit_lists_missing_parts(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    save_text(&server, &educator, &token, &id, "class-context", "Year 9.").await;
    let before = submission_json(&server, &educator, &id).await;

    let response = submit(&server, &educator, &token, &id, None).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("submission is incomplete"), "{body}");
    for part in [
        "tool-choice",
        "check-design",
        "responses",
        "reflection-impact",
    ] {
        assert!(body.contains(part), "{part} listed as missing: {body}");
    }
    let after = submission_json(&server, &educator, &id).await;
    assert_eq!(after["submission"], before["submission"], "nothing changed");
    assert_eq!(after["revision"], before["revision"]);
    server.stop().await;
}

async fn answer_over_word_limit_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    save_text(
        &server,
        &educator,
        &token,
        &id,
        "tool-choice",
        "A polling tool.",
    )
    .await;
    let before = submission_json(&server, &educator, &id).await;

    // The tool-choice prompt allows 150 words.
    let long = vec!["word"; 151].join(" ");
    let response = educator
        .put(server.url(&format!("/api/v1/submissions/{id}/parts/tool-choice")))
        .header("x-csrf-token", &token)
        .json(&json!({ "type": "text", "text": long }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("151"), "{message}");
    assert!(message.contains("150"), "{message}");

    let form = save_text(&server, &educator, &token, &id, "tool-choice", &long).await;
    assert_eq!(form.status(), 422);
    // Without scripts the page comes back with the text kept and the reason beside it, once.
    let page = form.text().await.unwrap();
    assert_eq!(page.matches("has 151 words").count(), 1, "{page}");
    assert!(page.contains("id=\"rejection-tool-choice\""), "{page}");
    assert!(
        page.contains(&format!("data-word-limit=\"150\">{long}</textarea>")),
        "{page}"
    );
    assert!(
        page.contains("action=\"/submissions/"),
        "the form is there: {page}"
    );

    let after = submission_json(&server, &educator, &id).await;
    assert_eq!(after["submission"], before["submission"], "nothing changed");
    assert_eq!(
        after["submission"]["answers"]["tool-choice"]["text"],
        "A polling tool."
    );
    server.stop().await;
}

async fn assessor_cannot_score_own_submission(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    // The educator is also an assessor in another district.
    let educator_id = server
        .store()
        .user_credentials("educator@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    server
        .store()
        .grant_role(&educator_id, "assessor", &server.world.district_b)
        .await
        .unwrap();
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    let before = submission_json(&server, &educator, &id).await;

    let queue = educator.get(server.url("/review")).send().await.unwrap();
    assert!(
        !queue.text().await.unwrap().contains(&id),
        "own work not queued"
    );
    let response = claim(&server, &educator, &token, &id).await;
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("submitted this work and cannot score it"),
        "{body}"
    );
    let scored = post_scores(
        &server,
        &educator,
        &id,
        &score_form(&token, "demonstrated", None),
    )
    .await;
    assert_eq!(scored.status(), 403);

    let after = submission_json(&server, &educator, &id).await;
    assert_eq!(after["submission"], before["submission"], "nothing changed");
    assert!(server.store().scores(&id).await.unwrap().is_empty());
    server.stop().await;
}

/// Publishes `SLUG`, has the test educator complete and submit it, and has an assessor
/// outside their school claim it. Returns (educator, submission id, assessor, assessor
/// token).
async fn claimed_submission(
    server: &TestServer,
) -> (reqwest::Client, String, reqwest::Client, String) {
    publish_definition(server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(server, &educator, &token, SLUG).await;
    complete_answers(server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(server, &educator, &token, &id, None).await.status(),
        303
    );
    let (assessor, assessor_token) = outside_assessor(server).await;
    assert_eq!(
        claim(server, &assessor, &assessor_token, &id)
            .await
            .status(),
        303
    );
    (educator, id, assessor, assessor_token)
}

async fn score_outside_rubric_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (educator, id, assessor, assessor_token) = claimed_submission(&server).await;
    let before = submission_json(&server, &educator, &id).await;

    let mut unknown_criterion = score_form(&assessor_token, "demonstrated", None);
    unknown_criterion.push(("level.punctuality".to_owned(), "demonstrated".to_owned()));
    let response = post_scores(&server, &assessor, &id, &unknown_criterion).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("punctuality"), "{body}");

    let mut unknown_level = score_form(&assessor_token, "demonstrated", None);
    unknown_level.retain(|(name, _)| name != "level.diagnostic-question");
    unknown_level.push((
        "level.diagnostic-question".to_owned(),
        "outstanding".to_owned(),
    ));
    let response = post_scores(&server, &assessor, &id, &unknown_level).await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("outstanding"), "{body}");

    let after = submission_json(&server, &educator, &id).await;
    assert_eq!(after["submission"], before["submission"], "nothing changed");
    assert_eq!(after["submission"]["state"], "in_review");
    assert!(server.store().scores(&id).await.unwrap().is_empty());
    assert_eq!(
        server.store().award_for_submission(&id).await.unwrap(),
        None
    );
    server.stop().await;
}

async fn catalog_filters_by_competency(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    publish_definition_more(&server, "live-coding-teaching-demonstration").await;
    let anonymous = server.anonymous();
    let all = anonymous
        .get(server.url("/microcredentials"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(all.contains("2 of 2 published"), "{all}");
    let competency = &definition(SLUG).competency.identifier;
    let filtered = anonymous
        .get(server.url(&format!("/microcredentials?competency={competency}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(filtered.contains("1 of 2 published"), "{filtered}");
    assert!(filtered.contains(&format!("/microcredentials/{SLUG}")));
    let searched: Value = anonymous
        .get(server.url("/api/v1/microcredentials?q=live+coding"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = searched["microcredentials"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["slug"], "live-coding-teaching-demonstration");
    server.stop().await;
}

/// Publishes one more definition when the framework is already imported.
async fn publish_definition_more(server: &TestServer, slug: &str) {
    let (admin, token) = server.signed_in("issuer@example.org").await;
    let created = admin
        .post(server.url("/api/v1/microcredentials"))
        .header("x-csrf-token", &token)
        .json(&json!({ "org_id": server.world.district_a, "definition": definition(slug) }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let published = admin
        .post(server.url(&format!("/api/v1/microcredentials/{slug}/publish")))
        .header("x-csrf-token", &token)
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 201);
}

async fn same_file_scored_differently_is_flagged(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let store = server.store();
    server
        .add_user(
            "second-educator@example.org",
            "Second Educator",
            "educator",
            &server.world.school_a1,
        )
        .await;
    let (assessor, assessor_token) = outside_assessor(&server).await;

    let shared = b"%PDF-1.4\n% the same diagnostic question\n%%EOF\n";
    let mut ids = Vec::new();
    for email in ["educator@example.org", "second-educator@example.org"] {
        let (educator, token) = server.signed_in(email).await;
        let id = start(&server, &educator, &token, SLUG).await;
        complete_answers(&server, &educator, &token, &id, shared).await;
        assert_eq!(
            submit(&server, &educator, &token, &id, None).await.status(),
            303
        );
        ids.push(id);
    }
    for (id, weak) in ids.iter().zip([None, Some("diagnostic-question")]) {
        assert_eq!(
            claim(&server, &assessor, &assessor_token, id)
                .await
                .status(),
            303
        );
        let scored = post_scores(
            &server,
            &assessor,
            id,
            &score_form(&assessor_token, "demonstrated", weak),
        )
        .await;
        assert_eq!(scored.status(), 303);
    }
    let flags = store.evidence_flags().await.unwrap();
    assert_eq!(flags.len(), 1, "one shared file, two outcomes");
    assert!(flags[0].uses_json.contains("pass"));
    assert!(flags[0].uses_json.contains("not_yet"));

    let (admin, _) = server.signed_in("issuer@example.org").await;
    let page = admin
        .get(server.url("/review/flags"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&flags[0].content_hash), "{page}");
    assert!(page.contains("Second Educator"), "{page}");
    let (educator, _) = server.signed_in("educator@example.org").await;
    let denied = educator
        .get(server.url("/review/flags"))
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
    server.stop().await;
}

async fn demo_seeds_every_submission_state(backend: Backend) {
    let server = TestServer::start(backend).await;
    let store = server.store();
    let files = evident_store::FileStore::new(
        server.test_store.dir.path().join("demo-files"),
        evident_store::FileLimits::default(),
    );
    evident_web::demo::seed(store, &[DIGCOMPEDU]).await.unwrap();
    let report = evident_web::demo::seed_microcredentials(store, &files)
        .await
        .unwrap();
    assert_eq!(report.published.len(), 4);
    let mut states: Vec<&str> = report
        .submissions
        .iter()
        .map(|(_, _, state)| state.as_str())
        .collect();
    states.sort_unstable();
    assert_eq!(
        states,
        ["draft", "earned", "in_review", "returned", "submitted"]
    );
    let carpentries = report
        .submissions
        .iter()
        .find(|(_, slug, _)| slug == "live-coding-teaching-demonstration")
        .expect("the Carpentries micro-credential has a submission");
    assert_eq!(carpentries.2, "returned");

    let catalog = server
        .anonymous()
        .get(server.url("/microcredentials"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(catalog.contains("4 of 4 published"), "{catalog}");

    let again = evident_web::demo::seed_microcredentials(store, &files)
        .await
        .unwrap();
    assert!(again.published.is_empty(), "seeding twice adds nothing");
    assert!(again.submissions.is_empty());
    server.stop().await;
}

async fn case_rubric_imports_into_draft(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (admin, token) = server.signed_in("issuer@example.org").await;
    let imported = admin
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .body(common::CARPENTRIES_RUBRIC.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201);
    let framework: Value = imported.json().await.unwrap();
    let framework_id = framework["framework_id"].as_str().unwrap().to_owned();
    let url = server.url(&format!("/api/v1/microcredentials/{SLUG}/draft/rubric"));

    // The draft's non-compensatory rule names `demonstrated`, which the Carpentries rubric
    // does not have, so importing without a new rule changes nothing.
    let kept_rule = admin
        .put(&url)
        .header("x-csrf-token", &token)
        .json(&json!({ "framework_id": framework_id }))
        .send()
        .await
        .unwrap();
    assert_eq!(kept_rule.status(), 422);
    let body: Value = kept_rule.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("demonstrated"), "{message}");
    let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
    let draft: MicroCredentialDefinition = serde_json::from_str(&row.draft_json).unwrap();
    assert_eq!(draft.rubric, definition(SLUG).rubric, "nothing changed");

    let missing = admin
        .put(&url)
        .header("x-csrf-token", &token)
        .json(&json!({ "framework_id": "no-such-framework" }))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);

    let replaced = admin
        .put(&url)
        .header("x-csrf-token", &token)
        .json(&json!({
            "framework_id": framework_id,
            "pass_rule": { "rule": "count_based", "max_below": 2, "level": "positive" },
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(replaced.status(), 200, "{}", replaced.text().await.unwrap());
    let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
    let draft: MicroCredentialDefinition = serde_json::from_str(&row.draft_json).unwrap();
    let levels: Vec<&str> = draft.rubric.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(levels, ["positive", "opportunity-for-growth"]);
    assert_eq!(draft.rubric.criteria.len(), 14);
    assert_eq!(draft.rubric.criteria[0].id, "C.1");
    assert_eq!(draft.pass_rule.max_below(), 2);

    let published = server.store().version(&row.id, 1).await.unwrap();
    assert!(
        published.definition_json.contains("\"demonstrated\""),
        "the published version keeps its rubric"
    );
    server.stop().await;
}

async fn draft_files_hidden_from_assessors(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let uploaded = upload(&server, &educator, &token, &id, "check-design", PDF).await;
    let body: Value = uploaded.json().await.unwrap();
    let sha256 = body["content_hash"]
        .as_str()
        .unwrap()
        .trim_start_matches("sha256:")
        .to_owned();
    let file_url = server.url(&format!("/submissions/{id}/files/{sha256}"));
    let (assessor, _) = outside_assessor(&server).await;

    let own = educator.get(&file_url).send().await.unwrap();
    assert_eq!(own.status(), 200);
    assert_eq!(own.bytes().await.unwrap().as_ref(), PDF);
    let draft = assessor.get(&file_url).send().await.unwrap();
    assert_eq!(draft.status(), 403);
    assert!(draft.text().await.unwrap().contains("is a draft"));

    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    let submitted = assessor.get(&file_url).send().await.unwrap();
    assert_eq!(submitted.status(), 200);
    assert_eq!(submitted.bytes().await.unwrap().as_ref(), PDF);
    server.stop().await;
}

async fn concurrent_autosaves_all_persist(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let save = |part: &'static str| {
        educator
            .put(server.url(&format!("/api/v1/submissions/{id}/parts/{part}")))
            .header("x-csrf-token", &token)
            .json(&json!({ "type": "text", "text": format!("Answer to {part}.") }))
            .send()
    };

    // Saves sent at once can read the same revision, and a save that loses the race retries.
    let (first, second, third) = tokio::join!(
        save("class-context"),
        save("tool-choice"),
        save("reflection-impact")
    );
    for response in [first, second, third] {
        assert_eq!(response.unwrap().status(), 200);
    }
    let stored = submission_json(&server, &educator, &id).await;
    for part in ["class-context", "tool-choice", "reflection-impact"] {
        assert_eq!(
            stored["submission"]["answers"][part]["text"],
            format!("Answer to {part}."),
            "{part} kept"
        );
    }
    server.stop().await;
}

/// Creates a second educator at school A1 and signs them in.
async fn second_educator(server: &TestServer) -> (reqwest::Client, String) {
    server
        .add_user(
            "second-educator@example.org",
            "Second Educator",
            "educator",
            &server.world.school_a1,
        )
        .await;
    server.signed_in("second-educator@example.org").await
}

async fn foreign_file_hash_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (other, other_token) = second_educator(&server).await;
    let other_id = start(&server, &other, &other_token, SLUG).await;
    let secret = b"%PDF-1.4\n% another educator's class list\n%%EOF\n";
    let uploaded = upload(
        &server,
        &other,
        &other_token,
        &other_id,
        "check-design",
        secret,
    )
    .await;
    assert_eq!(uploaded.status(), 200);
    let body: Value = uploaded.json().await.unwrap();
    let content_hash = body["content_hash"].as_str().unwrap().to_owned();
    let sha256 = content_hash.trim_start_matches("sha256:").to_owned();

    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let before = submission_json(&server, &educator, &id).await;
    let attached = educator
        .put(server.url(&format!("/api/v1/submissions/{id}/parts/check-design")))
        .header("x-csrf-token", &token)
        .json(&json!({ "type": "artifacts", "items": [{
            "kind": "file",
            "content_hash": content_hash,
            "file_name": "mine.pdf",
            "media_type": "application/pdf",
            "size_bytes": secret.len(),
        }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(attached.status(), 422);
    let body: Value = attached.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains(&content_hash), "{message}");
    assert!(message.contains("upload"), "{message}");

    let posted = save_text(
        &server,
        &educator,
        &token,
        &id,
        "check-design",
        &content_hash,
    )
    .await;
    assert_eq!(posted.status(), 303, "the form keeps a file part's files");
    let after = submission_json(&server, &educator, &id).await;
    assert_eq!(after["submission"], before["submission"], "nothing changed");

    let download = educator
        .get(server.url(&format!("/submissions/{id}/files/{sha256}")))
        .send()
        .await
        .unwrap();
    assert!(
        download.status() == 403 || download.status() == 404,
        "{}",
        download.status()
    );
    server.stop().await;
}

async fn saved_file_keeps_uploaded_details(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let uploaded = upload(&server, &educator, &token, &id, "check-design", PDF).await;
    let body: Value = uploaded.json().await.unwrap();
    let content_hash = body["content_hash"].as_str().unwrap().to_owned();

    let renamed = educator
        .put(server.url(&format!("/api/v1/submissions/{id}/parts/check-design")))
        .header("x-csrf-token", &token)
        .json(&json!({ "type": "artifacts", "items": [{
            "kind": "file",
            "content_hash": content_hash,
            "file_name": "page.html",
            "media_type": "text/html",
            "size_bytes": 1,
        }] }))
        .send()
        .await
        .unwrap();
    assert_eq!(renamed.status(), 200, "{}", renamed.text().await.unwrap());
    let stored = submission_json(&server, &educator, &id).await;
    let item = &stored["submission"]["answers"]["check-design"]["items"][0];
    assert_eq!(item["file_name"], "check-design.pdf");
    assert_eq!(item["media_type"], "application/pdf");
    assert_eq!(item["size_bytes"], PDF.len());
    server.stop().await;
}

async fn remove_file(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    path: &str,
    json: bool,
) -> reqwest::Response {
    let mut request = client
        .post(server.url(&format!("{path}/remove")))
        .form(&[("csrf_token", token)]);
    if json {
        request = request.header("accept", "application/json");
    }
    request.send().await.unwrap()
}

async fn uploaded_file_can_be_removed(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let mut hashes = Vec::new();
    for bytes in [PDF, b"%PDF-1.4\n% second page\n%%EOF\n".as_slice()] {
        let uploaded = upload(&server, &educator, &token, &id, "responses", bytes).await;
        assert_eq!(uploaded.status(), 200);
        let body: Value = uploaded.json().await.unwrap();
        let hash = body["content_hash"].as_str().unwrap();
        hashes.push(hash.trim_start_matches("sha256:").to_owned());
    }

    // The part takes two files, so a third is rejected with a way out.
    let third = upload(
        &server,
        &educator,
        &token,
        &id,
        "responses",
        b"%PDF-1.4\n%%EOF\n",
    )
    .await;
    assert_eq!(third.status(), 422);
    let body: Value = third.json().await.unwrap();
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("at most 2 files"), "{message}");
    assert!(message.contains("Remove"), "{message}");
    let page = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first_path = format!("/submissions/{id}/parts/responses/files/{}", hashes[0]);
    assert!(page.contains(&format!("{first_path}/remove")), "{page}");

    // Another educator may not remove it.
    let (other, other_token) = second_educator(&server).await;
    let denied = remove_file(&server, &other, &other_token, &first_path, false).await;
    assert_eq!(denied.status(), 403);

    // The plain form returns to the page, and the script gets what is still missing.
    let removed = remove_file(&server, &educator, &token, &first_path, false).await;
    assert_eq!(removed.status(), 303);
    let stored = submission_json(&server, &educator, &id).await;
    let items = stored["submission"]["answers"]["responses"]["items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0]["content_hash"],
        format!("sha256:{}", hashes[1]),
        "the other file stays"
    );
    let again = remove_file(&server, &educator, &token, &first_path, false).await;
    assert_eq!(again.status(), 404);

    let second_path = format!("/submissions/{id}/parts/responses/files/{}", hashes[1]);
    let removed = remove_file(&server, &educator, &token, &second_path, true).await;
    assert_eq!(removed.status(), 200);
    let body: Value = removed.json().await.unwrap();
    let missing: Vec<&str> = body["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|gap| gap["part_id"].as_str().unwrap())
        .collect();
    assert!(missing.contains(&"responses"), "{missing:?}");
    let stored = submission_json(&server, &educator, &id).await;
    assert!(stored["submission"]["answers"]["responses"].is_null());

    // Once submitted, files can no longer be removed.
    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    let submitted_path = format!("/submissions/{id}/parts/responses/files/{}", hashes[0]);
    let locked = remove_file(&server, &educator, &token, &submitted_path, true).await;
    assert_eq!(locked.status(), 409, "{}", locked.text().await.unwrap());
    server.stop().await;
}

async fn upload_as(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    url: &str,
    (file_name, media_type, bytes): (&str, &str, &[u8]),
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name(file_name.to_owned())
                .mime_str(media_type)
                .unwrap(),
        );
    client
        .post(server.url(url))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn wrong_file_type_names_formats(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    let url = format!("/submissions/{id}/parts/check-design/files");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let cases: [(&str, &str, &[u8], &str); 2] = [
        ("photo.png", "image/png", png, "it is a PNG image file"),
        (
            "notes.pdf",
            "application/pdf",
            b"Just some notes.",
            "it is named as a PDF file, but its content is a plain text file",
        ),
    ];
    for (file_name, media_type, bytes, found) in cases {
        let response = upload_as(
            &server,
            &educator,
            &token,
            &url,
            (file_name, media_type, bytes),
        )
        .await;
        assert_eq!(response.status(), 415, "{file_name}");
        let body: Value = response.json().await.unwrap();
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(found), "{message}");
        assert!(
            message.contains("accepts PDF, Word document or ODT"),
            "{message}"
        );
        assert!(!message.contains("application/"), "{message}");
        assert!(!message.contains("image/"), "{message}");
    }

    let page = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Upload one file: PDF, Word document or ODT, up to 20 MB each."),
        "{page}"
    );
    assert!(
        page.contains("Upload up to 2 files: PDF or any image, up to 20 MB each."),
        "{page}"
    );
    server.stop().await;
}

async fn revoked_credential_shown_as_revoked(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (educator, id, assessor, assessor_token) = claimed_submission(&server).await;
    let form = score_form(&assessor_token, "demonstrated", None);
    assert_eq!(
        post_scores(&server, &assessor, &id, &form).await.status(),
        303
    );
    let award = server
        .store()
        .award_for_submission(&id)
        .await
        .unwrap()
        .unwrap();
    let credential = server
        .store()
        .credential_for_award(&award.id)
        .await
        .unwrap()
        .expect("a pass issues a credential");

    let (admin, admin_token) = server.signed_in("issuer@example.org").await;
    let reason = "The evidence was not the educator's own work.";
    let revoked = admin
        .post(server.url(&format!("/credentials/{}/revoke", credential.id)))
        .form(&[
            ("csrf_token", admin_token.as_str()),
            ("reason", reason),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);

    let page = educator
        .get(server.url(&format!("/submissions/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"revoked\""), "{page}");
    assert!(
        page.contains("The evidence was not the educator&#x27;s own work.")
            || page.contains("The evidence was not the educator&#39;s own work."),
        "{page}"
    );
    assert!(!page.contains("ready to download and share"), "{page}");
    let mine = educator
        .get(server.url("/submissions"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("(credential revoked)"), "{mine}");
    assert!(mine.contains("earned, credential revoked"), "{mine}");
    server.stop().await;
}

async fn release(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    id: &str,
) -> reqwest::Response {
    client
        .post(server.url(&format!("/review/{id}/release")))
        .form(&[("csrf_token", token)])
        .send()
        .await
        .unwrap()
}

async fn claimant_releases_review(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (assessor, assessor_token) = outside_assessor(&server).await;
    let (second, second_token) =
        assessor_in_district_b(&server, "second-assessor@example.org", "Second Assessor").await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    assert_eq!(
        claim(&server, &assessor, &assessor_token, &id)
            .await
            .status(),
        303
    );
    let review_page = assessor
        .get(server.url(&format!("/review/{id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        review_page.contains("Release to the queue"),
        "{review_page}"
    );
    let queue = second
        .get(server.url("/review"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !queue.contains(&id),
        "a claimed submission leaves the queue"
    );

    // Neither another assessor nor the educator can release it.
    for (client, client_token) in [(&second, &second_token), (&educator, &token)] {
        let denied = release(&server, client, client_token, &id).await;
        assert_eq!(denied.status(), 403);
        let body = denied.text().await.unwrap();
        assert!(body.contains("is not in review by you"), "{body}");
    }
    let row = server.store().submission(&id).await.unwrap();
    assert_eq!(row.state, "in_review");
    let first_id = server
        .store()
        .user_credentials("outside-assessor@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    assert_eq!(row.assessor_id.as_deref(), Some(first_id.as_str()));

    // The claimant releases it and it is back in the queue, unscored.
    let released = release(&server, &assessor, &assessor_token, &id).await;
    assert_eq!(released.status(), 303);
    assert_eq!(released.headers()["location"], "/review");
    let row = server.store().submission(&id).await.unwrap();
    assert_eq!(row.state, "submitted");
    assert_eq!(row.assessor_id, None);
    let queue = second
        .get(server.url("/review"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(queue.contains(&format!("/review/{id}")), "{queue}");
    let again = release(&server, &assessor, &assessor_token, &id).await;
    assert_eq!(
        again.status(),
        403,
        "a released submission is no longer theirs"
    );
    let actions: Vec<String> = server
        .store()
        .audit_events("submission", &id)
        .await
        .unwrap()
        .into_iter()
        .map(|event| event.action)
        .collect();
    assert_eq!(actions, ["review_started", "review_released"]);
    server.stop().await;
}

async fn issuer_admin_releases_stalled_review(backend: Backend) {
    let server = TestServer::start(backend).await;
    publish_definition(&server, SLUG).await;
    let (assessor, assessor_token) = outside_assessor(&server).await;
    let (educator, token) = server.signed_in("educator@example.org").await;
    let id = start(&server, &educator, &token, SLUG).await;
    complete_answers(&server, &educator, &token, &id, PDF).await;
    assert_eq!(
        submit(&server, &educator, &token, &id, None).await.status(),
        303
    );
    assert_eq!(
        claim(&server, &assessor, &assessor_token, &id)
            .await
            .status(),
        303
    );

    // The platform admin is no issuer admin, so it may not release the review.
    let (platform, platform_token) = server.signed_in("platform@example.org").await;
    let denied = release(&server, &platform, &platform_token, &id).await;
    assert_eq!(denied.status(), 403);
    assert_eq!(
        server.store().submission(&id).await.unwrap().state,
        "in_review"
    );

    // The issuer admin of the issuing district sees the review on the editor page and
    // releases it from there.
    let (admin, admin_token) = server.signed_in("issuer@example.org").await;
    let editor = admin
        .get(server.url(&format!("/manage/microcredentials/{SLUG}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(editor.contains("Reviews in progress"), "{editor}");
    assert!(editor.contains("in review by Outside Assessor"), "{editor}");
    assert!(editor.contains(&format!("action=\"/review/{id}/release\"")));
    let released = release(&server, &admin, &admin_token, &id).await;
    assert_eq!(released.status(), 303);
    assert_eq!(
        released.headers()["location"],
        format!("/manage/microcredentials/{SLUG}")
    );
    let row = server.store().submission(&id).await.unwrap();
    assert_eq!(row.state, "submitted");
    assert_eq!(row.assessor_id, None);
    let events = server
        .store()
        .audit_events("submission", &id)
        .await
        .unwrap();
    let released_by = events
        .iter()
        .find(|event| event.action == "review_released")
        .and_then(|event| event.actor_user_id.clone());
    let admin_id = server
        .store()
        .user_credentials("issuer@example.org")
        .await
        .unwrap()
        .unwrap()
        .0
        .id;
    assert_eq!(released_by, Some(admin_id));
    server.stop().await;
}

impl Browser {
    async fn sign_in(&self, server: &TestServer, email: &str) {
        self.sign_in_at(&server.base, email, PASSWORD).await;
    }

    async fn sign_out(&self) {
        self.click("header form button").await;
        self.wait_for_text("header nav", "Sign in").await;
    }

    async fn check_accessibility(&self, page: &str, violations: &mut Vec<String>) {
        for violation in self.accessibility_violations().await {
            violations.push(format!("{page}: {violation}"));
        }
    }
}

/// Empties the text field `css` without firing its change event.
async fn clear_text(browser: &Browser, css: &str) {
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).value = '';",
            vec![json!(css)],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_earns_micro_credential() {
    let Some(tools) = find_tools() else { return };
    let server = TestServer::start(Backend::Sqlite).await;
    publish_definition(&server, SLUG).await;
    outside_assessor(&server).await;
    let browser = Browser::launch(tools).await;
    let mut violations = Vec::new();
    let title = definition(SLUG).title;

    // A visitor finds the micro-credential and its rubric from the start page.
    browser.client.goto(&server.url("/")).await.unwrap();
    browser
        .click("header nav a[href='/microcredentials']")
        .await;
    browser.wait_for_text("h1", "Micro-credentials").await;
    browser
        .check_accessibility("/microcredentials", &mut violations)
        .await;
    browser
        .click(&format!("main a[href='/microcredentials/{SLUG}']"))
        .await;
    browser.wait_for_text("h1", &title).await;
    assert_eq!(browser.heading().await, title);
    let rubric = browser.wait_for_text("table.rubric", "Demonstrated").await;
    assert!(rubric.contains(&definition(SLUG).rubric.criteria[0].title));
    browser
        .check_accessibility("definition page", &mut violations)
        .await;

    // The educator starts, answers every part with autosave, uploads and submits.
    browser.sign_in(&server, "educator@example.org").await;
    browser
        .client
        .goto(&server.url(&format!("/microcredentials/{SLUG}")))
        .await
        .unwrap();
    browser.click("main form button[type=submit]").await;
    browser.wait_for_text("#state", "draft").await;
    browser
        .check_accessibility("submission form", &mut violations)
        .await;

    // The word counter counts as the server does: a hyphen splits words, and so does each
    // Han ideograph.
    let limit = definition(SLUG)
        .requirements
        .overview
        .iter()
        .find(|prompt| prompt.id == "class-context")
        .unwrap()
        .word_limit;
    for (text, server_count) in [("Our well-being survey", 4), ("我们学习数学。", 6)] {
        assert_eq!(evident_domain::count_words(text), server_count, "{text}");
        clear_text(&browser, "#text-class-context").await;
        browser.type_into("#text-class-context", text).await;
        browser
            .wait_for_text(
                "#part-class-context .save-status",
                &format!("{server_count} of {limit} words"),
            )
            .await;
    }
    clear_text(&browser, "#text-class-context").await;

    for (part, text) in [
        ("class-context", "Year 9 mathematics, 28 learners."),
        ("tool-choice", "A school-approved polling tool."),
        (
            "decision-log",
            "Half chose the distractor, so I retaught it.",
        ),
        (
            "reflection-impact",
            "The exit ticket showed 24 of 28 correct.",
        ),
    ] {
        browser.type_into(&format!("#text-{part}"), text).await;
        browser
            .click(&format!("#part-{part} form.autosave button"))
            .await;
        browser
            .wait_for_text(&format!("#part-{part} .save-status"), "Saved.")
            .await;
    }
    // Each save refreshed the completeness lists: only the two files are still missing.
    let missing = browser.wait_for_text("#missing", "add a file").await;
    assert!(!missing.contains("write an answer"), "{missing}");
    assert_eq!(missing.lines().count(), 2, "{missing}");
    let part_gaps = browser
        .client
        .find(fantoccini::Locator::Css("#gaps-class-context"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(part_gaps, "", "class-context has no gaps left");
    let evidence = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(evidence.path(), PDF).unwrap();
    for part in ["check-design", "responses"] {
        browser
            .type_into(
                &format!("#file-{part}"),
                &evidence.path().display().to_string(),
            )
            .await;
        browser
            .click(&format!("#part-{part} form.upload button"))
            .await;
        browser
            .wait_for_text(&format!("#part-{part} ul"), "bytes")
            .await;
    }
    // A second response file can be removed again without leaving the page.
    let extra = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    std::fs::write(extra.path(), b"%PDF-1.4\n% a second export\n%%EOF\n").unwrap();
    browser
        .type_into("#file-responses", &extra.path().display().to_string())
        .await;
    browser.click("#part-responses form.upload button").await;
    let extra_name = extra.path().file_name().unwrap().to_str().unwrap();
    browser
        .wait_for_text("#part-responses ul", extra_name)
        .await;
    let before = browser
        .client
        .find_all(fantoccini::Locator::Css("#part-responses form.remove-file"))
        .await
        .unwrap()
        .len();
    assert_eq!(before, 2);
    browser
        .click("#part-responses li:last-child form.remove-file button")
        .await;
    browser
        .wait_for_text("#part-responses .upload-status", "Removed.")
        .await;
    let after = browser
        .client
        .find_all(fantoccini::Locator::Css("#part-responses form.remove-file"))
        .await
        .unwrap()
        .len();
    assert_eq!(after, 1);
    browser
        .wait_for_text("#completeness", "Every required part is complete.")
        .await;
    browser.click("form[action$='/submit'] button").await;
    browser.wait_for_text("#state", "submitted").await;
    browser
        .wait_for_text("#part-decision-log", "Half chose the distractor")
        .await;
    browser
        .check_accessibility("submitted submission", &mut violations)
        .await;
    browser.sign_out().await;

    // An assessor from another district scores it blind from the queue.
    browser
        .sign_in(&server, "outside-assessor@example.org")
        .await;
    browser.click("header nav a[href='/review']").await;
    let queue = browser.wait_for_text("main", "Open submission 1").await;
    assert!(!queue.contains("educator@example.org"), "{queue}");
    browser
        .check_accessibility("/review", &mut violations)
        .await;
    browser.click("main table a").await;
    browser.wait_for_text("h1", "Review").await;
    browser.click("form[action$='/claim'] button").await;
    browser.wait_for_text("main", "Record scores").await;
    for criterion in &definition(SLUG).rubric.criteria {
        browser
            .click(&format!("#level-{}-demonstrated", criterion.id))
            .await;
        browser
            .type_into(
                &format!("#feedback-{}", criterion.id),
                "Clear evidence in the response summary.",
            )
            .await;
    }
    browser
        .check_accessibility("review page", &mut violations)
        .await;
    browser
        .click("form[action$='/scores'] button[type=submit]")
        .await;
    browser.wait_for_text("h1", "Review queue").await;
    browser.sign_out().await;

    // The educator sees the award.
    browser.sign_in(&server, "educator@example.org").await;
    browser.click("header nav a[href='/submissions']").await;
    let mine = browser
        .wait_for_text("main", "Earned micro-credentials")
        .await;
    assert!(mine.contains("earned"), "{mine}");
    browser
        .check_accessibility("/submissions", &mut violations)
        .await;

    browser.close().await;
    server.stop().await;
    assert!(
        violations.is_empty(),
        "accessibility violations:\n{}",
        violations.join("\n")
    );
}
