//! Headless Chromium drives the pages like a person: it signs in through the form, follows
//! links, and runs axe-core on every page it visits, which must report no serious or
//! critical accessibility violation.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROMIUM` and `CHROMEDRIVER` set to
//! their paths) and axe-core from `tests/browser/setup.sh`. When `CI` is set a missing piece
//! fails the test; otherwise the test prints what is missing and returns.

mod common;

use common::browser::{Browser, find_tools};
use common::{CARPENTRIES_RUBRIC, PASSWORD, TestServer};
use evident_store::Backend;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_work_and_pass_axe_in_chromium() {
    let Some(tools) = find_tools() else { return };
    let server = TestServer::start(Backend::Sqlite).await;
    let browser = Browser::launch(tools).await;
    let mut violations = Vec::new();

    // A visitor reads the public pages.
    browser.client.goto(&server.url("/")).await.unwrap();
    assert_eq!(browser.heading().await, "Evident");
    for violation in browser.accessibility_violations().await {
        violations.push(format!("/: {violation}"));
    }

    // The issuer admin signs in through the form and imports a framework by upload.
    browser.client.goto(&server.url("/login")).await.unwrap();
    for violation in browser.accessibility_violations().await {
        violations.push(format!("/login: {violation}"));
    }
    browser
        .client
        .find(Locator::Id("email"))
        .await
        .unwrap()
        .send_keys("issuer@example.org")
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("main button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let nav = browser
        .wait_for_text("header nav", "issuer@example.org")
        .await;
    assert!(
        nav.contains("Import a framework"),
        "admins see the import link: {nav}"
    );

    browser
        .client
        .find(Locator::LinkText("Import a framework"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for_text("h1", "Import a competency framework")
        .await;
    for violation in browser.accessibility_violations().await {
        violations.push(format!("/frameworks/import: {violation}"));
    }
    let package = tempfile::Builder::new().suffix(".json").tempfile().unwrap();
    std::fs::write(package.path(), CARPENTRIES_RUBRIC).unwrap();
    browser
        .client
        .find(Locator::Id("package"))
        .await
        .unwrap()
        .send_keys(&package.path().display().to_string())
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css("main button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for_text("h1", "Framework imported").await;
    let status = browser
        .client
        .find(Locator::Css("[role=status]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        status.contains("Suggested Rubric for Teaching Demonstrations") || status.contains("items"),
        "{status}"
    );

    // The imported framework's tree lists its items with human codes.
    browser
        .client
        .find(Locator::LinkText("Browse the framework"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let tree = browser.wait_for_text("ul.tree", "C.1").await;
    assert!(tree.contains("D.11"), "{tree}");
    for violation in browser.accessibility_violations().await {
        violations.push(format!("framework page: {violation}"));
    }

    for path in [
        "/frameworks",
        "/account",
        "/orgs",
        &format!("/orgs/{}", server.world.district_a),
    ] {
        browser.client.goto(&server.url(path)).await.unwrap();
        for violation in browser.accessibility_violations().await {
            violations.push(format!("{path}: {violation}"));
        }
    }

    // Signing out returns to the public view.
    browser
        .client
        .find(Locator::Css("header form button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let nav = browser.wait_for_text("header nav", "Sign in").await;
    assert!(!nav.contains("issuer@example.org"), "{nav}");

    browser.close().await;
    server.stop().await;
    assert!(
        violations.is_empty(),
        "accessibility violations:\n{}",
        violations.join("\n")
    );
}
