//! Every statistic that applies to a data set, under stable names.

use crate::cohen::{cohen_kappa, scott_pi};
use crate::icc::intraclass_correlations;
use crate::kendall::kendall_w;
use crate::krippendorff::{krippendorff_alphas, krippendorff_bootstrap};
use crate::multirater::{
    brennan_prediger, conger_kappa, fleiss_kappa, fleiss_null_test, gwet_ac, light_kappa,
};
use crate::percent::{percent_agreement, percent_all_raters_agree};
use crate::{
    Aggregation, Bootstrap, Coefficient, Interval, Level, Ratings, Statistic, Undefined,
    WeightKind, Weights,
};

/// Options of an [`AgreementReport`]: level, pairwise tables, bootstrap and weights.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// The level of measurement; statistics for higher levels are left out.
    pub level: Level,
    /// Whether to add Cohen's kappa for every pair of raters.
    pub pairs: bool,
    /// The bootstrap for Krippendorff's alpha intervals.
    pub bootstrap: Bootstrap,
    /// Extra agreement weights, reported as `cohen_kappa_custom` for two raters.
    pub custom_weights: Option<Weights>,
}

impl Default for ReportOptions {
    /// Ordinal level, no pairwise tables, the default bootstrap, no custom weights.
    fn default() -> ReportOptions {
        ReportOptions {
            level: Level::Ordinal,
            pairs: false,
            bootstrap: Bootstrap::default(),
            custom_weights: None,
        }
    }
}

/// Named statistics in a fixed order; see the crate documentation for the names.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementReport {
    /// `(name, value or reason)` in output order.
    pub entries: Vec<(String, Statistic)>,
}

impl AgreementReport {
    /// Looks up a statistic by name.
    pub fn get(&self, name: &str) -> Option<&Statistic> {
        self.entries
            .iter()
            .find(|(entry, _)| entry == name)
            .map(|(_, value)| value)
    }

    fn push(&mut self, name: impl Into<String>, value: Statistic) {
        self.entries.push((name.into(), value));
    }

    fn push_interval(&mut self, prefix: &str, ci: Result<Interval, Undefined>) {
        self.push(format!("{prefix}_ci_lower"), ci.clone().map(|i| i.lower));
        self.push(format!("{prefix}_ci_upper"), ci.map(|i| i.upper));
    }

    fn push_coefficient(&mut self, name: &str, coefficient: Result<Coefficient, Undefined>) {
        match coefficient {
            Ok(c) => {
                self.push(name, c.estimate);
                self.push(format!("{name}_se"), c.se);
                self.push(format!("{name}_p"), c.p_value);
                self.push_interval(name, c.ci);
            }
            Err(reason) => {
                for suffix in ["", "_se", "_p", "_ci_lower", "_ci_upper"] {
                    self.push(format!("{name}{suffix}"), Err(reason.clone()));
                }
            }
        }
    }

    fn push_cohen(&mut self, name: &str, suffix: &str, table: &[u32], weights: &Weights) {
        let names = ["", "_se", "_se_null", "_z", "_p", "_ci_lower", "_ci_upper"];
        match cohen_kappa(table, weights) {
            Ok(k) => {
                let ci = k.ci.clone();
                let values = [
                    Ok(k.kappa),
                    k.se,
                    k.se_null,
                    k.z,
                    k.p_value,
                    ci.clone().map(|i| i.lower),
                    ci.map(|i| i.upper),
                ];
                for (part, value) in names.iter().zip(values) {
                    self.push(format!("{name}{part}{suffix}"), value);
                }
            }
            Err(reason) => {
                for part in names {
                    self.push(format!("{name}{part}{suffix}"), Err(reason.clone()));
                }
            }
        }
    }
}

fn weights_for(kinds: &[WeightKind], ratings: &Ratings) -> Vec<(WeightKind, Weights)> {
    kinds
        .iter()
        .filter_map(|kind| {
            Weights::new(kind, ratings.scale())
                .ok()
                .map(|w| (kind.clone(), w))
        })
        .collect()
}

fn weighted_name(base: &str, kind: &WeightKind) -> String {
    match kind {
        WeightKind::Identity => base.to_string(),
        other => format!("{base}_{}", other.suffix()),
    }
}

/// Computes every statistic that applies at `options.level`.
///
/// Nominal level: percent exact agreement, Cohen's kappa and Scott's pi (two
/// raters), Fleiss' kappa, Conger's kappa, Light's kappa, Gwet's AC1,
/// Brennan–Prediger and nominal alpha. Ordinal adds percent adjacent agreement,
/// linear and quadratic weighted coefficients, ordinal alpha, the ICC forms and
/// Kendall's W. Interval and ratio add alpha at those levels.
/// NOTE: the ICC treats category values as interval scores; it is reported from
/// the ordinal level up because rubric scores are routinely analysed that way.
pub fn agreement_report(ratings: &Ratings, options: &ReportOptions) -> AgreementReport {
    let mut report = AgreementReport {
        entries: Vec::new(),
    };

    let level = options.level;
    let ordered = level >= Level::Ordinal;
    let table = ratings.count_table();
    let complete = ratings.complete_units().len();
    report.push("units", Ok(table.rows() as f64));
    report.push("raters", Ok(ratings.n_raters() as f64));
    report.push("ratings", Ok(ratings.n_ratings() as f64));
    report.push("units_pairable", Ok(table.pairable_rows() as f64));
    report.push("units_complete", Ok(complete as f64));
    report.push("categories", Ok(table.q as f64));

    let single_rater = ratings.n_raters() < 2;
    let gate = |value: Statistic| -> Statistic {
        if single_rater {
            Err(Undefined::SingleRater)
        } else {
            value
        }
    };

    let start = report.entries.len();

    let tolerances: &[(usize, &str)] = if ordered {
        &[(0, "exact"), (1, "adjacent")]
    } else {
        &[(0, "exact")]
    };

    for &(tolerance, name) in tolerances {
        let forms = [
            ("", Aggregation::UnitMean),
            ("_pooled", Aggregation::PooledPairs),
            ("_krippendorff", Aggregation::Krippendorff),
        ];
        for (suffix, aggregation) in forms {
            report.push(
                format!("percent_{name}{suffix}"),
                percent_agreement(&table, tolerance, aggregation),
            );
        }
        report.push(
            format!("percent_all_raters_{name}"),
            percent_all_raters_agree(ratings, tolerance),
        );
    }

    let mut kinds = vec![WeightKind::Identity];
    if ordered {
        kinds.push(WeightKind::Linear);
        kinds.push(WeightKind::Quadratic);
    }

    let weights = weights_for(&kinds, ratings);

    // Two-rater coefficients.
    let two_raters = ratings.n_raters() == 2;
    let pair_table = two_raters.then(|| ratings.pair_table(0, 1));
    let mut cohen_weights = weights.clone();
    if let Some(custom) = &options.custom_weights {
        cohen_weights.push((WeightKind::Custom(Vec::new()), custom.clone()));
    }

    for (kind, w) in &cohen_weights {
        let name = weighted_name("cohen_kappa", kind);
        match &pair_table {
            Some(t) => report.push_cohen(&name, "", t, w),
            None => {
                let reason = Undefined::NotTwoRaters {
                    raters: ratings.n_raters(),
                };
                for part in ["", "_se", "_se_null", "_z", "_p", "_ci_lower", "_ci_upper"] {
                    report.push(format!("{name}{part}"), Err(reason.clone()));
                }
            }
        }
    }

    for (kind, w) in &weights {
        let name = weighted_name("scott_pi", kind);
        let result = match &pair_table {
            Some(t) => scott_pi(t, w),
            None => Err(Undefined::NotTwoRaters {
                raters: ratings.n_raters(),
            }),
        };
        match result {
            Ok(s) => {
                report.push(&name, Ok(s.pi));
                report.push(format!("{name}_se"), s.se);
                report.push_interval(&name, s.ci);
            }
            Err(reason) => {
                for suffix in ["", "_se", "_ci_lower", "_ci_upper"] {
                    report.push(format!("{name}{suffix}"), Err(reason.clone()));
                }
            }
        }
    }

    // Multi-rater coefficients.
    for (kind, w) in &weights {
        report.push_coefficient(
            &weighted_name("fleiss_kappa", kind),
            fleiss_kappa(&table, w),
        );
    }

    match fleiss_null_test(ratings) {
        Ok(test) => {
            report.push("fleiss_kappa_se_null", Ok(test.se_null));
            report.push("fleiss_kappa_z_null", test.z);
        }
        Err(reason) => {
            report.push("fleiss_kappa_se_null", Err(reason.clone()));
            report.push("fleiss_kappa_z_null", Err(reason));
        }
    }

    for (kind, w) in &weights {
        let name = match kind {
            WeightKind::Identity => "gwet_ac1".to_string(),
            other => format!("gwet_ac2_{}", other.suffix()),
        };
        report.push_coefficient(&name, gwet_ac(&table, w));
    }

    for (kind, w) in &weights {
        report.push_coefficient(
            &weighted_name("brennan_prediger", kind),
            brennan_prediger(&table, w),
        );
    }

    for (kind, w) in &weights {
        report.push_coefficient(
            &weighted_name("conger_kappa", kind),
            conger_kappa(ratings, w),
        );
    }
    report.push("light_kappa", light_kappa(ratings));

    // Krippendorff's alpha at every level up to the declared one.
    let levels: Vec<Level> = Level::ALL.iter().copied().filter(|&l| l <= level).collect();
    let intervals = krippendorff_bootstrap(&table, ratings.scale(), &levels, options.bootstrap);
    let alphas = krippendorff_alphas(&table, ratings.scale(), &levels);
    for ((&l, alpha), ci) in levels.iter().zip(alphas).zip(intervals) {
        let name = format!("krippendorff_alpha_{l}");
        report.push(&name, alpha);
        report.push_interval(&name, ci);
    }

    if ordered {
        match intraclass_correlations(ratings) {
            Ok(icc) => {
                for form in icc.forms {
                    let name = form.form.name();
                    report.push(name, form.value);
                    report.push(format!("{name}_f"), form.f);
                    report.push(format!("{name}_df1"), Ok(form.df1));
                    report.push(format!("{name}_df2"), Ok(form.df2));
                    report.push(format!("{name}_p"), form.p_value);
                    report.push_interval(name, form.ci);
                }
            }
            Err(reason) => {
                for form in crate::IccForm::ALL {
                    let name = form.name();
                    for suffix in ["", "_f", "_df1", "_df2", "_p", "_ci_lower", "_ci_upper"] {
                        report.push(format!("{name}{suffix}"), Err(reason.clone()));
                    }
                }
            }
        }
        match kendall_w(ratings) {
            Ok(k) => {
                report.push("kendall_w", k.w);
                report.push("kendall_w_chi2", k.chi_squared);
                report.push("kendall_w_df", Ok(k.df));
                report.push("kendall_w_p", k.p_value);
                report.push("kendall_w_uncorrected", Ok(k.w_uncorrected));
            }
            Err(reason) => {
                for name in [
                    "kendall_w",
                    "kendall_w_chi2",
                    "kendall_w_df",
                    "kendall_w_p",
                    "kendall_w_uncorrected",
                ] {
                    report.push(name, Err(reason.clone()));
                }
            }
        }
    }

    if options.pairs && !single_rater {
        let names = ratings.rater_names();
        for ((a, b), t) in ratings.all_pair_tables() {
            let suffix = format!("[{},{}]", names[a], names[b]);
            report.push(
                format!("pair_units{suffix}"),
                Ok(f64::from(t.iter().sum::<u32>())),
            );
            for (kind, w) in &weights {
                report.push_cohen(&weighted_name("cohen_kappa", kind), &suffix, &t, w);
            }
        }
    }

    for (_, value) in &mut report.entries[start..] {
        *value = gate(value.clone());
    }
    report
}
