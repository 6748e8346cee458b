//! The demo definitions: every file parses and validates, carries a real DigCompEdu competence,
//! and the Carpentries one uses the unchanged rubric and its redo rule.

mod common;

use std::collections::HashSet;

use evident_domain::{
    MicroCredentialDefinition, Outcome, PassRule, Score, decide, demo, publish, rubric_from_case,
};

fn demo_dir_files() -> Vec<(String, MicroCredentialDefinition)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("demo folder exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|ext| ext == "json") {
            let text = std::fs::read_to_string(&path).expect("readable demo file");
            let definition: MicroCredentialDefinition = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{} does not parse: {error}", path.display()));
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, definition));
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

#[test]
fn every_demo_file_parses_and_validates() {
    let files = demo_dir_files();
    assert!(
        files.len() >= 3,
        "expected at least 3 demo files, found {}",
        files.len()
    );
    for (name, definition) in &files {
        if let Err(error) = definition.validate() {
            panic!("{name} is invalid: {error}");
        }
        assert_eq!(
            *name,
            format!("{}.json", definition.slug),
            "file name must be the slug"
        );
    }
}

#[test]
fn demo_definitions_include_every_file_in_folder() {
    let loaded = demo::demo_definitions().expect("demo definitions load");
    let mut loaded_slugs: Vec<&str> = loaded.iter().map(|d| d.slug.as_str()).collect();
    loaded_slugs.sort_unstable();
    let files = demo_dir_files();
    let file_slugs: Vec<&str> = files.iter().map(|(_, d)| d.slug.as_str()).collect();
    assert_eq!(loaded_slugs, file_slugs);
}

#[test]
fn demo_competencies_are_digcompedu_competences() {
    let framework = common::read_json("digcompedu.case.json");
    let framework_title = framework["CFDocument"]["title"].as_str().unwrap();
    let framework_id = framework["CFDocument"]["identifier"].as_str().unwrap();
    let items = framework["CFItems"].as_array().unwrap();

    for definition in demo::demo_definitions().unwrap() {
        let competency = &definition.competency;
        let item = items
            .iter()
            .find(|item| item["identifier"] == competency.identifier.as_str())
            .unwrap_or_else(|| panic!("{}: competency not in DigCompEdu", definition.slug));
        assert_eq!(item["CFItemType"], "Competence", "{}", definition.slug);
        assert_eq!(item["uri"], competency.uri.as_str(), "{}", definition.slug);
        assert_eq!(item["humanCodingScheme"], competency.human_code.as_str());
        assert_eq!(item["fullStatement"], competency.statement.as_str());
        assert_eq!(
            item["abbreviatedStatement"].as_str(),
            competency.name.as_deref(),
            "{}",
            definition.slug
        );
        assert_eq!(competency.framework_title, framework_title);
        assert_eq!(
            competency.framework_identifier.as_deref(),
            Some(framework_id)
        );
    }
}

#[test]
fn demo_slugs_and_competencies_are_distinct() {
    let definitions = demo::demo_definitions().unwrap();
    let slugs: HashSet<&str> = definitions.iter().map(|d| d.slug.as_str()).collect();
    let competencies: HashSet<&str> = definitions
        .iter()
        .map(|d| d.competency.identifier.as_str())
        .collect();
    assert_eq!(slugs.len(), definitions.len());
    assert_eq!(competencies.len(), definitions.len());
}

#[test]
fn demo_definitions_publish_with_distinct_hashes() {
    let mut hashes = HashSet::new();
    for definition in demo::demo_definitions().unwrap() {
        let published = publish(definition, None).expect("demo definition publishes");
        assert_eq!(published.version(), 1);
        assert!(hashes.insert(published.content_hash().to_owned()));
    }
}

#[test]
fn carpentries_demo_rubric_equals_case_conversion() {
    let package = common::read_json("carpentries-teaching-demo-rubric.case-v1p1.json");
    let converted = rubric_from_case(&common::case_rubric_input(&package)).unwrap();
    let definition = common::demo_definition("live-coding-teaching-demonstration");
    assert_eq!(definition.rubric, converted);
    let attribution = definition.attribution.as_deref().unwrap_or_default();
    assert!(
        attribution.contains("CC BY 4.0"),
        "attribution: {attribution}"
    );
    assert!(
        attribution.contains("The Carpentries"),
        "attribution: {attribution}"
    );
}

#[test]
fn carpentries_redo_at_three_growth_marks() {
    let definition = common::demo_definition("live-coding-teaching-demonstration");
    assert_eq!(
        definition.pass_rule,
        PassRule::CountBased {
            max_below: 2,
            level: "positive".to_owned()
        }
    );

    // Positive on every two-level criterion, then growth marks on the first n of them.
    let two_level: Vec<&str> = definition
        .rubric
        .criteria
        .iter()
        .filter(|c| c.descriptors.len() == 2)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(two_level.len(), 11);
    for growth_marks in 0..=4 {
        let scores: Vec<Score> = two_level
            .iter()
            .enumerate()
            .map(|(index, id)| Score {
                criterion_id: (*id).to_owned(),
                level_id: if index < growth_marks {
                    "opportunity-for-growth".to_owned()
                } else {
                    "positive".to_owned()
                },
                feedback: "Seen in the recording.".to_owned(),
            })
            .collect();
        let decision = decide(&definition.rubric, &definition.pass_rule, &scores).unwrap();
        let expected = if growth_marks >= 3 {
            Outcome::NotYet
        } else {
            Outcome::Pass
        };
        assert_eq!(decision.outcome, expected, "{growth_marks} growth marks");
        assert_eq!(decision.below_bar.len(), growth_marks);
    }
}

#[test]
fn carpentries_observed_notifications_count_as_growth_mark() {
    let definition = common::demo_definition("live-coding-teaching-demonstration");
    let mut scores = common::scores_at(&definition, "positive");
    // Optional criteria are left unscored unless observed.
    scores.retain(|score| score.criterion_id != "D.7" && score.criterion_id != "D.8");
    let clean = decide(&definition.rubric, &definition.pass_rule, &scores).unwrap();
    assert_eq!(clean.outcome, Outcome::Pass);
    assert!(clean.below_bar.is_empty());

    for id in ["D.7", "D.8", "C.1"] {
        match scores.iter_mut().find(|score| score.criterion_id == id) {
            Some(score) => score.level_id = "opportunity-for-growth".to_owned(),
            None => scores.push(Score {
                criterion_id: id.to_owned(),
                level_id: "opportunity-for-growth".to_owned(),
                feedback: "Observed during the demonstration.".to_owned(),
            }),
        }
    }
    let decision = decide(&definition.rubric, &definition.pass_rule, &scores).unwrap();
    assert_eq!(decision.below_bar, ["C.1", "D.7", "D.8"]);
    assert_eq!(decision.outcome, Outcome::NotYet);
}

#[test]
fn sample_submissions_fit_their_definitions() {
    use evident_domain::{ArtifactKind, Issue, completeness};

    let samples = demo::sample_submissions().unwrap();
    let definitions = demo::demo_definitions().unwrap();
    assert_eq!(samples.len(), definitions.len());

    for definition in &definitions {
        let sample = samples
            .get(&definition.slug)
            .unwrap_or_else(|| panic!("no sample submission for {}", definition.slug));

        // Only the required file artifacts are missing, and nothing else is wrong.
        let gaps = completeness(definition, &sample.answers);
        let expected: Vec<(&str, Issue)> = definition
            .requirements
            .artifacts
            .iter()
            .filter(|a| a.required && matches!(a.kind, ArtifactKind::File { .. }))
            .map(|a| (a.id.as_str(), Issue::Missing))
            .collect();
        let found: Vec<(&str, Issue)> = gaps
            .iter()
            .map(|g| (g.part_id.as_str(), g.issue.clone()))
            .collect();
        assert_eq!(found, expected, "{}", definition.slug);

        let rubric = &definition.rubric;
        let not_yet = decide(rubric, &definition.pass_rule, &sample.not_yet_review).unwrap();
        assert_eq!(not_yet.outcome, Outcome::NotYet, "{}", definition.slug);
        let pass = decide(rubric, &definition.pass_rule, &sample.pass_review).unwrap();
        assert_eq!(pass.outcome, Outcome::Pass, "{}", definition.slug);
    }
}

#[test]
fn sample_reviews_show_count_based_tolerance() {
    let samples = demo::sample_submissions().unwrap();
    for slug in [
        "live-coding-teaching-demonstration",
        "accessible-digital-learning-materials",
    ] {
        let definition = common::demo_definition(slug);
        let pass = decide(
            &definition.rubric,
            &definition.pass_rule,
            &samples[slug].pass_review,
        )
        .unwrap();
        assert_eq!(pass.outcome, Outcome::Pass, "{slug}");
        assert_eq!(pass.below_bar.len(), 1, "{slug}");
    }
}
