//! OpenSALT's test packages and its legacy sample export.
//!
//! What each package exercises and the expected outcome:
//!
//! | Package | Exercises | Outcome |
//! |---|---|---|
//! | `AdoptedTestFramework` | `adoptionStatus` "Adopted" on the document | imports as CASE 1.0 with no repair; one root |
//! | `EmptyExternalFramework` | empty item and association lists, a document on another server, empty CFDefinitions lists | imports with no repair; empty tree |
//! | `ItemTypeTestFramework` | `CFItemType`, `CFItemTypeURI` and a CFItemTypes definition | imports with no repair; one "Standard" item |
//! | `MarkdownFramework` | Markdown tables and TeX math with CRLF line ends in `fullStatement` | imports with no repair; statements kept byte for byte |
//! | `Ordering` | 28 items in 5 levels whose 24 siblings come in shuffled order and carry no sequence number | imports with no repair; siblings in natural human-code order L1.1 … L1.24 |
//! | `SequenceNumberFramework` | `sequenceNumber` that reverses the input order | imports with no repair; SNT.2 before SNT.1 |
//! | `SmartLevelFramework` | 14 items without codes or sequence numbers, "Item 1.1" … "Item 1.10" | imports with no repair; 2 roots with 10 and 2 children, "Item 1.10" last |
//! | `Utf8TestFramework` | a character outside the Basic Multilingual Plane (U+1D451) | imports with no repair; the character is kept |
//! | sample `opensalt-framework-20c5134f-…` | a legacy, non-conformant export | imports as CASE 1.0 with 136 repairs (see `non_conformant_sample_imports_with_listed_repairs`) |

mod common;

use common::{SAMPLE, import};
use evident_case::{AssociationType, CaseVersion, RepairKind, Tree};

/// Returns the human codes (or statements when an item has no code) of a tree in
/// display order, each prefixed by two spaces per level.
fn outline(tree: &Tree<'_>) -> Vec<String> {
    tree.depth_first()
        .into_iter()
        .map(|id| {
            let node = tree.node(id);
            let label = node.human_code().unwrap_or(node.statement());
            format!("{}{label}", "  ".repeat(node.depth))
        })
        .collect()
}

#[test]
fn opensalt_test_packages_import_without_repairs() {
    // (file, items, associations, roots)
    let table = [
        ("AdoptedTestFramework.json", 1, 1, 1),
        ("EmptyExternalFramework.json", 0, 0, 0),
        ("ItemTypeTestFramework.json", 1, 1, 1),
        ("MarkdownFramework.json", 2, 2, 2),
        ("Ordering.json", 28, 28, 1),
        ("SequenceNumberFramework.json", 2, 2, 2),
        ("SmartLevelFramework.json", 14, 14, 2),
        ("Utf8TestFramework.json", 1, 1, 1),
    ];
    for (file, items, associations, roots) in table {
        let import = import(&format!("opensalt-tests/{file}"));
        assert_eq!(import.version, CaseVersion::V1_0, "{file}");
        assert!(
            import.repairs.is_empty(),
            "{file}: {:?}",
            import
                .repairs
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        );
        assert_eq!(import.package.items.len(), items, "{file}");
        assert_eq!(import.package.associations.len(), associations, "{file}");
        let tree = Tree::build(&import.package);
        assert_eq!(tree.roots().len(), roots, "{file}");
        assert!(tree.orphans().is_empty(), "{file}");
        assert_eq!(tree.len(), items, "{file}: every item has one place");
    }
}

#[test]
fn adopted_status_is_read() {
    let import = import("opensalt-tests/AdoptedTestFramework.json");
    assert_eq!(
        import.package.document.adoption_status.as_deref(),
        Some("Adopted")
    );
    assert_eq!(import.package.document.creator, "OpenSALT Testing");
}

#[test]
fn empty_external_framework_has_empty_tree() {
    let import = import("opensalt-tests/EmptyExternalFramework.json");
    let definitions = import.package.definitions.as_ref().expect("CFDefinitions");
    assert_eq!(definitions.item_types.as_deref().map(<[_]>::len), Some(0));
    assert!(
        import
            .package
            .document
            .uri
            .starts_with("https://remote.server.com/")
    );
    assert!(Tree::build(&import.package).is_empty());
}

#[test]
fn item_type_comes_from_item_and_definitions() {
    let import = import("opensalt-tests/ItemTypeTestFramework.json");
    let package = &import.package;
    let standards: Vec<_> = package.items_of_type("Standard").collect();
    assert_eq!(standards.len(), 1);
    assert_eq!(standards[0].full_statement, "Item 1");
    let link = standards[0].item_type_uri.as_ref().expect("CFItemTypeURI");
    assert_eq!(link.identifier, "b0000000-0000-0000-0000-000000000000");
    assert_eq!(package.item_types().len(), 1);
    assert_eq!(
        package.item_types()[0].type_code.as_deref(),
        Some("Standard")
    );
    assert_eq!(package.item_types()[0].hierarchy_code, "1");
}

#[test]
fn markdown_statements_are_kept_verbatim() {
    let import = import("opensalt-tests/MarkdownFramework.json");
    let table = import
        .package
        .item_by_human_code("MD.Table")
        .expect("MD.Table");
    assert!(
        table
            .full_statement
            .starts_with("This contains a _table_ in markdown:\r\n\r\n")
    );
    assert!(
        table
            .full_statement
            .contains("| Column 1 | Column 2 |\r\n| --- | --- |")
    );
    assert!(
        table
            .full_statement
            .ends_with("$x = {-b \\pm \\sqrt{b^2-4ac} \\over 2a}$")
    );
    let math = import
        .package
        .item_by_human_code("MD.Math")
        .expect("MD.Math");
    assert_eq!(math.full_statement, "This contains math markdown: $x^2$");
}

#[test]
fn ordering_sorts_codes_naturally() {
    let import = import("opensalt-tests/Ordering.json");
    let tree = Tree::build(&import.package);
    let outline = outline(&tree);
    let mut expected = vec![
        "H.A.MATH.GM".to_owned(),
        "  H.A.MATH.GM.PF".to_owned(),
        "    H.A.MATH.GM.PF.2DFP".to_owned(),
        "      H.A.MATH.GM.PF.2DFP.L1".to_owned(),
    ];
    expected.extend((1..=24).map(|n| format!("        H.A.MATH.GM.PF.2DFP.L1.{n}")));
    assert_eq!(outline, expected);
}

#[test]
fn sequence_numbers_override_input_order() {
    let import = import("opensalt-tests/SequenceNumberFramework.json");
    let tree = Tree::build(&import.package);
    let roots: Vec<_> = tree
        .roots()
        .iter()
        .map(|id| {
            (
                tree.node(*id).human_code(),
                tree.node(*id).sequence_number(),
            )
        })
        .collect();
    assert_eq!(
        roots,
        vec![(Some("SNT.2"), Some(1)), (Some("SNT.1"), Some(2))]
    );
}

#[test]
fn smart_level_statements_sort_naturally() {
    let import = import("opensalt-tests/SmartLevelFramework.json");
    let tree = Tree::build(&import.package);
    let mut expected = vec!["Item 1".to_owned()];
    expected.extend((1..=10).map(|n| format!("  Item 1.{n}")));
    expected.extend(["Item 2", "  Item 2.1", "  Item 2.2"].map(str::to_owned));
    assert_eq!(outline(&tree), expected);
}

#[test]
fn astral_plane_characters_survive() {
    let import = import("opensalt-tests/Utf8TestFramework.json");
    assert_eq!(import.package.document.title, "UTF8 \u{1D451} Test");
    assert_eq!(import.package.items[0].full_statement, "Item \u{1D451} 1");
    let exported = import.package.to_json_string_pretty();
    assert!(exported.contains("Item \u{1D451} 1"));
}

#[test]
fn non_conformant_sample_imports_with_listed_repairs() {
    let import = import(SAMPLE);
    assert_eq!(import.version, CaseVersion::V1_0);

    // (kind, field, count): 59 objects lack a timezone (document, 16 items, 39
    // associations, 3 item types), every item and association has a bare-URI
    // CFDocumentURI, and so on.
    let expected = [
        (RepairKind::TimezoneAssumedUtc, "lastChangeDateTime", 59),
        (RepairKind::LinkFromUri, "CFPackageURI", 1),
        (RepairKind::LinkFromUri, "CFDocumentURI", 55),
        (RepairKind::PropertyRenamed, "educationalLevel", 16),
        (RepairKind::NullRemoved, "description", 3),
        (RepairKind::NumberFromString, "sequenceNumber", 2),
    ];
    for (kind, field, count) in expected {
        let found = import
            .repairs
            .iter()
            .filter(|repair| repair.kind == kind && repair.field == field)
            .count();
        assert_eq!(found, count, "{kind:?} on {field}");
    }
    let total: usize = expected.iter().map(|(_, _, count)| count).sum();
    assert_eq!(import.repairs.len(), total);

    // The summary groups by kind and property across objects, in order of first
    // occurrence, with the same counts as above.
    let summary: Vec<String> = evident_case::count_repairs(&import.repairs)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        summary,
        [
            "59 × lastChangeDateTime: no timezone, taken as UTC",
            "1 × CFPackageURI: bare URI replaced by a link to the CFDocument",
            "16 × educationalLevel: renamed educationLevel",
            "55 × CFDocumentURI: bare URI replaced by a link to the CFDocument",
            "2 × sequenceNumber: number written as a string, read as a number",
            "3 × description: null removed",
        ]
    );

    let package = &import.package;
    assert_eq!(
        package.document.last_change_date_time,
        "2017-05-25T18:05:33+00:00"
    );
    let package_uri = package.document.package_uri.as_ref().expect("CFPackageURI");
    assert_eq!(package_uri.identifier, package.document.identifier);
    assert_eq!(package_uri.title, "What Standards Could Be");

    let cluster = package
        .item_by_human_code("CCSS.Math.Content.6.RP.A")
        .expect("6.RP.A");
    assert_eq!(
        cluster.education_level.as_deref(),
        Some(&["06".to_owned()][..])
    );
    assert!(!cluster.extra.contains_key("educationalLevel"));
    // A property CASE does not define is kept as it was.
    assert_eq!(
        cluster
            .extra
            .get("CFItemAssociationURI")
            .and_then(|v| v.as_str()),
        Some(
            "http://opensalt-staging.opened.com/uri/edfce0e7-dbbf-40d5-af1a-baccabef85e9/associations"
        )
    );

    let sequence_repair = import
        .repairs
        .iter()
        .find(|repair| repair.kind == RepairKind::NumberFromString)
        .expect("a sequenceNumber repair");
    assert_eq!(
        sequence_repair.to_string(),
        "CFAssociation a7364b9e-91e7-4b09-875f-5eab0d3e6f7c at CFAssociations[15] (line 513): \
         sequenceNumber \"1\" was a string, so it was read as the number 1."
    );
}

#[test]
fn non_conformant_sample_tree_has_two_clusters() {
    let import = import(SAMPLE);
    let tree = Tree::build(&import.package);
    let roots: Vec<_> = tree
        .roots()
        .iter()
        .map(|id| tree.node(*id).human_code().unwrap_or_default())
        .collect();
    assert_eq!(
        roots,
        ["CCSS.Math.Content.6.RP.A", "CCSS.Math.Content.7.RP.A"]
    );
    let children: Vec<_> = tree
        .children(tree.roots()[0])
        .map(|node| node.human_code().unwrap_or_default())
        .collect();
    assert_eq!(
        children,
        [
            "CCSS.Math.Content.6.RP.A.1",
            "CCSS.Math.Content.6.RP.A.2",
            "CCSS.Math.Content.6.RP.A.3"
        ]
    );
    assert_eq!(tree.len(), 16);
    assert_eq!(import.package.items_of_type("Cluster").count(), 2);
}

#[test]
fn non_conformant_sample_lists_associations_by_end() {
    let import = import(SAMPLE);
    let package = &import.package;
    let cluster = package
        .item_by_human_code("CCSS.Math.Content.6.RP.A")
        .expect("6.RP.A");

    let all_from: Vec<_> = package
        .associations_from(&cluster.identifier, None)
        .map(|association| association.association_type.as_str())
        .collect();
    assert_eq!(all_from, ["exactMatchOf", "isChildOf", "exemplar"]);

    let exact = AssociationType::ExactMatchOf;
    let exact_match: Vec<_> = package
        .associations_from(&cluster.identifier, Some(&exact))
        .collect();
    assert_eq!(exact_match.len(), 1);
    assert_eq!(
        exact_match[0].destination.identifier,
        "5b6c487e-04f1-5ba9-9722-d099849b9167"
    );

    let child_of = AssociationType::IsChildOf;
    let children: Vec<_> = package
        .associations_to(&cluster.identifier, Some(&child_of))
        .map(|association| association.origin.identifier.as_str())
        .map(|identifier| {
            package
                .item(identifier)
                .unwrap()
                .human_coding_scheme
                .as_deref()
        })
        .collect();
    assert_eq!(
        children,
        [
            Some("CCSS.Math.Content.6.RP.A.1"),
            Some("CCSS.Math.Content.6.RP.A.2"),
            Some("CCSS.Math.Content.6.RP.A.3")
        ]
    );
}
