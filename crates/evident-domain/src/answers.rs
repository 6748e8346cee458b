//! An educator's answers to the submission parts, and the completeness check run before submit.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::definition::{
    ArtifactKind, ArtifactRequirement, MicroCredentialDefinition, Part, TextPrompt, check_http_url,
    media_type_allowed,
};
use crate::error::Problem;
use crate::media_types::{format_size, media_type_name, media_type_names};
use crate::words::count_words;

/// The answers of one submission attempt, keyed by part id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Answers {
    parts: BTreeMap<String, Answer>,
}

/// The answer to one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Answer {
    /// The answer to an overview or reflection question.
    Text {
        /// The educator's text.
        text: String,
    },
    /// The items given for an artifact.
    Artifacts {
        /// Files, links or texts, in the order the educator added them.
        items: Vec<ArtifactRef>,
    },
}

/// One item of evidence given for an artifact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArtifactRef {
    /// An uploaded file, identified by the hash of its content.
    File {
        /// Hash of the file's bytes, such as `sha256:<hex>`, as the file store computes it.
        content_hash: String,
        /// The file name given at upload.
        file_name: String,
        /// The media type, such as `application/pdf`.
        media_type: String,
        /// Size in bytes.
        size_bytes: u64,
    },
    /// A link to evidence hosted elsewhere.
    Link {
        /// The address.
        url: String,
    },
    /// Evidence written into the form.
    Text {
        /// The text.
        text: String,
    },
}

impl ArtifactRef {
    /// Returns the stable code of the kind: `file`, `link` or `text`.
    pub fn code(&self) -> &'static str {
        match self {
            ArtifactRef::File { .. } => "file",
            ArtifactRef::Link { .. } => "link",
            ArtifactRef::Text { .. } => "text",
        }
    }
}

impl FromIterator<(String, Answer)> for Answers {
    fn from_iter<I: IntoIterator<Item = (String, Answer)>>(iter: I) -> Self {
        Self {
            parts: iter.into_iter().collect(),
        }
    }
}

impl Answers {
    /// Creates an empty set of answers.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the answer to `part_id`, replacing any earlier answer (an autosave).
    pub fn set(&mut self, part_id: impl Into<String>, answer: Answer) {
        self.parts.insert(part_id.into(), answer);
    }

    /// Removes the answer to `part_id` and returns it.
    pub fn remove(&mut self, part_id: &str) -> Option<Answer> {
        self.parts.remove(part_id)
    }

    /// Returns the answer to `part_id`.
    pub fn get(&self, part_id: &str) -> Option<&Answer> {
        self.parts.get(part_id)
    }

    /// Returns every `(part id, answer)` pair, ordered by part id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.parts.iter().map(|(id, answer)| (id.as_str(), answer))
    }

    /// Returns the content hashes of every uploaded file, in part-id order.
    pub fn file_hashes(&self) -> Vec<&str> {
        self.parts
            .values()
            .filter_map(|answer| match answer {
                Answer::Artifacts { items } => Some(items),
                Answer::Text { .. } => None,
            })
            .flatten()
            .filter_map(|item| match item {
                ArtifactRef::File { content_hash, .. } => Some(content_hash.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// The kind of problem [`completeness`] found with one part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum Issue {
    /// A required part has no answer, or only whitespace.
    Missing,
    /// A text is longer than the part's word limit.
    OverWordLimit {
        /// Words counted by [`count_words`].
        words: usize,
        /// The part's limit.
        limit: u32,
    },
    /// A text far longer in characters than its word limit allows, such as one very long
    /// "word" pasted in.
    OverCharacterLimit {
        /// Characters in the text.
        characters: usize,
        /// The maximum, [`character_limit`] of the part's word limit.
        limit: usize,
    },
    /// A link that is not an absolute http or https URL.
    InvalidUrl {
        /// The link given.
        url: String,
    },
    /// A file of a media type the artifact does not accept.
    DisallowedMediaType {
        /// The file's media type.
        media_type: String,
    },
    /// A file larger than the artifact's limit.
    FileTooLarge {
        /// The file's size in bytes.
        size_bytes: u64,
        /// The limit in bytes.
        max_bytes: u64,
    },
    /// A file of zero bytes, or with no content hash.
    EmptyFile,
    /// An answer of another form than the part asks for.
    WrongKind {
        /// The form the part requires: `text`, `file` or `link`.
        expected: String,
        /// The form given.
        found: String,
    },
    /// More items than the artifact accepts.
    TooManyItems {
        /// Items given.
        count: usize,
        /// The artifact's `max_items`.
        max_items: u32,
    },
    /// An answer to a part the definition does not have.
    UnknownPart,
}

/// One missing or invalid part, with a message for the educator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gap {
    /// The part id.
    pub part_id: String,
    /// The kind of problem, for code to match on.
    #[serde(flatten)]
    pub issue: Issue,
    /// The problem and what to do, in a sentence for the educator.
    pub message: String,
}

impl fmt::Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Gap> for Problem {
    fn from(gap: Gap) -> Self {
        Problem::new(gap.part_id, gap.message)
    }
}

/// Lists every missing or invalid part of `answers`, in the definition's part order, followed by
/// answers to parts the definition does not have.
///
/// An empty list means the answers can be submitted. A required part is missing when it has no
/// answer, a text of only whitespace, or no artifact items. Limits apply to optional parts
/// that are answered, too.
pub fn completeness(definition: &MicroCredentialDefinition, answers: &Answers) -> Vec<Gap> {
    let mut gaps = Vec::new();
    for part in definition.requirements.parts() {
        let answer = answers.get(part.id());
        match part {
            Part::Prompt(_, prompt) => check_prompt(prompt, answer, &mut gaps),
            Part::Artifact(artifact) => check_artifact(artifact, answer, &mut gaps),
        }
    }
    for (part_id, _) in answers.iter() {
        if definition.requirements.part(part_id).is_none() {
            gaps.push(Gap {
                part_id: part_id.to_owned(),
                issue: Issue::UnknownPart,
                message: format!(
                    "Part \"{part_id}\" is not in this micro-credential: remove the answer."
                ),
            });
        }
    }
    gaps
}

fn check_prompt(prompt: &TextPrompt, answer: Option<&Answer>, gaps: &mut Vec<Gap>) {
    let gap = |issue, message| Gap {
        part_id: prompt.id.clone(),
        issue,
        message,
    };
    let text = match answer {
        None => None,
        Some(Answer::Text { text }) => Some(text),
        Some(Answer::Artifacts { .. }) => {
            gaps.push(gap(
                Issue::WrongKind {
                    expected: "text".to_owned(),
                    found: "artifacts".to_owned(),
                },
                format!(
                    "\"{}\" asks for a written answer, not files or links.",
                    prompt.prompt
                ),
            ));
            return;
        }
    };
    match text {
        Some(text) if !text.trim().is_empty() => {
            let words = count_words(text);
            if words > prompt.word_limit as usize {
                gaps.push(gap(
                    Issue::OverWordLimit {
                        words,
                        limit: prompt.word_limit,
                    },
                    format!(
                        "The answer to \"{}\" has {words} words, over the limit of {}: shorten it by {}.",
                        prompt.prompt,
                        prompt.word_limit,
                        word_count_text(words - prompt.word_limit as usize)
                    ),
                ));
            } else if let Some((issue, message)) = over_character_limit(
                text,
                prompt.word_limit,
                &format!("The answer to \"{}\"", prompt.prompt),
            ) {
                gaps.push(gap(issue, message));
            }
        }
        _ if prompt.required => gaps.push(gap(
            Issue::Missing,
            format!("\"{}\" is required: write an answer.", prompt.prompt),
        )),
        _ => {}
    }
}

/// Characters allowed per word of a word limit. Words in English average five or six
/// characters; thirty leaves room for long technical words, URLs and other languages.
pub const CHARACTERS_PER_WORD: usize = 30;

/// Returns the most characters a text with `word_limit` words may have. Without it, one
/// "word" of millions of characters would pass a word limit and every page showing it.
pub fn character_limit(word_limit: u32) -> usize {
    (word_limit as usize).max(10) * CHARACTERS_PER_WORD
}

/// Describes a text over its character limit, or returns `None`.
fn over_character_limit(text: &str, word_limit: u32, what: &str) -> Option<(Issue, String)> {
    let characters = text.chars().count();
    let limit = character_limit(word_limit);
    (characters > limit).then(|| {
        (
            Issue::OverCharacterLimit { characters, limit },
            format!(
                "{what} has {characters} characters, more than the {limit} its word limit allows: shorten it."
            ),
        )
    })
}

fn check_artifact(artifact: &ArtifactRequirement, answer: Option<&Answer>, gaps: &mut Vec<Gap>) {
    let items = match answer {
        None => &[][..],
        Some(Answer::Artifacts { items }) => items.as_slice(),
        Some(Answer::Text { .. }) => {
            gaps.push(Gap {
                part_id: artifact.id.clone(),
                issue: Issue::WrongKind {
                    expected: artifact.kind.code().to_owned(),
                    found: "text".to_owned(),
                },
                message: format!(
                    "Artifact \"{}\" takes a {}, not a written answer: add it as a {}.",
                    artifact.title,
                    artifact.kind.code(),
                    artifact.kind.code()
                ),
            });
            return;
        }
    };

    if items.is_empty() {
        if artifact.required {
            gaps.push(Gap {
                part_id: artifact.id.clone(),
                issue: Issue::Missing,
                message: format!(
                    "Artifact \"{}\" is required: add {}.",
                    artifact.title,
                    match artifact.kind {
                        ArtifactKind::File { .. } => "a file",
                        ArtifactKind::Link => "a link",
                        ArtifactKind::Text { .. } => "the text",
                    }
                ),
            });
        }
        return;
    }
    if items.len() > artifact.max_items as usize {
        gaps.push(Gap {
            part_id: artifact.id.clone(),
            issue: Issue::TooManyItems {
                count: items.len(),
                max_items: artifact.max_items,
            },
            message: format!(
                "Artifact \"{}\" has {} items but accepts at most {}: remove {}.",
                artifact.title,
                items.len(),
                artifact.max_items,
                items.len() - artifact.max_items as usize
            ),
        });
    }
    for item in items {
        if let Some((issue, message)) = item_issue(artifact, item) {
            gaps.push(Gap {
                part_id: artifact.id.clone(),
                issue,
                message,
            });
        }
    }
}

fn item_issue(artifact: &ArtifactRequirement, item: &ArtifactRef) -> Option<(Issue, String)> {
    let title = &artifact.title;
    match (&artifact.kind, item) {
        (
            ArtifactKind::File {
                allowed_media_types,
                max_bytes,
            },
            ArtifactRef::File {
                content_hash,
                file_name,
                media_type,
                size_bytes,
            },
        ) => {
            if *size_bytes == 0 || content_hash.trim().is_empty() {
                Some((
                    Issue::EmptyFile,
                    format!("File \"{file_name}\" for \"{title}\" is empty: upload it again."),
                ))
            } else if !media_type_allowed(allowed_media_types, media_type) {
                Some((
                    Issue::DisallowedMediaType {
                        media_type: media_type.clone(),
                    },
                    format!(
                        "File \"{file_name}\" for \"{title}\" is a {} file, which this part does not \
                         accept: upload {}.",
                        media_type_name(media_type),
                        media_type_names(allowed_media_types)
                    ),
                ))
            } else if size_bytes > max_bytes {
                Some((
                    Issue::FileTooLarge {
                        size_bytes: *size_bytes,
                        max_bytes: *max_bytes,
                    },
                    format!(
                        "File \"{file_name}\" for \"{title}\" is {}, over the limit of {}: upload a \
                         smaller file or share a link instead.",
                        format_size(*size_bytes),
                        format_size(*max_bytes)
                    ),
                ))
            } else {
                None
            }
        }
        (ArtifactKind::Link, ArtifactRef::Link { url }) => check_http_url(url).err().map(|reason| {
            (
                Issue::InvalidUrl { url: url.clone() },
                format!(
                    "Link {url:?} for \"{title}\" {reason}: give a full address starting with https://."
                ),
            )
        }),
        (ArtifactKind::Text { word_limit }, ArtifactRef::Text { text }) => {
            let words = count_words(text);
            if text.trim().is_empty() {
                Some((
                    Issue::Missing,
                    format!("The text for \"{title}\" is empty: write it or remove the item."),
                ))
            } else if words > *word_limit as usize {
                Some((
                    Issue::OverWordLimit {
                        words,
                        limit: *word_limit,
                    },
                    format!(
                        "The text for \"{title}\" has {words} words, over the limit of {word_limit}: \
                         shorten it by {}.",
                        word_count_text(words - *word_limit as usize)
                    ),
                ))
            } else {
                over_character_limit(text, *word_limit, &format!("The text for \"{title}\""))
            }
        }
        (kind, item) => Some((
            Issue::WrongKind {
                expected: kind.code().to_owned(),
                found: item.code().to_owned(),
            },
            format!(
                "\"{title}\" takes a {} but a {} was given: replace it with a {}.",
                kind.code(),
                item.code(),
                kind.code()
            ),
        )),
    }
}

/// Formats a word count as "1 word" or "n words".
fn word_count_text(count: usize) -> String {
    if count == 1 {
        "1 word".to_owned()
    } else {
        format!("{count} words")
    }
}
