//! Ratings in long form (unit, rater, category) with missing ratings.

use std::collections::HashMap;

use crate::{Scale, StatsError};

/// Collects ratings one at a time and checks them against the scale.
///
/// Identifiers are compared as exact strings. Consecutive ratings of the same
/// unit (the usual sort order of a long-form file) avoid a hash lookup.
#[derive(Debug)]
pub struct RatingsBuilder {
    scale: Scale,
    unit_names: Vec<String>,
    unit_index: HashMap<String, u32>,
    rater_names: Vec<String>,
    rater_index: HashMap<String, u32>,
    entries: Vec<(u32, u32, u16)>,
    last_unit: Option<u32>,
}

impl RatingsBuilder {
    /// Starts an empty set of ratings on `scale`.
    pub fn new(scale: Scale) -> RatingsBuilder {
        RatingsBuilder {
            scale,
            unit_names: Vec::new(),
            unit_index: HashMap::new(),
            rater_names: Vec::new(),
            rater_index: HashMap::new(),
            entries: Vec::new(),
            last_unit: None,
        }
    }

    /// The scale that scores are checked against.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// Reserves room for `additional` more ratings.
    pub fn reserve(&mut self, additional: usize) {
        self.entries.reserve(additional);
    }

    fn intern_unit(&mut self, unit: &str) -> Result<u32, StatsError> {
        if unit.is_empty() {
            return Err(StatsError::EmptyIdentifier { field: "unit" });
        }
        if let Some(last) = self.last_unit
            && self.unit_names[last as usize] == unit
        {
            return Ok(last);
        }
        let id = match self.unit_index.get(unit) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.unit_names.len()).map_err(|_| StatsError::TooMany {
                    what: "units",
                    max: u64::from(u32::MAX),
                })?;
                self.unit_names.push(unit.to_string());
                self.unit_index.insert(unit.to_string(), id);
                id
            }
        };
        self.last_unit = Some(id);
        Ok(id)
    }

    fn intern_rater(&mut self, rater: &str) -> Result<u32, StatsError> {
        if rater.is_empty() {
            return Err(StatsError::EmptyIdentifier { field: "rater" });
        }
        if let Some(&id) = self.rater_index.get(rater) {
            return Ok(id);
        }
        let id = u32::try_from(self.rater_names.len()).map_err(|_| StatsError::TooMany {
            what: "raters",
            max: u64::from(u32::MAX),
        })?;
        self.rater_names.push(rater.to_string());
        self.rater_index.insert(rater.to_string(), id);
        Ok(id)
    }

    /// Records a unit that may have no rating (an explicitly missing score).
    ///
    /// Units without ratings carry no information and every statistic ignores them.
    ///
    /// # Errors
    /// [`StatsError::EmptyIdentifier`] for an empty unit.
    pub fn add_unit(&mut self, unit: &str) -> Result<(), StatsError> {
        self.intern_unit(unit).map(|_| ())
    }

    /// Records that `rater` gave `unit` the score `score`.
    ///
    /// # Errors
    /// [`StatsError::EmptyIdentifier`] for an empty unit or rater, and
    /// [`StatsError::ScoreNotOnScale`] for a score that is not a category.
    pub fn add(&mut self, unit: &str, rater: &str, score: &str) -> Result<(), StatsError> {
        let category = self
            .scale
            .category(score)
            .ok_or_else(|| StatsError::ScoreNotOnScale {
                score: score.to_string(),
                scale: self.scale.to_string(),
            })?;
        self.add_category(unit, rater, category)
    }

    /// Records a rating given as a 0-based category index.
    ///
    /// # Errors
    /// [`StatsError::ScoreNotOnScale`] when `category` is not below the scale size,
    /// and [`StatsError::EmptyIdentifier`] as for [`RatingsBuilder::add`].
    pub fn add_category(
        &mut self,
        unit: &str,
        rater: &str,
        category: u16,
    ) -> Result<(), StatsError> {
        if usize::from(category) >= self.scale.len() {
            return Err(StatsError::ScoreNotOnScale {
                score: format!("category index {category}"),
                scale: self.scale.to_string(),
            });
        }
        let unit = self.intern_unit(unit)?;
        let rater = self.intern_rater(rater)?;
        self.entries.push((unit, rater, category));
        Ok(())
    }

    /// Sorts the ratings by unit and rater and checks for duplicates.
    ///
    /// # Errors
    /// [`StatsError::DuplicateRating`] when a rater rated a unit twice.
    pub fn build(self) -> Result<Ratings, StatsError> {
        let RatingsBuilder {
            scale,
            unit_names,
            rater_names,
            mut entries,
            ..
        } = self;
        let sorted = entries
            .windows(2)
            .all(|pair| (pair[0].0, pair[0].1) < (pair[1].0, pair[1].1));
        if !sorted {
            entries.sort_unstable_by_key(|&(unit, rater, _)| (unit, rater));
            if let Some(pair) = entries
                .windows(2)
                .find(|pair| (pair[0].0, pair[0].1) == (pair[1].0, pair[1].1))
            {
                return Err(StatsError::DuplicateRating {
                    unit: unit_names[pair[0].0 as usize].clone(),
                    rater: rater_names[pair[0].1 as usize].clone(),
                });
            }
        }
        let n_units = unit_names.len();
        let mut offsets = vec![0u32; n_units + 1];
        for &(unit, _, _) in &entries {
            offsets[unit as usize + 1] += 1;
        }
        for i in 0..n_units {
            offsets[i + 1] += offsets[i];
        }
        let raters: Vec<u32> = entries.iter().map(|&(_, rater, _)| rater).collect();
        let categories: Vec<u16> = entries.iter().map(|&(_, _, category)| category).collect();
        drop(entries);
        Ok(Ratings {
            scale,
            unit_names,
            rater_names,
            offsets,
            raters,
            categories,
        })
    }
}

/// Ratings of units by raters on a declared scale, stored by unit.
///
/// A missing rating is an absent entry. Build with [`RatingsBuilder`] or
/// [`Ratings::from_rows`].
#[derive(Debug, Clone)]
pub struct Ratings {
    scale: Scale,
    unit_names: Vec<String>,
    rater_names: Vec<String>,
    offsets: Vec<u32>,
    raters: Vec<u32>,
    categories: Vec<u16>,
}

/// Per-unit counts of ratings in each category, for units with at least one rating.
///
/// Row `i` holds `r_ik`, the number of ratings of unit `i` in category `k`.
#[derive(Debug, Clone)]
pub struct CountTable {
    /// The number of categories `q`.
    pub q: usize,
    /// Row-major counts, `rows × q`.
    pub counts: Vec<u32>,
    /// `r_i`, the number of ratings of each row's unit.
    pub totals: Vec<u32>,
}

impl CountTable {
    /// The number of units with at least one rating.
    pub fn rows(&self) -> usize {
        self.totals.len()
    }

    /// The counts of row `i`.
    pub fn row(&self, i: usize) -> &[u32] {
        &self.counts[i * self.q..(i + 1) * self.q]
    }

    /// The number of rows with two or more ratings.
    pub fn pairable_rows(&self) -> usize {
        self.totals.iter().filter(|&&r| r >= 2).count()
    }
}

impl Ratings {
    /// Builds ratings from `(unit, rater, score)` rows.
    ///
    /// # Errors
    /// As [`RatingsBuilder::add`] and [`RatingsBuilder::build`].
    pub fn from_rows<U, R, S>(scale: Scale, rows: &[(U, R, S)]) -> Result<Ratings, StatsError>
    where
        U: AsRef<str>,
        R: AsRef<str>,
        S: AsRef<str>,
    {
        let mut builder = RatingsBuilder::new(scale);
        for (unit, rater, score) in rows {
            builder.add(unit.as_ref(), rater.as_ref(), score.as_ref())?;
        }
        builder.build()
    }

    /// The declared scale.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// The number of units, including units without a rating.
    pub fn n_units(&self) -> usize {
        self.unit_names.len()
    }

    /// The number of raters.
    pub fn n_raters(&self) -> usize {
        self.rater_names.len()
    }

    /// The number of ratings.
    pub fn n_ratings(&self) -> usize {
        self.categories.len()
    }

    /// The unit identifiers in order of first appearance.
    pub fn unit_names(&self) -> &[String] {
        &self.unit_names
    }

    /// The rater identifiers in order of first appearance.
    pub fn rater_names(&self) -> &[String] {
        &self.rater_names
    }

    /// The raters and categories of unit `i`, sorted by rater index.
    pub fn unit(&self, i: usize) -> (&[u32], &[u16]) {
        let start = self.offsets[i] as usize;
        let end = self.offsets[i + 1] as usize;
        (&self.raters[start..end], &self.categories[start..end])
    }

    /// Counts ratings per unit and category, dropping units without a rating.
    pub fn count_table(&self) -> CountTable {
        let q = self.scale.len();
        let mut counts = Vec::with_capacity(self.n_units() * q);
        let mut totals = Vec::with_capacity(self.n_units());
        for i in 0..self.n_units() {
            let (_, categories) = self.unit(i);
            if categories.is_empty() {
                continue;
            }
            let start = counts.len();
            counts.resize(start + q, 0);
            for &k in categories {
                counts[start + usize::from(k)] += 1;
            }
            totals.push(categories.len() as u32);
        }
        CountTable { q, counts, totals }
    }

    /// The categories of the units that every rater rated, one row per unit
    /// with one column per rater (listwise deletion).
    pub fn complete_units(&self) -> Vec<Vec<u16>> {
        let r = self.n_raters();
        (0..self.n_units())
            .filter_map(|i| {
                let (raters, categories) = self.unit(i);
                (raters.len() == r && r > 0).then(|| categories.to_vec())
            })
            .collect()
    }

    /// The `q × q` table of joint ratings of raters `a` (rows) and `b` (columns)
    /// over the units both rated, row-major.
    pub fn pair_table(&self, a: usize, b: usize) -> Vec<u32> {
        let q = self.scale.len();
        let mut table = vec![0u32; q * q];
        for i in 0..self.n_units() {
            let (raters, categories) = self.unit(i);
            let find = |rater: usize| {
                raters
                    .binary_search(&(rater as u32))
                    .ok()
                    .map(|position| usize::from(categories[position]))
            };
            if let (Some(ka), Some(kb)) = (find(a), find(b)) {
                table[ka * q + kb] += 1;
            }
        }
        table
    }

    /// Every rater pair's joint table over the units both rated, for pairs
    /// `a < b` in rater order, as `((a, b), table)`.
    pub fn all_pair_tables(&self) -> Vec<((usize, usize), Vec<u32>)> {
        let q = self.scale.len();
        let r = self.n_raters();
        let mut tables: HashMap<(u32, u32), Vec<u32>> = HashMap::new();
        for i in 0..self.n_units() {
            let (raters, categories) = self.unit(i);
            for x in 0..raters.len() {
                for y in x + 1..raters.len() {
                    let (ra, ka, rb, kb) = if raters[x] < raters[y] {
                        (raters[x], categories[x], raters[y], categories[y])
                    } else {
                        (raters[y], categories[y], raters[x], categories[x])
                    };
                    let table = tables.entry((ra, rb)).or_insert_with(|| vec![0; q * q]);
                    table[usize::from(ka) * q + usize::from(kb)] += 1;
                }
            }
        }
        let mut pairs: Vec<((usize, usize), Vec<u32>)> = tables
            .into_iter()
            .map(|((a, b), table)| ((a as usize, b as usize), table))
            .collect();
        pairs.sort_by_key(|&(pair, _)| pair);
        debug_assert!(pairs.iter().all(|&((a, b), _)| a < r && b < r));
        pairs
    }
}
