//! Property tests of the pass rules, word counting and completeness.

mod common;

use evident_domain::{
    Answer, Criterion, Descriptor, Issue, Level, Outcome, PassRule, Rubric, Score, completeness,
    count_words, decide,
};
use proptest::prelude::*;

/// Builds a rubric with `levels` levels (ids `l0`…, score = index) and `criteria` criteria that
/// use every level.
fn rubric(levels: usize, criteria: usize) -> Rubric {
    let levels: Vec<Level> = (0..levels)
        .map(|i| Level {
            id: format!("l{i}"),
            title: format!("Level {i}"),
            score: i32::try_from(i).unwrap(),
        })
        .collect();
    let criteria = (0..criteria)
        .map(|c| Criterion {
            id: format!("c{c}"),
            title: format!("Criterion {c}"),
            description: String::new(),
            category: None,
            alignment: None,
            optional: false,
            descriptors: levels
                .iter()
                .map(|level| Descriptor {
                    level_id: level.id.clone(),
                    text: format!("{} on criterion {c}", level.title),
                })
                .collect(),
        })
        .collect();
    Rubric { levels, criteria }
}

fn scores(given: &[usize]) -> Vec<Score> {
    given
        .iter()
        .enumerate()
        .map(|(c, level)| Score {
            criterion_id: format!("c{c}"),
            level_id: format!("l{level}"),
            feedback: "ok".to_owned(),
        })
        .collect()
}

/// Levels (count), bar index, and one level index per criterion.
fn scored_rubric() -> impl Strategy<Value = (usize, usize, Vec<usize>)> {
    (2usize..=6).prop_flat_map(|levels| {
        (
            Just(levels),
            0..levels,
            proptest::collection::vec(0..levels, 1..=10),
        )
    })
}

proptest! {
    #[test]
    fn non_compensatory_passes_iff_min_level_meets_bar((levels, bar, given) in scored_rubric()) {
        let rubric = rubric(levels, given.len());
        let rule = PassRule::NonCompensatory { min_level: format!("l{bar}") };
        let decision = decide(&rubric, &rule, &scores(&given)).unwrap();
        let min = *given.iter().min().unwrap();
        prop_assert_eq!(decision.outcome == Outcome::Pass, min >= bar);
        prop_assert_eq!(decision.below_bar.len(), given.iter().filter(|&&g| g < bar).count());
    }

    #[test]
    fn count_based_passes_iff_few_enough_below(
        (levels, bar, given) in scored_rubric(),
        max_below in 0u32..6,
    ) {
        let rubric = rubric(levels, given.len());
        let rule = PassRule::CountBased { max_below, level: format!("l{bar}") };
        let decision = decide(&rubric, &rule, &scores(&given)).unwrap();
        let below = given.iter().filter(|&&g| g < bar).count();
        prop_assert_eq!(decision.outcome == Outcome::Pass, below <= max_below as usize);
    }

    #[test]
    fn raising_level_keeps_pass(
        (levels, bar, given) in scored_rubric(),
        max_below in 0u32..4,
        which in any::<proptest::sample::Index>(),
    ) {
        let rubric = rubric(levels, given.len());
        let rule = PassRule::CountBased { max_below, level: format!("l{bar}") };
        let before = decide(&rubric, &rule, &scores(&given)).unwrap();

        let mut raised = given.clone();
        let index = which.index(raised.len());
        raised[index] = (raised[index] + 1).min(levels - 1);
        let after = decide(&rubric, &rule, &scores(&raised)).unwrap();

        prop_assert!(after.below_bar.len() <= before.below_bar.len());
        if before.outcome == Outcome::Pass {
            prop_assert_eq!(after.outcome, Outcome::Pass);
        }
    }

    #[test]
    fn larger_max_below_keeps_pass(
        (levels, bar, given) in scored_rubric(),
        max_below in 0u32..6,
    ) {
        let rubric = rubric(levels, given.len());
        let strict = PassRule::CountBased { max_below, level: format!("l{bar}") };
        let lenient = PassRule::CountBased { max_below: max_below + 1, level: format!("l{bar}") };
        let strict = decide(&rubric, &strict, &scores(&given)).unwrap();
        let lenient = decide(&rubric, &lenient, &scores(&given)).unwrap();
        if strict.outcome == Outcome::Pass {
            prop_assert_eq!(lenient.outcome, Outcome::Pass);
        }
    }

    #[test]
    fn non_compensatory_equals_count_based_with_zero(
        (levels, bar, given) in scored_rubric(),
    ) {
        let rubric = rubric(levels, given.len());
        let level = format!("l{bar}");
        let a = decide(&rubric, &PassRule::NonCompensatory { min_level: level.clone() }, &scores(&given)).unwrap();
        let b = decide(&rubric, &PassRule::CountBased { max_below: 0, level }, &scores(&given)).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn words_joined_by_separators_count_once_each(
        words in proptest::collection::vec("[a-zA-Z0-9à-öø-ÿ]{1,12}", 0..40),
        separators in proptest::collection::vec(prop_oneof![
            Just(" "), Just("  "), Just("\n"), Just(", "), Just(". "), Just(" - "), Just("; ")
        ], 40),
    ) {
        let mut text = String::new();
        for (index, word) in words.iter().enumerate() {
            if index > 0 {
                text.push_str(separators[index]);
            }
            text.push_str(word);
        }
        prop_assert_eq!(count_words(&text), words.len());
    }

    #[test]
    fn word_count_adds_across_a_space(a in "[a-zA-Z0-9 ,.;:!?'\"-]{0,60}", b in "[a-zA-Z0-9 ,.;:!?'\"-]{0,60}") {
        let joined = format!("{a} {b}");
        prop_assert_eq!(count_words(&joined), count_words(&a) + count_words(&b));
    }

    #[test]
    fn word_count_ignores_surrounding_whitespace(text in "\\PC{0,80}", pad in "[ \t\n]{0,5}") {
        prop_assert_eq!(count_words(&format!("{pad}{text}{pad}")), count_words(&format!(" {text} ")));
    }

    #[test]
    fn over_limit_gap_iff_more_words_than_limit(extra in 0usize..40, limit in 1u32..60) {
        let mut definition = common::demo_definition("digital-formative-assessment");
        definition.requirements.overview[0].word_limit = limit;
        let mut answers = common::complete_answers(&definition);
        let words = limit as usize + extra;
        let shortened = words.saturating_sub(20);
        for count in [words, shortened] {
            let text = vec!["evidence"; count.max(1)].join(" ");
            answers.set(definition.requirements.overview[0].id.clone(), Answer::Text { text });
            let gaps = completeness(&definition, &answers);
            let over = count.max(1) > limit as usize;
            let expected: Vec<Issue> = if over {
                vec![Issue::OverWordLimit { words: count.max(1), limit }]
            } else {
                Vec::new()
            };
            let issues: Vec<Issue> = gaps.into_iter().map(|g| g.issue).collect();
            prop_assert_eq!(issues, expected);
        }
    }
}
