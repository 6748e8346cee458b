//! Connectivity of a rating design.
//!
//! Measures are comparable only when every element is linked to every other through
//! shared ratings. Each rating joins its examinee, rater and task; a union-find over those
//! nodes gives the connected subsets.

use crate::ratings::{Facet, Ratings};

/// One connected subset of elements: the element indices of each facet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subset {
    /// Element indices per facet, in [`Facet::ALL`] order.
    pub elements: [Vec<u32>; 3],
}

impl Subset {
    /// Returns the number of elements in the subset over all facets.
    pub fn size(&self) -> usize {
        self.elements.iter().map(Vec::len).sum()
    }

    /// Describes the subset with its element counts and a few labels per facet.
    pub fn describe(&self, ratings: &Ratings) -> String {
        const SHOWN: usize = 3;
        let mut parts = Vec::new();
        for facet in Facet::ALL {
            let ids = &self.elements[facet.index()];
            if ids.is_empty() {
                continue;
            }
            let labels = ratings.labels(facet);
            let mut names: Vec<&str> = ids.iter().take(SHOWN).map(|&id| labels.name(id)).collect();
            if ids.len() > SHOWN {
                names.push("…");
            }
            parts.push(format!(
                "{} {} ({})",
                ids.len(),
                plural(facet, ids.len()),
                names.join(", ")
            ));
        }
        parts.join(", ")
    }
}

fn plural(facet: Facet, count: usize) -> String {
    if count == 1 {
        facet.name().to_string()
    } else {
        format!("{}s", facet.name())
    }
}

struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(size: usize) -> UnionFind {
        UnionFind {
            parent: (0..size as u32).collect(),
        }
    }

    fn find(&mut self, mut node: u32) -> u32 {
        while self.parent[node as usize] != node {
            let grandparent = self.parent[self.parent[node as usize] as usize];
            self.parent[node as usize] = grandparent;
            node = grandparent;
        }
        node
    }

    fn union(&mut self, a: u32, b: u32) {
        let (root_a, root_b) = (self.find(a), self.find(b));
        if root_a != root_b {
            self.parent[root_a.max(root_b) as usize] = root_a.min(root_b);
        }
    }
}

/// Returns the connected subsets of the design, largest first; a connected design has one.
///
/// Each pair of facets is checked on its own: if, say, the examinee–rater graph falls
/// apart into groups (districts whose raters never score another district's work), the
/// examinees and raters of one group can shift together against the rest without
/// changing any rating's probability, even when all groups share the same tasks. The
/// first pair (examinee–rater, examinee–task, rater–task) that is split gives the subsets,
/// which then list the elements of those two facets only. Connected pairs are necessary
/// for a unique solution; they are not sufficient in every contrived design.
pub fn connected_subsets(ratings: &Ratings) -> Vec<Subset> {
    let pairs = [
        (Facet::Examinee, Facet::Rater),
        (Facet::Examinee, Facet::Task),
        (Facet::Rater, Facet::Task),
    ];
    for (first, second) in pairs {
        let subsets = pair_subsets(ratings, first, second);
        if subsets.len() > 1 {
            return subsets;
        }
    }
    let mut all = Subset {
        elements: Default::default(),
    };
    for facet in Facet::ALL {
        all.elements[facet.index()] = (0..ratings.labels(facet).len() as u32).collect();
    }
    vec![all]
}

fn pair_subsets(ratings: &Ratings, first: Facet, second: Facet) -> Vec<Subset> {
    let offset = ratings.labels(first).len();
    let mut union_find = UnionFind::new(offset + ratings.labels(second).len());
    for (&a, &b) in ratings.ids(first).iter().zip(ratings.ids(second)) {
        union_find.union(a, b + offset as u32);
    }
    let mut subset_of_root: std::collections::HashMap<u32, usize> = Default::default();
    let mut subsets: Vec<Subset> = Vec::new();
    for (facet, base) in [(first, 0), (second, offset)] {
        for id in 0..ratings.labels(facet).len() as u32 {
            let root = union_find.find(id + base as u32);
            let next = subsets.len();
            let index = *subset_of_root.entry(root).or_insert(next);
            if index == next {
                subsets.push(Subset {
                    elements: Default::default(),
                });
            }
            subsets[index].elements[facet.index()].push(id);
        }
    }
    subsets.sort_by_key(|subset| std::cmp::Reverse(subset.size()));
    subsets
}
