//! Generalizability theory: G studies by Henderson's Method 1 and D studies.
//!
//! A G study estimates one variance component per effect of the design (Brennan 2001,
//! *Generalizability Theory*, ch. 3 and 7). A D study projects, for n′ conditions of each
//! facet, with p the object of measurement:
//!
//! ```text
//! σ²(δ) = Σ_{b ∋ p, b ≠ p} σ²_b / Π_{f ∈ b, f ≠ p} n′_f      (relative error)
//! σ²(Δ) = Σ_{b ≠ p}        σ²_b / Π_{f ∈ b, f ≠ p} n′_f      (absolute error)
//! Eρ² = σ²(τ) / (σ²(τ) + σ²(δ))       Φ = σ²(τ) / (σ²(τ) + σ²(Δ))
//! ```
//!
//! with σ²(τ) = σ²_p when all facets are random. Averaging over a fixed facet moves its
//! interactions with p into σ²(τ) and removes its other components from the errors.
//! Negative estimates are reported as estimated, flagged, and replaced by 0 in D studies
//! only, so the other G-study components keep their values (Brennan's convention).

mod design;
mod method1;

use serde::Serialize;

pub use design::Design;

use crate::MeasureError;
use crate::ratings::Ratings;
use design::{LETTERS, Mask, bit, facet_of};

/// One estimated variance component.
#[derive(Debug, Clone, Serialize)]
pub struct VarianceComponent {
    /// Brennan's notation, `pr:t,e` for the highest-order term confounded with error.
    pub name: String,
    /// Number of levels (distinct cells) in the data.
    pub levels: usize,
    /// T value Σ total² / n over the levels.
    pub t_value: f64,
    /// Method 1 estimate, possibly negative.
    pub estimate: f64,
    /// True when the estimate is negative; the D study uses 0 instead.
    pub negative: bool,
    /// Share of the sum of the non-negative components, in percent.
    pub percent: f64,
    #[serde(skip)]
    mask: Mask,
}

/// Result of a G study.
#[derive(Debug, Clone, Serialize)]
pub struct GStudy {
    /// The design as written.
    pub design: String,
    /// Estimator used.
    pub estimator: &'static str,
    /// Number of ratings.
    pub ratings: usize,
    /// Number of examinees.
    pub examinees: usize,
    /// True when every level of every component has the same number of ratings.
    pub balanced: bool,
    /// Mean of all ratings.
    pub grand_mean: f64,
    /// T_μ = (Σ x)² / N.
    pub t_mean: f64,
    /// The components, smallest effects first.
    pub components: Vec<VarianceComponent>,
    /// Decisions and warnings a reader of the results needs.
    pub notes: Vec<String>,
    /// For each component other than p, 1 / mean over examinees of Σ_j (n_pj / n_p)²: the
    /// number of conditions that an examinee's mean score effectively averages over.
    #[serde(skip)]
    effective_sizes: Vec<f64>,
    #[serde(skip)]
    letters: Vec<char>,
}

/// Sample sizes and results of one D study.
#[derive(Debug, Clone, Serialize)]
pub struct DStudy {
    /// Sample-size convention of the projection.
    pub convention: String,
    /// n′ per facet letter (or per component for the observed design).
    pub sample_sizes: Vec<(String, f64)>,
    /// Universe score variance σ²(τ).
    pub universe_score_variance: f64,
    /// Relative error variance σ²(δ).
    pub relative_error_variance: f64,
    /// Absolute error variance σ²(Δ).
    pub absolute_error_variance: f64,
    /// Generalizability coefficient Eρ².
    pub g_coefficient: f64,
    /// Dependability coefficient Φ.
    pub phi: f64,
    /// √σ²(δ), in score points.
    pub relative_sem: f64,
    /// √σ²(Δ), in score points.
    pub absolute_sem: f64,
}

impl GStudy {
    /// Runs a G study of `ratings` under `design`.
    pub fn estimate(ratings: &Ratings, design: &Design) -> Result<GStudy, MeasureError> {
        if ratings.is_empty() {
            return Err(MeasureError::NoRatings);
        }
        for &letter in &design.letters {
            let labels = ratings.labels(facet_of(letter));
            if labels.len() < 2 {
                return Err(MeasureError::DesignMismatch {
                    design: design.text.clone(),
                    reason: format!(
                        "facet {letter} ({}) has only one level, `{}`; a facet needs at least two levels, so drop {letter} from the design",
                        facet_of(letter),
                        labels.names().first().map_or("", String::as_str)
                    ),
                });
            }
        }
        let effects = design.effects();
        let mut masks: Vec<Mask> = effects.iter().map(|e| e.mask).collect();
        let mut names: Vec<String> = effects.iter().map(|e| e.name.clone()).collect();
        let top = method1::Levels::new(ratings, design.mask());
        let replicated = top.size.len() < ratings.len();
        let mut notes = Vec::new();
        if replicated {
            masks.push(0);
            names.push("e".to_string());
            notes.push(format!(
                "some cells of the design hold more than one rating ({} ratings in {} cells), so a separate within-cell error term e is estimated",
                ratings.len(),
                top.size.len()
            ));
        } else if let Some(last) = names.last_mut() {
            last.push_str(",e");
        }
        let method1::Solution {
            levels,
            t_values,
            t_mean,
            estimates,
        } = method1::estimate(ratings, design, &masks)?;
        let balanced = levels
            .iter()
            .all(|l| l.size.iter().all(|&n| n == l.size[0]));
        if !balanced {
            notes.push("the design is unbalanced or has missing cells; Method 1 estimates are unbiased but not minimum-variance, and REML results (for example from R's gtheory) will differ".to_string());
        }
        let positive_total: f64 = estimates.iter().map(|e| e.max(0.0)).sum();
        let mut components = Vec::with_capacity(masks.len());
        for (i, &mask) in masks.iter().enumerate() {
            let estimate = estimates[i];
            if estimate < 0.0 {
                notes.push(format!(
                    "variance component {} is negative ({estimate:.4}); it is reported as estimated and set to 0 in the D studies",
                    names[i]
                ));
            }
            components.push(VarianceComponent {
                name: names[i].clone(),
                levels: levels[i].size.len(),
                t_value: t_values[i],
                estimate,
                negative: estimate < 0.0,
                percent: if positive_total > 0.0 {
                    100.0 * estimate.max(0.0) / positive_total
                } else {
                    0.0
                },
                mask,
            });
        }
        let examinees = ratings.labels(crate::Facet::Examinee).len();
        let effective_sizes = levels
            .iter()
            .map(|l| effective_size(ratings, l, examinees))
            .collect();
        Ok(GStudy {
            design: design.text.clone(),
            estimator: "Henderson Method 1 (Brennan's analogous ANOVA)",
            ratings: ratings.len(),
            examinees,
            balanced,
            grand_mean: ratings.scores().iter().sum::<f64>() / ratings.len() as f64,
            t_mean,
            components,
            notes,
            effective_sizes,
            letters: design.letters.clone(),
        })
    }

    /// Returns the observed number of conditions per facet letter other than p: levels per
    /// examinee for crossed facets and levels per nesting level for nested ones, averaged as
    /// in [`GStudy::observed_dstudy`]. Used for facets a D study leaves unspecified.
    pub fn observed_sample_sizes(&self) -> Vec<(char, f64)> {
        let p = bit('p');
        let size_of_mask = |mask: Mask| {
            self.components
                .iter()
                .zip(&self.effective_sizes)
                .find(|(c, _)| c.mask == mask)
                .map_or(1.0, |(_, &n)| n)
        };
        self.letters
            .iter()
            .filter(|&&l| l != 'p')
            .map(|&letter| {
                let own = self
                    .components
                    .iter()
                    .filter(|c| c.mask & bit(letter) != 0)
                    .map(|c| c.mask)
                    .min_by_key(|m| m.count_ones())
                    .unwrap_or(bit(letter));
                let outer = own & !bit(letter) & !p;
                let nesting = if outer == 0 { 1.0 } else { size_of_mask(outer) };
                (letter, size_of_mask(own) / nesting)
            })
            .collect()
    }

    /// Returns the component called `name` (for example `pr:t` or `pr:t,e`).
    pub fn component(&self, name: &str) -> Option<&VarianceComponent> {
        self.components
            .iter()
            .find(|c| c.name == name || c.name.trim_end_matches(",e") == name)
    }

    /// Projects the design as observed: each component's error contribution is weighted by
    /// how the examinees' ratings actually spread over its levels, Σ_j (n_pj / n_p)²,
    /// averaged over examinees. For balanced data this equals the observed numbers of
    /// raters and tasks; with unequal nesting it gives Brennan's ñ (for example
    /// ñ_h = 1 / Σ_h (n_i:h / n_i+)²); with missing cells it uses harmonic means.
    pub fn observed_dstudy(&self, fixed: &[char]) -> Result<DStudy, MeasureError> {
        let fixed = self.fixed_mask(fixed)?;
        let sizes: Vec<f64> = self.effective_sizes.clone();
        let mut study = self.project(&sizes, fixed);
        study.convention =
            "observed design: n′ per component = 1 / mean over examinees of Σ (n_pj / n_p)²"
                .to_string();
        study.sample_sizes = self
            .components
            .iter()
            .zip(&sizes)
            .filter(|(c, _)| c.mask != bit('p'))
            .map(|(c, &n)| (c.name.clone(), n))
            .collect();
        Ok(study)
    }

    /// Projects for `sample_sizes` (facet letter, n′) of every facet except p. For a nested
    /// facet n′ counts conditions within one level of its nesting facet (raters per task in
    /// `p x (r:t)`). Facets listed in `fixed` are treated as fixed.
    pub fn dstudy(
        &self,
        sample_sizes: &[(char, f64)],
        fixed: &[char],
    ) -> Result<DStudy, MeasureError> {
        let fixed = self.fixed_mask(fixed)?;
        for &(facet, value) in sample_sizes {
            if !(value > 0.0 && value.is_finite()) {
                return Err(MeasureError::InvalidSampleSize { facet, value });
            }
        }
        let mut size_of = [1.0; 3];
        for &letter in self.letters.iter().filter(|&&l| l != 'p') {
            let value = sample_sizes
                .iter()
                .find(|(f, _)| *f == letter)
                .map(|&(_, v)| v)
                .ok_or_else(|| MeasureError::DesignMismatch {
                    design: self.design.clone(),
                    reason: format!("the D study needs a sample size for facet {letter}"),
                })?;
            size_of[LETTERS.iter().position(|&l| l == letter).unwrap_or(0)] = value;
        }
        let replicates = self.ratings as f64
            / self.components.iter().map(|c| c.levels).max().unwrap_or(1) as f64;
        let sizes: Vec<f64> = self
            .components
            .iter()
            .map(|c| {
                let product: f64 = LETTERS
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| **l != 'p' && c.mask & bit(**l) != 0)
                    .map(|(i, _)| size_of[i])
                    .product();
                if c.mask == 0 {
                    let all: f64 = self
                        .letters
                        .iter()
                        .filter(|&&l| l != 'p')
                        .map(|&l| size_of[LETTERS.iter().position(|&x| x == l).unwrap_or(0)])
                        .product();
                    all * replicates
                } else {
                    product
                }
            })
            .collect();
        let mut study = self.project(&sizes, fixed);
        study.convention = "requested sample sizes".to_string();
        study.sample_sizes = sample_sizes
            .iter()
            .map(|&(f, v)| (f.to_string(), v))
            .collect();
        Ok(study)
    }

    fn fixed_mask(&self, fixed: &[char]) -> Result<Mask, MeasureError> {
        let mut mask = 0;
        for &letter in fixed {
            if letter == 'p' || !self.letters.contains(&letter) {
                return Err(MeasureError::DesignMismatch {
                    design: self.design.clone(),
                    reason: format!(
                        "facet {letter} cannot be fixed; only facets of the design other than p can be"
                    ),
                });
            }
            mask |= bit(letter);
        }
        Ok(mask)
    }

    /// Applies the D-study formulas with one divisor per component.
    fn project(&self, divisors: &[f64], fixed: Mask) -> DStudy {
        let p = bit('p');
        let mut universe = 0.0;
        let mut relative = 0.0;
        let mut absolute = 0.0;
        for (component, &divisor) in self.components.iter().zip(divisors) {
            let value = component.estimate.max(0.0);
            if component.mask == p {
                universe += value;
                continue;
            }
            let others = component.mask & !p;
            let random = others & !fixed;
            let contains_p = component.mask & p != 0 || component.mask == 0;
            if random == 0 && component.mask != 0 {
                if contains_p {
                    universe += value / divisor;
                }
                continue;
            }
            absolute += value / divisor;
            if contains_p {
                relative += value / divisor;
            }
        }
        DStudy {
            convention: String::new(),
            sample_sizes: Vec::new(),
            universe_score_variance: universe,
            relative_error_variance: relative,
            absolute_error_variance: absolute,
            g_coefficient: ratio(universe, relative),
            phi: ratio(universe, absolute),
            relative_sem: relative.sqrt(),
            absolute_sem: absolute.sqrt(),
        }
    }
}

fn ratio(universe: f64, error: f64) -> f64 {
    if universe + error > 0.0 {
        universe / (universe + error)
    } else {
        0.0
    }
}

/// 1 / mean over examinees of Σ_j (n_pj / n_p)² for the levels j of one component.
fn effective_size(ratings: &Ratings, levels: &method1::Levels, examinees: usize) -> f64 {
    let persons = ratings.ids(crate::Facet::Examinee);
    let mut per_person = vec![0u32; examinees];
    let mut cells: std::collections::HashMap<(u32, u32), u32> = Default::default();
    for (row, &person) in persons.iter().enumerate() {
        per_person[person as usize] += 1;
        *cells.entry((person, levels.of_row[row])).or_insert(0) += 1;
    }
    let mut weight = vec![0.0; examinees];
    for (&(person, _), &n) in &cells {
        let share = f64::from(n) / f64::from(per_person[person as usize]);
        weight[person as usize] += share * share;
    }
    let mean = weight.iter().sum::<f64>() / examinees as f64;
    1.0 / mean
}
