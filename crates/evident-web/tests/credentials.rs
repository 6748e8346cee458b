//! Open Badges credentials through the running server: earning issues a signed credential
//! at once; its public page verifies it live; downloads, baked images and share links work;
//! issuer admins revoke with a reason and the status list is re-signed at once; and the
//! credentials, DID document and status list the server publishes verify in the Digital
//! Bazaar and Digital Credentials Consortium libraries.

mod common;

use common::browser::{Browser, find_tools};
use common::{DIGCOMPEDU, TestServer, csrf_token};
use evident_credentials::award::recipient_matches_email;
use evident_credentials::baking::extract_credential;
use evident_credentials::interop::{NodeInterop, default_interop_dir};
use evident_credentials::resolver::LocalResolver;
use evident_credentials::schema::{validate_open_badge, validate_status_list};
use evident_credentials::verify::{Outcome, verify_credential};
use evident_store::{Backend, CredentialRow};
use evident_web::demo::DEMO_USERS;
use serde_json::Value;

/// The demo micro-credential whose submission is waiting for an assessor; it carries 1.5
/// credits.
const SUBMITTED_SLUG: &str = "selecting-digital-resources";
const EDUCATOR: &str = "educator@demo.evident.test";
const ASSESSOR: &str = "assessor@demo.evident.test";
const ISSUER_ADMIN: &str = "issuer@demo.evident.test";

/// Starts a server with the demo data: frameworks, users, micro-credentials and submissions.
async fn demo_server(backend: Backend) -> TestServer {
    let server = TestServer::start(backend).await;
    let files = evident_store::FileStore::new(
        server.test_store.dir.path().join("files"),
        evident_store::FileLimits::default(),
    );
    evident_web::demo::seed(server.store(), &[DIGCOMPEDU])
        .await
        .unwrap();
    evident_web::demo::seed_microcredentials(server.store(), &files)
        .await
        .unwrap();
    server
}

fn demo_password(email: &str) -> &'static str {
    DEMO_USERS
        .iter()
        .find(|user| user.email == email)
        .unwrap()
        .password
}

/// Signs in as a demo user and returns the client and its CSRF token.
async fn demo_sign_in(server: &TestServer, email: &str) -> (reqwest::Client, String) {
    let client = server.anonymous();
    let response = server.login(&client, email, demo_password(email)).await;
    assert_eq!(response.status(), 303, "sign-in of {email}");
    let account = client.get(server.url("/account")).send().await.unwrap();
    let token = csrf_token(&account.text().await.unwrap());
    (client, token)
}

/// Has the demo assessor claim and pass the submitted demo submission through the review
/// pages. Returns the submission id.
async fn earn_submitted(server: &TestServer) -> String {
    let store = server.store();
    let microcredential = store.microcredential_by_slug(SUBMITTED_SLUG).await.unwrap();
    let submission = store
        .submissions_in_states(&["submitted"])
        .await
        .unwrap()
        .into_iter()
        .find(|row| row.microcredential_id == microcredential.id)
        .expect("the demo has a submitted submission");
    let definition = evident_domain::demo::demo_definitions()
        .unwrap()
        .into_iter()
        .find(|definition| definition.slug == SUBMITTED_SLUG)
        .unwrap();
    let top = definition
        .rubric
        .levels
        .iter()
        .max_by_key(|level| level.score)
        .unwrap()
        .id
        .clone();

    let (assessor, token) = demo_sign_in(server, ASSESSOR).await;
    let claim = assessor
        .post(server.url(&format!("/review/{}/claim", submission.id)))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(claim.status(), 303);
    let mut form = vec![("csrf_token".to_owned(), token.clone())];
    for criterion in &definition.rubric.criteria {
        form.push((format!("level.{}", criterion.id), top.clone()));
        form.push((
            format!("feedback.{}", criterion.id),
            "Clear evidence.".into(),
        ));
    }
    let scored = assessor
        .post(server.url(&format!("/review/{}/scores", submission.id)))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(scored.status(), 303, "{}", scored.text().await.unwrap());
    assert_eq!(scored.headers()["location"], "/review?scored=pass");
    let (_, queue) = get_text(&assessor, &server.url("/review?scored=pass")).await;
    assert!(
        queue.contains("the submission met the pass rule"),
        "{queue}"
    );
    // Scoring it again is refused with the reason.
    let again = assessor
        .post(server.url(&format!("/review/{}/scores", submission.id)))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("it has already been scored")
    );
    submission.id
}

/// Returns the credential issued for a submission. Issuing happens in the scoring request, so it
/// must exist as soon as that request has returned.
async fn credential_of(server: &TestServer, submission_id: &str) -> CredentialRow {
    let award = server
        .store()
        .award_for_submission(submission_id)
        .await
        .unwrap()
        .expect("passing creates an award");
    server
        .store()
        .credential_for_award(&award.id)
        .await
        .unwrap()
        .expect("the credential is issued with the award")
}

async fn get_json(client: &reqwest::Client, url: &str) -> Value {
    let response = client.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

async fn get_text(client: &reqwest::Client, url: &str) -> (u16, String) {
    let response = client.get(url).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// Fetches the server's DID document and first status list over HTTP.
async fn published_documents(server: &TestServer) -> (String, Value, String, Value) {
    let client = server.anonymous();
    let did_document = get_json(&client, &server.url("/.well-known/did.json")).await;
    let did = did_document["id"].as_str().unwrap().to_owned();
    let list_url = server.url("/status/1");
    let list = get_json(&client, &list_url).await;
    (did, did_document, list_url, list)
}

async fn verify_against_server(server: &TestServer, credential: &Value) -> Outcome {
    let (did, did_document, list_url, list) = published_documents(server).await;
    let resolver = LocalResolver::new()
        .with(&did, did_document)
        .with(&list_url, list);
    verify_credential(credential, &resolver).outcome
}

async fn earning_issues_a_signed_credential_at_once(backend: Backend) {
    let server = demo_server(backend).await;
    let submission_id = earn_submitted(&server).await;
    let row = credential_of(&server, &submission_id).await;
    let anonymous = server.anonymous();
    let page_url = server.url(&format!("/credentials/{}", row.id));

    // Results follow the rubric's order of criteria.
    let definition = evident_domain::demo::demo_definitions()
        .unwrap()
        .into_iter()
        .find(|definition| definition.slug == SUBMITTED_SLUG)
        .unwrap();
    let stored: Value = serde_json::from_str(&row.document_json).unwrap();
    let result_order: Vec<String> = stored["credentialSubject"]["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| {
            let id = result["resultDescription"].as_str().unwrap();
            id.rsplit_once("#criterion-").unwrap().1.to_owned()
        })
        .collect();
    let rubric_order: Vec<String> = definition
        .rubric
        .criteria
        .iter()
        .map(|criterion| criterion.id.clone())
        .collect();
    assert_eq!(result_order, rubric_order);

    // The public page of the micro-credential shows its credits too.
    let (_, public) = get_text(
        &anonymous,
        &server.url(&format!("/microcredentials/{SUBMITTED_SLUG}")),
    )
    .await;
    assert!(public.contains("1.5 credits"), "{public}");

    // The JSON download is the stored credential, valid against the official schema.
    let credential = get_json(&anonymous, &format!("{page_url}/credential.json")).await;
    assert_eq!(credential.to_string(), row.document_json);
    assert_eq!(
        validate_open_badge(&credential).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(credential["id"], format!("urn:uuid:{}", row.id));
    let achievement = &credential["credentialSubject"]["achievement"];
    assert_eq!(achievement["achievementType"], "MicroCredential");
    assert_eq!(achievement["creditsAvailable"], 1.5);
    assert_eq!(achievement["alignment"][0]["targetType"], "CFItem");
    // The competency link resolves on this server's CASE API.
    let target = achievement["alignment"][0]["targetUrl"].as_str().unwrap();
    let item = get_json(&anonymous, target).await;
    assert_eq!(
        item["fullStatement"],
        achievement["alignment"][0]["targetDescription"]
    );
    assert_eq!(
        credential["credentialSubject"]["identifier"][0]["hashed"],
        true
    );
    assert!(recipient_matches_email(&credential, EDUCATOR));
    assert!(
        !credential.to_string().contains(EDUCATOR),
        "no plain e-mail"
    );
    assert_eq!(
        credential["credentialSubject"]["result"]
            .as_array()
            .unwrap()
            .len(),
        achievement["resultDescription"].as_array().unwrap().len()
    );

    // Evidence points at the submission, which stays private.
    let evidence_url = credential["evidence"][0]["id"].as_str().unwrap();
    assert_eq!(
        evidence_url,
        server.url(&format!("/submissions/{submission_id}"))
    );
    let private = anonymous.get(evidence_url).send().await.unwrap();
    assert_eq!(private.status(), 303, "the evidence needs a sign-in");

    // The issuer is the server's did:web, and the credential verifies with what it publishes.
    let (did, did_document, _, list) = published_documents(&server).await;
    assert_eq!(
        did,
        format!("did:web:127.0.0.1%3A{}", server.address.port())
    );
    assert_eq!(credential["issuer"]["id"], did);
    let proof = credential["proof"]
        .as_array()
        .map_or(&credential["proof"], |proofs| &proofs[0]);
    let method = proof["verificationMethod"].as_str().unwrap();
    assert!(
        did_document["assertionMethod"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == method)
    );
    assert_eq!(validate_status_list(&list).unwrap(), Vec::<String>::new());
    assert_eq!(
        verify_against_server(&server, &credential).await,
        Outcome::Valid
    );

    // The public page shows the credential's content and verifies it live.
    let (status, page) = get_text(&anonymous, &page_url).await;
    assert_eq!(status, 200);
    assert!(page.contains("Verification: Verified"), "{page}");
    assert!(page.contains(achievement["name"].as_str().unwrap()));
    assert!(page.contains("Elena Educator"));
    assert!(page.contains("Demo State"), "issuer name");
    assert!(page.contains("Rubric result"));
    assert!(page.contains("linkedin.com/profile/add?startTask=CERTIFICATION_NAME"));
    assert!(page.contains("mailto:?subject="));
    assert!(
        page.contains("iframe src=") && !page.contains("<iframe"),
        "embed snippet, escaped"
    );
    assert!(
        !page.contains("Revoke this credential"),
        "no revoke form for visitors"
    );

    // Baked images carry the same credential.
    for image in ["badge.png", "badge.svg"] {
        let response = anonymous
            .get(format!("{page_url}/{image}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{image}");
        let bytes = response.bytes().await.unwrap();
        let (_, baked) = extract_credential(&bytes).unwrap();
        assert_eq!(baked, credential, "{image}");
    }
    let (status, embed) = get_text(&anonymous, &format!("{page_url}/embed")).await;
    assert_eq!(status, 200);
    assert!(embed.contains(&page_url));

    // The educator sees it among their credentials, with the demo's earlier award, which
    // was stored before the server could sign and is issued when the list is opened.
    let (educator, _) = demo_sign_in(&server, EDUCATOR).await;
    let (_, mine) = get_text(&educator, &server.url("/credentials")).await;
    assert!(mine.contains(&format!("/credentials/{}", row.id)), "{mine}");
    let listed = get_json(&educator, &server.url("/api/v1/credentials")).await;
    assert_eq!(
        listed["credentials"].as_array().unwrap().len(),
        2,
        "{listed}"
    );
    server.stop().await;
}

async fn recipient_check_compares_the_hashed_email(backend: Backend) {
    let server = demo_server(backend).await;
    let row = credential_of(&server, &earn_submitted(&server).await).await;
    let client = server.anonymous();
    let url = server.url(&format!("/credentials/{}/recipient", row.id));
    let matched = client
        .post(&url)
        .form(&[("email", " Educator@Demo.Evident.Test ")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(matched.contains("This credential was issued to educator@demo.evident.test"));
    let other = client
        .post(&url)
        .form(&[("email", "someone@example.org")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(other.contains("was not issued to someone@example.org"));
    let bad = client
        .post(&url)
        .form(&[("email", "not-an-address")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("`not-an-address` is not an e-mail address")
    );
    server.stop().await;
}

async fn revocation_resigns_the_status_list_at_once(backend: Backend) {
    let server = demo_server(backend).await;
    let row = credential_of(&server, &earn_submitted(&server).await).await;
    let credential: Value = serde_json::from_str(&row.document_json).unwrap();
    let revoke_url = server.url(&format!("/credentials/{}/revoke", row.id));
    let list_before = server.store().status_list(1).await.unwrap().unwrap();

    // The educator may not revoke, and an empty reason is refused; nothing changes.
    let (educator, educator_token) = demo_sign_in(&server, EDUCATOR).await;
    let refused = educator
        .post(&revoke_url)
        .form(&[
            ("csrf_token", educator_token.as_str()),
            ("reason", "mine"),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let (admin, token) = demo_sign_in(&server, ISSUER_ADMIN).await;
    let (_, admin_page) = get_text(&admin, &server.url(&format!("/credentials/{}", row.id))).await;
    assert!(admin_page.contains("Revoke this credential"));
    let unconfirmed = admin
        .post(&revoke_url)
        .form(&[("csrf_token", token.as_str()), ("reason", "Duplicate.")])
        .send()
        .await
        .unwrap();
    assert_eq!(unconfirmed.status(), 400);
    let page = unconfirmed.text().await.unwrap();
    assert!(page.contains("cannot be undone: tick"), "{page}");
    assert!(
        page.contains(">Duplicate.</textarea>"),
        "the typed reason is kept"
    );
    let empty = admin
        .post(&revoke_url)
        .form(&[
            ("csrf_token", token.as_str()),
            ("reason", "  "),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 400);
    assert!(empty.text().await.unwrap().contains("a reason is required"));
    assert_eq!(
        server.store().credential(&row.id).await.unwrap().revoked_at,
        None
    );
    assert_eq!(
        server.store().status_list(1).await.unwrap().unwrap(),
        list_before
    );
    assert_eq!(
        verify_against_server(&server, &credential).await,
        Outcome::Valid
    );

    // The issuer admin revokes with a reason.
    let reason = "The evidence was not the educator's own work.";
    let revoked = admin
        .post(&revoke_url)
        .form(&[
            ("csrf_token", token.as_str()),
            ("reason", reason),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    let stored = server.store().credential(&row.id).await.unwrap();
    assert!(stored.revoked_at.is_some());
    assert_eq!(stored.revocation_reason.as_deref(), Some(reason));
    let list_after = server.store().status_list(1).await.unwrap().unwrap();
    assert_eq!(list_after.revision, list_before.revision + 1);
    assert_eq!(
        verify_against_server(&server, &credential).await,
        Outcome::RevokedOrExpired
    );
    let events = server
        .store()
        .audit_events("credential", &row.id)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|event| event.action == "credential.revoke")
    );

    // Visitors see the revocation; the owner also sees the reason.
    let page_url = server.url(&format!("/credentials/{}", row.id));
    let (_, public) = get_text(&server.anonymous(), &page_url).await;
    assert!(public.contains("Verification: Revoked"), "{public}");
    assert!(!public.contains("not the educator&#39;s own work"));
    let (_, own) = get_text(&educator, &page_url).await;
    assert!(own.contains("Reason given by the issuer"), "{own}");

    // Revoking twice (a double click, say) changes nothing and keeps the first reason.
    let again = admin
        .post(&revoke_url)
        .form(&[
            ("csrf_token", token.as_str()),
            ("reason", "Another reason."),
            ("confirm", "yes"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 303);
    let stored_again = server.store().credential(&row.id).await.unwrap();
    assert_eq!(stored_again, stored);
    assert_eq!(
        server
            .store()
            .status_list(1)
            .await
            .unwrap()
            .unwrap()
            .revision,
        list_after.revision
    );
    server.stop().await;
}

async fn wallet_did_is_named_in_new_credentials(backend: Backend) {
    let server = demo_server(backend).await;
    let (educator, token) = demo_sign_in(&server, EDUCATOR).await;
    let bad = educator
        .post(server.url("/account/did"))
        .form(&[("csrf_token", token.as_str()), ("did", "my wallet")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(
        bad.text()
            .await
            .unwrap()
            .contains("`my wallet` is not a DID")
    );
    let did = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    let saved = educator
        .post(server.url("/account/did"))
        .form(&[("csrf_token", token.as_str()), ("did", did)])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let row = credential_of(&server, &earn_submitted(&server).await).await;
    let credential: Value = serde_json::from_str(&row.document_json).unwrap();
    assert_eq!(credential["credentialSubject"]["id"], did);
    assert!(recipient_matches_email(&credential, EDUCATOR));
    server.stop().await;
}

async fn did_document_and_status_list_are_public_json(backend: Backend) {
    let server = demo_server(backend).await;
    earn_submitted(&server).await;
    let client = server.anonymous();
    let did = client
        .get(server.url("/.well-known/did.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(did.status(), 200);
    // Verifiers in browsers fetch the DID document and status list from other origins.
    assert_eq!(did.headers()["content-type"], "application/did+json");
    assert_eq!(did.headers()["access-control-allow-origin"], "*");
    let list = client.get(server.url("/status/1")).send().await.unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(list.headers()["access-control-allow-origin"], "*");
    let document: Value = did.json().await.unwrap();
    assert_eq!(document["verificationMethod"][0]["type"], "Multikey");
    assert!(
        !document.to_string().contains("secretKey"),
        "no secret key material"
    );
    let missing = client.get(server.url("/status/99")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let nonsense = client.get(server.url("/status/abc")).send().await.unwrap();
    assert_eq!(nonsense.status(), 404);
    let unknown = client
        .get(server.url("/credentials/00000000-0000-4000-8000-000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    server.stop().await;
}

/// Two revocations at the same moment both reach the status list: the second re-signing
/// notices the first and signs again with both.
async fn simultaneous_revocations_both_reach_the_status_list(backend: Backend) {
    let server = demo_server(backend).await;
    let first = credential_of(&server, &earn_submitted(&server).await).await;
    // Opening the list issues the credential of the demo's earlier award.
    let (educator, _) = demo_sign_in(&server, EDUCATOR).await;
    let listed = get_json(&educator, &server.url("/api/v1/credentials")).await;
    let second = listed["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .find(|id| *id != first.id)
        .expect("the demo's earlier award has a credential");

    let (admin, token) = demo_sign_in(&server, ISSUER_ADMIN).await;
    let revoke = |id: String| {
        let request = admin
            .post(server.url(&format!("/api/v1/credentials/{id}/revoke")))
            .header("X-CSRF-Token", &token)
            .json(&serde_json::json!({"reason": "Revoked in a batch."}));
        async move { request.send().await.unwrap().status() }
    };
    let (a, b) = tokio::join!(revoke(first.id.clone()), revoke(second.clone()));
    assert_eq!((a.as_u16(), b.as_u16()), (200, 200));
    for id in [&first.id, &second] {
        let row = server.store().credential(id).await.unwrap();
        let credential: Value = serde_json::from_str(&row.document_json).unwrap();
        assert_eq!(
            verify_against_server(&server, &credential).await,
            Outcome::RevokedOrExpired,
            "{id}"
        );
    }
    server.stop().await;
}

/// Finds the Node verifiers, installed by `interop/ob3/setup.sh`. Outside CI the interop test
/// skips when they are missing; in CI it fails.
fn node() -> Option<NodeInterop> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../interop/ob3");
    let dir = if dir.exists() {
        dir
    } else {
        default_interop_dir()
    };
    NodeInterop::locate(&dir).unwrap()
}

/// Credentials issued and revoked by the running server, with the DID document and status
/// list fetched from it, in `@digitalbazaar/vc` and `@digitalcredentials/verifier-core`.
async fn server_credentials_verify_in_node_libraries(backend: Backend) {
    let Some(node) = node() else { return };
    let server = demo_server(backend).await;
    let row = credential_of(&server, &earn_submitted(&server).await).await;
    let client = server.anonymous();
    let credential = get_json(
        &client,
        &server.url(&format!("/credentials/{}/credential.json", row.id)),
    )
    .await;
    assert_eq!(
        credential["credentialSubject"]["identifier"][0]["hashed"],
        true
    );
    assert_eq!(
        credential["credentialSubject"]["achievement"]["creditsAvailable"],
        1.5
    );
    let documents = |did: String, did_document: Value, list_url: String, list: Value| {
        vec![(did, did_document), (list_url, list)]
    };
    let (did, did_document, list_url, list) = published_documents(&server).await;
    let docs = documents(did, did_document, list_url, list);
    let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
    assert_eq!(digitalbazaar.exit_code, 0, "{}", digitalbazaar.stdout);
    let dcc = node.verify_dcc(&credential, &docs);
    assert_eq!(dcc.exit_code, 0, "{}", dcc.stdout);

    let mut tampered = credential.clone();
    tampered["credentialSubject"]["achievement"]["creditsAvailable"] = serde_json::json!(15);
    assert_eq!(node.verify_digitalbazaar(&tampered, &docs).exit_code, 1);
    assert_eq!(node.verify_dcc(&tampered, &docs).exit_code, 1);

    let (admin, token) = demo_sign_in(&server, ISSUER_ADMIN).await;
    let revoked = admin
        .post(server.url(&format!("/api/v1/credentials/{}/revoke", row.id)))
        .header("X-CSRF-Token", &token)
        .json(&serde_json::json!({"reason": "Issued in error."}))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200, "{}", revoked.text().await.unwrap());
    let (did, did_document, list_url, list) = published_documents(&server).await;
    let docs = documents(did, did_document, list_url, list);
    let digitalbazaar = node.verify_digitalbazaar(&credential, &docs);
    assert_eq!(digitalbazaar.exit_code, 2, "{}", digitalbazaar.stdout);
    let dcc = node.verify_dcc(&credential, &docs);
    assert_eq!(dcc.exit_code, 2, "{}", dcc.stdout);
    server.stop().await;
}

/// The educator finds, opens and shares a credential and the issuer admin revokes it, by
/// clicking in Chromium; axe-core checks every page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_shows_shares_and_revokes_a_credential() {
    let Some(tools) = find_tools() else { return };
    let server = demo_server(Backend::Sqlite).await;
    let row = credential_of(&server, &earn_submitted(&server).await).await;
    let browser = Browser::launch(tools).await;
    let mut violations = Vec::new();
    let mut check = async |browser: &Browser, page: &str| {
        for violation in browser.accessibility_violations().await {
            violations.push(format!("{page}: {violation}"));
        }
    };

    browser
        .sign_in_at(&server.base, EDUCATOR, demo_password(EDUCATOR))
        .await;
    browser.client.goto(&server.url("/account")).await.unwrap();
    check(&browser, "account").await;
    browser.click("a[href='/credentials']").await;
    browser.wait_for_text("h1", "My credentials").await;
    check(&browser, "my credentials").await;
    browser
        .click(&format!("a[href='/credentials/{}']", row.id))
        .await;
    browser
        .wait_for_text("#verification-heading", "Verification: Verified")
        .await;
    let main = browser
        .wait_for_text("main", "This is your credential")
        .await;
    assert!(main.contains("Add to LinkedIn profile"));
    assert!(main.contains("Share by e-mail"));
    check(&browser, "credential").await;
    browser
        .client
        .goto(&server.url(&format!("/credentials/{}/embed", row.id)))
        .await
        .unwrap();
    browser
        .wait_for_text("main", "Verify this credential")
        .await;
    check(&browser, "embed").await;
    browser.client.goto(&server.url("/account")).await.unwrap();
    browser.click("header form button").await;
    browser.wait_for_text("header nav", "Sign in").await;

    browser
        .sign_in_at(&server.base, ISSUER_ADMIN, demo_password(ISSUER_ADMIN))
        .await;
    browser
        .client
        .goto(&server.url("/credentials/issued"))
        .await
        .unwrap();
    browser.wait_for_text("main", "Elena Educator").await;
    check(&browser, "issued credentials").await;
    browser
        .click(&format!("a[href='/credentials/{}']", row.id))
        .await;
    browser.wait_for_text("#revoke-heading", "Revoke").await;
    browser
        .type_into("#revoke-reason", "Issued to the wrong person.")
        .await;
    browser.click("#revoke-confirm").await;
    browser.click("#revoke-reason ~ button").await;
    browser
        .wait_for_text("#verification-heading", "Verification: Revoked")
        .await;
    let main = browser
        .wait_for_text("main", "Issued to the wrong person.")
        .await;
    assert!(!main.contains("Revoke this credential"));
    check(&browser, "revoked credential").await;
    browser.close().await;
    assert!(violations.is_empty(), "{}", violations.join("\n"));
    assert!(
        server
            .store()
            .credential(&row.id)
            .await
            .unwrap()
            .revoked_at
            .is_some()
    );
    server.stop().await;
}

on_both_backends!(
    earning_issues_a_signed_credential_at_once,
    recipient_check_compares_the_hashed_email,
    revocation_resigns_the_status_list_at_once,
    wallet_did_is_named_in_new_credentials,
    did_document_and_status_list_are_public_json,
    server_credentials_verify_in_node_libraries,
    simultaneous_revocations_both_reach_the_status_list,
);
