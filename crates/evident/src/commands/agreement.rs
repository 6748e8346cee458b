//! `evident agreement`: rater agreement and reliability statistics from a CSV.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use evident_stats::{
    AgreementReport, Bootstrap, Level, Ratings, RatingsBuilder, ReportOptions, Scale, StatsError,
    agreement_report,
};
use indicatif::{ProgressBar, ProgressStyle};

/// Files larger than this show a progress bar while they are read (on a terminal).
const PROGRESS_THRESHOLD_BYTES: u64 = 4 * 1024 * 1024;

/// Records read between progress bar updates.
const PROGRESS_EVERY_RECORDS: u64 = 65_536;

/// Compute agreement and reliability statistics from a ratings CSV.
///
/// Long form has the columns unit,rater,score (any order, one rating per row;
/// an empty score keeps a unit without ratings). Wide form (--wide) has the
/// unit in the first column and one column per rater; an empty cell is a
/// missing rating.
#[derive(Debug, clap::Args)]
pub struct AgreementArgs {
    /// Ratings CSV file.
    pub file: PathBuf,
    /// Read wide form: first column unit, one column per rater.
    #[arg(long)]
    pub wide: bool,
    /// Rubric scale in order: an integer range such as 1..4, or labels
    /// separated by commas such as novice,developing,proficient.
    #[arg(long)]
    pub scale: String,
    /// Level of measurement; statistics for higher levels are left out.
    #[arg(long, value_enum, default_value_t = LevelArg::Ordinal)]
    pub level: LevelArg,
    /// Add Cohen's kappa for every pair of raters.
    #[arg(long)]
    pub pairs: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Bootstrap replicates for the Krippendorff's alpha intervals.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub bootstrap: u32,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 20_261_204)]
    pub seed: u64,
}

/// Level of measurement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LevelArg {
    /// Unordered categories.
    Nominal,
    /// Ordered categories.
    Ordinal,
    /// Numeric scores with meaningful differences.
    Interval,
    /// Numeric scores with a true zero.
    Ratio,
}

impl From<LevelArg> for Level {
    fn from(level: LevelArg) -> Level {
        match level {
            LevelArg::Nominal => Level::Nominal,
            LevelArg::Ordinal => Level::Ordinal,
            LevelArg::Interval => Level::Interval,
            LevelArg::Ratio => Level::Ratio,
        }
    }
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text table.
    Table,
    /// One flat JSON object: statistic name to number (null when undefined).
    Json,
    /// CSV with the columns statistic,value,undefined_reason.
    Csv,
}

/// Reads the ratings, computes every statistic that applies and prints them.
pub fn run(args: AgreementArgs) -> anyhow::Result<ExitCode> {
    let scale = Scale::parse(&args.scale).context("invalid --scale")?;
    let level = Level::from(args.level);
    scale.check_level(level).context("invalid --level")?;
    let ratings = read_ratings(&args.file, scale, args.wide)?;
    let options = ReportOptions {
        level,
        pairs: args.pairs,
        bootstrap: Bootstrap {
            replicates: args.bootstrap as usize,
            seed: args.seed,
        },
        custom_weights: None,
    };

    let report = agreement_report(&ratings, &options);
    let output = match args.format {
        Format::Json => format_json(&report),
        Format::Csv => format_csv(&report)?,
        Format::Table => format_table(&report, &ratings, level, &args),
    };

    super::write_output(&output)?;
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(path: &Path) -> ProgressBar {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size < PROGRESS_THRESHOLD_BYTES {
        return ProgressBar::hidden();
    }

    let bar = ProgressBar::new(size);
    if let Ok(style) =
        ProgressStyle::with_template("reading {bar:40} {bytes}/{total_bytes} ({eta})")
    {
        bar.set_style(style);
    }
    bar
}

fn open_reader(path: &Path) -> anyhow::Result<csv::Reader<BufReader<File>>> {
    let file = File::open(path).with_context(|| format!("failed to open {}", path.display()))?;
    Ok(csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(BufReader::with_capacity(1 << 16, file)))
}

/// Returns field `index` of `record` without surrounding whitespace.
fn field(record: &csv::ByteRecord, index: usize, line: u64) -> anyhow::Result<&str> {
    std::str::from_utf8(&record[index])
        .map(str::trim)
        .with_context(|| format!("line {line}: column {} is not valid UTF-8", index + 1))
}

fn read_ratings(path: &Path, scale: Scale, wide: bool) -> anyhow::Result<Ratings> {
    let mut reader = open_reader(path)?;
    let headers = reader
        .byte_headers()
        .with_context(|| format!("failed to read the header of {}", path.display()))?
        .clone();
    let header_names: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let mut builder = RatingsBuilder::new(scale);
    if let Ok(metadata) = std::fs::metadata(path) {
        // About 14 bytes per long-form row; a reservation avoids regrowth.
        builder.reserve((metadata.len() / 14) as usize);
    }

    let bar = progress_bar(path);
    let mut record = csv::ByteRecord::new();
    let mut records = 0u64;
    let columns = if wide {
        if header_names.len() < 2 {
            bail!(
                "line 1: wide form needs a unit column and at least one rater column, found {}",
                header_names.join(",")
            );
        }
        None
    } else {
        Some(long_columns(&header_names)?)
    };
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .with_context(|| format!("failed to read {}", path.display()))?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, csv::Position::line);
        if record.len() != header_names.len() {
            bail!(
                "line {line}: {} fields, the header has {}; quote fields that contain commas",
                record.len(),
                header_names.len()
            );
        }
        match columns {
            Some((unit_column, rater_column, score_column)) => {
                let unit = field(&record, unit_column, line)?;
                let rater = field(&record, rater_column, line)?;
                let score = field(&record, score_column, line)?;
                let result = if score.is_empty() {
                    builder.add_unit(unit)
                } else {
                    builder.add(unit, rater, score)
                };
                result.with_context(|| format!("line {line}"))?;
            }
            None => {
                let unit = field(&record, 0, line)?;
                builder
                    .add_unit(unit)
                    .with_context(|| format!("line {line}"))?;
                for (index, rater) in header_names.iter().enumerate().skip(1) {
                    let score = field(&record, index, line)?;
                    if !score.is_empty() {
                        builder
                            .add(unit, rater, score)
                            .with_context(|| format!("line {line}, column '{rater}'"))?;
                    }
                }
            }
        }
        records += 1;
        if records.is_multiple_of(PROGRESS_EVERY_RECORDS) {
            bar.set_position(record.position().map_or(0, csv::Position::byte));
        }
    }
    bar.finish_and_clear();
    match builder.build() {
        Ok(ratings) => Ok(ratings),
        Err(StatsError::DuplicateRating { unit, rater }) => {
            let lines = duplicate_lines(path, wide, columns, &unit, &rater)?;
            bail!(
                "lines {}: rater '{rater}' rated unit '{unit}' more than once; keep one rating per unit and rater",
                lines
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        }
        Err(error) => Err(error.into()),
    }
}

/// Finds the columns of a long-form header, matching names case-insensitively.
fn long_columns(header: &[String]) -> anyhow::Result<(usize, usize, usize)> {
    let find = |name: &str| header.iter().position(|h| h.eq_ignore_ascii_case(name));
    match (find("unit"), find("rater"), find("score")) {
        (Some(unit), Some(rater), Some(score)) => Ok((unit, rater, score)),
        _ => bail!(
            "line 1: the header must name the columns unit, rater and score (found {}); use --wide for one column per rater",
            header.join(",")
        ),
    }
}

/// Re-reads the file to find the lines of a duplicate rating, which keeps line
/// numbers out of memory while reading.
fn duplicate_lines(
    path: &Path,
    wide: bool,
    columns: Option<(usize, usize, usize)>,
    unit: &str,
    rater: &str,
) -> anyhow::Result<Vec<u64>> {
    let mut reader = open_reader(path)?;
    let mut lines = Vec::new();
    let mut record = csv::ByteRecord::new();
    while reader.read_byte_record(&mut record)? {
        let line = record.position().map_or(0, csv::Position::line);
        let matches = match columns {
            Some((u, r, s)) => {
                record[u].trim_ascii() == unit.as_bytes()
                    && record[r].trim_ascii() == rater.as_bytes()
                    && !record[s].trim_ascii().is_empty()
            }
            None => wide && record[0].trim_ascii() == unit.as_bytes(),
        };
        if matches {
            lines.push(line);
        }
    }

    Ok(lines)
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn format_json(report: &AgreementReport) -> String {
    let mut out = String::from("{\n");
    let mut first = true;
    for (name, value) in &report.entries {
        let mut push = |key: &str, text: String| {
            if !first {
                out.push_str(",\n");
            }
            first = false;
            let key = serde_json::to_string(key).expect("a string serialises");
            let _ = write!(out, "  {key}: {text}");
        };
        match value {
            Ok(v) => push(name, format_number(*v)),
            Err(reason) => {
                push(name, "null".to_string());
                let reason =
                    serde_json::to_string(&reason.to_string()).expect("a string serialises");
                push(&format!("{name}_undefined_reason"), reason);
            }
        }
    }
    out.push_str("\n}\n");
    out
}

fn format_csv(report: &AgreementReport) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["statistic", "value", "undefined_reason"])?;
    for (name, value) in &report.entries {
        match value {
            Ok(v) => writer.write_record([name.as_str(), &format_number(*v), ""])?,
            Err(reason) => writer.write_record([name.as_str(), "", &reason.to_string()])?,
        }
    }

    let bytes = writer.into_inner().context("failed to write CSV")?;
    Ok(String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8"))
}

fn format_table(
    report: &AgreementReport,
    ratings: &Ratings,
    level: Level,
    args: &AgreementArgs,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "scale {} ({} categories), level {level}, {} ratings",
        ratings.scale(),
        ratings.scale().len(),
        ratings.n_ratings()
    );

    let width = report
        .entries
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(10);
    for (name, value) in &report.entries {
        match value {
            Ok(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => {
                let _ = writeln!(out, "{name:<width$}  {:>12}", *v as i64);
            }
            Ok(v) => {
                let _ = writeln!(out, "{name:<width$}  {v:>12.6}");
            }
            Err(reason) => {
                let _ = writeln!(out, "{name:<width$}  {:>12}  ({reason})", "undefined");
            }
        }
    }

    let _ = write!(
        out,
        "\nMethods:\n\
         - percent agreement: mean over units of the share of agreeing rating pairs\n\
         - Cohen's kappa and Scott's pi: units rated by both raters; Fleiss-Cohen-Everitt SE,\n  \
         normal 95% CI truncated to [-1, 1]\n\
         - Fleiss, Conger, Gwet AC1/AC2, Brennan-Prediger: Gwet's SE, t CI capped at 1\n\
         - Krippendorff's alpha: percentile bootstrap CI over units ({} replicates, seed {};\n  \
         Poisson bootstrap above 20,000 pairable units)\n\
         - ICC, Kendall's W, Light's kappa, all-raters agreement: units rated by every rater\n",
        args.bootstrap, args.seed
    );
    out
}
