//! Many-facet Rasch measurement by joint maximum likelihood (JMLE).
//!
//! The model for examinee n, rater j, task i and category k is
//!
//! ```text
//! log(P_nijk / P_nij(k−1)) = B_n − D_i − C_j − F_k
//! ```
//!
//! with examinee ability B_n, task difficulty D_i, rater severity C_j and Rasch-Andrich
//! thresholds F_k shared by all tasks (rating-scale form) or F_ik per task (partial-credit
//! form). This is the equation of the FACETS "Creativity" example and of Linacre (1989),
//! *Many-Facet Rasch Measurement*.
//!
//! Conventions follow FACETS:
//!
//! - every facet is centred at mean 0 except the floating one (`Noncenter=`); the default
//!   floats the raters, so examinees and tasks are centred;
//! - thresholds of each set sum to 0;
//! - elements with an extreme score (all minimum or all maximum) are set aside while the
//!   others are estimated, and then measured for the score moved inwards by 0.3 points
//!   (`Xtreme=` in FACETS and Winsteps);
//! - examinee measures inside JMLE are maximum likelihood estimates (not WLE), as in
//!   FACETS and Winsteps;
//! - the Wright & Douglas (1977) (L−1)/L correction of JMLE bias is off unless requested,
//!   and is never applied to anchored values.
//!
//! An optional group facet (for example district) is a dummy facet anchored at 0: it does
//! not enter the measures and serves the rater × group bias analysis, as FACETS' anchored
//! dummy facets do.

mod bias;
mod categories;
mod jmle;
pub mod probability;
mod report;

use serde::Serialize;

pub use categories::CategorySet;

use crate::MeasureError;
use crate::ratings::{Facet, Ratings};

/// Form of the threshold structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScaleModel {
    /// One set of Andrich thresholds shared by all tasks.
    #[default]
    RatingScale,
    /// One set of thresholds per task.
    PartialCredit,
}

/// When JMLE stops.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Convergence {
    /// Largest allowed |observed − expected| score of any element, in score points.
    pub max_residual: f64,
    /// Largest allowed change of any measure or threshold in the last iteration, in logits.
    pub max_change: f64,
    /// Iterations after which estimation fails with [`MeasureError::NotConverged`].
    pub max_iterations: usize,
}

impl Default for Convergence {
    /// Much tighter than FACETS' `Convergence = .5, .01`, so reported measures are stable
    /// to about 1e-5 logits.
    fn default() -> Self {
        Convergence {
            max_residual: 1e-4,
            max_change: 1e-6,
            max_iterations: 5000,
        }
    }
}

/// Fixed values for elements or thresholds, for example from an earlier calibration.
#[derive(Debug, Clone, Default)]
pub struct Anchors {
    /// Anchored measures: facet, element label and value in logits.
    pub elements: Vec<(Facet, String, f64)>,
    /// Anchored Andrich thresholds F_1..F_m, one vector per threshold set in set order.
    pub thresholds: Option<Vec<Vec<f64>>>,
    /// Rubric scores of each anchored threshold set, lowest first. When given, the sets use
    /// these categories instead of the scores observed in the new ratings.
    pub categories: Option<Vec<Vec<i64>>>,
}

/// A facet that can take part in a bias (interaction) analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BiasFacet {
    /// One of the measured facets.
    Measured(Facet),
    /// The group column, such as district.
    Group,
}

impl BiasFacet {
    /// Parses `examinee`, `rater`, `task` or `group`.
    pub fn parse(name: &str) -> Result<BiasFacet, MeasureError> {
        if name.trim().eq_ignore_ascii_case("group") {
            return Ok(BiasFacet::Group);
        }
        Facet::parse(name)
            .map(BiasFacet::Measured)
            .map_err(|_| MeasureError::UnknownFacet {
                name: name.to_string(),
                expected: "examinee, rater, task, group".to_string(),
            })
    }

    /// Returns the facet name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            BiasFacet::Measured(facet) => facet.name(),
            BiasFacet::Group => "group",
        }
    }
}

/// Options of a many-facet Rasch analysis.
#[derive(Debug, Clone)]
pub struct RaschOptions {
    /// Rating-scale or partial-credit thresholds.
    pub model: ScaleModel,
    /// The facet that is not centred and carries the overall location (FACETS `Noncenter=`).
    pub floating: Facet,
    /// Score points by which extreme scores are moved inwards (FACETS `Xtreme=`, 0.3).
    pub extreme_adjustment: f64,
    /// Also report rater, task and threshold measures multiplied by (L−1)/L.
    pub bias_correction: bool,
    /// Stopping rule.
    pub convergence: Convergence,
    /// Fixed element measures and thresholds.
    pub anchors: Anchors,
    /// Pairs of facets whose interaction terms are estimated after the main analysis.
    pub bias_pairs: Vec<(BiasFacet, BiasFacet)>,
    /// Declared rubric range (lowest, highest score). Scores outside it are rejected and
    /// unused scores inside it are reported.
    pub score_range: Option<(i64, i64)>,
}

impl Default for RaschOptions {
    fn default() -> Self {
        RaschOptions {
            model: ScaleModel::RatingScale,
            floating: Facet::Rater,
            extreme_adjustment: 0.3,
            bias_correction: false,
            convergence: Convergence::default(),
            anchors: Anchors::default(),
            bias_pairs: Vec::new(),
            score_range: None,
        }
    }
}

/// Kind of extreme score of an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Extreme {
    /// Every rating of the element is the lowest category of its set.
    Minimum,
    /// Every rating of the element is the highest category of its set.
    Maximum,
}

/// Measure and diagnostics of one element.
#[derive(Debug, Clone, Serialize)]
pub struct ElementMeasure {
    /// Element label.
    pub label: String,
    /// Number of ratings.
    pub count: usize,
    /// Sum of the ratings' scores.
    pub total_score: f64,
    /// Mean rating.
    pub observed_average: f64,
    /// FACETS Fair(M) average: the expected rating when every other facet is at the mean
    /// of its non-extreme element measures.
    pub fair_average: f64,
    /// Measure in logits (ability for examinees, severity for raters, difficulty for tasks).
    pub measure: f64,
    /// Measure times (L−1)/L, present when the correction was requested and the element
    /// is a rater or task that is not anchored.
    pub corrected_measure: Option<f64>,
    /// Model standard error 1/√(Σ W).
    pub model_se: f64,
    /// Model SE inflated by misfit: model SE × √max(1, infit mean square).
    pub real_se: Option<f64>,
    /// Information-weighted mean square Σ y² / Σ W. Not reported for extreme elements.
    pub infit_mnsq: Option<f64>,
    /// Infit standardized by the Wilson-Hilferty cube-root transformation.
    pub infit_zstd: Option<f64>,
    /// Unweighted mean square (1/N) Σ z². Not reported for extreme elements.
    pub outfit_mnsq: Option<f64>,
    /// Outfit standardized by the Wilson-Hilferty cube-root transformation.
    pub outfit_zstd: Option<f64>,
    /// Set when the element has an extreme score and was measured at the adjusted score.
    pub extreme: Option<Extreme>,
    /// True when the measure was anchored.
    pub anchored: bool,
}

/// Spread statistics of one facet for one choice of standard deviation divisor.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Separation {
    /// Observed standard deviation of the measures.
    pub sd: f64,
    /// "True" SD √max(0, SD² − RMSE²).
    pub adjusted_sd: f64,
    /// Separation G = adjusted SD / RMSE.
    pub separation: f64,
    /// Strata H = (4G + 1) / 3.
    pub strata: f64,
    /// Reliability G² / (1 + G²) = adjusted SD² / SD².
    pub reliability: f64,
}

/// Summary of one facet over its non-extreme elements.
#[derive(Debug, Clone, Serialize)]
pub struct FacetSummary {
    /// Number of non-extreme elements.
    pub count: usize,
    /// Mean measure.
    pub mean: f64,
    /// Root mean square of the model SEs.
    pub rmse: f64,
    /// Statistics with the SD divisor N (FACETS "Populn").
    pub population: Separation,
    /// Statistics with the SD divisor N − 1 (FACETS "Sample").
    pub sample: Separation,
    /// Fixed-effects chi-square that all elements are equal: Σ w x² − (Σ w x)² / Σ w, w = 1/SE².
    pub fixed_chi_square: f64,
    /// Degrees of freedom of the chi-square, count − 1.
    pub fixed_df: usize,
}

/// Elements and summary of one facet.
#[derive(Debug, Clone, Serialize)]
pub struct FacetReport {
    /// The facet.
    pub facet: Facet,
    /// Whether the facet was centred at mean 0 during estimation.
    pub centred: bool,
    /// All elements in order of first appearance.
    pub elements: Vec<ElementMeasure>,
    /// Separation and reliability over non-extreme elements.
    pub summary: FacetSummary,
}

/// Estimated thresholds of one threshold set.
#[derive(Debug, Clone, Serialize)]
pub struct ThresholdSet {
    /// `rating scale` or the task label.
    pub name: String,
    /// Rubric scores of the categories, lowest first.
    pub scores: Vec<i64>,
    /// Number of ratings in each category.
    pub counts: Vec<usize>,
    /// Andrich thresholds F_1..F_m in logits; F_k is where categories k−1 and k are equally probable.
    pub thresholds: Vec<f64>,
    /// Thresholds times (L−1)/L when the correction was requested and they are not anchored.
    pub corrected_thresholds: Option<Vec<f64>>,
    /// Rubric scores between the lowest and highest observed that were collapsed.
    pub collapsed: Vec<i64>,
}

/// One interaction cell of a bias analysis.
#[derive(Debug, Clone, Serialize)]
pub struct BiasCell {
    /// Label of the element of the first facet.
    pub first: String,
    /// Label of the element of the second facet.
    pub second: String,
    /// Number of ratings in the cell.
    pub count: usize,
    /// Observed total score.
    pub observed: f64,
    /// Total score expected from the main-effects model.
    pub expected: f64,
    /// (observed − expected) / count.
    pub observed_minus_expected_average: f64,
    /// Interaction term in logits; positive means ratings higher than expected.
    pub bias: f64,
    /// Model standard error 1/√(Σ W) at the estimated term.
    pub se: f64,
    /// t = bias / SE.
    pub t: f64,
    /// True when the cell has an extreme score; its term is estimated for the score
    /// moved 0.5 points inwards.
    pub extreme: bool,
}

/// Interaction terms of one facet pair.
#[derive(Debug, Clone, Serialize)]
pub struct BiasTable {
    /// Name of the first facet.
    pub first: &'static str,
    /// Name of the second facet.
    pub second: &'static str,
    /// All observed cells, in order of the first facet's elements.
    pub cells: Vec<BiasCell>,
}

/// Result of a many-facet Rasch analysis.
#[derive(Debug, Clone, Serialize)]
pub struct RaschFit {
    /// Threshold structure used.
    pub model: ScaleModel,
    /// The facet that floated.
    pub floating: Facet,
    /// Estimator and person estimator inside it.
    pub estimator: &'static str,
    /// Number of ratings analysed.
    pub ratings: usize,
    /// Iterations until convergence.
    pub iterations: usize,
    /// Largest |observed − expected| score of an element at the end.
    pub max_residual: f64,
    /// Largest change of a measure in the last iteration, in logits.
    pub max_change: f64,
    /// Score points by which extreme scores were moved inwards.
    pub extreme_adjustment: f64,
    /// The (L−1)/L factor when the correction was requested, with L the mean number of
    /// ratings per examinee.
    pub bias_correction_factor: Option<f64>,
    /// Mean number of ratings per examinee.
    pub ratings_per_examinee: f64,
    /// One report per facet in examinee, rater, task order.
    pub facets: Vec<FacetReport>,
    /// Thresholds per set.
    pub thresholds: Vec<ThresholdSet>,
    /// Rubric scores in the declared range that were never used.
    pub unobserved_scores: Vec<i64>,
    /// Requested bias analyses.
    pub bias: Vec<BiasTable>,
    /// Decisions and warnings a reader of the results needs.
    pub notes: Vec<String>,
}

impl RaschFit {
    /// Returns the report of `facet`.
    pub fn facet(&self, facet: Facet) -> &FacetReport {
        &self.facets[facet.index()]
    }

    /// Returns the element of `facet` with `label`.
    pub fn element(&self, facet: Facet, label: &str) -> Option<&ElementMeasure> {
        self.facet(facet).elements.iter().find(|e| e.label == label)
    }
}

/// Fits the many-facet Rasch model to `ratings`.
///
/// `progress` is called after every iteration with the iteration number and the largest
/// score residual.
pub fn fit(
    ratings: &Ratings,
    options: &RaschOptions,
    progress: &mut dyn FnMut(usize, f64),
) -> Result<RaschFit, MeasureError> {
    let mut estimation = jmle::Estimation::new(ratings, options)?;
    estimation.run(progress)?;
    let mut result = report::build(&estimation, ratings, options);
    for &(first, second) in &options.bias_pairs {
        result
            .bias
            .push(bias::table(&estimation, ratings, first, second)?);
    }
    Ok(result)
}
