//! The draft editor's form. Every field keeps the text the user typed, so a form that fails
//! validation renders again with nothing lost. Field names are the paths that
//! `evident_domain` uses in its problems (`requirements.overview[0].word_limit`), which lets
//! the page show each problem next to its field.

use std::collections::{BTreeMap, HashMap};

use evident_domain::{
    ArtifactKind, ArtifactRequirement, CaseItemRef, Competency, Credits, Criterion, Descriptor,
    Level, MethodComponent, MicroCredentialDefinition, PassRule, ResearchSource, Resource, Rubric,
    SubmissionRequirements, TextPrompt,
};

/// Bytes in one mebibyte; the form shows file limits in MiB.
const MEBIBYTE: f64 = 1_048_576.0;

/// One problem of the form: the field path and the message naming the value and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FormProblem {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ComponentRow {
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ResearchRow {
    pub citation: String,
    pub url: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct ResourceRow {
    pub title: String,
    pub url: String,
    pub note: String,
}

#[derive(Debug, Clone)]
pub(crate) struct PromptRow {
    pub id: String,
    pub prompt: String,
    pub word_limit: String,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct ArtifactRow {
    pub id: String,
    pub title: String,
    pub description: String,
    /// `file`, `link` or `text`.
    pub kind: String,
    /// Media types separated by commas.
    pub media_types: String,
    pub max_mebibytes: String,
    pub word_limit: String,
    pub required: bool,
    pub max_items: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LevelRow {
    pub id: String,
    pub title: String,
    pub score: String,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct CriterionRow {
    pub id: String,
    pub title: String,
    pub description: String,
    pub optional: bool,
    pub category: String,
    pub alignment_identifier: String,
    pub alignment_uri: String,
    pub alignment_human_code: String,
    /// One descriptor per level, in the order of the levels; empty when the criterion does
    /// not use that level.
    pub descriptors: Vec<String>,
}

/// The editor's fields as typed.
#[derive(Debug, Clone, Default)]
pub(crate) struct EditorForm {
    /// The organization that issues the micro-credential; set only when creating one.
    pub org_id: String,
    pub slug: String,
    /// The version number this draft becomes when published, as the page was rendered.
    pub version: String,
    pub title: String,
    pub summary: String,
    /// The CFDocument identifier of the framework the competency is chosen from.
    pub framework: String,
    /// The CFItem identifier of the competency.
    pub competency: String,
    pub key_method: String,
    pub rationale: String,
    pub attribution: String,
    /// Decimal credits such as `1.5`; empty for none.
    pub credits: String,
    pub method_components: Vec<ComponentRow>,
    pub research: Vec<ResearchRow>,
    pub resources: Vec<ResourceRow>,
    pub overview: Vec<PromptRow>,
    pub artifacts: Vec<ArtifactRow>,
    pub reflection: Vec<PromptRow>,
    pub levels: Vec<LevelRow>,
    pub criteria: Vec<CriterionRow>,
    /// `non_compensatory` or `count_based`.
    pub pass_rule: String,
    pub pass_level: String,
    pub max_below: String,
}

/// A list of rows in the form, named by its field path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum List {
    MethodComponents,
    Research,
    Resources,
    Overview,
    Artifacts,
    Reflection,
    Levels,
    Criteria,
}

impl List {
    pub const ALL: [List; 8] = [
        List::MethodComponents,
        List::Research,
        List::Resources,
        List::Overview,
        List::Artifacts,
        List::Reflection,
        List::Levels,
        List::Criteria,
    ];

    /// Returns the field path of the list, as used in field names and domain problems.
    pub fn path(self) -> &'static str {
        match self {
            List::MethodComponents => "method_components",
            List::Research => "research",
            List::Resources => "resources",
            List::Overview => "requirements.overview",
            List::Artifacts => "requirements.artifacts",
            List::Reflection => "requirements.reflection",
            List::Levels => "rubric.levels",
            List::Criteria => "rubric.criteria",
        }
    }

    pub fn from_path(path: &str) -> Option<List> {
        List::ALL.into_iter().find(|list| list.path() == path)
    }
}

/// A change to the form's structure requested by one of its buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowAction {
    Add(List),
    Remove(List, usize),
    MoveUp(List, usize),
    MoveDown(List, usize),
}

impl RowAction {
    /// Parses a button value such as `add:rubric.levels` or `remove:research:2`.
    pub fn parse(value: &str) -> Option<RowAction> {
        let mut pieces = value.split(':');
        let verb = pieces.next()?;
        let list = List::from_path(pieces.next()?)?;
        let index = pieces.next().and_then(|index| index.parse::<usize>().ok());
        match (verb, index) {
            ("add", None) => Some(RowAction::Add(list)),
            ("remove", Some(index)) => Some(RowAction::Remove(list, index)),
            ("up", Some(index)) => Some(RowAction::MoveUp(list, index)),
            ("down", Some(index)) => Some(RowAction::MoveDown(list, index)),
            _ => None,
        }
    }
}

fn new_prompt() -> PromptRow {
    PromptRow {
        id: String::new(),
        prompt: String::new(),
        word_limit: "500".to_owned(),
        required: true,
    }
}

fn new_artifact() -> ArtifactRow {
    ArtifactRow {
        id: String::new(),
        title: String::new(),
        description: String::new(),
        kind: "file".to_owned(),
        media_types: "application/pdf".to_owned(),
        max_mebibytes: "20".to_owned(),
        word_limit: "500".to_owned(),
        required: true,
        max_items: "1".to_owned(),
    }
}

/// Applies `action` to `rows`. Out-of-range indexes change nothing.
fn change_rows<T>(rows: &mut Vec<T>, action: RowAction, new_row: impl FnOnce() -> T) {
    match action {
        RowAction::Add(_) => rows.push(new_row()),
        RowAction::Remove(_, index) if index < rows.len() => {
            rows.remove(index);
        }
        RowAction::MoveUp(_, index) if index > 0 && index < rows.len() => {
            rows.swap(index - 1, index);
        }
        RowAction::MoveDown(_, index) if index + 1 < rows.len() => rows.swap(index, index + 1),
        _ => {}
    }
}

/// Reads the numbered rows of `list` from the submitted fields, as one map of field
/// name (the part after `list[i].`) to value per row, ordered by index.
fn rows_of(fields: &[(String, String)], list: &str) -> Vec<HashMap<String, String>> {
    let mut rows: BTreeMap<usize, HashMap<String, String>> = BTreeMap::new();
    for (name, value) in fields {
        let Some(rest) = name
            .strip_prefix(list)
            .and_then(|rest| rest.strip_prefix('['))
        else {
            continue;
        };
        let Some((index, field)) = rest.split_once("].") else {
            continue;
        };
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        rows.entry(index)
            .or_default()
            .insert(field.to_owned(), value.clone());
    }
    rows.into_values().collect()
}

fn text(row: &HashMap<String, String>, field: &str) -> String {
    row.get(field).cloned().unwrap_or_default()
}

/// Returns whether a checkbox was ticked: browsers send a checkbox only when it is.
fn ticked(row: &HashMap<String, String>, field: &str) -> bool {
    row.get(field).is_some_and(|value| !value.is_empty())
}

fn prompt_rows(fields: &[(String, String)], list: List) -> Vec<PromptRow> {
    rows_of(fields, list.path())
        .iter()
        .map(|row| PromptRow {
            id: text(row, "id"),
            prompt: text(row, "prompt"),
            word_limit: text(row, "word_limit"),
            required: ticked(row, "required"),
        })
        .collect()
}

impl EditorForm {
    /// Returns an empty form for a new micro-credential, with one row in every list that
    /// needs one.
    pub fn blank() -> Self {
        Self {
            version: "1".to_owned(),
            method_components: vec![ComponentRow::default()],
            research: vec![ResearchRow::default()],
            overview: vec![new_prompt()],
            artifacts: vec![new_artifact()],
            reflection: vec![new_prompt()],
            levels: vec![
                LevelRow {
                    id: "not-yet".to_owned(),
                    title: "Not yet".to_owned(),
                    score: "0".to_owned(),
                },
                LevelRow {
                    id: "demonstrated".to_owned(),
                    title: "Demonstrated".to_owned(),
                    score: "1".to_owned(),
                },
            ],
            criteria: vec![CriterionRow {
                descriptors: vec![String::new(), String::new()],
                ..CriterionRow::default()
            }],
            pass_rule: "non_compensatory".to_owned(),
            pass_level: "demonstrated".to_owned(),
            max_below: "0".to_owned(),
            ..Self::default()
        }
    }

    /// Reads the form from submitted `(name, value)` pairs.
    pub fn from_fields(fields: &[(String, String)]) -> Self {
        let single = |name: &str| {
            fields
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        let levels: Vec<LevelRow> = rows_of(fields, List::Levels.path())
            .iter()
            .map(|row| LevelRow {
                id: text(row, "id"),
                title: text(row, "title"),
                score: text(row, "score"),
            })
            .collect();
        let level_count = levels.len();
        Self {
            org_id: single("org_id"),
            slug: single("slug"),
            version: single("version"),
            title: single("title"),
            summary: single("summary"),
            framework: single("framework"),
            competency: single("competency"),
            key_method: single("key_method"),
            rationale: single("rationale"),
            attribution: single("attribution"),
            credits: single("credits"),
            method_components: rows_of(fields, List::MethodComponents.path())
                .iter()
                .map(|row| ComponentRow {
                    title: text(row, "title"),
                    description: text(row, "description"),
                })
                .collect(),
            research: rows_of(fields, List::Research.path())
                .iter()
                .map(|row| ResearchRow {
                    citation: text(row, "citation"),
                    url: text(row, "url"),
                })
                .collect(),
            resources: rows_of(fields, List::Resources.path())
                .iter()
                .map(|row| ResourceRow {
                    title: text(row, "title"),
                    url: text(row, "url"),
                    note: text(row, "note"),
                })
                .collect(),
            overview: prompt_rows(fields, List::Overview),
            artifacts: rows_of(fields, List::Artifacts.path())
                .iter()
                .map(|row| ArtifactRow {
                    id: text(row, "id"),
                    title: text(row, "title"),
                    description: text(row, "description"),
                    kind: text(row, "kind"),
                    media_types: text(row, "allowed_media_types"),
                    max_mebibytes: text(row, "max_mebibytes"),
                    word_limit: text(row, "word_limit"),
                    required: ticked(row, "required"),
                    max_items: text(row, "max_items"),
                })
                .collect(),
            reflection: prompt_rows(fields, List::Reflection),
            criteria: rows_of(fields, List::Criteria.path())
                .iter()
                .map(|row| CriterionRow {
                    id: text(row, "id"),
                    title: text(row, "title"),
                    description: text(row, "description"),
                    optional: ticked(row, "optional"),
                    category: text(row, "category"),
                    alignment_identifier: text(row, "alignment.identifier"),
                    alignment_uri: text(row, "alignment.uri"),
                    alignment_human_code: text(row, "alignment.human_code"),
                    descriptors: (0..level_count)
                        .map(|level| text(row, &format!("descriptors[{level}]")))
                        .collect(),
                })
                .collect(),
            levels,
            pass_rule: single("pass_rule.rule"),
            pass_level: single("pass_rule.level"),
            max_below: single("pass_rule.max_below"),
        }
    }

    /// Fills the form from a stored definition that becomes `version` when published.
    pub fn from_definition(definition: &MicroCredentialDefinition, version: u32) -> Self {
        let prompt = |prompt: &TextPrompt| PromptRow {
            id: prompt.id.clone(),
            prompt: prompt.prompt.clone(),
            word_limit: prompt.word_limit.to_string(),
            required: prompt.required,
        };
        let requirements = &definition.requirements;
        let mut form = Self {
            org_id: String::new(),
            slug: definition.slug.clone(),
            version: version.to_string(),
            title: definition.title.clone(),
            summary: definition.summary.clone(),
            framework: definition
                .competency
                .framework_identifier
                .clone()
                .unwrap_or_default(),
            competency: definition.competency.identifier.clone(),
            key_method: definition.key_method.clone(),
            rationale: definition.rationale.clone(),
            attribution: definition.attribution.clone().unwrap_or_default(),
            credits: definition
                .credits
                .map(|credits| credits.to_string())
                .unwrap_or_default(),
            method_components: definition
                .method_components
                .iter()
                .map(|component| ComponentRow {
                    title: component.title.clone(),
                    description: component.description.clone(),
                })
                .collect(),
            research: definition
                .research
                .iter()
                .map(|source| ResearchRow {
                    citation: source.citation.clone(),
                    url: source.url.clone().unwrap_or_default(),
                })
                .collect(),
            resources: definition
                .resources
                .iter()
                .map(|resource| ResourceRow {
                    title: resource.title.clone(),
                    url: resource.url.clone(),
                    note: resource.note.clone().unwrap_or_default(),
                })
                .collect(),
            overview: requirements.overview.iter().map(prompt).collect(),
            artifacts: requirements.artifacts.iter().map(artifact_row).collect(),
            reflection: requirements.reflection.iter().map(prompt).collect(),
            levels: Vec::new(),
            criteria: Vec::new(),
            pass_rule: match definition.pass_rule {
                PassRule::NonCompensatory { .. } => "non_compensatory",
                PassRule::CountBased { .. } => "count_based",
            }
            .to_owned(),
            pass_level: definition.pass_rule.bar_level().to_owned(),
            max_below: definition.pass_rule.max_below().to_string(),
        };
        form.set_rubric(&definition.rubric);
        form
    }

    /// Replaces the levels and criteria with those of `rubric`.
    pub fn set_rubric(&mut self, rubric: &Rubric) {
        self.levels = rubric
            .levels
            .iter()
            .map(|level| LevelRow {
                id: level.id.clone(),
                title: level.title.clone(),
                score: level.score.to_string(),
            })
            .collect();
        self.criteria = rubric
            .criteria
            .iter()
            .map(|criterion| CriterionRow {
                id: criterion.id.clone(),
                title: criterion.title.clone(),
                description: criterion.description.clone(),
                optional: criterion.optional,
                category: criterion.category.clone().unwrap_or_default(),
                alignment_identifier: criterion
                    .alignment
                    .as_ref()
                    .map(|item| item.identifier.clone())
                    .unwrap_or_default(),
                alignment_uri: criterion
                    .alignment
                    .as_ref()
                    .map(|item| item.uri.clone())
                    .unwrap_or_default(),
                alignment_human_code: criterion
                    .alignment
                    .as_ref()
                    .and_then(|item| item.human_code.clone())
                    .unwrap_or_default(),
                descriptors: rubric
                    .levels
                    .iter()
                    .map(|level| {
                        criterion
                            .descriptor(&level.id)
                            .map(str::to_owned)
                            .unwrap_or_default()
                    })
                    .collect(),
            })
            .collect();
    }

    /// Adds, removes or moves one row. Removing or moving a level does the same to that
    /// level's descriptor in every criterion, so descriptors stay with their level.
    pub fn apply(&mut self, action: RowAction) {
        let list = match action {
            RowAction::Add(list)
            | RowAction::Remove(list, _)
            | RowAction::MoveUp(list, _)
            | RowAction::MoveDown(list, _) => list,
        };
        match list {
            List::MethodComponents => {
                change_rows(&mut self.method_components, action, ComponentRow::default)
            }
            List::Research => change_rows(&mut self.research, action, ResearchRow::default),
            List::Resources => change_rows(&mut self.resources, action, ResourceRow::default),
            List::Overview => change_rows(&mut self.overview, action, new_prompt),
            List::Artifacts => change_rows(&mut self.artifacts, action, new_artifact),
            List::Reflection => change_rows(&mut self.reflection, action, new_prompt),
            List::Levels => {
                change_rows(&mut self.levels, action, LevelRow::default);
                for criterion in &mut self.criteria {
                    change_rows(&mut criterion.descriptors, action, String::new);
                }
            }
            List::Criteria => {
                let levels = self.levels.len();
                change_rows(&mut self.criteria, action, || CriterionRow {
                    descriptors: vec![String::new(); levels],
                    ..CriterionRow::default()
                });
            }
        }
    }

    /// Builds the definition the form describes, with `competency` looked up by the caller.
    ///
    /// Returns the problems of values that are not numbers where a number is needed. Such a
    /// value counts as 1, so the domain's own checks still run on everything else.
    pub fn to_definition(
        &self,
        competency: Competency,
    ) -> (MicroCredentialDefinition, Vec<FormProblem>) {
        let mut problems = Vec::new();
        let definition = MicroCredentialDefinition {
            slug: self.slug.trim().to_owned(),
            title: self.title.trim().to_owned(),
            summary: self.summary.trim().to_owned(),
            competency,
            key_method: self.key_method.trim().to_owned(),
            method_components: self
                .method_components
                .iter()
                .map(|row| MethodComponent {
                    title: row.title.trim().to_owned(),
                    description: row.description.trim().to_owned(),
                })
                .collect(),
            research: self
                .research
                .iter()
                .map(|row| ResearchSource {
                    citation: row.citation.trim().to_owned(),
                    url: non_empty(&row.url),
                })
                .collect(),
            rationale: self.rationale.trim().to_owned(),
            resources: self
                .resources
                .iter()
                .map(|row| Resource {
                    title: row.title.trim().to_owned(),
                    url: row.url.trim().to_owned(),
                    note: non_empty(&row.note),
                })
                .collect(),
            requirements: self.requirements(&mut problems),
            rubric: self.rubric(&mut problems),
            pass_rule: self.pass_rule_of(&mut problems),
            attribution: non_empty(&self.attribution),
            credits: self.credits_of(&mut problems),
        };
        (definition, problems)
    }

    fn requirements(&self, problems: &mut Vec<FormProblem>) -> SubmissionRequirements {
        let prompts = |rows: &[PromptRow], list: List, problems: &mut Vec<FormProblem>| {
            rows.iter()
                .enumerate()
                .map(|(index, row)| TextPrompt {
                    id: row.id.trim().to_owned(),
                    prompt: row.prompt.trim().to_owned(),
                    word_limit: whole_number(
                        &row.word_limit,
                        format!("{}[{index}].word_limit", list.path()),
                        "word limit",
                        "500",
                        problems,
                    ),
                    required: row.required,
                })
                .collect::<Vec<_>>()
        };
        let overview = prompts(&self.overview, List::Overview, problems);
        let reflection = prompts(&self.reflection, List::Reflection, problems);
        let mut artifacts = Vec::new();
        for (index, row) in self.artifacts.iter().enumerate() {
            let field = format!("{}[{index}]", List::Artifacts.path());
            let kind = match row.kind.as_str() {
                "link" => ArtifactKind::Link,
                "text" => ArtifactKind::Text {
                    word_limit: whole_number(
                        &row.word_limit,
                        format!("{field}.word_limit"),
                        "word limit",
                        "500",
                        problems,
                    ),
                },
                _ => ArtifactKind::File {
                    allowed_media_types: row
                        .media_types
                        .split(',')
                        .map(str::trim)
                        .filter(|media_type| !media_type.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    max_bytes: mebibytes_to_bytes(
                        &row.max_mebibytes,
                        format!("{field}.max_mebibytes"),
                        problems,
                    ),
                },
            };
            let max_items = whole_number(
                &row.max_items,
                format!("{field}.max_items"),
                "item count",
                "1",
                problems,
            );
            artifacts.push(ArtifactRequirement {
                id: row.id.trim().to_owned(),
                title: row.title.trim().to_owned(),
                description: row.description.trim().to_owned(),
                kind,
                required: row.required,
                max_items,
            });
        }
        SubmissionRequirements {
            overview,
            artifacts,
            reflection,
        }
    }

    fn rubric(&self, problems: &mut Vec<FormProblem>) -> Rubric {
        let mut levels = Vec::new();
        for (index, row) in self.levels.iter().enumerate() {
            let field = format!("{}[{index}].score", List::Levels.path());
            let score = match row.score.trim().parse::<i32>() {
                Ok(score) => score,
                Err(_) => {
                    problems.push(FormProblem {
                        message: format!(
                            "score {:?} is not a whole number: enter a number such as {index}; \
                             higher scores mean better performance",
                            row.score
                        ),
                        field,
                    });
                    i32::try_from(index).unwrap_or(i32::MAX)
                }
            };
            levels.push(Level {
                id: row.id.trim().to_owned(),
                title: row.title.trim().to_owned(),
                score,
            });
        }
        let criteria = self
            .criteria
            .iter()
            .map(|row| Criterion {
                id: row.id.trim().to_owned(),
                title: row.title.trim().to_owned(),
                description: row.description.trim().to_owned(),
                category: non_empty(&row.category),
                alignment: non_empty(&row.alignment_identifier).map(|identifier| CaseItemRef {
                    identifier,
                    uri: row.alignment_uri.trim().to_owned(),
                    human_code: non_empty(&row.alignment_human_code),
                }),
                optional: row.optional,
                descriptors: row
                    .descriptors
                    .iter()
                    .zip(&levels)
                    .filter(|(text, _)| !text.trim().is_empty())
                    .map(|(text, level)| Descriptor {
                        level_id: level.id.clone(),
                        text: text.trim().to_owned(),
                    })
                    .collect(),
            })
            .collect();
        Rubric { levels, criteria }
    }

    fn credits_of(&self, problems: &mut Vec<FormProblem>) -> Option<Credits> {
        let text = self.credits.trim();
        if text.is_empty() {
            return None;
        }
        match Credits::parse(text) {
            Ok(credits) => Some(credits),
            Err(message) => {
                problems.push(FormProblem {
                    field: "credits".to_owned(),
                    message,
                });
                None
            }
        }
    }

    fn pass_rule_of(&self, problems: &mut Vec<FormProblem>) -> PassRule {
        let level = self.pass_level.trim().to_owned();
        if self.pass_rule == "count_based" {
            PassRule::CountBased {
                max_below: whole_number(
                    &self.max_below,
                    "pass_rule.max_below".to_owned(),
                    "number of criteria allowed below the level",
                    "1",
                    problems,
                ),
                level,
            }
        } else {
            PassRule::NonCompensatory { min_level: level }
        }
    }

    /// Returns the form field that shows a problem the domain reports at `path`.
    ///
    /// Descriptors are numbered per criterion in the domain but shown per level here, and
    /// file limits are in bytes there but in MiB here.
    pub fn field_of(&self, definition: &MicroCredentialDefinition, path: &str) -> String {
        if path == "pass_rule.min_level" {
            return "pass_rule.level".to_owned();
        }
        if let Some(field) = path.strip_suffix(".max_bytes") {
            return format!("{field}.max_mebibytes");
        }
        let criteria = List::Criteria.path();
        if let Some(rest) = path
            .strip_prefix(criteria)
            .and_then(|r| r.strip_prefix('['))
            && let Some((criterion, rest)) = rest.split_once("].descriptors[")
            && let Some((descriptor, _)) = rest.split_once(']')
            && let (Ok(criterion), Ok(descriptor)) =
                (criterion.parse::<usize>(), descriptor.parse::<usize>())
            && let Some(level_id) = definition
                .rubric
                .criteria
                .get(criterion)
                .and_then(|row| row.descriptors.get(descriptor))
                .map(|descriptor| descriptor.level_id.as_str())
            && let Some(level) = definition
                .rubric
                .levels
                .iter()
                .position(|level| level.id == level_id)
        {
            return format!("{criteria}[{criterion}].descriptors[{level}]");
        }
        path.to_owned()
    }
}

fn artifact_row(artifact: &ArtifactRequirement) -> ArtifactRow {
    let mut row = new_artifact();
    row.id = artifact.id.clone();
    row.title = artifact.title.clone();
    row.description = artifact.description.clone();
    row.kind = artifact.kind.code().to_owned();
    row.required = artifact.required;
    row.max_items = artifact.max_items.to_string();
    match &artifact.kind {
        ArtifactKind::File {
            allowed_media_types,
            max_bytes,
        } => {
            row.media_types = allowed_media_types.join(", ");
            // A byte count divided by 2^20 is exact in binary floating point, so the value
            // shown converts back to the same byte count.
            row.max_mebibytes = (*max_bytes as f64 / MEBIBYTE).to_string();
        }
        ArtifactKind::Link => {}
        ArtifactKind::Text { word_limit } => row.word_limit = word_limit.to_string(),
    }
    row
}

/// Parses a count such as a word limit; a value that is not a whole number adds a problem
/// and counts as 1.
fn whole_number(
    value: &str,
    field: String,
    what: &str,
    example: &str,
    problems: &mut Vec<FormProblem>,
) -> u32 {
    match value.trim().parse::<u32>() {
        Ok(number) => number,
        Err(_) => {
            problems.push(FormProblem {
                message: format!(
                    "{what} {value:?} is not a whole number: enter a number such as {example}"
                ),
                field,
            });
            1
        }
    }
}

fn mebibytes_to_bytes(value: &str, field: String, problems: &mut Vec<FormProblem>) -> u64 {
    match value.trim().parse::<f64>() {
        Ok(mebibytes) if mebibytes.is_finite() && mebibytes >= 0.0 => {
            (mebibytes * MEBIBYTE).round() as u64
        }
        _ => {
            problems.push(FormProblem {
                message: format!(
                    "file size limit {value:?} is not a number of MiB: enter a size such as 20"
                ),
                field,
            });
            1
        }
    }
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> MicroCredentialDefinition {
        evident_domain::demo::demo_definitions()
            .unwrap()
            .into_iter()
            .next()
            .unwrap()
    }

    #[test]
    fn definition_round_trips_through_form() {
        for definition in evident_domain::demo::demo_definitions().unwrap() {
            let form = EditorForm::from_definition(&definition, 1);
            let (rebuilt, problems) = form.to_definition(definition.competency.clone());
            assert!(problems.is_empty(), "{}: {problems:?}", definition.slug);
            assert_eq!(rebuilt, definition, "{}", definition.slug);
        }
    }

    #[test]
    fn removing_level_removes_its_descriptors() {
        let definition = sample();
        let mut form = EditorForm::from_definition(&definition, 1);
        let levels = form.levels.len();
        form.apply(RowAction::Remove(List::Levels, 0));
        assert_eq!(form.levels.len(), levels - 1);
        for criterion in &form.criteria {
            assert_eq!(criterion.descriptors.len(), levels - 1);
        }
    }

    #[test]
    fn row_action_parses_button_values() {
        assert_eq!(
            RowAction::parse("down:requirements.overview:2"),
            Some(RowAction::MoveDown(List::Overview, 2))
        );
        assert_eq!(
            RowAction::parse("add:rubric.levels"),
            Some(RowAction::Add(List::Levels))
        );
        assert_eq!(RowAction::parse("remove:rubric.levels"), None);
        assert_eq!(RowAction::parse("add:unknown"), None);
    }

    #[test]
    fn domain_paths_map_to_form_fields() {
        let mut definition = sample();
        let levels: Vec<String> = definition
            .rubric
            .levels
            .iter()
            .map(|l| l.id.clone())
            .collect();
        // The first criterion describes only the last level, so its descriptor 0 is shown
        // in the column of that level.
        definition.rubric.criteria[0]
            .descriptors
            .retain(|d| d.level_id == levels[levels.len() - 1]);
        let form = EditorForm::from_definition(&definition, 1);
        assert_eq!(
            form.field_of(&definition, "rubric.criteria[0].descriptors[0].text"),
            format!("rubric.criteria[0].descriptors[{}]", levels.len() - 1)
        );
        assert_eq!(
            form.field_of(&definition, "requirements.artifacts[1].max_bytes"),
            "requirements.artifacts[1].max_mebibytes"
        );
        assert_eq!(
            form.field_of(&definition, "pass_rule.min_level"),
            "pass_rule.level"
        );
        assert_eq!(form.field_of(&definition, "title"), "title");
    }

    #[test]
    fn text_word_limit_is_a_form_problem() {
        let mut form = EditorForm::from_definition(&sample(), 1);
        form.overview[0].word_limit = "many".to_owned();
        let (_, problems) = form.to_definition(sample().competency);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "requirements.overview[0].word_limit");
        assert!(problems[0].message.contains("\"many\""));
    }
}
