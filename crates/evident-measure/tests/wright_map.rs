//! The Wright map is valid XML, accessible, and shows every element once.

use std::fs::File;

use evident_measure::rasch::{self, RaschOptions, ScaleModel};
use evident_measure::{CsvOptions, Facet, Ratings, wright_map};

fn fit(case: &str, model: ScaleModel) -> rasch::RaschFit {
    let path = format!("{}/tests/data/{case}/data.csv", env!("CARGO_MANIFEST_DIR"));
    let ratings = Ratings::from_csv(File::open(path).unwrap(), &CsvOptions::default()).unwrap();
    let options = RaschOptions {
        model,
        ..RaschOptions::default()
    };
    rasch::fit(&ratings, &options, &mut |_, _| {}).unwrap()
}

fn facet_group<'a>(document: &'a roxmltree::Document, facet: &str) -> roxmltree::Node<'a, 'a> {
    document
        .descendants()
        .find(|n| n.attribute("data-facet") == Some(facet))
        .unwrap_or_else(|| panic!("no group for {facet}"))
}

fn labelled(group: roxmltree::Node) -> usize {
    group
        .children()
        .filter(|n| n.has_tag_name("text") && n.attribute("class") == Some("element"))
        .count()
}

fn histogram_total(group: roxmltree::Node) -> usize {
    group
        .children()
        .filter_map(|n| n.attribute("data-count"))
        .map(|c| c.parse::<usize>().unwrap())
        .sum()
}

#[test]
fn wright_map_counts_every_element() {
    let fit = fit("mfrm_sirt_ratings1", ScaleModel::PartialCredit);
    let svg = wright_map::render(&fit, "Ratings & raters <ratings1>");
    let document = roxmltree::Document::parse(&svg).expect("the Wright map is well-formed XML");
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    assert_eq!(
        root.attribute("aria-labelledby"),
        Some("map-title map-desc")
    );
    let title = root.children().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("Ratings & raters <ratings1>"));
    assert!(root.children().any(|n| n.has_tag_name("desc")));

    let examinees = fit.facet(Facet::Examinee).elements.len();
    assert_eq!(
        histogram_total(facet_group(&document, "examinee")),
        examinees
    );
    assert_eq!(labelled(facet_group(&document, "rater")), 7);
    assert_eq!(labelled(facet_group(&document, "task")), 5);
    assert_eq!(labelled(facet_group(&document, "threshold")), 5 * 3);
}

#[test]
fn wright_map_labels_guilford_judges() {
    let fit = fit("mfrm_guilford_creativity", ScaleModel::RatingScale);
    let svg = wright_map::render(&fit, "Creativity");
    let document = roxmltree::Document::parse(&svg).unwrap();
    let raters: Vec<String> = facet_group(&document, "rater")
        .children()
        .filter(|n| n.attribute("class") == Some("element"))
        .map(|n| {
            n.children()
                .filter(|c| c.is_text())
                .map(|c| c.text().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(raters, ["Avogadro", "Brahe", "Cavendish"]);
    assert_eq!(labelled(facet_group(&document, "threshold")), 8);
}
