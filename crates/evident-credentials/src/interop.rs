//! Cross-checks against independent JavaScript implementations, for tests.
//!
//! The scripts in the repository's `interop/ob3` folder run
//! `@digitalbazaar/vc` (`verify.mjs`), `@digitalcredentials/verifier-core`
//! (`verify-dcc.mjs`) and a Digital Bazaar signer (`sign.mjs`) fully offline,
//! with versions pinned in its `package-lock.json` (install with
//! `interop/ob3/setup.sh`). Every script exits 0 for valid, 1 for invalid and
//! 2 for revoked or expired. Tests of the web server can reuse
//! [`NodeInterop`] on credentials the running server issued.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Result of running one Node script.
#[derive(Debug, Clone)]
pub struct NodeRun {
    /// Exit code (-1 when killed by a signal).
    pub exit_code: i32,
    /// Standard output (the verifiers print a JSON summary).
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// The offline Node scripts of `interop/ob3`.
#[derive(Debug)]
pub struct NodeInterop {
    dir: PathBuf,
    work: PathBuf,
}

/// Path of `interop/ob3` in this repository.
#[must_use]
pub fn default_interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../interop/ob3")
}

impl NodeInterop {
    /// Finds the scripts in `dir`. Returns `Ok(None)` when `node` or the
    /// installed `node_modules` is missing and the `CI` environment variable
    /// is not set, so local test runs can skip.
    ///
    /// # Errors
    /// A message naming the missing piece and the setup command when `CI`
    /// is set: in CI the interop tests must run, never skip.
    pub fn locate(dir: &Path) -> Result<Option<Self>, String> {
        Self::locate_with(dir, std::env::var_os("CI").is_some())
    }

    /// As [`NodeInterop::locate`], with the CI decision passed in.
    ///
    /// # Errors
    /// A message naming the missing piece when `in_ci` is true.
    pub fn locate_with(dir: &Path, in_ci: bool) -> Result<Option<Self>, String> {
        let node_ok = Command::new("node")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        let modules = dir.join("node_modules/@digitalcredentials/verifier-core");
        let missing = if !node_ok {
            Some("node is not installed".to_owned())
        } else if !modules.exists() {
            Some(format!(
                "{} is missing; run interop/ob3/setup.sh",
                modules.display()
            ))
        } else {
            None
        };
        match missing {
            Some(reason) if in_ci => Err(format!("interop tests cannot run in CI: {reason}")),
            Some(reason) => {
                eprintln!("skipping Node interop checks: {reason}");
                Ok(None)
            }
            None => {
                let work =
                    std::env::temp_dir().join(format!("evident-ob3-{}", uuid::Uuid::new_v4()));
                std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
                Ok(Some(Self {
                    dir: dir.to_owned(),
                    work,
                }))
            }
        }
    }

    /// Scratch directory for this instance's files.
    #[must_use]
    pub fn work_dir(&self) -> &Path {
        &self.work
    }

    /// Writes `value` as JSON to `name` in the scratch directory.
    ///
    /// # Panics
    /// If the file cannot be written.
    #[must_use]
    pub fn write_json(&self, name: &str, value: &Value) -> PathBuf {
        let path = self.work.join(name);
        std::fs::write(
            &path,
            serde_json::to_string_pretty(value).expect("JSON value"),
        )
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }

    /// Runs `script` with `args` under `node` in the scripts folder.
    ///
    /// # Panics
    /// If `node` cannot be started.
    #[must_use]
    pub fn run(&self, script: &str, args: &[String]) -> NodeRun {
        let output = Command::new("node")
            .arg(self.dir.join(script))
            .args(args)
            .current_dir(&self.dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot start node for {script}: {e}"));
        NodeRun {
            exit_code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Verifies with `@digitalbazaar/vc`. `documents` are (key, document)
    /// pairs served offline: a did:web DID maps to its DID document, a
    /// status list URL to its credential.
    #[must_use]
    pub fn verify_digitalbazaar(
        &self,
        credential: &Value,
        documents: &[(String, Value)],
    ) -> NodeRun {
        self.verify_with("verify.mjs", credential, documents, false)
    }

    /// Verifies with `@digitalcredentials/verifier-core`. For did:web DIDs in
    /// `documents` the DID document is served at its HTTPS URL, as that
    /// library fetches it.
    #[must_use]
    pub fn verify_dcc(&self, credential: &Value, documents: &[(String, Value)]) -> NodeRun {
        self.verify_with("verify-dcc.mjs", credential, documents, true)
    }

    fn verify_with(
        &self,
        script: &str,
        credential: &Value,
        documents: &[(String, Value)],
        did_web_as_url: bool,
    ) -> NodeRun {
        let tag = uuid::Uuid::new_v4();
        let credential_path = self.write_json(&format!("credential-{tag}.json"), credential);
        let mut args = vec![credential_path.display().to_string()];
        for (i, (key, document)) in documents.iter().enumerate() {
            let path = self.write_json(&format!("doc-{tag}-{i}.json"), document);
            let key = match crate::did::did_web_document_url(key) {
                Ok(url) if did_web_as_url => url,
                _ => key.clone(),
            };
            args.push("--doc".into());
            args.push(format!("{key}={}", path.display()));
        }
        self.run(script, &args)
    }

    /// Signs `unsigned` with a fresh Digital Bazaar did:key (created in the
    /// scratch directory as `key_name`, reused when it exists) and sets the
    /// issuer to that DID. Returns the signed credential.
    ///
    /// # Panics
    /// If the script fails.
    #[must_use]
    pub fn sign_with_did_key(&self, unsigned: &Value, key_name: &str) -> Value {
        let tag = uuid::Uuid::new_v4();
        let input = self.write_json(&format!("unsigned-{tag}.json"), unsigned);
        let output = self.work.join(format!("signed-{tag}.json"));
        let key = self.work.join(key_name);
        let run = self.run(
            "sign.mjs",
            &[
                input.display().to_string(),
                output.display().to_string(),
                "--key".into(),
                key.display().to_string(),
                "--set-issuer".into(),
            ],
        );
        assert_eq!(run.exit_code, 0, "sign.mjs failed: {}", run.stderr);
        let text = std::fs::read_to_string(&output).expect("signed output");
        serde_json::from_str(&text).expect("signed output is JSON")
    }

    /// Signs `unsigned` with the legacy `Ed25519Signature2020` suite as a
    /// fresh did:key (`sign-2020.mjs`), adding the suite context and setting
    /// the issuer to that DID. Returns the signed credential.
    ///
    /// # Panics
    /// If the script fails.
    #[must_use]
    pub fn sign_ed25519_signature_2020(&self, unsigned: &Value) -> Value {
        let tag = uuid::Uuid::new_v4();
        let input = self.write_json(&format!("unsigned-{tag}.json"), unsigned);
        let output = self.work.join(format!("signed-{tag}.json"));
        let run = self.run(
            "sign-2020.mjs",
            &[input.display().to_string(), output.display().to_string()],
        );
        assert_eq!(run.exit_code, 0, "sign-2020.mjs failed: {}", run.stderr);
        let text = std::fs::read_to_string(&output).expect("signed output");
        serde_json::from_str(&text).expect("signed output is JSON")
    }

    /// Returns the canonical N-Quads jsonld.js computes for `document`.
    ///
    /// # Panics
    /// If the script fails.
    #[must_use]
    pub fn canonical_nquads(&self, document: &Value) -> String {
        let path = self.write_json(&format!("canon-{}.json", uuid::Uuid::new_v4()), document);
        let run = self.run("canon.mjs", &[path.display().to_string()]);
        assert_eq!(run.exit_code, 0, "canon.mjs failed: {}", run.stderr);
        run.stdout
    }
}

impl Drop for NodeInterop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}
