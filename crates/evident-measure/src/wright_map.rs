//! A Wright map of a Rasch fit as standalone SVG.
//!
//! Examinees, raters, tasks and thresholds share one vertical logit scale. Examinees are
//! drawn as a histogram whose bars carry their count in `data-count`, and so are raters
//! or tasks when there are more than [`MAX_LABELLED`]. Smaller facets get one text label
//! per element. Every column is a `<g>` with `data-facet` naming the facet, and the document
//! has a `<title>` and `<desc>` referenced by `aria-labelledby`, so screen readers can
//! announce it.

use std::fmt::Write;

use crate::rasch::RaschFit;
use crate::ratings::Facet;

/// Facets with more elements than this are drawn as histograms instead of labels.
pub const MAX_LABELLED: usize = 60;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 640.0;
const TOP: f64 = 70.0;
const BOTTOM: f64 = 40.0;
const AXIS_X: f64 = 70.0;
const COLUMN_WIDTH: f64 = 200.0;
const BIN_WIDTH: f64 = 0.25;

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

struct Scale {
    low: f64,
    high: f64,
}

impl Scale {
    fn y(&self, logit: f64) -> f64 {
        TOP + (self.high - logit) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM)
    }
}

/// Measures shown for one facet: rater and task measures use the (L−1)/L corrected values
/// when the fit has them.
fn measures(fit: &RaschFit, facet: Facet) -> Vec<(String, f64)> {
    fit.facet(facet)
        .elements
        .iter()
        .map(|e| (e.label.clone(), e.corrected_measure.unwrap_or(e.measure)))
        .collect()
}

/// Renders the Wright map of `fit` with `title` as its accessible name.
pub fn render(fit: &RaschFit, title: &str) -> String {
    let columns: Vec<(Facet, Vec<(String, f64)>)> =
        Facet::ALL.iter().map(|&f| (f, measures(fit, f))).collect();
    let thresholds: Vec<(String, f64)> = fit
        .thresholds
        .iter()
        .flat_map(|set| {
            let values = set
                .corrected_thresholds
                .clone()
                .unwrap_or_else(|| set.thresholds.clone());
            let name = set.name.clone();
            let scores = set.scores.clone();
            values
                .into_iter()
                .enumerate()
                .map(move |(k, v)| (format!("{name} {}|{}", scores[k], scores[k + 1]), v))
        })
        .collect();
    let all = columns
        .iter()
        .flat_map(|(_, m)| m.iter())
        .chain(thresholds.iter())
        .map(|(_, v)| *v);
    let (low, high) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let scale = Scale {
        low: (low - 0.5).floor(),
        high: (high + 0.5).ceil(),
    };

    let mut svg = String::new();
    let description = format!(
        "Wright map on one logit scale from {} to {}: {} examinees, {} raters, {} tasks and {} thresholds. Higher is more able for examinees, more severe for raters and harder for tasks.{}",
        scale.low,
        scale.high,
        columns[0].1.len(),
        columns[1].1.len(),
        columns[2].1.len(),
        thresholds.len(),
        if fit.bias_correction_factor.is_some() {
            " Rater, task and threshold measures are (L−1)/L corrected."
        } else {
            ""
        }
    );
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="map-title map-desc" font-family="sans-serif" font-size="11">"#
    );
    let _ = writeln!(svg, r#"<title id="map-title">{}</title>"#, escape(title));
    let _ = writeln!(
        svg,
        r#"<desc id="map-desc">{}</desc>"#,
        escape(&description)
    );
    let _ = writeln!(
        svg,
        r#"<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>"#
    );
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="28" font-size="16" font-weight="bold">{}</text>"#,
        AXIS_X,
        escape(title)
    );
    axis(&mut svg, &scale);

    for (column, (facet, values)) in columns.iter().enumerate() {
        let x = AXIS_X + 20.0 + column as f64 * COLUMN_WIDTH;
        let heading = match facet {
            Facet::Examinee => "Examinees (ability)",
            Facet::Rater => "Raters (severity)",
            Facet::Task => "Tasks (difficulty)",
        };
        let _ = writeln!(svg, r#"<g data-facet="{}">"#, facet.name());
        let _ = writeln!(
            svg,
            r#"<text x="{x}" y="{}" font-weight="bold">{heading}</text>"#,
            TOP - 20.0
        );
        if *facet == Facet::Examinee || values.len() > MAX_LABELLED {
            histogram(&mut svg, &scale, x, values);
        } else {
            labels(&mut svg, &scale, x, values);
        }
        let _ = writeln!(svg, "</g>");
    }
    let x = AXIS_X + 20.0 + 3.0 * COLUMN_WIDTH;
    let _ = writeln!(svg, r#"<g data-facet="threshold">"#);
    let _ = writeln!(
        svg,
        r#"<text x="{x}" y="{}" font-weight="bold">Thresholds</text>"#,
        TOP - 20.0
    );
    labels(&mut svg, &scale, x, &thresholds);
    let _ = writeln!(svg, "</g>");
    svg.push_str("</svg>\n");
    svg
}

fn axis(svg: &mut String, scale: &Scale) {
    let _ = writeln!(svg, r#"<g data-facet="axis">"#);
    let _ = writeln!(
        svg,
        r##"<line x1="{AXIS_X}" y1="{}" x2="{AXIS_X}" y2="{}" stroke="#333"/>"##,
        scale.y(scale.high),
        scale.y(scale.low)
    );
    let mut tick = scale.low;
    while tick <= scale.high + 1e-9 {
        let y = scale.y(tick);
        let _ = writeln!(
            svg,
            r##"<line x1="{}" y1="{y:.1}" x2="{AXIS_X}" y2="{y:.1}" stroke="#333"/><text x="{}" y="{:.1}" text-anchor="end">{tick}</text>"##,
            AXIS_X - 5.0,
            AXIS_X - 8.0,
            y + 4.0
        );
        tick += 1.0;
    }
    let _ = writeln!(
        svg,
        r#"<text x="18" y="{:.1}" transform="rotate(-90 18 {:.1})" text-anchor="middle">logits</text>"#,
        (TOP + HEIGHT - BOTTOM) / 2.0,
        (TOP + HEIGHT - BOTTOM) / 2.0
    );
    let _ = writeln!(svg, "</g>");
}

fn histogram(svg: &mut String, scale: &Scale, x: f64, values: &[(String, f64)]) {
    let bins = ((scale.high - scale.low) / BIN_WIDTH).ceil() as usize;
    let mut counts = vec![0usize; bins.max(1)];
    for (_, v) in values {
        let bin = (((v - scale.low) / BIN_WIDTH).floor().max(0.0) as usize).min(counts.len() - 1);
        counts[bin] += 1;
    }
    let largest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    for (bin, &count) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
        let from = scale.low + bin as f64 * BIN_WIDTH;
        let to = from + BIN_WIDTH;
        let top = scale.y(to);
        let height = scale.y(from) - top - 1.0;
        let width = (count as f64 / largest * (COLUMN_WIDTH - 40.0)).max(1.0);
        let _ = writeln!(
            svg,
            r##"<rect class="bin" data-count="{count}" x="{x}" y="{top:.1}" width="{width:.1}" height="{:.1}" fill="#4a7ab5"><title>{count} between {from} and {to} logits</title></rect>"##,
            height.max(0.5)
        );
    }
}

fn labels(svg: &mut String, scale: &Scale, x: f64, values: &[(String, f64)]) {
    for (label, value) in values {
        let _ = writeln!(
            svg,
            r#"<text class="element" x="{x}" y="{:.1}"><title>{} at {value:.2} logits</title>{}</text>"#,
            scale.y(*value) + 4.0,
            escape(label),
            escape(label)
        );
    }
}
