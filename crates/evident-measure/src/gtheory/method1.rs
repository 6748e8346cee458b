//! Variance components by Henderson's (1953) Method 1, which Brennan (2001) calls the
//! analogous ANOVA.
//!
//! For each component a with levels i, T_a = Σ_i (total_i)² / n_i and T_μ = (Σx)² / N.
//! Their expectations are
//!
//! ```text
//! E[T_a] = N μ² + Σ_b σ²_b · k(a, b),   k(a, b) = Σ_i (Σ_j n_ij²) / n_i
//! E[T_μ] = N μ² + Σ_b σ²_b · Σ_j n_j² / N
//! ```
//!
//! where n_ij counts the ratings in level i of a and level j of b. Subtracting the T_μ
//! equation removes μ and leaves one linear equation per component. For balanced data the
//! solution equals the expected-mean-square ANOVA estimates.

use std::collections::HashMap;

use crate::MeasureError;
use crate::ratings::Ratings;

use super::design::{Design, LETTERS, Mask, bit, facet_of};

/// Levels of one component: the level of every rating, and size and total per level.
pub(super) struct Levels {
    pub mask: Mask,
    pub of_row: Vec<u32>,
    pub size: Vec<u32>,
    pub total: Vec<f64>,
}

impl Levels {
    /// Groups the ratings by the joint levels of the facets in `mask`; `mask == 0` puts
    /// every rating in a level of its own (the residual e).
    pub fn new(ratings: &Ratings, mask: Mask) -> Levels {
        let ids: Vec<Option<&[u32]>> = LETTERS
            .iter()
            .map(|&l| (mask & bit(l) != 0).then(|| ratings.ids(facet_of(l))))
            .collect();
        let mut index: HashMap<[u32; 3], u32> = HashMap::new();
        let mut of_row = Vec::with_capacity(ratings.len());
        let mut size = Vec::new();
        let mut total = Vec::new();
        for (row, &score) in ratings.scores().iter().enumerate() {
            let level = if mask == 0 {
                size.push(0);
                total.push(0.0);
                row as u32
            } else {
                let key = [0, 1, 2].map(|f| ids[f].map_or(u32::MAX, |ids| ids[row]));
                let next = size.len() as u32;
                let level = *index.entry(key).or_insert(next);
                if level == next {
                    size.push(0);
                    total.push(0.0);
                }
                level
            };
            size[level as usize] += 1;
            total[level as usize] += score;
            of_row.push(level);
        }
        Levels {
            mask,
            of_row,
            size,
            total,
        }
    }

    /// T = Σ total² / n.
    pub fn t_value(&self) -> f64 {
        self.total
            .iter()
            .zip(&self.size)
            .map(|(t, &n)| t * t / f64::from(n))
            .sum()
    }

    /// Returns true when `self`'s facets include all of `other`'s, so each level of self
    /// lies inside one level of other. The residual (mask 0 here) lies inside everything.
    fn inside(&self, other: &Levels) -> bool {
        (self.mask == 0 || self.mask & other.mask == other.mask) && other.mask != 0
    }
}

/// Returns k(a, b) = Σ_i (Σ_j n_ij²) / n_i over the levels i of a and j of b.
pub(super) fn coefficient(a: &Levels, b: &Levels, rows: usize) -> f64 {
    if a.inside(b) || (a.mask == 0 && b.mask == 0) {
        return rows as f64;
    }
    if b.mask == 0 {
        return a.size.len() as f64;
    }
    if b.inside(a) {
        let mut parent = vec![0u32; b.size.len()];
        for row in 0..rows {
            parent[b.of_row[row] as usize] = a.of_row[row];
        }
        return b
            .size
            .iter()
            .zip(&parent)
            .map(|(&n, &i)| f64::from(n) * f64::from(n) / f64::from(a.size[i as usize]))
            .sum();
    }
    let mut cells: HashMap<(u32, u32), u32> = HashMap::new();
    for row in 0..rows {
        *cells.entry((a.of_row[row], b.of_row[row])).or_insert(0) += 1;
    }
    cells
        .iter()
        .map(|(&(i, _), &n)| f64::from(n) * f64::from(n) / f64::from(a.size[i as usize]))
        .sum()
}

/// Levels, T values and estimates of every component, in the order of the masks given.
pub(super) struct Solution {
    pub levels: Vec<Levels>,
    pub t_values: Vec<f64>,
    pub t_mean: f64,
    pub estimates: Vec<f64>,
}

/// Solves the Method 1 equations for the components of `design`.
pub(super) fn estimate(
    ratings: &Ratings,
    design: &Design,
    masks: &[Mask],
) -> Result<Solution, MeasureError> {
    let rows = ratings.len();
    let levels: Vec<Levels> = masks.iter().map(|&m| Levels::new(ratings, m)).collect();
    let grand: f64 = ratings.scores().iter().sum();
    let t_mean = grand * grand / rows as f64;
    let t_values: Vec<f64> = levels.iter().map(Levels::t_value).collect();
    let k_mean: Vec<f64> = levels
        .iter()
        .map(|b| {
            b.size
                .iter()
                .map(|&n| f64::from(n) * f64::from(n))
                .sum::<f64>()
                / rows as f64
        })
        .collect();
    let size = levels.len();
    let mut matrix = vec![vec![0.0; size + 1]; size];
    for (a, row) in matrix.iter_mut().enumerate() {
        for b in 0..size {
            row[b] = coefficient(&levels[a], &levels[b], rows) - k_mean[b];
        }
        row[size] = t_values[a] - t_mean;
    }
    let estimates = solve(matrix).ok_or_else(|| MeasureError::DesignMismatch {
        design: design.text.clone(),
        reason: "the variance components are not identifiable because two components have the same levels (for example every rater scored only one examinee); add linking ratings or use a simpler design".to_string(),
    })?;
    Ok(Solution {
        levels,
        t_values,
        t_mean,
        estimates,
    })
}

/// Solves an augmented linear system by Gaussian elimination with partial pivoting;
/// returns `None` when it is singular.
fn solve(mut matrix: Vec<Vec<f64>>) -> Option<Vec<f64>> {
    let n = matrix.len();
    let scale = matrix
        .iter()
        .flat_map(|row| row[..n].iter())
        .fold(0.0f64, |a, &b| a.max(b.abs()));
    for column in 0..n {
        let pivot = (column..n)
            .max_by(|&a, &b| matrix[a][column].abs().total_cmp(&matrix[b][column].abs()))?;
        if matrix[pivot][column].abs() <= 1e-10 * scale.max(1.0) {
            return None;
        }
        matrix.swap(column, pivot);
        let (upper, lower) = matrix.split_at_mut(column + 1);
        let pivot_row = &upper[column];
        for row in lower.iter_mut() {
            let factor = row[column] / pivot_row[column];
            for (value, pivot_value) in row[column..].iter_mut().zip(&pivot_row[column..]) {
                *value -= factor * pivot_value;
            }
        }
    }
    let mut solution = vec![0.0; n];
    for row in (0..n).rev() {
        let known: f64 = (row + 1..n).map(|k| matrix[row][k] * solution[k]).sum();
        solution[row] = (matrix[row][n] - known) / matrix[row][row];
    }
    Some(solution)
}
