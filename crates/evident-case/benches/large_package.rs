//! Times import, tree building and export of a generated package with 5,550 items
//! (50 areas, each with 10 competences, each with 10 indicators) and one isChildOf
//! association per item.
//!
//! Run with `cargo bench -p evident-case --bench large_package`. It prints the median of
//! 11 runs for each step, and for comparison the time serde_json alone takes to parse
//! the same text into a `serde_json::Value`.

use std::time::{Duration, Instant};

use evident_case::{Tree, parse_package};
use serde_json::{Value, json};

const AREAS: usize = 50;
const COMPETENCES: usize = 10;
const INDICATORS: usize = 10;
const RUNS: usize = 11;

fn uuid(kind: u32, index: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{index:012}")
}

fn link(identifier: &str) -> Value {
    json!({"title": "t", "identifier": identifier, "uri": format!("https://example.org/{identifier}")})
}

/// Builds the package as JSON text. Sequence numbers run backwards so that sorting has
/// work to do, and half of them are strings so that the repair path runs too.
fn generate() -> Vec<u8> {
    let document = uuid(0xd, 0);
    let mut items = Vec::new();
    let mut associations = Vec::new();
    let mut add = |code: String, parent: &str, sequence: usize| {
        let index = items.len() + 1;
        let identifier = uuid(1, index);
        items.push(json!({
            "identifier": identifier,
            "uri": format!("https://example.org/{identifier}"),
            "fullStatement": format!("Statement {code}"),
            "humanCodingScheme": code,
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        }));
        let sequence = if index % 2 == 0 {
            json!(sequence.to_string())
        } else {
            json!(sequence)
        };
        associations.push(json!({
            "identifier": uuid(2, index),
            "uri": format!("https://example.org/a{index}"),
            "associationType": "isChildOf",
            "sequenceNumber": sequence,
            "originNodeURI": link(&identifier),
            "destinationNodeURI": link(parent),
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        }));
        identifier
    };
    for area in 1..=AREAS {
        let area_id = add(format!("{area}"), &document, AREAS + 1 - area);
        for competence in 1..=COMPETENCES {
            let competence_id = add(
                format!("{area}.{competence}"),
                &area_id,
                COMPETENCES + 1 - competence,
            );
            for indicator in 1..=INDICATORS {
                add(
                    format!("{area}.{competence}.{indicator}"),
                    &competence_id,
                    INDICATORS + 1 - indicator,
                );
            }
        }
    }
    let package = json!({
        "CFDocument": {
            "identifier": document,
            "uri": format!("https://example.org/{document}"),
            "creator": "benchmark",
            "title": "Generated",
            "lastChangeDateTime": "2020-01-01T00:00:00+00:00",
        },
        "CFItems": items,
        "CFAssociations": associations,
    });
    serde_json::to_vec(&package).expect("a JSON value serializes")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() {
    let bytes = generate();
    let mut json_times = Vec::new();
    let mut import_times = Vec::new();
    let mut tree_times = Vec::new();
    let mut export_times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        json_times.push(start.elapsed());
        drop(value);

        let start = Instant::now();
        let import = parse_package(&bytes).expect("the generated package is valid");
        import_times.push(start.elapsed());

        let start = Instant::now();
        let tree = Tree::build(&import.package);
        tree_times.push(start.elapsed());
        assert_eq!(tree.len(), AREAS * (1 + COMPETENCES * (1 + INDICATORS)));

        let start = Instant::now();
        let text = import.package.to_json_string_pretty();
        export_times.push(start.elapsed());
        assert!(text.len() > bytes.len());
    }
    println!(
        "{} items, {} bytes: JSON parse only {:?}, import {:?}, tree {:?}, export {:?} \
         (median of {RUNS})",
        AREAS * (1 + COMPETENCES * (1 + INDICATORS)),
        bytes.len(),
        median(json_times),
        median(import_times),
        median(tree_times),
        median(export_times),
    );
}
