//! Scoring a submission: one level and feedback per criterion, and the decision that follows.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem};
use crate::pass_rule::PassRule;
use crate::rubric::{Rubric, quoted_ids};

/// The level an assessor gives one criterion, with feedback for the educator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// The [`Criterion::id`](crate::rubric::Criterion::id) scored.
    pub criterion_id: String,
    /// The [`Level::id`](crate::rubric::Level::id) given.
    pub level_id: String,
    /// Feedback for the educator on this criterion: strengths and changes to make.
    pub feedback: String,
}

/// Whether a submission earns the micro-credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The pass rule is met: the micro-credential is earned.
    Pass,
    /// The pass rule is not met yet: the submission is returned for revision.
    NotYet,
}

impl Outcome {
    /// Returns the stable string code, `pass` or `not_yet`.
    pub fn code(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::NotYet => "not_yet",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The result of applying a pass rule to a set of scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// Pass or not yet.
    pub outcome: Outcome,
    /// Ids of the criteria scored below the pass rule's level, in rubric order. A pass under a
    /// count-based rule may still list criteria here.
    pub below_bar: Vec<String>,
}

/// Checks `scores` against `rubric` and returns every problem found.
///
/// Scores are valid when each names a criterion of the rubric at most once, gives a level the
/// criterion uses, and carries non-empty feedback, and when every criterion that is not
/// [`optional`](crate::rubric::Criterion::optional) is scored. The field of each problem is
/// `scores[i]` for a problem with one score, or `scores` for a missing criterion.
pub fn score_problems(rubric: &Rubric, scores: &[Score]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut scored = HashSet::new();

    for (index, score) in scores.iter().enumerate() {
        let field = format!("scores[{index}]");
        let Some(criterion) = rubric.criterion(&score.criterion_id) else {
            problems.push(Problem::new(
                field,
                format!(
                    "criterion {:?} is not in the rubric: score one of {}",
                    score.criterion_id,
                    quoted_ids(rubric.criteria.iter().map(|c| c.id.as_str()))
                ),
            ));
            continue;
        };
        if !scored.insert(criterion.id.as_str()) {
            problems.push(Problem::new(
                field.clone(),
                format!(
                    "criterion {:?} is scored twice: give each criterion one level",
                    criterion.id
                ),
            ));
        }
        if rubric.level(&score.level_id).is_none() {
            problems.push(Problem::new(
                field.clone(),
                format!(
                    "level {:?} for criterion {:?} is not in the rubric: use one of {}",
                    score.level_id,
                    criterion.id,
                    quoted_ids(rubric.levels_of(criterion).iter().map(|l| l.id.as_str()))
                ),
            ));
        } else if !criterion.allows(&score.level_id) {
            problems.push(Problem::new(
                field.clone(),
                format!(
                    "level {:?} is not used by criterion {:?}: use one of {}",
                    score.level_id,
                    criterion.id,
                    quoted_ids(rubric.levels_of(criterion).iter().map(|l| l.id.as_str()))
                ),
            ));
        }
        if score.feedback.trim().is_empty() {
            problems.push(Problem::new(
                field,
                format!(
                    "feedback for criterion {:?} is empty: tell the educator what meets the \
                     criterion or what to revise",
                    criterion.id
                ),
            ));
        }
    }

    for criterion in &rubric.criteria {
        if !criterion.optional && !scored.contains(criterion.id.as_str()) {
            problems.push(Problem::new(
                "scores",
                format!(
                    "criterion {:?} is not scored: give it a level and feedback",
                    criterion.id
                ),
            ));
        }
    }
    problems
}

/// Checks `scores` against `rubric`, as [`score_problems`] describes.
///
/// # Errors
///
/// [`Error::InvalidScores`] listing every problem.
pub fn validate_scores(rubric: &Rubric, scores: &[Score]) -> Result<(), Error> {
    let problems = score_problems(rubric, scores);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidScores { problems })
    }
}

/// Applies `pass_rule` to `scores` and returns the decision.
///
/// With `b` the score of the rule's level and `s(c)` the score of the level given to criterion
/// `c`, the criteria below the bar are `B = { c scored : s(c) < b }`. A non-compensatory rule
/// passes when `|B| = 0`, and a count-based rule with `max_below = n` passes when `|B| ≤ n`.
/// Unscored optional criteria are not in `B`.
///
/// # Errors
///
/// [`Error::InvalidScores`] when the scores fail [`validate_scores`] or the rule's level is not
/// in the rubric.
pub fn decide(rubric: &Rubric, pass_rule: &PassRule, scores: &[Score]) -> Result<Decision, Error> {
    validate_scores(rubric, scores)?;
    let bar_id = pass_rule.bar_level();
    let bar = rubric.level(bar_id).ok_or_else(|| Error::InvalidScores {
        problems: vec![Problem::new(
            "pass_rule",
            format!("pass-rule level {bar_id:?} is not in the rubric: fix the definition"),
        )],
    })?;

    let below_bar: Vec<String> = rubric
        .criteria
        .iter()
        .filter(|criterion| {
            scores
                .iter()
                .find(|score| score.criterion_id == criterion.id)
                .and_then(|score| rubric.level(&score.level_id))
                .is_some_and(|level| level.score < bar.score)
        })
        .map(|criterion| criterion.id.clone())
        .collect();

    let allowed = usize::try_from(pass_rule.max_below()).unwrap_or(usize::MAX);
    let outcome = if below_bar.len() <= allowed {
        Outcome::Pass
    } else {
        Outcome::NotYet
    };
    Ok(Decision { outcome, below_bar })
}
