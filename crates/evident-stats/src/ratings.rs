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
    // Each unit name is stored once, as a key, and `build` turns the keys into
    // the list of names. This keeps the peak memory of a large file low.
    unit_index: HashMap<Box<str>, u32>,
    rater_names: Vec<String>,
    rater_index: HashMap<String, u32>,
    units: Vec<u32>,
    raters: Vec<u32>,
    categories: Vec<u16>,
    last_unit: Option<(u32, String)>,
}

impl RatingsBuilder {
    /// Starts an empty set of ratings on `scale`.
    pub fn new(scale: Scale) -> RatingsBuilder {
        RatingsBuilder {
            scale,
            unit_index: HashMap::new(),
            rater_names: Vec::new(),
            rater_index: HashMap::new(),
            units: Vec::new(),
            raters: Vec::new(),
            categories: Vec::new(),
            last_unit: None,
        }
    }

    /// Returns the scale that scores are checked against.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// Reserves room for `additional` more ratings.
    pub fn reserve(&mut self, additional: usize) {
        self.units.reserve(additional);
        self.raters.reserve(additional);
        self.categories.reserve(additional);
    }

    fn intern_unit(&mut self, unit: &str) -> Result<u32, StatsError> {
        if unit.is_empty() {
            return Err(StatsError::EmptyIdentifier { field: "unit" });
        }
        if let Some((id, name)) = &self.last_unit
            && name == unit
        {
            return Ok(*id);
        }
        let id = match self.unit_index.get(unit) {
            Some(&id) => id,
            None => {
                let id = u32::try_from(self.unit_index.len()).map_err(|_| StatsError::TooMany {
                    what: "units",
                    max: u64::from(u32::MAX),
                })?;
                self.unit_index.insert(unit.into(), id);
                id
            }
        };
        match &mut self.last_unit {
            Some((last_id, name)) => {
                *last_id = id;
                name.clear();
                name.push_str(unit);
            }
            None => self.last_unit = Some((id, unit.to_string())),
        }
        Ok(id)
    }

    fn intern_rater(&mut self, rater: &str) -> Result<u32, StatsError> {
        if rater.is_empty() {
            return Err(StatsError::EmptyIdentifier { field: "rater" });
        }
        // A linear scan beats hashing for the few raters of a typical file.
        if self.rater_names.len() <= 16 {
            if let Some(id) = self.rater_names.iter().position(|name| name == rater) {
                return Ok(id as u32);
            }
        } else if let Some(&id) = self.rater_index.get(rater) {
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
        self.units.push(unit);
        self.raters.push(rater);
        self.categories.push(category);
        Ok(())
    }

    /// Sorts the ratings by unit and rater and checks for duplicates.
    ///
    /// # Errors
    /// [`StatsError::DuplicateRating`] when a rater rated a unit twice.
    pub fn build(self) -> Result<Ratings, StatsError> {
        let RatingsBuilder {
            scale,
            unit_index,
            rater_names,
            mut units,
            mut raters,
            mut categories,
            ..
        } = self;
        let mut unit_names = vec![String::new(); unit_index.len()];
        for (name, id) in unit_index {
            unit_names[id as usize] = name.into_string();
        }
        let units_sorted = units.windows(2).all(|pair| pair[0] <= pair[1]);
        if !units_sorted {
            let mut order: Vec<u32> = (0..units.len() as u32).collect();
            order.sort_unstable_by_key(|&i| units[i as usize]);
            let permute = |order: &[u32], values: &[u32]| -> Vec<u32> {
                order.iter().map(|&i| values[i as usize]).collect()
            };
            units = permute(&order, &units);
            raters = permute(&order, &raters);
            categories = order.iter().map(|&i| categories[i as usize]).collect();
        }

        // Sorts each unit's few ratings by rater and finds repeated raters.
        let mut start = 0;
        while start < units.len() {
            let mut end = start + 1;
            while end < units.len() && units[end] == units[start] {
                end += 1;
            }
            for i in start + 1..end {
                let mut j = i;
                while j > start && raters[j - 1] > raters[j] {
                    raters.swap(j - 1, j);
                    categories.swap(j - 1, j);
                    j -= 1;
                }
            }
            if let Some(i) = (start + 1..end).find(|&i| raters[i - 1] == raters[i]) {
                return Err(StatsError::DuplicateRating {
                    unit: unit_names[units[i] as usize].clone(),
                    rater: rater_names[raters[i] as usize].clone(),
                });
            }
            start = end;
        }

        let n_units = unit_names.len();
        let mut offsets = vec![0u32; n_units + 1];
        for &unit in &units {
            offsets[unit as usize + 1] += 1;
        }
        drop(units);
        for i in 0..n_units {
            offsets[i + 1] += offsets[i];
        }
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
/// Row `i` contains `r_ik`, the number of ratings of unit `i` in category `k`.
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
    /// Returns the number of units with at least one rating.
    pub fn rows(&self) -> usize {
        self.totals.len()
    }

    /// Returns the counts of row `i`.
    pub fn row(&self, i: usize) -> &[u32] {
        &self.counts[i * self.q..(i + 1) * self.q]
    }

    /// Returns the number of rows with two or more ratings.
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

    /// Returns the declared scale.
    pub fn scale(&self) -> &Scale {
        &self.scale
    }

    /// Returns the number of units, including units without a rating.
    pub fn n_units(&self) -> usize {
        self.unit_names.len()
    }

    /// Returns the number of raters.
    pub fn n_raters(&self) -> usize {
        self.rater_names.len()
    }

    /// Returns the number of ratings.
    pub fn n_ratings(&self) -> usize {
        self.categories.len()
    }

    /// Returns the unit identifiers in order of first appearance.
    pub fn unit_names(&self) -> &[String] {
        &self.unit_names
    }

    /// Returns the rater identifiers in order of first appearance.
    pub fn rater_names(&self) -> &[String] {
        &self.rater_names
    }

    /// Returns the raters and categories of unit `i`, sorted by rater index.
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

    /// Collects the categories of the units that every rater rated, one row per unit
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

    /// Counts the `q × q` table of joint ratings of raters `a` (rows) and `b` (columns)
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

    /// Counts every rater pair's joint table over the units both rated, for pairs
    /// `a < b` in rater order, as `((a, b), table)`.
    pub fn all_pair_tables(&self) -> Vec<((usize, usize), Vec<u32>)> {
        let q = self.scale.len();
        let r = self.n_raters();
        // Pairs index a dense r × r array when it is small and a hash map otherwise.
        let dense = r <= 1024;
        let mut slots: Vec<u32> = if dense {
            vec![u32::MAX; r * r]
        } else {
            Vec::new()
        };
        let mut sparse: HashMap<(u32, u32), u32> = HashMap::new();
        let mut pairs: Vec<((usize, usize), Vec<u32>)> = Vec::new();
        for i in 0..self.n_units() {
            let (raters, categories) = self.unit(i);
            for x in 0..raters.len() {
                for y in x + 1..raters.len() {
                    // Raters within a unit are sorted, so raters[x] < raters[y].
                    let (a, b) = (raters[x], raters[y]);
                    let slot = if dense {
                        &mut slots[a as usize * r + b as usize]
                    } else {
                        sparse.entry((a, b)).or_insert(u32::MAX)
                    };
                    if *slot == u32::MAX {
                        *slot = pairs.len() as u32;
                        pairs.push(((a as usize, b as usize), vec![0; q * q]));
                    }
                    let table = &mut pairs[*slot as usize].1;
                    table[usize::from(categories[x]) * q + usize::from(categories[y])] += 1;
                }
            }
        }
        pairs.sort_by_key(|&(pair, _)| pair);
        pairs
    }
}
