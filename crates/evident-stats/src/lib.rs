//! Rater agreement and reliability statistics over ratings in long form
//! (unit, rater, score) on a declared rubric scale, with missing ratings.
//!
//! Build [`Ratings`] with a [`Scale`], then call a statistic or
//! [`agreement_report`] for all of them. A statistic that cannot be computed
//! (no variation, fewer than two pairable units, one rater, …) is an
//! [`Undefined`] value that states why. No function returns NaN or silently
//! substitutes 0 or 1.
//!
//! ```
//! use evident_stats::{Level, Ratings, Scale, krippendorff_alpha};
//!
//! let scale = Scale::parse("1..4")?;
//! let rows = [("u1", "a", "1"), ("u1", "b", "2"), ("u2", "a", "3"), ("u2", "b", "3"),
//!             ("u3", "a", "4"), ("u3", "b", "4")];
//! let ratings = Ratings::from_rows(scale, &rows)?;
//! let alpha = krippendorff_alpha(&ratings.count_table(), ratings.scale(), Level::Ordinal);
//! assert!(alpha.is_ok());
//! # Ok::<(), evident_stats::StatsError>(())
//! ```
//!
//! # Conventions
//!
//! * The scale is always the declared rubric scale, never only the values that
//!   occur: unused categories count in chance agreement and in the weights.
//! * Units without a rating are dropped. Units with one rating enter the
//!   category distribution of Fleiss' kappa (generalised) and Gwet's AC1 but not
//!   observed agreement, and Krippendorff's alpha drops them.
//! * Cohen's kappa, Scott's pi and the pairwise tables use the units rated by
//!   both raters. ICC, Kendall's W, Fleiss' null test, Light's kappa and
//!   "all raters agree" use the units rated by every rater (listwise deletion).
//! * Cohen's kappa: asymptotic SE of Fleiss, Cohen & Everitt (1969), normal
//!   95% interval truncated to [−1, 1]; null SE and two-sided z test.
//! * Gwet's family (Fleiss generalised, AC1/AC2, Brennan–Prediger, Conger):
//!   Gwet's SE, t interval with `n − 1` df, upper bound capped at 1.
//! * Krippendorff's alpha: 95% percentile bootstrap over units, seeded
//!   (the Poisson bootstrap above 20,000 pairable units).
//! * ICC: pingouin / R psych intervals and F tests.
//!
//! # Statistic names
//!
//! [`agreement_report`] and the `evident agreement` command use these names;
//! they are a stable public contract. `<w>` is `linear` or `quadratic` (ordinal
//! level and above). Undefined values are `null` in JSON with a sibling
//! `<name>_undefined_reason`.
//!
//! | name | meaning |
//! |---|---|
//! | `units`, `raters`, `ratings` | rated units, raters, ratings |
//! | `units_pairable`, `units_complete`, `categories` | units with ≥ 2 ratings, units rated by every rater, scale size |
//! | `percent_exact`, `percent_adjacent` | mean over units of the share of agreeing rating pairs (adjacent: within one step; ordinal and above) |
//! | `percent_exact_pooled`, `percent_adjacent_pooled` | agreeing pairs / all pairs |
//! | `percent_exact_krippendorff`, `percent_adjacent_krippendorff` | Krippendorff's pairable-value weighting |
//! | `percent_all_raters_exact`, `percent_all_raters_adjacent` | share of complete units on which all raters agree (a proportion, not percent) |
//! | `cohen_kappa`, `cohen_kappa_<w>`, `cohen_kappa_custom` | Cohen's kappa of exactly two raters (custom: user weights) |
//! | `scott_pi`, `scott_pi_<w>` | Scott's pi of two raters |
//! | `fleiss_kappa`, `fleiss_kappa_<w>` | Fleiss' kappa, Gwet's generalisation to missing ratings |
//! | `fleiss_kappa_se_null`, `fleiss_kappa_z_null` | Fleiss, Nee & Landis (1979) null SE and z over complete units |
//! | `conger_kappa`, `conger_kappa_<w>` | Conger's (1980) kappa, Gwet's generalisation |
//! | `light_kappa` | mean pairwise Cohen's kappa over complete units |
//! | `gwet_ac1`, `gwet_ac2_<w>` | Gwet's AC1 / AC2 |
//! | `brennan_prediger`, `brennan_prediger_<w>` | Brennan–Prediger coefficient |
//! | `krippendorff_alpha_nominal`, `_ordinal`, `_interval`, `_ratio` | Krippendorff's alpha at each level up to the declared one |
//! | `icc1`, `icc2`, `icc3`, `icc1k`, `icc2k`, `icc3k` | Shrout–Fleiss ICC forms (ordinal and above) |
//! | `kendall_w`, `kendall_w_uncorrected` | Kendall's W with and without the tie correction (ordinal and above) |
//! | `pair_units[a,b]`, `cohen_kappa[a,b]`, `cohen_kappa_<w>[a,b]` | with pairs requested: units rated by raters `a` and `b`, and their kappas |
//!
//! Suffixes: `_se` standard error; `_ci_lower`, `_ci_upper` 95% interval;
//! `_p` two-sided p-value; for Cohen's kappa also `_se_null` and `_z` (test of
//! κ = 0); for ICC `_f`, `_df1`, `_df2`; for Kendall's W `_chi2`, `_df`, `_p`.
//! On pairwise names the suffix comes before the brackets (`cohen_kappa_se[a,b]`).

// The formulas index q × q matrices by category; explicit indices follow the
// notation of the sources more closely than iterator chains.
#![allow(clippy::needless_range_loop)]

mod cohen;
mod distribution;
mod error;
mod icc;
mod kendall;
mod krippendorff;
mod multirater;
mod percent;
mod random;
mod ratings;
mod report;
mod scale;
mod undefined;
mod weights;

pub use cohen::{CohenKappa, ScottPi, cohen_kappa, scott_pi};
pub use error::StatsError;
pub use icc::{Icc, IccForm, IccTable, intraclass_correlations};
pub use kendall::{KendallW, kendall_w};
pub use krippendorff::{
    Bootstrap, krippendorff_alpha, krippendorff_alpha_weighted, krippendorff_alphas,
    krippendorff_bootstrap,
};
pub use multirater::{
    Coefficient, FleissNullTest, brennan_prediger, conger_kappa, fleiss_kappa, fleiss_null_test,
    gwet_ac, light_kappa,
};
pub use percent::{Aggregation, percent_agreement, percent_all_raters_agree};
pub use ratings::{CountTable, Ratings, RatingsBuilder};
pub use report::{AgreementReport, ReportOptions, agreement_report};
pub use scale::{Level, Scale};
pub use undefined::{Interval, Statistic, Undefined};
pub use weights::{WeightKind, Weights};
