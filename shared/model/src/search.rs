//! The search box's query, typed: what the user typed (`de:alice pièce-jointe:oui "ordre du
//! jour"`, `from:alice has:attachment`) parsed into [`Term`]s, checked, and printed back
//! to text in French or English keywords.
//!
//! Both sides parse the same text: the browser to show a translated [`SearchError`]
//! before asking anything, the bridge to build its IMAP SEARCH from the typed query,
//! never from the text. Every term narrows the result (they are all ANDed).
//!
//! Keywords are matched without regard to case or accents (`Pièce-Jointe`, `piece-jointe`),
//! values are kept exactly as typed: the mail server decides how a value matches.

mod parse;
mod print;

pub use parse::parse_query;
pub use print::{print_query, print_term};

use crate::calendar::LocalDate;
use serde::{Deserialize, Serialize};

/// The longest query text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The most terms a query may hold (each becomes an IMAP search key).
pub const MAX_TERMS: usize = 20;

/// A parsed, valid query: at least one term, all of which must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
}

/// One condition of a query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "term", content = "value", rename_all = "snake_case")]
pub enum Term {
    /// The From header contains this text (`de:`, `from:`).
    From(String),
    /// The To or Cc header contains this text (`à:`, `pour:`, `to:`).
    To(String),
    /// The subject contains this text (`objet:`, `sujet:`, `subject:`).
    Subject(String),
    /// The body contains this text (`corps:`, `body:`).
    Body(String),
    /// The headers or the body contain this text: a bare word or a quoted phrase, or
    /// `texte:`, `text:`.
    Text(String),
    /// Received on or after this date (`depuis:`, `since:`).
    Since(LocalDate),
    /// Received before this date (`avant:`, `before:`).
    Before(LocalDate),
    /// Unread when `true`, read when `false` (`non-lu:oui`, `unread:yes`, `est:lu`,
    /// `is:unread`).
    Unread(bool),
    /// Flagged or not (`suivi:oui`, `flagged:yes`, `est:suivi`, `is:flagged`).
    Flagged(bool),
    /// Has a file attached or not (`pièce-jointe:oui`, `attachment:yes`,
    /// `has:attachment`, `avec:pièce-jointe`).
    HasAttachment(bool),
    /// Larger than this many bytes (`plus-grand:2M`, `larger:2M`, `taille>2M`, `size>2M`).
    Larger(u64),
    /// Smaller than this many bytes (`plus-petit:100k`, `smaller:100k`, `taille<100k`).
    Smaller(u64),
}

/// The kind of a term, as the user names it: for error messages and the advanced form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermKind {
    From,
    To,
    Subject,
    Body,
    Text,
    Since,
    Before,
    Unread,
    Flagged,
    HasAttachment,
    Larger,
    Smaller,
}

impl Term {
    /// What kind of term this is.
    pub fn kind(&self) -> TermKind {
        match self {
            Term::From(_) => TermKind::From,
            Term::To(_) => TermKind::To,
            Term::Subject(_) => TermKind::Subject,
            Term::Body(_) => TermKind::Body,
            Term::Text(_) => TermKind::Text,
            Term::Since(_) => TermKind::Since,
            Term::Before(_) => TermKind::Before,
            Term::Unread(_) => TermKind::Unread,
            Term::Flagged(_) => TermKind::Flagged,
            Term::HasAttachment(_) => TermKind::HasAttachment,
            Term::Larger(_) => TermKind::Larger,
            Term::Smaller(_) => TermKind::Smaller,
        }
    }
}

/// Which language's keywords to print a query with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordLanguage {
    French,
    English,
}

/// Why a query text is not a valid query; the browser words each kind in French and
/// English. `at` is the character offset of the offending token in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SearchError {
    /// Nothing to search for: the text is empty or blank.
    Empty,
    /// The text is longer than [`MAX_QUERY_CHARS`].
    TooLong { max: usize },
    /// More terms than [`MAX_TERMS`].
    TooManyTerms { max: usize },
    /// `name:` is no known keyword (a typo such as `dee:alice`).
    UnknownKeyword { name: String, at: usize },
    /// A keyword with nothing after it (`de:` or `de:""`).
    MissingValue { term: TermKind, at: usize },
    /// A date that is not `2026-03-01`, `01/03/2026` or `1/3/2026`, or no such day.
    InvalidDate {
        term: TermKind,
        value: String,
        at: usize,
    },
    /// A size that is not a number with an optional unit (`2M`, `500ko`, `1,5 Mo`...).
    InvalidSize { value: String, at: usize },
    /// A yes/no term with another value (`non-lu:peut-être`).
    InvalidYesNo {
        term: TermKind,
        value: String,
        at: usize,
    },
    /// `est:`/`is:`/`avec:`/`has:` with a state it does not know (`is:purple`).
    UnknownState { value: String, at: usize },
    /// A quote opened and never closed.
    UnclosedQuote { at: usize },
    /// A control character (line break, tab inside quotes, NUL...) in a value.
    ControlCharacter { at: usize },
    /// `depuis:` is not before `avant:`: no message can match.
    EmptyDateRange,
    /// `plus-grand:` is not below `plus-petit:`: no message can match.
    EmptySizeRange,
}

impl SearchQuery {
    /// Checks terms built elsewhere (the advanced form) as the parser checks typed text:
    /// a value present and free of control characters, ranges that can match.
    pub fn new(terms: Vec<Term>) -> Result<SearchQuery, SearchError> {
        if terms.is_empty() {
            return Err(SearchError::Empty);
        }
        if terms.len() > MAX_TERMS {
            return Err(SearchError::TooManyTerms { max: MAX_TERMS });
        }
        for term in &terms {
            if let Some(value) = term.text_value() {
                if value.trim().is_empty() {
                    return Err(SearchError::MissingValue {
                        term: term.kind(),
                        at: 0,
                    });
                }
                if value.chars().any(char::is_control) {
                    return Err(SearchError::ControlCharacter { at: 0 });
                }
            }
        }
        let query = SearchQuery { terms };
        query.check_ranges()?;
        Ok(query)
    }

    /// The latest `Since` must be before the earliest `Before`, the largest `Larger`
    /// below the smallest `Smaller`.
    fn check_ranges(&self) -> Result<(), SearchError> {
        let dates = |pick: fn(&Term) -> Option<LocalDate>| self.terms.iter().filter_map(pick);
        let since = dates(|t| {
            if let Term::Since(d) = t {
                Some(*d)
            } else {
                None
            }
        })
        .max();
        let before = dates(|t| {
            if let Term::Before(d) = t {
                Some(*d)
            } else {
                None
            }
        })
        .min();
        if let (Some(since), Some(before)) = (since, before)
            && since >= before
        {
            return Err(SearchError::EmptyDateRange);
        }
        let sizes = |pick: fn(&Term) -> Option<u64>| self.terms.iter().filter_map(pick);
        let larger = sizes(|t| {
            if let Term::Larger(n) = t {
                Some(*n)
            } else {
                None
            }
        })
        .max();
        let smaller = sizes(|t| {
            if let Term::Smaller(n) = t {
                Some(*n)
            } else {
                None
            }
        })
        .min();
        if let (Some(larger), Some(smaller)) = (larger, smaller)
            && larger.saturating_add(1) >= smaller
        {
            return Err(SearchError::EmptySizeRange);
        }
        Ok(())
    }

    /// The words a result should show highlighted: every text value, in order.
    pub fn highlighted_words(&self) -> Vec<&str> {
        self.terms.iter().filter_map(Term::text_value).collect()
    }
}

impl Term {
    /// The text a text term searches for; `None` for dates, flags and sizes.
    pub fn text_value(&self) -> Option<&str> {
        match self {
            Term::From(v) | Term::To(v) | Term::Subject(v) | Term::Body(v) | Term::Text(v) => {
                Some(v)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
