//! A page printed to PDF by Chromium (WebDriver's "Print Page"), kept under `artifacts/`,
//! and read back with poppler's `pdftotext` and `pdfinfo` (poppler-utils, installed by
//! `scripts/setup`).

use crate::chromium::Browser;
use crate::workspace_root;
use fantoccini::wd::PrintConfiguration;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A printed PDF on disk.
pub struct Printed {
    pub path: PathBuf,
}

impl Printed {
    /// Prints the current page as the Print button would (the print stylesheet applies)
    /// and keeps it as `artifacts/<name>.pdf`.
    pub async fn page(browser: &Browser, name: &str) -> Printed {
        let pdf = browser
            .client
            .print(PrintConfiguration::default())
            .await
            .expect("print the page to PDF");
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        let dir = workspace_root().join("artifacts");
        std::fs::create_dir_all(&dir).expect("create artifacts/");
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, &pdf).expect("write the PDF");
        Printed { path }
    }

    /// The whole text, whitespace folded.
    pub fn text(&self) -> String {
        pdftotext(&self.path, None)
    }

    /// The text of page `n` (from 1), whitespace folded.
    pub fn page_text(&self, n: u32) -> String {
        pdftotext(&self.path, Some(n))
    }

    /// How many pages it has.
    pub fn pages(&self) -> u32 {
        let output = Command::new("pdfinfo")
            .arg(&self.path)
            .output()
            .unwrap_or_else(|e| panic!("pdfinfo cannot run (install poppler-utils): {e}"));
        assert!(output.status.success(), "pdfinfo failed: {output:?}");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .find_map(|line| line.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("pdfinfo tells the page count")
    }
}

fn pdftotext(pdf: &Path, page: Option<u32>) -> String {
    let mut command = Command::new("pdftotext");
    command.arg("-layout");
    if let Some(n) = page {
        command.args(["-f", &n.to_string(), "-l", &n.to_string()]);
    }
    let output = command
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext cannot run (install poppler-utils): {e}"));
    assert!(output.status.success(), "pdftotext failed: {output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
