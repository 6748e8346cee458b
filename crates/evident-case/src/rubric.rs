//! CFRubric, CFRubricCriterion and CFRubricCriterionLevel, with helpers that order
//! criteria and levels by `position` and link each criterion to its CFItem.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::model::{Item, LinkUri, Package};

/// A CFRubric: a set of criteria, each scored on its own levels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rubric {
    pub identifier: String,
    pub uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(
        rename = "CFRubricCriteria",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub criteria: Option<Vec<Criterion>>,
    /// Other properties, e.g. 1.1 `extensions`, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFRubricCriterion: one row of a rubric, usually aligned to a CFItem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub identifier: String,
    pub uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The CFItem the criterion assesses.
    #[serde(rename = "CFItemURI", default, skip_serializing_if = "Option::is_none")]
    pub item_uri: Option<LinkUri>,
    /// Relative weight of the criterion in the rubric total; CASE gives no default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Display order among the rubric's criteria, ascending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    #[serde(rename = "rubricId", default, skip_serializing_if = "Option::is_none")]
    pub rubric_id: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(
        rename = "CFRubricCriterionLevels",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub levels: Option<Vec<CriterionLevel>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFRubricCriterionLevel: one scoring level of a criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionLevel {
    pub identifier: String,
    pub uri: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Short name of the level, e.g. "Proficient".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
    /// Points for the level. `None` for a level that is not scored, such as "Not
    /// Applicable", which callers must leave out of totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
    /// Display order among the criterion's levels, ascending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<i64>,
    #[serde(
        rename = "rubricCriterionId",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub rubric_criterion_id: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Sort key that puts values with a position first, ascending, and keeps the input order
/// among equal or missing positions (the sorts below are stable).
fn position_key(position: Option<i64>) -> (bool, i64) {
    (position.is_none(), position.unwrap_or(0))
}

impl Rubric {
    /// Returns the criteria, or an empty slice when `CFRubricCriteria` is absent.
    pub fn criteria(&self) -> &[Criterion] {
        self.criteria.as_deref().unwrap_or(&[])
    }

    /// Returns the criteria ordered by `position`; criteria without one come last in
    /// input order.
    pub fn criteria_by_position(&self) -> Vec<&Criterion> {
        let mut criteria: Vec<&Criterion> = self.criteria().iter().collect();
        criteria.sort_by_key(|criterion| position_key(criterion.position));
        criteria
    }

    /// Returns the distinct level names (`quality`) over all criteria, in order of
    /// `position` and then of first appearance.
    pub fn level_qualities(&self) -> Vec<&str> {
        let mut levels: Vec<&CriterionLevel> = self
            .criteria()
            .iter()
            .flat_map(|criterion| criterion.levels())
            .collect();
        levels.sort_by_key(|level| position_key(level.position));
        let mut qualities: Vec<&str> = Vec::new();
        for quality in levels.iter().filter_map(|level| level.quality.as_deref()) {
            if !qualities.contains(&quality) {
                qualities.push(quality);
            }
        }
        qualities
    }
}

impl Criterion {
    /// Returns the levels, or an empty slice when `CFRubricCriterionLevels` is absent.
    pub fn levels(&self) -> &[CriterionLevel] {
        self.levels.as_deref().unwrap_or(&[])
    }

    /// Returns the levels ordered by `position`; levels without one come last in input
    /// order.
    pub fn levels_by_position(&self) -> Vec<&CriterionLevel> {
        let mut levels: Vec<&CriterionLevel> = self.levels().iter().collect();
        levels.sort_by_key(|level| position_key(level.position));
        levels
    }
}

/// A criterion with the CFItem it assesses and its levels in `position` order.
#[derive(Debug, Clone)]
pub struct AlignedCriterion<'a> {
    pub criterion: &'a Criterion,
    /// The item named by `CFItemURI`; `None` when the criterion has no `CFItemURI`.
    /// Import rejects a `CFItemURI` that names no item of the package.
    pub item: Option<&'a Item>,
    pub levels: Vec<&'a CriterionLevel>,
}

impl Package {
    /// Returns the rubric with the given identifier.
    pub fn rubric(&self, identifier: &str) -> Option<&Rubric> {
        self.rubrics()
            .iter()
            .find(|rubric| rubric.identifier == identifier)
    }

    /// Returns the criteria of `rubric` in `position` order, each with its CFItem and its
    /// levels in `position` order.
    pub fn aligned_criteria<'a>(&'a self, rubric: &'a Rubric) -> Vec<AlignedCriterion<'a>> {
        let index = self.item_index();
        rubric
            .criteria_by_position()
            .into_iter()
            .map(|criterion| AlignedCriterion {
                criterion,
                item: criterion
                    .item_uri
                    .as_ref()
                    .and_then(|link| index.item_for_link(link)),
                levels: criterion.levels_by_position(),
            })
            .collect()
    }
}
