//! Headless Chromium for the page tests: a chromedriver process, a browser session with a
//! fresh profile, waiting for text after a click, and axe-core accessibility checks.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `CHROMIUM` and `CHROMEDRIVER` set to
//! their paths) and axe-core from `tests/browser/setup.sh`. When `CI` is set a missing piece
//! fails the test; otherwise [`find_tools`] prints what is missing and returns `None`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
    axe_source: String,
}

pub fn find_tools() -> Option<Tools> {
    let chromium =
        PathBuf::from(std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()));
    let chromedriver = PathBuf::from(
        std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()),
    );
    let axe = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let missing: Vec<String> = [
        (&chromium, "chromium"),
        (&chromedriver, "chromium-driver"),
        (&axe, "axe-core (run tests/browser/setup.sh)"),
    ]
    .iter()
    .filter(|(path, _)| !path.exists())
    .map(|(path, what)| format!("{what} at {}", path.display()))
    .collect();
    if !missing.is_empty() {
        let message = format!("browser test needs: {}", missing.join(", "));
        if std::env::var_os("CI").is_some() {
            panic!("{message}");
        }
        eprintln!("skipping: {message}");
        return None;
    }
    Some(Tools {
        chromium,
        chromedriver,
        axe_source: std::fs::read_to_string(axe).unwrap(),
    })
}

/// A chromedriver process and a browser session with a fresh profile; both end on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
    axe_source: String,
}

impl Browser {
    pub async fn launch(tools: Tools) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 30 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().unwrap();
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.push("--window-size=1280,900".into());
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("chrome"));
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({ "binary": tools.chromium, "args": args }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("open a WebDriver session in chromium");
        Self {
            client,
            driver,
            _profile: profile,
            axe_source: tools.axe_source,
        }
    }

    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no element `{css}`: {error}"))
            .click()
            .await
            .unwrap();
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|error| panic!("no element `{css}`: {error}"))
            .send_keys(text)
            .await
            .unwrap();
    }

    /// Signs in through the sign-in form at `base` and waits for the signed-in header.
    pub async fn sign_in_at(&self, base: &str, email: &str, password: &str) {
        self.client.goto(&format!("{base}/login")).await.unwrap();
        self.type_into("#email", email).await;
        self.type_into("#password", password).await;
        self.click("main button[type=submit]").await;
        self.wait_for_text("header nav", "Sign out").await;
    }

    pub async fn heading(&self) -> String {
        self.client
            .find(Locator::Css("h1"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Reads the text of `css` once the page after a click has loaded and contains
    /// `expected`. Fails with the last text seen after 30 s, which leaves room for a
    /// loaded CI machine.
    pub async fn wait_for_text(&self, css: &str, expected: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = element.text().await
            {
                if text.contains(expected) {
                    return text;
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("`{css}` did not show `{expected}` within 30 s; last text: {last}");
    }

    /// Runs axe-core on the current page and returns its serious and critical violations.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        self.client.execute(&self.axe_source, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document).then(results => done({
                   passes: results.passes.length,
                   violations: results.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                          v.nodes.map(n => n.target.join(' ')).join(', '))
                 }));",
                vec![],
            )
            .await
            .unwrap();
        let passes = result["passes"].as_u64().unwrap_or(0);
        assert!(passes > 0, "axe-core ran no rule on the page: {result}");
        result["violations"]
            .as_array()
            .unwrap_or_else(|| panic!("axe-core returned {result}"))
            .iter()
            .map(|item| item.as_str().unwrap_or_default().to_owned())
            .collect()
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
