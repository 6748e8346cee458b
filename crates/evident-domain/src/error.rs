//! The crate's error type.

use std::fmt;

use crate::accounts::{OrgKind, Role};
use crate::submission::SubmissionState;

/// Errors raised by the micro-credential rules.
///
/// Every message names the value that failed and the change that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A role code that is not one of [`Role::CODES`].
    #[error("unknown role {code:?}: use one of educator, assessor, issuer_admin, platform_admin")]
    UnknownRole {
        /// The code that failed to parse.
        code: String,
    },

    /// An organization kind code that is not one of [`OrgKind::CODES`].
    #[error("unknown organization kind {code:?}: use one of state, district, school")]
    UnknownOrgKind {
        /// The code that failed to parse.
        code: String,
    },

    /// An organization placed under a parent of a kind it may not nest in.
    #[error(
        "organization {child:?} of kind {child_kind} cannot be placed under {parent:?} of kind \
         {parent_kind}: a district belongs to a state and a school to a district"
    )]
    InvalidOrgNesting {
        /// The organization being added.
        child: String,
        /// Its kind.
        child_kind: OrgKind,
        /// The requested parent.
        parent: String,
        /// The parent's kind.
        parent_kind: OrgKind,
    },

    /// An organization id used before it was added to the tree.
    #[error("organization {id:?} not found in the organization tree: add it before its children")]
    OrgNotFound {
        /// The missing id.
        id: String,
    },

    /// Organizations whose parents form a cycle.
    #[error(
        "organization {id:?} is its own ancestor: fix the parent links so every chain ends at an \
         organization without a parent"
    )]
    OrgCycle {
        /// One organization on the cycle.
        id: String,
    },

    /// An organization id added to the tree twice.
    #[error(
        "organization {id:?} is already in the organization tree: give each organization one entry"
    )]
    DuplicateOrg {
        /// The repeated id.
        id: String,
    },

    /// A micro-credential definition that fails validation.
    #[error("invalid micro-credential definition: {}", Problems(problems))]
    InvalidDefinition {
        /// Every problem found, in document order.
        problems: Vec<Problem>,
    },

    /// A change requested on a version that was already published.
    #[error(
        "version {version} of micro-credential {slug:?} is published and cannot be edited: \
         edit the draft instead and publish it as the next version"
    )]
    PublishedVersionImmutable {
        /// Slug of the micro-credential.
        slug: String,
        /// The published version number.
        version: u32,
    },

    /// A draft with the same content as the version it would follow.
    #[error(
        "the draft of {slug:?} is the same as version {version}, which is already published: \
         change the draft before publishing again"
    )]
    UnchangedDraft {
        /// Slug of the micro-credential.
        slug: String,
        /// The latest published version, which the draft repeats.
        version: u32,
    },

    /// A new version whose slug differs from the version it follows.
    #[error(
        "draft slug {draft:?} differs from the published slug {published:?}: \
         a new version keeps the slug of the micro-credential it revises"
    )]
    SlugChanged {
        /// Slug of the draft.
        draft: String,
        /// Slug of the previous published version.
        published: String,
    },

    /// A stored published version whose content no longer matches its hash.
    #[error(
        "published version {version} of {slug:?} has content hash {actual} but records {recorded}: \
         the stored definition was changed after publication; restore it from the original"
    )]
    ContentHashMismatch {
        /// Slug of the micro-credential.
        slug: String,
        /// Version number.
        version: u32,
        /// The hash stored with the version.
        recorded: String,
        /// The hash of the stored content.
        actual: String,
    },

    /// A submission used with a definition version other than the one it was started under.
    #[error(
        "submission was started under {expected} but was given {actual}: \
         score and check it against the version it was started under"
    )]
    VersionMismatch {
        /// The version recorded by the submission, as `slug@version`.
        expected: String,
        /// The version supplied, as `slug@version`.
        actual: String,
    },

    /// A submission that is missing required parts or has invalid parts.
    #[error("submission is incomplete: {}", Problems(problems))]
    IncompleteSubmission {
        /// Every missing or invalid part.
        problems: Vec<Problem>,
    },

    /// Scores that do not fit the rubric.
    #[error("invalid scores: {}", Problems(problems))]
    InvalidScores {
        /// Every problem found.
        problems: Vec<Problem>,
    },

    /// A rubric imported from CASE that cannot be converted.
    #[error("cannot convert CASE rubric {rubric:?}: {}", Problems(problems))]
    InvalidCaseRubric {
        /// Identifier of the CFRubric.
        rubric: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },

    /// A demo definition file that does not parse.
    #[error("demo definition {file} is not a valid definition: {message}; fix the JSON file")]
    InvalidDemoFile {
        /// The file name.
        file: String,
        /// The parser's message, with line and column.
        message: String,
    },

    /// A submission state change that the lifecycle does not allow.
    #[error("cannot {event} a submission that is {from}: {hint}")]
    InvalidTransition {
        /// The current state.
        from: SubmissionState,
        /// The requested event, as a verb phrase.
        event: &'static str,
        /// The action the caller can take instead.
        hint: &'static str,
    },

    /// A state change requested by a role that may not make it.
    #[error(
        "a user acting as {role} cannot {event} a submission: this requires the {required} role"
    )]
    RoleNotPermitted {
        /// The role of the actor.
        role: Role,
        /// The requested event, as a verb phrase.
        event: &'static str,
        /// The role the event requires.
        required: Role,
    },

    /// A change to the answers of a submission that is not open for editing.
    #[error(
        "submission is {state} and its answers cannot be changed: \
         answers can be edited only while a submission is draft or returned"
    )]
    NotEditable {
        /// The current state.
        state: SubmissionState,
    },

    /// A resubmission without a note to the assessor.
    #[error(
        "resubmission of attempt {attempt} has no note: describe what was revised since the \
         returned attempt"
    )]
    MissingResubmissionNote {
        /// The number of the new attempt.
        attempt: u32,
    },

    /// Stored submission parts that contradict each other.
    #[error("stored submission is inconsistent: {reason}; restore it from its history")]
    InconsistentSubmission {
        /// The contradiction found.
        reason: String,
    },

    /// An assessor asked to score their own submission.
    #[error(
        "assessor {assessor:?} submitted this work and cannot score it: assign another assessor"
    )]
    OwnSubmission {
        /// The assessor's user id.
        assessor: String,
    },

    /// An assessor asked to score a submission from their own school.
    #[error(
        "assessor {assessor:?} works at school {school:?}, the submitter's school: assign an \
         assessor from another school or enable same-school scoring"
    )]
    SameSchool {
        /// The assessor's user id.
        assessor: String,
        /// The shared school id.
        school: String,
    },
}

/// One problem found while validating a definition, scores or a submission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Path of the field or part the problem is about, such as `rubric.criteria[2].id` or a part id.
    pub field: String,
    /// The problem and its fix, in one sentence.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Formats a problem list as `field: message; field: message`.
struct Problems<'a>(&'a [Problem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, problem) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}
