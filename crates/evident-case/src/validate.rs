//! The checks that decide whether a repaired package is accepted.
//!
//! The structural check runs on the untyped JSON so that it can report every missing or
//! mistyped required property with the object it belongs to. The reference check runs on
//! the typed [`Package`] and covers what no single object shows: duplicate identifiers,
//! isChildOf ends outside the package, isChildOf cycles and rubric criteria aligned to
//! unknown items.

use std::collections::HashMap;

use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{CaseError, Location, ObjectKind, Problems};
use crate::model::{AssociationType, LinkUri, Package};
use crate::walk::{DEFINITION_LISTS, for_each_object, json_type};

/// Required string properties by class, from the CASE 1.0 and 1.1 JSON schemas.
/// CFItemType.description is required by 1.1 only, so it is not listed.
fn required_fields(kind: ObjectKind) -> &'static [&'static str] {
    match kind {
        ObjectKind::Package => &[],
        ObjectKind::Document => &[
            "identifier",
            "uri",
            "creator",
            "title",
            "lastChangeDateTime",
        ],
        ObjectKind::Item => &["identifier", "uri", "fullStatement", "lastChangeDateTime"],
        ObjectKind::Association => &["identifier", "uri", "associationType", "lastChangeDateTime"],
        ObjectKind::Concept | ObjectKind::Subject | ObjectKind::ItemType => &[
            "identifier",
            "uri",
            "title",
            "hierarchyCode",
            "lastChangeDateTime",
        ],
        ObjectKind::License => &[
            "identifier",
            "uri",
            "title",
            "licenseText",
            "lastChangeDateTime",
        ],
        ObjectKind::AssociationGrouping => &["identifier", "uri", "title", "lastChangeDateTime"],
        ObjectKind::Rubric | ObjectKind::Criterion | ObjectKind::CriterionLevel => {
            &["identifier", "uri", "lastChangeDateTime"]
        }
    }
}

/// Checks the shape of the package and the required properties of every object.
pub(crate) fn check_structure(root: &mut Map<String, Value>, problems: &mut Problems) {
    match root.get("CFDocument") {
        None => problems.push(CaseError::MissingDocument),
        Some(Value::Object(_)) => {}
        Some(other) => problems.push(invalid_shape("CFDocument", "object", other)),
    }
    for key in ["CFItems", "CFAssociations", "CFRubrics"] {
        check_list(root, key, key, problems);
    }
    match root.get("CFDefinitions") {
        None | Some(Value::Object(_)) => {}
        Some(other) => problems.push(invalid_shape("CFDefinitions", "object", other)),
    }
    if let Some(Value::Object(definitions)) = root.get("CFDefinitions") {
        for (key, _) in DEFINITION_LISTS {
            check_list(definitions, key, &format!("CFDefinitions.{key}"), problems);
        }
    }
    if let Some(Value::Array(rubrics)) = root.get("CFRubrics") {
        for (rubric_index, rubric) in rubrics.iter().enumerate() {
            let Value::Object(rubric) = rubric else {
                continue;
            };
            let rubric_path = format!("CFRubrics[{rubric_index}]");
            check_list(
                rubric,
                "CFRubricCriteria",
                &format!("{rubric_path}.CFRubricCriteria"),
                problems,
            );
            let Some(Value::Array(criteria)) = rubric.get("CFRubricCriteria") else {
                continue;
            };
            for (criterion_index, criterion) in criteria.iter().enumerate() {
                if let Value::Object(criterion) = criterion {
                    check_list(
                        criterion,
                        "CFRubricCriterionLevels",
                        &format!(
                            "{rubric_path}.CFRubricCriteria[{criterion_index}].CFRubricCriterionLevels"
                        ),
                        problems,
                    );
                }
            }
        }
    }

    for_each_object(root, &mut |kind, path, object| {
        check_object(kind, path, object, problems);
    });
}

fn invalid_shape(path: &str, expected: &'static str, found: &Value) -> CaseError {
    CaseError::InvalidShape {
        path: path.to_owned(),
        expected,
        found: json_type(found),
    }
}

/// Checks that `parent[key]`, when present, is an array of objects.
fn check_list(parent: &Map<String, Value>, key: &str, path: &str, problems: &mut Problems) {
    match parent.get(key) {
        None => {}
        Some(Value::Array(elements)) => {
            for (index, element) in elements.iter().enumerate() {
                if !element.is_object() {
                    problems.push(invalid_shape(
                        &format!("{path}[{index}]"),
                        "object",
                        element,
                    ));
                }
            }
        }
        Some(other) => problems.push(invalid_shape(path, "array", other)),
    }
}

fn check_object(
    kind: ObjectKind,
    path: &str,
    object: &Map<String, Value>,
    problems: &mut Problems,
) {
    let location = Location::new(kind, path, object.get("identifier").and_then(Value::as_str));
    for field in required_fields(kind) {
        match object.get(*field) {
            None => problems.push(CaseError::MissingField {
                location: location.clone(),
                field: (*field).to_owned(),
            }),
            Some(Value::String(_)) => {}
            Some(other) => problems.push(CaseError::InvalidFieldType {
                location: location.clone(),
                field: (*field).to_owned(),
                expected: "string",
                found: json_type(other),
            }),
        }
    }

    if let Some(Value::String(identifier)) = object.get("identifier")
        && !is_uuid(identifier)
    {
        problems.push(CaseError::InvalidIdentifier {
            location: location.clone(),
            value: identifier.clone(),
        });
    }

    if let Some(Value::String(value)) = object.get("lastChangeDateTime")
        && OffsetDateTime::parse(value, &Rfc3339).is_err()
    {
        problems.push(CaseError::InvalidDateTime {
            location: location.clone(),
            field: "lastChangeDateTime".to_owned(),
            value: value.clone(),
        });
    }

    if kind == ObjectKind::Association {
        if let Some(Value::String(value)) = object.get("associationType")
            && !AssociationType::from(value.clone()).is_valid()
        {
            problems.push(CaseError::UnknownAssociationType {
                location: location.clone(),
                value: value.clone(),
            });
        }
        for end in ["originNodeURI", "destinationNodeURI"] {
            check_link(&location, end, object.get(end), problems);
        }
    }
}

/// Checks a required LinkURI / LinkGenURI property: an object with string title,
/// identifier and uri.
fn check_link(location: &Location, field: &str, link: Option<&Value>, problems: &mut Problems) {
    let link = match link {
        None => {
            problems.push(CaseError::MissingField {
                location: location.clone(),
                field: field.to_owned(),
            });
            return;
        }
        Some(Value::Object(link)) => link,
        Some(other) => {
            problems.push(CaseError::InvalidFieldType {
                location: location.clone(),
                field: field.to_owned(),
                expected: "object",
                found: json_type(other),
            });
            return;
        }
    };
    for key in ["title", "identifier", "uri"] {
        match link.get(key) {
            None => problems.push(CaseError::MissingField {
                location: location.clone(),
                field: format!("{field}.{key}"),
            }),
            Some(Value::String(_)) => {}
            Some(other) => problems.push(CaseError::InvalidFieldType {
                location: location.clone(),
                field: format!("{field}.{key}"),
                expected: "string",
                found: json_type(other),
            }),
        }
    }
}

/// Returns whether `value` is a UUID in the hyphenated 8-4-4-4-12 form that CASE uses.
/// Upper- and lower-case hexadecimal digits are both accepted.
pub(crate) fn is_uuid(value: &str) -> bool {
    value.len() == 36 && uuid::Uuid::try_parse(value).is_ok()
}

/// Finds the item or document that a link names: by identifier first, then by uri.
pub(crate) struct NodeIndex<'a> {
    /// Keys are lower-cased, because a UUID's hexadecimal digits may be written in
    /// either case.
    by_identifier: HashMap<String, usize>,
    by_uri: HashMap<&'a str, usize>,
    document_identifier: &'a str,
    document_uri: &'a str,
}

/// The object a link resolves to inside a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Node {
    Document,
    Item(usize),
}

impl<'a> NodeIndex<'a> {
    pub(crate) fn new(package: &'a Package) -> Self {
        let mut by_identifier = HashMap::with_capacity(package.items.len());
        let mut by_uri = HashMap::with_capacity(package.items.len());
        for (index, item) in package.items.iter().enumerate() {
            by_identifier
                .entry(item.identifier.to_ascii_lowercase())
                .or_insert(index);
            by_uri.entry(item.uri.as_str()).or_insert(index);
        }
        NodeIndex {
            by_identifier,
            by_uri,
            document_identifier: &package.document.identifier,
            document_uri: &package.document.uri,
        }
    }

    pub(crate) fn resolve(&self, link: &LinkUri) -> Option<Node> {
        if let Some(index) = self
            .by_identifier
            .get(&link.identifier.to_ascii_lowercase())
        {
            return Some(Node::Item(*index));
        }
        if link
            .identifier
            .eq_ignore_ascii_case(self.document_identifier)
        {
            return Some(Node::Document);
        }
        if let Some(index) = self.by_uri.get(link.uri.as_str()) {
            return Some(Node::Item(*index));
        }
        (link.uri == self.document_uri).then_some(Node::Document)
    }
}

/// Checks identifiers and references across the typed package.
pub(crate) fn check_references(package: &Package, problems: &mut Problems) {
    check_duplicates(package, problems);
    let index = NodeIndex::new(package);
    let parents = check_child_of_ends(package, &index, problems);
    for cycle in find_cycles(&parents) {
        let cycle = cycle
            .into_iter()
            .map(|item| {
                let item = &package.items[item];
                item.human_coding_scheme
                    .clone()
                    .unwrap_or_else(|| item.identifier.clone())
            })
            .collect();
        problems.push(CaseError::ChildOfCycle { cycle });
    }
    check_criterion_items(package, &index, problems);
}

/// Returns the class, JSON path and identifier of every object of the typed package.
fn object_locations(package: &Package) -> Vec<Location> {
    let mut locations = vec![Location::new(
        ObjectKind::Document,
        "CFDocument",
        Some(&package.document.identifier),
    )];
    let mut push = |kind, path: String, identifier: &str| {
        locations.push(Location::new(kind, path, Some(identifier)));
    };
    for (index, item) in package.items.iter().enumerate() {
        push(
            ObjectKind::Item,
            format!("CFItems[{index}]"),
            &item.identifier,
        );
    }
    for (index, association) in package.associations.iter().enumerate() {
        push(
            ObjectKind::Association,
            format!("CFAssociations[{index}]"),
            &association.identifier,
        );
    }
    if let Some(definitions) = &package.definitions {
        let lists: [(&str, ObjectKind, Vec<&str>); 5] = [
            (
                "CFConcepts",
                ObjectKind::Concept,
                definitions
                    .concepts
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                "CFSubjects",
                ObjectKind::Subject,
                definitions
                    .subjects
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                "CFLicenses",
                ObjectKind::License,
                definitions
                    .licenses
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                "CFItemTypes",
                ObjectKind::ItemType,
                definitions
                    .item_types
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                "CFAssociationGroupings",
                ObjectKind::AssociationGrouping,
                definitions
                    .association_groupings
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
        ];
        for (key, kind, identifiers) in lists {
            for (index, identifier) in identifiers.into_iter().enumerate() {
                push(kind, format!("CFDefinitions.{key}[{index}]"), identifier);
            }
        }
    }
    for (rubric_index, rubric) in package.rubrics().iter().enumerate() {
        let rubric_path = format!("CFRubrics[{rubric_index}]");
        push(ObjectKind::Rubric, rubric_path.clone(), &rubric.identifier);
        for (criterion_index, criterion) in rubric.criteria().iter().enumerate() {
            let criterion_path = format!("{rubric_path}.CFRubricCriteria[{criterion_index}]");
            push(
                ObjectKind::Criterion,
                criterion_path.clone(),
                &criterion.identifier,
            );
            for (level_index, level) in criterion.levels().iter().enumerate() {
                push(
                    ObjectKind::CriterionLevel,
                    format!("{criterion_path}.CFRubricCriterionLevels[{level_index}]"),
                    &level.identifier,
                );
            }
        }
    }
    locations
}

fn check_duplicates(package: &Package, problems: &mut Problems) {
    let locations = object_locations(package);
    let mut first_seen: HashMap<String, &Location> = HashMap::with_capacity(locations.len());
    for location in &locations {
        let Some(identifier) = location.identifier.as_deref() else {
            continue;
        };
        // A UUID's hexadecimal digits may be written in either case, so identifiers
        // compare case-insensitively.
        match first_seen.entry(identifier.to_ascii_lowercase()) {
            std::collections::hash_map::Entry::Occupied(first) => {
                problems.push(duplicate(identifier, first.get(), location));
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(location);
            }
        }
    }
}

fn duplicate(identifier: &str, first: &Location, second: &Location) -> CaseError {
    CaseError::DuplicateIdentifier {
        identifier: identifier.to_owned(),
        first: first.clone(),
        second: second.clone(),
    }
}

/// Checks that every isChildOf origin is an item and every destination an item or the
/// document, and returns for each item the items it is a child of.
fn check_child_of_ends(
    package: &Package,
    index: &NodeIndex<'_>,
    problems: &mut Problems,
) -> Vec<Vec<usize>> {
    let mut parents = vec![Vec::new(); package.items.len()];
    for (position, association) in package.associations.iter().enumerate() {
        if association.association_type != AssociationType::IsChildOf {
            continue;
        }
        let location = || {
            Location::new(
                ObjectKind::Association,
                format!("CFAssociations[{position}]"),
                Some(&association.identifier),
            )
        };
        let origin = index.resolve(&association.origin);
        let destination = index.resolve(&association.destination);
        if !matches!(origin, Some(Node::Item(_))) {
            problems.push(CaseError::UnknownChildOfNode {
                location: location(),
                end: "originNodeURI",
                identifier: association.origin.identifier.clone(),
                expected: "a CFItem",
            });
        }
        if destination.is_none() {
            problems.push(CaseError::UnknownChildOfNode {
                location: location(),
                end: "destinationNodeURI",
                identifier: association.destination.identifier.clone(),
                expected: "a CFItem or the CFDocument",
            });
        }
        if let (Some(Node::Item(child)), Some(Node::Item(parent))) = (origin, destination) {
            parents[child].push(parent);
        }
    }
    parents
}

/// Finds cycles in the child-to-parent graph by depth-first search. Returns each cycle
/// as item indices where each is a child of the next, closed by repeating the first.
fn find_cycles(parents: &[Vec<usize>]) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnStack,
        Done,
    }
    let mut state = vec![State::New; parents.len()];
    let mut cycles = Vec::new();
    for start in 0..parents.len() {
        if state[start] != State::New {
            continue;
        }
        // Explicit stack of (item, next parent to visit) so that deep hierarchies cannot
        // overflow the call stack.
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = State::OnStack;
        while let Some((item, next)) = stack.last_mut() {
            let item = *item;
            if let Some(&parent) = parents[item].get(*next) {
                *next += 1;
                match state[parent] {
                    State::New => {
                        state[parent] = State::OnStack;
                        stack.push((parent, 0));
                    }
                    State::OnStack => {
                        let from = stack
                            .iter()
                            .position(|(on_stack, _)| *on_stack == parent)
                            .expect("an OnStack item is on the stack");
                        let mut cycle: Vec<usize> = stack[from..]
                            .iter()
                            .map(|(on_stack, _)| *on_stack)
                            .collect();
                        cycle.push(parent);
                        cycles.push(cycle);
                    }
                    State::Done => {}
                }
            } else {
                state[item] = State::Done;
                stack.pop();
            }
        }
    }
    cycles
}

fn check_criterion_items(package: &Package, index: &NodeIndex<'_>, problems: &mut Problems) {
    for (rubric_index, rubric) in package.rubrics().iter().enumerate() {
        for (criterion_index, criterion) in rubric.criteria().iter().enumerate() {
            let Some(link) = &criterion.item_uri else {
                continue;
            };
            if !matches!(index.resolve(link), Some(Node::Item(_))) {
                problems.push(CaseError::UnknownCriterionItem {
                    location: Location::new(
                        ObjectKind::Criterion,
                        format!("CFRubrics[{rubric_index}].CFRubricCriteria[{criterion_index}]"),
                        Some(&criterion.identifier),
                    ),
                    identifier: link.identifier.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_check_accepts_only_hyphenated_form() {
        assert!(is_uuid("d0000000-0000-0000-0000-000000000000"));
        assert!(is_uuid("E144C2E6-C0EA-11E7-95F7-5D664F4D8844"));
        assert!(!is_uuid("d0000000000000000000000000000000"));
        assert!(!is_uuid("{d0000000-0000-0000-0000-000000000000}"));
        assert!(!is_uuid("item-1"));
    }

    #[test]
    fn cycle_search_finds_self_loop_and_long_cycle() {
        // 0 -> 1 -> 2 -> 0 and 3 -> 3; 4 -> 0 leads into the cycle but is not part of it.
        let parents = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let cycles = find_cycles(&parents);
        assert_eq!(cycles, vec![vec![0, 1, 2, 0], vec![3, 3]]);
    }

    #[test]
    fn cycle_search_accepts_shared_parents() {
        // A diamond: 0 and 1 are children of 2, 2 and 3 are children of 4.
        let parents = vec![vec![2], vec![2], vec![4], vec![4], vec![]];
        assert!(find_cycles(&parents).is_empty());
    }
}
