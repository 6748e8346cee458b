//! Tree shapes beyond a plain hierarchy: an item with two parents, items without a
//! parent, and a cycle in a package built by hand.

mod common;

use common::{fixture_json, import, parse_value};
use evident_case::Tree;
use serde_json::json;

const SMART_LEVEL: &str = "opensalt-tests/SmartLevelFramework.json";

/// Returns `(statement, depth, is_repeat)` for each node in display order.
fn rows<'a>(tree: &'a Tree<'a>) -> Vec<(&'a str, usize, bool)> {
    tree.depth_first()
        .into_iter()
        .map(|id| {
            let node = tree.node(id);
            (node.statement(), node.depth, node.is_repeat)
        })
        .collect()
}

#[test]
fn item_with_two_parents_appears_twice() {
    let mut package = fixture_json(SMART_LEVEL);
    // Item 2.1 (identifier ...000d) also becomes a child of Item 1.1 (...0003).
    let mut extra = package["CFAssociations"][12].clone();
    assert_eq!(extra["originNodeURI"]["title"], "Item 2.1");
    extra["identifier"] = json!("a0000000-0000-0000-0000-0000000000ff");
    extra["destinationNodeURI"] = package["CFAssociations"][2]["originNodeURI"].clone();
    package["CFAssociations"]
        .as_array_mut()
        .unwrap()
        .push(extra);

    let import = parse_value(&package).expect("accepted");
    let tree = Tree::build(&import.package);
    assert_eq!(tree.len(), 15);
    assert_eq!(tree.depth_first(), (0..15).collect::<Vec<_>>());
    let rows = rows(&tree);
    assert_eq!(rows[1], ("Item 1.1", 1, false));
    assert_eq!(rows[2], ("Item 2.1", 2, false));
    assert_eq!(rows[12], ("Item 2", 0, false));
    assert_eq!(rows[13], ("Item 2.1", 1, true));
    assert_eq!(rows[14], ("Item 2.2", 1, false));
}

#[test]
fn items_without_parent_are_orphans() {
    let mut package = fixture_json(SMART_LEVEL);
    // Drop the association that makes Item 2 a child of the document: Item 2 becomes an
    // orphan and keeps its children.
    let associations = package["CFAssociations"].as_array_mut().unwrap();
    let index = associations
        .iter()
        .position(|association| association["originNodeURI"]["title"] == "Item 2")
        .unwrap();
    associations.remove(index);

    let import = parse_value(&package).expect("accepted");
    let tree = Tree::build(&import.package);
    assert_eq!(tree.roots().len(), 1);
    assert_eq!(tree.orphans().len(), 1);
    let orphan = tree.node(tree.orphans()[0]);
    assert_eq!(orphan.statement(), "Item 2");
    assert!(orphan.association.is_none());
    let children: Vec<_> = tree
        .children(tree.orphans()[0])
        .map(|node| node.statement())
        .collect();
    assert_eq!(children, ["Item 2.1", "Item 2.2"]);
    assert_eq!(tree.len(), 14);
}

#[test]
fn hand_built_cycle_does_not_loop() {
    let mut import = import(SMART_LEVEL);
    // Make Item 1 a child of Item 1.1 while Item 1.1 stays a child of Item 1. Import
    // rejects this, but a caller can build it by hand.
    let package = &mut import.package;
    let item_1_1 = package.associations[2].origin.clone();
    package.associations[0].destination = item_1_1;

    let tree = Tree::build(package);
    // Items 1 and 1.1 to 1.10 are reachable only through the cycle, so they are shown as
    // orphans: Item 1 first (package order), with its children below it.
    assert_eq!(tree.roots().len(), 1);
    assert_eq!(tree.node(tree.roots()[0]).statement(), "Item 2");
    assert_eq!(tree.orphans().len(), 1);
    let orphan = tree.orphans()[0];
    assert_eq!(tree.node(orphan).statement(), "Item 1");
    assert_eq!(tree.node(orphan).children.len(), 10);
    assert_eq!(tree.len(), 14);
}
