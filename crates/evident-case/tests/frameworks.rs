//! The CASE 1.1 packages: DigCompEdu with its 22 × 6 rubric, the Carpentries
//! teaching-demonstration rubric and the Achieve OER rubric scale.

mod common;

use common::{ACHIEVE, CARPENTRIES, DIGCOMPEDU, import};
use evident_case::{AssociationType, CaseVersion, Tree};

#[test]
fn digcompedu_is_case_1_1_without_repairs() {
    let import = import(DIGCOMPEDU);
    assert_eq!(import.version, CaseVersion::V1_1);
    assert_eq!(import.version_evidence, "CFDocument.caseVersion is \"1.1\"");
    assert!(import.repairs.is_empty());
    assert_eq!(import.package.items.len(), 167);
    assert_eq!(import.package.associations.len(), 299);
}

#[test]
fn digcompedu_counts_items_by_type() {
    let import = import(DIGCOMPEDU);
    let package = &import.package;
    let table = [
        ("Area", 6),
        ("Competence", 22),
        ("Proficiency level descriptor", 132),
        ("Proficiency level", 6),
        ("Progression model", 1),
    ];
    for (type_name, count) in table {
        assert_eq!(
            package.items_of_type(type_name).count(),
            count,
            "{type_name}"
        );
    }
    assert_eq!(package.items_of_type("competence").count(), 22);
    assert_eq!(package.item_types().len(), 5);
    let has_skill_level = package
        .associations
        .iter()
        .filter(|association| association.association_type == AssociationType::HasSkillLevel)
        .count();
    assert_eq!(has_skill_level, 132);
}

#[test]
fn digcompedu_tree_has_areas_then_levels() {
    let import = import(DIGCOMPEDU);
    let tree = Tree::build(&import.package);
    assert_eq!(tree.len(), 167);
    assert!(tree.orphans().is_empty());

    let roots: Vec<_> = tree
        .roots()
        .iter()
        .map(|id| {
            let node = tree.node(*id);
            (node.human_code().unwrap(), node.item_type().unwrap())
        })
        .collect();
    assert_eq!(
        roots,
        [
            ("1", "Area"),
            ("2", "Area"),
            ("3", "Area"),
            ("4", "Area"),
            ("5", "Area"),
            ("6", "Area"),
            ("PL", "Progression model"),
        ]
    );

    let competences_per_area: Vec<usize> = tree.roots()[..6]
        .iter()
        .map(|id| tree.node(*id).children.len())
        .collect();
    assert_eq!(competences_per_area, [4, 3, 4, 3, 3, 5]);

    let area_6: Vec<_> = tree
        .children(tree.roots()[5])
        .map(|node| node.human_code().unwrap())
        .collect();
    assert_eq!(area_6, ["6.1", "6.2", "6.3", "6.4", "6.5"]);

    let levels: Vec<_> = tree
        .children(tree.roots()[6])
        .map(|node| node.human_code().unwrap())
        .collect();
    assert_eq!(levels, ["A1", "A2", "B1", "B2", "C1", "C2"]);

    // Every competence has its six level descriptors as children, in level order.
    let competence_2_1 = tree
        .children(tree.roots()[1])
        .next()
        .expect("competence 2.1");
    assert_eq!(competence_2_1.human_code(), Some("2.1"));
    assert_eq!(competence_2_1.depth, 1);
    let descriptors: Vec<_> = competence_2_1
        .children
        .iter()
        .map(|id| tree.node(*id))
        .map(|node| {
            (
                node.human_code().unwrap(),
                node.depth,
                node.sequence_number(),
            )
        })
        .collect();
    assert_eq!(
        descriptors,
        [
            ("2.1.A1", 2, Some(1)),
            ("2.1.A2", 2, Some(2)),
            ("2.1.B1", 2, Some(3)),
            ("2.1.B2", 2, Some(4)),
            ("2.1.C1", 2, Some(5)),
            ("2.1.C2", 2, Some(6)),
        ]
    );
    let expert = tree.node(competence_2_1.children[3]);
    assert_eq!(
        expert.statement(),
        "Identifying and assessing suitable resources using complex criteria."
    );
    assert_eq!(expert.item.label(), "Expert (B2)");
}

#[test]
fn digcompedu_items_are_found_by_identifier_and_uri() {
    let import = import(DIGCOMPEDU);
    let package = &import.package;
    let identifier = "dafa17dc-9fee-51d7-acf7-f348d8f9440f";
    let uri = format!("https://example.invalid/ims/case/v1p1/CFItems/{identifier}");

    let by_identifier = package.item(identifier).expect("by identifier");
    assert_eq!(by_identifier.human_coding_scheme.as_deref(), Some("2.1.B2"));
    let upper = package
        .item(&identifier.to_uppercase())
        .expect("upper case");
    assert_eq!(upper.identifier, identifier);
    assert_eq!(
        package.item_by_uri(&uri).map(|item| &item.identifier[..]),
        Some(identifier)
    );

    let index = package.item_index();
    assert_eq!(
        index.item(identifier).map(|item| &item.identifier[..]),
        Some(identifier)
    );
    assert_eq!(
        index.item_by_uri(&uri).map(|item| &item.identifier[..]),
        Some(identifier)
    );
    assert!(index.item("00000000-0000-0000-0000-000000000000").is_none());

    // Extensions stay available as they were read.
    let extensions = by_identifier.extra.get("extensions").expect("extensions");
    assert_eq!(extensions["ext:textStatus"], "verbatim-secondary");
}

#[test]
fn digcompedu_rubric_is_22_competences_by_6_levels() {
    let import = import(DIGCOMPEDU);
    let package = &import.package;
    assert_eq!(package.rubrics().len(), 1);
    let rubric = &package.rubrics()[0];
    let criteria = package.aligned_criteria(rubric);
    assert_eq!(criteria.len(), 22);
    for aligned in &criteria {
        let item = aligned.item.expect("each criterion names a competence");
        assert_eq!(item.type_name(), Some("Competence"));
        assert_eq!(aligned.levels.len(), 6);
        let scores: Vec<_> = aligned.levels.iter().map(|level| level.score).collect();
        assert_eq!(
            scores,
            [
                Some(1.0),
                Some(2.0),
                Some(3.0),
                Some(4.0),
                Some(5.0),
                Some(6.0)
            ]
        );
    }
    let codes: Vec<_> = criteria
        .iter()
        .map(|aligned| {
            aligned
                .item
                .unwrap()
                .human_coding_scheme
                .as_deref()
                .unwrap()
        })
        .collect();
    assert_eq!(codes.first(), Some(&"1.1"));
    assert_eq!(codes.last(), Some(&"6.5"));
    assert_eq!(
        rubric.level_qualities(),
        [
            "Newcomer (A1)",
            "Explorer (A2)",
            "Integrator (B1)",
            "Expert (B2)",
            "Leader (C1)",
            "Pioneer (C2)"
        ]
    );
}

#[test]
fn carpentries_rubric_has_14_criteria_and_2_levels() {
    let import = import(CARPENTRIES);
    assert_eq!(import.version, CaseVersion::V1_1);
    assert!(import.repairs.is_empty());
    let package = &import.package;
    let rubric = &package.rubrics()[0];
    assert_eq!(
        rubric.title.as_deref(),
        Some("Suggested Rubric for Teaching Demonstrations")
    );
    assert_eq!(
        rubric.level_qualities(),
        ["Positive", "Opportunity for Growth"]
    );

    let criteria = package.aligned_criteria(rubric);
    assert_eq!(criteria.len(), 14);
    let codes: Vec<_> = criteria
        .iter()
        .map(|aligned| {
            aligned
                .item
                .unwrap()
                .human_coding_scheme
                .as_deref()
                .unwrap()
        })
        .collect();
    let mut expected = vec!["C.1", "C.2", "C.3"];
    let delivery: Vec<String> = (1..=11).map(|n| format!("D.{n}")).collect();
    expected.extend(delivery.iter().map(String::as_str));
    assert_eq!(codes, expected);
    assert!(
        criteria
            .iter()
            .all(|aligned| aligned.criterion.weight == Some(1.0))
    );

    // D.7 and D.8 ("Avoids: …") have only the growth level, D.10 only the positive one.
    let single_level: Vec<_> = criteria
        .iter()
        .filter(|aligned| aligned.levels.len() == 1)
        .map(|aligned| {
            (
                aligned
                    .item
                    .unwrap()
                    .human_coding_scheme
                    .as_deref()
                    .unwrap(),
                aligned.levels[0].quality.as_deref().unwrap(),
                aligned.levels[0].score,
            )
        })
        .collect();
    assert_eq!(
        single_level,
        [
            ("D.7", "Opportunity for Growth", Some(0.0)),
            ("D.8", "Opportunity for Growth", Some(0.0)),
            ("D.10", "Positive", Some(1.0)),
        ]
    );

    // The pass rule is a rubric extension, kept verbatim.
    let rule = &rubric.extra["extensions"]["ext:passRule"];
    assert_eq!(rule["redoIfCountAtLeast"], 3);

    let tree = Tree::build(package);
    let domains: Vec<_> = tree
        .roots()
        .iter()
        .map(|id| (tree.node(*id).statement(), tree.node(*id).children.len()))
        .collect();
    assert_eq!(domains, [("Content", 3), ("Delivery", 11)]);
}

#[test]
fn achieve_not_applicable_level_has_no_score() {
    let import = import(ACHIEVE);
    let package = &import.package;
    let rubric = &package.rubrics()[0];
    let criteria = package.aligned_criteria(rubric);
    assert_eq!(criteria.len(), 8);
    for aligned in &criteria {
        let scale: Vec<_> = aligned
            .levels
            .iter()
            .map(|level| (level.quality.as_deref().unwrap(), level.score))
            .collect();
        assert_eq!(
            scale,
            [
                ("Superior", Some(3.0)),
                ("Strong", Some(2.0)),
                ("Limited", Some(1.0)),
                ("Very Weak / None", Some(0.0)),
                ("Not Applicable", None),
            ]
        );
    }
}
