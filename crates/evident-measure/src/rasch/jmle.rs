//! The JMLE iteration: alternating Newton-Raphson steps per facet and per threshold set.
//!
//! For element e of facet f with sign s_f (+1 for examinees, −1 for raters and tasks),
//!
//! ```text
//! θ_e ← θ_e + s_f · Σ_{x∈e} (x − E_x) / Σ_{x∈e} W_x,   step capped at ±1 logit
//! ```
//!
//! and each threshold F_k moves by (observed − expected count of ratings ≥ k) divided by
//! its information, also capped at ±1 logit (Wright & Masters 1982, ch. 5; Linacre 1989,
//! ch. 6). Constrained facets are centred after each step and thresholds re-centred to
//! sum 0. Only ratings whose elements all have non-extreme scores take part.

use crate::MeasureError;
use crate::connectivity::connected_subsets;
use crate::ratings::{Facet, Ratings};

use super::categories::{self, Categories};
use super::probability::{
    MAX_CATEGORIES, Moments, category_probabilities_fast, cumulative_thresholds, step_weights,
};
use super::{Extreme, RaschOptions, ScaleModel};

/// A measure further than this from 0 (in logits) means estimation is running away.
// NOTE: a non-extreme element whose maximum likelihood measure is infinite (for example
// an examinee and a rater linked only to each other after extremes are set aside) drifts
// slowly, so it may end in `NotConverged` naming it rather than in `Diverged`.
const DIVERGENCE_LIMIT: f64 = 50.0;

/// One rating taking part in estimation, packed so the hot loop reads one stream.
#[derive(Clone, Copy)]
struct ActiveRow {
    ids: [u32; 3],
    set: u32,
    category: u8,
}

/// Estimation state shared by the report and bias modules.
pub(super) struct Estimation<'a> {
    pub ids: [&'a [u32]; 3],
    pub labels: [&'a crate::ratings::Labels; 3],
    pub categories: Categories,
    pub sign: [f64; 3],
    pub theta: [Vec<f64>; 3],
    /// Andrich thresholds F_1..F_m per set.
    pub tau: Vec<Vec<f64>>,
    pub cumulative: Vec<Vec<f64>>,
    /// exp(−F_k) per set, for [`category_probabilities_fast`].
    weights: Vec<Vec<f64>>,
    pub anchored: [Vec<bool>; 3],
    pub thresholds_anchored: bool,
    pub centred: [bool; 3],
    pub extreme: [Vec<Option<Extreme>>; 3],
    pub active: Vec<u32>,
    active_rows: Vec<ActiveRow>,
    active_count: [Vec<u32>; 3],
    pub iterations: usize,
    pub max_residual: f64,
    pub max_change: f64,
    pub notes: Vec<String>,
    options: RaschOptions,
}

impl<'a> Estimation<'a> {
    pub fn new(
        ratings: &'a Ratings,
        options: &RaschOptions,
    ) -> Result<Estimation<'a>, MeasureError> {
        if ratings.is_empty() {
            return Err(MeasureError::NoRatings);
        }
        let per_task = options.model == ScaleModel::PartialCredit;
        let categories = categories::build(
            ratings,
            per_task,
            options.score_range,
            options.anchors.categories.as_deref(),
        )?;
        let ids = Facet::ALL.map(|facet| ratings.ids(facet));
        let labels = Facet::ALL.map(|facet| ratings.labels(facet));
        let theta = Facet::ALL.map(|facet| vec![0.0; labels[facet.index()].len()]);
        let mut anchored = Facet::ALL.map(|facet| vec![false; labels[facet.index()].len()]);
        let mut theta = theta;

        for (facet, label, value) in &options.anchors.elements {
            let id =
                labels[facet.index()]
                    .get(label)
                    .ok_or_else(|| MeasureError::InvalidAnchor {
                        reason: format!("{facet} `{label}` does not occur in the ratings"),
                    })?;
            if !value.is_finite() {
                return Err(MeasureError::InvalidAnchor {
                    reason: format!(
                        "{facet} `{label}` is anchored at {value}, which is not a finite number"
                    ),
                });
            }
            anchored[facet.index()][id as usize] = true;
            theta[facet.index()][id as usize] = *value;
        }

        let mut tau: Vec<Vec<f64>> = categories
            .sets
            .iter()
            .map(|set| vec![0.0; set.top()])
            .collect();
        let thresholds_anchored = options.anchors.thresholds.is_some();
        if let Some(anchor) = &options.anchors.thresholds {
            if anchor.len() != tau.len() {
                return Err(MeasureError::InvalidAnchor {
                    reason: format!(
                        "{} threshold sets are anchored but the model has {}",
                        anchor.len(),
                        tau.len()
                    ),
                });
            }
            for ((set, values), target) in categories.sets.iter().zip(anchor).zip(tau.iter_mut()) {
                if values.len() != target.len() || values.iter().any(|v| !v.is_finite()) {
                    return Err(MeasureError::InvalidAnchor {
                        reason: format!(
                            "threshold set `{}` has {} observed categories and so needs {} finite thresholds, but {} were given",
                            set.name,
                            set.scores.len(),
                            target.len(),
                            values.len()
                        ),
                    });
                }
                target.copy_from_slice(values);
            }
        }
        let cumulative: Vec<Vec<f64>> = tau.iter().map(|t| cumulative_thresholds(t)).collect();
        let weights = cumulative.iter().map(|c| step_weights(c)).collect();

        let anchored_facets: Vec<Facet> = Facet::ALL
            .into_iter()
            .filter(|f| anchored[f.index()].iter().any(|&a| a))
            .collect();
        let centred = Facet::ALL.map(|f| f != options.floating && !anchored_facets.contains(&f));
        check_identification(options.floating, &anchored_facets, &centred)?;

        if anchored_facets.is_empty() && !thresholds_anchored {
            for facet in Facet::ALL {
                if labels[facet.index()].len() == 1 {
                    return Err(MeasureError::SingleElement {
                        facet: facet.name().to_string(),
                        element: labels[facet.index()].name(0).to_string(),
                    });
                }
            }
        }

        let subsets = connected_subsets(ratings);
        if subsets.len() > 1 {
            let all_anchored = subsets.iter().all(|subset| {
                Facet::ALL.iter().any(|f| {
                    subset.elements[f.index()]
                        .iter()
                        .any(|&id| anchored[f.index()][id as usize])
                })
            });
            if !all_anchored {
                let described: Vec<String> = subsets
                    .iter()
                    .take(5)
                    .enumerate()
                    .map(|(i, s)| format!("subset {}: {}", i + 1, s.describe(ratings)))
                    .collect();
                let more = if subsets.len() > 5 { "; …" } else { "" };
                return Err(MeasureError::Disconnected {
                    count: subsets.len(),
                    subsets: format!("{}{more}", described.join("; ")),
                });
            }
        }

        let mut estimation = Estimation {
            ids,
            labels,
            categories,
            sign: [1.0, -1.0, -1.0],
            theta,
            tau,
            cumulative,
            weights,
            anchored,
            thresholds_anchored,
            centred,
            extreme: Facet::ALL.map(|f| vec![None; labels[f.index()].len()]),
            active: Vec::new(),
            active_rows: Vec::new(),
            active_count: Default::default(),
            iterations: 0,
            max_residual: 0.0,
            max_change: 0.0,
            notes: Vec::new(),
            options: options.clone(),
        };
        estimation.flag_extremes()?;
        Ok(estimation)
    }

    /// Highest category of the threshold set of rating `row`.
    #[inline]
    pub fn top(&self, row: usize) -> usize {
        self.cumulative[self.set(row)].len() - 1
    }

    /// Threshold set of rating `row`.
    #[inline]
    pub fn set(&self, row: usize) -> usize {
        self.categories.set_of_task[self.ids[2][row] as usize] as usize
    }

    /// Fills `probabilities` for rating `row` at the current measures and returns its moments.
    #[inline]
    pub fn moments(&self, row: usize, probabilities: &mut [f64]) -> Moments {
        let set = self.set(row);
        category_probabilities_fast(
            self.eta(row),
            &self.cumulative[set],
            &self.weights[set],
            probabilities,
        )
    }

    /// η = B_n − C_j − D_i for rating `row`.
    #[inline]
    pub fn eta(&self, row: usize) -> f64 {
        self.theta[0][self.ids[0][row] as usize]
            - self.theta[1][self.ids[1][row] as usize]
            - self.theta[2][self.ids[2][row] as usize]
    }

    /// Flags extreme elements, repeating until no new element becomes extreme once the
    /// ratings of the already flagged ones are set aside.
    fn flag_extremes(&mut self) -> Result<(), MeasureError> {
        let rows = self.ids[0].len();
        let mut active = vec![true; rows];
        loop {
            let mut changed = false;
            for facet in 0..3 {
                let n = self.theta[facet].len();
                let mut count = vec![0u32; n];
                let mut score = vec![0u64; n];
                let mut maximum = vec![0u64; n];
                for row in (0..rows).filter(|&r| active[r]) {
                    let id = self.ids[facet][row] as usize;
                    count[id] += 1;
                    score[id] += u64::from(self.categories.category[row]);
                    maximum[id] += self.top(row) as u64;
                }
                for id in 0..n {
                    if count[id] == 0
                        || self.extreme[facet][id].is_some()
                        || self.anchored[facet][id]
                    {
                        continue;
                    }
                    let kind = if score[id] == 0 {
                        Extreme::Minimum
                    } else if score[id] == maximum[id] {
                        Extreme::Maximum
                    } else {
                        continue;
                    };
                    self.extreme[facet][id] = Some(kind);
                    changed = true;
                }
                if changed {
                    for (row, keep) in active.iter_mut().enumerate() {
                        if self.extreme[facet][self.ids[facet][row] as usize].is_some() {
                            *keep = false;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        self.active = (0..rows as u32).filter(|&r| active[r as usize]).collect();
        self.active_rows = self
            .active
            .iter()
            .map(|&row| {
                let row = row as usize;
                ActiveRow {
                    ids: [self.ids[0][row], self.ids[1][row], self.ids[2][row]],
                    set: self.set(row) as u32,
                    category: self.categories.category[row],
                }
            })
            .collect();
        for facet in 0..3 {
            let mut count = vec![0u32; self.theta[facet].len()];
            for &row in &self.active {
                count[self.ids[facet][row as usize] as usize] += 1;
            }
            self.active_count[facet] = count;
        }

        if self.active.is_empty() {
            let facet = (0..3)
                .find(|&f| self.extreme[f].iter().all(Option::is_some))
                .unwrap_or(0);
            let examples: Vec<String> = self.extreme[facet]
                .iter()
                .enumerate()
                .take(3)
                .map(|(id, kind)| {
                    let kind = match kind {
                        Some(Extreme::Maximum) => "all maximum",
                        _ => "all minimum",
                    };
                    format!("{} ({kind})", self.labels[facet].name(id as u32))
                })
                .collect();
            return Err(MeasureError::AllExtreme {
                facet: Facet::ALL[facet].name().to_string(),
                examples: examples.join(", "),
            });
        }
        for facet in Facet::ALL {
            let flagged = self.extreme[facet.index()]
                .iter()
                .filter(|e| e.is_some())
                .count();
            if flagged > 0 {
                self.notes.push(format!(
                    "{flagged} {facet} element(s) have extreme scores; they were set aside during estimation and measured for the score moved {} points inwards",
                    self.options.extreme_adjustment
                ));
            }
        }
        Ok(())
    }

    /// Runs JMLE to convergence, then measures the extreme elements.
    pub fn run(&mut self, progress: &mut dyn FnMut(usize, f64)) -> Result<(), MeasureError> {
        let convergence = self.options.convergence;
        let mut residuals: [Vec<f64>; 3] =
            Facet::ALL.map(|f| vec![0.0; self.theta[f.index()].len()]);
        let observed_at_least = self.observed_at_least();
        let mut accelerator = Accelerator::new(self);
        let mut converged = false;
        for iteration in 1..=convergence.max_iterations {
            let mut max_residual: f64 = 0.0;
            let mut max_change: f64 = 0.0;
            // Tasks and thresholds are updated from the same pass over the ratings: their
            // steps barely interact because each threshold set is centred.
            for (facet, residual) in residuals.iter_mut().enumerate() {
                let thresholds =
                    (facet == 2 && !self.thresholds_anchored).then_some(&observed_at_least);
                let (residual, change) = self.update_facet(facet, residual, thresholds);
                max_residual = max_residual.max(residual);
                max_change = max_change.max(change);
            }
            accelerator.observe(self, max_residual);
            self.iterations = iteration;
            self.max_residual = max_residual;
            self.max_change = max_change;
            self.check_divergence(iteration)?;
            progress(iteration, max_residual);
            if max_residual <= convergence.max_residual && max_change <= convergence.max_change {
                converged = true;
                break;
            }
        }
        if !converged {
            return Err(MeasureError::NotConverged {
                iterations: self.iterations,
                residual: self.max_residual,
                change: self.max_change,
                elements: self.worst_elements(&residuals),
            });
        }
        self.measure_set_aside()?;
        Ok(())
    }

    /// One Newton step for every free element of `facet`; returns the largest |residual|
    /// and the largest step.
    /// When `thresholds` contains the observed counts of ratings at or above each category,
    /// the thresholds are stepped from the same pass.
    fn update_facet(
        &mut self,
        facet: usize,
        residual: &mut [f64],
        thresholds: Option<&Vec<Vec<f64>>>,
    ) -> (f64, f64) {
        let n = self.theta[facet].len();
        let mut information = vec![0.0; n];
        residual.iter_mut().for_each(|r| *r = 0.0);
        let mut probabilities = [0.0; MAX_CATEGORIES];
        let mut threshold_sums = thresholds.map(|_| self.empty_threshold_sums());
        let [examinees, raters, tasks] = &self.theta;
        for row in &self.active_rows {
            let [examinee, rater, task] = row.ids;
            let eta = examinees[examinee as usize] - raters[rater as usize] - tasks[task as usize];
            let set = row.set as usize;
            let moments = category_probabilities_fast(
                eta,
                &self.cumulative[set],
                &self.weights[set],
                &mut probabilities,
            );
            let id = row.ids[facet] as usize;
            residual[id] += f64::from(row.category) - moments.expected;
            information[id] += moments.variance;
            if let Some((expected, information)) = &mut threshold_sums {
                let mut at_least = 0.0;
                for k in (1..self.cumulative[set].len()).rev() {
                    at_least += probabilities[k];
                    expected[set][k] += at_least;
                    information[set][k] += at_least * (1.0 - at_least);
                }
            }
        }
        let mut max_residual: f64 = 0.0;
        let mut max_change: f64 = 0.0;
        for id in 0..n {
            if self.anchored[facet][id]
                || self.extreme[facet][id].is_some()
                || information[id] <= 0.0
            {
                continue;
            }
            let step = (self.sign[facet] * residual[id] / information[id]).clamp(-1.0, 1.0);
            self.theta[facet][id] += step;
            max_residual = max_residual.max(residual[id].abs());
            max_change = max_change.max(step.abs());
        }
        if self.centred[facet] {
            let (sum, count) = (0..n)
                .filter(|&id| self.extreme[facet][id].is_none() && self.active_count[facet][id] > 0)
                .fold((0.0, 0usize), |(s, c), id| {
                    (s + self.theta[facet][id], c + 1)
                });
            if count > 0 {
                let mean = sum / count as f64;
                self.theta[facet].iter_mut().for_each(|t| *t -= mean);
            }
        }
        // Threshold residuals are counts over all ratings, so a fixed score tolerance would
        // demand ever smaller logit errors as the data grow. Thresholds therefore converge
        // on their change in logits.
        if let (Some(observed), Some((expected, information))) = (thresholds, threshold_sums) {
            max_change = max_change.max(self.step_thresholds(observed, &expected, &information));
        }
        (max_residual, max_change)
    }

    fn empty_threshold_sums(&self) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let zeros: Vec<Vec<f64>> = self.tau.iter().map(|t| vec![0.0; t.len() + 1]).collect();
        (zeros.clone(), zeros)
    }

    /// Observed number of active ratings in category k or above, per set and k = 1..=m.
    fn observed_at_least(&self) -> Vec<Vec<f64>> {
        let mut counts: Vec<Vec<f64>> = self.tau.iter().map(|t| vec![0.0; t.len() + 1]).collect();
        for &row in &self.active {
            let row = row as usize;
            let set = self.set(row);
            let category = usize::from(self.categories.category[row]);
            for count in &mut counts[set][1..=category] {
                *count += 1.0;
            }
        }
        counts
    }

    /// Takes one Newton step for every threshold from the observed and expected numbers
    /// of ratings at or above each category, then re-centres each set to sum 0.
    /// Returns the largest step.
    fn step_thresholds(
        &mut self,
        observed: &[Vec<f64>],
        expected: &[Vec<f64>],
        information: &[Vec<f64>],
    ) -> f64 {
        let mut max_change: f64 = 0.0;
        for set in 0..self.tau.len() {
            for k in 1..=self.tau[set].len() {
                let residual = observed[set][k] - expected[set][k];
                if information[set][k] > 0.0 {
                    let step = (residual / information[set][k]).clamp(-1.0, 1.0);
                    self.tau[set][k - 1] -= step;
                    max_change = max_change.max(step.abs());
                }
            }
            let mean = self.tau[set].iter().sum::<f64>() / self.tau[set].len() as f64;
            self.tau[set].iter_mut().for_each(|t| *t -= mean);
            self.cumulative[set] = cumulative_thresholds(&self.tau[set]);
            self.weights[set] = step_weights(&self.cumulative[set]);
        }
        max_change
    }

    fn check_divergence(&self, iteration: usize) -> Result<(), MeasureError> {
        let mut bad = Vec::new();
        for facet in Facet::ALL {
            for (id, &value) in self.theta[facet.index()].iter().enumerate() {
                if !value.is_finite() || value.abs() > DIVERGENCE_LIMIT {
                    bad.push(format!(
                        "{facet} {} at {value:.1} logits",
                        self.labels[facet.index()].name(id as u32)
                    ));
                }
            }
        }
        for (set, tau) in self.categories.sets.iter().zip(&self.tau) {
            if tau
                .iter()
                .any(|t| !t.is_finite() || t.abs() > DIVERGENCE_LIMIT)
            {
                bad.push(format!("thresholds of `{}` at {tau:.1?} logits", set.name));
            }
        }
        if bad.is_empty() {
            return Ok(());
        }
        bad.truncate(5);
        Err(MeasureError::Diverged {
            iteration,
            elements: bad.join(", "),
        })
    }

    fn worst_elements(&self, residuals: &[Vec<f64>; 3]) -> String {
        let mut all: Vec<(f64, String)> = Vec::new();
        for facet in Facet::ALL {
            for (id, &r) in residuals[facet.index()].iter().enumerate() {
                all.push((
                    r.abs(),
                    format!(
                        "{facet} {} (residual {r:.2e})",
                        self.labels[facet.index()].name(id as u32)
                    ),
                ));
            }
        }
        all.sort_by(|a, b| b.0.total_cmp(&a.0));
        all.into_iter()
            .take(3)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Measures the elements that took no part in estimation, with all other parameters
    /// fixed: extreme elements for their score moved inwards by the extreme adjustment,
    /// and elements whose ratings all involve extreme elements for their observed score.
    fn measure_set_aside(&mut self) -> Result<(), MeasureError> {
        let adjustment = self.options.extreme_adjustment;
        let rows = self.ids[0].len();
        for facet in 0..3 {
            let n = self.theta[facet].len();
            let pending: Vec<bool> = (0..n)
                .map(|id| {
                    !self.anchored[facet][id]
                        && (self.extreme[facet][id].is_some() || self.active_count[facet][id] == 0)
                })
                .collect();
            if !pending.iter().any(|&p| p) {
                continue;
            }
            let members: Vec<u32> = (0..rows as u32)
                .filter(|&r| pending[self.ids[facet][r as usize] as usize])
                .collect();
            let mut score = vec![0.0; n];
            let mut maximum = vec![0.0; n];
            for &row in &members {
                let row = row as usize;
                let id = self.ids[facet][row] as usize;
                score[id] += f64::from(self.categories.category[row]);
                maximum[id] += self.top(row) as f64;
            }
            let mut target = vec![0.0; n];
            for id in (0..n).filter(|&id| pending[id]) {
                if self.extreme[facet][id].is_none() {
                    if score[id] == 0.0 {
                        self.extreme[facet][id] = Some(Extreme::Minimum);
                    } else if score[id] == maximum[id] {
                        self.extreme[facet][id] = Some(Extreme::Maximum);
                    }
                }
                target[id] = match self.extreme[facet][id] {
                    Some(Extreme::Minimum) => adjustment,
                    Some(Extreme::Maximum) => maximum[id] - adjustment,
                    None => score[id],
                };
            }
            let mut probabilities = [0.0; MAX_CATEGORIES];
            for _ in 0..500 {
                let mut expected = vec![0.0; n];
                let mut information = vec![0.0; n];
                for &row in &members {
                    let row = row as usize;
                    let moments = self.moments(row, &mut probabilities);
                    let id = self.ids[facet][row] as usize;
                    expected[id] += moments.expected;
                    information[id] += moments.variance;
                }
                let mut largest: f64 = 0.0;
                for id in (0..n).filter(|&id| pending[id]) {
                    let residual = target[id] - expected[id];
                    largest = largest.max(residual.abs());
                    if information[id] > 0.0 {
                        self.theta[facet][id] +=
                            (self.sign[facet] * residual / information[id]).clamp(-1.0, 1.0);
                    }
                }
                if largest < 1e-10 {
                    break;
                }
            }
        }
        self.check_divergence(self.iterations)
    }
}

/// Aitken-style extrapolation of the slowest mode of the alternating steps.
///
/// With few ratings per examinee, examinees and raters of a weakly linked group (a
/// district whose work is only partly re-scored elsewhere) drift together, and each sweep
/// removes only a fixed share ρ of that drift. When the last steps d_k shrink by a stable
/// ratio ρ = d_k·d_{k−1} / d_{k−1}·d_{k−1}, the remaining drift is about d_k·ρ/(1 − ρ), so
/// the measures jump there. The fixed point, and so the estimates, are unchanged.
///
/// A jump that leaves a larger score residual than before turns acceleration off for the
/// rest of the run, so a poor ratio estimate costs at most a few sweeps.
struct Accelerator {
    enabled: bool,
    residual_before_jump: Option<f64>,
    previous: Vec<f64>,
    last_step: Vec<f64>,
    ratios: Vec<f64>,
    since_jump: usize,
}

impl Accelerator {
    /// Sweeps between two jumps, so the ratio is re-estimated after each jump.
    const SPACING: usize = 3;

    fn new(estimation: &Estimation) -> Accelerator {
        let previous = Self::snapshot(estimation);
        Accelerator {
            enabled: true,
            residual_before_jump: None,
            last_step: vec![0.0; previous.len()],
            previous,
            ratios: Vec::new(),
            since_jump: 0,
        }
    }

    fn snapshot(estimation: &Estimation) -> Vec<f64> {
        estimation.theta.iter().flatten().copied().collect()
    }

    fn observe(&mut self, estimation: &mut Estimation, residual: f64) {
        if let Some(before) = self.residual_before_jump.take()
            && residual > before
        {
            self.enabled = false;
        }
        let current = Self::snapshot(estimation);
        let step: Vec<f64> = current
            .iter()
            .zip(&self.previous)
            .map(|(c, p)| c - p)
            .collect();
        let along: f64 = step.iter().zip(&self.last_step).map(|(a, b)| a * b).sum();
        let before: f64 = self.last_step.iter().map(|b| b * b).sum();
        if before > 0.0 {
            self.ratios.push(along / before);
        }
        self.since_jump += 1;
        let stable = match self.ratios.as_slice() {
            [.., a, b] => (0.3..0.97).contains(b) && (a - b).abs() < 0.02,
            _ => false,
        };
        if self.enabled && stable && self.since_jump >= Self::SPACING {
            self.residual_before_jump = Some(residual);
            let ratio = *self.ratios.last().unwrap_or(&0.0);
            let factor = ratio / (1.0 - ratio);
            let mut offset = 0;
            for facet in 0..3 {
                for id in 0..estimation.theta[facet].len() {
                    let free =
                        !estimation.anchored[facet][id] && estimation.extreme[facet][id].is_none();
                    if free {
                        estimation.theta[facet][id] += factor * step[offset + id];
                    }
                }
                offset += estimation.theta[facet].len();
            }
            self.since_jump = 0;
            self.ratios.clear();
            self.last_step.iter_mut().for_each(|s| *s = 0.0);
            self.previous = Self::snapshot(estimation);
            return;
        }
        self.last_step = step;
        self.previous = current;
    }
}

/// Checks that the centred and anchored facets give exactly the two location constraints
/// a three-facet model needs.
fn check_identification(
    floating: Facet,
    anchored: &[Facet],
    centred: &[bool; 3],
) -> Result<(), MeasureError> {
    let provided = centred.iter().filter(|&&c| c).count() + anchored.len();
    let centred_names: Vec<&str> = Facet::ALL
        .iter()
        .filter(|f| centred[f.index()])
        .map(|f| f.name())
        .collect();
    let anchored_names: Vec<&str> = anchored.iter().map(|f| f.name()).collect();
    let describe = format!(
        "floating facet {floating}, centred facets [{}], anchored facets [{}]",
        centred_names.join(", "),
        anchored_names.join(", ")
    );
    if provided > 2 {
        let free: Vec<&str> = Facet::ALL
            .iter()
            .filter(|f| !anchored.contains(f))
            .map(|f| f.name())
            .collect();
        return Err(MeasureError::InvalidConstraint {
            reason: format!(
                "{describe} fix the frame of reference more than once; the model needs exactly two location constraints, so let one more facet float (one of: {})",
                free.join(", ")
            ),
        });
    }
    if provided < 2 {
        return Err(MeasureError::InvalidConstraint {
            reason: format!(
                "{describe} leave the frame of reference undetermined; anchor elements of another facet or float a different facet"
            ),
        });
    }
    Ok(())
}
