//! Conversion of a CASE CFRubric into a [`Rubric`].
//!
//! CASE 1.1 gives every criterion its own list of CFRubricCriterionLevel objects, each with a
//! `quality` (the level name), a numeric `score`, a `description` and a `position`. A
//! [`Rubric`] shares its levels across criteria, so the conversion merges the per-criterion
//! levels by quality. The input types here are plain data, independent of any CASE parser, so a
//! caller maps its own CASE types onto them.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem};
use crate::rubric::{CaseItemRef, Criterion, Descriptor, Level, Rubric};

/// A CFRubric as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseRubricInput {
    /// The CFRubric `identifier`.
    pub identifier: String,
    /// The CFRubric `title`.
    pub title: String,
    /// The CFRubric `description`.
    #[serde(default)]
    pub description: Option<String>,
    /// The CFRubricCriteria.
    pub criteria: Vec<CaseCriterionInput>,
}

/// A CFRubricCriterion as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseCriterionInput {
    /// The CFRubricCriterion `identifier`.
    pub identifier: String,
    /// The `category`, used as the criterion's heading.
    #[serde(default)]
    pub category: Option<String>,
    /// The `description`, used as the criterion's title.
    #[serde(default)]
    pub description: Option<String>,
    /// The `position` (display order).
    #[serde(default)]
    pub position: Option<i64>,
    /// The `weight`. The pass rules do not weight criteria, so it is carried no further.
    #[serde(default)]
    pub weight: Option<f64>,
    /// The CFItem the criterion points to (`CFItemURI`).
    #[serde(default)]
    pub item: Option<CaseItemRef>,
    /// The CFRubricCriterionLevels.
    pub levels: Vec<CaseLevelInput>,
}

/// A CFRubricCriterionLevel as plain data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseLevelInput {
    /// The CFRubricCriterionLevel `identifier`.
    pub identifier: String,
    /// The `quality`: the level's name, such as "Proficient".
    #[serde(default)]
    pub quality: Option<String>,
    /// The `score`; must be a whole number.
    #[serde(default)]
    pub score: Option<f64>,
    /// The `description`: what performance at this level looks like.
    #[serde(default)]
    pub description: Option<String>,
    /// The `position` (display order within the criterion).
    #[serde(default)]
    pub position: Option<i64>,
}

/// Converts a CFRubric into a [`Rubric`].
///
/// - **Levels.** Levels are merged across criteria by their trimmed `quality`. Each becomes a
///   [`Level`] whose id is the quality in lowercase with runs of other characters replaced by
///   one hyphen ("Opportunity for Growth" becomes `opportunity-for-growth`). The rubric's
///   levels are ordered from the highest score to the lowest. Every level needs a quality and a
///   whole-number score, one quality must have the same score on every criterion, and two
///   qualities may not share a score.
/// - **Criteria.** Criteria are ordered by `position`. A criterion's id is its CFItem's
///   `humanCodingScheme` when every criterion has a distinct one (such as `C.1`), and its CASE
///   `identifier` otherwise. Its title is the `description`, its category the `category` and its
///   alignment the CFItem.
/// - **Descriptors.** A level's descriptor is its `description`, or its quality when the
///   description is absent.
/// - **Single-level criteria.** A criterion with one level, in a rubric with more than one
///   level, becomes [`optional`](Criterion::optional): it is a mark an assessor gives only when
///   the behaviour is observed, as in the Carpentries teaching-demonstration rubric.
///
/// NOTE: criterion `weight` is dropped because neither pass rule weights criteria.
///
/// # Errors
///
/// [`Error::InvalidCaseRubric`] listing every problem; the converted rubric is also checked
/// with [`Rubric::problems`].
pub fn rubric_from_case(input: &CaseRubricInput) -> Result<Rubric, Error> {
    let mut problems = Vec::new();
    let levels = merge_levels(input, &mut problems);

    let mut criteria: Vec<&CaseCriterionInput> = input.criteria.iter().collect();
    criteria.sort_by_key(|criterion| criterion.position.unwrap_or(i64::MAX));
    let use_human_codes = human_codes_are_ids(&criteria);

    let converted: Vec<Criterion> = criteria
        .iter()
        .map(|criterion| convert_criterion(criterion, use_human_codes, levels.len(), &mut problems))
        .collect();

    let mut rubric_levels: Vec<Level> = levels
        .into_iter()
        .map(|(id, (title, score))| Level { id, title, score })
        .collect();
    rubric_levels.sort_by_key(|level| std::cmp::Reverse(level.score));

    let rubric = Rubric {
        levels: rubric_levels,
        criteria: converted,
    };
    if problems.is_empty() {
        problems = rubric.problems("rubric");
    }
    if problems.is_empty() {
        Ok(rubric)
    } else {
        Err(Error::InvalidCaseRubric {
            rubric: input.identifier.clone(),
            problems,
        })
    }
}

/// Collects the rubric levels as `id → (title, score)`, recording conflicts in `problems`.
fn merge_levels(
    input: &CaseRubricInput,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, (String, i32)> {
    let mut levels: BTreeMap<String, (String, i32)> = BTreeMap::new();
    let mut score_owner: BTreeMap<i32, String> = BTreeMap::new();

    for criterion in &input.criteria {
        for level in &criterion.levels {
            let field = format!(
                "criteria[{}].levels[{}]",
                criterion.identifier, level.identifier
            );
            let Some((quality, score)) = level_quality_and_score(level, &field, problems) else {
                continue;
            };
            let id = level_id(&quality, score);
            match levels.get(&id) {
                Some((_, known)) if *known != score => problems.push(Problem::new(
                    field,
                    format!(
                        "level {quality:?} has score {score} here but {known} on another criterion: \
                         give one quality the same score everywhere"
                    ),
                )),
                Some(_) => {}
                None => {
                    if let Some(other) = score_owner.get(&score) {
                        problems.push(Problem::new(
                            field,
                            format!(
                                "levels {other:?} and {id:?} both have score {score}: levels are ordered \
                                 by score, so give them different scores"
                            ),
                        ));
                        continue;
                    }
                    score_owner.insert(score, id.clone());
                    levels.insert(id, (quality, score));
                }
            }
        }
    }
    levels
}

fn level_quality_and_score(
    level: &CaseLevelInput,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<(String, i32)> {
    let quality = level.quality.as_deref().map(str::trim).unwrap_or_default();
    if quality.is_empty() {
        problems.push(Problem::new(
            field,
            "level has no quality: set quality to the level's name",
        ));
        return None;
    }
    let Some(score) = level.score else {
        problems.push(Problem::new(
            field,
            format!("level {quality:?} has no score: set a whole-number score"),
        ));
        return None;
    };
    let whole =
        score.fract() == 0.0 && score >= f64::from(i32::MIN) && score <= f64::from(i32::MAX);
    if !whole {
        problems.push(Problem::new(
            field,
            format!("level {quality:?} has score {score}, which is not a whole number: round it"),
        ));
        return None;
    }
    // The range check above makes this conversion exact.
    #[allow(clippy::cast_possible_truncation)]
    let score = score as i32;
    Some((quality.to_owned(), score))
}

/// Returns the level id for `quality`: lowercase ASCII letters and digits joined by hyphens,
/// or `level-<score>` when the quality has no ASCII letters or digits.
fn level_id(quality: &str, score: i32) -> String {
    let mut id = String::new();
    for word in quality
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(&word.to_ascii_lowercase());
    }
    if id.is_empty() {
        format!("level-{score}")
    } else {
        id
    }
}

fn human_codes_are_ids(criteria: &[&CaseCriterionInput]) -> bool {
    let mut seen = HashSet::new();
    criteria.iter().all(|criterion| {
        criterion
            .item
            .as_ref()
            .and_then(|item| item.human_code.as_deref())
            .map(str::trim)
            .is_some_and(|code| !code.is_empty() && seen.insert(code))
    })
}

fn convert_criterion(
    criterion: &CaseCriterionInput,
    use_human_codes: bool,
    level_count: usize,
    problems: &mut Vec<Problem>,
) -> Criterion {
    let human_code = criterion
        .item
        .as_ref()
        .and_then(|item| item.human_code.as_deref())
        .map(str::trim);
    let id = match human_code {
        Some(code) if use_human_codes => code.to_owned(),
        _ => criterion.identifier.clone(),
    };
    let title = criterion
        .description
        .as_deref()
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if title.is_empty() {
        problems.push(Problem::new(
            format!("criteria[{}].description", criterion.identifier),
            "criterion has no description, which becomes its title: describe the criterion",
        ));
    }

    let mut levels: Vec<&CaseLevelInput> = criterion.levels.iter().collect();
    levels.sort_by_key(|level| level.position.unwrap_or(i64::MAX));
    let descriptors = levels
        .iter()
        .filter_map(|level| {
            let quality = level.quality.as_deref()?.trim();
            let score = level.score?;
            #[allow(clippy::cast_possible_truncation)]
            let level_id = level_id(quality, score as i32);
            let text = level
                .description
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .unwrap_or(quality)
                .to_owned();
            Some(Descriptor { level_id, text })
        })
        .collect::<Vec<_>>();

    Criterion {
        id,
        title,
        description: String::new(),
        category: criterion
            .category
            .as_deref()
            .map(str::trim)
            .filter(|category| !category.is_empty())
            .map(str::to_owned),
        alignment: criterion.item.clone(),
        optional: criterion.levels.len() == 1 && level_count > 1,
        descriptors,
    }
}
