//! The demo micro-credential definitions shipped in the crate's `demo/` folder.
//!
//! The files are compiled into the crate, so the `evident demo` command works from any
//! directory. Their sources and licences are listed in `demo/README.md`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answers::Answers;
use crate::definition::MicroCredentialDefinition;
use crate::error::Error;
use crate::scoring::Score;

/// The demo files as `(file name, JSON text)`, in catalog order.
pub const DEMO_FILES: [(&str, &str); 4] = [
    (
        "selecting-digital-resources.json",
        include_str!("../demo/selecting-digital-resources.json"),
    ),
    (
        "live-coding-teaching-demonstration.json",
        include_str!("../demo/live-coding-teaching-demonstration.json"),
    ),
    (
        "digital-formative-assessment.json",
        include_str!("../demo/digital-formative-assessment.json"),
    ),
    (
        "accessible-digital-learning-materials.json",
        include_str!("../demo/accessible-digital-learning-materials.json"),
    ),
];

/// Sample answers and reviews for the demo definitions, keyed by slug.
pub const SAMPLE_SUBMISSIONS_JSON: &str = include_str!("../demo/samples/submissions.json");

/// Realistic content for a demo submission of one definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleSubmission {
    /// Answers to every question and every text or link artifact. File artifacts are left out,
    /// so the caller uploads a file for each required one.
    pub answers: Answers,
    /// Scores whose decision under the definition's pass rule is "not yet", with feedback.
    pub not_yet_review: Vec<Score>,
    /// Scores for the revised attempt whose decision is a pass, with feedback.
    pub pass_review: Vec<Score>,
}

/// Parses the sample submissions, keyed by definition slug.
///
/// # Errors
///
/// [`Error::InvalidDemoFile`] when the file is not valid JSON for [`SampleSubmission`].
pub fn sample_submissions() -> Result<BTreeMap<String, SampleSubmission>, Error> {
    serde_json::from_str(SAMPLE_SUBMISSIONS_JSON).map_err(|error| Error::InvalidDemoFile {
        file: "samples/submissions.json".to_owned(),
        message: error.to_string(),
    })
}

/// Parses and validates every demo definition, in catalog order.
///
/// # Errors
///
/// [`Error::InvalidDemoFile`] when a file is not valid JSON for
/// [`MicroCredentialDefinition`], and [`Error::InvalidDefinition`] when one fails validation.
pub fn demo_definitions() -> Result<Vec<MicroCredentialDefinition>, Error> {
    DEMO_FILES
        .iter()
        .map(|(file, json)| {
            let definition: MicroCredentialDefinition =
                serde_json::from_str(json).map_err(|error| Error::InvalidDemoFile {
                    file: (*file).to_owned(),
                    message: error.to_string(),
                })?;
            definition.validate()?;
            Ok(definition)
        })
        .collect()
}
