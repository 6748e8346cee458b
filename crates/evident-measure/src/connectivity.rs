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
            let labels = ratings.labels(facet);
            let mut names: Vec<&str> = ids.iter().take(SHOWN).map(|&id| labels.name(id)).collect();
            if ids.len() > SHOWN {
                names.push("…");
            }
            parts.push(format!("{} {} ({})", ids.len(), plural(facet, ids.len()), names.join(", ")));
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

/// Returns the connected subsets of the design, largest first. A connected design has one.
pub fn connected_subsets(ratings: &Ratings) -> Vec<Subset> {
    let counts = Facet::ALL.map(|facet| ratings.labels(facet).len());
    let offsets = [0, counts[0], counts[0] + counts[1]];
    let mut union_find = UnionFind::new(counts.iter().sum());
    let [examinees, raters, tasks] = Facet::ALL.map(|facet| ratings.ids(facet));
    for row in 0..ratings.len() {
        let examinee = examinees[row];
        let rater = raters[row] + offsets[1] as u32;
        let task = tasks[row] + offsets[2] as u32;
        union_find.union(examinee, rater);
        union_find.union(examinee, task);
    }

    let mut subset_of_root: std::collections::HashMap<u32, usize> = Default::default();
    let mut subsets: Vec<Subset> = Vec::new();
    for facet in Facet::ALL {
        for id in 0..counts[facet.index()] as u32 {
            let root = union_find.find(id + offsets[facet.index()] as u32);
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
