//! Property test: whatever the sequence numbers, human codes and parents, the tree puts
//! every item in exactly one place and orders siblings by sequence number (missing
//! last), then human code in natural order.

use std::cmp::Ordering;

use evident_case::{Tree, compare_human_codes, parse_package};
use proptest::prelude::*;
use serde_json::{Value, json};

const DOCUMENT_ID: &str = "d0000000-0000-0000-0000-000000000000";

fn item_id(index: usize) -> String {
    format!("00000000-0000-0000-0000-{index:012}")
}

/// One generated item: its sequence number, human code number and parent (an earlier
/// item, or the document when `None`).
type ItemSpec = (Option<i64>, Option<u8>, Option<usize>);

fn build_package(specs: &[ItemSpec]) -> Value {
    let link = |identifier: &str| json!({"title": "t", "identifier": identifier, "uri": format!("https://example.org/{identifier}")});
    let mut items = Vec::new();
    let mut associations = Vec::new();
    for (index, (sequence, code, parent)) in specs.iter().enumerate() {
        let identifier = item_id(index);
        let mut item = json!({
            "identifier": identifier,
            "uri": format!("https://example.org/{identifier}"),
            "fullStatement": format!("Item {index}"),
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        });
        if let Some(code) = code {
            item["humanCodingScheme"] = json!(format!("A.{code}"));
        }
        items.push(item);
        // A parent must be an earlier item, so the generated hierarchy has no cycle.
        let parent = match parent {
            Some(parent) if *parent < index => item_id(*parent),
            _ => DOCUMENT_ID.to_owned(),
        };
        let mut association = json!({
            "identifier": format!("a0000000-0000-0000-0000-{index:012}"),
            "uri": format!("https://example.org/a{index}"),
            "associationType": "isChildOf",
            "originNodeURI": link(&identifier),
            "destinationNodeURI": link(&parent),
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        });
        if let Some(sequence) = sequence {
            // Half of the sequence numbers are written as legacy strings.
            association["sequenceNumber"] = if sequence % 2 == 0 {
                json!(sequence.to_string())
            } else {
                json!(sequence)
            };
        }
        associations.push(association);
    }
    json!({
        "CFDocument": {
            "identifier": DOCUMENT_ID,
            "uri": format!("https://example.org/{DOCUMENT_ID}"),
            "creator": "proptest",
            "title": "Generated",
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": associations,
    })
}

fn sibling_order(tree: &Tree<'_>, left: usize, right: usize) -> Ordering {
    let (left, right) = (tree.node(left), tree.node(right));
    match (left.sequence_number(), right.sequence_number()) {
        (Some(a), Some(b)) if a != b => return a.cmp(&b),
        (Some(_), None) => return Ordering::Less,
        (None, Some(_)) => return Ordering::Greater,
        _ => {}
    }
    match (left.human_code(), right.human_code()) {
        (Some(a), Some(b)) => compare_human_codes(a, b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn item_spec() -> impl Strategy<Value = ItemSpec> {
    (
        proptest::option::of(-3i64..6),
        proptest::option::of(0u8..12),
        proptest::option::of(0usize..40),
    )
}

proptest! {
    #[test]
    fn siblings_are_always_ordered(specs in proptest::collection::vec(item_spec(), 1..40)) {
        let package = build_package(&specs);
        let import = parse_package(&serde_json::to_vec(&package).unwrap())
            .map_err(|rejection| TestCaseError::fail(rejection.to_string()))?;
        let tree = Tree::build(&import.package);

        prop_assert_eq!(tree.len(), specs.len());
        // Node ids follow display order, which is_repeat relies on.
        prop_assert_eq!(tree.depth_first(), (0..tree.len()).collect::<Vec<_>>());
        prop_assert!(tree.orphans().is_empty());
        let mut seen = vec![false; specs.len()];
        for id in tree.depth_first() {
            let index = tree.node(id).item_index;
            prop_assert!(!seen[index], "item {} placed twice", index);
            seen[index] = true;
        }
        prop_assert!(seen.iter().all(|placed| *placed));

        let mut sibling_lists = vec![tree.roots().to_vec()];
        sibling_lists.extend((0..tree.len()).map(|id| tree.node(id).children.clone()));
        for siblings in sibling_lists {
            for pair in siblings.windows(2) {
                prop_assert_ne!(
                    sibling_order(&tree, pair[0], pair[1]),
                    Ordering::Greater,
                    "{:?} before {:?}",
                    (tree.node(pair[0]).sequence_number(), tree.node(pair[0]).human_code()),
                    (tree.node(pair[1]).sequence_number(), tree.node(pair[1]).human_code())
                );
            }
        }
    }
}
