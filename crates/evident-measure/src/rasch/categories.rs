//! Rating categories and threshold sets.
//!
//! Scores keep the rubric's numbering. Each threshold set (the whole rating scale, or
//! one task under the partial-credit model) uses the categories observed in it:
//!
//! - a score never observed at the bottom or top of a set is outside that set's range,
//!   so the set has no threshold for it (Winsteps and FACETS treat such items the same
//!   way);
//! - an unobserved score between two observed ones is collapsed, so the categories of
//!   the set are renumbered in order (FACETS' default for unobserved intermediate
//!   categories without `Keep`). Every collapse is listed in the notes of the fit.
//!
//! No threshold is ever estimated for a category with zero count, because its maximum
//! likelihood value is infinite.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::MeasureError;
use crate::ratings::{Facet, Ratings};

use super::probability::MAX_CATEGORIES;

/// The categories of one threshold set.
#[derive(Debug, Clone, Serialize)]
pub struct CategorySet {
    /// `rating scale` under the rating-scale model, otherwise the task label.
    pub name: String,
    /// Rubric score of each category, lowest first. Category `k` of the model is `scores[k]`.
    pub scores: Vec<i64>,
    /// Rubric scores between the lowest and highest observed ones that no rating used.
    pub collapsed: Vec<i64>,
}

impl CategorySet {
    /// Returns the highest category index m, so the set has m thresholds.
    pub fn top(&self) -> usize {
        self.scores.len() - 1
    }

    /// Returns the rubric score used for category `k` in reported totals and averages.
    /// After a collapse the categories are renumbered in order from the lowest score.
    pub fn reported_score(&self, category: f64) -> f64 {
        self.scores[0] as f64 + category
    }
}

/// Category index of every rating and the threshold sets.
#[derive(Debug, Clone)]
pub struct Categories {
    /// Category index of each rating within its set.
    pub category: Vec<u8>,
    /// Threshold set of each task (all zero under the rating-scale model).
    pub set_of_task: Vec<u32>,
    /// The threshold sets.
    pub sets: Vec<CategorySet>,
    /// Rubric scores in the declared range that no rating used.
    pub unobserved_in_range: Vec<i64>,
}

/// Converts a score to an integer or explains why it cannot be one.
fn whole_score(score: f64, row: usize) -> Result<i64, MeasureError> {
    if score.fract() != 0.0 || score.abs() > 1e9 {
        return Err(MeasureError::InvalidScore {
            line: row as u64 + 2,
            value: score.to_string(),
            reason: "a Rasch analysis needs whole-number scores".to_string(),
        });
    }
    Ok(score as i64)
}

/// Builds the threshold sets: one shared set, or one per task when `per_task` is true.
/// With `anchored_scores` each set uses those rubric scores instead of the observed ones,
/// which lets a few new ratings be measured against an earlier calibration.
pub fn build(
    ratings: &Ratings,
    per_task: bool,
    score_range: Option<(i64, i64)>,
    anchored_scores: Option<&[Vec<i64>]>,
) -> Result<Categories, MeasureError> {
    let tasks = ratings.ids(Facet::Task);
    let task_labels = ratings.labels(Facet::Task);
    let set_count = if per_task { task_labels.len() } else { 1 };
    let set_of_task: Vec<u32> = (0..task_labels.len() as u32)
        .map(|task| if per_task { task } else { 0 })
        .collect();

    let mut observed: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); set_count];
    let mut all_observed = BTreeSet::new();
    let mut whole = Vec::with_capacity(ratings.len());
    for (row, &score) in ratings.scores().iter().enumerate() {
        let value = whole_score(score, row)?;
        if let Some((low, high)) = score_range
            && !(low..=high).contains(&value)
        {
            return Err(MeasureError::InvalidScore {
                line: row as u64 + 2,
                value: value.to_string(),
                reason: format!("outside the declared score range {low}..={high}"),
            });
        }
        observed[set_of_task[tasks[row] as usize] as usize].insert(value);
        all_observed.insert(value);
        whole.push(value);
    }
    if let Some(anchored) = anchored_scores {
        return anchored_build(ratings, set_of_task, &observed, anchored, whole, per_task);
    }
    if all_observed.len() < 2 {
        let score = all_observed.first().copied().unwrap_or_default();
        return Err(MeasureError::SingleCategory {
            score: score as u32,
        });
    }

    let mut sets = Vec::with_capacity(set_count);
    for (index, scores) in observed.iter().enumerate() {
        let name = if per_task {
            task_labels.name(index as u32).to_string()
        } else {
            "rating scale".to_string()
        };
        let scores: Vec<i64> = scores.iter().copied().collect();
        if scores.len() < 2 {
            return Err(MeasureError::InvalidConstraint {
                reason: format!(
                    "task {name} uses only the score {}, so its partial-credit threshold set cannot be estimated; use the rating-scale model",
                    scores.first().copied().unwrap_or_default()
                ),
            });
        }
        if scores.len() > MAX_CATEGORIES {
            return Err(MeasureError::InvalidScore {
                line: 0,
                value: format!("{}..{}", scores[0], scores[scores.len() - 1]),
                reason: format!("a threshold set may have at most {MAX_CATEGORIES} categories"),
            });
        }
        let collapsed = (scores[0]..=scores[scores.len() - 1])
            .filter(|score| scores.binary_search(score).is_err())
            .collect();
        sets.push(CategorySet {
            name,
            scores,
            collapsed,
        });
    }

    let category = whole
        .iter()
        .zip(tasks)
        .map(|(value, &task)| {
            let set = &sets[set_of_task[task as usize] as usize];
            set.scores
                .binary_search(value)
                .expect("score was observed in its set") as u8
        })
        .collect();
    let unobserved_in_range = match score_range {
        Some((low, high)) => (low..=high).filter(|s| !all_observed.contains(s)).collect(),
        None => Vec::new(),
    };
    Ok(Categories {
        category,
        set_of_task,
        sets,
        unobserved_in_range,
    })
}

/// Builds threshold sets whose categories are fixed by anchors.
fn anchored_build(
    ratings: &Ratings,
    set_of_task: Vec<u32>,
    observed: &[BTreeSet<i64>],
    anchored: &[Vec<i64>],
    whole: Vec<i64>,
    per_task: bool,
) -> Result<Categories, MeasureError> {
    let task_labels = ratings.labels(Facet::Task);
    if anchored.len() != observed.len() {
        return Err(MeasureError::InvalidAnchor {
            reason: format!(
                "{} anchored category sets were given but the model has {} threshold sets",
                anchored.len(),
                observed.len()
            ),
        });
    }
    let mut sets = Vec::with_capacity(anchored.len());
    for (index, (scores, seen)) in anchored.iter().zip(observed).enumerate() {
        let name = if per_task {
            task_labels.name(index as u32).to_string()
        } else {
            "rating scale".to_string()
        };
        let valid = scores.len() >= 2
            && scores.len() <= MAX_CATEGORIES
            && scores.windows(2).all(|w| w[0] < w[1]);
        if !valid {
            return Err(MeasureError::InvalidAnchor {
                reason: format!(
                    "the anchored scores {scores:?} of `{name}` must be at least two increasing whole numbers"
                ),
            });
        }
        if let Some(score) = seen.iter().find(|s| scores.binary_search(s).is_err()) {
            return Err(MeasureError::InvalidAnchor {
                reason: format!(
                    "score {score} occurs in `{name}` but is not one of its anchored scores {scores:?}"
                ),
            });
        }
        sets.push(CategorySet {
            name,
            scores: scores.clone(),
            collapsed: Vec::new(),
        });
    }
    let tasks = ratings.ids(Facet::Task);
    let category = whole
        .iter()
        .zip(tasks)
        .map(|(value, &task)| {
            let set = &sets[set_of_task[task as usize] as usize];
            set.scores
                .binary_search(value)
                .expect("score was checked against the anchored scores") as u8
        })
        .collect();
    Ok(Categories {
        category,
        set_of_task,
        sets,
        unobserved_in_range: Vec::new(),
    })
}
