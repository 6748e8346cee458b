//! The submission lifecycle end to end, and the bad inputs that must leave it unchanged.

mod common;

use evident_domain::{
    Answer, EligibilityPolicy, Error, Event, Outcome, Participant, Role, Score, Submission,
    SubmissionState, check_eligibility, publish, transition,
};

const SLUG: &str = "digital-formative-assessment";

fn submitted() -> (evident_domain::PublishedVersion, Submission) {
    let published = common::published_demo(SLUG);
    let mut submission = Submission::start(&published);
    for (part, answer) in common::complete_answers(published.definition()).iter() {
        submission.set_answer(part, answer.clone()).unwrap();
    }
    submission.submit(&published, Role::Educator, None).unwrap();
    (published, submission)
}

#[test]
fn full_earn_after_one_resubmission() {
    let (published, mut submission) = submitted();
    assert_eq!(submission.state(), SubmissionState::Submitted);
    assert_eq!(submission.attempts().len(), 1);
    assert_eq!(submission.attempts()[0].note, None);

    // First review: one criterion below "demonstrated" returns the submission.
    submission.start_review(Role::Assessor).unwrap();
    let mut scores = common::scores_at(published.definition(), "demonstrated");
    scores[2].level_id = "progressing".to_owned();
    scores[2].feedback = "Say which answers led you to regroup learners.".to_owned();
    let decision = submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap()
        .clone();
    assert_eq!(decision.outcome, Outcome::NotYet);
    assert_eq!(decision.below_bar, ["responsive-decision"]);
    assert_eq!(submission.state(), SubmissionState::Returned);

    // The returned attempt keeps the feedback per criterion for the educator.
    let result = submission.attempts()[0].result.as_ref().unwrap();
    let feedback = result
        .scores
        .iter()
        .find(|s| s.criterion_id == "responsive-decision")
        .map(|s| s.feedback.as_str());
    assert_eq!(
        feedback,
        Some("Say which answers led you to regroup learners.")
    );

    // Revise and resubmit with a note.
    submission
        .set_answer(
            "decision-log",
            Answer::Artifacts {
                items: vec![evident_domain::ArtifactRef::Text {
                    text: "Twelve learners chose B, which shows they added the denominators, so \
                           I grouped them for a worked example."
                        .to_owned(),
                }],
            },
        )
        .unwrap();
    submission
        .submit(
            &published,
            Role::Educator,
            Some("Linked the decision to the answers."),
        )
        .unwrap();
    assert_eq!(submission.attempts().len(), 2);
    assert_eq!(
        submission.attempts()[1].note.as_deref(),
        Some("Linked the decision to the answers.")
    );

    // Second review passes and the history keeps both attempts.
    submission.start_review(Role::Assessor).unwrap();
    let scores = common::scores_at(published.definition(), "demonstrated");
    let decision = submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap();
    assert_eq!(decision.outcome, Outcome::Pass);
    assert_eq!(submission.state(), SubmissionState::Earned);
    let outcomes: Vec<Outcome> = submission
        .attempts()
        .iter()
        .map(|a| a.result.as_ref().unwrap().decision.outcome)
        .collect();
    assert_eq!(outcomes, [Outcome::NotYet, Outcome::Pass]);
    assert_ne!(
        submission.attempts()[0].answers,
        submission.attempts()[1].answers
    );
}

#[test]
fn earned_submission_is_final() {
    let (published, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    let scores = common::scores_at(published.definition(), "demonstrated");
    submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap();
    let before = submission.clone();

    let edit = submission.set_answer(
        "class-context",
        Answer::Text {
            text: "x".to_owned(),
        },
    );
    assert_eq!(
        edit,
        Err(Error::NotEditable {
            state: SubmissionState::Earned
        })
    );
    let resubmit = submission.submit(&published, Role::Educator, Some("again"));
    assert!(matches!(
        resubmit,
        Err(Error::InvalidTransition {
            from: SubmissionState::Earned,
            ..
        })
    ));
    assert_eq!(submission, before);
}

#[test]
fn missing_required_part_blocks_submit() {
    let published = common::published_demo(SLUG);
    let mut submission = Submission::start(&published);
    let answers = common::complete_answers(published.definition());
    for (part, answer) in answers.iter().filter(|(part, _)| *part != "check-design") {
        submission.set_answer(part, answer.clone()).unwrap();
    }
    let before = submission.clone();

    let error = submission
        .submit(&published, Role::Educator, None)
        .unwrap_err();
    let Error::IncompleteSubmission { problems } = &error else {
        panic!("expected IncompleteSubmission, got {error:?}");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "check-design");
    assert!(
        problems[0]
            .message
            .contains("\"The diagnostic question\" is required")
    );
    assert_eq!(submission, before);
}

#[test]
fn answer_over_word_limit_blocks_submit() {
    let published = common::published_demo(SLUG);
    let mut submission = Submission::start(&published);
    for (part, answer) in common::complete_answers(published.definition()).iter() {
        submission.set_answer(part, answer.clone()).unwrap();
    }
    // The tool-choice question allows 150 words.
    let long = "word ".repeat(151);
    submission
        .set_answer("tool-choice", Answer::Text { text: long })
        .unwrap();
    let before = submission.clone();

    let error = submission
        .submit(&published, Role::Educator, None)
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("151 words"), "{message}");
    assert!(message.contains("limit of 150"), "{message}");
    assert!(message.contains("shorten it by 1 word."), "{message}");
    assert_eq!(submission, before);
}

#[test]
fn resubmission_without_note_is_rejected() {
    let (published, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    let scores = common::scores_at(published.definition(), "not-met");
    submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap();
    assert_eq!(submission.state(), SubmissionState::Returned);
    let before = submission.clone();

    for note in [None, Some(""), Some("   ")] {
        let error = submission
            .submit(&published, Role::Educator, note)
            .unwrap_err();
        assert_eq!(error, Error::MissingResubmissionNote { attempt: 2 });
        assert_eq!(submission, before);
    }
}

#[test]
fn score_outside_rubric_is_rejected_without_change() {
    let (published, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    let before = submission.clone();
    let definition = published.definition();

    let cases: Vec<(Vec<Score>, &str)> = vec![
        (
            {
                let mut scores = common::scores_at(definition, "demonstrated");
                scores[0].criterion_id = "creativity".to_owned();
                scores
            },
            "criterion \"creativity\" is not in the rubric",
        ),
        (
            {
                let mut scores = common::scores_at(definition, "demonstrated");
                scores[1].level_id = "outstanding".to_owned();
                scores
            },
            "level \"outstanding\" for criterion \"whole-class-evidence\" is not in the rubric",
        ),
        (
            {
                let mut scores = common::scores_at(definition, "demonstrated");
                scores.pop();
                scores
            },
            "criterion \"reflection-on-learning\" is not scored",
        ),
        (
            {
                let mut scores = common::scores_at(definition, "demonstrated");
                let copy = scores[0].clone();
                scores.push(copy);
                scores
            },
            "criterion \"diagnostic-question\" is scored twice",
        ),
        (
            {
                let mut scores = common::scores_at(definition, "demonstrated");
                scores[3].feedback = " ".to_owned();
                scores
            },
            "feedback for criterion \"reflection-on-learning\" is empty",
        ),
    ];
    for (scores, expected) in cases {
        let error = submission
            .record_scores(&published, Role::Assessor, scores)
            .unwrap_err();
        assert!(matches!(error, Error::InvalidScores { .. }), "{error:?}");
        assert!(
            error.to_string().contains(expected),
            "{error} lacks {expected}"
        );
        assert_eq!(submission, before);
    }
}

#[test]
fn level_not_used_by_criterion_is_rejected() {
    let published = common::published_demo("live-coding-teaching-demonstration");
    let definition = published.definition();
    let mut scores = common::scores_at(definition, "positive");
    let speaks_clearly = scores
        .iter_mut()
        .find(|s| s.criterion_id == "D.10")
        .unwrap();
    speaks_clearly.level_id = "opportunity-for-growth".to_owned();

    let error = evident_domain::validate_scores(&definition.rubric, &scores).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("level \"opportunity-for-growth\" is not used by criterion \"D.10\""),
        "{message}"
    );
    assert!(message.contains("use one of \"positive\""), "{message}");
}

#[test]
fn educator_cannot_record_scores() {
    let (published, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    let before = submission.clone();
    let scores = common::scores_at(published.definition(), "demonstrated");
    let error = submission
        .record_scores(&published, Role::Educator, scores)
        .unwrap_err();
    assert_eq!(
        error,
        Error::RoleNotPermitted {
            role: Role::Educator,
            event: "record a decision on",
            required: Role::Assessor
        }
    );
    assert_eq!(submission, before);
}

#[test]
fn scores_before_review_are_rejected() {
    let (published, mut submission) = submitted();
    let scores = common::scores_at(published.definition(), "demonstrated");
    let error = submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("an assessor must start reviewing it first"),
        "{error}"
    );
    assert_eq!(submission.state(), SubmissionState::Submitted);
}

#[test]
fn submission_is_checked_against_its_own_version() {
    let version_1 = common::published_demo(SLUG);
    let mut draft = version_1.new_draft();
    draft.requirements.overview[0].word_limit = 50;
    let version_2 = publish(draft, Some(&version_1)).unwrap();
    assert_eq!(version_2.version(), 2);

    let mut submission = Submission::start(&version_1);
    for (part, answer) in common::complete_answers(version_1.definition()).iter() {
        submission.set_answer(part, answer.clone()).unwrap();
    }
    let error = submission
        .submit(&version_2, Role::Educator, None)
        .unwrap_err();
    assert_eq!(
        error,
        Error::VersionMismatch {
            expected: format!("{SLUG}@1"),
            actual: format!("{SLUG}@2"),
        }
    );
    assert_eq!(submission.version().version, 1);
    submission.submit(&version_1, Role::Educator, None).unwrap();
}

#[test]
fn release_returns_submission_to_queue() {
    let (_, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    submission.release_review(Role::IssuerAdmin).unwrap();
    assert_eq!(submission.state(), SubmissionState::Submitted);
    assert!(submission.attempts()[0].result.is_none());
}

#[test]
fn transition_table_is_exact() {
    use SubmissionState::{Draft, Earned, InReview, Returned, Submitted};
    let allowed = [
        (Draft, Event::Submit, Role::Educator, Submitted),
        (Returned, Event::Submit, Role::Educator, Submitted),
        (Submitted, Event::StartReview, Role::Assessor, InReview),
        (InReview, Event::ReleaseReview, Role::Assessor, Submitted),
        (InReview, Event::ReleaseReview, Role::IssuerAdmin, Submitted),
        (
            InReview,
            Event::RecordDecision(Outcome::Pass),
            Role::Assessor,
            Earned,
        ),
        (
            InReview,
            Event::RecordDecision(Outcome::NotYet),
            Role::Assessor,
            Returned,
        ),
    ];
    let events = [
        Event::Submit,
        Event::StartReview,
        Event::ReleaseReview,
        Event::RecordDecision(Outcome::Pass),
        Event::RecordDecision(Outcome::NotYet),
    ];
    let mut checked = 0;
    for from in SubmissionState::ALL {
        for event in events {
            for role in Role::ALL {
                let expected = allowed
                    .iter()
                    .find(|(f, e, r, _)| *f == from && *e == event && *r == role)
                    .map(|(_, _, _, to)| *to);
                let actual = transition(from, event, role).ok();
                assert_eq!(actual, expected, "{from} {event:?} by {role}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 5 * 5 * 4);
}

#[test]
fn assessor_cannot_score_own_submission() {
    let assessor = Participant {
        user: "u-17",
        schools: vec!["s-1"],
    };
    let error =
        check_eligibility(&assessor, &assessor.clone(), EligibilityPolicy::default()).unwrap_err();
    assert_eq!(
        error,
        Error::OwnSubmission {
            assessor: "u-17".to_owned()
        }
    );
    let permissive = EligibilityPolicy {
        allow_same_school: true,
    };
    assert!(check_eligibility(&assessor, &assessor.clone(), permissive).is_err());
}

#[test]
fn same_school_scoring_follows_policy() {
    let assessor = Participant {
        user: "u-1",
        schools: vec!["s-1", "s-2"],
    };
    let educator = Participant {
        user: "u-2",
        schools: vec!["s-2"],
    };
    let other = Participant {
        user: "u-3",
        schools: vec!["s-3"],
    };
    let strict = EligibilityPolicy::default();
    let permissive = EligibilityPolicy {
        allow_same_school: true,
    };

    assert_eq!(
        check_eligibility(&assessor, &educator, strict),
        Err(Error::SameSchool {
            assessor: "u-1".to_owned(),
            school: "s-2".to_owned()
        })
    );
    assert_eq!(check_eligibility(&assessor, &educator, permissive), Ok(()));
    assert_eq!(check_eligibility(&assessor, &other, strict), Ok(()));
    assert!(evident_domain::is_eligible(&assessor, &other, strict));
}

#[test]
fn stored_submission_round_trips_through_json() {
    let (published, mut submission) = submitted();
    submission.start_review(Role::Assessor).unwrap();
    let scores = common::scores_at(published.definition(), "not-met");
    submission
        .record_scores(&published, Role::Assessor, scores)
        .unwrap();

    let json = serde_json::to_value(&submission).unwrap();
    let restored: Submission = serde_json::from_value(json).unwrap();
    assert_eq!(restored, submission);
}

#[test]
fn inconsistent_stored_submission_is_rejected() {
    let (_, submission) = submitted();
    let version = submission.version().clone();
    let attempts = submission.attempts().to_vec();
    let answers = submission.answers().clone();

    let cases = [
        (
            SubmissionState::Draft,
            attempts.clone(),
            "state draft does not fit an unscored last attempt",
        ),
        (
            SubmissionState::Earned,
            attempts.clone(),
            "state earned does not fit an unscored last attempt",
        ),
        (
            SubmissionState::Submitted,
            Vec::new(),
            "state submitted does not fit no attempt",
        ),
    ];
    for (state, attempts, reason) in cases {
        let error =
            Submission::from_parts(version.clone(), state, answers.clone(), attempts).unwrap_err();
        assert_eq!(
            error,
            Error::InconsistentSubmission {
                reason: reason.to_owned()
            }
        );
    }

    let mut renumbered = attempts.clone();
    renumbered[0].number = 2;
    let error = Submission::from_parts(
        version.clone(),
        SubmissionState::Submitted,
        answers.clone(),
        renumbered,
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("attempt at position 1 is numbered 2"),
        "{error}"
    );

    let mut twice = attempts.clone();
    let mut second = attempts[0].clone();
    second.number = 2;
    twice.push(second);
    let error =
        Submission::from_parts(version, SubmissionState::Submitted, answers, twice).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("attempt 1 is followed by another attempt but was not returned"),
        "{error}"
    );

    let mut json = serde_json::to_value(&submission).unwrap();
    json["state"] = "earned".into();
    assert!(serde_json::from_value::<Submission>(json).is_err());
}
