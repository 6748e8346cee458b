//! Credits on a definition: parsing, the JSON form, and round trips through a definition.

mod common;

use evident_domain::{Credits, MicroCredentialDefinition};

const SLUG: &str = "live-coding-teaching-demonstration";

#[test]
fn credits_parse_decimals_and_whole_numbers() {
    assert_eq!(Credits::parse("1.5").unwrap().hundredths(), 150);
    assert_eq!(Credits::parse("3").unwrap().hundredths(), 300);
    assert_eq!(Credits::parse(" 0.25 ").unwrap().hundredths(), 25);
    assert_eq!(Credits::parse("1000").unwrap().hundredths(), 100_000);
}

#[test]
fn invalid_credits_name_the_value_and_the_fix() {
    for bad in ["-1", "1.234", "abc", "", "1000.01", "1e3", ".5"] {
        let message = Credits::parse(bad).unwrap_err();
        assert!(message.contains(&format!("`{}`", bad.trim())), "{message}");
        assert!(message.contains("at most two decimals"), "{message}");
    }
}

#[test]
fn credits_display_without_trailing_zeros() {
    let shown: Vec<String> = ["1.5", "3", "0.25", "2.50"]
        .iter()
        .map(|text| Credits::parse(text).unwrap().to_string())
        .collect();
    assert_eq!(shown, ["1.5", "3", "0.25", "2.5"]);
}

#[test]
fn credits_serialize_as_json_numbers_and_round_trip() {
    let mut definition = common::demo_definition(SLUG);
    definition.credits = Some(Credits::parse("1.5").unwrap());
    let json = serde_json::to_value(&definition).unwrap();
    assert_eq!(json["credits"], serde_json::json!(1.5));
    let back: MicroCredentialDefinition = serde_json::from_value(json).unwrap();
    assert_eq!(back, definition);

    definition.credits = Some(Credits::parse("2").unwrap());
    let json = serde_json::to_value(&definition).unwrap();
    assert_eq!(
        json.to_string().contains("\"credits\":2,"),
        json["credits"] == 2
    );
    assert_eq!(json["credits"], serde_json::json!(2));
}

#[test]
fn definition_with_negative_credits_is_rejected_when_read() {
    let mut json = serde_json::to_value(common::demo_definition(SLUG)).unwrap();
    json["credits"] = serde_json::json!(-2);
    let error = serde_json::from_value::<MicroCredentialDefinition>(json).unwrap_err();
    assert!(
        error.to_string().contains("credits `-2` is not valid"),
        "{error}"
    );
}

#[test]
fn definition_without_credits_keeps_its_json_form() {
    let definition = common::demo_definition("accessible-digital-learning-materials");
    assert_eq!(definition.credits, None);
    let json = serde_json::to_string(&definition).unwrap();
    assert!(!json.contains("credits"));
}
