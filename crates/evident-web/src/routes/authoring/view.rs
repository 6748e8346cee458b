//! The editor form as fields to render: each with its label, hint, value and the problems
//! reported for it.

use super::form::{EditorForm, FormProblem, List};

/// One choice of a select.
pub(crate) struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One form control with its label.
pub(crate) struct FieldView {
    pub name: String,
    pub id: String,
    pub label: String,
    pub hint: String,
    /// `text`, `number`, `url`, `textarea`, `select`, `checkbox` or `hidden`.
    pub kind: &'static str,
    pub value: String,
    pub checked: bool,
    pub options: Vec<OptionView>,
    pub error: String,
    /// Ids of the hint and the error, for `aria-describedby`.
    pub described_by: String,
}

impl FieldView {
    pub fn new(name: impl Into<String>, label: impl Into<String>, kind: &'static str) -> Self {
        let name = name.into();
        Self {
            id: dom_id(&name),
            name,
            label: label.into(),
            hint: String::new(),
            kind,
            value: String::new(),
            checked: false,
            options: Vec::new(),
            error: String::new(),
            described_by: String::new(),
        }
    }

    pub fn value(mut self, value: &str) -> Self {
        self.value = value.to_owned();
        self
    }

    pub fn hint(mut self, hint: &str) -> Self {
        self.hint = hint.to_owned();
        self
    }

    pub fn checked(mut self, checked: bool) -> Self {
        self.checked = checked;
        self
    }

    /// Makes the field a select of `(value, label)` choices. A current value that is not
    /// among them is kept as an extra choice, so re-rendering never drops what was sent.
    pub fn options(mut self, choices: &[(String, String)]) -> Self {
        self.kind = "select";
        let mut options: Vec<OptionView> = choices
            .iter()
            .map(|(value, label)| OptionView {
                selected: *value == self.value,
                value: value.clone(),
                label: label.clone(),
            })
            .collect();
        if !self.value.is_empty() && !options.iter().any(|option| option.selected) {
            options.push(OptionView {
                value: self.value.clone(),
                label: format!("{} (not available)", self.value),
                selected: true,
            });
        }
        self.options = options;
        self
    }

    /// Attaches the messages of `problems` reported for this field.
    fn attach(&mut self, problems: &[FormProblem]) {
        let messages: Vec<&str> = problems
            .iter()
            .filter(|problem| problem.field == self.name)
            .map(|problem| problem.message.as_str())
            .collect();
        self.error = messages.join(" ");
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if !self.error.is_empty() {
            ids.push(format!("{}-error", self.id));
        }
        self.described_by = ids.join(" ");
    }
}

/// Turns a field path such as `rubric.levels[0].id` into an HTML id, `rubric-levels-0-id`.
pub(crate) fn dom_id(name: &str) -> String {
    name.chars()
        .filter(|c| *c != ']')
        .map(|c| if c == '.' || c == '[' { '-' } else { c })
        .collect()
}

/// One row of a list, such as one overview question.
pub(crate) struct RowView {
    pub legend: String,
    pub index: usize,
    pub first: bool,
    pub last: bool,
    pub fields: Vec<FieldView>,
}

/// A list of rows with its add button.
pub(crate) struct SectionView {
    pub id: String,
    pub list: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub add_label: &'static str,
    pub rows: Vec<RowView>,
}

impl SectionView {
    fn new(
        list: List,
        heading: &'static str,
        intro: &'static str,
        add_label: &'static str,
    ) -> Self {
        Self {
            id: dom_id(list.path()),
            list: list.path(),
            heading,
            intro,
            add_label,
            rows: Vec::new(),
        }
    }

    fn push(&mut self, legend: String, fields: Vec<FieldView>) {
        let index = self.rows.len();
        self.rows.push(RowView {
            legend,
            index,
            first: index == 0,
            last: false,
            fields,
        });
    }

    fn finish(mut self) -> Self {
        if let Some(row) = self.rows.last_mut() {
            row.last = true;
        }
        self
    }
}

/// Every field of the editor, grouped as the page shows them.
pub(crate) struct EditorView {
    pub intro: Vec<FieldView>,
    /// The framework select and the competency select.
    pub competency: Vec<FieldView>,
    pub method: Vec<FieldView>,
    pub sections: Vec<SectionView>,
    pub pass_rule: Vec<FieldView>,
}

/// Choices shown in the editor's selects, loaded from the store.
pub(crate) struct Choices {
    /// Organizations the user may create a micro-credential for; empty when editing.
    pub organizations: Vec<(String, String)>,
    pub frameworks: Vec<(String, String)>,
    pub competencies: Vec<(String, String)>,
}

fn prompt_fields(prefix: &str, row: &super::form::PromptRow) -> Vec<FieldView> {
    vec![
        FieldView::new(format!("{prefix}.id"), "Part id", "text")
            .value(&row.id)
            .hint("Lowercase words with hyphens, unique across all parts, such as class-context."),
        FieldView::new(format!("{prefix}.prompt"), "Question", "textarea").value(&row.prompt),
        FieldView::new(format!("{prefix}.word_limit"), "Word limit", "number")
            .value(&row.word_limit)
            .hint("Largest number of words accepted in the answer, above 0."),
        FieldView::new(
            format!("{prefix}.required"),
            "Required before submission",
            "checkbox",
        )
        .checked(row.required),
    ]
}

/// Builds the editor's fields from `form`, attaching each of `problems` to its field.
pub(crate) fn editor_view(
    form: &EditorForm,
    choices: &Choices,
    is_new: bool,
    problems: &[FormProblem],
) -> EditorView {
    let mut sections = method_sections(form);
    sections.extend(requirement_sections(form));
    sections.extend(rubric_sections(form));
    let mut view = EditorView {
        intro: intro_fields(form, choices, is_new),
        competency: competency_fields(form, choices),
        method: method_fields(form),
        sections,
        pass_rule: pass_rule_fields(form),
    };
    for field in view.all_fields_mut() {
        field.attach(problems);
    }
    view
}

fn intro_fields(form: &EditorForm, choices: &Choices, is_new: bool) -> Vec<FieldView> {
    let mut intro = Vec::new();
    if is_new {
        intro.push(
            FieldView::new("org_id", "Issuing organization", "select")
                .value(&form.org_id)
                .options(&choices.organizations),
        );
        intro.push(
            FieldView::new("slug", "Slug (web address)", "text")
                .value(&form.slug)
                .hint("Lowercase letters, digits and single hyphens, such as selecting-digital-resources. It cannot change later."),
        );
    }
    intro.push(FieldView::new("title", "Title", "text").value(&form.title));
    intro.push(
        FieldView::new("summary", "Summary", "textarea")
            .value(&form.summary)
            .hint("One or two sentences for the catalog listing."),
    );
    intro.push(
        FieldView::new("credits", "Credits (optional)", "text")
            .value(&form.credits)
            .hint("Credits an earner receives toward licensure or a career step, written into the credential: a number from 0 to 1000 with at most two decimals, such as 1.5."),
    );
    intro
}

/// Returns the framework select and the competency select.
fn competency_fields(form: &EditorForm, choices: &Choices) -> Vec<FieldView> {
    let framework = FieldView::new("framework", "Framework", "select")
        .value(&form.framework)
        .options(&choices.frameworks);
    let mut competency_choices = vec![(String::new(), "Choose a competency".to_owned())];
    competency_choices.extend(choices.competencies.iter().cloned());
    let competency = FieldView::new("competency", "Competency", "select")
        .value(&form.competency)
        .options(&competency_choices)
        .hint("The one competency this micro-credential certifies, from the framework above.");
    vec![framework, competency]
}

fn method_fields(form: &EditorForm) -> Vec<FieldView> {
    vec![
        FieldView::new("key_method", "Key method", "textarea")
            .value(&form.key_method)
            .hint("The research-backed method the educator applies."),
        FieldView::new("rationale", "Rationale", "textarea")
            .value(&form.rationale)
            .hint("Why the method matters for learners."),
        FieldView::new("attribution", "Attribution (optional)", "textarea")
            .value(&form.attribution)
            .hint("Source and licence of reused material, shown with the definition."),
    ]
}

/// Returns the sections of method components, research and resources.
fn method_sections(form: &EditorForm) -> Vec<SectionView> {
    let mut sections = Vec::new();
    let mut components = SectionView::new(
        List::MethodComponents,
        "Method components",
        "The steps of the key method. At least one is needed.",
        "Add a method component",
    );
    for (index, row) in form.method_components.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::MethodComponents.path());
        components.push(
            format!("Method component {}", index + 1),
            vec![
                FieldView::new(format!("{prefix}.title"), "Name", "text").value(&row.title),
                FieldView::new(
                    format!("{prefix}.description"),
                    "What the educator does",
                    "textarea",
                )
                .value(&row.description),
            ],
        );
    }
    sections.push(components.finish());

    let mut research = SectionView::new(
        List::Research,
        "Research",
        "Sources that support the key method. At least one is needed.",
        "Add a research source",
    );
    for (index, row) in form.research.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::Research.path());
        research.push(
            format!("Research source {}", index + 1),
            vec![
                FieldView::new(format!("{prefix}.citation"), "Citation", "textarea")
                    .value(&row.citation),
                FieldView::new(format!("{prefix}.url"), "Address (optional)", "url")
                    .value(&row.url)
                    .hint("An http or https address, such as a DOI link."),
            ],
        );
    }
    sections.push(research.finish());

    let mut resources = SectionView::new(
        List::Resources,
        "Resources",
        "Optional free learning resources.",
        "Add a resource",
    );
    for (index, row) in form.resources.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::Resources.path());
        resources.push(
            format!("Resource {}", index + 1),
            vec![
                FieldView::new(format!("{prefix}.title"), "Title", "text").value(&row.title),
                FieldView::new(format!("{prefix}.url"), "Address", "url")
                    .value(&row.url)
                    .hint("An http or https address."),
                FieldView::new(format!("{prefix}.note"), "Note (optional)", "text")
                    .value(&row.note),
            ],
        );
    }
    sections.push(resources.finish());

    sections
}

/// Returns the sections of the three parts of the submission requirements.
fn requirement_sections(form: &EditorForm) -> Vec<SectionView> {
    let mut sections = Vec::new();
    for (list, heading, intro_text, add_label, legend) in [
        (
            List::Overview,
            "Part 1: overview questions",
            "Questions about the educator's context, answered in text.",
            "Add an overview question",
            "Overview question",
        ),
        (
            List::Reflection,
            "Part 3: reflection questions",
            "Questions the educator answers after the work, in text. May be empty.",
            "Add a reflection question",
            "Reflection question",
        ),
    ] {
        let rows = if list == List::Overview {
            &form.overview
        } else {
            &form.reflection
        };
        let mut section = SectionView::new(list, heading, intro_text, add_label);
        for (index, row) in rows.iter().enumerate() {
            let prefix = format!("{}[{index}]", list.path());
            section.push(
                format!("{legend} {}", index + 1),
                prompt_fields(&prefix, row),
            );
        }
        sections.push(section.finish());
        if list == List::Overview {
            sections.push(artifact_section(form));
        }
    }

    sections
}

/// Returns the sections of rubric levels and criteria.
fn rubric_sections(form: &EditorForm) -> Vec<SectionView> {
    let mut sections = Vec::new();
    let mut levels = SectionView::new(
        List::Levels,
        "Rubric levels",
        "Performance levels, ordered by score: a higher score is better performance. The pass rule refers to a level by its id.",
        "Add a level",
    );
    for (index, row) in form.levels.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::Levels.path());
        levels.push(
            format!("Level {}", index + 1),
            vec![
                FieldView::new(format!("{prefix}.id"), "Level id", "text")
                    .value(&row.id)
                    .hint("Lowercase words with hyphens, such as demonstrated."),
                FieldView::new(format!("{prefix}.title"), "Level title", "text").value(&row.title),
                FieldView::new(format!("{prefix}.score"), "Score", "number")
                    .value(&row.score)
                    .hint("A whole number; each level needs a different score."),
            ],
        );
    }
    sections.push(levels.finish());

    let mut criteria = SectionView::new(
        List::Criteria,
        "Rubric criteria",
        "What assessors score. Describe each level the criterion uses; leave a descriptor empty when the criterion does not use that level.",
        "Add a criterion",
    );
    for (index, row) in form.criteria.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::Criteria.path());
        let mut fields = vec![
            FieldView::new(format!("{prefix}.id"), "Criterion id", "text").value(&row.id),
            FieldView::new(format!("{prefix}.title"), "Criterion title", "text").value(&row.title),
            FieldView::new(format!("{prefix}.description"), "Description", "textarea")
                .value(&row.description),
            FieldView::new(
                format!("{prefix}.optional"),
                "Optional (may be left unscored)",
                "checkbox",
            )
            .checked(row.optional),
            FieldView::new(format!("{prefix}.category"), "Category", "hidden").value(&row.category),
            FieldView::new(
                format!("{prefix}.alignment.identifier"),
                "Aligned CFItem",
                "hidden",
            )
            .value(&row.alignment_identifier),
            FieldView::new(
                format!("{prefix}.alignment.uri"),
                "Aligned CFItem URI",
                "hidden",
            )
            .value(&row.alignment_uri),
            FieldView::new(
                format!("{prefix}.alignment.human_code"),
                "Aligned CFItem code",
                "hidden",
            )
            .value(&row.alignment_human_code),
        ];
        for (level_index, level) in form.levels.iter().enumerate() {
            let name = if level.title.trim().is_empty() {
                format!("level {}", level_index + 1)
            } else {
                format!("“{}”", level.title.trim())
            };
            fields.push(
                FieldView::new(
                    format!("{prefix}.descriptors[{level_index}]"),
                    format!("Descriptor at {name}"),
                    "textarea",
                )
                .value(
                    row.descriptors
                        .get(level_index)
                        .map(String::as_str)
                        .unwrap_or_default(),
                ),
            );
        }
        criteria.push(format!("Criterion {}", index + 1), fields);
    }
    sections.push(criteria.finish());

    sections
}

fn pass_rule_fields(form: &EditorForm) -> Vec<FieldView> {
    let level_choices: Vec<(String, String)> = form
        .levels
        .iter()
        .filter(|level| !level.id.trim().is_empty())
        .map(|level| {
            (
                level.id.trim().to_owned(),
                format!("{} ({})", level.title.trim(), level.id.trim()),
            )
        })
        .collect();
    vec![
        FieldView::new("pass_rule.rule", "Rule", "select")
            .value(&form.pass_rule)
            .options(&[
                (
                    "non_compensatory".to_owned(),
                    "Every criterion at or above a level".to_owned(),
                ),
                (
                    "count_based".to_owned(),
                    "At most a number of criteria below a level".to_owned(),
                ),
            ]),
        FieldView::new("pass_rule.level", "Level", "select")
            .value(&form.pass_level)
            .options(&level_choices)
            .hint("One of the rubric levels above, as they were when the page was loaded."),
        FieldView::new("pass_rule.max_below", "Criteria allowed below the level", "number")
            .value(&form.max_below)
            .hint("Used by the second rule only: how many criteria may be scored below the level, 0 or more."),
    ]
}

fn artifact_section(form: &EditorForm) -> SectionView {
    let mut section = SectionView::new(
        List::Artifacts,
        "Part 2: artifacts",
        "Work examples the educator submits: uploaded files, links or text.",
        "Add an artifact",
    );
    let kinds = [
        ("file".to_owned(), "Uploaded file".to_owned()),
        ("link".to_owned(), "Link (http or https)".to_owned()),
        ("text".to_owned(), "Text written into the form".to_owned()),
    ];
    for (index, row) in form.artifacts.iter().enumerate() {
        let prefix = format!("{}[{index}]", List::Artifacts.path());
        section.push(
            format!("Artifact {}", index + 1),
            vec![
                FieldView::new(format!("{prefix}.id"), "Part id", "text")
                    .value(&row.id)
                    .hint("Unique across all parts, such as lesson-plan."),
                FieldView::new(format!("{prefix}.title"), "Title", "text").value(&row.title),
                FieldView::new(format!("{prefix}.description"), "What the artifact must show", "textarea")
                    .value(&row.description),
                FieldView::new(format!("{prefix}.kind"), "Kind", "select")
                    .value(&row.kind)
                    .options(&kinds),
                FieldView::new(format!("{prefix}.allowed_media_types"), "Accepted file types", "text")
                    .value(&row.media_types)
                    .hint("For files: media types separated by commas, such as application/pdf, video/*. Empty accepts any type."),
                FieldView::new(format!("{prefix}.max_mebibytes"), "Largest file (MiB)", "text")
                    .value(&row.max_mebibytes)
                    .hint("For files: the size limit of each file, in mebibytes."),
                FieldView::new(format!("{prefix}.word_limit"), "Word limit", "number")
                    .value(&row.word_limit)
                    .hint("For text: the largest number of words, above 0."),
                FieldView::new(format!("{prefix}.max_items"), "Largest number of items", "number")
                    .value(&row.max_items)
                    .hint("How many files, links or texts the educator may give, 1 or more."),
                FieldView::new(format!("{prefix}.required"), "Required before submission", "checkbox")
                    .checked(row.required),
            ],
        );
    }
    section.finish()
}

impl EditorView {
    fn all_fields_mut(&mut self) -> impl Iterator<Item = &mut FieldView> {
        self.intro
            .iter_mut()
            .chain(self.competency.iter_mut())
            .chain(self.method.iter_mut())
            .chain(
                self.sections
                    .iter_mut()
                    .flat_map(|section| section.rows.iter_mut())
                    .flat_map(|row| row.fields.iter_mut()),
            )
            .chain(self.pass_rule.iter_mut())
    }

    /// Returns the id of the element that shows a problem about `field`: the field itself,
    /// else the section of its list, else the top of the form.
    pub fn target_of(&self, field: &str) -> String {
        let fields = self
            .intro
            .iter()
            .chain(self.competency.iter())
            .chain(self.method.iter())
            .chain(
                self.sections
                    .iter()
                    .flat_map(|section| section.rows.iter())
                    .flat_map(|row| row.fields.iter()),
            )
            .chain(self.pass_rule.iter());
        for candidate in fields {
            if candidate.name == field && candidate.kind != "hidden" {
                return candidate.id.clone();
            }
        }
        for section in &self.sections {
            if field.starts_with(section.list) {
                return section.id.clone();
            }
        }
        if field == "cfrubric" {
            return "cfrubric".to_owned();
        }
        if field.starts_with("pass_rule") {
            return "pass-rule".to_owned();
        }
        "editor".to_owned()
    }
}
