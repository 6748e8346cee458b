//! Checks a CASE package file: prints its version, every repair and the item tree, or
//! every problem when the file is rejected.
//!
//! Usage: `cargo run -p evident-case --example check -- FILE.json`. Exits with status 1
//! when the package is rejected and 2 when the file cannot be read.

use std::process::ExitCode;

use evident_case::{Tree, parse_package};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check FILE.json");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("cannot read {path}: {error}");
            return ExitCode::from(2);
        }
    };
    let import = match parse_package(&bytes) {
        Ok(import) => import,
        Err(rejection) => {
            eprintln!("{path}: {rejection}");
            return ExitCode::from(1);
        }
    };

    let package = &import.package;
    println!(
        "{path}: CASE {} ({}), \"{}\", {} items, {} associations, {} rubrics",
        import.version,
        import.version_evidence,
        package.document.title,
        package.items.len(),
        package.associations.len(),
        package.rubrics().len(),
    );
    println!("{} repairs", import.repairs.len());
    for repair in &import.repairs {
        println!("  {repair}");
    }

    let tree = Tree::build(package);
    println!(
        "tree: {} roots, {} orphans, {} nodes",
        tree.roots().len(),
        tree.orphans().len(),
        tree.len()
    );
    for id in tree.depth_first() {
        let node = tree.node(id);
        let orphan = if tree.orphans().contains(&id) {
            " [orphan]"
        } else {
            ""
        };
        println!(
            "{}{} [{}] {}{orphan}",
            "  ".repeat(node.depth + 1),
            node.human_code().unwrap_or("-"),
            node.item_type().unwrap_or("-"),
            node.item.label(),
        );
    }
    ExitCode::SUCCESS
}
