//! Credential verification with a report of each step.
//!
//! Steps, in order: contexts and types, JSON Schema, proof, key (controller
//! and `assertionMethod`), validity dates, status. Any failed step makes the
//! outcome [`Outcome::Invalid`]; otherwise a revoked, suspended or expired
//! credential is [`Outcome::RevokedOrExpired`]; otherwise it is
//! [`Outcome::Valid`]. A status list that cannot be retrieved or verified
//! fails the status step (fail closed).

use ed25519_dalek::VerifyingKey;
use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::canonical::as_slice;
use crate::contexts::{CREDENTIALS_V1, CREDENTIALS_V2, OB_V3P0_3_0_3, bundled_context};
use crate::did::{did_key_document, did_web_document_url};
use crate::multikey::decode_public_key;
use crate::proof::{CRYPTOSUITE, LEGACY_CRYPTOSUITE, verify_signature};
use crate::resolver::Resolver;
use crate::schema;
use crate::status_list::{Bitstring, MIN_LIST_LENGTH};

/// Tolerated clock difference when comparing validity dates, in seconds
/// (the value `@digitalbazaar/vc` 7 uses).
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// Final result of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Every step passed.
    Valid,
    /// A step failed: bad signature, wrong shape, unknown key, unavailable status…
    Invalid,
    /// Authentic, but revoked, suspended or past `validUntil`.
    RevokedOrExpired,
}

impl Outcome {
    /// Process exit code: 0 valid, 1 invalid, 2 revoked or expired.
    #[must_use]
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Valid => 0,
            Self::Invalid => 1,
            Self::RevokedOrExpired => 2,
        }
    }
}

/// Kind of verification step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// `@context`, `type` and `id`.
    ContextsAndTypes,
    /// The OB 3.0 JSON Schema.
    Schema,
    /// The Data Integrity proof.
    Proof,
    /// The key's controller is the issuer and the key is an `assertionMethod`.
    Key,
    /// `validFrom` / `validUntil` (or the VC 1.1 dates).
    Dates,
    /// `credentialStatus`.
    Status,
}

/// Result of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// Passed.
    Passed,
    /// Passed with a remark.
    Warning,
    /// Not applicable or not possible after an earlier failure.
    Skipped,
    /// Failed: the credential is invalid.
    Failed,
    /// The issuer revoked the credential.
    Revoked,
    /// The issuer suspended the credential.
    Suspended,
    /// `validUntil` has passed.
    Expired,
}

/// One verification step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// Kind of step.
    pub check: Check,
    /// Result.
    pub status: StepStatus,
    /// Explanation for people.
    pub message: String,
}

/// The result of verifying one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerificationReport {
    /// Final result.
    pub outcome: Outcome,
    /// Credential `id`, when present.
    pub credential_id: Option<String>,
    /// Issuer id, when present.
    pub issuer: Option<String>,
    /// Steps in the order run.
    pub steps: Vec<Step>,
}

impl VerificationReport {
    /// The step for `check`, if it ran.
    #[must_use]
    pub fn step(&self, check: Check) -> Option<&Step> {
        self.steps.iter().find(|step| step.check == check)
    }
}

/// Verifies `credential` at the current time.
pub fn verify_credential(credential: &Value, resolver: &dyn Resolver) -> VerificationReport {
    verify_credential_at(credential, resolver, OffsetDateTime::now_utc())
}

/// Verifies `credential` as of `now`.
pub fn verify_credential_at(
    credential: &Value,
    resolver: &dyn Resolver,
    now: OffsetDateTime,
) -> VerificationReport {
    let issuer = issuer_id(credential);
    let mut steps = vec![
        check_contexts_and_types(credential),
        check_schema(credential),
    ];

    let (proof_step, key_step) = check_proof_and_key(credential, resolver);
    let proof_passed = proof_step.status == StepStatus::Passed;
    steps.push(proof_step);
    steps.push(key_step);
    steps.push(check_dates(credential, now));
    if proof_passed {
        steps.push(check_status(credential, resolver, now));
    } else {
        steps.push(step(
            Check::Status,
            StepStatus::Skipped,
            "not checked: the proof did not verify",
        ));
    }

    let outcome = if steps.iter().any(|s| s.status == StepStatus::Failed) {
        Outcome::Invalid
    } else if steps.iter().any(|s| {
        matches!(
            s.status,
            StepStatus::Revoked | StepStatus::Suspended | StepStatus::Expired
        )
    }) {
        Outcome::RevokedOrExpired
    } else {
        Outcome::Valid
    };
    VerificationReport {
        outcome,
        credential_id: credential
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_owned),
        issuer,
        steps,
    }
}

fn step(check: Check, status: StepStatus, message: impl Into<String>) -> Step {
    Step {
        check,
        status,
        message: message.into(),
    }
}

fn issuer_id(credential: &Value) -> Option<String> {
    match credential.get("issuer")? {
        Value::String(id) => Some(id.clone()),
        Value::Object(profile) => profile.get("id")?.as_str().map(str::to_owned),
        _ => None,
    }
}

fn types(value: &Value) -> Vec<&str> {
    value
        .get("type")
        .map(as_slice)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

fn is_open_badge(credential: &Value) -> bool {
    types(credential)
        .iter()
        .any(|t| matches!(*t, "OpenBadgeCredential" | "AchievementCredential"))
}

fn check_contexts_and_types(credential: &Value) -> Step {
    let fail = |message: String| step(Check::ContextsAndTypes, StepStatus::Failed, message);
    if !credential.is_object() {
        return fail("the credential is not a JSON object".into());
    }
    let Some(context) = credential.get("@context") else {
        return fail("@context is missing".into());
    };
    let contexts = as_slice(context);
    let first = contexts.first().and_then(Value::as_str).unwrap_or_default();
    if first != CREDENTIALS_V2 && first != CREDENTIALS_V1 {
        return fail(format!(
            "@context[0] is {first:?}; it must be {CREDENTIALS_V2} (or {CREDENTIALS_V1} for VC 1.1)"
        ));
    }
    for entry in contexts {
        if let Value::String(url) = entry
            && bundled_context(url).is_err()
        {
            return fail(format!(
                "@context {url} is not bundled, and contexts are never fetched"
            ));
        }
    }
    let credential_types = types(credential);
    if !credential_types.contains(&"VerifiableCredential") {
        return fail("type does not contain VerifiableCredential".into());
    }
    let Some(id) = credential.get("id") else {
        return fail("id is missing".into());
    };
    if !id.as_str().is_some_and(is_absolute_uri) {
        return fail(format!(
            "id {id} is not an absolute URI (for example urn:uuid:…)"
        ));
    }
    let mut warnings = Vec::new();
    if is_open_badge(credential) {
        let second = contexts.get(1).and_then(Value::as_str).unwrap_or_default();
        let ob_prefix = "https://purl.imsglobal.org/spec/ob/v3p0/context";
        if !second.starts_with(ob_prefix) {
            return fail(format!(
                "@context[1] is {second:?}; an Open Badge needs the OB 3.0 context ({OB_V3P0_3_0_3}) there"
            ));
        }
        if second != OB_V3P0_3_0_3 {
            warnings.push(format!(
                "@context[1] is {second}, an older OB 3.0 context than {OB_V3P0_3_0_3}"
            ));
        }
    } else if !credential_types.contains(&"BitstringStatusListCredential") {
        warnings.push(format!(
            "type {credential_types:?} is neither OpenBadgeCredential nor AchievementCredential"
        ));
    }
    if warnings.is_empty() {
        step(
            Check::ContextsAndTypes,
            StepStatus::Passed,
            format!("contexts bundled and in order; type {credential_types:?}"),
        )
    } else {
        step(
            Check::ContextsAndTypes,
            StepStatus::Warning,
            warnings.join("; "),
        )
    }
}

fn check_schema(credential: &Value) -> Step {
    if !is_open_badge(credential) {
        return step(
            Check::Schema,
            StepStatus::Skipped,
            "no bundled schema for this credential type",
        );
    }
    let mut urls: Vec<String> = credential
        .get("credentialSchema")
        .map(as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|entry| entry["type"] == "1EdTechJsonSchemaValidator2019")
        .filter_map(|entry| entry["id"].as_str().map(str::to_owned))
        .collect();
    let mut remarks = Vec::new();
    urls.retain(|url| {
        let bundled = schema::is_bundled(url);
        if !bundled {
            remarks.push(format!("schema {url} is not bundled and was not checked"));
        }
        bundled
    });
    if urls.is_empty() {
        urls.push(schema::ACHIEVEMENT_CREDENTIAL_SCHEMA_URL.to_owned());
    }
    for url in &urls {
        let errors = match schema::validate(credential, url) {
            Ok(errors) => errors,
            Err(e) => return step(Check::Schema, StepStatus::Failed, e.to_string()),
        };
        if errors.is_empty() {
            continue;
        }
        // Tolerate JSON-LD compacted single values where arrays are expected,
        // as the 1EdTech validator does, and report it as a warning.
        let expanded = schema::expand_compacted_arrays(credential);
        match schema::validate(&expanded, url) {
            Ok(tolerant) if tolerant.is_empty() => remarks.push(format!(
                "valid against {url} only when single values are read as arrays (JSON-LD compaction): {}",
                errors.join(" ")
            )),
            _ => {
                return step(
                    Check::Schema,
                    StepStatus::Failed,
                    format!("invalid against {url}: {}", errors.join(" ")),
                );
            }
        }
    }
    if remarks.is_empty() {
        step(
            Check::Schema,
            StepStatus::Passed,
            format!("valid against {}", urls.join(", ")),
        )
    } else {
        step(Check::Schema, StepStatus::Warning, remarks.join("; "))
    }
}

/// A verification method found in its controller document.
struct ResolvedMethod {
    controller: String,
    public_key: VerifyingKey,
    in_assertion_method: bool,
}

fn check_proof_and_key(credential: &Value, resolver: &dyn Resolver) -> (Step, Step) {
    let skipped_key = |why: &str| {
        step(
            Check::Key,
            StepStatus::Skipped,
            format!("not checked: {why}"),
        )
    };
    let proofs = match credential.get("proof") {
        Some(proof) => as_slice(proof),
        None => {
            return (
                step(
                    Check::Proof,
                    StepStatus::Failed,
                    "the credential has no proof",
                ),
                skipped_key("no proof"),
            );
        }
    };
    let issuer = issuer_id(credential);
    let mut failures = Vec::new();
    for proof in proofs {
        match verify_one_proof(credential, proof, resolver) {
            Ok((description, method)) => {
                let key_step = key_step(proof, &method, issuer.as_deref());
                return (
                    step(Check::Proof, StepStatus::Passed, description),
                    key_step,
                );
            }
            Err(message) => failures.push(message),
        }
    }
    (
        step(Check::Proof, StepStatus::Failed, failures.join("; ")),
        skipped_key("no proof verified"),
    )
}

fn key_step(proof: &Value, method: &ResolvedMethod, issuer: Option<&str>) -> Step {
    let method_id = proof["verificationMethod"].as_str().unwrap_or_default();
    let Some(issuer) = issuer else {
        return step(
            Check::Key,
            StepStatus::Failed,
            "the credential has no issuer id",
        );
    };
    if method.controller != issuer {
        return step(
            Check::Key,
            StepStatus::Failed,
            format!(
                "key {method_id} is controlled by {}, not by the issuer {issuer}",
                method.controller
            ),
        );
    }
    if !method.in_assertion_method {
        return step(
            Check::Key,
            StepStatus::Failed,
            format!("key {method_id} is not listed under assertionMethod by {issuer}"),
        );
    }
    step(
        Check::Key,
        StepStatus::Passed,
        format!("key {method_id} is an assertionMethod of the issuer {issuer}"),
    )
}

/// Verifies one proof; returns a description and the resolved key, or why it failed.
fn verify_one_proof(
    document: &Value,
    proof: &Value,
    resolver: &dyn Resolver,
) -> Result<(String, ResolvedMethod), String> {
    let proof_type = proof["type"].as_str().unwrap_or_default();
    let cryptosuite = proof["cryptosuite"].as_str().unwrap_or_default();
    // Ed25519Signature2020 hashes and signs exactly as eddsa-rdfc-2022
    // (RDFC-1.0 of the proof options under the document's @context, then of
    // the document; proof hash first); only the proof's shape differs.
    let suite = match (proof_type, cryptosuite) {
        ("DataIntegrityProof", CRYPTOSUITE | LEGACY_CRYPTOSUITE) => cryptosuite,
        ("Ed25519Signature2020", "") => "Ed25519Signature2020",
        _ => {
            return Err(format!(
                "unsupported proof type {proof_type:?} with cryptosuite {cryptosuite:?}; supported: DataIntegrityProof with {CRYPTOSUITE} (or {LEGACY_CRYPTOSUITE}), and Ed25519Signature2020"
            ));
        }
    };
    if proof["proofPurpose"] != "assertionMethod" {
        return Err(format!(
            "proofPurpose is {}, expected \"assertionMethod\"",
            proof["proofPurpose"]
        ));
    }
    let method_id = proof["verificationMethod"]
        .as_str()
        .ok_or("proof.verificationMethod is missing or not a string")?;
    let method = resolve_method(method_id, resolver)?;
    match verify_signature(document, proof, &method.public_key) {
        Ok(true) => Ok((format!("{suite} signature by {method_id} is valid"), method)),
        Ok(false) => Err(format!(
            "the {suite} signature by {method_id} does not match the credential (altered after signing, or signed with another key)"
        )),
        Err(e) => Err(format!("the proof could not be checked: {e}")),
    }
}

fn resolve_method(method_id: &str, resolver: &dyn Resolver) -> Result<ResolvedMethod, String> {
    let (base, fragment) = method_id.split_once('#').ok_or_else(|| {
        format!(
            "verificationMethod {method_id} has no #fragment; it must name one key, as in did:key:z6Mk…#z6Mk…"
        )
    })?;
    let document = if base.starts_with("did:key:") {
        did_key_document(base).map_err(|e| e.to_string())?
    } else if base.starts_with("did:web:") {
        let url = did_web_document_url(base).map_err(|e| e.to_string())?;
        resolver
            .resolve(&url)
            .map_err(|e| format!("DID document of {base} not available: {e}"))?
    } else if base.starts_with("https://") || base.starts_with("http://") {
        resolver
            .resolve(base)
            .map_err(|e| format!("controller document {base} not available: {e}"))?
    } else {
        return Err(format!(
            "verificationMethod {method_id}: only did:key, did:web and HTTPS controller documents are supported"
        ));
    };
    if document["id"].as_str() != Some(base) {
        return Err(format!(
            "the document retrieved for {base} has id {}, not {base}",
            document["id"]
        ));
    }
    let matches = |candidate: &str| candidate == method_id || candidate == format!("#{fragment}");
    let method = document["verificationMethod"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .find(|m| m["id"].as_str().is_some_and(matches))
        .ok_or_else(|| format!("{base} lists no verification method {method_id}"))?;
    let method_type = method["type"].as_str().unwrap_or_default();
    if !matches!(method_type, "Multikey" | "Ed25519VerificationKey2020") {
        return Err(format!(
            "verification method {method_id} has type {method_type:?}; expected Multikey"
        ));
    }
    let multibase = method["publicKeyMultibase"]
        .as_str()
        .ok_or_else(|| format!("verification method {method_id} has no publicKeyMultibase"))?;
    let public_key = decode_public_key(multibase).map_err(|e| e.to_string())?;
    let in_assertion_method = document["assertionMethod"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .any(|entry| match entry {
            Value::String(id) => matches(id),
            other => other["id"].as_str().is_some_and(matches),
        });
    Ok(ResolvedMethod {
        controller: method["controller"].as_str().unwrap_or_default().to_owned(),
        public_key,
        in_assertion_method,
    })
}

fn parse_date(value: &Value, field: &str) -> Result<Option<OffsetDateTime>, String> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => OffsetDateTime::parse(text, &Rfc3339)
            .map(Some)
            .map_err(|_| {
                format!("{field} {text:?} is not a date-time with time zone (YYYY-MM-DDThh:mm:ssZ)")
            }),
        other => Err(format!("{field} {other} is not a string")),
    }
}

fn check_dates(credential: &Value, now: OffsetDateTime) -> Step {
    let v1 = as_slice(&credential["@context"])
        .first()
        .and_then(Value::as_str)
        == Some(CREDENTIALS_V1);
    let (from_field, until_field) = if v1 {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    };
    let fail = |message: String| step(Check::Dates, StepStatus::Failed, message);
    let from = match parse_date(&credential[from_field], from_field) {
        Ok(from) => from,
        Err(message) => return fail(message),
    };
    let until = match parse_date(&credential[until_field], until_field) {
        Ok(until) => until,
        Err(message) => return fail(message),
    };
    let skew = time::Duration::seconds(CLOCK_SKEW_SECONDS);
    if from.is_none() && (v1 || is_open_badge(credential)) {
        return fail(format!("{from_field} is missing"));
    }
    if let Some(from) = from
        && from > now + skew
    {
        return fail(format!(
            "{from_field} {} is in the future",
            credential[from_field]
        ));
    }
    if let Some(until) = until
        && until < now - skew
    {
        return step(
            Check::Dates,
            StepStatus::Expired,
            format!(
                "expired: {until_field} {} has passed",
                credential[until_field]
            ),
        );
    }
    step(
        Check::Dates,
        StepStatus::Passed,
        "within its validity period",
    )
}

fn check_status(credential: &Value, resolver: &dyn Resolver, now: OffsetDateTime) -> Step {
    let Some(status) = credential.get("credentialStatus") else {
        return step(
            Check::Status,
            StepStatus::Skipped,
            "no credentialStatus: the issuer cannot revoke it",
        );
    };
    let mut results = Vec::new();
    for entry in as_slice(status) {
        let result = match entry["type"].as_str() {
            Some("BitstringStatusListEntry") => {
                check_bitstring_entry(credential, entry, resolver, now)
            }
            Some("1EdTechRevocationList") => check_revocation_list(credential, entry, resolver),
            other => step(
                Check::Status,
                StepStatus::Warning,
                format!("credentialStatus type {other:?} is not supported and was not checked"),
            ),
        };
        results.push(result);
    }
    // The entry with the most severe status decides the step.
    let rank = |s: &Step| match s.status {
        StepStatus::Failed => 5,
        StepStatus::Revoked => 4,
        StepStatus::Suspended => 3,
        StepStatus::Expired => 2,
        StepStatus::Warning => 1,
        _ => 0,
    };
    results.into_iter().max_by_key(rank).unwrap_or_else(|| {
        step(
            Check::Status,
            StepStatus::Skipped,
            "credentialStatus is empty",
        )
    })
}

/// The W3C Bitstring Status List validation algorithm.
fn check_bitstring_entry(
    credential: &Value,
    entry: &Value,
    resolver: &dyn Resolver,
    now: OffsetDateTime,
) -> Step {
    let fail = |message: String| step(Check::Status, StepStatus::Failed, message);
    let index = match &entry["statusListIndex"] {
        Value::String(text) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            match text.parse::<usize>() {
                Ok(index) => index,
                Err(_) => return fail(format!("statusListIndex {text} is too large")),
            }
        }
        other => {
            return fail(format!(
                "statusListIndex {other} must be a base-10 integer written as a string"
            ));
        }
    };
    let purpose = entry["statusPurpose"].as_str().unwrap_or_default();
    let Some(list_url) = entry["statusListCredential"].as_str() else {
        return fail("statusListCredential is missing".into());
    };
    let list = match resolver.resolve(list_url) {
        Ok(list) => list,
        Err(e) => {
            return fail(format!(
                "status list {list_url} could not be retrieved: {e}"
            ));
        }
    };
    if !types(&list).contains(&"BitstringStatusListCredential") {
        return fail(format!("{list_url} is not a BitstringStatusListCredential"));
    }
    let list_report = verify_list_credential(&list, resolver, now);
    if let Some(problem) = list_report {
        return fail(format!("status list {list_url} is not valid: {problem}"));
    }
    if issuer_id(&list) != issuer_id(credential) {
        return fail(format!(
            "status list {list_url} is issued by {:?}, not by the credential's issuer {:?}",
            issuer_id(&list),
            issuer_id(credential)
        ));
    }
    let subject = &list["credentialSubject"];
    let list_purposes: Vec<&str> = as_slice(&subject["statusPurpose"])
        .iter()
        .filter_map(Value::as_str)
        .collect();
    if !list_purposes.contains(&purpose) {
        return fail(format!(
            "statusPurpose {purpose:?} does not match the list's {list_purposes:?}"
        ));
    }
    let Some(encoded) = subject["encodedList"].as_str() else {
        return fail(format!("status list {list_url} has no encodedList"));
    };
    let bits = match Bitstring::decode(encoded) {
        Ok(bits) => bits,
        Err(e) => return fail(e.to_string()),
    };
    let status_size = entry["statusSize"].as_u64().unwrap_or(1).max(1) as usize;
    if bits.len() / status_size < MIN_LIST_LENGTH {
        return fail(format!(
            "status list {list_url} has {} entries, fewer than the minimum {MIN_LIST_LENGTH}",
            bits.len() / status_size
        ));
    }
    let first_bit = index.saturating_mul(status_size);
    if first_bit.saturating_add(status_size) > bits.len() {
        return fail(format!(
            "statusListIndex {index} is outside the list of {} entries",
            bits.len() / status_size
        ));
    }
    let mut value = 0u64;
    for bit in first_bit..first_bit + status_size {
        value = (value << 1) | u64::from(bits.get(bit).unwrap_or(false));
    }
    match (purpose, value) {
        (_, 0) => step(
            Check::Status,
            StepStatus::Passed,
            format!(
                "not {}: bit {index} of {list_url} is clear",
                past_tense(purpose)
            ),
        ),
        ("revocation", _) => step(
            Check::Status,
            StepStatus::Revoked,
            format!("revoked: bit {index} of {list_url} is set"),
        ),
        ("suspension", _) => step(
            Check::Status,
            StepStatus::Suspended,
            format!("suspended: bit {index} of {list_url} is set"),
        ),
        (other, value) => step(
            Check::Status,
            StepStatus::Warning,
            format!("status {other} has value {value}"),
        ),
    }
}

fn past_tense(purpose: &str) -> &str {
    match purpose {
        "revocation" => "revoked",
        "suspension" => "suspended",
        other => other,
    }
}

/// Verifies a status list credential's proof, key and dates; returns the
/// first problem found.
fn verify_list_credential(
    list: &Value,
    resolver: &dyn Resolver,
    now: OffsetDateTime,
) -> Option<String> {
    let (proof, key) = check_proof_and_key(list, resolver);
    if proof.status != StepStatus::Passed {
        return Some(proof.message);
    }
    if key.status != StepStatus::Passed {
        return Some(key.message);
    }
    let dates = check_dates(list, now);
    if dates.status != StepStatus::Passed {
        return Some(dates.message);
    }
    None
}

/// 1EdTech Verifiable Credential Revocation List: revoked when the list
/// names the credential's `id` in `revokedCredential` (with `revoked` absent
/// or true).
fn check_revocation_list(credential: &Value, entry: &Value, resolver: &dyn Resolver) -> Step {
    let Some(list_url) = entry["id"].as_str() else {
        return step(
            Check::Status,
            StepStatus::Failed,
            "1EdTechRevocationList entry has no id",
        );
    };
    let list = match resolver.resolve(list_url) {
        Ok(list) => list,
        Err(e) => {
            return step(
                Check::Status,
                StepStatus::Failed,
                format!("revocation list {list_url} could not be retrieved: {e}"),
            );
        }
    };
    let id = credential["id"].as_str().unwrap_or_default();
    let revoked = list["revokedCredential"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .find(|item| item["id"] == id && item["revoked"] != false);
    match revoked {
        Some(item) => step(
            Check::Status,
            StepStatus::Revoked,
            match item["revocationReason"].as_str() {
                Some(reason) => format!("revoked by {list_url}: {reason}"),
                None => format!("revoked by {list_url}"),
            },
        ),
        None => step(
            Check::Status,
            StepStatus::Passed,
            format!("not listed in revocation list {list_url}"),
        ),
    }
}

fn is_absolute_uri(value: &str) -> bool {
    value.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) && !value.chars().any(char::is_whitespace)
}
