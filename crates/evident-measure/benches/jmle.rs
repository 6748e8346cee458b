//! Times reading and fitting a ratings file, phase by phase.
//!
//! Run with `cargo bench -p evident-measure --bench jmle -- RATINGS.csv [--group COLUMN]`.
//! Without a file it fits a simulated data set of 100,000 ratings. The end-to-end
//! comparison with the reference implementation is `bench/measurement/run.sh`.

use std::fs::File;
use std::io::BufReader;
use std::time::Instant;

use evident_measure::rasch::probability::{category_probabilities, cumulative_thresholds};
use evident_measure::rasch::{self, RaschOptions};
use evident_measure::{CsvOptions, Ratings};

/// Simulates 50,000 examinees with two tasks each, scored by 500 raters.
fn simulated() -> Ratings {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut uniform = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let cumulative = cumulative_thresholds(&[-1.6, 0.0, 1.6]);
    let severities: Vec<f64> = (0..500).map(|_| uniform() - 0.5).collect();
    let mut ratings = Ratings::new(false);
    let mut probabilities = [0.0; 4];
    for n in 0..50_000 {
        let ability = 3.0 * (uniform() - 0.5);
        for (t, difficulty) in [-0.25, 0.25].iter().enumerate() {
            let rater = (uniform() * 500.0) as usize;
            category_probabilities(
                ability - difficulty - severities[rater],
                &cumulative,
                &mut probabilities,
            );
            let u = uniform();
            let mut total = 0.0;
            let score = probabilities.iter().position(|p| {
                total += p;
                u < total
            });
            let score = score.unwrap_or(3) + 1;
            ratings.push(
                &format!("S{n}"),
                &format!("R{rater}"),
                &format!("T{t}"),
                None,
                score as f64,
            );
        }
    }
    ratings
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let group = args
        .iter()
        .position(|a| a == "--group")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let file = args.iter().find(|a| a.ends_with(".csv")).cloned();

    let start = Instant::now();
    let ratings = match &file {
        Some(path) => {
            let reader = BufReader::new(File::open(path).expect("ratings file opens"));
            Ratings::from_csv(
                reader,
                &CsvOptions {
                    group_column: group,
                },
            )
            .expect("ratings parse")
        }
        None => simulated(),
    };
    let read = start.elapsed();

    let start = Instant::now();
    let mut trace = Vec::new();
    let fit = rasch::fit(
        &ratings,
        &RaschOptions::default(),
        &mut |iteration, residual| {
            trace.push((iteration, residual, start.elapsed()));
        },
    )
    .expect("the model converges");
    let fitted = start.elapsed();

    println!("ratings: {}", ratings.len());
    println!("read: {:.3} s", read.as_secs_f64());
    println!(
        "fit: {:.3} s in {} iterations",
        fitted.as_secs_f64(),
        fit.iterations
    );
    for (iteration, residual, at) in trace.iter().filter(|t| t.0 % 5 == 0 || t.0 < 5) {
        println!(
            "  iteration {iteration:>3}: largest residual {residual:.3e} at {:.3} s",
            at.as_secs_f64()
        );
    }
}
