//! Pass rules: how per-criterion levels combine into a pass or a "not yet".

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::rubric::{Rubric, quoted_ids};

/// The rule that turns the level scored on each criterion into a decision.
///
/// Both rules compare levels by their ordinal [`Level::score`](crate::rubric::Level::score).
/// A criterion is *below the bar* when its scored level has a lower score than the rule's
/// level. Unscored optional criteria are never below the bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum PassRule {
    /// Pass when every scored criterion is at or above `min_level`.
    ///
    /// No strength on one criterion makes up for a weakness on another, which is how
    /// BloomBoard ("Demonstrated on every criterion") and Digital Promise award.
    NonCompensatory {
        /// Id of the lowest level that meets the bar.
        min_level: String,
    },
    /// Pass when at most `max_below` criteria are below `level`.
    ///
    /// The Carpentries teaching-demonstration rubric recommends a redo at three or more
    /// "opportunity for growth" marks, which is `max_below: 2` with the positive level as
    /// `level`.
    CountBased {
        /// The largest number of criteria that may be below the bar in a pass.
        max_below: u32,
        /// Id of the level that marks the bar.
        level: String,
    },
}

impl PassRule {
    /// Returns the id of the level the rule compares against.
    pub fn bar_level(&self) -> &str {
        match self {
            PassRule::NonCompensatory { min_level } => min_level,
            PassRule::CountBased { level, .. } => level,
        }
    }

    /// Returns the largest number of criteria that may be below the bar in a pass.
    pub fn max_below(&self) -> u32 {
        match self {
            PassRule::NonCompensatory { .. } => 0,
            PassRule::CountBased { max_below, .. } => *max_below,
        }
    }

    /// Describes the rule in one sentence for educators, using the level titles of `rubric`.
    pub fn describe(&self, rubric: &Rubric) -> String {
        let level_id = self.bar_level();
        let title = rubric
            .level(level_id)
            .map_or(level_id, |level| level.title.as_str());
        match self {
            PassRule::NonCompensatory { .. } => {
                format!("Every criterion must be scored at \"{title}\" or above.")
            }
            PassRule::CountBased { max_below: 0, .. } => {
                format!("No criterion may be scored below \"{title}\".")
            }
            PassRule::CountBased { max_below: 1, .. } => {
                format!("At most 1 criterion may be scored below \"{title}\".")
            }
            PassRule::CountBased { max_below, .. } => {
                format!("At most {max_below} criteria may be scored below \"{title}\".")
            }
        }
    }

    /// Checks the rule against `rubric` and returns every problem, with fields prefixed by `path`.
    ///
    /// The bar level must be a level of the rubric, and the rule must be passable. A required
    /// criterion that uses no level at or above the bar is below it whatever the score, so more
    /// such criteria than the rule allows would make a pass impossible.
    pub fn problems(&self, rubric: &Rubric, path: &str) -> Vec<Problem> {
        let level_id = self.bar_level();
        let field = match self {
            PassRule::NonCompensatory { .. } => format!("{path}.min_level"),
            PassRule::CountBased { .. } => format!("{path}.level"),
        };
        let Some(bar) = rubric.level(level_id) else {
            return vec![Problem::new(
                field,
                format!(
                    "pass-rule level {level_id:?} is not a level of the rubric: use one of {}",
                    quoted_ids(rubric.levels.iter().map(|level| level.id.as_str()))
                ),
            )];
        };

        let always_below: Vec<&str> = rubric
            .criteria
            .iter()
            .filter(|criterion| !criterion.optional)
            .filter(|criterion| {
                rubric
                    .levels_of(criterion)
                    .iter()
                    .all(|level| level.score < bar.score)
            })
            .map(|criterion| criterion.id.as_str())
            .collect();
        let allowed = usize::try_from(self.max_below()).unwrap_or(usize::MAX);
        if always_below.len() > allowed {
            return vec![Problem::new(
                field,
                format!(
                    "no submission can pass: criteria {} use no level at or above {level_id:?} \
                     and the rule allows {allowed} below it; lower the bar, raise max_below or \
                     add higher descriptors",
                    quoted_ids(always_below.into_iter())
                ),
            )];
        }
        Vec::new()
    }
}
