//! Submissions: the lifecycle from draft to earned, and the history of attempts.
//!
//! | From                    | Event                | Actor                    | To          |
//! |-------------------------|----------------------|--------------------------|-------------|
//! | `Draft` or `Returned`   | submit               | educator                 | `Submitted` |
//! | `Submitted`             | start review         | assessor                 | `InReview`  |
//! | `InReview`              | release review       | assessor or issuer admin | `Submitted` |
//! | `InReview`              | decision "pass"      | assessor                 | `Earned`    |
//! | `InReview`              | decision "not yet"   | assessor                 | `Returned`  |
//!
//! Answers can change only in `Draft` and `Returned`. Each submit freezes the answers as a new
//! [`Attempt`], and the assessor's scores and decision are kept with that attempt, so every
//! attempt stays in the history. `Earned` is final.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::answers::{Answer, Answers, completeness};
use crate::error::{Error, Problem};
use crate::scoring::{Decision, Outcome, Score, decide};
use crate::versioning::{PublishedVersion, VersionRef};

/// The lifecycle state of a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionState {
    /// Being written by the educator; not visible to assessors.
    Draft,
    /// Waiting in the assessors' queue.
    Submitted,
    /// Claimed by an assessor who is scoring it.
    InReview,
    /// Scored "not yet": the educator revises and resubmits.
    Returned,
    /// Scored "pass": the micro-credential is awarded.
    Earned,
}

impl SubmissionState {
    /// Every state, in lifecycle order.
    pub const ALL: [SubmissionState; 5] = [
        SubmissionState::Draft,
        SubmissionState::Submitted,
        SubmissionState::InReview,
        SubmissionState::Returned,
        SubmissionState::Earned,
    ];

    /// Returns the stable string code, such as `in_review`.
    pub fn code(self) -> &'static str {
        match self {
            SubmissionState::Draft => "draft",
            SubmissionState::Submitted => "submitted",
            SubmissionState::InReview => "in_review",
            SubmissionState::Returned => "returned",
            SubmissionState::Earned => "earned",
        }
    }

    /// Parses a code written by [`SubmissionState::code`].
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.code() == code)
    }

    /// Returns whether the educator may change answers in this state.
    pub fn is_editable(self) -> bool {
        matches!(self, SubmissionState::Draft | SubmissionState::Returned)
    }
}

impl fmt::Display for SubmissionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A requested change of submission state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "event", content = "outcome", rename_all = "snake_case")]
pub enum Event {
    /// The educator submits a draft or resubmits a returned submission.
    Submit,
    /// An assessor claims a submitted submission from the queue.
    StartReview,
    /// An assessor or issuer admin puts a claimed submission back in the queue unscored.
    ReleaseReview,
    /// The assessor records the decision that follows from the pass rule.
    RecordDecision(Outcome),
}

impl Event {
    /// Returns the event as a verb phrase for messages.
    pub fn verb(self) -> &'static str {
        match self {
            Event::Submit => "submit",
            Event::StartReview => "start reviewing",
            Event::ReleaseReview => "release",
            Event::RecordDecision(_) => "record a decision on",
        }
    }

    /// Returns whether `role` may cause the event.
    pub fn permits(self, role: Role) -> bool {
        match self {
            Event::Submit => role == Role::Educator,
            Event::StartReview | Event::RecordDecision(_) => role == Role::Assessor,
            Event::ReleaseReview => matches!(role, Role::Assessor | Role::IssuerAdmin),
        }
    }

    fn required_role(self) -> Role {
        match self {
            Event::Submit => Role::Educator,
            _ => Role::Assessor,
        }
    }
}

/// Returns the state after `event` in state `from`, caused by a user acting as `actor`.
///
/// The allowed transitions are those in the module diagram. The role is checked first, so an
/// educator asking to record a decision gets [`Error::RoleNotPermitted`] in any state.
///
/// # Errors
///
/// [`Error::RoleNotPermitted`] when `actor` may not cause `event`, and
/// [`Error::InvalidTransition`] when `event` is not allowed in `from`.
pub fn transition(
    from: SubmissionState,
    event: Event,
    actor: Role,
) -> Result<SubmissionState, Error> {
    use SubmissionState::{Draft, Earned, InReview, Returned, Submitted};

    if !event.permits(actor) {
        return Err(Error::RoleNotPermitted {
            role: actor,
            event: event.verb(),
            required: event.required_role(),
        });
    }
    let to = match (from, event) {
        (Draft | Returned, Event::Submit) => Submitted,
        (Submitted, Event::StartReview) => InReview,
        (InReview, Event::ReleaseReview) => Submitted,
        (InReview, Event::RecordDecision(Outcome::Pass)) => Earned,
        (InReview, Event::RecordDecision(Outcome::NotYet)) => Returned,
        _ => {
            return Err(Error::InvalidTransition {
                from,
                event: event.verb(),
                hint: transition_hint(from),
            });
        }
    };
    Ok(to)
}

fn transition_hint(from: SubmissionState) -> &'static str {
    match from {
        SubmissionState::Draft => "a draft can only be submitted by its educator",
        SubmissionState::Submitted => "an assessor must start reviewing it first",
        SubmissionState::InReview => "the assessor can record a decision or release it",
        SubmissionState::Returned => "the educator can revise and resubmit it",
        SubmissionState::Earned => "an earned submission is final; start a new submission instead",
    }
}

/// One submit of a submission: the answers as submitted and, once scored, the result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// Attempt number, starting at 1.
    pub number: u32,
    /// The answers as they were at submit.
    pub answers: Answers,
    /// The educator's note on what changed since the previous attempt; `None` for attempt 1.
    pub note: Option<String>,
    /// The assessor's scores and decision, once recorded.
    pub result: Option<AttemptResult>,
}

/// The scores an assessor gave an attempt and the decision that follows from them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptResult {
    /// One score per scored criterion.
    pub scores: Vec<Score>,
    /// The decision under the definition's pass rule.
    pub decision: Decision,
}

/// An educator's work toward one micro-credential version, with every attempt.
///
/// Every method checks its preconditions before changing anything, so a call that returns an
/// error leaves the submission as it was. Deserialization checks the same consistency rules as
/// [`Submission::from_parts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SubmissionRecord")]
pub struct Submission {
    version: VersionRef,
    state: SubmissionState,
    answers: Answers,
    attempts: Vec<Attempt>,
}

/// The unchecked serialized form of a [`Submission`].
#[derive(Deserialize)]
struct SubmissionRecord {
    version: VersionRef,
    state: SubmissionState,
    answers: Answers,
    attempts: Vec<Attempt>,
}

impl TryFrom<SubmissionRecord> for Submission {
    type Error = Error;

    fn try_from(record: SubmissionRecord) -> Result<Self, Self::Error> {
        Submission::from_parts(
            record.version,
            record.state,
            record.answers,
            record.attempts,
        )
    }
}

impl Submission {
    /// Rebuilds a submission from stored parts, checking that they agree.
    ///
    /// Attempts must be numbered 1, 2, … in order, and every attempt before the last must have
    /// been returned ("not yet"). The state must match the last attempt: no attempt in
    /// `Draft`, an unscored one in `Submitted` and `InReview`, a "not yet" in `Returned` and a
    /// pass in `Earned`.
    ///
    /// # Errors
    ///
    /// [`Error::InconsistentSubmission`] naming the first contradiction found.
    pub fn from_parts(
        version: VersionRef,
        state: SubmissionState,
        answers: Answers,
        attempts: Vec<Attempt>,
    ) -> Result<Self, Error> {
        let inconsistent = |reason: String| Err(Error::InconsistentSubmission { reason });

        for (index, attempt) in attempts.iter().enumerate() {
            let expected = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if attempt.number != expected {
                return inconsistent(format!(
                    "attempt at position {expected} is numbered {}",
                    attempt.number
                ));
            }
            let is_last = index + 1 == attempts.len();
            let returned = attempt
                .result
                .as_ref()
                .is_some_and(|result| result.decision.outcome == Outcome::NotYet);
            if !is_last && !returned {
                return inconsistent(format!(
                    "attempt {expected} is followed by another attempt but was not returned"
                ));
            }
        }

        let last_outcome = attempts.last().map(|attempt| {
            attempt
                .result
                .as_ref()
                .map(|result| result.decision.outcome)
        });
        let consistent = match state {
            SubmissionState::Draft => last_outcome.is_none(),
            SubmissionState::Submitted | SubmissionState::InReview => last_outcome == Some(None),
            SubmissionState::Returned => last_outcome == Some(Some(Outcome::NotYet)),
            SubmissionState::Earned => last_outcome == Some(Some(Outcome::Pass)),
        };
        if !consistent {
            let last = match last_outcome {
                None => "no attempt".to_owned(),
                Some(None) => "an unscored last attempt".to_owned(),
                Some(Some(outcome)) => format!("a last attempt scored {outcome}"),
            };
            return inconsistent(format!("state {state} does not fit {last}"));
        }

        Ok(Self {
            version,
            state,
            answers,
            attempts,
        })
    }

    /// Starts a draft under `published`.
    pub fn start(published: &PublishedVersion) -> Self {
        Self {
            version: published.version_ref(),
            state: SubmissionState::Draft,
            answers: Answers::new(),
            attempts: Vec::new(),
        }
    }

    /// Returns the definition version the submission was started under.
    pub fn version(&self) -> &VersionRef {
        &self.version
    }

    /// Returns the current state.
    pub fn state(&self) -> SubmissionState {
        self.state
    }

    /// Returns the working answers (the latest submitted ones outside `Draft` and `Returned`).
    pub fn answers(&self) -> &Answers {
        &self.answers
    }

    /// Returns every attempt, oldest first.
    pub fn attempts(&self) -> &[Attempt] {
        &self.attempts
    }

    /// Returns the most recent attempt.
    pub fn latest_attempt(&self) -> Option<&Attempt> {
        self.attempts.last()
    }

    /// Sets the answer to one part (an autosave).
    ///
    /// # Errors
    ///
    /// [`Error::NotEditable`] unless the submission is draft or returned.
    pub fn set_answer(&mut self, part_id: impl Into<String>, answer: Answer) -> Result<(), Error> {
        self.ensure_editable()?;
        self.answers.set(part_id, answer);
        Ok(())
    }

    /// Removes the answer to one part.
    ///
    /// # Errors
    ///
    /// [`Error::NotEditable`] unless the submission is draft or returned.
    pub fn clear_answer(&mut self, part_id: &str) -> Result<Option<Answer>, Error> {
        self.ensure_editable()?;
        Ok(self.answers.remove(part_id))
    }

    /// Submits the working answers as a new attempt.
    ///
    /// A resubmission (any attempt after the first) needs a non-empty `note` saying what was
    /// revised. The note is ignored on the first attempt.
    ///
    /// # Errors
    ///
    /// [`Error::VersionMismatch`] when `published` is not the version the submission was
    /// started under, the errors of [`transition`], [`Error::IncompleteSubmission`] listing
    /// every gap found by [`completeness`], and [`Error::MissingResubmissionNote`].
    pub fn submit(
        &mut self,
        published: &PublishedVersion,
        actor: Role,
        note: Option<&str>,
    ) -> Result<&Attempt, Error> {
        self.ensure_version(published)?;
        let next_state = transition(self.state, Event::Submit, actor)?;

        let gaps = completeness(published.definition(), &self.answers);
        if !gaps.is_empty() {
            return Err(Error::IncompleteSubmission {
                problems: gaps.into_iter().map(Problem::from).collect(),
            });
        }

        let number = u32::try_from(self.attempts.len())
            .unwrap_or(u32::MAX)
            .saturating_add(1);
        let note = if number == 1 {
            None
        } else {
            match note.map(str::trim) {
                Some(text) if !text.is_empty() => Some(text.to_owned()),
                _ => return Err(Error::MissingResubmissionNote { attempt: number }),
            }
        };

        self.attempts.push(Attempt {
            number,
            answers: self.answers.clone(),
            note,
            result: None,
        });
        self.state = next_state;
        Ok(self.attempts.last().expect("an attempt was just pushed"))
    }

    /// Moves a submitted submission into review by an assessor.
    ///
    /// Whether this assessor may score it is decided separately by
    /// [`check_eligibility`](crate::eligibility::check_eligibility).
    ///
    /// # Errors
    ///
    /// The errors of [`transition`].
    pub fn start_review(&mut self, actor: Role) -> Result<(), Error> {
        self.state = transition(self.state, Event::StartReview, actor)?;
        Ok(())
    }

    /// Puts a submission in review back in the queue, unscored.
    ///
    /// # Errors
    ///
    /// The errors of [`transition`].
    pub fn release_review(&mut self, actor: Role) -> Result<(), Error> {
        self.state = transition(self.state, Event::ReleaseReview, actor)?;
        Ok(())
    }

    /// Records the assessor's scores on the latest attempt and applies the decision that
    /// follows from the pass rule: `Earned` on a pass and `Returned` otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::VersionMismatch`], [`Error::RoleNotPermitted`] or [`Error::InvalidTransition`]
    /// when the submission is not in review, and [`Error::InvalidScores`] when the scores do
    /// not fit the rubric.
    pub fn record_scores(
        &mut self,
        published: &PublishedVersion,
        actor: Role,
        scores: Vec<Score>,
    ) -> Result<&Decision, Error> {
        self.ensure_version(published)?;
        // Check role and state before the scores, with an outcome that does not matter here.
        transition(self.state, Event::RecordDecision(Outcome::NotYet), actor)?;

        let definition = published.definition();
        let decision = decide(&definition.rubric, &definition.pass_rule, &scores)?;
        let next_state = transition(self.state, Event::RecordDecision(decision.outcome), actor)?;

        let attempt = self
            .attempts
            .last_mut()
            .expect("a submission in review has at least one attempt");
        attempt.result = Some(AttemptResult { scores, decision });
        self.state = next_state;
        let result = attempt.result.as_ref().expect("the result was just set");
        Ok(&result.decision)
    }

    fn ensure_editable(&self) -> Result<(), Error> {
        if self.state.is_editable() {
            Ok(())
        } else {
            Err(Error::NotEditable { state: self.state })
        }
    }

    fn ensure_version(&self, published: &PublishedVersion) -> Result<(), Error> {
        let given = published.version_ref();
        if given == self.version {
            Ok(())
        } else {
            Err(Error::VersionMismatch {
                expected: self.version.to_string(),
                actual: given.to_string(),
            })
        }
    }
}
