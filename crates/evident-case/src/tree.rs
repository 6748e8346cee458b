//! The framework as a tree of items, built from isChildOf associations.
//!
//! An isChildOf association makes its origin item a child of its destination, which is
//! another item or the CFDocument. Items that are children of the CFDocument are the
//! roots. CASE lets an item have several parents, so the same item can appear at several
//! places: the tree has one [`TreeNode`] per place, not per item.
//!
//! Siblings are ordered by the association's `sequenceNumber` (ascending, missing last),
//! then by `humanCodingScheme` in natural order ("1.2" before "1.10", missing last), then
//! by `fullStatement` in natural order, then by identifier so that the order never
//! depends on the input order.

use std::cmp::Ordering;

use crate::model::{Association, AssociationType, Item, Package};
use crate::validate::{Node, NodeIndex};

/// One place of an item in the tree.
#[derive(Debug, Clone)]
pub struct TreeNode<'a> {
    pub item: &'a Item,
    /// Index of the item in [`Package::items`].
    pub item_index: usize,
    /// The isChildOf association that puts the item here, `None` for an orphan.
    pub association: Option<&'a Association>,
    /// Whether the item already has a node earlier in display order, which happens when
    /// it is a child of several parents. A store that keys rows by item identifier keeps
    /// the first node and records the others as extra parent links.
    pub is_repeat: bool,
    /// Distance from the top: 0 for roots and orphans.
    pub depth: usize,
    /// Node ids of the parent and of the children, in sibling order.
    pub parent: Option<usize>,
    pub children: Vec<usize>,
}

impl<'a> TreeNode<'a> {
    pub fn identifier(&self) -> &'a str {
        &self.item.identifier
    }

    pub fn human_code(&self) -> Option<&'a str> {
        self.item.human_coding_scheme.as_deref()
    }

    /// Returns the item type name, see [`Item::type_name`].
    pub fn item_type(&self) -> Option<&'a str> {
        self.item.type_name()
    }

    pub fn statement(&self) -> &'a str {
        &self.item.full_statement
    }

    /// Returns the `sequenceNumber` of the association that puts the item here.
    pub fn sequence_number(&self) -> Option<i64> {
        self.association
            .and_then(|association| association.sequence_number)
    }
}

/// The item tree of a package: roots under the CFDocument, and orphans, which are items
/// without a parent in the package, each with their subtrees.
#[derive(Debug, Clone)]
pub struct Tree<'a> {
    nodes: Vec<TreeNode<'a>>,
    roots: Vec<usize>,
    orphans: Vec<usize>,
}

/// A child edge: the child item and the association that makes it a child.
type Edge<'a> = (usize, &'a Association);

impl<'a> Tree<'a> {
    /// Builds the tree in O(n log n) time for n isChildOf associations, plus one walk up
    /// to the top per node for the cycle guard.
    ///
    /// NOTE: an item with several parents gets its whole subtree copied under each of
    /// them, so subtrees shared at several levels multiply the node count.
    ///
    /// A package accepted by [`crate::parse_package`] has no isChildOf cycle. For a
    /// package built by hand, an association that would repeat an item among its own
    /// ancestors is skipped, and items reachable only through a cycle become orphans.
    pub fn build(package: &'a Package) -> Self {
        let index = NodeIndex::new(package);
        let mut document_children: Vec<Edge<'a>> = Vec::new();
        let mut item_children: Vec<Vec<Edge<'a>>> = vec![Vec::new(); package.items.len()];
        let mut has_parent = vec![false; package.items.len()];
        for association in &package.associations {
            if association.association_type != AssociationType::IsChildOf {
                continue;
            }
            let Some(Node::Item(child)) = index.resolve(&association.origin) else {
                continue;
            };
            match index.resolve(&association.destination) {
                Some(Node::Document) => document_children.push((child, association)),
                Some(Node::Item(parent)) => item_children[parent].push((child, association)),
                None => continue,
            }
            has_parent[child] = true;
        }
        let order = |left: &Edge<'a>, right: &Edge<'a>| {
            compare_siblings(
                &package.items[left.0],
                left.1.sequence_number,
                &package.items[right.0],
                right.1.sequence_number,
            )
        };
        document_children.sort_by(order);
        for children in &mut item_children {
            children.sort_by(order);
        }

        let mut tree = Tree {
            nodes: Vec::with_capacity(package.items.len()),
            roots: Vec::new(),
            orphans: Vec::new(),
        };
        let mut placed = vec![false; package.items.len()];
        for (child, association) in document_children {
            let root = tree.add_subtree(
                package,
                &item_children,
                child,
                Some(association),
                &mut placed,
            );
            tree.roots.push(root);
        }
        let parentless: Vec<usize> = (0..package.items.len())
            .filter(|item| !has_parent[*item])
            .collect();
        for item in parentless {
            let orphan = tree.add_subtree(package, &item_children, item, None, &mut placed);
            tree.orphans.push(orphan);
        }
        // Items reachable only through a cycle are still shown, as orphans.
        for item in 0..package.items.len() {
            if !placed[item] {
                let orphan = tree.add_subtree(package, &item_children, item, None, &mut placed);
                tree.orphans.push(orphan);
            }
        }
        tree
    }

    /// Adds `item` and its descendants, depth first, and returns the node id of `item`.
    fn add_subtree(
        &mut self,
        package: &'a Package,
        item_children: &[Vec<Edge<'a>>],
        item: usize,
        association: Option<&'a Association>,
        placed: &mut [bool],
    ) -> usize {
        let top = self.push_node(package, item, association, None, placed);
        // Explicit stack of (node id, next child edge) instead of recursion, so that a
        // deep hierarchy cannot overflow the call stack.
        let mut stack: Vec<(usize, usize)> = vec![(top, 0)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            let item = self.nodes[node].item_index;
            let Some(&(child, association)) = item_children[item].get(*next) else {
                stack.pop();
                continue;
            };
            *next += 1;
            if self.has_ancestor_item(node, child) {
                continue;
            }
            let child_node = self.push_node(package, child, Some(association), Some(node), placed);
            self.nodes[node].children.push(child_node);
            stack.push((child_node, 0));
        }
        top
    }

    fn push_node(
        &mut self,
        package: &'a Package,
        item: usize,
        association: Option<&'a Association>,
        parent: Option<usize>,
        placed: &mut [bool],
    ) -> usize {
        let depth = parent.map_or(0, |parent| self.nodes[parent].depth + 1);
        let is_repeat = placed[item];
        placed[item] = true;
        self.nodes.push(TreeNode {
            item: &package.items[item],
            item_index: item,
            association,
            is_repeat,
            depth,
            parent,
            children: Vec::new(),
        });
        self.nodes.len() - 1
    }

    /// Returns whether `item` is the item of `node` or of one of its ancestors.
    fn has_ancestor_item(&self, node: usize, item: usize) -> bool {
        let mut current = Some(node);
        while let Some(id) = current {
            if self.nodes[id].item_index == item {
                return true;
            }
            current = self.nodes[id].parent;
        }
        false
    }

    /// Node ids of the items that are children of the CFDocument, in sibling order.
    pub fn roots(&self) -> &[usize] {
        &self.roots
    }

    /// Node ids of the items without a parent in the package, in package order.
    pub fn orphans(&self) -> &[usize] {
        &self.orphans
    }

    /// Returns the node with the given id.
    ///
    /// # Panics
    /// Panics if `id` is not a node id of this tree.
    pub fn node(&self, id: usize) -> &TreeNode<'a> {
        &self.nodes[id]
    }

    /// Returns the children of a node, in sibling order.
    pub fn children(&self, id: usize) -> impl Iterator<Item = &TreeNode<'a>> {
        self.nodes[id]
            .children
            .iter()
            .map(|child| &self.nodes[*child])
    }

    /// Number of nodes. An item with several parents counts once per parent.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Returns all node ids in display order: each root followed by its descendants
    /// depth first, then each orphan likewise.
    pub fn depth_first(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self
            .roots
            .iter()
            .chain(&self.orphans)
            .rev()
            .copied()
            .collect();
        while let Some(id) = stack.pop() {
            order.push(id);
            stack.extend(self.nodes[id].children.iter().rev());
        }
        order
    }
}

/// Orders two siblings: by sequence number (missing last), human coding scheme (natural
/// order, missing last), full statement (natural order), then identifier.
fn compare_siblings(
    left: &Item,
    left_sequence: Option<i64>,
    right: &Item,
    right_sequence: Option<i64>,
) -> Ordering {
    compare_present_first(left_sequence, right_sequence, |a, b| a.cmp(&b))
        .then_with(|| {
            compare_present_first(
                left.human_coding_scheme.as_deref(),
                right.human_coding_scheme.as_deref(),
                compare_human_codes,
            )
        })
        .then_with(|| compare_human_codes(&left.full_statement, &right.full_statement))
        .then_with(|| left.identifier.cmp(&right.identifier))
}

fn compare_present_first<T>(
    left: Option<T>,
    right: Option<T>,
    compare: impl FnOnce(T, T) -> Ordering,
) -> Ordering {
    match (left, right) {
        (Some(left), Some(right)) => compare(left, right),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Compares human coding schemes in natural order: runs of ASCII digits compare as
/// numbers, so "1.2" < "1.10" and "D.9" < "D.10"; other characters compare by code
/// point. Codes that compare equal this way (e.g. "1.02" and "1.2") fall back to plain
/// string order.
pub fn compare_human_codes(left: &str, right: &str) -> Ordering {
    let mut left_rest = left;
    let mut right_rest = right;
    loop {
        match (left_rest.is_empty(), right_rest.is_empty()) {
            (true, true) => return left.cmp(right),
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            (false, false) => {}
        }
        let (left_run, left_tail) = split_run(left_rest);
        let (right_run, right_tail) = split_run(right_rest);
        let left_digits = left_run.starts_with(|c: char| c.is_ascii_digit());
        let right_digits = right_run.starts_with(|c: char| c.is_ascii_digit());
        let ordering = if left_digits && right_digits {
            let left_number = left_run.trim_start_matches('0');
            let right_number = right_run.trim_start_matches('0');
            left_number
                .len()
                .cmp(&right_number.len())
                .then_with(|| left_number.cmp(right_number))
        } else {
            left_run.cmp(right_run)
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
        left_rest = left_tail;
        right_rest = right_tail;
    }
}

/// Splits off the leading run of ASCII digits, or of other characters.
fn split_run(text: &str) -> (&str, &str) {
    let digits = text.starts_with(|c: char| c.is_ascii_digit());
    let end = text
        .find(|c: char| c.is_ascii_digit() != digits)
        .unwrap_or(text.len());
    text.split_at(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_codes_sort_numbers_by_value() {
        assert_eq!(compare_human_codes("1.2", "1.10"), Ordering::Less);
        assert_eq!(compare_human_codes("D.10", "D.9"), Ordering::Greater);
        assert_eq!(compare_human_codes("1.1.A1", "1.1.A2"), Ordering::Less);
        assert_eq!(compare_human_codes("1", "1.1"), Ordering::Less);
        assert_eq!(compare_human_codes("C.3", "D.1"), Ordering::Less);
        assert_eq!(compare_human_codes("1.2", "1.2"), Ordering::Equal);
        assert_eq!(compare_human_codes("1.02", "1.2"), Ordering::Less);
    }
}
