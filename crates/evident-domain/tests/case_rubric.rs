//! Conversion of CASE CFRubrics from real packages, and its error cases.

mod common;

use evident_domain::{
    CaseCriterionInput, CaseLevelInput, CaseRubricInput, Error, rubric_from_case,
};

#[test]
fn carpentries_rubric_converts_to_two_levels() {
    let package = common::read_json("carpentries-teaching-demo-rubric.case-v1p1.json");
    let rubric = rubric_from_case(&common::case_rubric_input(&package)).unwrap();

    let levels: Vec<(&str, &str, i32)> = rubric
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.title.as_str(), l.score))
        .collect();
    assert_eq!(
        levels,
        [
            ("positive", "Positive", 1),
            ("opportunity-for-growth", "Opportunity for Growth", 0)
        ]
    );
    let ids: Vec<&str> = rubric.criteria.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "C.1", "C.2", "C.3", "D.1", "D.2", "D.3", "D.4", "D.5", "D.6", "D.7", "D.8", "D.9",
            "D.10", "D.11"
        ]
    );
}

#[test]
fn carpentries_single_level_criteria_are_optional() {
    let package = common::read_json("carpentries-teaching-demo-rubric.case-v1p1.json");
    let rubric = rubric_from_case(&common::case_rubric_input(&package)).unwrap();
    let optional: Vec<&str> = rubric
        .criteria
        .iter()
        .filter(|c| c.optional)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(optional, ["D.7", "D.8", "D.10"]);

    let speaks_clearly = rubric.criterion("D.10").unwrap();
    assert!(speaks_clearly.allows("positive"));
    assert!(!speaks_clearly.allows("opportunity-for-growth"));
    let notifications = rubric.criterion("D.7").unwrap();
    assert_eq!(
        notifications.descriptor("opportunity-for-growth"),
        Some("Notifications show up on their screen")
    );
}

#[test]
fn carpentries_criteria_keep_category_and_alignment() {
    let package = common::read_json("carpentries-teaching-demo-rubric.case-v1p1.json");
    let rubric = rubric_from_case(&common::case_rubric_input(&package)).unwrap();
    let first = &rubric.criteria[0];
    assert_eq!(
        first.title,
        "Uses Carpentries curriculum with only minor deviations"
    );
    assert_eq!(first.category.as_deref(), Some("Content"));
    let alignment = first.alignment.as_ref().unwrap();
    assert_eq!(alignment.identifier, "27014928-6cec-5829-a1fa-35b03ef623e1");
    assert_eq!(alignment.human_code.as_deref(), Some("C.1"));
    assert_eq!(
        first.descriptor("opportunity-for-growth"),
        Some("Deviates significantly or does not use Carpentries curriculum")
    );
}

#[test]
fn digcompedu_rubric_converts_to_six_levels() {
    let package = common::read_json("digcompedu.case.json");
    let rubric = rubric_from_case(&common::case_rubric_input(&package)).unwrap();

    assert_eq!(rubric.criteria.len(), 22);
    let levels: Vec<(&str, i32)> = rubric
        .levels
        .iter()
        .map(|l| (l.id.as_str(), l.score))
        .collect();
    assert_eq!(
        levels,
        [
            ("pioneer-c2", 6),
            ("leader-c1", 5),
            ("expert-b2", 4),
            ("integrator-b1", 3),
            ("explorer-a2", 2),
            ("newcomer-a1", 1)
        ]
    );
    assert!(
        rubric
            .criteria
            .iter()
            .all(|c| c.descriptors.len() == 6 && !c.optional)
    );
    // Every criterion's CFItem has a distinct human code, so the ids are the competence codes.
    assert_eq!(
        rubric.criteria[0]
            .alignment
            .as_ref()
            .unwrap()
            .human_code
            .as_deref(),
        Some("1.1")
    );
    assert_eq!(rubric.criteria[0].id, "1.1");
    assert_eq!(rubric.criteria[21].id, "6.5");
}

#[test]
fn level_without_description_uses_quality() {
    let package = common::read_json("digcompedu.case.json");
    let input = common::case_rubric_input(&package);
    let level = &input.criteria[0].levels[0];
    assert!(
        level.description.is_none(),
        "fixture level has a description"
    );
    let rubric = rubric_from_case(&input).unwrap();
    assert_eq!(
        rubric.criteria[0].descriptor("newcomer-a1"),
        Some("Newcomer (A1)")
    );
}

fn level(identifier: &str, quality: &str, score: Option<f64>) -> CaseLevelInput {
    CaseLevelInput {
        identifier: identifier.to_owned(),
        quality: Some(quality.to_owned()),
        score,
        description: Some(format!("{quality} performance")),
        position: None,
    }
}

fn input(levels_per_criterion: Vec<Vec<CaseLevelInput>>) -> CaseRubricInput {
    CaseRubricInput {
        identifier: "rubric-1".to_owned(),
        title: "Test rubric".to_owned(),
        description: None,
        criteria: levels_per_criterion
            .into_iter()
            .enumerate()
            .map(|(index, levels)| CaseCriterionInput {
                identifier: format!("criterion-{index}"),
                category: None,
                description: Some(format!("Criterion {index}")),
                position: i64::try_from(index).ok(),
                weight: None,
                item: None,
                levels,
            })
            .collect(),
    }
}

fn problems_of(result: Result<evident_domain::Rubric, Error>) -> Vec<String> {
    match result {
        Err(Error::InvalidCaseRubric { rubric, problems }) => {
            assert_eq!(rubric, "rubric-1");
            problems.into_iter().map(|p| p.message).collect()
        }
        other => panic!("expected InvalidCaseRubric, got {other:?}"),
    }
}

#[test]
fn criteria_without_human_codes_keep_case_identifiers() {
    let rubric = rubric_from_case(&input(vec![
        vec![
            level("a", "Met", Some(1.0)),
            level("b", "Not met", Some(0.0)),
        ],
        vec![
            level("c", "Met", Some(1.0)),
            level("d", "Not met", Some(0.0)),
        ],
    ]))
    .unwrap();
    assert_eq!(rubric.criteria[0].id, "criterion-0");
    assert_eq!(rubric.criteria[1].id, "criterion-1");
    assert_eq!(rubric.levels[1].id, "not-met");
}

#[test]
fn missing_score_is_rejected() {
    let messages = problems_of(rubric_from_case(&input(vec![vec![level(
        "a", "Met", None,
    )]])));
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("\"Met\" has no score"), "{messages:?}");
}

#[test]
fn fractional_score_is_rejected() {
    let messages = problems_of(rubric_from_case(&input(vec![vec![level(
        "a",
        "Met",
        Some(2.5),
    )]])));
    assert!(messages[0].contains("2.5"), "{messages:?}");
    assert!(messages[0].contains("not a whole number"), "{messages:?}");
}

#[test]
fn quality_with_two_scores_is_rejected() {
    let messages = problems_of(rubric_from_case(&input(vec![
        vec![level("a", "Met", Some(1.0))],
        vec![level("b", "Met", Some(2.0))],
    ])));
    assert!(messages[0].contains("score 2 here but 1"), "{messages:?}");
}

#[test]
fn two_qualities_with_one_score_are_rejected() {
    let messages = problems_of(rubric_from_case(&input(vec![vec![
        level("a", "Met", Some(1.0)),
        level("b", "Achieved", Some(1.0)),
    ]])));
    assert!(messages[0].contains("both have score 1"), "{messages:?}");
}

#[test]
fn level_without_quality_is_rejected() {
    let mut nameless = level("a", "", Some(1.0));
    nameless.quality = None;
    let messages = problems_of(rubric_from_case(&input(vec![vec![nameless]])));
    assert!(messages[0].contains("no quality"), "{messages:?}");
}
