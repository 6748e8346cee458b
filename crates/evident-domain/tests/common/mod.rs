//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use evident_domain::{
    Answer, Answers, ArtifactRef, CaseCriterionInput, CaseItemRef, CaseLevelInput, CaseRubricInput,
    MicroCredentialDefinition, PublishedVersion, Score, demo, publish,
};
use serde_json::Value;

/// Returns the path of a file under the crate's `tests/data` folder.
pub fn data_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Reads and parses a JSON file under `tests/data`.
pub fn read_json(name: &str) -> Value {
    let path = data_path(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name} is not JSON: {error}"))
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// Maps the first CFRubric of a CASE 1.1 package onto the crate's plain input types, looking up
/// each criterion's CFItem for its human code.
pub fn case_rubric_input(package: &Value) -> CaseRubricInput {
    let items = package["CFItems"].as_array().expect("CFItems array");
    let rubric = &package["CFRubrics"][0];
    let criteria = rubric["CFRubricCriteria"]
        .as_array()
        .expect("CFRubricCriteria array")
        .iter()
        .map(|criterion| {
            let item = criterion.get("CFItemURI").map(|link| {
                let identifier = text(link, "identifier").expect("CFItemURI.identifier");
                let human_code = items
                    .iter()
                    .find(|item| item["identifier"] == link["identifier"])
                    .and_then(|item| text(item, "humanCodingScheme"));
                CaseItemRef {
                    identifier,
                    uri: text(link, "uri").expect("CFItemURI.uri"),
                    human_code,
                }
            });
            let levels = criterion["CFRubricCriterionLevels"]
                .as_array()
                .expect("CFRubricCriterionLevels array")
                .iter()
                .map(|level| CaseLevelInput {
                    identifier: text(level, "identifier").expect("level identifier"),
                    quality: text(level, "quality"),
                    score: level.get("score").and_then(Value::as_f64),
                    description: text(level, "description"),
                    position: level.get("position").and_then(Value::as_i64),
                })
                .collect();
            CaseCriterionInput {
                identifier: text(criterion, "identifier").expect("criterion identifier"),
                category: text(criterion, "category"),
                description: text(criterion, "description"),
                position: criterion.get("position").and_then(Value::as_i64),
                weight: criterion.get("weight").and_then(Value::as_f64),
                item,
                levels,
            }
        })
        .collect();
    CaseRubricInput {
        identifier: text(rubric, "identifier").expect("rubric identifier"),
        title: text(rubric, "title").expect("rubric title"),
        description: text(rubric, "description"),
        criteria,
    }
}

/// Returns the demo definition with `slug`.
pub fn demo_definition(slug: &str) -> MicroCredentialDefinition {
    demo::demo_definitions()
        .expect("demo definitions are valid")
        .into_iter()
        .find(|definition| definition.slug == slug)
        .unwrap_or_else(|| panic!("no demo definition {slug}"))
}

/// Publishes the demo definition with `slug` as version 1.
pub fn published_demo(slug: &str) -> PublishedVersion {
    publish(demo_definition(slug), None).expect("demo definition publishes")
}

/// Returns answers that satisfy every required part of `definition`: a short text for each
/// question, and a valid item of the right kind for each required artifact.
pub fn complete_answers(definition: &MicroCredentialDefinition) -> Answers {
    let mut answers = Answers::new();
    for prompt in definition
        .requirements
        .overview
        .iter()
        .chain(&definition.requirements.reflection)
    {
        answers.set(
            prompt.id.clone(),
            Answer::Text {
                text: "Year 8 science, 27 learners, mixed prior attainment.".to_owned(),
            },
        );
    }
    for artifact in definition
        .requirements
        .artifacts
        .iter()
        .filter(|a| a.required)
    {
        let item = match &artifact.kind {
            evident_domain::ArtifactKind::File {
                allowed_media_types,
                ..
            } => ArtifactRef::File {
                content_hash: format!("sha256:{}", "ab".repeat(32)),
                file_name: format!("{}.bin", artifact.id),
                media_type: allowed_media_types
                    .first()
                    .map(|pattern| pattern.replace('*', "mp4"))
                    .unwrap_or_else(|| "application/pdf".to_owned()),
                size_bytes: 1_000,
            },
            evident_domain::ArtifactKind::Link => ArtifactRef::Link {
                url: "https://video.example.org/watch/123".to_owned(),
            },
            evident_domain::ArtifactKind::Text { .. } => ArtifactRef::Text {
                text: "We regrouped the class by answer and retaught the second step.".to_owned(),
            },
        };
        answers.set(artifact.id.clone(), Answer::Artifacts { items: vec![item] });
    }
    answers
}

/// Returns one score per criterion of `definition`, each at `level_id` where the criterion uses
/// it and at its only level otherwise.
pub fn scores_at(definition: &MicroCredentialDefinition, level_id: &str) -> Vec<Score> {
    definition
        .rubric
        .criteria
        .iter()
        .map(|criterion| {
            let level = if criterion.allows(level_id) {
                level_id.to_owned()
            } else {
                criterion.descriptors[0].level_id.clone()
            };
            Score {
                criterion_id: criterion.id.clone(),
                level_id: level,
                feedback: format!("Feedback on {}.", criterion.title),
            }
        })
        .collect()
}
