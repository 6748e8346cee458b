//! Micro-credential rules: definitions, rubrics, pass rules, submission states.
//!
//! This crate holds the domain logic of earning an educator micro-credential and nothing else
//! (no storage, no web), so researchers and other tools can use it alone:
//!
//! - [`accounts`]: roles, organization kinds and role grants over a state → district → school
//!   tree.
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

pub mod accounts;
pub mod answers;
pub mod case_rubric;
pub mod definition;
pub mod demo;
pub mod duplicates;
pub mod eligibility;
mod error;
pub mod pass_rule;
pub mod rubric;
pub mod scoring;
pub mod submission;
pub mod versioning;
pub mod words;

pub use accounts::{OrgKind, OrgTree, Role, RoleGrant, holds_role};
pub use answers::{Answer, Answers, ArtifactRef, Gap, Issue, completeness};
pub use case_rubric::{CaseCriterionInput, CaseLevelInput, CaseRubricInput, rubric_from_case};
pub use definition::{
    ArtifactKind, ArtifactRequirement, Competency, MethodComponent, MicroCredentialDefinition,
    ResearchSource, Resource, SubmissionRequirements, TextPrompt,
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
