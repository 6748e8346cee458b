//! Sign-in, CSRF, throttling, framework import and organization boundaries over HTTP,
//! on SQLite and on PostgreSQL.

mod common;

use common::{CARPENTRIES_RUBRIC, DIGCOMPEDU, PASSWORD, TestServer, csrf_token};
use evident_store::Backend;

on_both_backends!(
    healthz_reports_database_reachable,
    login_then_logout_ends_session,
    wrong_password_repeated_past_throttle_is_rejected,
    logout_without_csrf_token_is_rejected,
    forged_csrf_token_is_rejected_and_changes_nothing,
    login_with_forged_csrf_cookie_is_rejected,
    digcompedu_upload_imports_tree,
    truncated_case_file_is_rejected_and_changes_nothing,
    malformed_case_structure_names_the_item,
    upload_over_size_limit_is_rejected,
    upload_of_disallowed_type_is_rejected,
    other_organization_data_is_forbidden,
    case_export_returns_every_field,
    framework_replace_needs_owner_role,
    api_without_session_answers_json_401,
    sign_in_returns_to_the_page_asked_for,
    password_change_signs_out_other_browsers,
    admin_sets_password_and_lifts_lock,
    duplicate_organization_name_is_rejected,
    malformed_json_gets_the_error_object,
);

async fn malformed_json_gets_the_error_object(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("issuer@example.org").await;
    let post = |body: &'static str, content_type: &'static str| {
        client
            .post(server.url("/api/v1/microcredentials"))
            .header("x-csrf-token", &token)
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    for (body, content_type, status, code, words) in [
        (
            "{",
            "application/json",
            400,
            "bad_request",
            "is not valid JSON",
        ),
        (
            "{\"org_id\": 3}",
            "application/json",
            422,
            "unprocessable",
            "expected fields",
        ),
        (
            "{}",
            "text/plain",
            415,
            "unsupported_media_type",
            "Content-Type: application/json",
        ),
    ] {
        let response = post(body, content_type).await.unwrap();
        assert_eq!(response.status(), status, "{body}");
        let error: serde_json::Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], code, "{body}: {error}");
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(words), "{body}: {message}");
    }
    assert!(server.store().microcredentials().await.unwrap().is_empty());
    server.stop().await;
}

async fn duplicate_organization_name_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("platform@example.org").await;
    let before = server.store().organizations().await.unwrap().len();
    let create = |name: &'static str, parent: &str| {
        client.post(server.url("/orgs")).form(&[
            ("csrf_token", token.as_str()),
            ("name", name),
            ("kind", "school"),
            ("parent_id", parent),
        ])
    };
    let duplicate = create(" school a1 ", &server.world.district_a)
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), 409);
    assert!(
        duplicate
            .text()
            .await
            .unwrap()
            .contains("an organization named `school a1` already exists there")
    );
    assert_eq!(server.store().organizations().await.unwrap().len(), before);
    // The same name elsewhere is a different school.
    let elsewhere = create("School A1", &server.world.district_b)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 303);
    server.stop().await;
}

async fn admin_sets_password_and_lifts_lock(backend: Backend) {
    let server = TestServer::start(backend).await;
    let store = server.store();
    let hash = evident_web::auth::hash_password(PASSWORD).unwrap();
    let teacher = store
        .create_user(
            "teacher@example.org",
            "Tia Teacher",
            &hash,
            Some(&server.world.district_a),
        )
        .await
        .unwrap();
    // The teacher forgot the password and locked the account with failed attempts.
    for _ in 0..5 {
        let failed = server
            .login(
                &server.anonymous(),
                "teacher@example.org",
                "forgotten password",
            )
            .await;
        assert_eq!(failed.status(), 401);
    }
    let locked = server
        .login(&server.anonymous(), "teacher@example.org", PASSWORD)
        .await;
    assert_eq!(locked.status(), 429);

    let url = server.url(&format!(
        "/orgs/{}/users/{}/password",
        server.world.district_a, teacher.id
    ));
    // Another district's admin may not; a short password is named; nothing changes.
    let (other, other_token) = server.signed_in("other-issuer@example.org").await;
    let denied = other
        .post(&url)
        .form(&[
            ("csrf_token", other_token.as_str()),
            ("password", "a fresh password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(denied.status(), 403);
    let (admin, token) = server.signed_in("issuer@example.org").await;
    let short = admin
        .post(&url)
        .form(&[("csrf_token", token.as_str()), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 400);
    assert!(
        short
            .text()
            .await
            .unwrap()
            .contains("at least 10 characters")
    );

    let set = admin
        .post(&url)
        .form(&[
            ("csrf_token", token.as_str()),
            ("password", "a fresh password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 303);
    let location = set.headers()["location"].to_str().unwrap().to_owned();
    let page = admin
        .get(server.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("New password set for Tia Teacher"), "{page}");
    let signed_in = server
        .login(
            &server.anonymous(),
            "teacher@example.org",
            "a fresh password",
        )
        .await;
    assert_eq!(
        signed_in.status(),
        303,
        "the lock is lifted and the new password works"
    );
    let events = store.audit_events("user", &teacher.id).await.unwrap();
    assert!(
        events
            .iter()
            .any(|event| event.action == "user.password.set")
    );

    // Someone outside the organization is not found there.
    let outsider = store
        .user_credentials("other-issuer@example.org")
        .await
        .unwrap()
        .unwrap()
        .0;
    let elsewhere = admin
        .post(server.url(&format!(
            "/orgs/{}/users/{}/password",
            server.world.district_a, outsider.id
        )))
        .form(&[
            ("csrf_token", token.as_str()),
            ("password", "a fresh password"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
    server.stop().await;
}

async fn password_change_signs_out_other_browsers(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (here, token) = server.signed_in("educator@example.org").await;
    let (elsewhere, _) = server.signed_in("educator@example.org").await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        here.post(server.url("/account/password")).form(&[
            ("csrf_token", token.as_str()),
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", again),
        ])
    };

    // Each mistake is named and changes nothing.
    for (current, new, again, message) in [
        (
            "wrong password",
            "brand new password",
            "brand new password",
            "current password is not correct",
        ),
        (
            PASSWORD,
            "brand new password",
            "different password",
            "differ",
        ),
        (PASSWORD, "short", "short", "at least 10 characters"),
    ] {
        let response = change(current, new, again).send().await.unwrap();
        assert_eq!(response.status(), 400, "{message}");
        assert!(
            response.text().await.unwrap().contains(message),
            "{message}"
        );
    }
    let still = elsewhere
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(still.status(), 200, "nothing changed yet");

    let changed = change(PASSWORD, "brand new password", "brand new password")
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert!(changed.text().await.unwrap().contains("Password changed"));
    let kept = here.get(server.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(kept.status(), 200, "this browser stays signed in");
    let ended = elsewhere
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 401, "other browsers are signed out");
    let old = server
        .login(&server.anonymous(), "educator@example.org", PASSWORD)
        .await;
    assert_eq!(old.status(), 401, "the old password no longer works");
    let new = server
        .login(
            &server.anonymous(),
            "educator@example.org",
            "brand new password",
        )
        .await;
    assert_eq!(new.status(), 303);
    server.stop().await;
}

async fn sign_in_returns_to_the_page_asked_for(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.anonymous();
    let asked = client
        .get(server.url("/submissions?tab=all"))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 303);
    let location = asked.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(location, "/login?next=%2Fsubmissions%3Ftab%3Dall");

    // The form carries the page through a failed attempt and a successful one.
    let form = client.get(server.url(&location)).send().await.unwrap();
    let html = form.text().await.unwrap();
    assert!(
        html.contains("name=\"next\" value=\"/submissions?tab=all\""),
        "{html}"
    );
    let token = csrf_token(&html);
    let sign_in = |password: &'static str| {
        client.post(server.url("/login")).form(&[
            ("csrf_token", token.as_str()),
            ("email", "educator@example.org"),
            ("password", password),
            ("next", "/submissions?tab=all"),
        ])
    };
    let failed = sign_in("wrong password").send().await.unwrap();
    assert_eq!(failed.status(), 401);
    let html = failed.text().await.unwrap();
    assert!(
        html.contains("name=\"next\" value=\"/submissions?tab=all\""),
        "{html}"
    );
    let token = csrf_token(&html);
    let signed_in = client
        .post(server.url("/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", "educator@example.org"),
            ("password", PASSWORD),
            ("next", "/submissions?tab=all"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()["location"], "/submissions?tab=all");

    // Only pages of this server are returned to.
    for outside in [
        "//evil.example/",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let other = server.anonymous();
        let form = other.get(server.url("/login")).send().await.unwrap();
        let token = csrf_token(&form.text().await.unwrap());
        let response = other
            .post(server.url("/login"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("email", "educator@example.org"),
                ("password", PASSWORD),
                ("next", outside),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "{outside}");
        assert_eq!(response.headers()["location"], "/", "{outside}");
    }
    server.stop().await;
}

async fn healthz_reports_database_reachable(backend: Backend) {
    let server = TestServer::start(backend).await;
    let response = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok\n");
    server.store().pool().close().await;
    let response = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(response.status(), 503);
    server.stop().await;
}

async fn login_then_logout_ends_session(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.anonymous();
    let response = server
        .login(&client, "Educator@Example.org", PASSWORD)
        .await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");

    let me: serde_json::Value = client
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "educator@example.org");
    assert_eq!(me["roles"][0]["role"], "educator");

    let account = client.get(server.url("/account")).send().await.unwrap();
    let token = csrf_token(&account.text().await.unwrap());
    let logout = client
        .post(server.url("/logout"))
        .form(&[("csrf_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(logout.status(), 303);
    let after = client.get(server.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(after.status(), 401, "the session is gone after sign-out");
    server.stop().await;
}

async fn wrong_password_repeated_past_throttle_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.anonymous();
    for attempt in 1..=5 {
        let response = server
            .login(&client, "educator@example.org", "wrong password!")
            .await;
        assert_eq!(response.status(), 401, "attempt {attempt}");
        let body = response.text().await.unwrap();
        assert!(
            body.contains("e-mail address or password is not correct"),
            "{body}"
        );
    }
    let throttled = server
        .login(&client, "educator@example.org", PASSWORD)
        .await;
    assert_eq!(throttled.status(), 429, "even the right password waits");
    assert!(throttled.headers().contains_key("retry-after"));
    let body = throttled.text().await.unwrap();
    assert!(body.contains("too many failed sign-in attempts"), "{body}");
    assert!(body.contains("wait 15 minutes"), "{body}");

    let other = server.anonymous();
    let unaffected = server.login(&other, "assessor@example.org", PASSWORD).await;
    assert_eq!(unaffected.status(), 303, "other accounts are not throttled");
    server.stop().await;
}

async fn logout_without_csrf_token_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, _token) = server.signed_in("educator@example.org").await;
    let response = client
        .post(server.url("/logout"))
        .form(&[("x", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let body = response.text().await.unwrap();
    assert!(body.contains("csrf_token) is missing"), "{body}");
    // The error page does not tell a signed-in user to sign in.
    assert!(body.contains(">Your account</a>"), "{body}");
    assert!(!body.contains(">Sign in</a>"), "{body}");
    let anonymous = server
        .anonymous()
        .get(server.url("/credentials/no-such-credential"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 404);
    assert!(anonymous.text().await.unwrap().contains(">Sign in</a>"));
    // Signed-in pages are not kept in the browser's cache, which would show them again
    // after sign-out; public pages without a session may be cached.
    let account = client.get(server.url("/account")).send().await.unwrap();
    assert_eq!(account.headers()["cache-control"], "no-store");
    let stylesheet = client
        .get(server.url("/static/style.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        stylesheet.headers()["cache-control"],
        "public, max-age=3600"
    );
    // Unknown paths get the error page with a message, or the JSON error under /api/.
    let unknown = client.get(server.url("/nope")).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    let page = unknown.text().await.unwrap();
    assert!(page.contains("there is no page at `/nope`"), "{page}");
    let api = client.get(server.url("/api/v1/nope")).send().await.unwrap();
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let still = client.get(server.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(
        still.status(),
        200,
        "the session survives a rejected sign-out"
    );
    server.stop().await;
}

async fn forged_csrf_token_is_rejected_and_changes_nothing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, _token) = server.signed_in("platform@example.org").await;
    let before = server.store().organizations().await.unwrap().len();
    let response = client
        .post(server.url("/orgs"))
        .form(&[
            ("csrf_token", "0000forged"),
            ("name", "Forged School"),
            ("kind", "school"),
            ("parent_id", server.world.district_a.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("does not match your session")
    );
    let api = client
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", "forged")
        .body(CARPENTRIES_RUBRIC.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 403);
    let error: serde_json::Value = api.json().await.unwrap();
    assert_eq!(error["error"]["code"], "csrf_failed");
    assert_eq!(server.store().organizations().await.unwrap().len(), before);
    assert!(server.store().frameworks().await.unwrap().is_empty());
    server.stop().await;
}

async fn login_with_forged_csrf_cookie_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let client = server.anonymous();
    let response = client
        .post(server.url("/login"))
        .form(&[
            ("csrf_token", "guess"),
            ("email", "educator@example.org"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(
        response.headers().get("set-cookie").is_none(),
        "no session was started"
    );
    server.stop().await;
}

async fn upload(
    server: &TestServer,
    client: &reqwest::Client,
    token: &str,
    bytes: Vec<u8>,
    file_name: &str,
    media_type: &str,
) -> reqwest::Response {
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token.to_owned())
        .part(
            "package",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str(media_type)
                .unwrap(),
        );
    client
        .post(server.url("/frameworks/import"))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn digcompedu_upload_imports_tree(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, _) = server.signed_in("issuer@example.org").await;
    let form = client
        .get(server.url("/frameworks/import"))
        .send()
        .await
        .unwrap();
    let token = csrf_token(&form.text().await.unwrap());
    let response = upload(
        &server,
        &client,
        &token,
        DIGCOMPEDU.to_vec(),
        "digcompedu.json",
        "application/json",
    )
    .await;
    assert_eq!(response.status(), 200);
    let body = response.text().await.unwrap();
    assert!(body.contains("was imported"), "{body}");

    let frameworks = server.store().frameworks().await.unwrap();
    assert_eq!(frameworks.len(), 1);
    let id = &frameworks[0].id;
    let items = server.store().framework_items(id).await.unwrap();
    let areas = items
        .iter()
        .filter(|item| item.depth == 0 && item.item_type.as_deref() == Some("Area"))
        .count();
    assert_eq!(areas, 6, "DigCompEdu has six areas at the top");
    assert_eq!(items.len(), 167, "every item appears once in the tree");
    let competences: Vec<_> = items
        .iter()
        .filter(|item| item.item_type.as_deref() == Some("Competence"))
        .collect();
    assert_eq!(competences.len(), 22);
    assert_eq!(competences[0].human_code.as_deref(), Some("1.1"));

    let page = client
        .get(server.url(&format!("/frameworks/{id}")))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Organisational communication"),
        "the tree shows competence 1.1"
    );
    let audit = server.store().audit_events("framework", id).await.unwrap();
    assert_eq!(audit[0].action, "framework_imported");
    server.stop().await;
}

async fn truncated_case_file_is_rejected_and_changes_nothing(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("issuer@example.org").await;
    let ok = upload(
        &server,
        &client,
        &token,
        CARPENTRIES_RUBRIC.to_vec(),
        "r.json",
        "application/json",
    )
    .await;
    assert_eq!(ok.status(), 200);
    let before = server.store().frameworks().await.unwrap();

    let truncated = DIGCOMPEDU[..DIGCOMPEDU.len() / 2].to_vec();
    let response = upload(
        &server,
        &client,
        &token,
        truncated,
        "digcompedu.json",
        "application/json",
    )
    .await;
    assert_eq!(response.status(), 422);
    let body = response.text().await.unwrap();
    assert!(body.contains("nothing was imported"), "{body}");
    assert!(body.contains("line"), "the message names the line: {body}");
    assert_eq!(server.store().frameworks().await.unwrap(), before);
    server.stop().await;
}

async fn malformed_case_structure_names_the_item(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("issuer@example.org").await;
    let mut package: serde_json::Value = serde_json::from_slice(CARPENTRIES_RUBRIC).unwrap();
    let item_id = package["CFItems"][3]["identifier"]
        .as_str()
        .unwrap()
        .to_owned();
    package["CFItems"][3]
        .as_object_mut()
        .unwrap()
        .remove("fullStatement");
    let response = client
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .json(&package)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let error: serde_json::Value = response.json().await.unwrap();
    let problems = error["error"]["problems"].to_string();
    assert!(problems.contains(&item_id), "{problems}");
    assert!(problems.contains("fullStatement"), "{problems}");
    assert!(server.store().frameworks().await.unwrap().is_empty());
    server.stop().await;
}

async fn upload_over_size_limit_is_rejected(backend: Backend) {
    let server = TestServer::start_with(backend, |config| config.max_framework_bytes = 4096).await;
    let (client, token) = server.signed_in("issuer@example.org").await;
    // Larger than the limit but within the request body cap, so the server reads the
    // whole request before it answers and the client sees the response.
    let response = upload(
        &server,
        &client,
        &token,
        DIGCOMPEDU[..20_000].to_vec(),
        "digcompedu.json",
        "application/json",
    )
    .await;
    assert_eq!(response.status(), 413);
    let body = response.text().await.unwrap();
    assert!(body.contains("larger than the limit"), "{body}");
    assert!(server.store().frameworks().await.unwrap().is_empty());
    server.stop().await;
}

async fn upload_of_disallowed_type_is_rejected(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("issuer@example.org").await;
    let response = upload(
        &server,
        &client,
        &token,
        b"%PDF-1.7".to_vec(),
        "framework.pdf",
        "application/pdf",
    )
    .await;
    assert_eq!(response.status(), 415);
    let body = response.text().await.unwrap();
    assert!(body.contains("framework.pdf"), "{body}");
    assert!(body.contains(".json file"), "{body}");
    assert!(server.store().frameworks().await.unwrap().is_empty());
    server.stop().await;
}

async fn other_organization_data_is_forbidden(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("other-issuer@example.org").await;
    let page = client
        .get(server.url(&format!("/orgs/{}", server.world.district_a)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 403);
    let api = client
        .get(server.url(&format!("/api/v1/orgs/{}", server.world.school_a1)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        api.status(),
        403,
        "a school inside another district is also out of reach"
    );
    let before = server
        .store()
        .users_in_organization(&server.world.district_a)
        .await
        .unwrap();
    let add = client
        .post(server.url(&format!("/orgs/{}/users", server.world.district_a)))
        .form(&[
            ("csrf_token", token.as_str()),
            ("display_name", "Intruder"),
            ("email", "intruder@example.org"),
            ("password", "a long enough password"),
            ("role", "issuer_admin"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(add.status(), 403);
    assert_eq!(
        server
            .store()
            .users_in_organization(&server.world.district_a)
            .await
            .unwrap(),
        before
    );
    let own = client
        .get(server.url(&format!("/orgs/{}", server.world.district_b)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        own.status(),
        200,
        "the admin still reaches their own district"
    );
    server.stop().await;
}

async fn case_export_returns_every_field(backend: Backend) {
    let server = TestServer::start(backend).await;
    let (client, token) = server.signed_in("platform@example.org").await;
    let response = client
        .post(server.url("/api/v1/frameworks"))
        .header("x-csrf-token", &token)
        .body(CARPENTRIES_RUBRIC.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let original: serde_json::Value = serde_json::from_slice(CARPENTRIES_RUBRIC).unwrap();
    let id = original["CFDocument"]["identifier"].as_str().unwrap();
    let exported: serde_json::Value = client
        .get(server.url(&format!("/ims/case/v1p1/CFPackages/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        numbers_as_f64(&exported["CFRubrics"]),
        numbers_as_f64(&original["CFRubrics"]),
        "the rubric survives import"
    );
    assert_eq!(
        numbers_as_f64(&exported["CFItems"]),
        numbers_as_f64(&original["CFItems"])
    );
    assert_eq!(
        exported["CFDocument"]["title"],
        original["CFDocument"]["title"]
    );

    // Single objects by sourcedId, as a CASE consumer reads them.
    let anonymous = server.anonymous();
    let get = |path: String| {
        let request = anonymous.get(server.url(&path));
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, document) = get(format!("/ims/case/v1p1/CFDocuments/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(document, original["CFDocument"]);
    let rubric_id = original["CFRubrics"][0]["identifier"].as_str().unwrap();
    let (status, rubric) = get(format!("/ims/case/v1p1/CFRubrics/{rubric_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(rubric["identifier"], rubric_id);
    let association = &original["CFAssociations"][0];
    let association_id = association["identifier"].as_str().unwrap();
    let (status, found) = get(format!("/ims/case/v1p1/CFAssociations/{association_id}")).await;
    assert_eq!(status, 200);
    assert_eq!(found["identifier"], association_id);
    let origin = association["originNodeURI"]["identifier"].as_str().unwrap();
    let (status, with_links) = get(format!("/ims/case/v1p1/CFItemAssociations/{origin}")).await;
    assert_eq!(status, 200);
    assert_eq!(with_links["CFItem"]["identifier"], origin);
    assert!(
        with_links["CFAssociations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|link| link["identifier"] == association_id)
    );

    // Unknown ids get the CASE status body.
    for path in [
        "CFDocuments",
        "CFPackages",
        "CFItems",
        "CFItemAssociations",
        "CFAssociations",
        "CFRubrics",
    ] {
        let (status, body) = get(format!("/ims/case/v1p1/{path}/no-such-id")).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["imsx_codeMajor"], "failure", "{path}");
        assert_eq!(
            body["imsx_codeMinor"]["imsx_codeMinorField"][0]["imsx_codeMinorFieldValue"],
            "unknownobject",
            "{path}"
        );
        assert!(
            body["imsx_description"]
                .as_str()
                .unwrap()
                .contains("`no-such-id` not found"),
            "{path}: {body}"
        );
    }
    server.stop().await;
}

/// Rewrites every number as a float, because export may print the integer 1 as 1.0.
fn numbers_as_f64(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(number) => serde_json::json!(number.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(numbers_as_f64).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), numbers_as_f64(value)))
                .collect(),
        ),
        other => other.clone(),
    }
}

async fn framework_replace_needs_owner_role(backend: Backend) {
    let server = TestServer::start(backend).await;
    let import = |client: reqwest::Client, token: String, title: &'static str| {
        let url = server.url(&format!(
            "/api/v1/frameworks?org_id={}",
            server.world.district_a
        ));
        let other_url = server.url(&format!(
            "/api/v1/frameworks?org_id={}",
            server.world.district_b
        ));
        async move {
            let mut package: serde_json::Value =
                serde_json::from_slice(CARPENTRIES_RUBRIC).unwrap();
            package["CFDocument"]["title"] = title.into();
            let url = if title.starts_with("Other") {
                other_url
            } else {
                url
            };
            client
                .post(url)
                .header("x-csrf-token", token)
                .json(&package)
                .send()
                .await
                .unwrap()
        }
    };
    let (owner, owner_token) = server.signed_in("issuer@example.org").await;
    let created = import(owner.clone(), owner_token.clone(), "Original").await;
    assert_eq!(created.status(), 201);

    let (other, other_token) = server.signed_in("other-issuer@example.org").await;
    let hijack = import(other, other_token, "Other district's copy").await;
    assert_eq!(hijack.status(), 403);
    let error: serde_json::Value = hijack.json().await.unwrap();
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("already exists"), "{message}");
    assert!(message.contains("Original"), "{message}");
    let stored = server.store().frameworks().await.unwrap();
    assert_eq!(stored[0].title, "Original");
    assert_eq!(
        stored[0].org_id.as_deref(),
        Some(server.world.district_a.as_str())
    );

    let replaced = import(owner, owner_token, "Revised").await;
    assert_eq!(replaced.status(), 200, "the owner may replace it");
    assert_eq!(
        server.store().frameworks().await.unwrap()[0].title,
        "Revised"
    );
    server.stop().await;
}

async fn api_without_session_answers_json_401(backend: Backend) {
    let server = TestServer::start(backend).await;
    let response = server
        .anonymous()
        .get(server.url("/api/v1/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let error: serde_json::Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "unauthorized");
    let page = server
        .anonymous()
        .get(server.url("/account"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        303,
        "pages still send browsers to the sign-in form"
    );
    server.stop().await;
}
