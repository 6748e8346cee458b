//! Conversion of the repaired, checked JSON into the typed [`Package`].

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{CaseError, Problems, Rejection};
use crate::lines::ObjectLines;
use crate::model::{
    Association, AssociationGrouping, Concept, Document, Item, ItemType, License, Package, Subject,
};
use crate::repair;
use crate::rubric::Rubric;

/// Turns the checked JSON into typed structs.
///
/// The structural check has already caught missing required properties, so an error
/// here is a mistyped optional property. Each error names its JSON path, the identifier
/// of the object that contains it and the line where that object starts.
///
/// The conversion moves the strings out of `root` without tracking the path, which took
/// about a third of the time of the path-tracking conversion in the `large_package`
/// benchmark. So only a failed conversion rebuilds the repaired JSON from `input` and
/// converts each object again with path tracking, to report every mistyped property.
pub(crate) fn deserialize_package<'a>(
    root: Map<String, Value>,
    input: &[u8],
    lines: impl FnOnce() -> &'a ObjectLines,
) -> Result<Package, Rejection> {
    let first_error = match serde_json::from_value(Value::Object(root)) {
        Ok(package) => return Ok(package),
        Err(error) => error,
    };
    let mut root: Map<String, Value> =
        serde_json::from_slice(input).expect("the input parsed as a JSON object before");
    repair::repair_package(&mut root);
    let root = Value::Object(root);
    let lines = lines();

    let mut problems = Problems::default();
    let mut converter = Converter {
        root: &root,
        lines,
        problems: &mut problems,
    };
    if let Some(document) = root.get("CFDocument") {
        converter.convert::<Document>("CFDocument", document);
    }
    converter.convert_list::<Item>("CFItems");
    converter.convert_list::<Association>("CFAssociations");
    converter.convert_list::<Concept>("CFDefinitions.CFConcepts");
    converter.convert_list::<Subject>("CFDefinitions.CFSubjects");
    converter.convert_list::<License>("CFDefinitions.CFLicenses");
    converter.convert_list::<ItemType>("CFDefinitions.CFItemTypes");
    converter.convert_list::<AssociationGrouping>("CFDefinitions.CFAssociationGroupings");
    converter.convert_list::<Rubric>("CFRubrics");
    if problems.is_empty() {
        // Every object converts on its own, so the problem is in the package around
        // them; convert it whole to find the path.
        let problem = match serde_path_to_error::deserialize::<_, Package>(&root) {
            Err(error) => invalid_value("", &root, &error, lines),
            // Both conversions read the same JSON, so this arm is not expected to run.
            Ok(_) => CaseError::InvalidValue {
                path: "(package)".to_owned(),
                identifier: None,
                message: first_error.to_string(),
                line: None,
            },
        };
        problems.push(problem);
    }
    Err(problems
        .into_result()
        .expect_err("a problem was recorded above"))
}

struct Converter<'a> {
    root: &'a Value,
    lines: &'a ObjectLines,
    problems: &'a mut Problems,
}

impl Converter<'_> {
    /// Converts each element of the list at `path` (keys joined by dots) and records the
    /// first error in each.
    fn convert_list<T: DeserializeOwned>(&mut self, path: &str) {
        let mut value = Some(self.root);
        for key in path.split('.') {
            value = value.and_then(|value| value.get(key));
        }
        let Some(Value::Array(elements)) = value else {
            return;
        };
        for (index, element) in elements.iter().enumerate() {
            self.convert::<T>(&format!("{path}[{index}]"), element);
        }
    }

    fn convert<T: DeserializeOwned>(&mut self, path: &str, value: &Value) {
        if let Err(error) = serde_path_to_error::deserialize::<_, T>(value) {
            let problem = invalid_value(path, value, &error, self.lines);
            self.problems.push(problem);
        }
    }
}

fn invalid_value(
    base: &str,
    value: &Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
    lines: &ObjectLines,
) -> CaseError {
    let (path, identifier, object_path) = describe_path(base, value, error.path());
    CaseError::InvalidValue {
        path,
        identifier,
        message: error.inner().to_string(),
        line: lines.line(&object_path),
    }
}

/// Returns the path of a failed value, e.g. `CFItems[3].CFItemTypeURI.identifier`, given
/// `base`, the path of `value`. Also returns the identifier of the innermost object on
/// that path that has one, and the path of that object, e.g. `CFItems[3]`.
fn describe_path(
    base: &str,
    value: &Value,
    path: &serde_path_to_error::Path,
) -> (String, Option<String>, String) {
    let mut current = Some(value);
    let mut identifier = None;
    let mut walked = base.to_owned();
    let mut object_path = base.to_owned();
    for segment in path.iter() {
        if let Some(Value::String(id)) = current.and_then(|value| value.get("identifier")) {
            identifier = Some(id.clone());
            object_path.clone_from(&walked);
        }
        current = match segment {
            serde_path_to_error::Segment::Seq { index } => {
                walked.push_str(&format!("[{index}]"));
                current.and_then(|value| value.get(index))
            }
            serde_path_to_error::Segment::Map { key } => {
                if !walked.is_empty() {
                    walked.push('.');
                }
                walked.push_str(key);
                current.and_then(|value| value.get(key))
            }
            _ => None,
        };
    }
    (walked, identifier, object_path)
}
