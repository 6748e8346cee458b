//! The `evident` binary as a user runs it: demo, serve, import-case and admin create-user.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EVIDENT: &str = env!("CARGO_BIN_EXE_evident");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process that is killed when dropped.
struct Server {
    child: Child,
    base: String,
    /// Kept open so that the server never writes to a closed pipe.
    _stdout: Option<BufReader<std::process::ChildStdout>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(command: &str, data_dir: &std::path::Path) -> (Server, Vec<String>) {
    start_on(command, data_dir, free_port())
}

/// Starts on a given port: the issuer's did:web names the port, so a restart that must
/// keep earlier credentials valid keeps it.
fn start_on(command: &str, data_dir: &std::path::Path, port: u16) -> (Server, Vec<String>) {
    let mut child = Command::new(EVIDENT)
        .args([
            command,
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(data_dir)
        .env_remove("EVIDENT_DATABASE_URL")
        .env_remove("EVIDENT_ISSUER_KEY")
        .env_remove("EVIDENT_ISSUER_KEY_FILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    if command == "demo" {
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            let done = line.contains("press Ctrl-C");
            lines.push(line.trim_end().to_owned());
            if done {
                break;
            }
        }
    }
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
        _stdout: Some(stdout),
    };
    wait_until_healthy(&server.base);
    (server, lines)
}

fn wait_until_healthy(base: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(response) = http_get(&format!("{base}/healthz"))
            && response.0 == 200
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the server at {base} did not become healthy within 60 s");
}

/// A minimal HTTP/1.1 GET over a TCP stream; returns the status and body.
fn http_get(url: &str) -> std::io::Result<(u16, String)> {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = std::net::TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n",
        if path.is_empty() { "/" } else { path }
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

#[test]
fn demo_prints_users_and_serves_the_framework() {
    let dir = tempfile::tempdir().unwrap();
    let (server, lines) = start("demo", dir.path());
    let printed = lines.join("\n");
    for role in ["Educator", "Assessor", "Issuer admin", "Platform admin"] {
        assert!(printed.contains(role), "{role} is printed:\n{printed}");
    }
    assert!(printed.contains("password"), "{printed}");
    assert!(
        printed.contains("Digital Competence of Educators"),
        "{printed}"
    );

    let (status, home) = http_get(&format!("{}/", server.base)).unwrap();
    assert_eq!(status, 200);
    assert!(home.contains("Digital Competence of Educators"), "{home}");
    let titles: Vec<&str> = lines
        .iter()
        .filter_map(|line| line.trim().strip_prefix("micro-credential: "))
        .collect();
    assert!(
        titles.len() >= 3,
        "at least three micro-credentials:\n{printed}"
    );
    let (status, catalog) = http_get(&format!("{}/microcredentials", server.base)).unwrap();
    assert_eq!(status, 200, "the catalog is public");
    for title in &titles {
        assert!(
            catalog.contains(&title.replace('\'', "&#39;")) || catalog.contains(title),
            "{title} in the catalog"
        );
    }
    let (status, login) = http_get(&format!("{}/login", server.base)).unwrap();
    assert_eq!(status, 200);
    assert!(login.contains("name=\"password\""));
    drop(server);

    // A second start on the same data directory keeps the data and creates nothing twice.
    let (server, lines) = start("demo", dir.path());
    assert!(lines.join("\n").contains("Digital Competence of Educators"));
    let (status, _) = http_get(&format!("{}/frameworks", server.base)).unwrap();
    assert_eq!(status, 200);
}

#[test]
fn import_case_reports_repairs_and_rejections() {
    let dir = tempfile::tempdir().unwrap();
    let good = concat!(env!("CARGO_MANIFEST_DIR"), "/demo/digcompedu.case.json");
    let output = Command::new(EVIDENT)
        .args(["import-case", good, "--data-dir"])
        .arg(dir.path())
        .env_remove("EVIDENT_DATABASE_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("imported"), "{stdout}");
    assert!(stdout.contains("167 items"), "{stdout}");

    let truncated = dir.path().join("truncated.json");
    let bytes = std::fs::read(good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let output = Command::new(EVIDENT)
        .args(["import-case"])
        .arg(&truncated)
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("EVIDENT_DATABASE_URL")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("truncated.json"), "{stderr}");
    assert!(stderr.contains("nothing was imported"), "{stderr}");
    assert!(stderr.contains("line"), "{stderr}");
}

#[test]
fn admin_create_user_bootstraps_empty_install() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], password: Option<&str>| {
        let mut command = Command::new(EVIDENT);
        command
            .args(["admin", "create-user"])
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .env_remove("EVIDENT_DATABASE_URL")
            .env_remove("EVIDENT_NEW_USER_PASSWORD");
        if let Some(password) = password {
            command.env("EVIDENT_NEW_USER_PASSWORD", password);
        }
        command.output().unwrap()
    };
    let missing_org = run(
        &["--email", "a@example.org", "--name", "A"],
        Some("long enough password"),
    );
    assert!(!missing_org.status.success());
    assert!(String::from_utf8_lossy(&missing_org.stderr).contains("--new-state"));

    let bad_email = run(
        &["--email", "nope", "--name", "A", "--new-state", "Ohio"],
        Some("long enough password"),
    );
    assert!(!bad_email.status.success());
    assert!(String::from_utf8_lossy(&bad_email.stderr).contains("`nope` is not an e-mail address"));

    let missing_password = run(
        &[
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--new-state",
            "Ohio",
        ],
        None,
    );
    assert!(!missing_password.status.success());
    assert!(
        String::from_utf8_lossy(&missing_password.stderr).contains("EVIDENT_NEW_USER_PASSWORD")
    );

    let created = run(
        &[
            "--email",
            "Ada@Example.org",
            "--name",
            "Ada",
            "--new-state",
            "Ohio",
        ],
        Some("long enough password"),
    );
    let stdout = String::from_utf8_lossy(&created.stdout);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(stdout.contains("ada@example.org"), "{stdout}");
    assert!(stdout.contains("platform_admin"), "{stdout}");

    let duplicate = run(
        &[
            "--email",
            "ada@example.org",
            "--name",
            "Ada",
            "--new-state",
            "Texas",
        ],
        Some("long enough password"),
    );
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
}

/// Returns the URL of the demo's earned credential, read from the banner.
fn printed_credential_url(lines: &[String]) -> String {
    lines
        .iter()
        .find_map(|line| {
            line.trim()
                .strip_prefix("earned credential of ")
                .and_then(|rest| rest.split_once(": "))
                .map(|(_, url)| url.to_owned())
        })
        .unwrap_or_else(|| panic!("no earned credential printed:\n{}", lines.join("\n")))
}

#[test]
fn demo_issues_credentials_and_key_rotation_keeps_them_valid() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let (server, lines) = start_on("demo", dir.path(), port);
    let url = printed_credential_url(&lines);
    assert!(url.starts_with(&server.base), "{url}");
    let (status, page) = http_get(&url).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("Verification: Verified"), "{page}");

    // The key is created on first start, readable by its owner only, and never served.
    let keys = dir.path().join("keys");
    let key_file = keys.join("issuer-keys.json");
    let mode =
        |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&keys), 0o700);
    assert_eq!(mode(&key_file), 0o600);
    let (status, did) = http_get(&format!("{}/.well-known/did.json", server.base)).unwrap();
    assert_eq!(status, 200);
    let did: serde_json::Value = serde_json::from_str(&did).unwrap();
    assert_eq!(did["verificationMethod"].as_array().unwrap().len(), 1);
    let secret = std::fs::read_to_string(&key_file).unwrap();
    let secret: serde_json::Value = serde_json::from_str(&secret).unwrap();
    let secret = secret["keys"][0]["secretKeyMultibase"].as_str().unwrap();
    assert!(!did.to_string().contains(secret));
    assert!(
        !lines.join("\n").contains(secret),
        "the key is never printed"
    );
    drop(server);

    let rotated = Command::new(EVIDENT)
        .args(["admin", "rotate-issuer-key", "--data-dir"])
        .arg(dir.path())
        .env_remove("EVIDENT_ISSUER_KEY")
        .output()
        .unwrap();
    assert!(rotated.status.success(), "{rotated:?}");
    let said = String::from_utf8_lossy(&rotated.stdout);
    assert!(said.contains("New signing key key-2"), "{said}");
    assert!(said.contains("key-1"), "{said}");
    assert_eq!(mode(&key_file), 0o600);

    // After a restart both keys are published and the old credential still verifies.
    let (server, lines) = start_on("demo", dir.path(), port);
    let (_, did) = http_get(&format!("{}/.well-known/did.json", server.base)).unwrap();
    let did: serde_json::Value = serde_json::from_str(&did).unwrap();
    assert_eq!(did["assertionMethod"].as_array().unwrap().len(), 2, "{did}");
    assert_eq!(printed_credential_url(&lines), url);
    let (status, page) = http_get(&url).unwrap();
    assert_eq!(status, 200);
    assert!(page.contains("Verification: Verified"), "{page}");
}

#[test]
fn missing_issuer_key_file_names_the_option() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-keys.json");
    let output = Command::new(EVIDENT)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .arg("--issuer-key-file")
        .arg(&missing)
        .env_remove("EVIDENT_DATABASE_URL")
        .env_remove("EVIDENT_ISSUER_KEY")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no-such-keys.json"), "{said}");
    assert!(said.contains("--issuer-key-file"), "{said}");
}

#[test]
fn unusable_addresses_get_a_reason_and_an_example() {
    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let busy = busy.local_addr().unwrap().to_string();
    for (addr, expected) in [
        (
            "nonsense",
            "give --addr as HOST:PORT, such as 127.0.0.1:8080",
        ),
        (busy.as_str(), "the port is in use"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let output = Command::new(EVIDENT)
            .args(["serve", "--addr", addr, "--data-dir"])
            .arg(dir.path())
            .env_remove("EVIDENT_DATABASE_URL")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{addr}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(
            said.contains(&format!("could not listen on `{addr}`")),
            "{said}"
        );
        assert!(said.contains(expected), "{addr}: {said}");
    }
}

#[test]
fn serve_help_names_every_option() {
    let output = Command::new(EVIDENT)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for option in [
        "--data-dir",
        "--addr",
        "--database-url",
        "--public-url",
        "--issuer-key-file",
        "--max-upload-mb",
        "EVIDENT_DATABASE_URL",
        "EVIDENT_ISSUER_KEY_FILE",
    ] {
        assert!(help.contains(option), "{option} in:\n{help}");
    }
}
