//! Problems that make import reject a package, and where in the package they are.

use std::fmt;

/// The CASE class of an object in a package, named as in the CASE JSON binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Package,
    Document,
    Item,
    Association,
    Concept,
    Subject,
    License,
    ItemType,
    AssociationGrouping,
    Rubric,
    Criterion,
    CriterionLevel,
}

impl ObjectKind {
    /// Returns the CASE class name, e.g. `CFItem`.
    pub fn class_name(self) -> &'static str {
        match self {
            ObjectKind::Package => "CFPackage",
            ObjectKind::Document => "CFDocument",
            ObjectKind::Item => "CFItem",
            ObjectKind::Association => "CFAssociation",
            ObjectKind::Concept => "CFConcept",
            ObjectKind::Subject => "CFSubject",
            ObjectKind::License => "CFLicense",
            ObjectKind::ItemType => "CFItemType",
            ObjectKind::AssociationGrouping => "CFAssociationGrouping",
            ObjectKind::Rubric => "CFRubric",
            ObjectKind::Criterion => "CFRubricCriterion",
            ObjectKind::CriterionLevel => "CFRubricCriterionLevel",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.class_name())
    }
}

/// An object in a package: its class, its JSON path (e.g. `CFItems[3]`, or empty for
/// the package itself), its identifier when it has a string one, and the line of the
/// input where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub kind: ObjectKind,
    pub path: String,
    pub identifier: Option<String>,
    /// 1-based line of the object's opening brace in the input, `None` for objects that
    /// have no brace of their own (the package itself).
    pub line: Option<usize>,
}

impl Location {
    pub(crate) fn new(kind: ObjectKind, path: impl Into<String>, identifier: Option<&str>) -> Self {
        Location {
            kind,
            path: path.into(),
            identifier: identifier.map(str::to_owned),
            line: None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            return write!(f, "the {}", self.kind);
        }
        match &self.identifier {
            Some(identifier) => write!(f, "{} {} at {}", self.kind, identifier, self.path)?,
            None => write!(f, "{} at {}", self.kind, self.path)?,
        }
        match self.line {
            Some(line) => write!(f, " (line {line})"),
            None => Ok(()),
        }
    }
}

/// One reason to reject a CASE package. Each message names the object and property and
/// gives the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaseError {
    #[error(
        "the file is not valid JSON: {message} at line {line}, column {column}{}",
        if *.truncated {
            ". The file ends too early, so it was probably truncated: export or download it again"
        } else {
            ". Fix the JSON syntax at that position"
        }
    )]
    NotJson {
        line: usize,
        column: usize,
        /// Whether the parser reached the end of the input before the JSON value ended.
        truncated: bool,
        message: String,
    },

    #[error(
        "the file is a JSON {found}, not a CFPackage object. Upload the CFPackage export of the framework, which is a JSON object with a CFDocument"
    )]
    NotAnObject { found: &'static str },

    #[error(
        "the CFPackage has no CFDocument. A package must contain its CFDocument at the top level; export the whole CFPackage, not a single item or a list"
    )]
    MissingDocument,

    #[error("{path} must be a JSON {expected}, but it is a JSON {found}")]
    InvalidShape {
        path: String,
        expected: &'static str,
        found: &'static str,
    },

    #[error("{location} has no {field}, which CASE requires. Add the {field} property")]
    MissingField { location: Location, field: String },

    #[error("{location}: {field} must be a JSON {expected}, but it is a JSON {found}")]
    InvalidFieldType {
        location: Location,
        field: String,
        expected: &'static str,
        found: &'static str,
    },

    #[error(
        "{location}: identifier {value:?} is not a UUID. CASE identifiers are UUIDs written as 8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000001"
    )]
    InvalidIdentifier { location: Location, value: String },

    #[error(
        "identifier {identifier} is used by both {first} and {second}. Each object in a package needs its own identifier"
    )]
    DuplicateIdentifier {
        identifier: String,
        first: Location,
        second: Location,
    },

    #[error(
        "{location}: {field} {value:?} is not a date-time. Write it as RFC 3339, e.g. 2017-09-22T23:13:54+00:00"
    )]
    InvalidDateTime {
        location: Location,
        field: String,
        value: String,
    },

    #[error(
        "{location}: associationType {value:?} is not a CASE association type. Use one of isChildOf, isPeerOf, isPartOf, exactMatchOf, precedes, isRelatedTo, replacedBy, exemplar, hasSkillLevel, isTranslationOf, or an extension type starting with \"ext:\""
    )]
    UnknownAssociationType { location: Location, value: String },

    #[error(
        "{location}: the isChildOf {end} {identifier} is not {expected} in this package. Add the missing item to the package or remove the association"
    )]
    UnknownChildOfNode {
        location: Location,
        /// `originNodeURI` or `destinationNodeURI`.
        end: &'static str,
        identifier: String,
        /// The kind of object the end must name: "a CFItem" or "a CFItem or the
        /// CFDocument".
        expected: &'static str,
    },

    #[error(
        "the isChildOf associations form a cycle: {}. Remove one of these associations so that every item leads up to the CFDocument",
        .cycle.join(" is a child of ")
    )]
    ChildOfCycle {
        /// The items of the cycle, each as its human coding scheme or identifier, where
        /// each is a child of the next and the last equals the first.
        cycle: Vec<String>,
    },

    #[error(
        "{location}: CFItemURI names item {identifier}, which is not in this package. Point the criterion at an item of the package or remove CFItemURI"
    )]
    UnknownCriterionItem {
        location: Location,
        identifier: String,
    },

    #[error(
        "CFDocument.caseVersion is {value:?}, which this importer does not support. Supported CASE versions are 1.0 and 1.1"
    )]
    UnsupportedVersion { value: String },

    #[error(
        "{path}{}: {message}. Correct this value to match the CASE type of the property",
        value_context(.identifier.as_deref(), *.line)
    )]
    InvalidValue {
        /// JSON path of the value, e.g. `CFItems[3].CFItemTypeURI.identifier`.
        path: String,
        /// Identifier of the innermost object on `path` that has one.
        identifier: Option<String>,
        message: String,
        /// Line where that object starts.
        line: Option<usize>,
    },
}

/// Writes ` (in the object with identifier X, line N)` with the parts that are known.
fn value_context(identifier: Option<&str>, line: Option<usize>) -> String {
    match (identifier, line) {
        (Some(identifier), Some(line)) => {
            format!(" (in the object with identifier {identifier}, line {line})")
        }
        (Some(identifier), None) => format!(" (in the object with identifier {identifier})"),
        (None, Some(line)) => format!(" (line {line})"),
        (None, None) => String::new(),
    }
}

impl CaseError {
    /// Returns the locations the problem names, for filling in their lines.
    pub(crate) fn locations_mut(&mut self) -> Vec<&mut Location> {
        match self {
            CaseError::MissingField { location, .. }
            | CaseError::InvalidFieldType { location, .. }
            | CaseError::InvalidIdentifier { location, .. }
            | CaseError::InvalidDateTime { location, .. }
            | CaseError::UnknownAssociationType { location, .. }
            | CaseError::UnknownChildOfNode { location, .. }
            | CaseError::UnknownCriterionItem { location, .. } => vec![location],
            CaseError::DuplicateIdentifier { first, second, .. } => vec![first, second],
            CaseError::NotJson { .. }
            | CaseError::NotAnObject { .. }
            | CaseError::MissingDocument
            | CaseError::InvalidShape { .. }
            | CaseError::ChildOfCycle { .. }
            | CaseError::UnsupportedVersion { .. }
            | CaseError::InvalidValue { .. } => Vec::new(),
        }
    }
}

/// Maximum number of problems a [`Rejection`] lists. Further problems are only counted,
/// because a badly broken file can produce one per object and the first ones are enough
/// to show what is wrong.
pub const MAX_PROBLEMS: usize = 50;

/// The reasons a package was rejected: up to [`MAX_PROBLEMS`] problems in the order they
/// were found, and how many more were found but not listed.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejection {
    pub problems: Vec<CaseError>,
    pub omitted: usize,
}

impl Rejection {
    pub(crate) fn single(problem: CaseError) -> Self {
        Rejection {
            problems: vec![problem],
            omitted: 0,
        }
    }

    /// Returns the total number of problems found, listed or not.
    pub fn problem_count(&self) -> usize {
        self.problems.len() + self.omitted
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let [problem] = self.problems.as_slice()
            && self.omitted == 0
        {
            return write!(f, "CASE package rejected: {problem}");
        }
        write!(
            f,
            "CASE package rejected with {} problems:",
            self.problem_count()
        )?;
        for problem in &self.problems {
            write!(f, "\n- {problem}")?;
        }
        if self.omitted > 0 {
            write!(f, "\n- and {} more problems not listed", self.omitted)?;
        }
        Ok(())
    }
}

impl std::error::Error for Rejection {}

/// Collects problems up to [`MAX_PROBLEMS`] and counts the rest.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    rejection: Option<Rejection>,
}

impl Problems {
    pub(crate) fn push(&mut self, problem: CaseError) {
        let rejection = self.rejection.get_or_insert_with(|| Rejection {
            problems: Vec::new(),
            omitted: 0,
        });
        if rejection.problems.len() < MAX_PROBLEMS {
            rejection.problems.push(problem);
        } else {
            rejection.omitted += 1;
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rejection.is_none()
    }

    pub(crate) fn into_result(self) -> Result<(), Rejection> {
        match self.rejection {
            None => Ok(()),
            Some(rejection) => Err(rejection),
        }
    }
}
