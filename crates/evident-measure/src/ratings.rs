//! Ratings in long format, stored as compact arrays.
//!
//! One row is one rating: an examinee, a rater, a task (or criterion), a score and an
//! optional group such as a district. Element labels are stored once per facet and each
//! rating keeps `u32` element indices, so memory grows with the number of ratings and
//! never with examinees × raters × tasks.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use serde::Serialize;

use crate::MeasureError;

/// One of the three measured facets of a rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Examinee,
    Rater,
    Task,
}

impl Facet {
    /// The three facets in column order.
    pub const ALL: [Facet; 3] = [Facet::Examinee, Facet::Rater, Facet::Task];

    /// Returns the column name, which is also the name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Examinee => "examinee",
            Facet::Rater => "rater",
            Facet::Task => "task",
        }
    }

    /// Returns the position of the facet in [`Facet::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Parses a facet from its name (`examinee`, `rater`, `task`).
    pub fn parse(name: &str) -> Result<Facet, MeasureError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "examinee" => Ok(Facet::Examinee),
            "rater" => Ok(Facet::Rater),
            "task" | "criterion" => Ok(Facet::Task),
            _ => Err(MeasureError::UnknownFacet {
                name: name.to_string(),
                expected: "examinee, rater, task".to_string(),
            }),
        }
    }
}

impl fmt::Display for Facet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Element labels of one facet in order of first appearance, with a lookup by label.
#[derive(Debug, Clone, Default)]
pub struct Labels {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Labels {
    /// Returns the index of `label`, adding it if it is new.
    pub fn intern(&mut self, label: &str) -> u32 {
        if let Some(&id) = self.index.get(label) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(label.to_string());
        self.index.insert(label.to_string(), id);
        id
    }

    /// Returns the index of `label` if it is known.
    pub fn get(&self, label: &str) -> Option<u32> {
        self.index.get(label).copied()
    }

    /// Returns the label of element `id`.
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    /// Returns all labels in index order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Returns the number of elements.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Returns true when the facet has no elements.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Ratings in long format: parallel arrays with one entry per rating.
#[derive(Debug, Clone, Default)]
pub struct Ratings {
    ids: [Vec<u32>; 3],
    labels: [Labels; 3],
    group: Option<(Vec<u32>, Labels)>,
    scores: Vec<f64>,
    skipped_missing: usize,
}

/// Options for reading a ratings CSV file.
#[derive(Debug, Clone, Default)]
pub struct CsvOptions {
    /// Name of the group column (for example `district`). When `None`, a column named
    /// `group` is used if the file has one.
    pub group_column: Option<String>,
}

impl Ratings {
    /// Creates an empty set of ratings, with a group facet when `with_group` is true.
    pub fn new(with_group: bool) -> Ratings {
        Ratings {
            group: with_group.then(|| (Vec::new(), Labels::default())),
            ..Ratings::default()
        }
    }

    /// Appends one rating. The group label is ignored when the ratings have no group facet.
    pub fn push(
        &mut self,
        examinee: &str,
        rater: &str,
        task: &str,
        group: Option<&str>,
        score: f64,
    ) {
        for (facet, label) in Facet::ALL.iter().zip([examinee, rater, task]) {
            let id = self.labels[facet.index()].intern(label);
            self.ids[facet.index()].push(id);
        }
        if let Some((ids, labels)) = &mut self.group {
            ids.push(labels.intern(group.unwrap_or("")));
        }
        self.scores.push(score);
    }

    /// Reads ratings from CSV with the header `examinee,rater,task,score` and an optional
    /// group column; other columns are ignored. Rows with an empty score or `NA` are
    /// skipped and counted (see [`Ratings::skipped_missing`]).
    pub fn from_csv<R: Read>(reader: R, options: &CsvOptions) -> Result<Ratings, MeasureError> {
        let mut csv = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header = csv.byte_headers()?.clone();
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name.as_bytes()))
        };
        let missing = |column: &str| MeasureError::MissingColumn {
            column: column.to_string(),
            optional: options
                .group_column
                .clone()
                .unwrap_or_else(|| "group".to_string()),
        };
        let columns = [
            find("examinee").ok_or_else(|| missing("examinee"))?,
            find("rater").ok_or_else(|| missing("rater"))?,
            find("task").ok_or_else(|| missing("task"))?,
        ];
        let score_column = find("score").ok_or_else(|| missing("score"))?;
        let group_column = match &options.group_column {
            Some(name) => Some(find(name).ok_or_else(|| missing(name))?),
            None => find("group"),
        };

        let mut ratings = Ratings::new(group_column.is_some());
        let mut record = csv::ByteRecord::new();
        while csv.read_byte_record(&mut record)? {
            let line = record.position().map_or(0, |p| p.line());
            let field = |column: usize| {
                std::str::from_utf8(record.get(column).unwrap_or_default()).unwrap_or_default()
            };
            let raw = field(score_column);
            if raw.is_empty() || raw.eq_ignore_ascii_case("na") {
                ratings.skipped_missing += 1;
                continue;
            }
            let score: f64 = raw.parse().map_err(|_| MeasureError::InvalidScore {
                line,
                value: raw.to_string(),
                reason: "not a number".to_string(),
            })?;
            if !score.is_finite() {
                return Err(MeasureError::InvalidScore {
                    line,
                    value: raw.to_string(),
                    reason: "not a finite number".to_string(),
                });
            }
            let group = group_column.map(field);
            ratings.push(
                field(columns[0]),
                field(columns[1]),
                field(columns[2]),
                group,
                score,
            );
        }
        if ratings.is_empty() {
            return Err(MeasureError::NoRatings);
        }
        Ok(ratings)
    }

    /// Returns the number of ratings.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Returns true when there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Returns the element index of every rating for `facet`.
    pub fn ids(&self, facet: Facet) -> &[u32] {
        &self.ids[facet.index()]
    }

    /// Returns the element labels of `facet`.
    pub fn labels(&self, facet: Facet) -> &Labels {
        &self.labels[facet.index()]
    }

    /// Returns the group index of every rating and the group labels, if the ratings have a group.
    pub fn group(&self) -> Option<(&[u32], &Labels)> {
        self.group
            .as_ref()
            .map(|(ids, labels)| (ids.as_slice(), labels))
    }

    /// Returns the scores.
    pub fn scores(&self) -> &[f64] {
        &self.scores
    }

    /// Returns the number of rows skipped because their score was empty or `NA`.
    pub fn skipped_missing(&self) -> usize {
        self.skipped_missing
    }
}
