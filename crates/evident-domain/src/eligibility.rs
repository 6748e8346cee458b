//! Assessor eligibility: the rule that decides who may score a submission.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// The policy that keeps assessors apart from the educators they score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EligibilityPolicy {
    /// Whether an assessor may score a submission from a school they also belong to.
    /// Off by default, so educators are not scored by colleagues from their own school.
    pub allow_same_school: bool,
}

/// A user with the schools they belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant<U, S> {
    /// The user id.
    pub user: U,
    /// Ids of the schools the user belongs to; may be empty.
    pub schools: Vec<S>,
}

/// Checks whether `assessor` may score a submission by `submitter`.
///
/// An assessor may never score their own submission. Unless `policy.allow_same_school` is set,
/// an assessor may not score a submission from any school they share with the submitter.
///
/// # Errors
///
/// [`Error::OwnSubmission`] or [`Error::SameSchool`].
pub fn check_eligibility<U, S>(
    assessor: &Participant<U, S>,
    submitter: &Participant<U, S>,
    policy: EligibilityPolicy,
) -> Result<(), Error>
where
    U: PartialEq + fmt::Display,
    S: PartialEq + fmt::Display,
{
    if assessor.user == submitter.user {
        return Err(Error::OwnSubmission {
            assessor: assessor.user.to_string(),
        });
    }
    if !policy.allow_same_school
        && let Some(school) = assessor
            .schools
            .iter()
            .find(|school| submitter.schools.contains(school))
    {
        return Err(Error::SameSchool {
            assessor: assessor.user.to_string(),
            school: school.to_string(),
        });
    }
    Ok(())
}

/// Returns whether `assessor` may score a submission by `submitter`; see [`check_eligibility`].
pub fn is_eligible<U, S>(
    assessor: &Participant<U, S>,
    submitter: &Participant<U, S>,
    policy: EligibilityPolicy,
) -> bool
where
    U: PartialEq + fmt::Display,
    S: PartialEq + fmt::Display,
{
    check_eligibility(assessor, submitter, policy).is_ok()
}
