//! A [`SearchQuery`] back to the text the box shows, in French or English keywords;
//! [`super::parse_query`] reads it back to the same query.

use super::{KeywordLanguage, SearchQuery, Term};
use crate::calendar::LocalDate;

/// The query as box text, terms separated by one space.
pub fn print_query(query: &SearchQuery, language: KeywordLanguage) -> String {
    query
        .terms
        .iter()
        .map(|term| print_term(term, language))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One term as box text.
pub fn print_term(term: &Term, language: KeywordLanguage) -> String {
    let french = language == KeywordLanguage::French;
    let pick = |fr: &'static str, en: &'static str| if french { fr } else { en };
    let yes_no = |yes: bool| match (yes, french) {
        (true, true) => "oui",
        (false, true) => "non",
        (true, false) => "yes",
        (false, false) => "no",
    };
    match term {
        Term::From(v) => format!("{}:{}", pick("de", "from"), value(v)),
        Term::To(v) => format!("{}:{}", pick("à", "to"), value(v)),
        Term::Subject(v) => format!("{}:{}", pick("objet", "subject"), value(v)),
        Term::Body(v) => format!("{}:{}", pick("corps", "body"), value(v)),
        Term::Text(v) => text(v),
        Term::Since(d) => format!("{}:{}", pick("depuis", "since"), date(*d)),
        Term::Before(d) => format!("{}:{}", pick("avant", "before"), date(*d)),
        Term::Unread(yes) => format!("{}:{}", pick("non-lu", "unread"), yes_no(*yes)),
        Term::Flagged(yes) => format!("{}:{}", pick("suivi", "flagged"), yes_no(*yes)),
        Term::HasAttachment(yes) => {
            format!("{}:{}", pick("pièce-jointe", "attachment"), yes_no(*yes))
        }
        Term::Larger(n) => format!("{}:{}", pick("plus-grand", "larger"), size(*n, french)),
        Term::Smaller(n) => format!("{}:{}", pick("plus-petit", "smaller"), size(*n, french)),
    }
}

/// A keyword's value: bare when it holds no whitespace, quote or backslash.
fn value(text: &str) -> String {
    let plain = !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '\\');
    if plain { text.to_owned() } else { quoted(text) }
}

/// A bare word is text only when it cannot be read as a term either.
fn text(text: &str) -> String {
    let plain = !text.is_empty()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '\\' | ':' | '<' | '>'));
    if plain { text.to_owned() } else { quoted(text) }
}

fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn date(date: LocalDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// The largest unit that divides the size exactly, so the text reads back to the same
/// number of bytes.
fn size(bytes: u64, french: bool) -> String {
    let units: [(u64, &str, &str); 3] = [
        (1 << 30, "Go", "G"),
        (1 << 20, "Mo", "M"),
        (1 << 10, "ko", "k"),
    ];
    for (factor, fr, en) in units {
        if bytes >= factor && bytes.is_multiple_of(factor) {
            return format!("{}{}", bytes / factor, if french { fr } else { en });
        }
    }
    bytes.to_string()
}
