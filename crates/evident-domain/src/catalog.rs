//! Catalog search: filtering published micro-credentials by text, framework and competency.

use serde::{Deserialize, Serialize};

use crate::definition::MicroCredentialDefinition;

/// A catalog search request. Empty or absent fields match every definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogFilter {
    /// Free text: every whitespace-separated term must occur, ignoring case, in the title,
    /// summary, key method, or the competency's name, code, statement or framework title.
    #[serde(default)]
    pub query: Option<String>,
    /// A framework's CFDocument identifier, or its exact title.
    #[serde(default)]
    pub framework: Option<String>,
    /// A competency's CFItem identifier, or its human code such as `2.1`.
    #[serde(default)]
    pub competency: Option<String>,
}

impl CatalogFilter {
    /// Returns whether `definition` satisfies every field of the filter.
    pub fn matches(&self, definition: &MicroCredentialDefinition) -> bool {
        self.matches_framework(definition)
            && self.matches_competency(definition)
            && self.matches_query(definition)
    }

    /// Returns the definitions that satisfy the filter, in their original order.
    pub fn apply<'a, I>(&self, definitions: I) -> Vec<&'a MicroCredentialDefinition>
    where
        I: IntoIterator<Item = &'a MicroCredentialDefinition>,
    {
        definitions
            .into_iter()
            .filter(|definition| self.matches(definition))
            .collect()
    }

    fn matches_framework(&self, definition: &MicroCredentialDefinition) -> bool {
        let Some(framework) = non_empty(self.framework.as_deref()) else {
            return true;
        };
        let competency = &definition.competency;
        competency.framework_identifier.as_deref() == Some(framework)
            || competency.framework_title == framework
    }

    fn matches_competency(&self, definition: &MicroCredentialDefinition) -> bool {
        let Some(wanted) = non_empty(self.competency.as_deref()) else {
            return true;
        };
        let competency = &definition.competency;
        competency.identifier == wanted || competency.human_code == wanted
    }

    fn matches_query(&self, definition: &MicroCredentialDefinition) -> bool {
        let Some(query) = non_empty(self.query.as_deref()) else {
            return true;
        };
        let competency = &definition.competency;
        let haystack = [
            definition.title.as_str(),
            definition.summary.as_str(),
            definition.key_method.as_str(),
            competency.name.as_deref().unwrap_or_default(),
            competency.human_code.as_str(),
            competency.statement.as_str(),
            competency.framework_title.as_str(),
        ]
        .join("\n")
        .to_lowercase();
        query
            .split_whitespace()
            .all(|term| haystack.contains(&term.to_lowercase()))
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|value| !value.is_empty())
}
