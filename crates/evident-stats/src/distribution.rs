//! Quantiles and tail probabilities of the normal, t, F and chi-square
//! distributions (via `statrs`).

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// Returns the two-sided 95% normal quantile `z_{0.975}`.
pub(crate) fn normal_975() -> f64 {
    Normal::standard().inverse_cdf(0.975)
}

/// Two-sided normal p-value of `z`: `2(1 − Φ(|z|))`.
pub(crate) fn normal_two_sided_p(z: f64) -> f64 {
    2.0 * Normal::standard().sf(z.abs())
}

/// `t_{0.975, df}`.
pub(crate) fn t_975(df: f64) -> f64 {
    StudentsT::new(0.0, 1.0, df)
        .expect("df is positive")
        .inverse_cdf(0.975)
}

/// Two-sided t p-value: `2(1 − T_df(|t|))`.
pub(crate) fn t_two_sided_p(t: f64, df: f64) -> f64 {
    2.0 * StudentsT::new(0.0, 1.0, df)
        .expect("df is positive")
        .sf(t.abs())
}

/// `F_{0.975}(df1, df2)`.
pub(crate) fn f_975(df1: f64, df2: f64) -> f64 {
    FisherSnedecor::new(df1, df2)
        .expect("degrees of freedom are positive")
        .inverse_cdf(0.975)
}

/// Upper tail `P(F > f)` of `F(df1, df2)`.
pub(crate) fn f_upper_tail(f: f64, df1: f64, df2: f64) -> f64 {
    FisherSnedecor::new(df1, df2)
        .expect("degrees of freedom are positive")
        .sf(f)
}

/// Upper tail `P(X > x)` of chi-square with `df` degrees of freedom.
pub(crate) fn chi_squared_upper_tail(x: f64, df: f64) -> f64 {
    ChiSquared::new(df).expect("df is positive").sf(x)
}
