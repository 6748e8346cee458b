//! Times every statistic on the large synthetic case (700,481 ratings) inside
//! one process: reading the CSV, building the ratings and the full report.
//!
//! The data come from `bench/agreement/gen_large.py` (needs numpy). Set
//! `AGREEMENT_BENCH_CSV` to a generated file, or the bench generates it with
//! `python3` into the target directory. The whole-process comparison with the
//! Python references is `bench/agreement/run.sh`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use evident_stats::{Level, RatingsBuilder, ReportOptions, Scale, agreement_report};

const RUNS: usize = 5;

fn data_file() -> PathBuf {
    if let Ok(path) = std::env::var("AGREEMENT_BENCH_CSV") {
        return PathBuf::from(path);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("../../target"));
    let path = target.join("agreement-large.csv");
    if !path.exists() {
        let generator = manifest.join("../../bench/agreement/gen_large.py");
        let status = Command::new("python3")
            .arg(&generator)
            .arg(&path)
            .status()
            .expect("python3 runs");
        assert!(
            status.success(),
            "generating {} failed; install numpy or set AGREEMENT_BENCH_CSV",
            path.display()
        );
    }
    path
}

fn run_once(path: &Path) -> (Duration, usize) {
    let start = Instant::now();
    let text = std::fs::read_to_string(path).expect("the CSV is readable");
    let mut builder = RatingsBuilder::new(Scale::parse("1..4").expect("valid scale"));
    for line in text.lines().skip(1) {
        let mut fields = line.split(',');
        let (Some(unit), Some(rater), Some(score)) = (fields.next(), fields.next(), fields.next())
        else {
            panic!("malformed line {line}");
        };
        builder.add(unit, rater, score).expect("valid rating");
    }
    let ratings = builder.build().expect("no duplicates");
    let options = ReportOptions {
        level: Level::Ratio,
        pairs: true,
        ..ReportOptions::default()
    };
    let report = agreement_report(&ratings, &options);
    (start.elapsed(), report.entries.len())
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --all-targets` runs this file
    // without it, and then the bench skips the large data set.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("agreement bench: skipped (run with cargo bench)");
        return;
    }
    let path = data_file();
    let mut times = Vec::with_capacity(RUNS);
    let mut statistics = 0;
    for _ in 0..RUNS {
        let (elapsed, count) = run_once(&path);
        times.push(elapsed);
        statistics = count;
    }
    times.sort();
    println!(
        "agreement report on {}: {statistics} statistics, median {:.3} s over {RUNS} runs (min {:.3} s, max {:.3} s)",
        path.display(),
        times[RUNS / 2].as_secs_f64(),
        times[0].as_secs_f64(),
        times[RUNS - 1].as_secs_f64()
    );
}
