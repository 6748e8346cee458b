//! `evident verify` end to end: JSON, baked PNG and SVG input, offline
//! documents, `--online` fetching from a local HTTP server, exit codes and
//! JSON output, and credentials signed by the Digital Bazaar libraries.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use evident_credentials::award::{
    AchievementInfo, Award, IssuerProfile, Recipient, StatusAssignment,
};
use evident_credentials::baking::{bake_png, bake_svg};
use evident_credentials::interop::{NodeInterop, default_interop_dir};
use evident_credentials::issuer::Issuer;
use evident_credentials::keys::{IssuerKey, IssuerKeyStore};
use evident_credentials::time::OffsetDateTime;
use serde_json::{Value, json};

const ISSUER_DID: &str = "did:web:credentials.example.org";
const STATUS_URL: &str = "https://credentials.example.org/status/7";

struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("evident-verify-cli-{}", uuid_like()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn write_json(&self, name: &str, value: &Value) -> PathBuf {
        self.write(
            name,
            serde_json::to_string_pretty(value).unwrap().as_bytes(),
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn uuid_like() -> String {
    format!(
        "{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

fn issuer() -> Issuer {
    let keys = IssuerKeyStore::from_keys(vec![IssuerKey::from_seed("key-1", &[11; 32])]).unwrap();
    Issuer::new(
        "https://credentials.example.org",
        keys,
        IssuerProfile {
            id: String::new(),
            name: "Example Credentialing Service".into(),
            url: None,
            image_url: None,
            description: None,
        },
    )
    .unwrap()
}

fn award(status_url: &str) -> Award {
    Award {
        credential_id: "urn:uuid:7d0e6f52-3a43-4c39-9d0b-5b8e4e0c2a10".into(),
        achievement: AchievementInfo {
            id: "https://credentials.example.org/achievements/questioning/v2".into(),
            name: "Questioning for Understanding".into(),
            description: "Uses questions that make student thinking visible.".into(),
            criteria_narrative: "Scored Proficient or higher on every criterion.".into(),
            criteria_url: None,
            image_url: None,
            credits_available: Some(1.5),
            human_code: None,
        },
        alignment: None,
        rubric: vec![],
        results: vec![],
        evidence: vec![],
        recipient: Recipient {
            email: Some("educator@example.org".into()),
            salt: Some("0b9c2f".into()),
            did: None,
        },
        issued_at: OffsetDateTime::now_utc() - evident_credentials::time::Duration::hours(1),
        valid_until: None,
        status: Some(StatusAssignment {
            list_url: status_url.into(),
            index: 1234,
        }),
    }
}

fn evident(args: &[&Path], extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_evident"))
        .arg("verify")
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

fn code(output: &Output) -> i32 {
    output.status.code().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Writes the DID document and a status list; returns the `--doc` arguments.
fn documents(scratch: &Scratch, issuer: &Issuer, revoked: &[usize]) -> Vec<String> {
    let did = scratch.write_json("did.json", &issuer.did_document());
    let list = scratch.write_json(
        "status.json",
        &issuer
            .status_list(STATUS_URL, revoked.iter().copied())
            .unwrap(),
    );
    vec![
        "--doc".into(),
        format!("{ISSUER_DID}={}", did.display()),
        "--doc".into(),
        format!("{STATUS_URL}={}", list.display()),
    ]
}

fn run_with_docs(file: &Path, docs: &[String], extra: &[&str]) -> Output {
    let mut args: Vec<&str> = docs.iter().map(String::as_str).collect();
    args.extend_from_slice(extra);
    evident(&[file], &args)
}

#[test]
fn did_document_given_under_its_http_address_is_used() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let did = scratch.write_json("did.json", &issuer.did_document());
    let list = scratch.write_json("status.json", &issuer.status_list(STATUS_URL, []).unwrap());
    let docs = [
        "--doc".to_owned(),
        format!(
            "http://credentials.example.org/.well-known/did.json={}",
            did.display()
        ),
        "--doc".to_owned(),
        format!("{STATUS_URL}={}", list.display()),
    ];
    let output = run_with_docs(&file, &docs, &[]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
}

#[test]
fn closed_output_pipe_is_not_an_error() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let mut args: Vec<String> = vec!["verify".into(), file.display().to_string()];
    args.extend(documents(&scratch, &issuer, &[]));
    args.extend(["--format".into(), "json".into()]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_evident"))
        .args(&args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Close the pipe before the command writes (verifying takes far longer than this),
    // as a reader such as `head` does when it has read enough.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}

#[test]
fn malformed_json_is_reported_once() {
    let scratch = Scratch::new();
    let file = scratch.write("broken.json", b"{\n");
    let output = evident(&[&file], &[]);
    assert_eq!(code(&output), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.matches("EOF while parsing").count(), 1, "{stderr}");
}

#[test]
fn valid_json_credential_exits_zero() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let output = run_with_docs(&file, &documents(&scratch, &issuer, &[]), &[]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let text = stdout(&output);
    assert!(text.contains("outcome: valid"), "{text}");
    assert!(text.contains("passed    proof"), "{text}");
}

#[test]
fn json_format_reports_each_step() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let output = run_with_docs(
        &file,
        &documents(&scratch, &issuer, &[]),
        &["--format", "json"],
    );
    assert_eq!(code(&output), 0);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["outcome"], "valid");
    assert_eq!(report["source"], "json");
    assert_eq!(report["issuer"], ISSUER_DID);
    let checks: Vec<&str> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        checks,
        [
            "contexts-and-types",
            "schema",
            "proof",
            "key",
            "dates",
            "status"
        ]
    );
}

#[test]
fn baked_png_and_svg_are_read() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let text = serde_json::to_string(&credential).unwrap();
    let images = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../evident-credentials/tests/data/"
    );
    let png = std::fs::read(format!("{images}badge.png")).unwrap();
    let svg = std::fs::read_to_string(format!("{images}badge.svg")).unwrap();
    let png_file = scratch.write("badge.png", &bake_png(&png, &text).unwrap());
    let svg_file = scratch.write("badge.svg", bake_svg(&svg, &text).unwrap().as_bytes());
    let docs = documents(&scratch, &issuer, &[]);
    for (file, source) in [(png_file, "baked-png"), (svg_file, "baked-svg")] {
        let output = run_with_docs(&file, &docs, &["--format", "json"]);
        assert_eq!(code(&output), 0, "{source}: {}", stdout(&output));
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(report["source"], source);
    }
}

#[test]
fn revoked_credential_exits_two() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let credential = issuer.issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let output = run_with_docs(&file, &documents(&scratch, &issuer, &[1234]), &[]);
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    assert!(stdout(&output).contains("REVOKED"));
}

#[test]
fn tampered_credential_exits_one() {
    let scratch = Scratch::new();
    let issuer = issuer();
    let mut credential = issuer.issue(&award(STATUS_URL)).unwrap();
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = json!(15);
    let file = scratch.write_json("credential.json", &credential);
    let output = run_with_docs(&file, &documents(&scratch, &issuer, &[]), &[]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    assert!(stdout(&output).contains("outcome: invalid"));
}

#[test]
fn missing_documents_fail_offline() {
    let scratch = Scratch::new();
    let credential = issuer().issue(&award(STATUS_URL)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let output = evident(&[&file], &[]);
    assert_eq!(code(&output), 1);
    assert!(
        stdout(&output).contains("not supplied"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn file_without_credential_is_an_error() {
    let scratch = Scratch::new();
    let file = scratch.write("notes.txt", b"not a credential");
    let output = evident(&[&file], &[]);
    assert_eq!(code(&output), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no credential found"), "{stderr}");
}

#[test]
fn online_mode_fetches_status_list() {
    let scratch = Scratch::new();
    let issuer = issuer();
    // The list URL is only known once the server has a port; the server
    // answers every request with the same list.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let status_url = format!("http://127.0.0.1:{port}/status/7");
    let list = issuer.status_list(&status_url, []).unwrap();
    let base = serve_on(port, serde_json::to_string(&list).unwrap());
    assert!(base.ends_with(&port.to_string()));
    let credential = issuer.issue(&award(&status_url)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let did = scratch.write_json("did.json", &issuer.did_document());
    let doc = format!("{ISSUER_DID}={}", did.display());
    let output = evident(&[&file], &["--doc", &doc, "--online", "--timeout", "5"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));

    let offline = evident(&[&file], &["--doc", &doc]);
    assert_eq!(
        code(&offline),
        1,
        "without --online the list is not fetched"
    );
}

fn serve_on(port: u16, body: String) -> String {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 2 {
                line.clear();
            }
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{address}")
}

#[test]
fn online_mode_times_out_on_silent_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept but never answer.
    std::thread::spawn(move || {
        let _held: Vec<_> = listener.incoming().take(2).collect();
        std::thread::sleep(std::time::Duration::from_secs(10));
    });
    let scratch = Scratch::new();
    let issuer = issuer();
    let status_url = format!("http://127.0.0.1:{port}/status/7");
    let credential = issuer.issue(&award(&status_url)).unwrap();
    let file = scratch.write_json("credential.json", &credential);
    let did = scratch.write_json("did.json", &issuer.did_document());
    let doc = format!("{ISSUER_DID}={}", did.display());
    let started = std::time::Instant::now();
    let output = evident(&[&file], &["--doc", &doc, "--online", "--timeout", "1"]);
    assert_eq!(code(&output), 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(8));
    assert!(
        stdout(&output).contains("could not be retrieved"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn credential_signed_by_node_library_verifies() {
    let Some(node) = NodeInterop::locate(&default_interop_dir()).unwrap() else {
        return;
    };
    let unsigned: Value = serde_json::from_str(include_str!(
        "../../evident-credentials/tests/data/educator-microcredential.unsigned.json"
    ))
    .unwrap();
    let credential = node.sign_with_did_key(&unsigned, "node.secret.json");
    let did = credential["issuer"]["id"].as_str().unwrap().to_owned();
    let status_url = "https://credentials.example.org/status/1";
    let list = evident_credentials::status_list::status_list_credential(
        status_url,
        &did,
        evident_credentials::status_list::StatusPurpose::Revocation,
        evident_credentials::status_list::MIN_LIST_LENGTH,
        [],
        OffsetDateTime::now_utc() - evident_credentials::time::Duration::minutes(1),
    )
    .unwrap();
    let signed_list = node.sign_with_did_key(&list, "node.secret.json");

    let scratch = Scratch::new();
    let file = scratch.write_json("node-credential.json", &credential);
    let list_file = scratch.write_json("node-status.json", &signed_list);
    let doc = format!("{status_url}={}", list_file.display());
    let output = evident(&[&file], &["--doc", &doc]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));

    let mut tampered = credential.clone();
    tampered["credentialSubject"]["identifier"][0]["hashed"] = json!(false);
    let tampered_file = scratch.write_json("node-tampered.json", &tampered);
    let output = evident(&[&tampered_file], &["--doc", &doc]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
}
