//! Authoring micro-credentials through the HTML pages, on SQLite and on PostgreSQL: create,
//! edit parts, rubric and pass rule, import a CFRubric, preview, publish and start a new
//! version, the bad inputs the editor must reject while nothing changes in the store, and
//! the navigation each role sees.
//!
//! `browser_authors_micro_credential` authors and publishes in headless Chromium on SQLite
//! and runs axe-core on every authoring page. It needs the tools listed in `tests/browser.rs`.

mod common;

use common::browser::{Browser, find_tools};
use common::forms::{filled_new_form, form_fields, get, post_multipart, set, unset};
use common::{CARPENTRIES_RUBRIC, DIGCOMPEDU, PASSWORD, TestServer};
use evident_domain::{MicroCredentialDefinition, PassRule};
use evident_store::Backend;
use fantoccini::Locator;

on_both_backends!(
    issuer_admin_authors_through_forms,
    editor_rejects_bad_input,
    published_version_form_edit_rejected,
    authoring_rejects_other_users,
    navigation_follows_roles,
);

const SLUG: &str = "peer-feedback";
const NEW: &str = "/manage/microcredentials";

/// Imports DigCompEdu as the issuer admin of district A and returns their client and token.
async fn issuer_with_framework(server: &TestServer) -> (reqwest::Client, String) {
    let (client, token) = server.signed_in("issuer@example.org").await;
    let imported = client
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .body(DIGCOMPEDU.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(imported.status(), 201, "{}", imported.text().await.unwrap());
    (client, token)
}

async fn page(server: &TestServer, client: &reqwest::Client, path: &str) -> String {
    let response = client.get(server.url(path)).send().await.unwrap();
    assert_eq!(response.status(), 200, "GET {path}");
    response.text().await.unwrap()
}

async fn draft(server: &TestServer, slug: &str) -> MicroCredentialDefinition {
    let row = server.store().microcredential_by_slug(slug).await.unwrap();
    serde_json::from_str(&row.draft_json).unwrap()
}

/// Creates `SLUG` through the new-micro-credential form.
async fn create(server: &TestServer, client: &reqwest::Client) {
    let fields = filled_new_form(server, client, SLUG).await;
    let created = post_multipart(client, &server.url(NEW), &fields, "save", None).await;
    assert_eq!(created.status(), 303, "{}", created.text().await.unwrap());
    assert_eq!(
        created.headers()["location"],
        format!("/manage/microcredentials/{SLUG}?saved=1")
    );
}

fn editor(slug: &str) -> String {
    format!("/manage/microcredentials/{slug}")
}

async fn issuer_admin_authors_through_forms(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = issuer_with_framework(&server).await;
    create(&server, &client).await;
    let list = page(&server, &client, "/manage/microcredentials").await;
    assert!(list.contains("Peer feedback with rubrics"), "{list}");
    assert!(list.contains("Draft, not published"), "{list}");

    // Add an overview question: the form grows, keeps what was typed and stores nothing.
    let url = server.url(&editor(SLUG));
    let html = page(&server, &client, &format!("{}?saved=1", editor(SLUG))).await;
    assert!(html.contains("The draft is saved."));
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "title", "Peer feedback with shared rubrics");
    set(&mut fields, "credits", "1.5");
    let added = post_multipart(&client, &url, &fields, "add:requirements.overview", None).await;
    assert_eq!(added.status(), 200);
    let html = added.text().await.unwrap();
    assert!(html.contains("Overview question 2"), "{html}");
    assert!(html.contains("value=\"Peer feedback with shared rubrics\""));
    assert_eq!(
        draft(&server, SLUG).await.title,
        "Peer feedback with rubrics"
    );

    // Fill the new question, add a level and a criterion, and switch to a count-based rule.
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "requirements.overview[1].id", "learner-needs");
    set(
        &mut fields,
        "requirements.overview[1].prompt",
        "Which needs?",
    );
    set(&mut fields, "requirements.overview[1].word_limit", "250");
    unset(&mut fields, "requirements.overview[1].required");
    let html = post_multipart(&client, &url, &fields, "add:rubric.levels", None)
        .await
        .text()
        .await
        .unwrap();
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "rubric.levels[2].id", "exemplary");
    set(&mut fields, "rubric.levels[2].title", "Exemplary");
    set(&mut fields, "rubric.levels[2].score", "2");
    set(
        &mut fields,
        "rubric.criteria[0].descriptors[2]",
        "Feedback extends the rubric.",
    );
    let html = post_multipart(&client, &url, &fields, "add:rubric.criteria", None)
        .await
        .text()
        .await
        .unwrap();
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "rubric.criteria[1].id", "timeliness");
    set(&mut fields, "rubric.criteria[1].title", "Timeliness");
    set(
        &mut fields,
        "rubric.criteria[1].descriptors[1]",
        "Feedback arrives in time.",
    );
    set(
        &mut fields,
        "rubric.criteria[1].descriptors[2]",
        "Feedback arrives early.",
    );
    let html = post_multipart(&client, &url, &fields, "up:rubric.criteria:1", None)
        .await
        .text()
        .await
        .unwrap();
    let mut fields = form_fields(&html, &editor(SLUG));
    assert_eq!(get(&fields, "rubric.criteria[0].id"), "timeliness");
    set(&mut fields, "pass_rule.rule", "count_based");
    set(&mut fields, "pass_rule.level", "exemplary");
    set(&mut fields, "pass_rule.max_below", "1");
    let saved = post_multipart(&client, &url, &fields, "save", None).await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let stored = draft(&server, SLUG).await;
    assert_eq!(stored.title, "Peer feedback with shared rubrics");
    assert_eq!(
        stored.credits.map(|credits| credits.hundredths()),
        Some(150)
    );
    assert_eq!(stored.requirements.overview.len(), 2);
    assert_eq!(stored.requirements.overview[1].word_limit, 250);
    assert!(!stored.requirements.overview[1].required);
    let levels: Vec<&str> = stored.rubric.levels.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(levels, ["not-yet", "demonstrated", "exemplary"]);
    let criteria: Vec<&str> = stored
        .rubric
        .criteria
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(criteria, ["timeliness", "use-of-rubric"]);
    assert_eq!(
        stored.rubric.criteria[0].descriptors.len(),
        2,
        "empty level left out"
    );
    assert_eq!(
        stored.pass_rule,
        PassRule::CountBased {
            max_below: 1,
            level: "exemplary".to_owned()
        }
    );

    // Remove the first overview question.
    let html = page(&server, &client, &editor(SLUG)).await;
    let fields = form_fields(&html, &editor(SLUG));
    let html = post_multipart(
        &client,
        &url,
        &fields,
        "remove:requirements.overview:0",
        None,
    )
    .await
    .text()
    .await
    .unwrap();
    let fields = form_fields(&html, &editor(SLUG));
    let saved = post_multipart(&client, &url, &fields, "save", None).await;
    assert_eq!(saved.status(), 303);
    let stored = draft(&server, SLUG).await;
    assert_eq!(stored.requirements.overview.len(), 1);
    assert_eq!(stored.requirements.overview[0].id, "learner-needs");

    // Importing the Carpentries CFRubric keeps the pass rule, which names a level the
    // rubric does not have: the form shows the imported rubric and the problem, unsaved.
    let html = page(&server, &client, &editor(SLUG)).await;
    let fields = form_fields(&html, &editor(SLUG));
    let imported = post_multipart(
        &client,
        &url,
        &fields,
        "import_rubric",
        Some(("cfrubric", CARPENTRIES_RUBRIC)),
    )
    .await;
    assert_eq!(imported.status(), 422);
    let html = imported.text().await.unwrap();
    assert!(html.contains("Imported the rubric"), "{html}");
    assert!(
        html.contains("pass-rule level &#34;exemplary&#34; is not a level of the rubric")
            || html.contains("pass-rule level &quot;exemplary&quot; is not a level of the rubric"),
        "{html}"
    );
    assert_eq!(draft(&server, SLUG).await.rubric.criteria.len(), 2);
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "pass_rule.level", "positive");
    set(&mut fields, "pass_rule.max_below", "2");
    let saved = post_multipart(&client, &url, &fields, "save", None).await;
    assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
    let stored = draft(&server, SLUG).await;
    assert_eq!(stored.rubric.criteria.len(), 14);
    assert_eq!(stored.rubric.criteria[0].id, "C.1");
    assert_eq!(stored.pass_rule.bar_level(), "positive");

    // Preview shows the draft to its author; the public page does not exist yet.
    let preview = page(&server, &client, &format!("{}/preview", editor(SLUG))).await;
    assert!(preview.contains("Preview of the unpublished draft of version 1"));
    assert!(preview.contains("Peer feedback with shared rubrics"));
    let public = server
        .anonymous()
        .get(server.url(&format!("/microcredentials/{SLUG}")))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);

    // Publish after the confirmation page.
    let confirm = page(&server, &client, &format!("{}/publish", editor(SLUG))).await;
    assert!(
        confirm.contains("Publishing freezes the draft as version 1"),
        "{confirm}"
    );
    let published = client
        .post(server.url(&format!("{}/publish", editor(SLUG))))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 303);
    assert_eq!(
        published.headers()["location"],
        format!("{}?published=1", editor(SLUG))
    );
    let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
    assert_eq!(row.latest_version, Some(1));

    // The catalog lists it and an educator can start it.
    let catalog = page(&server, &server.anonymous(), "/microcredentials").await;
    assert!(
        catalog.contains("Peer feedback with shared rubrics"),
        "{catalog}"
    );
    let (educator, educator_token) = server.signed_in("educator@example.org").await;
    let started = educator
        .post(server.url(&format!("/microcredentials/{SLUG}/start")))
        .form(&[("csrf_token", educator_token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 303);

    // Start version 2 and change its title; version 1 stays as published.
    let html = page(&server, &client, &editor(SLUG)).await;
    assert!(html.contains("Start version 2"), "{html}");
    assert!(
        !html.contains("id=\"editor\""),
        "no form before the new version starts"
    );
    let started = client
        .post(server.url(&format!("{}/versions", editor(SLUG))))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 303);
    let location = started.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, format!("{}?version=2", editor(SLUG)));
    let html = page(&server, &client, &location).await;
    let mut fields = form_fields(&html, &editor(SLUG));
    assert_eq!(get(&fields, "version"), "2");
    set(&mut fields, "title", "Peer feedback, second edition");
    let saved = post_multipart(&client, &url, &fields, "save", None).await;
    assert_eq!(saved.status(), 303);
    assert_eq!(
        draft(&server, SLUG).await.title,
        "Peer feedback, second edition"
    );
    let version_1 = server.store().version(&row.id, 1).await.unwrap();
    assert_eq!(version_1.title, "Peer feedback with shared rubrics");
    let list = page(&server, &client, "/manage/microcredentials").await;
    assert!(
        list.contains("Published (version 1), draft of version 2 has changes"),
        "{list}"
    );
    server.stop().await;
}

/// Posts `fields` and checks that the page rejects them with `status` and `message`, keeps
/// `kept` in the form, and that the store is unchanged.
async fn assert_rejected(
    server: &TestServer,
    client: &reqwest::Client,
    path: &str,
    fields: &[(String, String)],
    status: u16,
    message: &str,
    kept: &str,
) {
    let before = server.store().microcredentials().await.unwrap();
    let response = post_multipart(client, &server.url(path), fields, "save", None).await;
    assert_eq!(response.status(), status, "{message}");
    let html = response.text().await.unwrap();
    let readable = html.replace("&#34;", "\"").replace("&quot;", "\"");
    assert!(
        readable.contains(message),
        "`{message}` missing in:\n{html}"
    );
    assert!(html.contains(kept), "input `{kept}` not kept in:\n{html}");
    let after = server.store().microcredentials().await.unwrap();
    assert_eq!(before, after, "nothing changed for `{message}`");
}

async fn editor_rejects_bad_input(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, _) = issuer_with_framework(&server).await;
    create(&server, &client).await;

    let mut fields = filled_new_form(&server, &client, "another-one").await;
    set(&mut fields, "title", "  ");
    set(&mut fields, "summary", "Kept summary.");
    assert_rejected(
        &server,
        &client,
        NEW,
        &fields,
        422,
        "title is empty: give the micro-credential a title",
        "Kept summary.",
    )
    .await;

    let mut fields = filled_new_form(&server, &client, SLUG).await;
    set(&mut fields, "summary", "Kept summary.");
    assert_rejected(
        &server,
        &client,
        NEW,
        &fields,
        409,
        "a micro-credential with the slug `peer-feedback` already exists: choose another slug",
        "Kept summary.",
    )
    .await;

    let html = page(&server, &client, &editor(SLUG)).await;
    let form = form_fields(&html, &editor(SLUG));
    for (field, value, message) in [
        (
            "requirements.overview[0].word_limit",
            "0",
            "word limit of part \"class-context\" is 0, so no answer fits: set a limit above 0",
        ),
        (
            "requirements.overview[0].word_limit",
            "many",
            "word limit \"many\" is not a whole number: enter a number such as 500",
        ),
        (
            "credits",
            "-2",
            "credits `-2` is not valid: write a number from 0 to 1000 with at most two decimals, such as 1.5",
        ),
        (
            "pass_rule.level",
            "excellent",
            "pass-rule level \"excellent\" is not a level of the rubric: use one of \"not-yet\", \"demonstrated\"",
        ),
    ] {
        let mut fields = form.clone();
        set(&mut fields, field, value);
        set(&mut fields, "summary", "Kept summary.");
        assert_rejected(
            &server,
            &client,
            &editor(SLUG),
            &fields,
            422,
            message,
            "Kept summary.",
        )
        .await;
    }
    server.stop().await;
}

async fn published_version_form_edit_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = issuer_with_framework(&server).await;
    create(&server, &client).await;
    // The form is opened for version 1, which is published before the form is saved.
    let html = page(&server, &client, &editor(SLUG)).await;
    let mut stale = form_fields(&html, &editor(SLUG));
    assert_eq!(get(&stale, "version"), "1");
    let published = client
        .post(server.url(&format!("{}/publish", editor(SLUG))))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 303);
    set(&mut stale, "title", "Changed after publication");
    assert_rejected(
        &server,
        &client,
        &editor(SLUG),
        &stale,
        409,
        "version 1 of micro-credential \"peer-feedback\" is published and cannot be edited",
        "Changed after publication",
    )
    .await;
    let row = server.store().microcredential_by_slug(SLUG).await.unwrap();
    let version_1 = server.store().version(&row.id, 1).await.unwrap();
    assert_eq!(version_1.title, "Peer feedback with rubrics");
    server.stop().await;
}

async fn authoring_rejects_other_users(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, _) = issuer_with_framework(&server).await;
    create(&server, &client).await;
    let html = page(&server, &client, &editor(SLUG)).await;
    let mut fields = form_fields(&html, &editor(SLUG));
    set(&mut fields, "title", "Taken over");

    for (email, message) in [
        (
            "educator@example.org",
            "you need the Issuer admin or Platform admin role to do this",
        ),
        (
            "other-issuer@example.org",
            "you need the Issuer admin or Platform admin role in this organization to do this",
        ),
    ] {
        let (other, token) = server.signed_in(email).await;
        set(&mut fields, "csrf_token", &token);
        let before = server.store().microcredentials().await.unwrap();
        let response =
            post_multipart(&other, &server.url(&editor(SLUG)), &fields, "save", None).await;
        assert_eq!(response.status(), 403, "{email}");
        let body = response.text().await.unwrap();
        assert!(body.contains(message), "{email}: {body}");
        let publish = other
            .post(server.url(&format!("{}/publish", editor(SLUG))))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(publish.status(), 403, "{email}");
        assert_eq!(
            before,
            server.store().microcredentials().await.unwrap(),
            "{email} changed nothing"
        );
    }

    // Another district's issuer admin sees the list without this micro-credential and
    // cannot create one for district A.
    let (other, _) = server.signed_in("other-issuer@example.org").await;
    let list = page(&server, &other, "/manage/microcredentials").await;
    assert!(!list.contains(SLUG), "{list}");
    let mut fields = filled_new_form(&server, &other, "district-b-attempt").await;
    set(&mut fields, "org_id", &server.world.district_a);
    let response = post_multipart(&other, &server.url(NEW), &fields, "save", None).await;
    assert_eq!(response.status(), 403);
    assert!(
        server
            .store()
            .microcredential_by_slug("district-b-attempt")
            .await
            .is_err()
    );
    server.stop().await;
}

async fn navigation_follows_roles(backend: Backend) {
    let server = TestServer::start(backend).await;
    let review = "href=\"/review\"";
    let submissions = "href=\"/submissions\"";
    let manage = "href=\"/manage/microcredentials\"";
    let flags = "href=\"/review/flags\"";
    for (email, expected) in [
        ("educator@example.org", [false, true, false, false]),
        ("assessor@example.org", [true, false, false, false]),
        ("issuer@example.org", [false, false, true, true]),
        ("platform@example.org", [false, false, true, true]),
    ] {
        let (client, _) = server.signed_in(email).await;
        let html = page(&server, &client, "/").await;
        for (link, shown) in [review, submissions, manage, flags].iter().zip(expected) {
            assert_eq!(html.contains(link), shown, "{email}: {link}");
        }
    }
    server.stop().await;
}

impl Browser {
    async fn fill(&self, id: &str, text: &str) {
        let element = self
            .client
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|error| panic!("no element #{id}: {error}"));
        element.clear().await.unwrap();
        element.send_keys(text).await.unwrap();
    }

    async fn check(&self, page: &str, violations: &mut Vec<String>) {
        for violation in self.accessibility_violations().await {
            violations.push(format!("{page}: {violation}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_authors_micro_credential() {
    let Some(tools) = find_tools() else { return };
    let server = TestServer::start(Backend::Sqlite).await;
    issuer_with_framework(&server).await;
    let browser = Browser::launch(tools).await;
    let mut violations = Vec::new();

    browser
        .sign_in_at(&server.base, "issuer@example.org", PASSWORD)
        .await;

    browser
        .click("header nav a[href='/manage/microcredentials']")
        .await;
    browser
        .wait_for_text("h1", "Manage micro-credentials")
        .await;
    browser.check("list", &mut violations).await;
    browser
        .click("main a[href='/manage/microcredentials/new']")
        .await;
    browser.wait_for_text("h1", "New micro-credential").await;
    browser.check("new form", &mut violations).await;

    // Saving the empty form lists the problems next to the fields.
    browser.click("#editor .save-bar button[value=save]").await;
    browser.wait_for_text("#problems", "problems to fix").await;
    browser.check("form with problems", &mut violations).await;

    for (id, text) in [
        ("slug", "browser-authored"),
        ("title", "Authored in a browser"),
        ("key_method", "Exit tickets every lesson."),
        ("rationale", "Teachers see what learners understood."),
        ("method_components-0-title", "Design"),
        ("method_components-0-description", "Write one question."),
        (
            "research-0-citation",
            "Wiliam, D. (2011). Embedded formative assessment.",
        ),
        ("requirements-overview-0-id", "context"),
        ("requirements-overview-0-prompt", "Describe the class."),
        ("requirements-artifacts-0-id", "tickets"),
        ("requirements-artifacts-0-title", "Exit tickets"),
        (
            "requirements-artifacts-0-description",
            "Three scanned tickets.",
        ),
        ("requirements-reflection-0-id", "reflection"),
        ("requirements-reflection-0-prompt", "What did you change?"),
        ("rubric-criteria-0-id", "design"),
        ("rubric-criteria-0-title", "Question design"),
        (
            "rubric-criteria-0-descriptors-0",
            "The question does not target the aim.",
        ),
        (
            "rubric-criteria-0-descriptors-1",
            "The question targets the aim.",
        ),
    ] {
        browser.fill(id, text).await;
    }
    let competency = browser
        .client
        .find(Locator::Css("#competency option:nth-child(2)"))
        .await
        .unwrap();
    competency.click().await.unwrap();
    browser.click("#editor .save-bar button[value=save]").await;
    browser.wait_for_text("main", "The draft is saved.").await;
    browser.check("editor", &mut violations).await;

    // A second overview question, added and saved with the buttons.
    browser
        .click("#editor button[value='add:requirements.overview']")
        .await;
    browser
        .wait_for_text("#requirements-overview", "Overview question 2")
        .await;
    browser.fill("requirements-overview-1-id", "learners").await;
    browser
        .fill("requirements-overview-1-prompt", "Who are the learners?")
        .await;
    browser.click("#editor .save-bar button[value=save]").await;
    browser.wait_for_text("main", "The draft is saved.").await;
    let stored = draft(&server, "browser-authored").await;
    let ids: Vec<&str> = stored
        .requirements
        .overview
        .iter()
        .map(|prompt| prompt.id.as_str())
        .collect();
    assert_eq!(ids, ["context", "learners"]);

    browser
        .click("main a[href='/manage/microcredentials/browser-authored/preview']")
        .await;
    browser
        .wait_for_text("main", "Preview of the unpublished draft")
        .await;
    browser.check("preview", &mut violations).await;
    browser.client.back().await.unwrap();
    browser
        .click("main a[href='/manage/microcredentials/browser-authored/publish']")
        .await;
    browser.wait_for_text("main", "Publishing freezes").await;
    browser.check("publish confirmation", &mut violations).await;
    browser.click("main form button[type=submit]").await;
    browser
        .wait_for_text("main", "Version 1 is published")
        .await;
    browser.check("published", &mut violations).await;

    browser
        .client
        .goto(&server.url("/microcredentials"))
        .await
        .unwrap();
    browser.wait_for_text("main", "Authored in a browser").await;

    browser.close().await;
    server.stop().await;
    assert!(
        violations.is_empty(),
        "accessibility violations:\n{}",
        violations.join("\n")
    );
}
