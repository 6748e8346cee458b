//! 1EdTech CASE (Competencies and Academic Standards Exchange) competency frameworks:
//! the CFPackage model, lenient import with reported repairs, validation, a tree view
//! and lossless export.
//!
//! [`parse_package`] reads a CASE 1.0 or 1.1 CFPackage in JSON. It first repairs known
//! legacy deviations (numbers written as strings, date-times without a timezone, and the
//! others listed in [`RepairKind`]) and reports each one as a [`Repair`]. It then rejects
//! a package whose structure is broken, listing every problem it finds (up to
//! [`MAX_PROBLEMS`]) with the object, its line in the input, the property and the fix. Nothing is written
//! anywhere, so a caller that stores the result in one transaction changes nothing when
//! a file is rejected.
//!
//! ```
//! let json = br#"{
//!   "CFDocument": {"identifier": "d0000000-0000-0000-0000-000000000000",
//!     "uri": "https://example.org/d", "creator": "Example", "title": "Example",
//!     "lastChangeDateTime": "2017-09-22T23:13:54"},
//!   "CFItems": [{"identifier": "00000000-0000-0000-0000-000000000001",
//!     "uri": "https://example.org/i1", "fullStatement": "Item 1",
//!     "lastChangeDateTime": "2017-09-22T23:15:13+00:00"}],
//!   "CFAssociations": [{"identifier": "a0000000-0000-0000-0000-000000000001",
//!     "uri": "https://example.org/a1", "associationType": "isChildOf",
//!     "sequenceNumber": "1",
//!     "originNodeURI": {"title": "Item 1", "identifier": "00000000-0000-0000-0000-000000000001",
//!       "uri": "https://example.org/i1"},
//!     "destinationNodeURI": {"title": "Example", "identifier": "d0000000-0000-0000-0000-000000000000",
//!       "uri": "https://example.org/d"},
//!     "lastChangeDateTime": "2017-09-22T23:14:07+00:00"}]
//! }"#;
//! let import = evident_case::parse_package(json).unwrap();
//! assert_eq!(import.version, evident_case::CaseVersion::V1_0);
//! assert_eq!(import.repairs.len(), 2); // the timezone and the sequence number
//! let tree = evident_case::Tree::build(&import.package);
//! assert_eq!(tree.roots().len(), 1);
//! ```
//!
//! Sources: the CASE 1.0 CFPackage JSON schema published with OpenSALT and the official
//! CASE 1.1 CFPackage JSON schema by 1EdTech. Required properties and types follow both.
//! Where they differ (CFItemType.description, the format of status dates), import
//! accepts either.

mod convert;
mod error;
mod lines;
mod lookup;
mod model;
mod repair;
mod rubric;
mod tree;
mod validate;
mod version;
mod walk;

use std::cell::OnceCell;

use serde_json::Value;

use lines::ObjectLines;

pub use error::{CaseError, Location, MAX_PROBLEMS, ObjectKind, Rejection};
pub use lookup::ItemIndex;
pub use model::{
    Association, AssociationGrouping, AssociationType, Concept, Definitions, Document, Item,
    ItemType, License, LinkUri, Package, Subject, parse_date_time,
};
pub use repair::{Repair, RepairCount, RepairKind, count_repairs};
pub use rubric::{AlignedCriterion, Criterion, CriterionLevel, Rubric};
pub use tree::{Tree, TreeNode, compare_human_codes};
pub use version::CaseVersion;

use error::Problems;

/// An accepted package with its CASE version and the repairs made while reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    pub package: Package,
    pub version: CaseVersion,
    /// The evidence for [`Import::version`], as one sentence.
    pub version_evidence: String,
    /// Every change made to the input, in package order. Empty for a conformant file.
    pub repairs: Vec<Repair>,
}

/// Parses, repairs and validates a CASE CFPackage from JSON bytes (UTF-8, with or
/// without a byte order mark).
///
/// Returns the package with its repairs, or a [`Rejection`] listing every problem found.
/// Problems are found in four stages: JSON syntax, the required properties of each
/// object, the types of the other properties, then references between objects. A later
/// stage runs only when the earlier ones found nothing, because it relies on them.
pub fn parse_package(input: &[u8]) -> Result<Import, Rejection> {
    let mut repairs = Vec::new();
    let input = match input.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => {
            repairs.push(Repair {
                kind: RepairKind::ByteOrderMarkRemoved,
                location: Location::new(ObjectKind::Package, "(file)", None),
                field: "(byte order mark)".to_owned(),
                old_value: Value::String("\u{feff}".to_owned()),
                new_value: None,
            });
            rest
        }
        None => input,
    };

    let value: Value = serde_json::from_slice(input).map_err(|error| {
        Rejection::single(CaseError::NotJson {
            line: error.line(),
            column: error.column(),
            truncated: error.is_eof(),
            message: json_error_message(&error),
        })
    })?;
    let Value::Object(mut root) = value else {
        return Err(Rejection::single(CaseError::NotAnObject {
            found: walk::json_type(&value),
        }));
    };

    let (version, version_evidence) = version::detect_version(&root);
    let mut problems = Problems::default();
    if let Some(Value::String(case_version)) = root
        .get("CFDocument")
        .and_then(|document| document.get("caseVersion"))
        && case_version != "1.0"
        && case_version != "1.1"
    {
        problems.push(CaseError::UnsupportedVersion {
            value: case_version.clone(),
        });
    }

    // The line scan costs a second pass over the text, so it runs only when there is
    // something to point at.
    let lines = OnceCell::new();
    let lines = || lines.get_or_init(|| ObjectLines::scan(input));

    repairs.extend(repair::repair_package(&mut root));
    validate::check_structure(&mut root, &mut problems);
    problems
        .into_result()
        .map_err(|rejection| with_lines(rejection, lines()))?;

    let package = convert::deserialize_package(root, input, lines)?;
    let mut problems = Problems::default();
    validate::check_references(&package, &mut problems);
    problems
        .into_result()
        .map_err(|rejection| with_lines(rejection, lines()))?;

    if !repairs.is_empty() {
        let lines = lines();
        for repair in &mut repairs {
            repair.location.line = lines.line(&repair.location.path);
        }
    }
    Ok(Import {
        package,
        version,
        version_evidence,
        repairs,
    })
}

/// Parses a CFPackage from a string, like [`parse_package`].
pub fn parse_package_str(input: &str) -> Result<Import, Rejection> {
    parse_package(input.as_bytes())
}

/// Returns serde_json's message without the " at line L column C" suffix, which
/// [`CaseError::NotJson`] states in its own words.
fn json_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(position) => message[..position].to_owned(),
        None => message,
    }
}

/// Fills in the input line of every location a rejection names.
fn with_lines(mut rejection: Rejection, lines: &ObjectLines) -> Rejection {
    for problem in &mut rejection.problems {
        for location in problem.locations_mut() {
            location.line = lines.line(&location.path);
        }
    }
    rejection
}
