//! The plain-data input describing one earned micro-credential, and its
//! conversion to an unsigned OpenBadgeCredential (Open Badges 3.0 on
//! Verifiable Credentials 2.0).
//!
//! Output contract: `@context` is exactly [`OPEN_BADGE_CONTEXT`]; every
//! multi-valued property is a JSON array; images are `{id, type: "Image"}`
//! objects; dates are `YYYY-MM-DDThh:mm:ssZ`; `statusListIndex` is a string;
//! no property is null and no array is empty.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::contexts::{OPEN_BADGE_CONTEXT, hex_encode};
use crate::error::{CredentialError, Result};
use crate::proof::format_datetime;
use crate::status_list::{StatusPurpose, status_entry};

/// URL of the OB 3.0 AchievementCredential JSON Schema named in `credentialSchema`.
pub const ACHIEVEMENT_CREDENTIAL_SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

/// The issuing organisation as shown in the credential (`issuer`, a Profile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuerProfile {
    /// Issuer id: the DID whose keys sign (`did:web:…`).
    pub id: String,
    /// Display name (wallets and displayers show it).
    pub name: String,
    /// Home page.
    pub url: Option<String>,
    /// Logo URL.
    pub image_url: Option<String>,
    /// Short description.
    pub description: Option<String>,
}

/// The achievement the credential certifies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AchievementInfo {
    /// Achievement URI (stable across awards of the same micro-credential version).
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Criteria narrative (Markdown).
    pub criteria_narrative: String,
    /// Criteria page URL.
    pub criteria_url: Option<String>,
    /// Badge image URL.
    pub image_url: Option<String>,
    /// Credits the achievement is worth (`creditsAvailable`, a JSON number).
    pub credits_available: Option<f64>,
    /// Human-readable code (`humanCode`).
    pub human_code: Option<String>,
}

/// Alignment to a CASE competency framework item (`targetType: CFItem`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseAlignment {
    /// CASE item URI (`targetUrl`).
    pub target_url: String,
    /// Item statement or short name (`targetName`).
    pub target_name: String,
    /// Human coding scheme of the item (`targetCode`).
    pub target_code: Option<String>,
    /// Framework title (`targetFramework`).
    pub target_framework: Option<String>,
    /// Longer description (`targetDescription`).
    pub target_description: Option<String>,
}

/// One level of a rubric criterion (`RubricCriterionLevel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricLevel {
    /// Level URI.
    pub id: String,
    /// Name (`Proficient`).
    pub name: String,
    /// Ordinal label (`"2"`).
    pub level: Option<String>,
    /// Points, as a string (`"2"`).
    pub points: Option<String>,
    /// What performance at this level looks like.
    pub description: Option<String>,
}

/// One rubric criterion (`ResultDescription` with `resultType: RubricCriterionLevel`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RubricCriterion {
    /// Criterion URI.
    pub id: String,
    /// Name.
    pub name: String,
    /// Id of the lowest level that passes (`requiredLevel`).
    pub required_level: Option<String>,
    /// Levels, lowest first.
    pub levels: Vec<RubricLevel>,
}

/// The level the assessor gave on one criterion (a `Result`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    /// Id of the [`RubricCriterion`].
    pub criterion_id: String,
    /// Id of the achieved [`RubricLevel`].
    pub achieved_level_id: String,
}

/// Evidence of the assessed submission. Point at it; never copy its private content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// URL of the evidence page (access-controlled by the server).
    pub url: Option<String>,
    /// Name.
    pub name: Option<String>,
    /// Public narrative.
    pub narrative: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// The educator who earned the credential: a salted e-mail hash, a DID, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// E-mail address, hashed as given (normalize it, for example to lower
    /// case, before building the award; the same form must be used to check it).
    pub email: Option<String>,
    /// Salt appended to the e-mail before hashing.
    pub salt: Option<String>,
    /// DID of the educator's wallet (`credentialSubject.id`).
    pub did: Option<String>,
}

/// Where the credential's revocation bit lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusAssignment {
    /// URL of the status list credential.
    pub list_url: String,
    /// Index in the list (allocate with [`crate::status_list::allocate_index`]).
    pub index: usize,
}

/// Everything needed to issue one micro-credential.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Award {
    /// Credential id: `urn:uuid:…` or an HTTPS URL ([`new_credential_id`]).
    pub credential_id: String,
    /// Achievement.
    pub achievement: AchievementInfo,
    /// CASE alignment of the achievement.
    pub alignment: Option<CaseAlignment>,
    /// Rubric criteria with their levels.
    pub rubric: Vec<RubricCriterion>,
    /// Levels given by the assessor.
    pub results: Vec<CriterionResult>,
    /// Evidence references.
    pub evidence: Vec<EvidenceRef>,
    /// Recipient.
    pub recipient: Recipient,
    /// Issuance time (`validFrom` and `awardedDate`); RFC 3339 in JSON.
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    /// End of validity (`validUntil`); RFC 3339 in JSON.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub valid_until: Option<OffsetDateTime>,
    /// Revocation status entry.
    pub status: Option<StatusAssignment>,
}

/// Returns a fresh `urn:uuid:<v4>` credential id.
#[must_use]
pub fn new_credential_id() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

/// Returns a fresh random salt (32 hex characters from the OS random source).
///
/// # Errors
/// [`CredentialError::InvalidAward`] if the random source fails.
pub fn new_salt() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| CredentialError::InvalidAward(format!("random source failed: {e}")))?;
    Ok(hex_encode(&bytes))
}

/// Returns the `identityHash` of an identifier: `sha256$` + hex(SHA-256(identifier ‖ salt)).
#[must_use]
pub fn identity_hash(identifier: &str, salt: &str) -> String {
    let digest = Sha256::digest(format!("{identifier}{salt}").as_bytes());
    format!("sha256${}", hex_encode(&digest))
}

/// Whether `credential` was issued to `email`: some hashed `emailAddress`
/// identifier of its subject equals [`identity_hash`] of `email` and the
/// identifier's salt, or an unhashed one equals `email`.
#[must_use]
pub fn recipient_matches_email(credential: &Value, email: &str) -> bool {
    let identifiers = credential["credentialSubject"]["identifier"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    identifiers.iter().any(|identifier| {
        if identifier["identityType"] != "emailAddress" {
            return false;
        }
        let Some(hash) = identifier["identityHash"].as_str() else {
            return false;
        };
        if identifier["hashed"] == true {
            let salt = identifier["salt"].as_str().unwrap_or("");
            hash.eq_ignore_ascii_case(&identity_hash(email, salt))
        } else {
            hash == email
        }
    })
}

impl Award {
    /// Builds the unsigned OpenBadgeCredential issued by `issuer`.
    ///
    /// # Errors
    /// [`CredentialError::InvalidAward`] for an empty required text, a value
    /// that must be a URI and is not, a recipient without e-mail and DID, an
    /// e-mail without salt, non-finite or negative credits, a result naming an
    /// unknown criterion or level, or `valid_until` not after `issued_at`.
    pub fn to_credential(&self, issuer: &IssuerProfile) -> Result<Value> {
        self.check()?;
        let mut credential = Map::new();
        credential.insert("@context".into(), json!(OPEN_BADGE_CONTEXT));
        credential.insert("id".into(), json!(self.credential_id));
        credential.insert(
            "type".into(),
            json!(["VerifiableCredential", "OpenBadgeCredential"]),
        );
        credential.insert("name".into(), json!(self.achievement.name));
        credential.insert("description".into(), json!(self.achievement.description));
        credential.insert("issuer".into(), issuer_json(issuer));
        credential.insert("validFrom".into(), json!(format_datetime(self.issued_at)));
        if let Some(until) = self.valid_until {
            credential.insert("validUntil".into(), json!(format_datetime(until)));
        }
        credential.insert("awardedDate".into(), json!(format_datetime(self.issued_at)));
        credential.insert("credentialSubject".into(), self.subject_json());
        let evidence: Vec<Value> = self.evidence.iter().map(evidence_json).collect();
        if !evidence.is_empty() {
            credential.insert("evidence".into(), Value::Array(evidence));
        }
        credential.insert(
            "credentialSchema".into(),
            json!([{"id": ACHIEVEMENT_CREDENTIAL_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]),
        );
        if let Some(status) = &self.status {
            credential.insert(
                "credentialStatus".into(),
                status_entry(&status.list_url, status.index, StatusPurpose::Revocation),
            );
        }
        Ok(Value::Object(credential))
    }

    fn subject_json(&self) -> Value {
        let mut subject = Map::new();
        if let Some(did) = &self.recipient.did {
            subject.insert("id".into(), json!(did));
        }
        subject.insert("type".into(), json!(["AchievementSubject"]));
        if let (Some(email), Some(salt)) = (&self.recipient.email, &self.recipient.salt) {
            subject.insert(
                "identifier".into(),
                json!([{
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, salt),
                    "identityType": "emailAddress",
                    "hashed": true,
                    "salt": salt,
                }]),
            );
        }
        subject.insert("achievement".into(), self.achievement_json());
        let results: Vec<Value> = self
            .results
            .iter()
            .map(|result| {
                json!({
                    "type": ["Result"],
                    "resultDescription": result.criterion_id,
                    "achievedLevel": result.achieved_level_id,
                })
            })
            .collect();
        if !results.is_empty() {
            subject.insert("result".into(), Value::Array(results));
        }
        Value::Object(subject)
    }

    fn achievement_json(&self) -> Value {
        let info = &self.achievement;
        let mut achievement = Map::new();
        achievement.insert("id".into(), json!(info.id));
        achievement.insert("type".into(), json!(["Achievement"]));
        achievement.insert("achievementType".into(), json!("MicroCredential"));
        achievement.insert("name".into(), json!(info.name));
        achievement.insert("description".into(), json!(info.description));
        let mut criteria = Map::new();
        if let Some(url) = &info.criteria_url {
            criteria.insert("id".into(), json!(url));
        }
        criteria.insert("narrative".into(), json!(info.criteria_narrative));
        achievement.insert("criteria".into(), Value::Object(criteria));
        if let Some(image) = &info.image_url {
            achievement.insert("image".into(), json!({"id": image, "type": "Image"}));
        }
        if let Some(credits) = info.credits_available {
            // Whole numbers are written as JSON integers (`3`, not `3.0`),
            // the form JavaScript readers print back.
            let value = if credits.fract() == 0.0 && credits.abs() < 9_007_199_254_740_992.0 {
                json!(credits as i64)
            } else {
                json!(credits)
            };
            achievement.insert("creditsAvailable".into(), value);
        }
        if let Some(code) = &info.human_code {
            achievement.insert("humanCode".into(), json!(code));
        }
        if let Some(alignment) = &self.alignment {
            let mut target = Map::new();
            target.insert("type".into(), json!(["Alignment"]));
            target.insert("targetName".into(), json!(alignment.target_name));
            target.insert("targetUrl".into(), json!(alignment.target_url));
            target.insert("targetType".into(), json!("CFItem"));
            insert_some(&mut target, "targetCode", &alignment.target_code);
            insert_some(&mut target, "targetFramework", &alignment.target_framework);
            insert_some(
                &mut target,
                "targetDescription",
                &alignment.target_description,
            );
            achievement.insert("alignment".into(), json!([target]));
        }
        let descriptions: Vec<Value> = self.rubric.iter().map(rubric_json).collect();
        if !descriptions.is_empty() {
            achievement.insert("resultDescription".into(), Value::Array(descriptions));
        }
        Value::Object(achievement)
    }

    fn check(&self) -> Result<()> {
        let invalid = |message: String| Err(CredentialError::InvalidAward(message));
        require_uri("credential_id", &self.credential_id)?;
        require_uri("achievement.id", &self.achievement.id)?;
        require_text("achievement.name", &self.achievement.name)?;
        require_text("achievement.description", &self.achievement.description)?;
        require_text(
            "achievement.criteria_narrative",
            &self.achievement.criteria_narrative,
        )?;
        for (field, value) in [
            ("achievement.criteria_url", &self.achievement.criteria_url),
            ("achievement.image_url", &self.achievement.image_url),
        ] {
            if let Some(value) = value {
                require_uri(field, value)?;
            }
        }
        if let Some(credits) = self.achievement.credits_available
            && (!credits.is_finite() || credits < 0.0)
        {
            return invalid(format!(
                "achievement.credits_available is {credits}; use a finite number >= 0"
            ));
        }
        if let Some(alignment) = &self.alignment {
            require_uri("alignment.target_url", &alignment.target_url)?;
            require_text("alignment.target_name", &alignment.target_name)?;
        }
        for criterion in &self.rubric {
            require_uri("rubric criterion id", &criterion.id)?;
            require_text("rubric criterion name", &criterion.name)?;
            for level in &criterion.levels {
                require_uri("rubric level id", &level.id)?;
                require_text("rubric level name", &level.name)?;
            }
            if let Some(required) = &criterion.required_level
                && !criterion.levels.iter().any(|l| &l.id == required)
            {
                return invalid(format!(
                    "criterion {} requires level {required}, which is not one of its levels",
                    criterion.id
                ));
            }
        }
        for result in &self.results {
            let Some(criterion) = self.rubric.iter().find(|c| c.id == result.criterion_id) else {
                return invalid(format!(
                    "result names criterion {}, which is not in the rubric",
                    result.criterion_id
                ));
            };
            if !criterion
                .levels
                .iter()
                .any(|l| l.id == result.achieved_level_id)
            {
                return invalid(format!(
                    "result gives level {} for criterion {}, which has no such level",
                    result.achieved_level_id, result.criterion_id
                ));
            }
        }
        for evidence in &self.evidence {
            if let Some(url) = &evidence.url {
                require_uri("evidence url", url)?;
            }
        }
        match (
            &self.recipient.email,
            &self.recipient.salt,
            &self.recipient.did,
        ) {
            (None, _, None) => {
                return invalid("the recipient needs an e-mail address or a DID".into());
            }
            (Some(_), None, _) => {
                return invalid("the recipient e-mail needs a salt (see new_salt)".into());
            }
            _ => {}
        }
        if let Some(email) = &self.recipient.email {
            require_text("recipient.email", email)?;
        }
        if let Some(did) = &self.recipient.did {
            require_uri("recipient.did", did)?;
        }
        if let Some(until) = self.valid_until
            && until <= self.issued_at
        {
            return invalid("valid_until must be after issued_at".into());
        }
        if let Some(status) = &self.status {
            require_uri("status.list_url", &status.list_url)?;
        }
        Ok(())
    }
}

fn issuer_json(issuer: &IssuerProfile) -> Value {
    let mut profile = Map::new();
    profile.insert("id".into(), json!(issuer.id));
    profile.insert("type".into(), json!(["Profile"]));
    profile.insert("name".into(), json!(issuer.name));
    insert_some(&mut profile, "url", &issuer.url);
    insert_some(&mut profile, "description", &issuer.description);
    if let Some(image) = &issuer.image_url {
        profile.insert("image".into(), json!({"id": image, "type": "Image"}));
    }
    Value::Object(profile)
}

fn rubric_json(criterion: &RubricCriterion) -> Value {
    let levels: Vec<Value> = criterion
        .levels
        .iter()
        .map(|level| {
            let mut value = Map::new();
            value.insert("id".into(), json!(level.id));
            value.insert("type".into(), json!(["RubricCriterionLevel"]));
            value.insert("name".into(), json!(level.name));
            insert_some(&mut value, "level", &level.level);
            insert_some(&mut value, "points", &level.points);
            insert_some(&mut value, "description", &level.description);
            Value::Object(value)
        })
        .collect();
    let mut description = Map::new();
    description.insert("id".into(), json!(criterion.id));
    description.insert("type".into(), json!(["ResultDescription"]));
    description.insert("name".into(), json!(criterion.name));
    description.insert("resultType".into(), json!("RubricCriterionLevel"));
    insert_some(&mut description, "requiredLevel", &criterion.required_level);
    if !levels.is_empty() {
        description.insert("rubricCriterionLevel".into(), Value::Array(levels));
    }
    Value::Object(description)
}

fn evidence_json(evidence: &EvidenceRef) -> Value {
    let mut value = Map::new();
    insert_some(&mut value, "id", &evidence.url);
    value.insert("type".into(), json!(["Evidence"]));
    insert_some(&mut value, "name", &evidence.name);
    insert_some(&mut value, "description", &evidence.description);
    insert_some(&mut value, "narrative", &evidence.narrative);
    Value::Object(value)
}

fn insert_some(map: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(value) = value {
        map.insert(key.into(), json!(value));
    }
}

fn require_text(field: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(CredentialError::InvalidAward(format!("{field} is empty")));
    }
    Ok(())
}

/// Accepts absolute URIs (`scheme:rest`, RFC 3986 scheme syntax, no spaces).
fn require_uri(field: &str, value: &str) -> Result<()> {
    let valid = value.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) && !value.chars().any(char::is_whitespace);
    if !valid {
        return Err(CredentialError::InvalidAward(format!(
            "{field} {value:?} is not an absolute URI; use for example https://… or urn:uuid:…"
        )));
    }
    Ok(())
}
