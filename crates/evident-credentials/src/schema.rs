//! Validation against the official JSON Schemas, bundled and compiled once, so
//! nothing is fetched. The Open Badges 3.0 schemas (draft 2019-09) check
//! credentials, and the W3C Verifiable Credentials 2.0 schema (draft 2020-12)
//! checks every credential, status lists included.

use std::sync::OnceLock;

use boon::{Compiler, SchemaIndex, Schemas};
use serde_json::Value;

use crate::error::{CredentialError, Result};
use crate::status_list::{Bitstring, MIN_LIST_LENGTH};

/// Published URL of the AchievementCredential (OpenBadgeCredential) schema.
pub const ACHIEVEMENT_CREDENTIAL_SCHEMA_URL: &str = crate::award::ACHIEVEMENT_CREDENTIAL_SCHEMA;
/// Published URL of the EndorsementCredential schema.
pub const ENDORSEMENT_CREDENTIAL_SCHEMA_URL: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json";
/// Published URL of the Profile schema.
pub const PROFILE_SCHEMA_URL: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json";

/// Published `$id` of the W3C Verifiable Credentials 2.0 JSON Schema.
pub const VERIFIABLE_CREDENTIAL_SCHEMA_URL: &str =
    "https://www.w3.org/2022/credentials/v2/verifiable-credential-schema.json";

const BUNDLED_SCHEMAS: [(&str, &str); 4] = [
    (
        ACHIEVEMENT_CREDENTIAL_SCHEMA_URL,
        include_str!("../data/schemas/ob_v3p0_achievementcredential_schema.json"),
    ),
    (
        ENDORSEMENT_CREDENTIAL_SCHEMA_URL,
        include_str!("../data/schemas/ob_v3p0_endorsementcredential_schema.json"),
    ),
    (
        PROFILE_SCHEMA_URL,
        include_str!("../data/schemas/ob_v3p0_profile_schema.json"),
    ),
    (
        VERIFIABLE_CREDENTIAL_SCHEMA_URL,
        include_str!("../data/schemas/verifiable-credential-schema.json"),
    ),
];

struct Compiled {
    schemas: Schemas,
    indices: Vec<(&'static str, SchemaIndex)>,
}

fn compiled() -> Result<&'static Compiled> {
    static COMPILED: OnceLock<Result<Compiled, String>> = OnceLock::new();
    COMPILED
        .get_or_init(|| {
            let mut compiler = Compiler::new();
            let mut schemas = Schemas::new();
            let mut indices = Vec::new();
            for (url, text) in BUNDLED_SCHEMAS {
                let mut schema: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
                // The generated files carry the generator's `$id`; register
                // them under the published URL that credentials name.
                schema["$id"] = Value::String(url.to_owned());
                compiler
                    .add_resource(url, schema)
                    .map_err(|e| e.to_string())?;
            }
            for (url, _) in BUNDLED_SCHEMAS {
                let index = compiler
                    .compile(url, &mut schemas)
                    .map_err(|e| format!("{e:#}"))?;
                indices.push((url, index));
            }
            Ok(Compiled { schemas, indices })
        })
        .as_ref()
        .map_err(|message| CredentialError::Schema(message.clone()))
}

/// Whether a schema with this published URL is bundled.
#[must_use]
pub fn is_bundled(url: &str) -> bool {
    BUNDLED_SCHEMAS.iter().any(|(bundled, _)| *bundled == url)
}

/// Validates `document` against the bundled schema published at `url`.
/// Returns the validation errors, one per line, or an empty list.
///
/// # Errors
/// [`CredentialError::Schema`] if `url` is not bundled or the schemas do not compile.
pub fn validate(document: &Value, url: &str) -> Result<Vec<String>> {
    let compiled = compiled()?;
    let index = compiled
        .indices
        .iter()
        .find(|(bundled, _)| *bundled == url)
        .map(|(_, index)| *index)
        .ok_or_else(|| {
            CredentialError::Schema(format!(
                "schema {url} is not bundled; bundled: {ACHIEVEMENT_CREDENTIAL_SCHEMA_URL}, {ENDORSEMENT_CREDENTIAL_SCHEMA_URL}, {PROFILE_SCHEMA_URL}, {VERIFIABLE_CREDENTIAL_SCHEMA_URL}"
            ))
        })?;
    match compiled.schemas.validate(document, index) {
        Ok(()) => Ok(Vec::new()),
        Err(error) => Ok(format!("{error}")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(str::to_owned)
            .collect()),
    }
}

/// Validates an OpenBadgeCredential against the AchievementCredential schema.
///
/// # Errors
/// [`CredentialError::Schema`] if the bundled schemas do not compile.
pub fn validate_open_badge(credential: &Value) -> Result<Vec<String>> {
    validate(credential, ACHIEVEMENT_CREDENTIAL_SCHEMA_URL)
}

/// Validates a `BitstringStatusListCredential`: the W3C Verifiable
/// Credentials 2.0 schema, then the shape the Bitstring Status List
/// specification requires (its context, types, a subject of type
/// `BitstringStatusList` with a known `statusPurpose`, and an `encodedList`
/// that decodes to at least [`MIN_LIST_LENGTH`] entries). Returns the problems
/// found, one per line, or an empty list.
///
/// # Errors
/// [`CredentialError::Schema`] if the bundled schemas do not compile.
pub fn validate_status_list(list: &Value) -> Result<Vec<String>> {
    let mut problems = validate(list, VERIFIABLE_CREDENTIAL_SCHEMA_URL)?;
    let has = |field: &Value, wanted: &str| match field {
        Value::String(text) => text == wanted,
        Value::Array(items) => items.iter().any(|item| item.as_str() == Some(wanted)),
        _ => false,
    };
    if !has(&list["type"], "BitstringStatusListCredential") {
        problems.push("type does not include BitstringStatusListCredential".to_owned());
    }
    let subject = &list["credentialSubject"];
    if subject["type"].as_str() != Some("BitstringStatusList") {
        problems.push(format!(
            "credentialSubject.type is {}, expected \"BitstringStatusList\"",
            subject["type"]
        ));
    }
    match subject["statusPurpose"].as_str() {
        Some("revocation" | "suspension" | "refresh" | "message") => {}
        _ => problems.push(format!(
            "credentialSubject.statusPurpose is {}, expected revocation, suspension, refresh or message",
            subject["statusPurpose"]
        )),
    }
    match subject["encodedList"].as_str().map(Bitstring::decode) {
        Some(Ok(bits)) if bits.len() >= MIN_LIST_LENGTH => {}
        Some(Ok(bits)) => problems.push(format!(
            "encodedList holds {} entries, fewer than the {MIN_LIST_LENGTH} the specification requires",
            bits.len()
        )),
        Some(Err(error)) => problems.push(format!("encodedList does not decode: {error}")),
        None => problems.push("credentialSubject.encodedList is missing".to_owned()),
    }
    Ok(problems)
}

/// Properties that the OB 3.0 data model makes multi-valued. JSON-LD
/// compaction may write a one-element array as a single value; the canonical
/// JSON schema does not allow that, the JSON-LD reading does.
const ARRAY_PROPERTIES: &[&str] = &[
    "proof",
    "credentialSchema",
    "evidence",
    "identifier",
    "result",
    "alignment",
    "rubricCriterionLevel",
    "endorsement",
    "endorsementJwt",
    "termsOfUse",
    "otherIdentifier",
    "related",
    "tag",
    "allowedValue",
];

/// Returns a copy of `value` with every multi-valued OB property written as an
/// array, the compaction-tolerant reading used when the strict schema fails.
#[must_use]
pub fn expand_compacted_arrays(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| {
                    let item = expand_compacted_arrays(item);
                    let item = if ARRAY_PROPERTIES.contains(&key.as_str()) && !item.is_array() {
                        Value::Array(vec![item])
                    } else {
                        item
                    };
                    (key.clone(), item)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(expand_compacted_arrays).collect()),
        other => other.clone(),
    }
}
