//! The downloadable file: the report as shown on screen (the same components, comparison
//! and glossary included), wrapped in a self-contained page with its own stylesheet and a
//! policy that forbids every script and every load.

use crate::compose::rich_text::escape_html as escape;
use crate::i18n::Locale;
use facteur_model::calendar::LocalDate;
use std::fmt::Write as _;

/// `facteur-setup-<address>-<yyyy-mm-dd>.html`, with anything unusual in the address
/// replaced so the name is safe on every file system.
pub fn file_name(address: &str, date: LocalDate) -> String {
    let safe: String = address
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '@' | '.' | '-' | '_' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "facteur-setup-{safe}-{:04}-{:02}-{:02}.html",
        date.year, date.month, date.day
    )
}

/// A complete HTML document around `body_html`, markup the app rendered itself (every value
/// in it is a text node, escaped by the browser's serializer). `<script>` is refused by the
/// document's policy even if some ever slipped in.
pub fn standalone_html(locale: Locale, title: &str, body_html: &str) -> String {
    let mut html = String::with_capacity(body_html.len() + 4096);
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{DOCUMENT_CSS}</style>\n</head>\n<body>\n\
         <main class=\"setup-report\">\n{body_html}\n</main>\n</body>\n</html>\n",
        lang = locale.code(),
        title = escape(title),
    );
    html
}

/// The downloaded document's stylesheet: readable on screen and at 360 px, paged on paper.
const DOCUMENT_CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1f;background:#fff;margin:0;line-height:1.45}\
.setup-report{max-width:56rem;margin:0 auto;padding:1rem}\
h1{font-size:1.5rem;margin:0 0 .5rem}\
h2{font-size:1.15rem;margin:1.5rem 0 .5rem;border-bottom:1px solid #c8c8d0;padding-bottom:.25rem}\
h3{font-size:1rem;margin:1rem 0 .25rem}\
table{border-collapse:collapse;width:100%}\
th{text-align:left;font-weight:600;padding:.25rem .5rem .25rem 0;vertical-align:top}\
td{padding:.25rem .5rem .25rem 0;vertical-align:top;overflow-wrap:anywhere}\
.report-table th{width:40%}\
.comparison{font-size:.85rem}.comparison th,.comparison td{border-top:1px solid #e0e0e6}\
ul{margin:.25rem 0;padding-left:1.25rem}li{margin:.15rem 0}\
.plain-list{list-style:none;padding:0}\
.hint,.report-footer,.fact-note{color:#4a4a55}.fact-note{display:block;font-size:.85em}\
.check{margin:.25rem 0;padding:.25rem .5rem;border-left:4px solid #8a8a96}\
.check-passed{border-color:#1a7f37}.check-failed{border-color:#c62828}.check-not-done{border-color:#b26a00}\
.check-status{font-weight:600;margin-right:.5rem}\
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}\
a{color:#1a4fa0}\
@media (max-width:40rem){.comparison thead{display:none}.comparison tr,.comparison td,.comparison th{display:block}\
.comparison td[data-label]::before{content:attr(data-label);display:block;font-weight:600}}\
@media print{body{font-size:10.5pt}.setup-report{max-width:none;padding:0}\
.report-section{break-inside:avoid}.report-part{break-before:page}h2,h3{break-after:avoid}\
.check,.glossary-entry,tr{break-inside:avoid}a{color:#000}\
a[href^='http']::after{content:' (' attr(href) ')';font-size:.85em;overflow-wrap:anywhere}\
@page{margin:16mm}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_self_contained_and_printable() {
        let html = standalone_html(Locale::Fr, "Dossier <jean>", "<h1>Dossier</h1>");
        assert!(html.starts_with("<!doctype html>"));
        assert!(html.contains("<html lang=\"fr\">"));
        assert!(html.contains("<title>Dossier &lt;jean&gt;</title>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("break-before:page"), "parts start a page");
        assert!(html.contains("default-src 'none'"), "no script, no load");
        assert!(!html.contains("<script"));
        assert!(html.contains("<main class=\"setup-report\">\n<h1>Dossier</h1>"));
    }

    #[test]
    fn the_file_is_named_after_the_address_and_the_day() {
        let date = LocalDate {
            year: 2026,
            month: 11,
            day: 6,
        };
        assert_eq!(
            file_name("jean.dupont@example.fr", date),
            "facteur-setup-jean.dupont@example.fr-2026-11-06.html"
        );
        assert_eq!(
            file_name("a/b\\c:d@x.fr", date),
            "facteur-setup-a_b_c_d@x.fr-2026-11-06.html"
        );
    }

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">'&'"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"
        );
    }
}
