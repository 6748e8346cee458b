//! `evident verify`: verify an Open Badges 3.0 credential from a JSON file,
//! a baked PNG or a baked SVG, and report each verification step.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use evident_credentials::baking::{BakedFormat, extract_credential};
use evident_credentials::online::OnlineResolver;
use evident_credentials::resolver::{LocalResolver, Resolver};
use evident_credentials::verify::{StepStatus, VerificationReport, verify_credential};

/// Verify an Open Badges 3.0 credential.
///
/// Exit code 0: valid; 1: invalid (or the file could not be read);
/// 2: authentic but revoked, suspended or expired. Offline by default:
/// did:key is resolved locally, and did:web DID documents and status lists
/// must be given with --doc unless --online is set.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 valid, 1 invalid or unreadable, 2 revoked, suspended or expired.\n\
Offline by default: did:key is resolved locally; did:web DID documents and status lists\n\
must be given with --doc unless --online is set."
)]
pub struct VerifyArgs {
    /// Credential file: JSON, baked PNG or baked SVG.
    pub file: PathBuf,
    /// Supply a document as URL=FILE: a status list credential URL, a
    /// did:web DID (or its DID document URL), or an HTTPS controller document.
    #[arg(long = "doc", value_name = "URL=FILE")]
    pub docs: Vec<String>,
    /// Fetch documents that were not supplied with --doc over HTTP(S).
    #[arg(long)]
    pub online: bool,
    /// Timeout of each fetch with --online, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Output format of `evident verify`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One line per step, then the outcome.
    Text,
    /// The report as JSON.
    Json,
}

pub fn run(args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let (format, credential) = extract_credential(&bytes)
        .with_context(|| format!("no credential found in {}", args.file.display()))?;

    let mut local = LocalResolver::new();
    for pair in &args.docs {
        let Some((key, path)) = pair.split_once('=') else {
            bail!("--doc {pair:?} is invalid: expected URL=FILE");
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read --doc file {path}"))?;
        let document: serde_json::Value = serde_json::from_str(&text)
            .with_context(|| format!("--doc file {path} is not JSON"))?;
        // A DID document is found by its DID, whatever URL it was given under. An http://
        // URL is also stored under https://, which did:web resolution uses, because a
        // server on a plain-http public URL advertises its DID document that way.
        if let Some(did) = document["id"].as_str().filter(|id| id.starts_with("did:")) {
            local.insert(did, document.clone());
        }
        if let Some(rest) = key.strip_prefix("http://") {
            local.insert(&format!("https://{rest}"), document.clone());
        }
        local.insert(key, document);
    }
    let resolver: Box<dyn Resolver> = if args.online {
        Box::new(OnlineResolver::new(
            local,
            Duration::from_secs(args.timeout),
        ))
    } else {
        Box::new(local)
    };

    let report = verify_credential(&credential, resolver.as_ref());
    match args.format {
        Format::Json => {
            let mut value = serde_json::to_value(&report)?;
            value["source"] = serde_json::Value::String(source_name(format).to_owned());
            super::write_output(&format!("{}\n", serde_json::to_string_pretty(&value)?))?;
        }
        Format::Text => super::write_output(&render_text(&report, format))?,
    }
    Ok(ExitCode::from(report.outcome.exit_code()))
}

fn source_name(format: BakedFormat) -> &'static str {
    match format {
        BakedFormat::Json => "json",
        BakedFormat::Png => "baked-png",
        BakedFormat::Svg => "baked-svg",
    }
}

fn render_text(report: &VerificationReport, format: BakedFormat) -> String {
    let mut out = String::new();
    let id = report.credential_id.as_deref().unwrap_or("(no id)");
    out.push_str(&format!("credential {id} ({})\n", source_name(format)));
    if let Some(issuer) = &report.issuer {
        out.push_str(&format!("issuer     {issuer}\n"));
    }
    for step in &report.steps {
        let status = match step.status {
            StepStatus::Passed => "passed",
            StepStatus::Warning => "warning",
            StepStatus::Skipped => "skipped",
            StepStatus::Failed => "FAILED",
            StepStatus::Revoked => "REVOKED",
            StepStatus::Suspended => "SUSPENDED",
            StepStatus::Expired => "EXPIRED",
        };
        let check = serde_json::to_value(step.check)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push_str(&format!("{status:<9} {check:<18} {}\n", step.message));
    }
    let outcome = serde_json::to_value(report.outcome)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    out.push_str(&format!("outcome: {outcome}\n"));
    out
}
