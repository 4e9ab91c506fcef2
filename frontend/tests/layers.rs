//! The layering of the browser app, checked on its sources: stores import no view and no
//! component, components import no view (see ARCHITECTURE.md, « Stores »).
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, depth first.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// The files of the layer `name` (its module file and its directory) that name one of
/// `forbidden` (`crate::views` and the like).
fn offenders(name: &str, forbidden: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = sources(&src.join(name));
    files.push(src.join(format!("{name}.rs")));
    let mut bad = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (number, line) in text.lines().enumerate() {
            if forbidden.iter().any(|f| line.contains(f)) {
                bad.push(format!(
                    "{}:{}: {}",
                    file.display(),
                    number + 1,
                    line.trim()
                ));
            }
        }
    }
    bad
}

#[test]
fn stores_import_no_view_and_no_component() {
    let bad = offenders("stores", &["crate::views", "crate::components"]);
    assert!(
        bad.is_empty(),
        "stores reach into the screens:\n{}",
        bad.join("\n")
    );
}

#[test]
fn components_import_no_view() {
    let bad = offenders("components", &["crate::views"]);
    assert!(
        bad.is_empty(),
        "components reach into views:\n{}",
        bad.join("\n")
    );
}
