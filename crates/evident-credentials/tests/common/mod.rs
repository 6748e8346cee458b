//! Common fixtures: a did:web issuer with a fixed key and a typical award.
#![allow(dead_code)]

use evident_credentials::award::{
    AchievementInfo, Award, CaseAlignment, CriterionResult, EvidenceRef, IssuerProfile, Recipient,
    RubricCriterion, RubricLevel, StatusAssignment,
};
use evident_credentials::issuer::Issuer;
use evident_credentials::keys::{IssuerKey, IssuerKeyStore};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;

pub const PUBLIC_URL: &str = "https://credentials.example.org";
pub const ISSUER_DID: &str = "did:web:credentials.example.org";
pub const STATUS_LIST_URL: &str = "https://credentials.example.org/status/1";

/// Issuer with a fixed seed so failures reproduce.
pub fn issuer() -> Issuer {
    let keys = IssuerKeyStore::from_keys(vec![IssuerKey::from_seed("key-1", &[7u8; 32])]).unwrap();
    Issuer::new(
        PUBLIC_URL,
        keys,
        IssuerProfile {
            id: String::new(),
            name: "Example District Professional Learning".into(),
            url: Some(PUBLIC_URL.into()),
            image_url: Some("https://credentials.example.org/logo.png".into()),
            description: None,
        },
    )
    .unwrap()
}

pub fn award() -> Award {
    let level = |n: u32, name: &str| RubricLevel {
        id: format!("urn:uuid:1d2f3a4b-0000-4000-8000-00000000001{n}"),
        name: name.into(),
        level: Some(n.to_string()),
        points: Some(n.to_string()),
        description: None,
    };
    Award {
        credential_id: "urn:uuid:3f1b6a1e-9c0e-4e55-9a51-2c4a3d1b7e01".into(),
        achievement: AchievementInfo {
            id: "https://credentials.example.org/achievements/formative-assessment/v1".into(),
            name: "Formative Assessment in Practice".into(),
            description: "Plans, uses and acts on formative assessment evidence.".into(),
            criteria_narrative:
                "Each rubric criterion scored Proficient or higher by a trained assessor.".into(),
            criteria_url: None,
            image_url: Some("https://credentials.example.org/achievements/fa/image.png".into()),
            credits_available: Some(1.5),
            human_code: Some("FA-1".into()),
        },
        alignment: Some(CaseAlignment {
            target_url: "https://case.example.org/uri/6b2f6a2e-5a7d-4c43-8a0b-3f2d1c0e9a42".into(),
            target_name: "Use of formative assessment to adjust instruction".into(),
            target_code: Some("ETCF-4.2".into()),
            target_framework: Some("Example Teaching Competency Framework".into()),
            target_description: None,
        }),
        rubric: vec![RubricCriterion {
            id: "urn:uuid:1d2f3a4b-0000-4000-8000-000000000001".into(),
            name: "Uses evidence to adjust instruction".into(),
            required_level: Some("urn:uuid:1d2f3a4b-0000-4000-8000-000000000012".into()),
            levels: vec![
                level(1, "Developing"),
                level(2, "Proficient"),
                level(3, "Exemplary"),
            ],
        }],
        results: vec![CriterionResult {
            criterion_id: "urn:uuid:1d2f3a4b-0000-4000-8000-000000000001".into(),
            achieved_level_id: "urn:uuid:1d2f3a4b-0000-4000-8000-000000000013".into(),
        }],
        evidence: vec![EvidenceRef {
            url: Some("https://credentials.example.org/evidence/9b7c1e2a".into()),
            name: Some("Assessed submission".into()),
            narrative: Some("Lesson plan, annotated student work and reflection.".into()),
            description: None,
        }],
        recipient: Recipient {
            email: Some("teacher@example.org".into()),
            salt: Some("pepper-42".into()),
            did: None,
        },
        issued_at: datetime!(2025-09-01 00:00:00 UTC),
        valid_until: None,
        status: Some(StatusAssignment {
            list_url: STATUS_LIST_URL.into(),
            index: 42,
        }),
    }
}

/// Signs the award's credential at a fixed time.
pub fn signed_credential(issuer: &Issuer, award: &Award) -> Value {
    let unsigned = award.to_credential(issuer.profile()).unwrap();
    issuer
        .sign_at(&unsigned, datetime!(2025-09-01 00:00:05 UTC))
        .unwrap()
}

/// Verification time: the status lists in tests are signed with the clock.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}
