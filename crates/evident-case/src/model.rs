//! The CASE 1.0 / 1.1 package classes: CFPackage, CFDocument, CFItem, CFAssociation and
//! the CFDefinitions classes.
//!
//! Field names follow the CASE JSON binding (`fullStatement`, `CFItemType`, …) through
//! `serde(rename)`. Every struct keeps the properties it does not type in `extra`, so
//! [`Package::to_json`] writes back every property that was read. Optional properties are
//! `Option`s, and list-valued properties are `Option<Vec<_>>` so that an empty list in the
//! input stays an empty list in the output instead of disappearing.
//!
//! Date-time properties stay strings in the form that was read (after repairs), because
//! re-formatting would change them on export. Import checks that each one is an RFC 3339
//! date-time. [`parse_date_time`] turns one into an [`OffsetDateTime`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::rubric::Rubric;

/// A CFPackage: one CFDocument with its items, associations, definitions and rubrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Package {
    #[serde(rename = "CFDocument")]
    pub document: Document,
    #[serde(rename = "CFItems", default)]
    pub items: Vec<Item>,
    #[serde(rename = "CFAssociations", default)]
    pub associations: Vec<Association>,
    #[serde(
        rename = "CFDefinitions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub definitions: Option<Definitions>,
    #[serde(rename = "CFRubrics", default, skip_serializing_if = "Option::is_none")]
    pub rubrics: Option<Vec<Rubric>>,
    /// Top-level properties other than the five CASE lists, e.g. 1.1 `extensions`.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A link to another CASE object: the LinkURI class (identifier is a UUID) and the
/// LinkGenURI class used by association ends (identifier may be any string, and 1.1 adds
/// `targetType`, kept in `extra`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkUri {
    pub title: String,
    pub identifier: String,
    pub uri: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The CFDocument: the root of a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub identifier: String,
    pub uri: String,
    pub creator: String,
    pub title: String,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    /// `caseVersion`, defined by CASE 1.1 with the single value `"1.1"`.
    #[serde(
        rename = "caseVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub case_version: Option<String>,
    #[serde(
        rename = "frameworkType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub framework_type: Option<String>,
    #[serde(
        rename = "officialSourceURL",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub official_source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Vec<String>>,
    #[serde(
        rename = "subjectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_uri: Option<Vec<LinkUri>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(
        rename = "adoptionStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub adoption_status: Option<String>,
    /// A date (CASE 1.1) or a date-time (allowed by 1.0), kept as read. NOTE: import
    /// does not check the format of the status dates.
    #[serde(
        rename = "statusStartDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_start_date: Option<String>,
    #[serde(
        rename = "statusEndDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_end_date: Option<String>,
    #[serde(
        rename = "licenseURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub license_uri: Option<LinkUri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(
        rename = "CFPackageURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub package_uri: Option<LinkUri>,
    /// Other properties, e.g. 1.1 `extensions`, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFItem: one node of a framework (a standard, competence, level descriptor, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub identifier: String,
    pub uri: String,
    #[serde(rename = "fullStatement")]
    pub full_statement: String,
    #[serde(
        rename = "alternativeLabel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub alternative_label: Option<String>,
    #[serde(
        rename = "CFItemType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub item_type: Option<String>,
    #[serde(
        rename = "CFItemTypeURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub item_type_uri: Option<LinkUri>,
    #[serde(
        rename = "humanCodingScheme",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub human_coding_scheme: Option<String>,
    #[serde(
        rename = "listEnumeration",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub list_enumeration: Option<String>,
    #[serde(
        rename = "abbreviatedStatement",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub abbreviated_statement: Option<String>,
    #[serde(
        rename = "conceptKeywords",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub concept_keywords: Option<Vec<String>>,
    #[serde(
        rename = "conceptKeywordsURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub concept_keywords_uri: Option<LinkUri>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(
        rename = "educationLevel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub education_level: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<Vec<String>>,
    #[serde(
        rename = "subjectURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subject_uri: Option<Vec<LinkUri>>,
    #[serde(
        rename = "licenseURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub license_uri: Option<LinkUri>,
    /// A date (CASE 1.1) or a date-time (allowed by 1.0), kept as read. NOTE: import
    /// does not check the format of the status dates.
    #[serde(
        rename = "statusStartDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_start_date: Option<String>,
    #[serde(
        rename = "statusEndDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub status_end_date: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    /// `CFDocumentURI`, a link back to the CFDocument written by some exporters.
    #[serde(
        rename = "CFDocumentURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_uri: Option<LinkUri>,
    /// Other properties, e.g. 1.1 `extensions`, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Item {
    /// Returns the item type name: `CFItemType`, or else the title of `CFItemTypeURI`.
    pub fn type_name(&self) -> Option<&str> {
        self.item_type
            .as_deref()
            .or_else(|| self.item_type_uri.as_ref().map(|link| link.title.as_str()))
    }

    /// Returns the shortest statement that names the item: `abbreviatedStatement` when
    /// present, otherwise `fullStatement`.
    pub fn label(&self) -> &str {
        self.abbreviated_statement
            .as_deref()
            .unwrap_or(&self.full_statement)
    }
}

/// The CASE association types. CASE 1.1 adds `isTranslationOf` and extension types
/// prefixed `ext:`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum AssociationType {
    IsChildOf,
    IsPeerOf,
    IsPartOf,
    ExactMatchOf,
    Precedes,
    IsRelatedTo,
    ReplacedBy,
    Exemplar,
    HasSkillLevel,
    IsTranslationOf,
    /// A 1.1 extension type, e.g. `ext:hasPrerequisite`, or an unknown value that import
    /// rejects.
    Other(String),
}

impl AssociationType {
    /// The types defined by CASE 1.1, in the order the specification lists them.
    pub const STANDARD: [AssociationType; 10] = [
        AssociationType::IsChildOf,
        AssociationType::IsPeerOf,
        AssociationType::IsPartOf,
        AssociationType::ExactMatchOf,
        AssociationType::Precedes,
        AssociationType::IsRelatedTo,
        AssociationType::ReplacedBy,
        AssociationType::Exemplar,
        AssociationType::HasSkillLevel,
        AssociationType::IsTranslationOf,
    ];

    /// Returns the CASE JSON value, e.g. `"isChildOf"`.
    pub fn as_str(&self) -> &str {
        match self {
            AssociationType::IsChildOf => "isChildOf",
            AssociationType::IsPeerOf => "isPeerOf",
            AssociationType::IsPartOf => "isPartOf",
            AssociationType::ExactMatchOf => "exactMatchOf",
            AssociationType::Precedes => "precedes",
            AssociationType::IsRelatedTo => "isRelatedTo",
            AssociationType::ReplacedBy => "replacedBy",
            AssociationType::Exemplar => "exemplar",
            AssociationType::HasSkillLevel => "hasSkillLevel",
            AssociationType::IsTranslationOf => "isTranslationOf",
            AssociationType::Other(value) => value,
        }
    }

    /// Returns whether the value is a standard type or an `ext:` extension type.
    pub fn is_valid(&self) -> bool {
        match self {
            AssociationType::Other(value) => value.starts_with("ext:") && value.len() > 4,
            _ => true,
        }
    }
}

impl From<String> for AssociationType {
    fn from(value: String) -> Self {
        AssociationType::STANDARD
            .into_iter()
            .find(|standard| standard.as_str() == value)
            .unwrap_or(AssociationType::Other(value))
    }
}

impl From<AssociationType> for String {
    fn from(value: AssociationType) -> Self {
        match value {
            AssociationType::Other(value) => value,
            standard => standard.as_str().to_owned(),
        }
    }
}

impl std::fmt::Display for AssociationType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CFAssociation: a typed edge from `originNodeURI` to `destinationNodeURI`.
///
/// For `isChildOf` the origin is the child and the destination is the parent (an item or
/// the CFDocument), and `sequenceNumber` orders siblings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Association {
    pub identifier: String,
    pub uri: String,
    #[serde(rename = "associationType")]
    pub association_type: AssociationType,
    #[serde(
        rename = "sequenceNumber",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub sequence_number: Option<i64>,
    #[serde(rename = "originNodeURI")]
    pub origin: LinkUri,
    #[serde(rename = "destinationNodeURI")]
    pub destination: LinkUri,
    #[serde(
        rename = "CFAssociationGroupingURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub grouping_uri: Option<LinkUri>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(
        rename = "CFDocumentURI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub document_uri: Option<LinkUri>,
    /// Other properties, e.g. 1.1 `extensions`, kept verbatim.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The CFDefinitions: vocabularies the items and associations refer to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Definitions {
    #[serde(
        rename = "CFConcepts",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub concepts: Option<Vec<Concept>>,
    #[serde(
        rename = "CFSubjects",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub subjects: Option<Vec<Subject>>,
    #[serde(
        rename = "CFLicenses",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub licenses: Option<Vec<License>>,
    #[serde(
        rename = "CFItemTypes",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub item_types: Option<Vec<ItemType>>,
    #[serde(
        rename = "CFAssociationGroupings",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub association_groupings: Option<Vec<AssociationGrouping>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFConcept: a keyword vocabulary entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concept {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(rename = "hierarchyCode")]
    pub hierarchy_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFSubject: an academic subject vocabulary entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(rename = "hierarchyCode")]
    pub hierarchy_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFLicense: the licence text that documents and items link to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct License {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(rename = "licenseText")]
    pub license_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFItemType: a named kind of item such as "Standard" or "Competence".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemType {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(rename = "hierarchyCode")]
    pub hierarchy_code: String,
    /// Required by CASE 1.1 and optional in 1.0, so import accepts its absence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "typeCode", default, skip_serializing_if = "Option::is_none")]
    pub type_code: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A CFAssociationGrouping: a named set of associations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssociationGrouping {
    pub identifier: String,
    pub uri: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "lastChangeDateTime")]
    pub last_change_date_time: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Parses a CASE date-time (RFC 3339, e.g. `2017-09-22T23:13:54+00:00`).
///
/// Import checks every `lastChangeDateTime` this way, so on those it fails only for a
/// value that a caller built or changed by hand.
pub fn parse_date_time(value: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(value, &Rfc3339)
}

impl Package {
    /// Serializes the package to a JSON value in the CASE binding, with every property
    /// that was read (after the repairs reported at import).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("a Package always serializes: all keys are strings")
    }

    /// Serializes the package to indented JSON text.
    pub fn to_json_string_pretty(&self) -> String {
        serde_json::to_string_pretty(self)
            .expect("a Package always serializes: all keys are strings")
    }

    /// Returns the rubrics, or an empty slice when the package has no `CFRubrics`.
    pub fn rubrics(&self) -> &[Rubric] {
        self.rubrics.as_deref().unwrap_or(&[])
    }

    /// Returns the CFItemTypes, or an empty slice when there are none.
    pub fn item_types(&self) -> &[ItemType] {
        self.definitions
            .as_ref()
            .and_then(|definitions| definitions.item_types.as_deref())
            .unwrap_or(&[])
    }
}
