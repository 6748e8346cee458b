//! Visits every CASE object of a package while it is still an untyped JSON value, so that
//! repairs and structural checks can name each object by class and JSON path.

use serde_json::{Map, Value};

use crate::error::ObjectKind;

/// The CFDefinitions lists with the class of their elements.
pub(crate) const DEFINITION_LISTS: [(&str, ObjectKind); 5] = [
    ("CFConcepts", ObjectKind::Concept),
    ("CFSubjects", ObjectKind::Subject),
    ("CFLicenses", ObjectKind::License),
    ("CFItemTypes", ObjectKind::ItemType),
    ("CFAssociationGroupings", ObjectKind::AssociationGrouping),
];

/// A callback that receives an object's class, JSON path and properties.
pub(crate) type Visitor<'a> = dyn FnMut(ObjectKind, &str, &mut Map<String, Value>) + 'a;

/// Calls `visit` with the class, JSON path and properties of every object in the package,
/// in document order: CFDocument, CFItems, CFAssociations, CFDefinitions, then each
/// CFRubric followed by its criteria and their levels. Elements that are not JSON objects
/// are skipped, because the structural check reports them.
pub(crate) fn for_each_object(root: &mut Map<String, Value>, visit: &mut Visitor<'_>) {
    if let Some(Value::Object(document)) = root.get_mut("CFDocument") {
        visit(ObjectKind::Document, "CFDocument", document);
    }
    visit_list(root, "CFItems", "CFItems", ObjectKind::Item, visit);
    visit_list(
        root,
        "CFAssociations",
        "CFAssociations",
        ObjectKind::Association,
        visit,
    );
    if let Some(Value::Object(definitions)) = root.get_mut("CFDefinitions") {
        for (key, kind) in DEFINITION_LISTS {
            visit_list(
                definitions,
                key,
                &format!("CFDefinitions.{key}"),
                kind,
                visit,
            );
        }
    }
    if let Some(Value::Array(rubrics)) = root.get_mut("CFRubrics") {
        for (rubric_index, rubric) in rubrics.iter_mut().enumerate() {
            let Value::Object(rubric) = rubric else {
                continue;
            };
            let rubric_path = format!("CFRubrics[{rubric_index}]");
            visit(ObjectKind::Rubric, &rubric_path, rubric);
            let Some(Value::Array(criteria)) = rubric.get_mut("CFRubricCriteria") else {
                continue;
            };
            for (criterion_index, criterion) in criteria.iter_mut().enumerate() {
                let Value::Object(criterion) = criterion else {
                    continue;
                };
                let criterion_path = format!("{rubric_path}.CFRubricCriteria[{criterion_index}]");
                visit(ObjectKind::Criterion, &criterion_path, criterion);
                visit_list(
                    criterion,
                    "CFRubricCriterionLevels",
                    &format!("{criterion_path}.CFRubricCriterionLevels"),
                    ObjectKind::CriterionLevel,
                    visit,
                );
            }
        }
    }
}

fn visit_list(
    parent: &mut Map<String, Value>,
    key: &str,
    path: &str,
    kind: ObjectKind,
    visit: &mut Visitor<'_>,
) {
    let Some(Value::Array(elements)) = parent.get_mut(key) else {
        return;
    };
    for (index, element) in elements.iter_mut().enumerate() {
        if let Value::Object(object) = element {
            visit(kind, &format!("{path}[{index}]"), object);
        }
    }
}

/// Returns the JSON type name of a value, as used in messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
