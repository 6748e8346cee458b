//! Repairs of known legacy deviations from the CASE JSON binding, applied before the
//! package is checked and typed.
//!
//! Each repair changes one property of one object to the conformant form that means the
//! same thing, and is reported as a [`Repair`]. OpenSALT's legacy sample export (in the
//! test data) shows five of them: numbers written as strings, date-times without a
//! timezone, `null` for absent properties, links written as a bare URI, and the property
//! `educationalLevel` with a single string. The others in [`RepairKind`] are accepted
//! because their meaning is just as clear. Anything else that does not conform is left
//! for the structural check to reject.

use std::fmt;

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime};

use crate::error::{Location, ObjectKind};
use crate::model::AssociationType;
use crate::walk::for_each_object;

/// The kind of deviation a [`Repair`] fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepairKind {
    /// A UTF-8 byte order mark before the JSON text was removed.
    ByteOrderMarkRemoved,
    /// `CFDefinitions` was an empty JSON array and became an empty object.
    EmptyDefinitionsArray,
    /// A property with the value `null` was removed, because CASE has no null values and
    /// an absent property means the same.
    NullRemoved,
    /// A number written as a string (e.g. `sequenceNumber: "3"`) became a number.
    NumberFromString,
    /// An integer property written as a number with a zero fraction (`2.0`) became an
    /// integer.
    IntegerFromFloat,
    /// A date-time without a timezone was taken as UTC and got the offset `+00:00`.
    TimezoneAssumedUtc,
    /// A date where CASE needs a date-time was taken as midnight UTC.
    MidnightUtcAssumed,
    /// A UTC offset written without a colon (`+0200`, ISO 8601 basic format) got the
    /// colon that RFC 3339 requires (`+02:00`). The instant does not change.
    OffsetColonAdded,
    /// A link written as a bare URI string became a LinkURI object for the package's
    /// CFDocument.
    LinkFromUri,
    /// A single string where CASE has a list of strings became a one-element list.
    ListFromString,
    /// The legacy property name `educationalLevel` became `educationLevel`.
    PropertyRenamed,
    /// An association type in the wrong letter case became the CASE spelling.
    AssociationTypeCase,
}

impl RepairKind {
    /// Returns a short description of the change, for summaries such as "59 ×
    /// lastChangeDateTime: no timezone, taken as UTC".
    pub fn summary(self) -> &'static str {
        match self {
            RepairKind::ByteOrderMarkRemoved => "byte order mark removed",
            RepairKind::EmptyDefinitionsArray => "empty array read as an empty object",
            RepairKind::NullRemoved => "null removed",
            RepairKind::NumberFromString => "number written as a string, read as a number",
            RepairKind::IntegerFromFloat => "integer with a zero fraction, read as an integer",
            RepairKind::TimezoneAssumedUtc => "no timezone, taken as UTC",
            RepairKind::MidnightUtcAssumed => "date without a time, taken as midnight UTC",
            RepairKind::OffsetColonAdded => "UTC offset without a colon, colon added",
            RepairKind::LinkFromUri => "bare URI replaced by a link to the CFDocument",
            RepairKind::ListFromString => "single string made a one-element list",
            RepairKind::PropertyRenamed => "renamed educationLevel",
            RepairKind::AssociationTypeCase => "letter case corrected",
        }
    }
}

/// The number of repairs of one kind on one property, e.g. 59 date-times without a
/// timezone in `lastChangeDateTime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepairCount {
    pub kind: RepairKind,
    pub field: String,
    pub count: usize,
}

impl fmt::Display for RepairCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} × {}: {}",
            self.count,
            self.field,
            self.kind.summary()
        )
    }
}

/// Counts repairs by kind and property, in the order each pair first occurs.
pub fn count_repairs(repairs: &[Repair]) -> Vec<RepairCount> {
    let mut counts: Vec<RepairCount> = Vec::new();
    for repair in repairs {
        match counts
            .iter_mut()
            .find(|count| count.kind == repair.kind && count.field == repair.field)
        {
            Some(count) => count.count += 1,
            None => counts.push(RepairCount {
                kind: repair.kind,
                field: repair.field.clone(),
                count: 1,
            }),
        }
    }
    counts
}

/// One change import made to the input, with the object, property, old and new value.
///
/// `Display` writes one sentence, e.g. `CFAssociation a7364b9e-… at CFAssociations[15]
/// (line 513): sequenceNumber "1" was a string, so it was read as the number 1.`
#[derive(Debug, Clone, PartialEq)]
pub struct Repair {
    pub kind: RepairKind,
    pub location: Location,
    /// The property as named in the input.
    pub field: String,
    pub old_value: Value,
    /// The value written in its place, or `None` when the property was removed.
    pub new_value: Option<Value>,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let location = &self.location;
        let field = &self.field;
        let old = &self.old_value;
        let new = self.new_value.as_ref().unwrap_or(&Value::Null);
        match self.kind {
            RepairKind::ByteOrderMarkRemoved => {
                write!(
                    f,
                    "the file started with a UTF-8 byte order mark, which was removed."
                )
            }
            RepairKind::EmptyDefinitionsArray => write!(
                f,
                "CFDefinitions was an empty array, so it was read as an empty CFDefinitions object."
            ),
            RepairKind::NullRemoved => write!(
                f,
                "{location}: {field} was null, so it was removed, because CASE writes an absent value by leaving the property out."
            ),
            RepairKind::NumberFromString => write!(
                f,
                "{location}: {field} {old} was a string, so it was read as the number {new}."
            ),
            RepairKind::IntegerFromFloat => write!(
                f,
                "{location}: {field} {old} had a zero fraction, so it was read as the integer {new}."
            ),
            RepairKind::TimezoneAssumedUtc => write!(
                f,
                "{location}: {field} {old} had no timezone, so it was taken as UTC and written as {new}."
            ),
            RepairKind::MidnightUtcAssumed => write!(
                f,
                "{location}: {field} {old} was a date without a time, so it was taken as midnight UTC and written as {new}."
            ),
            RepairKind::OffsetColonAdded => write!(
                f,
                "{location}: {field} {old} had a UTC offset without a colon, so it was written as {new}."
            ),
            RepairKind::LinkFromUri => write!(
                f,
                "{location}: {field} was the bare URI {old}, so it was replaced by a link to the package's CFDocument: {new}."
            ),
            RepairKind::ListFromString => write!(
                f,
                "{location}: {field} {old} was a single string, but CASE has a list here, so it became {new}."
            ),
            RepairKind::PropertyRenamed => write!(
                f,
                "{location}: the legacy property {field} was renamed educationLevel, with the value {new}."
            ),
            RepairKind::AssociationTypeCase => write!(
                f,
                "{location}: {field} {old} was spelled in the wrong letter case, so it was read as {new}."
            ),
        }
    }
}

/// Integer properties by class.
const INTEGER_FIELDS: [(ObjectKind, &str); 3] = [
    (ObjectKind::Association, "sequenceNumber"),
    (ObjectKind::Criterion, "position"),
    (ObjectKind::CriterionLevel, "position"),
];

/// Number properties by class.
const NUMBER_FIELDS: [(ObjectKind, &str); 2] = [
    (ObjectKind::Criterion, "weight"),
    (ObjectKind::CriterionLevel, "score"),
];

/// String-list properties by class. CASE 1.0 allowed a single string for some of them.
const LIST_FIELDS: [(ObjectKind, &str); 4] = [
    (ObjectKind::Document, "subject"),
    (ObjectKind::Item, "educationLevel"),
    (ObjectKind::Item, "conceptKeywords"),
    (ObjectKind::Item, "subject"),
];

/// Links back to the CFDocument that legacy exports wrote as a bare URI string.
const DOCUMENT_LINK_FIELDS: [(ObjectKind, &str); 3] = [
    (ObjectKind::Document, "CFPackageURI"),
    (ObjectKind::Item, "CFDocumentURI"),
    (ObjectKind::Association, "CFDocumentURI"),
];

/// Applies every repair to the package in place and returns what was changed, in
/// package order.
pub(crate) fn repair_package(root: &mut Map<String, Value>) -> Vec<Repair> {
    let mut repairs = Vec::new();

    // A null list (e.g. `"CFRubrics": null`) means an absent one, like a null property.
    remove_nulls(
        root,
        Location::new(ObjectKind::Package, "", None),
        &mut repairs,
    );
    if let Some(Value::Object(definitions)) = root.get_mut("CFDefinitions") {
        let location = Location::new(ObjectKind::Package, "CFDefinitions", None);
        remove_nulls(definitions, location, &mut repairs);
    }

    if let Some(Value::Array(list)) = root.get("CFDefinitions")
        && list.is_empty()
    {
        root.insert("CFDefinitions".to_owned(), Value::Object(Map::new()));
        repairs.push(Repair {
            kind: RepairKind::EmptyDefinitionsArray,
            location: Location::new(ObjectKind::Package, "CFDefinitions", None),
            field: "CFDefinitions".to_owned(),
            old_value: Value::Array(Vec::new()),
            new_value: Some(Value::Object(Map::new())),
        });
    }

    let document_link = document_link(root);
    for_each_object(root, &mut |kind, path, object| {
        let mut repairer = ObjectRepairer {
            kind,
            path,
            object,
            repairs: &mut repairs,
        };
        repairer.remove_nulls();
        repairer.rename_educational_level();
        repairer.repair_date_times();
        repairer.repair_numbers();
        repairer.repair_lists();
        if let Some(link) = &document_link {
            repairer.repair_document_links(link);
        }
        repairer.repair_association_type();
    });
    repairs
}

/// Removes the properties of `object` whose value is null and records each removal.
fn remove_nulls(object: &mut Map<String, Value>, location: Location, repairs: &mut Vec<Repair>) {
    object.retain(|key, value| {
        if !value.is_null() {
            return true;
        }
        repairs.push(Repair {
            kind: RepairKind::NullRemoved,
            location: location.clone(),
            field: key.clone(),
            old_value: Value::Null,
            new_value: None,
        });
        false
    });
}

/// Builds the LinkURI of the CFDocument, when its title, identifier and uri are strings.
fn document_link(root: &Map<String, Value>) -> Option<Map<String, Value>> {
    let document = root.get("CFDocument")?.as_object()?;
    let mut link = Map::new();
    for key in ["title", "identifier", "uri"] {
        link.insert(
            key.to_owned(),
            Value::String(document.get(key)?.as_str()?.into()),
        );
    }
    Some(link)
}

struct ObjectRepairer<'a> {
    kind: ObjectKind,
    path: &'a str,
    object: &'a mut Map<String, Value>,
    repairs: &'a mut Vec<Repair>,
}

impl ObjectRepairer<'_> {
    fn record(
        &mut self,
        kind: RepairKind,
        field: &str,
        old_value: Value,
        new_value: Option<Value>,
    ) {
        let identifier = self.object.get("identifier").and_then(Value::as_str);
        self.repairs.push(Repair {
            kind,
            location: Location::new(self.kind, self.path, identifier),
            field: field.to_owned(),
            old_value,
            new_value,
        });
    }

    fn remove_nulls(&mut self) {
        if !self.object.values().any(Value::is_null) {
            return;
        }
        let identifier = self.object.get("identifier").and_then(Value::as_str);
        let location = Location::new(self.kind, self.path, identifier);
        remove_nulls(self.object, location, self.repairs);
    }

    fn rename_educational_level(&mut self) {
        if self.kind != ObjectKind::Item || self.object.contains_key("educationLevel") {
            return;
        }
        let Some(old) = self.object.remove("educationalLevel") else {
            return;
        };
        let new = match &old {
            Value::String(_) => Value::Array(vec![old.clone()]),
            _ => old.clone(),
        };
        self.object.insert("educationLevel".to_owned(), new.clone());
        self.record(
            RepairKind::PropertyRenamed,
            "educationalLevel",
            old,
            Some(new),
        );
    }

    fn repair_date_times(&mut self) {
        let Some(Value::String(value)) = self.object.get("lastChangeDateTime") else {
            return;
        };
        let Some((kind, repaired)) = repair_date_time(value) else {
            return;
        };
        let old = Value::String(value.clone());
        let new = Value::String(repaired);
        self.object
            .insert("lastChangeDateTime".to_owned(), new.clone());
        self.record(kind, "lastChangeDateTime", old, Some(new));
    }

    fn repair_numbers(&mut self) {
        for (kind, field) in INTEGER_FIELDS {
            if kind == self.kind {
                self.repair_number(field, true);
            }
        }
        for (kind, field) in NUMBER_FIELDS {
            if kind == self.kind {
                self.repair_number(field, false);
            }
        }
    }

    fn repair_number(&mut self, field: &str, integer: bool) {
        let Some(old) = self.object.get(field) else {
            return;
        };
        let (kind, new) = match old {
            Value::String(text) => {
                let Some(number) = parse_number(text.trim(), integer) else {
                    return;
                };
                (RepairKind::NumberFromString, number)
            }
            Value::Number(number) if integer && number.is_f64() => {
                let Some(value) = number.as_f64().and_then(integral_f64_to_i64) else {
                    return;
                };
                (RepairKind::IntegerFromFloat, Value::from(value))
            }
            _ => return,
        };
        let old = old.clone();
        self.object.insert(field.to_owned(), new.clone());
        self.record(kind, field, old, Some(new));
    }

    fn repair_lists(&mut self) {
        for (kind, field) in LIST_FIELDS {
            if kind != self.kind {
                continue;
            }
            let Some(Value::String(text)) = self.object.get(field) else {
                continue;
            };
            let old = Value::String(text.clone());
            let new = Value::Array(vec![old.clone()]);
            self.object.insert(field.to_owned(), new.clone());
            self.record(RepairKind::ListFromString, field, old, Some(new));
        }
    }

    fn repair_document_links(&mut self, document_link: &Map<String, Value>) {
        for (kind, field) in DOCUMENT_LINK_FIELDS {
            if kind != self.kind {
                continue;
            }
            let Some(Value::String(uri)) = self.object.get(field) else {
                continue;
            };
            let old = Value::String(uri.clone());
            let mut link = document_link.clone();
            // The bare string is the URI the exporter gave; keep it rather than the
            // document's own uri, because CFPackageURI names the package endpoint.
            link.insert("uri".to_owned(), old.clone());
            let new = Value::Object(link);
            self.object.insert(field.to_owned(), new.clone());
            self.record(RepairKind::LinkFromUri, field, old, Some(new));
        }
    }

    fn repair_association_type(&mut self) {
        if self.kind != ObjectKind::Association {
            return;
        }
        let Some(Value::String(value)) = self.object.get("associationType") else {
            return;
        };
        let Some(standard) = AssociationType::STANDARD.iter().find(|standard| {
            standard.as_str() != value && standard.as_str().eq_ignore_ascii_case(value)
        }) else {
            return;
        };
        let old = Value::String(value.clone());
        let new = Value::String(standard.as_str().to_owned());
        self.object
            .insert("associationType".to_owned(), new.clone());
        self.record(
            RepairKind::AssociationTypeCase,
            "associationType",
            old,
            Some(new),
        );
    }
}

/// Parses a decimal number written as a string. An integer property accepts only
/// integers and integral decimals (`"3"`, `"3.0"`).
fn parse_number(text: &str, integer: bool) -> Option<Value> {
    if let Ok(value) = text.parse::<i64>() {
        return Some(Value::from(value));
    }
    let value = text.parse::<f64>().ok().filter(|value| value.is_finite())?;
    if integer {
        integral_f64_to_i64(value).map(Value::from)
    } else {
        serde_json::Number::from_f64(value).map(Value::Number)
    }
}

fn integral_f64_to_i64(value: f64) -> Option<i64> {
    // The range check keeps the cast exact: every integral f64 inside ±2^53 is an i64.
    const LIMIT: f64 = 9_007_199_254_740_992.0;
    (value.fract() == 0.0 && value.abs() <= LIMIT).then_some(value as i64)
}

/// Returns the repaired form of a CASE date-time in one of three legacy forms.
///
/// A date and time without a timezone (`2017-05-25T18:05:33`, or with a space for `T`)
/// is taken as UTC. An offset without a colon (`2017-05-25T18:05:33+0200`) gets one. A
/// bare date (`2017-05-25`) is taken as midnight UTC. Returns `None` for a valid RFC 3339
/// value and for any other form, which the structural check rejects.
pub(crate) fn repair_date_time(value: &str) -> Option<(RepairKind, String)> {
    if OffsetDateTime::parse(value, &Rfc3339).is_ok() {
        return None;
    }
    let local_t = format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    let local_space = format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second][optional [.[subsecond]]]"
    );
    if PrimitiveDateTime::parse(value, local_t).is_ok()
        || PrimitiveDateTime::parse(value, local_space).is_ok()
    {
        let (date, time_of_day) = value.split_at(10);
        let repaired = format!("{date}T{}+00:00", &time_of_day[1..]);
        return Some((RepairKind::TimezoneAssumedUtc, repaired));
    }
    if let Some(repaired) = add_offset_colon(value) {
        return Some((RepairKind::OffsetColonAdded, repaired));
    }
    if Date::parse(value, format_description!("[year]-[month]-[day]")).is_ok() {
        return Some((
            RepairKind::MidnightUtcAssumed,
            format!("{value}T00:00:00+00:00"),
        ));
    }
    None
}

/// Inserts the colon into a trailing `±HHMM` offset when the result is RFC 3339.
fn add_offset_colon(value: &str) -> Option<String> {
    let split = value.len().checked_sub(5)?;
    let (date_time, offset) = (value.get(..split)?, value.get(split..)?);
    let sign_ok = offset.starts_with(['+', '-']);
    let digits_ok = offset[1..].bytes().all(|byte| byte.is_ascii_digit());
    if !sign_ok || !digits_ok {
        return None;
    }
    let repaired = format!("{date_time}{}:{}", &offset[..3], &offset[3..]);
    OffsetDateTime::parse(&repaired, &Rfc3339)
        .is_ok()
        .then_some(repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_without_offset_becomes_utc() {
        assert_eq!(
            repair_date_time("2017-05-25T18:05:33"),
            Some((
                RepairKind::TimezoneAssumedUtc,
                "2017-05-25T18:05:33+00:00".to_owned()
            ))
        );
    }

    #[test]
    fn date_time_with_space_and_fraction_becomes_utc() {
        assert_eq!(
            repair_date_time("2017-05-25 18:05:33.250"),
            Some((
                RepairKind::TimezoneAssumedUtc,
                "2017-05-25T18:05:33.250+00:00".to_owned()
            ))
        );
    }

    #[test]
    fn bare_date_becomes_midnight_utc() {
        assert_eq!(
            repair_date_time("2017-05-25"),
            Some((
                RepairKind::MidnightUtcAssumed,
                "2017-05-25T00:00:00+00:00".to_owned()
            ))
        );
    }

    #[test]
    fn offset_without_colon_gets_one() {
        assert_eq!(
            repair_date_time("2017-05-25T18:05:33+0200"),
            Some((
                RepairKind::OffsetColonAdded,
                "2017-05-25T18:05:33+02:00".to_owned()
            ))
        );
        assert_eq!(
            repair_date_time("2017-05-25T18:05:33.5-0530"),
            Some((
                RepairKind::OffsetColonAdded,
                "2017-05-25T18:05:33.5-05:30".to_owned()
            ))
        );
        assert_eq!(repair_date_time("2017-05-25+0200"), None);
    }

    #[test]
    fn valid_or_garbage_date_time_is_left_alone() {
        assert_eq!(repair_date_time("2017-09-22T23:13:54+00:00"), None);
        assert_eq!(repair_date_time("2017-09-22T23:13:54Z"), None);
        assert_eq!(repair_date_time("yesterday"), None);
        assert_eq!(repair_date_time("2017-13-45T10:00:00"), None);
    }

    #[test]
    fn number_strings_parse_by_property_type() {
        assert_eq!(parse_number("3", true), Some(Value::from(3)));
        assert_eq!(parse_number("3.0", true), Some(Value::from(3)));
        assert_eq!(parse_number("3.5", true), None);
        assert_eq!(parse_number("0.5", false), Some(Value::from(0.5)));
        assert_eq!(parse_number("three", false), None);
        assert_eq!(parse_number("NaN", false), None);
    }
}
