//! `evident rasch`: many-facet Rasch analysis of a long ratings CSV.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use evident_measure::rasch::{
    self, Anchors, BiasFacet, BiasTable, Convergence, FacetReport, RaschFit, RaschOptions,
    ScaleModel,
};
use evident_measure::{CsvOptions, Facet, Ratings, wright_map};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned text tables.
    Table,
    /// One JSON document with every statistic.
    Json,
}

/// Threshold structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Model {
    /// One set of Andrich thresholds shared by all tasks.
    RatingScale,
    /// One set of thresholds per task.
    PartialCredit,
}

#[derive(Debug, clap::Args)]
pub struct RaschArgs {
    /// Ratings CSV with the columns examinee,rater,task,score and optionally a group column.
    pub file: PathBuf,
    /// Threshold structure.
    #[arg(long, value_enum, default_value = "rating-scale")]
    pub model: Model,
    /// Facet left uncentred, carrying the overall location (examinee, rater or task);
    /// the other facets are centred at 0 unless anchored.
    #[arg(long, default_value = "rater")]
    pub floating: String,
    /// Name of the group column, for example `district` (default: a column named `group`).
    #[arg(long, value_name = "COLUMN")]
    pub group: Option<String>,
    /// Also report rater, task and threshold measures multiplied by (L−1)/L, with L the
    /// mean number of ratings per examinee (Wright & Douglas JMLE bias correction).
    #[arg(long)]
    pub bias_correction: bool,
    /// Estimate interaction terms for a pair of facets after the main analysis, for
    /// example `rater,group` or `rater,examinee`. Repeat for several pairs.
    #[arg(long = "bias", value_name = "FACET,FACET")]
    pub bias: Vec<String>,
    /// Declared rubric range as LOW,HIGH; scores outside it are rejected and unused
    /// scores inside it are reported.
    #[arg(long, value_name = "LOW,HIGH")]
    pub score_range: Option<String>,
    /// Anchor raters, tasks and thresholds at the values in the JSON output of an earlier
    /// `evident rasch --format json` run; examinees then float.
    #[arg(long, value_name = "FIT.json")]
    pub anchor_from: Option<PathBuf>,
    /// Score points by which extreme (all minimum or all maximum) scores are moved inwards.
    #[arg(long, default_value_t = 0.3)]
    pub extreme_adjustment: f64,
    /// Convergence: largest |observed − expected| score of any element, in score points.
    #[arg(long, default_value_t = 1e-4)]
    pub max_residual: f64,
    /// Convergence: largest change of any measure in the last iteration, in logits.
    #[arg(long, default_value_t = 1e-6)]
    pub max_change: f64,
    /// Iterations after which the analysis stops with an error.
    #[arg(long, default_value_t = 5000)]
    pub max_iterations: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also write a Wright map (examinees, raters, tasks and thresholds on one logit
    /// scale) to this SVG file.
    #[arg(long, value_name = "FILE.svg")]
    pub wright_map: Option<PathBuf>,
}

pub fn run(args: RaschArgs) -> anyhow::Result<ExitCode> {
    let csv_options = CsvOptions {
        group_column: args.group.clone(),
    };
    let ratings = read_ratings(&args.file, &csv_options)?;
    let options = options(&args, &ratings)?;

    let spinner = progress_bar(None);
    spinner.set_style(
        ProgressStyle::with_template("{spinner} JMLE iteration {pos} {msg}")
            .expect("valid template"),
    );
    let fit = rasch::fit(&ratings, &options, &mut |iteration, residual| {
        spinner.set_position(iteration as u64);
        spinner.set_message(format!("largest score residual {residual:.2e}"));
    });
    spinner.finish_and_clear();
    let fit =
        fit.with_context(|| format!("failed to fit the Rasch model to {}", args.file.display()))?;

    if let Some(path) = &args.wright_map {
        let title = format!(
            "Wright map of {}",
            args.file.file_name().unwrap_or_default().to_string_lossy()
        );
        std::fs::write(path, wright_map::render(&fit, &title))
            .with_context(|| format!("failed to write the Wright map to {}", path.display()))?;
    }

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &fit)?;
            writeln!(out)?;
        }
        Format::Table => write_tables(&mut out, &fit, ratings.skipped_missing())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Returns a progress bar on stderr, hidden when stderr is not a terminal.
pub(crate) fn progress_bar(length: Option<u64>) -> ProgressBar {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    match length {
        Some(length) => ProgressBar::with_draw_target(Some(length), target),
        None => ProgressBar::with_draw_target(None, target),
    }
}

/// Reads a ratings CSV with a byte progress bar.
pub(crate) fn read_ratings(path: &Path, options: &CsvOptions) -> anyhow::Result<Ratings> {
    let file = File::open(path).with_context(|| format!("failed to open {}", path.display()))?;
    let length = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(Some(length));
    bar.set_style(
        ProgressStyle::with_template("reading {bar:30} {bytes}/{total_bytes} {msg}")
            .expect("valid template"),
    );
    let ratings = Ratings::from_csv(std::io::BufReader::new(bar.wrap_read(file)), options)
        .with_context(|| format!("failed to read ratings from {}", path.display()));
    bar.finish_and_clear();
    ratings
}

fn options(args: &RaschArgs, ratings: &Ratings) -> anyhow::Result<RaschOptions> {
    let mut floating = Facet::parse(&args.floating)?;
    let mut bias_pairs = Vec::new();
    for pair in &args.bias {
        let Some((first, second)) = pair.split_once(',') else {
            bail!(
                "invalid --bias `{pair}`: write two facets separated by a comma, for example rater,group"
            );
        };
        let pair = (BiasFacet::parse(first)?, BiasFacet::parse(second)?);
        if pair.0 == pair.1 {
            bail!("invalid --bias: an interaction needs two different facets");
        }
        if (pair.0 == BiasFacet::Group || pair.1 == BiasFacet::Group) && ratings.group().is_none() {
            bail!(
                "--bias names the group facet but the file has no group column; name it with --group COLUMN"
            );
        }
        bias_pairs.push(pair);
    }
    let score_range = match &args.score_range {
        None => None,
        Some(text) => {
            let parse = |s: &str| s.trim().parse::<i64>();
            match text.split_once(',').map(|(a, b)| (parse(a), parse(b))) {
                Some((Ok(low), Ok(high))) if low < high => Some((low, high)),
                _ => bail!(
                    "invalid --score-range `{text}`: write LOW,HIGH with whole numbers and LOW < HIGH, for example 1,4"
                ),
            }
        }
    };
    let anchors = match &args.anchor_from {
        None => Anchors::default(),
        Some(path) => {
            floating = Facet::Examinee;
            read_anchors(path, ratings)?
        }
    };
    let model = match args.model {
        Model::RatingScale => ScaleModel::RatingScale,
        Model::PartialCredit => ScaleModel::PartialCredit,
    };
    if !(0.0..=0.5).contains(&args.extreme_adjustment) || args.extreme_adjustment == 0.0 {
        bail!(
            "invalid --extreme-adjustment {}: use a number of score points above 0 and at most 0.5",
            args.extreme_adjustment
        );
    }
    Ok(RaschOptions {
        model,
        floating,
        extreme_adjustment: args.extreme_adjustment,
        bias_correction: args.bias_correction,
        convergence: Convergence {
            max_residual: args.max_residual,
            max_change: args.max_change,
            max_iterations: args.max_iterations,
        },
        anchors,
        bias_pairs,
        score_range,
    })
}

/// Reads rater, task and threshold anchors, with the rubric scores of each threshold set,
/// from the JSON output of an earlier fit, keeping the raters and tasks in `ratings`.
fn read_anchors(path: &Path, ratings: &Ratings) -> anyhow::Result<Anchors> {
    let file = File::open(path)
        .with_context(|| format!("failed to open anchor file {}", path.display()))?;
    let fit: serde_json::Value = serde_json::from_reader(std::io::BufReader::new(file))
        .with_context(|| format!("{} is not valid JSON", path.display()))?;
    let mut anchors = Anchors::default();
    let facets = fit["facets"].as_array().with_context(|| {
        format!(
            "{} is not the JSON output of `evident rasch`: `facets` is missing",
            path.display()
        )
    })?;
    for report in facets {
        let facet = Facet::parse(report["facet"].as_str().unwrap_or_default())?;
        if facet == Facet::Examinee {
            continue;
        }
        for element in report["elements"].as_array().into_iter().flatten() {
            let (Some(label), Some(measure)) =
                (element["label"].as_str(), element["measure"].as_f64())
            else {
                continue;
            };
            if ratings.labels(facet).get(label).is_some() {
                anchors.elements.push((facet, label.to_string(), measure));
            }
        }
    }
    let thresholds: Option<Vec<Vec<f64>>> = fit["thresholds"].as_array().map(|sets| {
        sets.iter()
            .map(|set| {
                set["thresholds"]
                    .as_array()
                    .map(|values| values.iter().filter_map(|v| v.as_f64()).collect())
                    .unwrap_or_default()
            })
            .collect()
    });
    let categories: Option<Vec<Vec<i64>>> = fit["thresholds"].as_array().map(|sets| {
        sets.iter()
            .map(|set| {
                set["scores"]
                    .as_array()
                    .map(|values| values.iter().filter_map(|v| v.as_i64()).collect())
                    .unwrap_or_default()
            })
            .collect()
    });
    anchors.thresholds = thresholds;
    anchors.categories = categories;
    Ok(anchors)
}

fn optional(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
}

fn write_tables(out: &mut impl Write, fit: &RaschFit, skipped: usize) -> std::io::Result<()> {
    let model = match fit.model {
        ScaleModel::RatingScale => "rating scale (shared thresholds)",
        ScaleModel::PartialCredit => "partial credit (thresholds per task)",
    };
    writeln!(out, "Many-facet Rasch analysis")?;
    writeln!(out, "model: {model}")?;
    writeln!(out, "estimator: {}", fit.estimator)?;
    let centred: Vec<&str> = fit
        .facets
        .iter()
        .filter(|f| f.centred)
        .map(|f| f.facet.name())
        .collect();
    writeln!(
        out,
        "centring: {} centred at 0, {} floating",
        centred.join(" and "),
        fit.floating
    )?;
    writeln!(
        out,
        "ratings: {} ({:.2} per examinee); {} iterations, largest score residual {:.1e}",
        fit.ratings, fit.ratings_per_examinee, fit.iterations, fit.max_residual
    )?;
    if skipped > 0 {
        writeln!(out, "skipped: {skipped} rows with an empty or NA score")?;
    }
    if let Some(factor) = fit.bias_correction_factor {
        writeln!(
            out,
            "bias correction: rater, task and threshold measures also shown times (L−1)/L = {factor:.4}"
        )?;
    }
    for note in &fit.notes {
        writeln!(out, "note: {note}")?;
    }

    writeln!(out, "\nThresholds (Rasch-Andrich, logits)")?;
    for set in &fit.thresholds {
        writeln!(out, "{}", set.name)?;
        writeln!(
            out,
            "  {:>7} {:>8} {:>10} {:>10}",
            "score", "count", "threshold", "corrected"
        )?;
        for (k, (&score, &count)) in set.scores.iter().zip(&set.counts).enumerate() {
            let threshold = (k > 0).then(|| set.thresholds[k - 1]);
            let corrected = set
                .corrected_thresholds
                .as_ref()
                .filter(|_| k > 0)
                .map(|c| c[k - 1]);
            writeln!(
                out,
                "  {score:>7} {count:>8} {:>10} {:>10}",
                optional(threshold, 3),
                optional(corrected, 3)
            )?;
        }
    }

    writeln!(
        out,
        "\nFacet summaries (non-extreme elements; population SD / sample SD)"
    )?;
    writeln!(
        out,
        "{:<9} {:>7} {:>8} {:>7} {:>11} {:>11} {:>11} {:>11} {:>9}",
        "facet", "count", "mean", "RMSE", "separation", "strata", "reliability", "chi-square", "df"
    )?;
    for report in &fit.facets {
        let s = &report.summary;
        writeln!(
            out,
            "{:<9} {:>7} {:>8.3} {:>7.3} {:>5.2}/{:<5.2} {:>5.2}/{:<5.2} {:>5.2}/{:<5.2} {:>11.2} {:>9}",
            report.facet.name(),
            s.count,
            s.mean,
            s.rmse,
            s.population.separation,
            s.sample.separation,
            s.population.strata,
            s.sample.strata,
            s.population.reliability,
            s.sample.reliability,
            s.fixed_chi_square,
            s.fixed_df
        )?;
    }
    for report in &fit.facets {
        write_facet(out, report, fit.bias_correction_factor.is_some())?;
    }
    for table in &fit.bias {
        write_bias(out, table)?;
    }
    Ok(())
}

fn write_facet(out: &mut impl Write, report: &FacetReport, corrected: bool) -> std::io::Result<()> {
    let meaning = match report.facet {
        Facet::Examinee => "ability",
        Facet::Rater => "severity",
        Facet::Task => "difficulty",
    };
    writeln!(
        out,
        "\n{} measures ({meaning}, logits)",
        report.facet.name()
    )?;
    write!(
        out,
        "{:<16} {:>6} {:>9} {:>8} {:>8} {:>8}",
        "element", "count", "total", "average", "fair", "measure"
    )?;
    if corrected {
        write!(out, " {:>9}", "corrected")?;
    }
    writeln!(
        out,
        " {:>7} {:>7} {:>7} {:>6} {:>7} {:>6}  flag",
        "SE", "real SE", "infit", "ZSTD", "outfit", "ZSTD"
    )?;
    for e in &report.elements {
        write!(
            out,
            "{:<16} {:>6} {:>9.1} {:>8.3} {:>8.3} {:>8.3}",
            e.label, e.count, e.total_score, e.observed_average, e.fair_average, e.measure
        )?;
        if corrected {
            write!(out, " {:>9}", optional(e.corrected_measure, 3))?;
        }
        let flag = match (e.extreme, e.anchored) {
            (Some(rasch::Extreme::Minimum), _) => "extreme minimum",
            (Some(rasch::Extreme::Maximum), _) => "extreme maximum",
            (None, true) => "anchored",
            (None, false) => "",
        };
        writeln!(
            out,
            " {:>7.3} {:>7} {:>7} {:>6} {:>7} {:>6}  {flag}",
            e.model_se,
            optional(e.real_se, 3),
            optional(e.infit_mnsq, 2),
            optional(e.infit_zstd, 1),
            optional(e.outfit_mnsq, 2),
            optional(e.outfit_zstd, 1)
        )?;
    }
    Ok(())
}

fn write_bias(out: &mut impl Write, table: &BiasTable) -> std::io::Result<()> {
    writeln!(
        out,
        "\nBias terms {} x {} (positive: rated higher than the main effects predict), largest |t| first",
        table.first, table.second
    )?;
    writeln!(
        out,
        "{:<16} {:<16} {:>6} {:>9} {:>9} {:>9} {:>8} {:>7} {:>7}",
        table.first, table.second, "count", "observed", "expected", "obs-exp", "bias", "SE", "t"
    )?;
    let mut cells: Vec<_> = table.cells.iter().collect();
    cells.sort_by(|a, b| b.t.abs().total_cmp(&a.t.abs()));
    for c in cells {
        writeln!(
            out,
            "{:<16} {:<16} {:>6} {:>9.1} {:>9.2} {:>9.3} {:>8.3} {:>7.3} {:>7.2}{}",
            c.first,
            c.second,
            c.count,
            c.observed,
            c.expected,
            c.observed_minus_expected_average,
            c.bias,
            c.se,
            c.t,
            if c.extreme { "  extreme cell" } else { "" }
        )?;
    }
    Ok(())
}
