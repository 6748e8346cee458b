//! `evident gstudy`: G study and D studies of a long ratings CSV.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use evident_measure::CsvOptions;
use evident_measure::gtheory::{DStudy, Design, GStudy};
use serde::Serialize;

use super::rasch::{Format, read_ratings};

#[derive(Debug, clap::Args)]
pub struct GstudyArgs {
    /// Ratings CSV with the columns examinee,rater,task,score.
    pub file: PathBuf,
    /// Design written with p (examinee), r (rater) and t (task): `x` crosses, `a:b` nests
    /// a in b, for example `p x r`, `p x t x r`, `r:p` or `p x (r:t)`.
    #[arg(long)]
    pub design: String,
    /// Numbers of raters for D-study projections, comma-separated (raters per task when
    /// raters are nested in tasks).
    #[arg(long, value_delimiter = ',', value_name = "N")]
    pub raters: Vec<f64>,
    /// Numbers of tasks for D-study projections, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "M")]
    pub tasks: Vec<f64>,
    /// Facets to treat as fixed in the D studies (letters r and t, comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "FACET")]
    pub fixed: Vec<char>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Serialize)]
struct Report<'a> {
    g_study: &'a GStudy,
    d_studies: Vec<DStudy>,
}

pub fn run(args: GstudyArgs) -> anyhow::Result<ExitCode> {
    let design = Design::parse(&args.design)?;
    let ratings = read_ratings(&args.file, &CsvOptions::default())?;
    let g = GStudy::estimate(&ratings, &design)
        .with_context(|| format!("failed to run the G study on {}", args.file.display()))?;

    let mut d_studies = vec![g.observed_dstudy(&args.fixed)?];
    for (letter, values) in [('r', &args.raters), ('t', &args.tasks)] {
        if !values.is_empty() && !design.letters.contains(&letter) {
            bail!(
                "--{} was given but the design `{}` has no facet {letter}",
                if letter == 'r' { "raters" } else { "tasks" },
                design.text
            );
        }
    }
    if !args.raters.is_empty() || !args.tasks.is_empty() {
        let observed = g.observed_sample_sizes();
        let choices = |letter: char, given: &Vec<f64>| -> Vec<Option<f64>> {
            if given.is_empty() || !design.letters.contains(&letter) {
                vec![None]
            } else {
                given.iter().map(|&n| Some(n)).collect()
            }
        };
        for raters in choices('r', &args.raters) {
            for tasks in choices('t', &args.tasks) {
                let sizes: Vec<(char, f64)> = observed
                    .iter()
                    .map(|&(letter, n)| match letter {
                        'r' => (letter, raters.unwrap_or(n)),
                        't' => (letter, tasks.unwrap_or(n)),
                        _ => (letter, n),
                    })
                    .collect();
                d_studies.push(g.dstudy(&sizes, &args.fixed)?);
            }
        }
    }

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &Report {
                    g_study: &g,
                    d_studies,
                },
            )?;
            writeln!(out)?;
        }
        Format::Table => write_tables(&mut out, &g, &d_studies, ratings.skipped_missing())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_tables(
    out: &mut impl Write,
    g: &GStudy,
    d_studies: &[DStudy],
    skipped: usize,
) -> std::io::Result<()> {
    writeln!(out, "G study, design {}", g.design)?;
    writeln!(out, "estimator: {}", g.estimator)?;
    writeln!(
        out,
        "ratings: {}, examinees: {}, grand mean {:.4}, {}",
        g.ratings,
        g.examinees,
        g.grand_mean,
        if g.balanced { "balanced" } else { "unbalanced" }
    )?;
    if skipped > 0 {
        writeln!(out, "skipped: {skipped} rows with an empty or NA score")?;
    }
    for note in &g.notes {
        writeln!(out, "note: {note}")?;
    }
    writeln!(
        out,
        "\n{:<10} {:>8} {:>14} {:>12} {:>8}",
        "component", "levels", "T value", "variance", "percent"
    )?;
    for c in &g.components {
        writeln!(
            out,
            "{:<10} {:>8} {:>14.4} {:>12.4} {:>7.1}%{}",
            c.name,
            c.levels,
            c.t_value,
            c.estimate,
            c.percent,
            if c.negative {
                "  negative, 0 in D studies"
            } else {
                ""
            }
        )?;
    }
    writeln!(out, "\nD studies")?;
    writeln!(
        out,
        "{:<40} {:>8} {:>8} {:>10} {:>10} {:>8} {:>8}",
        "sample sizes n′", "Eρ²", "Φ", "σ²(δ)", "σ²(Δ)", "SEM δ", "SEM Δ"
    )?;
    for d in d_studies {
        let sizes: Vec<String> = d
            .sample_sizes
            .iter()
            .map(|(f, n)| format!("{f}={n:.3}"))
            .collect();
        writeln!(
            out,
            "{:<40} {:>8.4} {:>8.4} {:>10.4} {:>10.4} {:>8.4} {:>8.4}",
            sizes.join(" "),
            d.g_coefficient,
            d.phi,
            d.relative_error_variance,
            d.absolute_error_variance,
            d.relative_sem,
            d.absolute_sem
        )?;
    }
    writeln!(
        out,
        "\nThe first row projects the observed design ({}).",
        d_studies[0].convention
    )?;
    Ok(())
}
