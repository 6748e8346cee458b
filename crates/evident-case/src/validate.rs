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
    // Built only for a problem, because most objects have none.
    let location = || Location::new(kind, path, object.get("identifier").and_then(Value::as_str));
    for field in required_fields(kind) {
        match object.get(*field) {
            None => problems.push(CaseError::MissingField {
                location: location(),
                field: (*field).to_owned(),
            }),
            Some(Value::String(_)) => {}
            Some(other) => problems.push(CaseError::InvalidFieldType {
                location: location(),
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
            location: location(),
            value: identifier.clone(),
        });
    }

    if let Some(Value::String(value)) = object.get("lastChangeDateTime")
        && OffsetDateTime::parse(value, &Rfc3339).is_err()
    {
        problems.push(CaseError::InvalidDateTime {
            location: location(),
            field: "lastChangeDateTime".to_owned(),
            value: value.clone(),
        });
    }

    if kind == ObjectKind::Association {
        if let Some(Value::String(value)) = object.get("associationType")
            && !AssociationType::from(value.clone()).is_valid()
        {
            problems.push(CaseError::UnknownAssociationType {
                location: location(),
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
fn check_link(
    location: &dyn Fn() -> Location,
    field: &str,
    link: Option<&Value>,
    problems: &mut Problems,
) {
    let link = match link {
        None => {
            problems.push(CaseError::MissingField {
                location: location(),
                field: field.to_owned(),
            });
            return;
        }
        Some(Value::Object(link)) => link,
        Some(other) => {
            problems.push(CaseError::InvalidFieldType {
                location: location(),
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
                location: location(),
                field: format!("{field}.{key}"),
            }),
            Some(Value::String(_)) => {}
            Some(other) => problems.push(CaseError::InvalidFieldType {
                location: location(),
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

/// A hash key for an identifier that ignores the letter case of a UUID's hexadecimal
/// digits. A UUID becomes its 128-bit value, which is cheaper to build and hash than a
/// lower-cased copy. Any other identifier (hand-built packages, LinkGenURI ends) keeps
/// its lower-cased text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum IdentifierKey {
    Uuid(u128),
    Text(String),
}

impl IdentifierKey {
    pub(crate) fn new(identifier: &str) -> Self {
        match uuid::Uuid::try_parse(identifier) {
            Ok(uuid) if identifier.len() == 36 => IdentifierKey::Uuid(uuid.as_u128()),
            _ => IdentifierKey::Text(identifier.to_ascii_lowercase()),
        }
    }
}

/// Finds the item or document that a link names: by identifier first, then by uri.
pub(crate) struct NodeIndex<'a> {
    by_identifier: HashMap<IdentifierKey, usize>,
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
                .entry(IdentifierKey::new(&item.identifier))
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
            .get(&IdentifierKey::new(&link.identifier))
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

/// An object of the typed package: its class and its indices in the lists that lead to
/// it, e.g. rubric, criterion and level index for a CFRubricCriterionLevel.
#[derive(Debug, Clone, Copy)]
struct ObjectRef {
    kind: ObjectKind,
    indices: [usize; 3],
}

impl ObjectRef {
    /// Returns the JSON path, in the form [`Location::path`] uses.
    fn path(self) -> String {
        let [first, second, third] = self.indices;
        let definitions = |key: &str| format!("CFDefinitions.{key}[{first}]");
        match self.kind {
            ObjectKind::Package => String::new(),
            ObjectKind::Document => "CFDocument".to_owned(),
            ObjectKind::Item => format!("CFItems[{first}]"),
            ObjectKind::Association => format!("CFAssociations[{first}]"),
            ObjectKind::Concept => definitions("CFConcepts"),
            ObjectKind::Subject => definitions("CFSubjects"),
            ObjectKind::License => definitions("CFLicenses"),
            ObjectKind::ItemType => definitions("CFItemTypes"),
            ObjectKind::AssociationGrouping => definitions("CFAssociationGroupings"),
            ObjectKind::Rubric => format!("CFRubrics[{first}]"),
            ObjectKind::Criterion => format!("CFRubrics[{first}].CFRubricCriteria[{second}]"),
            ObjectKind::CriterionLevel => format!(
                "CFRubrics[{first}].CFRubricCriteria[{second}].CFRubricCriterionLevels[{third}]"
            ),
        }
    }

    fn location(self, identifier: &str) -> Location {
        Location::new(self.kind, self.path(), Some(identifier))
    }
}

/// Returns the identifier of every object of the typed package, in package order.
fn object_identifiers(package: &Package) -> Vec<(&str, ObjectRef)> {
    let object = |kind, indices| ObjectRef { kind, indices };
    let mut objects = vec![(
        package.document.identifier.as_str(),
        object(ObjectKind::Document, [0; 3]),
    )];
    for (index, item) in package.items.iter().enumerate() {
        objects.push((&item.identifier, object(ObjectKind::Item, [index, 0, 0])));
    }
    for (index, association) in package.associations.iter().enumerate() {
        objects.push((
            &association.identifier,
            object(ObjectKind::Association, [index, 0, 0]),
        ));
    }
    if let Some(definitions) = &package.definitions {
        let lists: [(ObjectKind, Vec<&str>); 5] = [
            (
                ObjectKind::Concept,
                definitions
                    .concepts
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                ObjectKind::Subject,
                definitions
                    .subjects
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                ObjectKind::License,
                definitions
                    .licenses
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                ObjectKind::ItemType,
                definitions
                    .item_types
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
            (
                ObjectKind::AssociationGrouping,
                definitions
                    .association_groupings
                    .iter()
                    .flatten()
                    .map(|d| d.identifier.as_str())
                    .collect(),
            ),
        ];
        for (kind, identifiers) in lists {
            for (index, identifier) in identifiers.into_iter().enumerate() {
                objects.push((identifier, object(kind, [index, 0, 0])));
            }
        }
    }
    for (rubric_index, rubric) in package.rubrics().iter().enumerate() {
        objects.push((
            &rubric.identifier,
            object(ObjectKind::Rubric, [rubric_index, 0, 0]),
        ));
        for (criterion_index, criterion) in rubric.criteria().iter().enumerate() {
            objects.push((
                &criterion.identifier,
                object(ObjectKind::Criterion, [rubric_index, criterion_index, 0]),
            ));
            for (level_index, level) in criterion.levels().iter().enumerate() {
                objects.push((
                    &level.identifier,
                    object(
                        ObjectKind::CriterionLevel,
                        [rubric_index, criterion_index, level_index],
                    ),
                ));
            }
        }
    }
    objects
}

fn check_duplicates(package: &Package, problems: &mut Problems) {
    let objects = object_identifiers(package);
    let mut first_seen: HashMap<IdentifierKey, (&str, ObjectRef)> =
        HashMap::with_capacity(objects.len());
    for (identifier, object) in objects {
        match first_seen.entry(IdentifierKey::new(identifier)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let (first_identifier, first_object) = *first.get();
                problems.push(CaseError::DuplicateIdentifier {
                    identifier: identifier.to_owned(),
                    first: first_object.location(first_identifier),
                    second: object.location(identifier),
                });
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((identifier, object));
            }
        }
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
