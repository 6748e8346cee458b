//! Micro-credential definitions: what an educator must submit and how it is scored.
//!
//! A definition follows the published structure of educator micro-credentials: one
//! competency, a key method with its components, supporting research and rationale, optional
//! resources, submission requirements in three parts (overview questions, artifacts and
//! reflection), a public rubric and a pass rule.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem};
use crate::pass_rule::PassRule;
use crate::rubric::Rubric;

/// Maximum slug length, in bytes.
pub const MAX_SLUG_LEN: usize = 80;

/// Maximum title length, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Largest per-part file limit a definition may set: 4 GiB, the most a server accepts
/// (`evident serve --max-upload-mb`, whose default is lower).
pub const MAX_FILE_BYTES: u64 = 4096 * 1024 * 1024;

/// A micro-credential as authored by an issuer admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MicroCredentialDefinition {
    /// URL-safe name: lowercase ASCII letters, digits and single hyphens.
    pub slug: String,
    /// Title shown in the catalog.
    pub title: String,
    /// One or two sentences for the catalog listing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// The one competency the micro-credential certifies.
    pub competency: Competency,
    /// The research-backed method the educator applies.
    pub key_method: String,
    /// The components of the key method, at least one.
    pub method_components: Vec<MethodComponent>,
    /// Research that supports the method, at least one source.
    pub research: Vec<ResearchSource>,
    /// Why the method matters for learners.
    pub rationale: String,
    /// Optional free learning resources.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<Resource>,
    /// Submission requirements, in three parts.
    pub requirements: SubmissionRequirements,
    /// The public scoring guide.
    pub rubric: Rubric,
    /// The rule that combines criterion levels into a decision.
    pub pass_rule: PassRule,
    /// Source and licence notes for reused material, shown with the definition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// Credits an earner receives toward licensure or a career step (continuing
    /// education units, for example), written into the credential as `creditsAvailable`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credits: Option<Credits>,
}

/// A non-negative number of credits with at most two decimals, such as `1.5`. Kept in
/// hundredths so that definitions compare and hash exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Credits(u32);

impl Credits {
    /// Maximum credits of one micro-credential, in hundredths (1000 credits).
    pub const MAX_HUNDREDTHS: u32 = 100_000;

    /// Credits from hundredths (`150` is 1.5 credits).
    #[must_use]
    pub fn from_hundredths(hundredths: u32) -> Option<Self> {
        (hundredths <= Self::MAX_HUNDREDTHS).then_some(Self(hundredths))
    }

    /// Parses a decimal number such as `1.5` or `3`.
    ///
    /// # Errors
    ///
    /// A message naming the value when it is negative, not a number, has more than two
    /// decimals or is above 1000.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let problem = || {
            format!(
                "credits `{text}` is not valid: write a number from 0 to 1000 with at most two decimals, such as 1.5"
            )
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 2
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(problem());
        }
        let whole: u32 = whole.parse().map_err(|_| problem())?;
        let fraction: u32 = format!("{fraction:0<2}").parse().map_err(|_| problem())?;
        whole
            .checked_mul(100)
            .and_then(|hundredths| hundredths.checked_add(fraction))
            .and_then(Self::from_hundredths)
            .ok_or_else(problem)
    }

    #[must_use]
    pub fn hundredths(self) -> u32 {
        self.0
    }

    /// Returns the value as a number (`1.5`).
    #[must_use]
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

impl std::fmt::Display for Credits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            f10 if f10.is_multiple_of(10) => write!(f, "{whole}.{}", f10 / 10),
            _ => write!(f, "{whole}.{fraction:02}"),
        }
    }
}

impl Serialize for Credits {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(100) {
            serializer.serialize_u32(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Credits {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        Credits::parse(&number.to_string()).map_err(serde::de::Error::custom)
    }
}

/// A competency from a CASE framework (a CFItem).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Competency {
    /// The CFItem `identifier`.
    pub identifier: String,
    /// The CFItem `uri`.
    pub uri: String,
    /// The CFItem `humanCodingScheme`, such as `2.1`.
    pub human_code: String,
    /// The CFItem `abbreviatedStatement`, when the framework gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The CFItem `fullStatement`.
    pub statement: String,
    /// Title of the framework's CFDocument.
    pub framework_title: String,
    /// Identifier of the framework's CFDocument, used to filter the catalog by framework.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework_identifier: Option<String>,
}

/// One component of the key method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodComponent {
    /// Short name.
    pub title: String,
    /// Description of the educator's actions.
    pub description: String,
}

/// A research source behind the key method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResearchSource {
    /// Full citation.
    pub citation: String,
    /// Address of the source, when available (a DOI or publisher URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A free learning resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// Title.
    pub title: String,
    /// Address (http or https).
    pub url: String,
    /// Content summary or licence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The submission requirements, in the order educators answer them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmissionRequirements {
    /// Part 1: context questions answered in text.
    pub overview: Vec<TextPrompt>,
    /// Part 2: work examples (files, links or text).
    pub artifacts: Vec<ArtifactRequirement>,
    /// Part 3: reflection questions answered in text; may be empty.
    #[serde(default)]
    pub reflection: Vec<TextPrompt>,
}

/// A question answered in text, with a word limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextPrompt {
    /// Part id, unique across all parts of the definition.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// Largest number of words accepted, counted by [`count_words`](crate::words::count_words).
    pub word_limit: u32,
    /// Whether an answer is needed before submission.
    #[serde(default = "default_true")]
    pub required: bool,
}

/// A work example the educator submits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactRequirement {
    /// Part id, unique across all parts of the definition.
    pub id: String,
    /// Short name, such as "Lesson plan".
    pub title: String,
    /// Description of the evidence the artifact must show.
    pub description: String,
    /// The form of the artifact.
    #[serde(flatten)]
    pub kind: ArtifactKind,
    /// Whether the artifact is needed before submission.
    #[serde(default = "default_true")]
    pub required: bool,
    /// Largest number of items (files, links or texts) accepted for this artifact.
    #[serde(default = "default_one")]
    pub max_items: u32,
}

/// The form of an artifact and its limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArtifactKind {
    /// An uploaded file.
    File {
        /// Accepted media types, such as `application/pdf` or `video/*`. Empty accepts any type.
        allowed_media_types: Vec<String>,
        /// Largest file accepted, in bytes.
        max_bytes: u64,
    },
    /// An http or https link, such as a video on a school's platform.
    Link,
    /// Text written into the form.
    Text {
        /// Largest number of words accepted.
        word_limit: u32,
    },
}

impl ArtifactKind {
    /// Returns the stable code of the kind: `file`, `link` or `text`.
    pub fn code(&self) -> &'static str {
        match self {
            ArtifactKind::File { .. } => "file",
            ArtifactKind::Link => "link",
            ArtifactKind::Text { .. } => "text",
        }
    }
}

fn default_true() -> bool {
    true
}

fn default_one() -> u32 {
    1
}

/// A section of the submission requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Part 1, overview questions.
    Overview,
    /// Part 2, artifacts.
    Artifacts,
    /// Part 3, reflection.
    Reflection,
}

/// A borrowed view of one submission part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part<'a> {
    /// An overview or reflection question.
    Prompt(Section, &'a TextPrompt),
    /// An artifact.
    Artifact(&'a ArtifactRequirement),
}

impl Part<'_> {
    /// Returns the part id.
    pub fn id(&self) -> &str {
        match self {
            Part::Prompt(_, prompt) => &prompt.id,
            Part::Artifact(artifact) => &artifact.id,
        }
    }

    /// Returns whether the part must be answered before submission.
    pub fn required(&self) -> bool {
        match self {
            Part::Prompt(_, prompt) => prompt.required,
            Part::Artifact(artifact) => artifact.required,
        }
    }

    /// Returns the section of the part.
    pub fn section(&self) -> Section {
        match self {
            Part::Prompt(section, _) => *section,
            Part::Artifact(_) => Section::Artifacts,
        }
    }
}

impl SubmissionRequirements {
    /// Returns every part in order: overview, artifacts, reflection.
    pub fn parts(&self) -> Vec<Part<'_>> {
        let overview = self
            .overview
            .iter()
            .map(|prompt| Part::Prompt(Section::Overview, prompt));
        let artifacts = self.artifacts.iter().map(Part::Artifact);
        let reflection = self
            .reflection
            .iter()
            .map(|prompt| Part::Prompt(Section::Reflection, prompt));
        overview.chain(artifacts).chain(reflection).collect()
    }

    /// Returns the part with `id`.
    pub fn part(&self, id: &str) -> Option<Part<'_>> {
        self.parts().into_iter().find(|part| part.id() == id)
    }
}

impl MicroCredentialDefinition {
    /// Checks the definition and returns every problem, in document order.
    ///
    /// The checks cover the slug format, the title, key method and rationale, and the
    /// competency fields. At least one method component, research source and required part must
    /// exist. Resource URLs must be http(s), part ids unique and non-empty, and word and file
    /// limits above zero. The rubric is checked by [`Rubric::problems`] and the pass rule by
    /// [`PassRule::problems`].
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        check_slug(&self.slug, &mut problems);
        require_text(
            &self.title,
            "title",
            "give the micro-credential a title",
            &mut problems,
        );
        let title_chars = self.title.chars().count();
        if title_chars > MAX_TITLE_CHARS {
            problems.push(Problem::new(
                "title",
                format!(
                    "the title is {title_chars} characters long: shorten it to {MAX_TITLE_CHARS} or fewer"
                ),
            ));
        }
        self.competency_problems(&mut problems);
        require_text(
            &self.key_method,
            "key_method",
            "name the key method",
            &mut problems,
        );
        self.method_problems(&mut problems);
        require_text(
            &self.rationale,
            "rationale",
            "explain why the method matters",
            &mut problems,
        );
        self.resource_problems(&mut problems);
        self.requirement_problems(&mut problems);

        let rubric_problems = self.rubric.problems("rubric");
        let rubric_is_valid = rubric_problems.is_empty();
        problems.extend(rubric_problems);
        if rubric_is_valid {
            problems.extend(self.pass_rule.problems(&self.rubric, "pass_rule"));
        }
        problems
    }

    /// Checks the definition, as [`MicroCredentialDefinition::problems`] describes.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDefinition`] listing every problem.
    pub fn validate(&self) -> Result<(), Error> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidDefinition { problems })
        }
    }

    fn competency_problems(&self, problems: &mut Vec<Problem>) {
        let competency = &self.competency;
        let fields = [
            (
                "competency.identifier",
                &competency.identifier,
                "copy the CFItem identifier",
            ),
            (
                "competency.human_code",
                &competency.human_code,
                "copy the CFItem humanCodingScheme",
            ),
            (
                "competency.statement",
                &competency.statement,
                "copy the CFItem fullStatement",
            ),
            (
                "competency.framework_title",
                &competency.framework_title,
                "copy the CFDocument title",
            ),
        ];
        for (field, value, fix) in fields {
            require_text(value, field, fix, problems);
        }
        if let Err(reason) = check_http_url(&competency.uri) {
            problems.push(Problem::new(
                "competency.uri",
                format!(
                    "competency URI {:?} {reason}: copy the CFItem uri",
                    competency.uri
                ),
            ));
        }
    }

    fn method_problems(&self, problems: &mut Vec<Problem>) {
        if self.method_components.is_empty() {
            problems.push(Problem::new(
                "method_components",
                "no method components: list at least one component of the key method",
            ));
        }
        for (index, component) in self.method_components.iter().enumerate() {
            let field = format!("method_components[{index}]");
            require_text(
                &component.title,
                &format!("{field}.title"),
                "name the component",
                problems,
            );
            require_text(
                &component.description,
                &format!("{field}.description"),
                "describe what the educator does",
                problems,
            );
        }
        if self.research.is_empty() {
            problems.push(Problem::new(
                "research",
                "no research sources: cite at least one source that supports the key method",
            ));
        }
        for (index, source) in self.research.iter().enumerate() {
            let field = format!("research[{index}]");
            require_text(
                &source.citation,
                &format!("{field}.citation"),
                "write the citation",
                problems,
            );
            if let Some(url) = &source.url
                && let Err(reason) = check_http_url(url)
            {
                problems.push(Problem::new(
                    format!("{field}.url"),
                    format!("research URL {url:?} {reason}: give an http or https address"),
                ));
            }
        }
    }

    fn resource_problems(&self, problems: &mut Vec<Problem>) {
        for (index, resource) in self.resources.iter().enumerate() {
            let field = format!("resources[{index}]");
            require_text(
                &resource.title,
                &format!("{field}.title"),
                "name the resource",
                problems,
            );
            if let Err(reason) = check_http_url(&resource.url) {
                problems.push(Problem::new(
                    format!("{field}.url"),
                    format!(
                        "resource URL {:?} {reason}: give an http or https address",
                        resource.url
                    ),
                ));
            }
        }
    }

    fn requirement_problems(&self, problems: &mut Vec<Problem>) {
        let requirements = &self.requirements;
        let mut ids = HashSet::new();
        let mut check_id = |id: &str, field: String, problems: &mut Vec<Problem>| {
            if id.trim().is_empty() {
                problems.push(Problem::new(field, "part id is empty: give the part an id"));
            } else if id.len() > 80
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                problems.push(Problem::new(
                    field,
                    format!(
                        "part id {id:?} may use only letters, digits, '-', '_' and '.' (at most 80), because it appears in page addresses: write it like reflection-impact"
                    ),
                ));
            } else if !ids.insert(id.to_owned()) {
                problems.push(Problem::new(
                    field,
                    format!("part id {id:?} is used twice: give each part its own id"),
                ));
            }
        };

        for (section, prompts) in [
            ("overview", &requirements.overview),
            ("reflection", &requirements.reflection),
        ] {
            for (index, prompt) in prompts.iter().enumerate() {
                let field = format!("requirements.{section}[{index}]");
                check_id(&prompt.id, format!("{field}.id"), problems);
                require_text(
                    &prompt.prompt,
                    &format!("{field}.prompt"),
                    "write the question",
                    problems,
                );
                check_word_limit(
                    prompt.word_limit,
                    &prompt.id,
                    &format!("{field}.word_limit"),
                    problems,
                );
            }
        }

        for (index, artifact) in requirements.artifacts.iter().enumerate() {
            let field = format!("requirements.artifacts[{index}]");
            check_id(&artifact.id, format!("{field}.id"), problems);
            require_text(
                &artifact.title,
                &format!("{field}.title"),
                "name the artifact",
                problems,
            );
            require_text(
                &artifact.description,
                &format!("{field}.description"),
                "describe what the artifact must show",
                problems,
            );
            if artifact.max_items == 0 {
                problems.push(Problem::new(
                    format!("{field}.max_items"),
                    format!(
                        "artifact {:?} accepts 0 items: set max_items to 1 or more",
                        artifact.id
                    ),
                ));
            }
            artifact_kind_problems(artifact, &field, problems);
        }

        if !requirements.parts().iter().any(Part::required) {
            problems.push(Problem::new(
                "requirements",
                "no required part: mark at least one question or artifact as required",
            ));
        }
    }
}

fn artifact_kind_problems(
    artifact: &ArtifactRequirement,
    field: &str,
    problems: &mut Vec<Problem>,
) {
    match &artifact.kind {
        ArtifactKind::File {
            allowed_media_types,
            max_bytes,
        } => {
            if *max_bytes > MAX_FILE_BYTES {
                problems.push(Problem::new(
                    format!("{field}.max_bytes"),
                    format!(
                        "artifact {:?} accepts files of {} MiB: the largest limit is {} MiB",
                        artifact.id,
                        max_bytes / (1024 * 1024),
                        MAX_FILE_BYTES / (1024 * 1024)
                    ),
                ));
            }
            if *max_bytes == 0 {
                problems.push(Problem::new(
                    format!("{field}.max_bytes"),
                    format!(
                        "artifact {:?} accepts files of 0 bytes: set max_bytes above 0",
                        artifact.id
                    ),
                ));
            }
            for (index, media_type) in allowed_media_types.iter().enumerate() {
                if !is_media_type_pattern(media_type) {
                    problems.push(Problem::new(
                        format!("{field}.allowed_media_types[{index}]"),
                        format!(
                            "{media_type:?} is not a media type: write type/subtype, such as \
                             application/pdf, or type/*, such as video/*"
                        ),
                    ));
                }
            }
        }
        ArtifactKind::Link => {}
        ArtifactKind::Text { word_limit } => {
            check_word_limit(
                *word_limit,
                &artifact.id,
                &format!("{field}.word_limit"),
                problems,
            );
        }
    }
}

fn check_slug(slug: &str, problems: &mut Vec<Problem>) {
    let well_formed = !slug.is_empty()
        && slug.len() <= MAX_SLUG_LEN
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--");
    if !well_formed {
        problems.push(Problem::new(
            "slug",
            format!(
                "slug {slug:?} is invalid: use 1 to {MAX_SLUG_LEN} lowercase letters, digits and \
                 single hyphens, such as \"selecting-digital-resources\""
            ),
        ));
    }
}

fn require_text(value: &str, field: &str, fix: &str, problems: &mut Vec<Problem>) {
    if value.trim().is_empty() {
        problems.push(Problem::new(
            field,
            format!("{} is empty: {fix}", field_words(field)),
        ));
    }
}

/// Writes a field path for people: `method_components[0].title` becomes
/// "method components 1 title", numbering from 1 as forms do.
fn field_words(field: &str) -> String {
    let mut words = String::with_capacity(field.len() + 4);
    let mut index = String::new();
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => in_index = true,
            ']' => {
                in_index = false;
                let number = index
                    .parse::<usize>()
                    .map_or(index.clone(), |n| (n + 1).to_string());
                words.push(' ');
                words.push_str(&number);
                index.clear();
            }
            _ if in_index => index.push(c),
            '_' | '.' => words.push(' '),
            c => words.push(c),
        }
    }
    words
}

fn check_word_limit(limit: u32, part_id: &str, field: &str, problems: &mut Vec<Problem>) {
    if limit == 0 {
        problems.push(Problem::new(
            field,
            format!("word limit of part {part_id:?} is 0, so no answer fits: set a limit above 0"),
        ));
    }
}

/// Checks that `text` is an absolute http or https URL with a host.
///
/// Returns the reason in words when it is not, for use in a message.
pub(crate) fn check_http_url(text: &str) -> Result<url::Url, String> {
    // Browsers and link checkers commonly stop at about 2,000 characters.
    if text.trim().len() > 2048 {
        return Err(format!(
            "is {} characters long, more than the 2048 an address may have",
            text.trim().len()
        ));
    }
    let parsed =
        url::Url::parse(text.trim()).map_err(|error| format!("is not a valid URL ({error})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "uses scheme {:?} instead of http or https",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("has no host".to_owned());
    }
    Ok(parsed)
}

/// Returns whether `pattern` is `type/subtype` or `type/*` in RFC 6838 token characters.
fn is_media_type_pattern(pattern: &str) -> bool {
    let Some((top, sub)) = pattern.split_once('/') else {
        return false;
    };
    let is_token = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    is_token(top) && (sub == "*" || is_token(sub))
}

/// Returns whether `media_type` matches any pattern in `allowed`; an empty list allows all.
///
/// Matching ignores ASCII case and any parameters after `;`, and `type/*` matches every subtype.
pub fn media_type_allowed(allowed: &[String], media_type: &str) -> bool {
    if allowed.is_empty() {
        return true;
    }
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let Some((top, _)) = essence.split_once('/') else {
        return false;
    };
    allowed.iter().any(|pattern| {
        let pattern = pattern.trim().to_ascii_lowercase();
        match pattern.strip_suffix("/*") {
            Some(pattern_top) => pattern_top == top,
            None => pattern == essence,
        }
    })
}
