//! The declared rubric scale: ordered categories with optional numeric values.

use std::collections::HashMap;
use std::fmt;

use crate::StatsError;

/// The level of measurement of the scores, which selects the distance metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Unordered categories.
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// Numeric scores with meaningful differences.
    Interval,
    /// Numeric scores with a true zero.
    Ratio,
}

impl Level {
    /// Returns the lower-case name used in JSON keys and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Level::Nominal => "nominal",
            Level::Ordinal => "ordinal",
            Level::Interval => "interval",
            Level::Ratio => "ratio",
        }
    }

    /// All levels from nominal to ratio.
    pub const ALL: [Level; 4] = [
        Level::Nominal,
        Level::Ordinal,
        Level::Interval,
        Level::Ratio,
    ];
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The ordered categories of a rubric, `c_1 < … < c_q`.
///
/// Every statistic uses the declared scale, never only the values that occur,
/// so an unused category still counts in chance agreement and in the weights.
/// A scale is numeric when every label parses as a number; numeric labels must
/// be strictly increasing and each category's value is that number. A scale of
/// text labels gives category `k` (1-based) the value `k`.
/// Labels are case-sensitive: `a` and `A` are different categories.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    labels: Vec<String>,
    values: Vec<f64>,
    numeric: bool,
    index: HashMap<String, u16>,
}

impl Scale {
    /// Builds a scale from labels in order.
    ///
    /// # Errors
    /// [`StatsError::InvalidScale`] when the list is empty, a label is empty or
    /// repeated, there are more than 65,535 categories, or numeric labels do not
    /// increase strictly.
    pub fn from_labels<S: AsRef<str>>(labels: &[S]) -> Result<Scale, StatsError> {
        let spec = labels
            .iter()
            .map(|label| label.as_ref())
            .collect::<Vec<_>>()
            .join(",");
        let invalid = |problem: &str| StatsError::InvalidScale {
            spec: spec.clone(),
            problem: problem.to_string(),
        };
        if labels.is_empty() {
            return Err(invalid(
                "no categories; list them in order, e.g. 1..4 or low,mid,high",
            ));
        }
        if labels.len() >= usize::from(u16::MAX) {
            return Err(invalid("more than 65,534 categories"));
        }
        let labels: Vec<String> = labels
            .iter()
            .map(|l| l.as_ref().trim().to_string())
            .collect();
        let mut index = HashMap::with_capacity(labels.len());
        for (position, label) in labels.iter().enumerate() {
            if label.is_empty() {
                return Err(invalid("an empty category label"));
            }
            let position = u16::try_from(position).expect("checked above");
            if index.insert(label.clone(), position).is_some() {
                return Err(invalid(&format!("category '{label}' is listed twice")));
            }
        }
        let parsed: Vec<Option<f64>> = labels
            .iter()
            .map(|l| l.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect();
        let numeric = parsed.iter().all(Option::is_some);
        let values: Vec<f64> = if numeric {
            parsed.into_iter().flatten().collect()
        } else {
            (1..=labels.len()).map(|k| k as f64).collect()
        };
        if numeric && values.windows(2).any(|pair| pair[0] >= pair[1]) {
            return Err(invalid(
                "numeric categories must increase strictly; list them from lowest to highest",
            ));
        }
        Ok(Scale {
            labels,
            values,
            numeric,
            index,
        })
    }

    /// Parses a scale declaration: an integer range `lo..hi` (inclusive, such as
    /// `1..4`) or a comma-separated list of labels in order (`1,2,3,4` or
    /// `novice,developing,proficient`).
    ///
    /// # Errors
    /// [`StatsError::InvalidScale`] as for [`Scale::from_labels`], or when a
    /// range has `lo > hi` or more than 65,534 steps.
    pub fn parse(spec: &str) -> Result<Scale, StatsError> {
        let spec = spec.trim();
        if let Some((lo, hi)) = spec.split_once("..") {
            let (lo, hi) = (lo.trim(), hi.trim());
            if let (Ok(lo), Ok(hi)) = (lo.parse::<i64>(), hi.parse::<i64>()) {
                if lo > hi || hi - lo >= i64::from(u16::MAX) - 1 {
                    return Err(StatsError::InvalidScale {
                        spec: spec.to_string(),
                        problem: "a range needs lo <= hi and at most 65,534 categories".to_string(),
                    });
                }
                let labels: Vec<String> = (lo..=hi).map(|v| v.to_string()).collect();
                return Scale::from_labels(&labels);
            }
            return Err(StatsError::InvalidScale {
                spec: spec.to_string(),
                problem: "a range must be two integers such as 1..4".to_string(),
            });
        }
        let labels: Vec<&str> = spec.split(',').collect();
        Scale::from_labels(&labels)
    }

    /// Returns the number of categories `q`.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// Returns whether the scale has no categories (never true for a built scale).
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Returns the label of category `k` (0-based).
    pub fn label(&self, k: usize) -> &str {
        &self.labels[k]
    }

    /// Returns the value of category `k` (0-based): its number on a numeric scale, else `k + 1`.
    pub fn value(&self, k: usize) -> f64 {
        self.values[k]
    }

    /// Returns the category values in order.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// Returns whether every label is a number.
    pub fn is_numeric(&self) -> bool {
        self.numeric
    }

    /// Finds the category (0-based) of a score.
    ///
    /// A score matches a label exactly; on a numeric scale it also matches a
    /// category with the same numeric value (so `3.0` matches `3`).
    pub fn category(&self, score: &str) -> Option<u16> {
        // A linear scan beats hashing for the few categories of a rubric.
        if self.labels.len() <= 16 {
            if let Some(k) = self.labels.iter().position(|label| label == score) {
                return Some(k as u16);
            }
        } else if let Some(&k) = self.index.get(score) {
            return Some(k);
        }
        let trimmed = score.trim();
        if let Some(&k) = self.index.get(trimmed) {
            return Some(k);
        }
        if self.numeric {
            let value = trimmed.parse::<f64>().ok()?;
            let k = self.values.iter().position(|&v| v == value)?;
            return u16::try_from(k).ok();
        }
        None
    }

    /// Checks that the scale can carry `level`.
    ///
    /// # Errors
    /// [`StatsError::LevelNeedsNumericScale`] for interval or ratio on a text
    /// scale, and for ratio when a category value is negative.
    pub fn check_level(&self, level: Level) -> Result<(), StatsError> {
        match level {
            Level::Nominal | Level::Ordinal => Ok(()),
            Level::Interval if self.numeric => Ok(()),
            Level::Ratio if self.numeric && self.values.iter().all(|&v| v >= 0.0) => Ok(()),
            Level::Interval => Err(StatsError::LevelNeedsNumericScale {
                level: "interval",
                requirement: "numeric categories",
                scale: self.to_string(),
            }),
            Level::Ratio => Err(StatsError::LevelNeedsNumericScale {
                level: "ratio",
                requirement: "non-negative numeric categories",
                scale: self.to_string(),
            }),
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.labels.join(","))
    }
}
