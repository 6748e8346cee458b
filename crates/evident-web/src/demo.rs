//! Demo data for `evident demo`: organizations in one state, a user for every role, and
//! a competency framework. Seeding is idempotent: it creates only what is missing.

use evident_domain::accounts::Role;
use evident_store::Store;

use crate::auth::hash_password;
use crate::error::WebError;
use crate::framework_import::{ImportOutcome, import_framework};

/// A demo account as printed at start.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub role: Role,
    pub organization: &'static str,
}

/// The demo accounts. The passwords are public: the demo listens on loopback by default
/// and must never hold real data.
pub const DEMO_USERS: &[DemoUser] = &[
    DemoUser {
        email: "educator@demo.evident.test",
        name: "Elena Educator",
        password: "demo-educator-pass",
        role: Role::Educator,
        organization: "Lincoln Elementary School",
    },
    DemoUser {
        email: "educator2@demo.evident.test",
        name: "Eli Educator",
        password: "demo-educator-pass",
        role: Role::Educator,
        organization: "Jefferson High School",
    },
    DemoUser {
        email: "assessor@demo.evident.test",
        name: "Asha Assessor",
        password: "demo-assessor-pass",
        role: Role::Assessor,
        organization: "Demo State",
    },
    DemoUser {
        email: "issuer@demo.evident.test",
        name: "Ivan Issuer",
        password: "demo-issuer-pass",
        role: Role::IssuerAdmin,
        organization: "Demo State",
    },
    DemoUser {
        email: "admin@demo.evident.test",
        name: "Paula Platform",
        password: "demo-admin-pass",
        role: Role::PlatformAdmin,
        organization: "Demo State",
    },
];

/// (name, kind, parent name) in creation order.
const DEMO_ORGANIZATIONS: &[(&str, &str, Option<&str>)] = &[
    ("Demo State", "state", None),
    ("Northside District", "district", Some("Demo State")),
    ("Southside District", "district", Some("Demo State")),
    (
        "Lincoln Elementary School",
        "school",
        Some("Northside District"),
    ),
    (
        "Roosevelt Middle School",
        "school",
        Some("Northside District"),
    ),
    (
        "Jefferson High School",
        "school",
        Some("Southside District"),
    ),
];

/// Counts of the records that seeding created, and the imported frameworks.
#[derive(Debug, Clone)]
pub struct DemoReport {
    pub created_organizations: usize,
    pub created_users: usize,
    pub frameworks: Vec<ImportOutcome>,
}

/// Creates the demo organizations and users that are missing and imports the given
/// CASE packages (replacing earlier copies).
pub async fn seed(store: &Store, case_packages: &[&[u8]]) -> Result<DemoReport, WebError> {
    let mut report = DemoReport {
        created_organizations: 0,
        created_users: 0,
        frameworks: Vec::new(),
    };
    let mut organizations = store.organizations().await?;
    for (name, kind, parent) in DEMO_ORGANIZATIONS {
        if organizations.iter().any(|org| org.name == *name) {
            continue;
        }
        let parent_id = parent.and_then(|parent| {
            organizations
                .iter()
                .find(|org| org.name == parent)
                .map(|org| org.id.clone())
        });
        let org = store
            .create_organization(parent_id.as_deref(), kind, name)
            .await?;
        organizations.push(org);
        report.created_organizations += 1;
    }

    for demo in DEMO_USERS {
        if store.user_credentials(demo.email).await?.is_some() {
            continue;
        }
        let org = organizations
            .iter()
            .find(|org| org.name == demo.organization)
            .ok_or_else(|| {
                WebError::Internal(format!("demo organization {} missing", demo.organization))
            })?;
        let user = store
            .create_user(
                demo.email,
                demo.name,
                &hash_password(demo.password)?,
                Some(&org.id),
            )
            .await?;
        store
            .grant_role(&user.id, demo.role.code(), &org.id)
            .await?;
        report.created_users += 1;
    }

    let state_id = organizations
        .iter()
        .find(|org| org.name == "Demo State")
        .map(|org| org.id.clone());
    for package in case_packages {
        report
            .frameworks
            .push(import_framework(store, package, state_id.as_deref(), None, None).await?);
    }
    Ok(report)
}

/// The micro-credentials and submissions that seeding created.
#[derive(Debug, Clone, Default)]
pub struct MicroCredentialReport {
    /// Titles of the micro-credentials published by this run.
    pub published: Vec<String>,
    /// (educator e-mail, micro-credential slug, state code) of each submission created.
    pub submissions: Vec<(String, String, String)>,
}

/// A small valid PDF used as the demo evidence file for every file artifact that accepts
/// PDF.
const DEMO_PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n\
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n\
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\n\
trailer<</Root 1 0 R>>\n%%EOF\n";

/// The demo evidence for artifacts that accept only video: an MP4 `ftyp` box with no media,
/// so the file has the right type but does not play.
const DEMO_MP4: &[u8] = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41";

/// Publishes the demo micro-credentials that are missing and, the first time, creates
/// submissions in every state: a draft, a submitted one, one in review by the demo assessor,
/// a returned one with feedback and an earned one with its award.
pub async fn seed_microcredentials(
    store: &Store,
    files: &evident_store::FileStore,
) -> Result<MicroCredentialReport, WebError> {
    use evident_domain::{Answer, ArtifactKind, ArtifactRef, Submission, demo, publish};
    use evident_store::{NewMicroCredential, NewReview, NewSubmission, NewVersion};

    let domain = |error: evident_domain::Error| WebError::Internal(error.to_string());
    let json = |value: serde_json::Result<String>| {
        value.map_err(|error| WebError::Internal(error.to_string()))
    };
    let mut report = MicroCredentialReport::default();
    let organizations = store.organizations().await?;
    let state_id = organizations
        .iter()
        .find(|org| org.name == "Demo State")
        .map(|org| org.id.clone());

    let mut published_now = Vec::new();
    for definition in demo::demo_definitions().map_err(domain)? {
        if store
            .microcredential_by_slug(&definition.slug)
            .await
            .is_ok()
        {
            continue;
        }
        let row = store
            .create_microcredential(&NewMicroCredential {
                slug: definition.slug.clone(),
                org_id: state_id.clone(),
                draft_json: json(serde_json::to_string(&definition))?,
                created_by: None,
            })
            .await?;
        let published = publish(definition, None).map_err(domain)?;
        let frozen = published.definition();
        store
            .publish_version(&NewVersion {
                microcredential_id: row.id.clone(),
                version: i64::from(published.version()),
                title: frozen.title.clone(),
                framework_id: frozen.competency.framework_identifier.clone(),
                competency_identifier: frozen.competency.identifier.clone(),
                definition_json: json(serde_json::to_string(frozen))?,
                content_hash: published.content_hash().to_owned(),
                published_by: None,
            })
            .await?;
        report.published.push(frozen.title.clone());
        published_now.push((row.id, published));
    }
    if published_now.is_empty() {
        return Ok(report);
    }

    let samples = demo::sample_submissions().map_err(domain)?;
    let user_id = |email: &str| {
        let email = email.to_owned();
        async move {
            store
                .user_credentials(&email)
                .await?
                .map(|(user, _)| user)
                .ok_or_else(|| WebError::Internal(format!("demo user {email} missing")))
        }
    };
    let assessor = user_id("assessor@demo.evident.test").await?;
    // (educator, slug, target state) so that every state appears once.
    let plan = [
        (
            "educator@demo.evident.test",
            "digital-formative-assessment",
            "draft",
        ),
        (
            "educator@demo.evident.test",
            "selecting-digital-resources",
            "submitted",
        ),
        (
            "educator2@demo.evident.test",
            "digital-formative-assessment",
            "in_review",
        ),
        (
            "educator@demo.evident.test",
            "live-coding-teaching-demonstration",
            "returned",
        ),
        (
            "educator@demo.evident.test",
            "accessible-digital-learning-materials",
            "earned",
        ),
    ];
    let tree = crate::access::org_tree(store).await?;
    for (email, slug, target) in plan {
        let Some((microcredential_id, published)) = published_now
            .iter()
            .find(|(_, published)| published.definition().slug == slug)
        else {
            continue;
        };
        let Some(sample) = samples.get(slug) else {
            continue;
        };
        let educator = user_id(email).await?;
        let school_id = educator
            .home_org_id
            .as_ref()
            .and_then(|org| tree.school_of(org).cloned());
        let mut submission = Submission::start(published);
        for (part, answer) in sample.answers.iter() {
            if target == "draft" && part.starts_with("reflection") {
                continue;
            }
            submission
                .set_answer(part, answer.clone())
                .map_err(domain)?;
        }
        for artifact in &published.definition().requirements.artifacts {
            let ArtifactKind::File {
                allowed_media_types,
                ..
            } = &artifact.kind
            else {
                continue;
            };
            if !artifact.required || target == "draft" && artifact.id != "check-design" {
                continue;
            }
            let accepts_pdf = allowed_media_types.is_empty()
                || allowed_media_types.iter().any(|t| t == "application/pdf");
            let (bytes, media_type, file_name): (&[u8], &str, String) = if accepts_pdf {
                (DEMO_PDF, "application/pdf", format!("{}.pdf", artifact.id))
            } else {
                (DEMO_MP4, "video/mp4", format!("{}.mp4", artifact.id))
            };
            let stored = files.put(bytes, media_type)?;
            store.record_file(&stored).await?;
            let item = ArtifactRef::File {
                content_hash: format!("sha256:{}", stored.sha256),
                file_name,
                media_type: stored.media_type.clone(),
                size_bytes: stored.size_bytes,
            };
            submission
                .set_answer(artifact.id.clone(), Answer::Artifacts { items: vec![item] })
                .map_err(domain)?;
        }

        let to_change = |submission: &Submission, assessor_id: Option<String>| {
            Ok::<_, WebError>(evident_store::SubmissionChange {
                state: submission.state().code().to_owned(),
                answers_json: json(serde_json::to_string(submission.answers()))?,
                attempts_json: json(serde_json::to_string(submission.attempts()))?,
                assessor_id,
            })
        };
        let draft = to_change(&submission, None)?;
        let mut row = store
            .create_submission(&NewSubmission {
                microcredential_id: microcredential_id.clone(),
                version: i64::from(published.version()),
                educator_id: educator.id.clone(),
                school_id,
                state: draft.state,
                answers_json: draft.answers_json,
                attempts_json: draft.attempts_json,
            })
            .await?;
        if target != "draft" {
            submission
                .submit(published, Role::Educator, None)
                .map_err(domain)?;
            row = store
                .update_submission(&row.id, row.revision, &to_change(&submission, None)?)
                .await?;
        }
        let reviews: &[(&[evident_domain::Score], &str)] = match target {
            "returned" => &[(&sample.not_yet_review, "")],
            "earned" => &[
                (&sample.not_yet_review, ""),
                (
                    &sample.pass_review,
                    "I added alternative text to every image and checked the contrast again.",
                ),
            ],
            _ => &[],
        };
        if target == "in_review" {
            submission.start_review(Role::Assessor).map_err(domain)?;
            row = store
                .update_submission(
                    &row.id,
                    row.revision,
                    &to_change(&submission, Some(assessor.id.clone()))?,
                )
                .await?;
        }
        for (scores, note) in reviews {
            if !note.is_empty() {
                submission
                    .submit(published, Role::Educator, Some(note))
                    .map_err(domain)?;
                row = store
                    .update_submission(&row.id, row.revision, &to_change(&submission, None)?)
                    .await?;
            }
            submission.start_review(Role::Assessor).map_err(domain)?;
            let decision = submission
                .record_scores(published, Role::Assessor, scores.to_vec())
                .map_err(domain)?
                .clone();
            let review = NewReview {
                attempt: submission.attempts().len() as i64,
                assessor_id: assessor.id.clone(),
                scores: scores
                    .iter()
                    .map(|score| {
                        (
                            score.criterion_id.clone(),
                            score.level_id.clone(),
                            score.feedback.clone(),
                        )
                    })
                    .collect(),
                earned: decision.outcome == evident_domain::Outcome::Pass,
            };
            row = store
                .record_review(
                    &row.id,
                    row.revision,
                    &to_change(&submission, None)?,
                    &review,
                )
                .await?
                .0;
        }
        report
            .submissions
            .push((email.to_owned(), slug.to_owned(), row.state.clone()));
    }
    Ok(report)
}
