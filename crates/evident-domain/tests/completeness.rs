//! The completeness check: every kind of missing or invalid part, with its message.

mod common;

use evident_domain::{Answer, Answers, ArtifactRef, Gap, Issue, completeness};

const SLUG: &str = "selecting-digital-resources";

fn gaps_after(change: impl FnOnce(&mut Answers)) -> Vec<Gap> {
    let definition = common::demo_definition(SLUG);
    let mut answers = common::complete_answers(&definition);
    change(&mut answers);
    completeness(&definition, &answers)
}

fn file(name: &str, media_type: &str, size_bytes: u64) -> ArtifactRef {
    ArtifactRef::File {
        content_hash: format!("sha256:{}", "cd".repeat(32)),
        file_name: name.to_owned(),
        media_type: media_type.to_owned(),
        size_bytes,
    }
}

#[test]
fn complete_answers_have_no_gaps() {
    assert_eq!(gaps_after(|_| {}), []);
}

#[test]
fn empty_answers_list_every_required_part() {
    let definition = common::demo_definition(SLUG);
    let gaps = completeness(&definition, &Answers::new());
    let parts: Vec<&str> = gaps.iter().map(|g| g.part_id.as_str()).collect();
    assert_eq!(
        parts,
        [
            "learners",
            "objective",
            "comparison",
            "lesson-plan",
            "resource-link",
            "learner-work",
            "effect",
            "next-time"
        ]
    );
    assert!(gaps.iter().all(|g| g.issue == Issue::Missing));
    assert_eq!(
        gaps[2].message,
        "Artifact \"Resource comparison\" is required: add a file."
    );
}

#[test]
fn whitespace_answer_counts_as_missing() {
    let gaps = gaps_after(|a| {
        a.set(
            "objective",
            Answer::Text {
                text: " \n\t".to_owned(),
            },
        )
    });
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].part_id, "objective");
    assert_eq!(gaps[0].issue, Issue::Missing);
}

#[test]
fn over_word_limit_reports_counts() {
    // The objective question allows 150 words.
    let text = "Learners compare fractions. ".repeat(51);
    let gaps = gaps_after(|a| a.set("objective", Answer::Text { text }));
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        gaps[0].issue,
        Issue::OverWordLimit {
            words: 153,
            limit: 150
        }
    );
    assert!(
        gaps[0]
            .message
            .contains("has 153 words, over the limit of 150")
    );
    assert!(gaps[0].message.ends_with("shorten it by 3 words."));
}

#[test]
fn answer_at_word_limit_is_accepted() {
    let text = "word ".repeat(150);
    assert_eq!(
        gaps_after(|a| a.set("objective", Answer::Text { text })),
        []
    );
}

#[test]
fn link_must_be_http_url() {
    for (url, reason) in [
        ("not a url", "is not a valid URL"),
        ("ftp://files.example.org/plan.pdf", "uses scheme \"ftp\""),
        ("javascript:alert(1)", "uses scheme \"javascript\""),
        ("https://", "is not a valid URL"),
    ] {
        let gaps = gaps_after(|a| {
            a.set(
                "resource-link",
                Answer::Artifacts {
                    items: vec![ArtifactRef::Link {
                        url: url.to_owned(),
                    }],
                },
            );
        });
        assert_eq!(gaps.len(), 1, "{url}");
        assert_eq!(
            gaps[0].issue,
            Issue::InvalidUrl {
                url: url.to_owned()
            }
        );
        assert!(
            gaps[0].message.contains(reason),
            "{url}: {}",
            gaps[0].message
        );
    }
}

#[test]
fn disallowed_file_type_is_reported() {
    let gaps = gaps_after(|a| {
        a.set(
            "comparison",
            Answer::Artifacts {
                items: vec![file("comparison.zip", "application/zip", 2_000)],
            },
        );
    });
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        gaps[0].issue,
        Issue::DisallowedMediaType {
            media_type: "application/zip".to_owned()
        }
    );
    assert!(gaps[0].message.contains("\"comparison.zip\""));
    assert!(
        gaps[0].message.contains("is a ZIP archive file"),
        "{}",
        gaps[0].message
    );
    assert!(
        gaps[0].message.contains("upload PDF"),
        "{}",
        gaps[0].message
    );
}

#[test]
fn media_type_wildcard_and_parameters_match() {
    let gaps = gaps_after(|a| {
        a.set(
            "learner-work",
            Answer::Artifacts {
                items: vec![
                    file("a.png", "image/png", 10),
                    file("b.jpg", "IMAGE/JPEG", 10),
                    file("c.pdf", "application/pdf; charset=binary", 10),
                ],
            },
        );
    });
    assert_eq!(gaps, []);
}

#[test]
fn oversized_and_empty_files_are_reported() {
    let limit = 20 * 1024 * 1024;
    let gaps = gaps_after(|a| {
        a.set(
            "learner-work",
            Answer::Artifacts {
                items: vec![
                    file("big.pdf", "application/pdf", limit + 1),
                    file("empty.pdf", "application/pdf", 0),
                ],
            },
        );
    });
    assert_eq!(gaps.len(), 2);
    assert_eq!(
        gaps[0].issue,
        Issue::FileTooLarge {
            size_bytes: limit + 1,
            max_bytes: limit
        }
    );
    assert_eq!(gaps[1].issue, Issue::EmptyFile);
}

#[test]
fn too_many_items_are_reported() {
    let gaps = gaps_after(|a| {
        let items = (0..4)
            .map(|i| file(&format!("{i}.pdf"), "application/pdf", 10))
            .collect();
        a.set("learner-work", Answer::Artifacts { items });
    });
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        gaps[0].issue,
        Issue::TooManyItems {
            count: 4,
            max_items: 3
        }
    );
}

#[test]
fn wrong_answer_kind_is_reported() {
    let gaps = gaps_after(|a| {
        a.set(
            "resource-link",
            Answer::Artifacts {
                items: vec![file("link.pdf", "application/pdf", 10)],
            },
        );
        a.set("learners", Answer::Artifacts { items: vec![] });
        a.set(
            "lesson-plan",
            Answer::Text {
                text: "See attached.".to_owned(),
            },
        );
    });
    let issues: Vec<(&str, &Issue)> = gaps
        .iter()
        .map(|g| (g.part_id.as_str(), &g.issue))
        .collect();
    assert_eq!(
        issues,
        [
            (
                "learners",
                &Issue::WrongKind {
                    expected: "text".to_owned(),
                    found: "artifacts".to_owned()
                }
            ),
            (
                "lesson-plan",
                &Issue::WrongKind {
                    expected: "file".to_owned(),
                    found: "text".to_owned()
                }
            ),
            (
                "resource-link",
                &Issue::WrongKind {
                    expected: "link".to_owned(),
                    found: "file".to_owned()
                }
            ),
        ]
    );
}

#[test]
fn answer_to_unknown_part_is_reported() {
    let gaps = gaps_after(|a| {
        a.set(
            "extra",
            Answer::Text {
                text: "hello".to_owned(),
            },
        )
    });
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].part_id, "extra");
    assert_eq!(gaps[0].issue, Issue::UnknownPart);
}

#[test]
fn optional_artifact_may_be_empty_but_not_invalid() {
    let definition = common::demo_definition("live-coding-teaching-demonstration");
    let mut answers = common::complete_answers(&definition);
    assert_eq!(completeness(&definition, &answers), []);

    answers.set(
        "lesson-notes",
        Answer::Artifacts {
            items: vec![file("notes.doc", "application/msword", 10)],
        },
    );
    let gaps = completeness(&definition, &answers);
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0].part_id, "lesson-notes");
    assert_eq!(
        gaps[0].issue,
        Issue::DisallowedMediaType {
            media_type: "application/msword".to_owned()
        }
    );
}

#[test]
fn text_artifact_has_its_own_word_limit() {
    let definition = common::demo_definition("digital-formative-assessment");
    let mut answers = common::complete_answers(&definition);
    answers.set(
        "decision-log",
        Answer::Artifacts {
            items: vec![ArtifactRef::Text {
                text: "step ".repeat(301),
            }],
        },
    );
    let gaps = completeness(&definition, &answers);
    assert_eq!(gaps.len(), 1);
    assert_eq!(
        gaps[0].issue,
        Issue::OverWordLimit {
            words: 301,
            limit: 300
        }
    );
}

#[test]
fn file_hashes_lists_uploaded_files() {
    let mut answers = Answers::new();
    answers.set(
        "b",
        Answer::Artifacts {
            items: vec![file("x.pdf", "application/pdf", 1)],
        },
    );
    answers.set(
        "a",
        Answer::Artifacts {
            items: vec![ArtifactRef::Link {
                url: "https://x.org".to_owned(),
            }],
        },
    );
    answers.set(
        "c",
        Answer::Text {
            text: "t".to_owned(),
        },
    );
    let hash = format!("sha256:{}", "cd".repeat(32));
    assert_eq!(answers.file_hashes(), [hash.as_str()]);
}

#[test]
fn one_huge_word_is_over_the_character_limit() {
    let definition = common::demo_definition("digital-formative-assessment");
    let prompt = &definition.requirements.overview[0];
    let mut answers = common::complete_answers(&definition);
    let limit = evident_domain::character_limit(prompt.word_limit);
    answers.set(
        prompt.id.clone(),
        Answer::Text {
            text: "a".repeat(limit + 1),
        },
    );
    let gaps = completeness(&definition, &answers);
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(
        gaps[0].issue,
        Issue::OverCharacterLimit {
            characters: limit + 1,
            limit
        }
    );
    assert!(
        gaps[0].message.contains("shorten it"),
        "{}",
        gaps[0].message
    );
    answers.set(
        prompt.id.clone(),
        Answer::Text {
            text: "a".repeat(limit),
        },
    );
    assert!(completeness(&definition, &answers).is_empty());
}
