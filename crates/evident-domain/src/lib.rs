//! Micro-credential rules: definitions, rubrics, pass rules, submission states.
//!
//! This crate contains the domain logic of earning an educator micro-credential and nothing else
//! (no storage, no web), so researchers and other tools can use it alone:
//!
//! - [`accounts`]: roles, organization kinds and role grants over a state → district → school
//!   tree.
//! - [`catalog`]: search and filters for the public catalog.
//! - [`definition`]: a micro-credential definition (competency, key method, research,
//!   submission requirements, rubric and pass rule) and its validation.
//! - [`rubric`], [`case_rubric`] and [`pass_rule`]: criteria × levels, conversion from a CASE
//!   CFRubric, and the non-compensatory and count-based pass rules.
//! - [`versioning`]: publishing freezes a definition as a numbered version with a content hash.
//! - [`answers`] and [`words`]: an educator's answers and the completeness check before submit.
//! - [`submission`]: the draft → submitted → in review → returned/earned lifecycle and the
//!   history of attempts.
//! - [`scoring`] and [`eligibility`]: scores per criterion, the decision, and which assessors
//!   may score a submission.
//! - [`demo`]: the demo micro-credentials loaded by `evident demo`.
//! - [`duplicates`]: the same file submitted by different educators and scored differently.
//!
//! All fallible functions return [`Error`].
//!
//! # Example
//!
//! Publish a demo definition, submit complete answers and score them.
//!
//! ```
//! use evident_domain::{
//!     Answer, ArtifactKind, ArtifactRef, Outcome, Role, Score, Submission, demo, publish,
//! };
//!
//! let definition = demo::demo_definitions()?
//!     .into_iter()
//!     .find(|d| d.slug == "digital-formative-assessment")
//!     .expect("the demo definition exists");
//! let published = publish(definition, None)?;
//! let mut submission = Submission::start(&published);
//!
//! // Missing parts block the submit and leave the draft as it was.
//! assert!(submission.submit(&published, Role::Educator, None).is_err());
//!
//! let requirements = &published.definition().requirements;
//! for prompt in requirements.overview.iter().chain(&requirements.reflection) {
//!     let text = "Year 9 mathematics, two classes.".to_owned();
//!     submission.set_answer(prompt.id.clone(), Answer::Text { text })?;
//! }
//! for artifact in &requirements.artifacts {
//!     let item = match &artifact.kind {
//!         ArtifactKind::Text { .. } => ArtifactRef::Text {
//!             text: "We regrouped learners by their answers.".to_owned(),
//!         },
//!         _ => ArtifactRef::File {
//!             content_hash: "sha256:9f86d081884c7d65".to_owned(),
//!             file_name: format!("{}.pdf", artifact.id),
//!             media_type: "application/pdf".to_owned(),
//!             size_bytes: 48_213,
//!         },
//!     };
//!     submission.set_answer(artifact.id.clone(), Answer::Artifacts { items: vec![item] })?;
//! }
//! submission.submit(&published, Role::Educator, None)?;
//!
//! submission.start_review(Role::Assessor)?;
//! let scores: Vec<Score> = published
//!     .definition()
//!     .rubric
//!     .criteria
//!     .iter()
//!     .map(|criterion| Score {
//!         criterion_id: criterion.id.clone(),
//!         level_id: "demonstrated".to_owned(),
//!         feedback: "Clear evidence in the response summary.".to_owned(),
//!     })
//!     .collect();
//! let decision = submission.record_scores(&published, Role::Assessor, scores)?;
//! assert_eq!(decision.outcome, Outcome::Pass);
//! # Ok::<(), evident_domain::Error>(())
//! ```

pub mod accounts;
pub mod answers;
pub mod case_rubric;
pub mod catalog;
pub mod definition;
pub mod demo;
pub mod duplicates;
pub mod eligibility;
mod error;
pub mod media_types;
pub mod pass_rule;
pub mod rubric;
pub mod scoring;
pub mod submission;
pub mod versioning;
pub mod words;

pub use accounts::{OrgKind, OrgTree, Role, RoleGrant, holds_role};
pub use answers::{
    Answer, Answers, ArtifactRef, CHARACTERS_PER_WORD, Gap, Issue, character_limit, completeness,
};
pub use case_rubric::{CaseCriterionInput, CaseLevelInput, CaseRubricInput, rubric_from_case};
pub use catalog::CatalogFilter;
pub use definition::{
    ArtifactKind, ArtifactRequirement, Competency, Credits, MethodComponent,
    MicroCredentialDefinition, ResearchSource, Resource, SubmissionRequirements, TextPrompt,
};
pub use duplicates::{DuplicateEvidence, EvidenceRecord, EvidenceUse, find_conflicting_duplicates};
pub use eligibility::{EligibilityPolicy, Participant, check_eligibility, is_eligible};
pub use error::{Error, Problem};
pub use pass_rule::PassRule;
pub use rubric::{CaseItemRef, Criterion, Descriptor, Level, Rubric};
pub use scoring::{Decision, Outcome, Score, decide, validate_scores};
pub use submission::{Attempt, AttemptResult, Event, Submission, SubmissionState, transition};
pub use versioning::{PublishedVersion, VersionRef, content_hash, publish};
pub use words::count_words;
