//! The demo micro-credential definitions shipped in the crate's `demo/` folder.
//!
//! The files are compiled into the crate, so the `evident demo` command works from any
//! directory. Their sources and licences are listed in `demo/README.md`.

use crate::definition::MicroCredentialDefinition;
use crate::error::Error;

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
