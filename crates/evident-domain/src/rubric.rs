//! Rubrics: criteria × performance levels, with a descriptor for each level a criterion uses.
//!
//! Levels are shared by all criteria of a rubric and ordered by their ordinal `score` (higher is
//! better). A criterion lists descriptors only for the levels it uses. The Carpentries
//! teaching-demonstration rubric, for example, has a "Speaks clearly" criterion with a positive
//! level only.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// A scoring guide: the performance levels and the criteria they apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rubric {
    /// Performance levels, shared by all criteria.
    pub levels: Vec<Level>,
    /// Criteria in display order.
    pub criteria: Vec<Criterion>,
}

/// One performance level, such as "Proficient" with score 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// Name shown to educators and assessors.
    pub title: String,
    /// Ordinal score: a higher score is a better performance. Scores are unique within a rubric.
    pub score: i32,
}

/// One criterion an assessor scores.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    /// Identifier, unique within the rubric.
    pub id: String,
    /// Short name of the criterion.
    pub title: String,
    /// The evidence the criterion looks for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Heading the criterion is grouped under, such as "Content" or "Delivery".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The CASE item (CFItem) the criterion is aligned to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alignment: Option<CaseItemRef>,
    /// Whether an assessor may leave the criterion unscored.
    ///
    /// An optional criterion records a behaviour marked only when observed, such as the
    /// Carpentries "notifications show up on their screen". An unscored optional criterion
    /// counts neither for nor against the pass rule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// One descriptor per level the criterion uses, in display order.
    pub descriptors: Vec<Descriptor>,
}

/// The text that describes performance at one level of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Descriptor {
    /// The [`Level::id`] the text describes.
    pub level_id: String,
    /// Description of performance at this level.
    pub text: String,
}

/// A reference to a CASE CFItem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseItemRef {
    /// The CFItem `identifier` (a UUID).
    pub identifier: String,
    /// The CFItem `uri`.
    pub uri: String,
    /// The CFItem `humanCodingScheme`, such as `2.1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
}

impl Rubric {
    /// Returns the level with `id`.
    pub fn level(&self, id: &str) -> Option<&Level> {
        self.levels.iter().find(|level| level.id == id)
    }

    /// Returns the criterion with `id`.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|criterion| criterion.id == id)
    }

    /// Returns the levels ordered from the lowest score to the highest.
    pub fn levels_by_score(&self) -> Vec<&Level> {
        let mut levels: Vec<&Level> = self.levels.iter().collect();
        levels.sort_by_key(|level| level.score);
        levels
    }

    /// Returns the levels `criterion` uses, ordered from the lowest score to the highest.
    pub fn levels_of<'a>(&'a self, criterion: &'a Criterion) -> Vec<&'a Level> {
        let mut levels: Vec<&Level> = criterion
            .descriptors
            .iter()
            .filter_map(|descriptor| self.level(&descriptor.level_id))
            .collect();
        levels.sort_by_key(|level| level.score);
        levels
    }

    /// Checks the rubric and returns every problem, with fields prefixed by `path`.
    ///
    /// A valid rubric has at least one level and one criterion, unique non-empty ids, unique
    /// level scores, and criteria with at least one descriptor, each naming a level of the
    /// rubric at most once and with non-empty text.
    pub fn problems(&self, path: &str) -> Vec<Problem> {
        let mut problems = Vec::new();
        self.level_problems(path, &mut problems);
        self.criterion_problems(path, &mut problems);
        problems
    }

    fn level_problems(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.levels.is_empty() {
            problems.push(Problem::new(
                format!("{path}.levels"),
                "the rubric has no levels: add at least one performance level",
            ));
        }
        let mut ids = HashSet::new();
        let mut scores = HashSet::new();
        for (index, level) in self.levels.iter().enumerate() {
            let field = format!("{path}.levels[{index}]");
            if level.id.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{field}.id"),
                    "level id is empty: give the level an id",
                ));
            } else if !ids.insert(level.id.as_str()) {
                problems.push(Problem::new(
                    format!("{field}.id"),
                    format!(
                        "level id {:?} is used twice: give each level its own id",
                        level.id
                    ),
                ));
            }
            if level.title.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{field}.title"),
                    format!("level {:?} has an empty title: name the level", level.id),
                ));
            }
            if !scores.insert(level.score) {
                problems.push(Problem::new(
                    format!("{field}.score"),
                    format!(
                        "score {} of level {:?} is used by another level: levels are ordered by \
                         score, so give each a different score",
                        level.score, level.id
                    ),
                ));
            }
        }
    }

    fn criterion_problems(&self, path: &str, problems: &mut Vec<Problem>) {
        if self.criteria.is_empty() {
            problems.push(Problem::new(
                format!("{path}.criteria"),
                "the rubric has no criteria: add at least one criterion",
            ));
        }
        let mut ids = HashSet::new();
        for (index, criterion) in self.criteria.iter().enumerate() {
            let field = format!("{path}.criteria[{index}]");
            if criterion.id.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{field}.id"),
                    "criterion id is empty: give the criterion an id",
                ));
            } else if !ids.insert(criterion.id.as_str()) {
                problems.push(Problem::new(
                    format!("{field}.id"),
                    format!(
                        "criterion id {:?} is used twice: give each criterion its own id",
                        criterion.id
                    ),
                ));
            }
            if criterion.title.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{field}.title"),
                    format!(
                        "criterion {:?} has an empty title: name the criterion",
                        criterion.id
                    ),
                ));
            }
            self.descriptor_problems(&field, criterion, problems);
        }
    }

    fn descriptor_problems(&self, field: &str, criterion: &Criterion, problems: &mut Vec<Problem>) {
        if criterion.descriptors.is_empty() {
            problems.push(Problem::new(
                format!("{field}.descriptors"),
                format!(
                    "criterion {:?} has no descriptors: describe at least one level",
                    criterion.id
                ),
            ));
        }
        let mut used = HashSet::new();
        for (index, descriptor) in criterion.descriptors.iter().enumerate() {
            let field = format!("{field}.descriptors[{index}]");
            if self.level(&descriptor.level_id).is_none() {
                problems.push(Problem::new(
                    format!("{field}.level_id"),
                    format!(
                        "level {:?} of criterion {:?} is not a level of the rubric: use one of {}",
                        descriptor.level_id,
                        criterion.id,
                        quoted_ids(self.levels.iter().map(|level| level.id.as_str()))
                    ),
                ));
            } else if !used.insert(descriptor.level_id.as_str()) {
                problems.push(Problem::new(
                    format!("{field}.level_id"),
                    format!(
                        "criterion {:?} describes level {:?} twice: keep one descriptor per level",
                        criterion.id, descriptor.level_id
                    ),
                ));
            }
            if descriptor.text.trim().is_empty() {
                problems.push(Problem::new(
                    format!("{field}.text"),
                    format!(
                        "descriptor for level {:?} of criterion {:?} is empty: describe the performance",
                        descriptor.level_id, criterion.id
                    ),
                ));
            }
        }
    }
}

impl Criterion {
    /// Returns whether the criterion has a descriptor for `level_id`, so that level may be scored.
    pub fn allows(&self, level_id: &str) -> bool {
        self.descriptors
            .iter()
            .any(|descriptor| descriptor.level_id == level_id)
    }

    /// Returns the descriptor text for `level_id`.
    pub fn descriptor(&self, level_id: &str) -> Option<&str> {
        self.descriptors
            .iter()
            .find(|descriptor| descriptor.level_id == level_id)
            .map(|descriptor| descriptor.text.as_str())
    }
}

/// Formats ids as `"a", "b", "c"` for messages.
pub(crate) fn quoted_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    ids.map(|id| format!("{id:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}
