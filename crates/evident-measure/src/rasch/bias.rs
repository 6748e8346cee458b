//! FACETS-style bias (interaction) analysis after the main estimation.
//!
//! For each observed cell of two facets, one term b is added to η of the cell's ratings
//! with every main-effect parameter fixed, and solved from Σ_cell (x − E[x | η + b]) = 0.
//! SE = 1/√(Σ_cell W) at b and t = b / SE. A positive b means the cell was rated higher
//! than the main effects predict (FACETS `Bias = Ability`). A cell with an extreme score
//! is fitted to the score moved 0.5 points inwards, because its exact solution is infinite.

use std::collections::HashMap;

use crate::MeasureError;
use crate::ratings::{Labels, Ratings};

use super::jmle::Estimation;
use super::probability::{MAX_CATEGORIES, category_probabilities};
use super::{BiasCell, BiasFacet, BiasTable};

/// Score points by which an extreme cell total is moved inwards.
const EXTREME_CELL_ADJUSTMENT: f64 = 0.5;

fn facet_ids<'a>(
    estimation: &'a Estimation,
    ratings: &'a Ratings,
    facet: BiasFacet,
) -> Result<(&'a [u32], &'a Labels), MeasureError> {
    match facet {
        BiasFacet::Measured(f) => Ok((estimation.ids[f.index()], estimation.labels[f.index()])),
        BiasFacet::Group => ratings.group().ok_or_else(|| MeasureError::UnknownFacet {
            name: "group".to_string(),
            expected: "examinee, rater, task (the ratings have no group column)".to_string(),
        }),
    }
}

pub(super) fn table(
    estimation: &Estimation,
    ratings: &Ratings,
    first: BiasFacet,
    second: BiasFacet,
) -> Result<BiasTable, MeasureError> {
    let (first_ids, first_labels) = facet_ids(estimation, ratings, first)?;
    let (second_ids, second_labels) = facet_ids(estimation, ratings, second)?;
    let mut cells: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
    for row in 0..ratings.len() {
        cells
            .entry((first_ids[row], second_ids[row]))
            .or_default()
            .push(row as u32);
    }
    let mut keys: Vec<(u32, u32)> = cells.keys().copied().collect();
    keys.sort_unstable();

    let mut probabilities = [0.0; MAX_CATEGORIES];
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let rows = &cells[&key];
        let mut observed = 0.0;
        let mut maximum = 0.0;
        let mut reported_observed = 0.0;
        let mut baseline = 0.0;
        let mut reported_baseline = 0.0;
        for &row in rows {
            let row = row as usize;
            let set = estimation.set(row);
            let category = f64::from(estimation.categories.category[row]);
            observed += category;
            maximum += estimation.top(row) as f64;
            reported_observed += estimation.categories.sets[set].reported_score(category);
            let m = category_probabilities(
                estimation.eta(row),
                &estimation.cumulative[set],
                &mut probabilities,
            );
            baseline += m.expected;
            reported_baseline += estimation.categories.sets[set].reported_score(m.expected);
        }
        let extreme = observed == 0.0 || observed == maximum;
        let target = if observed == 0.0 {
            EXTREME_CELL_ADJUSTMENT.min(maximum / 2.0)
        } else if observed == maximum {
            (maximum - EXTREME_CELL_ADJUSTMENT).max(maximum / 2.0)
        } else {
            observed
        };
        let mut bias = 0.0;
        let mut information = 0.0;
        for _ in 0..200 {
            let (mut expected, mut variance) = (0.0, 0.0);
            for &row in rows {
                let row = row as usize;
                let m = category_probabilities(
                    estimation.eta(row) + bias,
                    &estimation.cumulative[estimation.set(row)],
                    &mut probabilities,
                );
                expected += m.expected;
                variance += m.variance;
            }
            information = variance;
            let residual = target - expected;
            if residual.abs() < 1e-10 || variance <= 0.0 {
                break;
            }
            bias += (residual / variance).clamp(-1.0, 1.0);
        }
        let se = 1.0 / information.max(f64::MIN_POSITIVE).sqrt();
        out.push(BiasCell {
            first: first_labels.name(key.0).to_string(),
            second: second_labels.name(key.1).to_string(),
            count: rows.len(),
            observed: reported_observed,
            expected: reported_baseline,
            observed_minus_expected_average: (observed - baseline) / rows.len() as f64,
            bias,
            se,
            t: bias / se,
            extreme,
        });
    }
    Ok(BiasTable {
        first: first.name(),
        second: second.name(),
        cells: out,
    })
}
