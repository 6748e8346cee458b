//! Intraclass correlation coefficients (Shrout & Fleiss 1979; McGraw & Wong 1996).

use crate::distribution::{f_975, f_upper_tail};
use crate::{Interval, Ratings, Statistic, Undefined};

/// The six ICC forms, named as in Shrout & Fleiss (1979) and R psych.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IccForm {
    /// ICC(1,1): one-way random effects, single rater (pingouin ICC(1,1)).
    Icc1,
    /// ICC(2,1): two-way random effects, absolute agreement, single rater (ICC(A,1)).
    Icc2,
    /// ICC(3,1): two-way mixed effects, consistency, single rater (ICC(C,1)).
    Icc3,
    /// ICC(1,k): one-way, mean of k raters (ICC(1,k)).
    Icc1k,
    /// ICC(2,k): two-way random, absolute agreement, mean of k raters (ICC(A,k)).
    Icc2k,
    /// ICC(3,k): two-way mixed, consistency, mean of k raters (ICC(C,k)).
    Icc3k,
}

impl IccForm {
    /// All forms in the order ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k.
    pub const ALL: [IccForm; 6] = [
        IccForm::Icc1,
        IccForm::Icc2,
        IccForm::Icc3,
        IccForm::Icc1k,
        IccForm::Icc2k,
        IccForm::Icc3k,
    ];

    /// Returns the lower-case name used in statistic names: `icc1` … `icc3k`.
    pub fn name(self) -> &'static str {
        match self {
            IccForm::Icc1 => "icc1",
            IccForm::Icc2 => "icc2",
            IccForm::Icc3 => "icc3",
            IccForm::Icc1k => "icc1k",
            IccForm::Icc2k => "icc2k",
            IccForm::Icc3k => "icc3k",
        }
    }
}

/// One ICC form with its F test and 95% interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Icc {
    /// The form.
    pub form: IccForm,
    /// The coefficient.
    pub value: Statistic,
    /// The F ratio of the test of `ICC = 0`.
    pub f: Statistic,
    /// Numerator degrees of freedom.
    pub df1: f64,
    /// Denominator degrees of freedom.
    pub df2: f64,
    /// `P(F > f)`.
    pub p_value: Statistic,
    /// The 95% interval (pingouin and R psych conventions).
    pub ci: Result<Interval, Undefined>,
}

/// The ICC table over the units rated by every rater.
#[derive(Debug, Clone, PartialEq)]
pub struct IccTable {
    /// Targets (units) used: those rated by every rater.
    pub units: usize,
    /// Raters `k`.
    pub raters: usize,
    /// The six forms, in the order of [`IccForm::ALL`].
    pub forms: Vec<Icc>,
}

/// Mean squares of the two-way ANOVA without replication.
struct MeanSquares {
    rows: f64,
    columns: f64,
    error: f64,
    within: f64,
}

fn ratio_or(numerator: f64, denominator: f64, scale: f64, reason: Undefined) -> Statistic {
    if denominator.abs() <= 1e-12 * scale {
        Err(reason)
    } else {
        Ok(numerator / denominator)
    }
}

/// Computes the six ICC forms with F tests and 95% intervals from the units
/// that every rater rated (listwise deletion, as pingouin `nan_policy='omit'`,
/// R psych and R irr), using the category values of the scale as scores.
///
/// With `n` targets and `k` raters, the two-way ANOVA gives `MSR` (targets, df
/// `n − 1`), `MSC` (raters, df `k − 1`), `MSE` (residual, df `(n − 1)(k − 1)`)
/// and `MSW = (SSC + SSE)/(n(k − 1))`:
///
/// | form | ICC | F; df |
/// |---|---|---|
/// | ICC1 | `(MSR − MSW)/(MSR + (k − 1)MSW)` | `MSR/MSW`; `n − 1, n(k − 1)` |
/// | ICC2 | `(MSR − MSE)/(MSR + (k − 1)MSE + k(MSC − MSE)/n)` | `MSR/MSE`; `n − 1, (n − 1)(k − 1)` |
/// | ICC3 | `(MSR − MSE)/(MSR + (k − 1)MSE)` | as ICC2 |
/// | ICC1k | `(MSR − MSW)/MSR` | as ICC1 |
/// | ICC2k | `(MSR − MSE)/(MSR + (MSC − MSE)/n)` | as ICC2 |
/// | ICC3k | `(MSR − MSE)/MSR` | as ICC2 |
///
/// Intervals: for ICC1 and ICC3, `F_L = F/F_{.975}(df1, df2)`,
/// `F_U = F·F_{.975}(df2, df1)` and bounds `(F_L − 1)/(F_L + k − 1)`,
/// `(F_U − 1)/(F_U + k − 1)`; for ICC1k and ICC3k, `1 − 1/F_L` and `1 − 1/F_U`.
/// ICC2 uses McGraw & Wong's approximate `v` df with `F_J = MSC/MSE`; ICC2k
/// transforms the ICC2 bounds by `Lk/(1 + L(k − 1))`.
///
/// ICC2k can exceed 1 when `MSR + (MSC − MSE)/n < 0`, as in the references;
/// the other forms are at most 1.
///
/// Undefined with fewer than two raters or fewer than two complete units. With
/// no variation in scores every coefficient, F ratio and interval is undefined,
/// but the degrees of freedom stay defined. An F ratio and its interval are
/// undefined when its denominator mean square is 0.
pub fn intraclass_correlations(ratings: &Ratings) -> Result<IccTable, Undefined> {
    let k = ratings.n_raters();
    if k < 2 {
        return Err(Undefined::SingleRater);
    }

    let complete = ratings.complete_units();
    let n = complete.len();
    if n < 2 {
        return Err(Undefined::TooFewUnits {
            needed: 2,
            found: n,
            counted: "units rated by every rater",
        });
    }

    let x = ratings.scale().values();
    let (nf, kf) = (n as f64, k as f64);
    let mut row_means = vec![0.0; n];
    let mut column_means = vec![0.0; k];
    let mut grand = 0.0;
    for (i, row) in complete.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            let v = x[usize::from(c)];
            row_means[i] += v / kf;
            column_means[j] += v / nf;
            grand += v;
        }
    }
    grand /= nf * kf;
    let mut total = 0.0;
    for row in &complete {
        for &c in row {
            total += (x[usize::from(c)] - grand).powi(2);
        }
    }

    let ss_rows = kf * row_means.iter().map(|m| (m - grand).powi(2)).sum::<f64>();
    let ss_columns = nf
        * column_means
            .iter()
            .map(|m| (m - grand).powi(2))
            .sum::<f64>();
    // Sums of squares below 1e-12 of the total are rounding noise of an exact 0.
    let snap = |ss: f64| if ss <= 1e-12 * total { 0.0 } else { ss };
    let ss_rows = snap(ss_rows);
    let ss_columns = snap(ss_columns);
    let ss_error = snap((total - ss_rows - ss_columns).max(0.0));
    // Sums of squares below this are rounding noise of exactly zero variation.
    let tiny = 1e-12 * (grand * grand * nf * kf).max(1.0);
    let no_variation = total <= tiny;
    let ms = MeanSquares {
        rows: ss_rows / (nf - 1.0),
        columns: ss_columns / (kf - 1.0),
        error: ss_error / ((nf - 1.0) * (kf - 1.0)),
        within: (ss_columns + ss_error) / (nf * (kf - 1.0)),
    };

    let scale = total / (nf * kf);
    let forms = IccForm::ALL
        .iter()
        .map(|&form| {
            let mut icc = icc_form(form, &ms, nf, kf, scale);
            if no_variation {
                icc.value = Err(Undefined::ZeroVariance);
                icc.f = Err(Undefined::ZeroVariance);
                icc.p_value = Err(Undefined::ZeroVariance);
                icc.ci = Err(Undefined::ZeroVariance);
            }
            icc
        })
        .collect();
    Ok(IccTable {
        units: n,
        raters: k,
        forms,
    })
}

fn icc_form(form: IccForm, ms: &MeanSquares, n: f64, k: f64, scale: f64) -> Icc {
    let (msr, msc, mse, msw) = (ms.rows, ms.columns, ms.error, ms.within);
    let one_way = matches!(form, IccForm::Icc1 | IccForm::Icc1k);
    let (df1, df2) = if one_way {
        (n - 1.0, n * (k - 1.0))
    } else {
        (n - 1.0, (n - 1.0) * (k - 1.0))
    };

    let residual = if one_way { msw } else { mse };
    let value = match form {
        IccForm::Icc1 => ratio_or(
            msr - msw,
            msr + (k - 1.0) * msw,
            scale,
            Undefined::NoUnitVariation,
        ),
        IccForm::Icc2 => ratio_or(
            msr - mse,
            msr + (k - 1.0) * mse + k * (msc - mse) / n,
            scale,
            Undefined::NoUnitVariation,
        ),
        IccForm::Icc3 => ratio_or(
            msr - mse,
            msr + (k - 1.0) * mse,
            scale,
            Undefined::NoUnitVariation,
        ),
        IccForm::Icc1k => ratio_or(msr - msw, msr, scale, Undefined::NoUnitVariation),
        IccForm::Icc2k => ratio_or(
            msr - mse,
            msr + (msc - mse) / n,
            scale,
            Undefined::NoUnitVariation,
        ),
        IccForm::Icc3k => ratio_or(msr - mse, msr, scale, Undefined::NoUnitVariation),
    };

    let f = ratio_or(msr, residual, scale, Undefined::ZeroResidual);
    let p_value = f.clone().map(|f| f_upper_tail(f, df1, df2));
    let ci = match (&value, &f) {
        (Err(reason), _) | (_, Err(reason)) => Err(reason.clone()),
        (Ok(rho), Ok(f)) => icc_interval(form, *rho, *f, ms, n, k, df1, df2).and_then(|ci| {
            if ci.lower.is_finite() && ci.upper.is_finite() {
                Ok(ci)
            } else {
                Err(Undefined::DegenerateInterval)
            }
        }),
    };
    Icc {
        form,
        value,
        f,
        df1,
        df2,
        p_value,
        ci,
    }
}

#[allow(clippy::too_many_arguments)]
fn icc_interval(
    form: IccForm,
    rho: f64,
    f: f64,
    ms: &MeanSquares,
    n: f64,
    k: f64,
    df1: f64,
    df2: f64,
) -> Result<Interval, Undefined> {
    match form {
        IccForm::Icc1 | IccForm::Icc3 | IccForm::Icc1k | IccForm::Icc3k => {
            let f_lower = f / f_975(df1, df2);
            let f_upper = f * f_975(df2, df1);
            if matches!(form, IccForm::Icc1 | IccForm::Icc3) {
                Ok(Interval {
                    lower: (f_lower - 1.0) / (f_lower + k - 1.0),
                    upper: (f_upper - 1.0) / (f_upper + k - 1.0),
                })
            } else {
                Ok(Interval {
                    lower: 1.0 - 1.0 / f_lower,
                    upper: 1.0 - 1.0 / f_upper,
                })
            }
        }
        IccForm::Icc2 | IccForm::Icc2k => {
            // ρ is ICC(2,1) for both forms; ICC2k transforms its bounds.
            let rho1 = if form == IccForm::Icc2 {
                rho
            } else {
                rho / (k - (k - 1.0) * rho)
            };
            let (msr, msc, mse) = (ms.rows, ms.columns, ms.error);
            let f_j = msc / mse;
            let a = n * (1.0 + (k - 1.0) * rho1) - k * rho1;
            let v = (n - 1.0) * (k - 1.0) * (k * rho1 * f_j + a).powi(2)
                / ((n - 1.0) * k * k * rho1 * rho1 * f_j * f_j + a * a);
            if !(v.is_finite() && v > 0.0) {
                return Err(Undefined::DegenerateInterval);
            }
            let f_star = f_975(n - 1.0, v);
            let f_star2 = f_975(v, n - 1.0);
            let lower =
                n * (msr - f_star * mse) / (f_star * (k * msc + (k * n - k - n) * mse) + n * msr);
            let upper =
                n * (f_star2 * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f_star2 * msr);
            if form == IccForm::Icc2 {
                Ok(Interval { lower, upper })
            } else if [lower, upper]
                .iter()
                .any(|bound| (1.0 + bound * (k - 1.0)).abs() < 1e-6)
            {
                // The transform Lk/(1 + L(k − 1)) has a pole at L = −1/(k − 1).
                Err(Undefined::DegenerateInterval)
            } else {
                Ok(Interval {
                    lower: lower * k / (1.0 + lower * (k - 1.0)),
                    upper: upper * k / (1.0 + upper * (k - 1.0)),
                })
            }
        }
    }
}
