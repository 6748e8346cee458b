//! Detection of the CASE version a package was written for.

use std::fmt;

use serde_json::{Map, Value};

/// The CASE version of a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseVersion {
    /// CASE 1.0 (2017).
    V1_0,
    /// CASE 1.1 (2021), which adds `caseVersion`, `extensions`, `isTranslationOf`,
    /// `ext:` association types and item subjects.
    V1_1,
}

impl fmt::Display for CaseVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CaseVersion::V1_0 => "1.0",
            CaseVersion::V1_1 => "1.1",
        })
    }
}

/// Properties that CASE 1.1 added to a class, by the JSON key of the class's list.
const V1_1_ITEM_PROPERTIES: [&str; 3] = ["subject", "subjectURI", "extensions"];
const V1_1_ASSOCIATION_PROPERTIES: [&str; 2] = ["notes", "extensions"];

/// Detects the CASE version and returns it with a sentence naming the evidence.
///
/// The first marker found decides. The markers, in order:
/// 1. `CFDocument.caseVersion`,
/// 2. a `@context` naming `v1p1`,
/// 3. a CFDocument `uri` on a `/v1p1/` service path,
/// 4. a property or value that only CASE 1.1 defines: `frameworkType`, `extensions`
///    (on the package, document, items, rubrics, criteria or associations), item
///    `subject`, association `notes`, `isTranslationOf`, an `ext:` association type, or
///    a `targetType` on an association end.
///
/// A package without any marker is CASE 1.0. A 1.1 package that uses no 1.1 feature is
/// also valid 1.0, so reading it as 1.0 loses nothing.
pub(crate) fn detect_version(root: &Map<String, Value>) -> (CaseVersion, String) {
    let document = root.get("CFDocument").and_then(Value::as_object);
    if let Some(version) = document
        .and_then(|document| document.get("caseVersion"))
        .and_then(Value::as_str)
    {
        let detected = if version == "1.0" {
            CaseVersion::V1_0
        } else {
            CaseVersion::V1_1
        };
        return (detected, format!("CFDocument.caseVersion is {version:?}"));
    }
    for (owner, context) in [
        ("the package", root.get("@context")),
        (
            "the CFDocument",
            document.and_then(|document| document.get("@context")),
        ),
    ] {
        if let Some(context) = context
            && context.to_string().contains("v1p1")
        {
            return (
                CaseVersion::V1_1,
                format!("the @context of {owner} names v1p1"),
            );
        }
    }
    if let Some(uri) = document
        .and_then(|document| document.get("uri"))
        .and_then(Value::as_str)
        && uri.contains("/v1p1/")
    {
        return (
            CaseVersion::V1_1,
            format!("the CFDocument uri {uri} is on a CASE v1p1 service path"),
        );
    }
    if let Some(marker) = find_v1_1_property(root) {
        return (CaseVersion::V1_1, marker);
    }
    (
        CaseVersion::V1_0,
        "the package has no caseVersion, no v1p1 context or uri, and no CASE 1.1 property"
            .to_owned(),
    )
}

fn find_v1_1_property(root: &Map<String, Value>) -> Option<String> {
    if root.contains_key("extensions") {
        return Some("the package has extensions, a CASE 1.1 property".to_owned());
    }
    let document = root.get("CFDocument").and_then(Value::as_object);
    for property in ["frameworkType", "extensions"] {
        if document.is_some_and(|document| document.contains_key(property)) {
            return Some(format!(
                "the CFDocument has {property}, a CASE 1.1 property"
            ));
        }
    }
    let objects = |key: &str| {
        root.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
    };
    for item in objects("CFItems") {
        if let Some(property) = V1_1_ITEM_PROPERTIES
            .iter()
            .find(|property| item.contains_key(**property))
        {
            return Some(format!("a CFItem has {property}, a CASE 1.1 property"));
        }
    }
    for rubric in objects("CFRubrics") {
        if rubric.contains_key("extensions") {
            return Some("a CFRubric has extensions, a CASE 1.1 property".to_owned());
        }
        let criteria = rubric
            .get("CFRubricCriteria")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object);
        for criterion in criteria {
            if criterion.contains_key("extensions") {
                return Some("a CFRubricCriterion has extensions, a CASE 1.1 property".to_owned());
            }
        }
    }
    for association in objects("CFAssociations") {
        if let Some(property) = V1_1_ASSOCIATION_PROPERTIES
            .iter()
            .find(|property| association.contains_key(**property))
        {
            return Some(format!(
                "a CFAssociation has {property}, a CASE 1.1 property"
            ));
        }
        let association_type = association
            .get("associationType")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if association_type == "isTranslationOf" || association_type.starts_with("ext:") {
            return Some(format!(
                "a CFAssociation has type {association_type}, which CASE 1.1 added"
            ));
        }
        for end in ["originNodeURI", "destinationNodeURI"] {
            if association
                .get(end)
                .and_then(Value::as_object)
                .is_some_and(|link| link.contains_key("targetType"))
            {
                return Some(format!(
                    "a CFAssociation {end} has targetType, a CASE 1.1 property"
                ));
            }
        }
    }
    None
}
